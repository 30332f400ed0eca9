"""The SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification: ?graph= / ?default).

Reads are open to whoever may see the graph; writes are for admins. A body is parsed in
full before anything is written, so a body that does not parse leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import InputError, NotAcceptable, NotFound, UnsupportedMediaType
from .access import Role, may_see, require
from .formats import GRAPH_FORMATS, media_type, negotiate, offered

DEFAULT = ""
"""The store's default graph, as a target."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    media_type: str | None = None


def target(graph: list[str], default: bool) -> str:
    """The graph a request names: exactly one of ?graph=IRI or ?default."""
    if default and not graph:
        return DEFAULT
    if len(graph) == 1 and not default and graph[0]:
        return graph[0]
    raise InputError("name exactly one graph: ?graph=IRI or ?default")


def _readable(role: Role, graph: str) -> None:
    if graph == DEFAULT:
        require(role, Role.ADMIN, "the default graph")
    elif not may_see(role, graph):
        require(role, Role.ADMIN, f"graph <{graph}>")


def parse_body(body: bytes, content_type: str | None, base_iri: str | None) -> bytes:
    """The body as N-Triples, or InputError naming the position of the first problem."""
    media = (content_type or "").split(";")[0].strip().lower()
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None or fmt.supports_datasets:
        accepted = ", ".join(offered(GRAPH_FORMATS))
        raise UnsupportedMediaType(f"cannot read a graph from {media or 'a body without Content-Type'}; "
                                   f"send one of: {accepted}")
    try:
        triples = list(ox.parse(body, format=fmt, base_iri=base_iri or None))
    except SyntaxError as exc:
        raise InputError(f"the {media} body does not parse: {exc}") from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _exists(endpoint, graph: str) -> bool:
    if graph == DEFAULT:
        return True
    return graph in endpoint.store.named_graphs()


def get(endpoint, role: Role, graph: str, accept: str | None) -> Reply:
    _readable(role, graph)
    fmt = negotiate(accept, GRAPH_FORMATS)
    if fmt is None:
        raise NotAcceptable(f"a graph can be given as: {', '.join(offered(GRAPH_FORMATS))}")
    if not _exists(endpoint, graph):
        raise NotFound(f"graph <{graph}> does not exist")
    if graph == DEFAULT:
        triples = endpoint.store.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        body = triples.serialize(format={"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld",
                                         "rdfxml": "xml"}[fmt], encoding="utf-8")
    else:
        body = endpoint.store.dump_graph(graph, media_type(fmt))
    return Reply(200, body, media_type(fmt))


def _insert(graph: str, ntriples: bytes) -> str:
    data = ntriples.decode()
    return f"INSERT DATA {{ {data} }}" if graph == DEFAULT else f"INSERT DATA {{ GRAPH <{graph}> {{ {data} }} }}"


def put(endpoint, role: Role, graph: str, body: bytes, content_type: str | None, base_iri: str) -> Reply:
    require(role, Role.ADMIN, "writing a graph")
    ntriples = parse_body(body, content_type, graph or base_iri)
    existed = _exists(endpoint, graph) if graph != DEFAULT else True
    try:
        if graph == DEFAULT:
            endpoint.store.update("CLEAR SILENT DEFAULT ;\n" + _insert(DEFAULT, ntriples))
        else:
            endpoint.store.put_graph(graph, ntriples)
    finally:
        endpoint.changed()
    return Reply(204 if existed else 201)


def post(endpoint, role: Role, graph: str, body: bytes, content_type: str | None, base_iri: str) -> Reply:
    require(role, Role.ADMIN, "writing a graph")
    ntriples = parse_body(body, content_type, graph or base_iri)
    existed = _exists(endpoint, graph)
    try:
        if ntriples.strip():
            endpoint.store.update(_insert(graph, ntriples))
    finally:
        endpoint.changed()
    return Reply(204 if existed else 201)


def delete(endpoint, role: Role, graph: str) -> Reply:
    require(role, Role.ADMIN, "deleting a graph")
    if graph == DEFAULT:
        endpoint.store.update("CLEAR SILENT DEFAULT")
    elif not _exists(endpoint, graph):
        raise NotFound(f"graph <{graph}> does not exist")
    else:
        endpoint.store.drop_graph(graph)
    endpoint.changed()
    return Reply(204)
