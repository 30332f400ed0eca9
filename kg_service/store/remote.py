"""The remote backend: any SPARQL 1.1 endpoint, reached with SPARQLWrapper.

Queries and updates go through the SPARQL 1.1 Protocol; whole graphs are written and read
with the Graph Store Protocol (`?graph=IRI`) when the endpoint has one, otherwise with
`INSERT DATA` batches and `CONSTRUCT`. Every call has a timeout, and an endpoint that cannot
be reached is a StoreError naming it.
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable, Iterator, Sequence

import rdflib
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper, URLENCODED
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
)

from ..errors import QuerySyntaxError, StoreError
from .base import SelectResult, Store
from .terms import json_to_rdflib

_INSERT_BATCH_BYTES = 4 << 20


def _ntriples_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Whole N-Triples lines from byte chunks that may split lines anywhere."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        *lines, rest = rest.split(b"\n")
        yield from lines
    if rest.strip():
        yield rest


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint: `query_url` (required), `update_url` (needed to write) and
    `store_url` (Graph Store Protocol, optional)."""

    backend = "remote"

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 *, timeout_s: float = 60.0):
        if not query_url:
            raise StoreError("the remote backend needs a query URL (--remote-query-url or KG_REMOTE_QUERY_URL)")
        self.query_url = query_url
        self.update_url = update_url
        self.store_url = store_url
        self.timeout_s = timeout_s

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    @property
    def location(self) -> str:
        return self.query_url

    # --- SPARQL protocol -----------------------------------------------------------------

    def _wrapper(self, url: str) -> SPARQLWrapper:
        sw = SPARQLWrapper(url, agent="kg-service")
        sw.setTimeout(max(1, int(round(self.timeout_s))))
        sw.setMethod(POST)
        return sw

    def _run(self, sw: SPARQLWrapper, what: str):
        try:
            return sw.query()
        except QueryBadFormed as exc:
            raise QuerySyntaxError(f"the endpoint refused the {what}: {_detail(exc)}") from exc
        except (EndPointNotFound, Unauthorized, EndPointInternalError, SPARQLWrapperException) as exc:
            raise StoreError(f"{sw.endpoint} refused the {what}: {_detail(exc)}") from exc
        except urllib.error.HTTPError as exc:
            raise StoreError(f"{sw.endpoint} answered HTTP {exc.code} to the {what}: {_body(exc)}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {sw.endpoint}: {_reason(exc)}") from exc

    def _read_query(self, query: str, default_graph, named_graphs, accept: str | None):
        sw = self._wrapper(self.query_url)
        sw.setRequestMethod(URLENCODED)
        sw.setQuery(query)
        # SPARQLWrapper guesses query-or-update from keywords, which comments can fool.
        sw.queryType = "SELECT"
        for g in default_graph or ():
            sw.addDefaultGraph(g)
        for g in named_graphs or ():
            sw.addNamedGraph(g)
        if accept is None:
            sw.setReturnFormat(JSON)
        else:
            sw.addCustomHttpHeader("Accept", accept)
        response = self._run(sw, "query")
        try:
            return response.response.read()
        except (OSError, http.client.HTTPException) as exc:
            raise StoreError(f"reading the answer of {self.query_url} failed: {_reason(exc)}") from exc

    def _json(self, query, default_graph, named_graphs) -> dict:
        body = self._read_query(query, default_graph, named_graphs, None)
        try:
            return json.loads(body)
        except ValueError as exc:
            raise StoreError(f"{self.query_url} did not answer with SPARQL JSON results") from exc

    def select(self, query, *, default_graph=None, named_graphs=None) -> SelectResult:
        return self._select(query, default_graph, named_graphs, json_to_rdflib)

    def select_text(self, query, *, default_graph=None, named_graphs=None) -> SelectResult:
        return self._select(query, default_graph, named_graphs, _lexical)

    def _select(self, query, default_graph, named_graphs, convert) -> SelectResult:
        data = self._json(query, default_graph, named_graphs)
        if "results" not in data:
            raise QuerySyntaxError("expected a SELECT query")
        variables = data["head"].get("vars", [])
        return SelectResult(variables, [tuple(convert(b.get(v)) for v in variables)
                                        for b in data["results"]["bindings"]])

    def ask(self, query, *, default_graph=None, named_graphs=None) -> bool:
        data = self._json(query, default_graph, named_graphs)
        if "boolean" not in data:
            raise QuerySyntaxError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query, *, default_graph=None, named_graphs=None) -> rdflib.Graph:
        body = self._read_query(query, default_graph, named_graphs, "application/n-triples")
        graph = rdflib.Graph()
        graph.parse(data=body, format="nt")
        return graph

    def update(self, update: str) -> None:
        if not self.update_url:
            raise StoreError("this remote store is read-only: no update URL is configured "
                             "(--remote-update-url or KG_REMOTE_UPDATE_URL)")
        sw = self._wrapper(self.update_url)
        sw.setRequestMethod(POSTDIRECTLY)
        sw.setQuery(update)
        sw.queryType = "INSERT"  # SPARQLWrapper sends it as an update whatever its first keyword
        self._run(sw, "update")

    # --- whole graphs (Graph Store Protocol where available) ----------------------------------

    def _graph_url(self, graph: str) -> str:
        return f"{self.store_url}?{urllib.parse.urlencode({'graph': graph})}"

    def _http(self, method: str, url: str, data=None, headers=None) -> bytes:
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            if method == "DELETE" and exc.code == 404:
                return b""
            raise StoreError(f"{method} {url} answered HTTP {exc.code}: {_body(exc)}") from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise StoreError(f"cannot reach the graph store {self.store_url}: {_reason(exc)}") from exc

    def put_graph(self, graph, data, rdf_format: str = "application/n-triples", *, trusted: bool = False) -> None:
        # `trusted` changes nothing here: the endpoint parses with its own settings.
        chunks = [bytes(data)] if isinstance(data, (bytes, bytearray)) else data
        if self.store_url:
            # An iterable body without Content-Length goes out with chunked transfer encoding,
            # so a big graph streams instead of being held in memory.
            self._http("PUT", self._graph_url(graph), data=iter(chunks),
                       headers={"Content-Type": rdf_format})
            return
        if rdf_format != "application/n-triples":
            raise StoreError("without a Graph Store Protocol URL only N-Triples can be written")
        target = rdflib.URIRef(graph).n3()
        self.update(f"DROP SILENT GRAPH {target}")
        batch = io.BytesIO()
        for line in _ntriples_lines(chunks):
            if not line.strip() or line.lstrip().startswith(b"#"):
                continue
            batch.write(line + b"\n")
            if batch.tell() >= _INSERT_BATCH_BYTES:
                self._insert(target, batch.getvalue())
                batch = io.BytesIO()
        if batch.tell():
            self._insert(target, batch.getvalue())

    def _insert(self, target: str, ntriples: bytes) -> None:
        self.update(f"INSERT DATA {{ GRAPH {target} {{\n{ntriples.decode('utf-8')}\n}} }}")

    def drop_graph(self, graph: str) -> None:
        if self.update_url:
            self.update(f"DROP SILENT GRAPH {rdflib.URIRef(graph).n3()}")
        elif self.store_url:
            self._http("DELETE", self._graph_url(graph))
        else:
            raise StoreError("this remote store is read-only: no update or graph store URL is configured")

    def named_graphs(self) -> list[str]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(str(g) for (g,) in result.rows if isinstance(g, rdflib.URIRef))

    def dump_graph(self, graph: str, rdf_format: str = "application/n-triples") -> bytes:
        if self.store_url:
            return self._http("GET", self._graph_url(graph), headers={"Accept": rdf_format})
        g = self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {rdflib.URIRef(graph).n3()} {{ ?s ?p ?o }} }}")
        return g.serialize(format="nt", encoding="utf-8")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.URLError) and exc.reason is not None:
        exc = exc.reason if isinstance(exc.reason, BaseException) else exc
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "no answer within the timeout"
    return str(exc) or type(exc).__name__


def _body(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace").strip()[:500]
    except OSError:
        return exc.reason or ""


def _detail(exc: SPARQLWrapperException) -> str:
    text = str(exc)
    marker = "Response:\n"
    return text.split(marker, 1)[1].strip()[:500] if marker in text else text


def _lexical(binding: dict | None) -> str | None:
    """An IRI, or a literal's lexical form (select_text)."""
    return None if binding is None else binding["value"]
