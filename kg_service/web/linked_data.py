"""Linked data: every IRI the service mints (https://w3id.org/party-kg/id/...) answers at /id/...

A browser (Accept: text/html, or no preference) is sent to the page of the resource (303),
or shown a page of its statements when it has no page of its own; an RDF client gets the
resource's statements as Turtle, JSON-LD, N-Triples or RDF/XML. Both read only the graphs
the caller may see (endpoint.access): a dataset's records, runs and findings need an
inspector, by session or by `Authorization: Bearer`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from flask import Blueprint, Response, redirect, render_template, request, url_for
from rdflib import URIRef

from .. import namespaces as ns
from ..endpoint.access import Role, may_see, visible_graphs
from ..endpoint.formats import GRAPH_FORMATS, negotiate
from ..errors import NotFound
from ..queries import load_query
from . import context
from .auth_pages import page_role, require_role
from .pages import reading

bp = Blueprint("linked_data", __name__)

PAGE_FORMATS = {"html": ("text/html", ("application/xhtml+xml",)), **GRAPH_FORMATS}
RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
PRIVATE_PREFIXES = ("dataset/", "graph/dataset/", "graph/findings/", "graph/catalog")


def _requested_iri(rest: str) -> str:
    """The IRI exactly as minted: the raw (still percent-encoded) path when the server gives
    it, else the decoded path encoded again segment by segment as namespaces.segment does."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        path = raw.split("?", 1)[0]
        if path.startswith("/id/"):
            return f"{ns.ID}{path[len('/id/'):]}"
    return ns.ID + "/".join(ns.segment(unquote(part)) for part in rest.split("/"))


def _graphs(role: Role) -> list[str]:
    store = context.endpoint().store
    return visible_graphs(role, store.named_graphs() if role > Role.ANONYMOUS else ())


def _page_for(local: str) -> str | None:
    """The page of a resource that has one of its own."""
    m = re.fullmatch(r"article/(\d+)(?:/clause/(\d+))?", local)
    if m:
        return url_for("pages.article", number=int(m[1])) + (f"#clause-{m[2]}" if m[2] else "")
    m = re.fullmatch(r"local-rule/([a-z]+)(?:/clause/(\d+))?", local)
    if m:
        return url_for("pages.local_rule", rule=m[1]) + (f"#clause-{m[2]}" if m[2] else "")
    m = re.fullmatch(r"obligation/([^/]+)(?:/.*)?", local)
    if m:
        return url_for("pages.obligation", code=unquote(m[1]))
    m = re.fullmatch(r"dataset/([^/]+)/member/([^/]+)", local)
    if m:
        return url_for("pages.member", dataset=unquote(m[1]), member_id=unquote(m[2]))
    m = re.fullmatch(r"dataset/([^/]+)/finding/(.+)", local)
    if m:
        return url_for("pages.trace", dataset=unquote(m[1]), ref=m[2])
    if local == "regulation/basic-org-work":
        return url_for("pages.home")
    return None


@bp.route("/id/<path:rest>")
def resource(rest: str):
    iri = _requested_iri(rest)
    local = iri[len(str(ns.ID)):]
    wanted = negotiate(request.headers.get("Accept"), PAGE_FORMATS)
    private = local.startswith(PRIVATE_PREFIXES)
    role = require_role(Role.INSPECTOR) if private else page_role()
    if wanted is None:
        return Response("acceptable: " + ", ".join(m for m, _ in PAGE_FORMATS.values()) + "\n",
                        status=406, content_type="text/plain; charset=utf-8")
    graphs = [g for g in _graphs(role) if may_see(role, g)]
    if wanted == "html":
        page = _page_for(local)
        if page:
            return redirect(page, code=303)
        rows = reading.statements(context.endpoint().store, iri, graphs)
        if not rows:
            raise NotFound(f"nothing is known about <{iri}> that you may see")
        response = Response(render_template("resource.html", iri=iri, rows=rows))
    else:
        text = load_query("web/describe").bind({"resource": URIRef(iri)})
        graph = context.endpoint().store.construct(text, default_graph=graphs)
        if len(graph) == 0:
            raise NotFound(f"nothing is known about <{iri}> that you may see")
        for prefix, namespace in ns.PREFIXES.items():
            graph.bind(prefix, namespace)
        body = graph.serialize(format=RDFLIB_FORMATS[wanted])
        media = GRAPH_FORMATS[wanted][0]
        response = Response(body, content_type=f"{media}; charset=utf-8")
    response.headers["Vary"] = "Accept, Authorization, Cookie"
    return response
