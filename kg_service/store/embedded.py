"""The embedded backend: a pyoxigraph store in a directory on disk.

The directory is created on first use and the data survives restarts. pyoxigraph's own term
classes stay inside this module; callers get rdflib terms (see kg_service.store.terms).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox
import rdflib

from ..errors import QuerySyntaxError, StoreError
from .base import SelectResult, Store
from .terms import ox_to_rdflib


class _ChunkReader(io.RawIOBase):
    """A readable binary file over an iterable of byte chunks, so bulk_load can stream."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _rdf_format(media_type: str) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise StoreError(f"unsupported RDF media type {media_type!r}")
    return fmt


def _graphs(iris: Sequence[str] | None):
    return None if iris is None else [ox.NamedNode(g) for g in iris]


class EmbeddedStore(Store):
    """pyoxigraph on disk at `path` (created if missing). `read_only=True` opens a store that
    another process may be writing, as a read-only secondary."""

    backend = "embedded"

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path).expanduser()
        try:
            if read_only:
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        self.read_only = read_only

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path)!r})"

    @property
    def location(self) -> str:
        return str(self.path)

    # --- queries ---------------------------------------------------------------------------

    def _query(self, query: str, default_graph, named_graphs):
        try:
            return self._store.query(query, default_graph=_graphs(default_graph),
                                     named_graphs=_graphs(named_graphs))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"the query does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"query failed in the store at {self.path}: {exc}") from exc

    def select(self, query, *, default_graph=None, named_graphs=None) -> SelectResult:
        return self._select(query, default_graph, named_graphs, ox_to_rdflib)

    def select_text(self, query, *, default_graph=None, named_graphs=None) -> SelectResult:
        return self._select(query, default_graph, named_graphs, _lexical)

    def _select(self, query, default_graph, named_graphs, convert) -> SelectResult:
        result = self._query(query, default_graph, named_graphs)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        return SelectResult(variables, [tuple([convert(t) for t in solution]) for solution in result])

    def ask(self, query, *, default_graph=None, named_graphs=None) -> bool:
        result = self._query(query, default_graph, named_graphs)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, query, *, default_graph=None, named_graphs=None) -> rdflib.Graph:
        result = self._query(query, default_graph, named_graphs)
        if not isinstance(result, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        graph = rdflib.Graph()
        for triple in result:
            graph.add((ox_to_rdflib(triple.subject), ox_to_rdflib(triple.predicate),
                       ox_to_rdflib(triple.object)))
        return graph

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"the update does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"update failed in the store at {self.path}: {exc}") from exc

    # --- whole graphs ------------------------------------------------------------------------

    def put_graph(self, graph, data, rdf_format: str = "application/n-triples", *, trusted: bool = False) -> None:
        source = io.BufferedReader(_ChunkReader([data] if isinstance(data, (bytes, bytearray)) else data),
                                   buffer_size=1 << 20)
        self._bulk_load_graph(graph, rdf_format, trusted, input=source)

    def put_graph_file(self, graph, path, rdf_format: str = "application/n-triples", *, trusted: bool = False) -> None:
        self._bulk_load_graph(graph, rdf_format, trusted, path=str(path))

    def _bulk_load_graph(self, graph: str, rdf_format: str, trusted: bool, **source) -> None:
        """Replace `graph` with what `source` (input= or path=) holds."""
        node = ox.NamedNode(graph)
        try:
            self._store.clear_graph(node)
            # bulk_load is not transactional but fast; callers write to a fresh graph name
            # and switch a pointer afterwards, so a half-written graph is never in force.
            # `trusted` (our own generated N-Triples) skips re-validating every IRI.
            self._store.bulk_load(format=_rdf_format(rdf_format), to_graph=node, lenient=trusted, **source)
            self._store.add_graph(node)
        except SyntaxError as exc:
            raise StoreError(f"data for graph <{graph}> does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"writing graph <{graph}> failed in the store at {self.path}: {exc}") from exc

    def drop_graph(self, graph: str) -> None:
        node = ox.NamedNode(graph)
        try:
            if self._store.contains_named_graph(node):
                self._store.remove_graph(node)
        except OSError as exc:
            raise StoreError(f"dropping graph <{graph}> failed in the store at {self.path}: {exc}") from exc

    def compact(self) -> None:
        # After a bulk load RocksDB compacts the new files in the background for a while
        # (at 100k members: about 15 s of CPU); reads meanwhile are three times slower. Doing
        # it now, in the writer's time, makes the next check as fast as any later one.
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"compacting the store at {self.path} failed: {exc}") from exc

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def dump_graph(self, graph: str, rdf_format: str = "application/n-triples") -> bytes:
        return self._store.dump(format=_rdf_format(rdf_format), from_graph=ox.NamedNode(graph))

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        store = getattr(self, "_store", None)
        if store is not None and not self.read_only:
            try:
                store.flush()
            except OSError:
                pass
        self._store = None


def _lexical(term) -> str | None:
    """An IRI, or a literal's lexical form (select_text)."""
    return None if term is None else term.value
