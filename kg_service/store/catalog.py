"""Datasets and the graph holding each one's current version (the catalog graph).

A dataset is replaced atomically: its new records go into a fresh graph
`id:graph/dataset/{name}/{version}`, then one small update points the catalog's
`kg:currentGraph` at it, then the old graph is dropped. A process killed at any point leaves
the old or the new version in force, never a mix; version graphs no catalog entry points to
are left-overs of an interrupted import and `remove_orphan_graphs` deletes them.

A dataset's check runs and findings are replaced the same way (`replace_findings`): each new
state goes into a fresh graph `id:graph/findings/{name}/{version}` and the catalog's
`kg:currentFindingsGraph` is switched to it, because pyoxigraph's transactional writes cost
~18 us per quad and a findings graph holds millions.

Readers (the checks, the web layer) ask `current_graph(store, name)` for the graph of records
and `findings_graph(store, name)` for the graph of runs and findings.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from .. import namespaces as ns
from ..errors import InputError, NotFound
from .base import Store
from .statements import bound

_CATALOG = URIRef(ns.GRAPH_CATALOG)
_DATASET_GRAPH_PREFIX = f"{ns.ID}graph/dataset/"
_FINDINGS_GRAPH_PREFIX = f"{ns.ID}graph/findings/"


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    iri: str
    graph: str
    """The named graph holding the current version's records."""
    modified: str | None = None
    records: int | None = None
    triples: int | None = None
    findings: str | None = None
    """The named graph holding the dataset's check runs and findings; None before any run."""


def check_dataset_name(name: str) -> str:
    """Dataset names are chosen by people; refuse ones that would be confusing, not unsafe
    (every name is percent-encoded before it becomes part of an IRI)."""
    if not name or not name.strip():
        raise InputError("a dataset name must not be empty")
    if name != name.strip() or any(ch in name for ch in "\r\n\t"):
        raise InputError(f"dataset name {name!r} must not start or end with spaces or hold control characters")
    if len(name) > 200:
        raise InputError("a dataset name must be at most 200 characters long")
    return name


def new_version() -> str:
    """A version label that sorts by time and does not collide between two processes."""
    now = dt.datetime.now(dt.timezone.utc)
    return f"{now:%Y%m%dT%H%M%S%fZ}-{secrets.token_hex(3)}"


