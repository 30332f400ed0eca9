"""The graph store: one interface (base.Store), two backends, and `open_store(settings)`.

`open_store` returns the configured backend with the public graphs (ontology, regulation)
present and current and the left-overs of interrupted imports removed.
"""

from __future__ import annotations

from ..config import Settings, store_path
from .base import SelectResult, Store
from .embedded import EmbeddedStore
from .remote import RemoteStore

__all__ = ["EmbeddedStore", "RemoteStore", "SelectResult", "Store", "open_store", "connect"]

REMOTE_ORPHAN_GRACE_S = 3600.0
"""On a shared endpoint another process may be importing right now: spare its fresh graph."""


def connect(settings: Settings, *, read_only: bool = False) -> Store:
    """The configured backend, as it is (no graphs loaded, nothing cleaned up)."""
    if settings.backend == "remote":
        return RemoteStore(settings.remote_query_url, settings.remote_update_url, settings.remote_store_url,
                           timeout_s=settings.remote_timeout_s)
    return EmbeddedStore(store_path(settings), read_only=read_only)


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store for use by the service.

    Unless `read_only`, the public graphs are (re)loaded when missing or out of date and
    orphan dataset graphs are removed. A remote store without an update URL is read-only."""
    from .catalog import remove_orphan_graphs
    from .public import ensure_public_graphs

    store = connect(settings, read_only=read_only)
    writable = not read_only and (settings.backend != "remote" or bool(settings.remote_update_url))
    if writable:
        try:
            ensure_public_graphs(store)
            remove_orphan_graphs(store, older_than_s=REMOTE_ORPHAN_GRACE_S if settings.backend == "remote" else 0.0)
        except BaseException:
            store.close()
            raise
    return store
