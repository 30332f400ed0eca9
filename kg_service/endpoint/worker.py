"""The query worker: a child process that runs one query at a time on a read-only store.

pyoxigraph has no query timeout, so a query that must be stopped is stopped by killing the
process that runs it (see kg_service.endpoint.pool). Each worker opens the store with
`Store.read_only`, which reads while the server process keeps the writable store open; after
a write the server bumps a generation number and the worker reopens to see it.
Only pyoxigraph and the standard library are imported here, so a worker starts fast.
"""

from __future__ import annotations

import signal
import sys
import time
from dataclasses import dataclass

import pyoxigraph as ox

from .results import serialize_boolean, serialize_solutions, serialize_triples

RETRY_PAUSES_S = (0.0, 0.02, 0.1, 0.3, 1.0, None)
"""Pauses before reopening the store when a read hits files the writer just removed."""


@dataclass(frozen=True)
class Job:
    query: str
    default_graph: tuple[str, ...] | None
    """None: the store's default graph (or the query's FROM); a tuple: exactly these graphs."""
    named_graphs: tuple[str, ...] | None
    solutions_format: str | None
    """Format for SELECT/ASK results, or None if the caller accepts none of them."""
    graph_format: str | None
    max_rows: int
    generation: int = 0
    union_of_all: bool = False
    """The dataset is every named graph of the store (as the server saw it): the worker then
    asks pyoxigraph for the union default graph, about 3x cheaper than the same graphs as a
    list, but only after checking that its own view holds no graph outside the list."""


@dataclass(frozen=True)
class Answer:
    status: str
    """ok, syntax (the query does not parse), not_acceptable, too_large, error."""
    body: bytes = b""
    kind: str = ""
    """solutions, boolean or graph (what the query returned)."""
    fmt: str = ""
    message: str = ""


def _graphs(iris):
    if iris is None:
        return None
    return [ox.DefaultGraph() if iri == "" else ox.NamedNode(iri) for iri in iris]


def _as_union(store: ox.Store, job: Job) -> bool:
    if not job.union_of_all or job.default_graph != job.named_graphs:
        return False
    # A graph written after the server listed them must not become visible through the union.
    return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)} <= set(job.default_graph)


def execute(store: ox.Store, job: Job) -> Answer:
    try:
        if _as_union(store, job):
            result = store.query(job.query, use_default_graph_as_union=True)
        else:
            result = store.query(job.query, default_graph=_graphs(job.default_graph),
                                 named_graphs=_graphs(job.named_graphs))
    except SyntaxError as exc:
        return Answer("syntax", message=str(exc))
    if isinstance(result, ox.QueryBoolean):
        if job.solutions_format is None:
            return Answer("not_acceptable", kind="boolean")
        return Answer("ok", serialize_boolean(bool(result), job.solutions_format), "boolean",
                      job.solutions_format)
    if isinstance(result, ox.QuerySolutions):
        if job.solutions_format is None:
            return Answer("not_acceptable", kind="solutions")
        variables = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) == job.max_rows:
                return Answer("too_large", kind="solutions",
                              message=f"the query returns more than {job.max_rows} rows; "
                                      "add LIMIT (and OFFSET to page) to ask for fewer")
            rows.append(tuple(solution[v] for v in variables))
        return Answer("ok", serialize_solutions(variables, rows, job.solutions_format), "solutions",
                      job.solutions_format)
    if job.graph_format is None:
        return Answer("not_acceptable", kind="graph")
    triples = []
    for triple in result:
        if len(triples) == job.max_rows:
            return Answer("too_large", kind="graph",
                          message=f"the query returns more than {job.max_rows} triples; "
                                  "add LIMIT to ask for fewer")
        triples.append(triple)
    return Answer("ok", serialize_triples(triples, job.graph_format), "graph", job.graph_format)


def serve(conn, store_path: str) -> None:
    """The worker's loop: receive a Job, send back an Answer, until the pipe closes."""
    # Ctrl-C on the server reaches the whole process group; the server ends its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store, generation = None, None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            for pause in RETRY_PAUSES_S:
                try:
                    if store is None or job.generation != generation:
                        store, generation = ox.Store.read_only(store_path), job.generation
                    answer = execute(store, job)
                    break
                except (OSError, RuntimeError) as exc:
                    if "IO error" not in str(exc) or pause is None:
                        raise
                    # the writer merged and removed files under this read-only view (RocksDB
                    # compaction, or bulk_load's ingested files): a fresh view reads
                    store = None
                    time.sleep(pause)
        except Exception as exc:  # noqa: BLE001 - every failure becomes an answer, never a crash
            answer = Answer("error", message=f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return


if __name__ == "__main__":
    from multiprocessing.connection import Connection

    # import by name so that Job and Answer pickle as kg_service.endpoint.worker.*, not __main__.*
    from kg_service.endpoint import worker

    worker.serve(Connection(int(sys.argv[1])), sys.argv[2])
