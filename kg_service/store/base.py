"""The one small interface every part of the service uses to reach the graph store.

Two backends implement it: `EmbeddedStore` (pyoxigraph on disk, the default) and
`RemoteStore` (any SPARQL 1.1 endpoint through SPARQLWrapper). Import, checks and the web
layer are written against this interface only, so they run unchanged on both.

Results are plain rdflib terms so callers never depend on a backend's own term classes;
`select_text` gives plain strings instead, for callers that read large results whose column
types they know (the check engine).
"""

from __future__ import annotations

import abc
import os
from dataclasses import dataclass
from typing import Iterable, Sequence

from rdflib.term import Identifier


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[tuple[Identifier | str | None, ...]]
    """One tuple per solution, in `variables` order; None where a variable is unbound.
    rdflib terms from `Store.select`, plain strings from `Store.select_text`."""

    def dicts(self) -> list[dict[str, Identifier]]:
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def column(self, name: str) -> list[Identifier | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]


class Store(abc.ABC):
    """A quad store with SPARQL 1.1 query and update, and whole-graph writes."""

    @abc.abstractmethod
    def select(self, query: str, *, default_graph: Sequence[str] | None = None,
               named_graphs: Sequence[str] | None = None) -> SelectResult:
        """Run a SELECT query. `default_graph`/`named_graphs`, when given, override any
        FROM / FROM NAMED in the query text (that is how callers are confined to graphs)."""

    @abc.abstractmethod
    def select_text(self, query: str, *, default_graph: Sequence[str] | None = None,
                    named_graphs: Sequence[str] | None = None) -> SelectResult:
        """Run a SELECT query; each value is a plain str (an IRI, or a literal's lexical form)
        or None. For large results whose columns the caller knows: building an rdflib Literal
        costs 2-5 µs, which at 100k rows is a large share of a check run."""

    @abc.abstractmethod
    def ask(self, query: str, *, default_graph: Sequence[str] | None = None,
            named_graphs: Sequence[str] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, *, default_graph: Sequence[str] | None = None,
                  named_graphs: Sequence[str] | None = None) -> "rdflib.Graph":
        """Run a CONSTRUCT or DESCRIBE query; the result is a small rdflib Graph."""

    @abc.abstractmethod
    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 update."""

    @abc.abstractmethod
    def put_graph(self, graph: str, data: bytes | Iterable[bytes], rdf_format: str = "application/n-triples", *,
                  trusted: bool = False) -> None:
        """Replace the whole content of `graph` with `data` (N-Triples by default).

        `data` may be an iterable of byte chunks so large graphs stream without being held
        in memory; an exception raised by the iterable ends the write and propagates as it
        is. Not atomic on its own: callers write to a fresh graph name and then switch a
        pointer (see kg_service.store.catalog). `trusted=True` (data written by our own code
        from checked values) lets a backend skip re-validating the syntax it parses."""

    def put_graph_file(self, graph: str, path: "str | os.PathLike", rdf_format: str = "application/n-triples", *,
                       trusted: bool = False) -> None:
        """Replace the whole content of `graph` with the RDF in the file at `path`, streamed.
        Backends that can read a file themselves (pyoxigraph's bulk_load) override this."""
        def chunks():
            with open(path, "rb") as fh:
                while block := fh.read(1 << 20):
                    yield block

        self.put_graph(graph, chunks(), rdf_format, trusted=trusted)

    @abc.abstractmethod
    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and its triples; no error if it does not exist."""

    def compact(self) -> None:
        """Reorganise the store's files after a large write, so that reads right after it are
        as fast as later ones. A no-op where the backend does this itself (a remote endpoint)."""

    @abc.abstractmethod
    def named_graphs(self) -> list[str]:
        """The IRIs of all non-empty named graphs."""

    @abc.abstractmethod
    def dump_graph(self, graph: str, rdf_format: str = "application/n-triples") -> bytes:
        """Serialise one named graph."""

    @property
    def location(self) -> str:
        """Where the data lives, for people: a directory or an endpoint URL."""
        return repr(self)

    def close(self) -> None:
        """Release the backend's resources."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
