"""What every command needs from its arguments: the settings and the store."""

from __future__ import annotations

from ..config import Settings, load_settings


def settings_from_args(args) -> Settings:
    settings = load_settings(getattr(args, "config", None))
    return settings.with_overrides(
        store=getattr(args, "store", None),
        backend=getattr(args, "backend", None),
        remote_query_url=getattr(args, "remote_query_url", None),
        remote_update_url=getattr(args, "remote_update_url", None),
        remote_store_url=getattr(args, "remote_store_url", None),
    )


def store_from_args(args):
    """Open the configured store (embedded or remote) with the regulation graph loaded."""
    from ..store import open_store

    return open_store(settings_from_args(args))