def version_time(graph: str) -> dt.datetime | None:
    """When a version graph was started, read from its name (None if it is not one of ours)."""
    label = graph.rsplit("/", 1)[-1].split("-", 1)[0]
    try:
        return dt.datetime.strptime(label, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        return None


def _info(row: dict) -> DatasetInfo:
    def _int(key):
        return int(row[key].toPython()) if key in row else None

    return DatasetInfo(
        name=str(row["name"]), iri=str(row["dataset"]), graph=str(row["graph"]),
        modified=str(row["modified"]) if "modified" in row else None,
        records=_int("records"), triples=_int("triples"),
        findings=str(row["findings"]) if "findings" in row else None,
    )


def list_datasets(store: Store) -> list[DatasetInfo]:
    rows = store.select(bound("datasets.rq", catalog=_CATALOG)).dicts()
    return sorted((_info(r) for r in rows), key=lambda d: d.name)


def dataset_info(store: Store, dataset: str) -> DatasetInfo | None:
    rows = store.select(bound("datasets.rq", catalog=_CATALOG, dataset=URIRef(ns.dataset_iri(dataset)))).dicts()
    return _info(rows[0]) if rows else None


def current_graph(store: Store, dataset: str) -> str:
    """The IRI of the graph holding `dataset`'s current records; NotFound if it was never imported."""
    info = dataset_info(store, dataset)
    if info is None:
        known = ", ".join(d.name for d in list_datasets(store)) or "none yet"
        raise NotFound(f"no dataset named {dataset!r} in the store (datasets: {known}); "
                       f"import one with `kg-service import DIR --dataset NAME`")
    return info.graph


def findings_graph_of(info: DatasetInfo) -> str:
    """The graph holding the runs and findings of the dataset `info` describes."""
    # A store written before findings graphs were versioned keeps them in the parent graph;
    # a dataset never checked points nowhere, and that (empty) graph reads as "no findings".
    return info.findings or ns.findings_graph(info.name)


def findings_graph(store: Store, dataset: str) -> str:
    """The IRI of the graph holding `dataset`'s check runs and findings; NotFound if the
    dataset was never imported."""
    info = dataset_info(store, dataset)
    if info is None:
        current_graph(store, dataset)  # raises NotFound with the list of datasets
    return findings_graph_of(info)


def _drop_quietly(store: Store, graph: str) -> None:
    try:
        store.drop_graph(graph)
    except Exception:
        pass


class _Counted:
    """Passes N-Triples chunks through while counting lines (one triple per line)."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = chunks
        self.lines = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            self.lines += chunk.count(b"\n")
            yield chunk


def replace_dataset(store: Store, dataset: str, ntriples: bytes | Iterable[bytes] | Path, *,
                    records: int | Callable[[], int] = 0, triples: int | Callable[[], int] | None = None,
                    trusted: bool = False,
                    before_switch: Callable[[str], None] | None = None,
                    progress: Callable[[str], None] | None = None) -> DatasetInfo:
    """Make `ntriples` (bytes, byte chunks or an N-Triples file) the current version of
    `dataset`, atomically (see the module docstring).

    Without `triples`, the data must hold one triple per line (as the importers write it) and
    the lines are counted; the count is kept in the catalog. `records` and `triples` may be
    functions, called after the write, for chunks that count as they are produced.
    `trusted=True` says the N-Triples were written by our own code from checked values, so
    the store may skip re-validating them (see Store.put_graph). `before_switch(graph)` runs
    after the write and before the switch (tests use it to check what a reader sees meanwhile).
    The store is compacted once the new version is current (Store.compact), and `progress`
    hears of it."""
    check_dataset_name(dataset)
    previous = dataset_info(store, dataset)
    graph = ns.dataset_graph(dataset, new_version())
    counted = None
    try:
        if isinstance(ntriples, Path):
            store.put_graph_file(graph, ntriples, trusted=trusted)
        else:
            counted = _Counted([ntriples] if isinstance(ntriples, (bytes, bytearray)) else ntriples)
            store.put_graph(graph, counted, trusted=trusted)
    except BaseException:
        # Best effort: a refused or failed write must not leave its half-written graph behind.
        # (A killed process cannot do this; remove_orphan_graphs does it on the next open.)
        _drop_quietly(store, graph)
        raise
    if callable(records):
        records = records()
    if callable(triples):
        triples = triples()
    if triples is None:
        triples = counted.lines if counted is not None else 0
    if before_switch is not None:
        before_switch(graph)
    modified = Literal(dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
                       datatype=XSD.dateTime)
    store.update(bound(
        "set-current.ru", catalog=_CATALOG, dataset=URIRef(ns.dataset_iri(dataset)), name=Literal(dataset),
        graph=URIRef(graph), modified=modified,
        records=Literal(records, datatype=XSD.integer), triples=Literal(triples, datatype=XSD.integer),
    ))
    if previous is not None and previous.graph != graph:
        store.drop_graph(previous.graph)
    if progress is not None:
        progress("compacting the store's files")
    store.compact()
    return DatasetInfo(dataset, ns.dataset_iri(dataset), graph, str(modified), records, triples)


def replace_findings(store: Store, dataset: str, ntriples: Iterable[bytes], *,
                     before_switch: Callable[[str], None] | None = None) -> str:
    """Make `ntriples` (byte chunks written by our own code) the whole content of `dataset`'s
    findings, atomically as replace_dataset does for records: a fresh graph written with the
    fast bulk load, one small update of the catalog's pointer, then the old graph dropped.
    Returns the new graph's IRI. `before_switch(graph)` runs after the write (for tests)."""
    info = dataset_info(store, dataset)
    if info is None:
        current_graph(store, dataset)  # raises NotFound with the list of datasets
    graph = ns.findings_version_graph(dataset, new_version())
    try:
        store.put_graph(graph, ntriples, trusted=True)
    except BaseException:
        _drop_quietly(store, graph)
        raise
    if before_switch is not None:
        before_switch(graph)
    store.update(bound("set-findings.ru", catalog=_CATALOG, dataset=URIRef(info.iri), graph=URIRef(graph)))
    previous = findings_graph_of(info)
    if previous != graph:
        store.drop_graph(previous)
    return graph


def drop_dataset(store: Store, dataset: str) -> DatasetInfo:
    """Remove a dataset: its catalog entry, its records and its findings."""
    info = dataset_info(store, dataset)
    if info is None:
        current_graph(store, dataset)  # raises NotFound with the list of datasets
    store.update(bound("remove-dataset.ru", catalog=_CATALOG, dataset=URIRef(info.iri)))
    store.drop_graph(info.graph)
    store.drop_graph(findings_graph_of(info))
    return info


def remove_orphan_graphs(store: Store, *, older_than_s: float = 0.0) -> list[str]:
    """Drop dataset and findings version graphs that no catalog entry points to (left by an
    interrupted import or check run). `older_than_s` spares recent ones, which on a shared
    remote endpoint may belong to an import or run still going on in another process."""
    datasets = list_datasets(store)
    current = {d.graph for d in datasets} | {findings_graph_of(d) for d in datasets}
    now = dt.datetime.now(dt.timezone.utc)
    removed = []
    for graph in store.named_graphs():
        if not graph.startswith((_DATASET_GRAPH_PREFIX, _FINDINGS_GRAPH_PREFIX)) or graph in current:
            continue
        started = version_time(graph)
        if older_than_s and started is not None and (now - started).total_seconds() < older_than_s:
            continue
        store.drop_graph(graph)
        removed.append(graph)
    return removed


def content_hashes(store: Store) -> dict[str, str]:
    """The content hash recorded for each public graph when it was last loaded."""
    rows = store.select(bound("content-hashes.rq", catalog=_CATALOG)).rows
    return {str(g): str(h) for g, h in rows}


def set_content_hash(store: Store, graph: str, digest: str) -> None:
    store.update(bound("set-content-hash.ru", catalog=_CATALOG, graph=URIRef(graph), hash=Literal(digest)))
