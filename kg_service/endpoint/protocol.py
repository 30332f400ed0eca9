"""The SPARQL 1.1 Protocol's operations, independent of the web framework.

`Endpoint.query` checks a query (SERVICE allow-list, the caller's graphs, an acceptable
format), runs it with a timeout in a worker process (embedded store) or on the remote
endpoint, and returns the serialised answer. `Endpoint.update` runs an admin's update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..config import Settings, store_path
from ..errors import (Forbidden, InputError, KGError, NotAcceptable, QuerySyntaxError,
                      RequestTooLarge, ResultTooLarge)
from ..store.base import Store
from .access import Dataset, Role, confine, require
from .formats import GRAPH_FORMATS, SOLUTION_FORMATS, media_type, negotiate, offered
from .scan import scan
from .worker import Job


class QueryFailed(KGError):
    """The engine failed on a query that parsed (e.g. a remote endpoint's error)."""

    http_status = 500
    code = "query_failed"


@dataclass(frozen=True)
class Result:
    body: bytes
    media_type: str
    kind: str
    """solutions, boolean or graph."""


def _refuse_remote_targets(kind: str, targets: Sequence[str], allowed: Sequence[str]) -> None:
    for target in targets:
        if target not in allowed:
            hint = ("no SERVICE target is allowed on this server" if not allowed
                    else "allowed: " + ", ".join(f"<{a}>" for a in allowed))
            shown = target if target.startswith("?") else f"<{target}>"
            raise Forbidden(f"{kind} {shown} is refused: {hint}")


class Endpoint:
    """One store behind the protocol. `pool` runs embedded queries; None for a remote store."""

    def __init__(self, settings: Settings, store: Store, pool=None):
        self.settings = settings
        self.store = store
        self.pool = pool

    @classmethod
    def open(cls, settings: Settings, store: Store | None = None, workers: int = 2) -> "Endpoint":
        """An endpoint over the configured store; starts the worker pool for an embedded one."""
        from ..store import open_store

        store = store or open_store(settings)
        pool = None
        if settings.backend == "embedded":
            from .pool import QueryPool

            flush = getattr(store, "flush", None)
            if flush:
                flush()  # workers read what is on disk
            pool = QueryPool(str(store_path(settings)), size=workers)
        return cls(settings, store, pool)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.store.close()

    def changed(self) -> None:
        """Call after every write: workers reopen their read-only view before the next query."""
        if self.pool is not None:
            self.pool.invalidate()

    # --- reading ----------------------------------------------------------------------------

    def _check_size(self, text: str, what: str) -> None:
        if len(text.encode()) > self.settings.max_request_bytes:
            raise RequestTooLarge(f"the {what} is longer than the limit of "
                                  f"{self.settings.max_request_bytes} bytes")

    def dataset_for(self, role: Role, text_scan, default_graph_uri: Sequence[str] = (),
                    named_graph_uri: Sequence[str] = ()) -> Dataset:
        all_graphs = self.store.named_graphs() if role == Role.INSPECTOR else ()
        dataset = confine(role, all_graphs, protocol_default=default_graph_uri,
                          protocol_named=named_graph_uri, query_from=text_scan.from_graphs,
                          query_from_named=text_scan.from_named)
        if role == Role.ADMIN and not (default_graph_uri or named_graph_uri):
            return Dataset(None, None)  # an admin's FROM clauses are the engine's to apply
        return dataset

    def query(self, text: str, role: Role, *, default_graph_uri: Sequence[str] = (),
              named_graph_uri: Sequence[str] = (), accept: str | None = None) -> Result:
        self._check_size(text, "query")
        found = scan(text)
        if found.form == "UPDATE":
            raise InputError("this is an update, not a query: send it by POST as "
                             "application/sparql-update or as the form field `update`")
        _refuse_remote_targets("SERVICE", found.services, self.settings.service_allow_list)
        solutions_format = negotiate(accept, SOLUTION_FORMATS)
        graph_format = negotiate(accept, GRAPH_FORMATS)
        wanted = {"SELECT": solutions_format, "ASK": solutions_format,
                  "CONSTRUCT": graph_format, "DESCRIBE": graph_format}
        if (found.form and wanted[found.form] is None) or (solutions_format is graph_format is None):
            self._not_acceptable("solutions" if found.form in ("SELECT", "ASK") else "graph", accept)
        dataset = self.dataset_for(role, found, default_graph_uri, named_graph_uri)
        if self.pool is None:
            from .remote import run_remote

            return run_remote(self.settings, text, dataset, solutions_format, graph_format)
        everything = (role == Role.INSPECTOR and dataset.default_graph is not None
                      and dataset.default_graph == dataset.named_graphs
                      and set(dataset.default_graph) == set(self.store.named_graphs()))
        job = Job(text, dataset.default_graph, dataset.named_graphs, solutions_format, graph_format,
                  self.settings.max_result_rows, union_of_all=everything)
        answer = self.pool.run(job, self.settings.query_timeout_s)
        if answer.status == "ok":
            return Result(answer.body, media_type(answer.fmt), answer.kind)
        if answer.status == "syntax":
            raise QuerySyntaxError(f"the query does not parse: {answer.message}")
        if answer.status == "not_acceptable":
            self._not_acceptable(answer.kind, accept)
        if answer.status == "too_large":
            raise ResultTooLarge(answer.message)
        raise QueryFailed(f"the query failed: {answer.message}")

    @staticmethod
    def _not_acceptable(kind: str, accept: str | None):
        formats = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
        what = "a graph (CONSTRUCT/DESCRIBE)" if kind == "graph" else "query results (SELECT/ASK)"
        raise NotAcceptable(f"cannot answer {what} in any type of Accept: {accept!r}; "
                            f"available: {', '.join(offered(formats))}")

    # --- writing ----------------------------------------------------------------------------

    def update(self, text: str, role: Role) -> None:
        require(role, Role.ADMIN, "a SPARQL update")
        self._check_size(text, "update")
        found = scan(text)
        if found.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise InputError("this is a query, not an update: send it as `query`")
        _refuse_remote_targets("LOAD", found.loads, self.settings.service_allow_list)
        _refuse_remote_targets("SERVICE", found.services, self.settings.service_allow_list)
        try:
            self.store.update(text)
        finally:
            self.changed()
