"""`/store`: the SPARQL 1.1 Graph Store HTTP Protocol (?graph=IRI or ?default).

GET/HEAD read a graph the caller may see; PUT, POST and DELETE are for admins.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..checks import reports
from ..endpoint import graph_store
from . import context

bp = Blueprint("graph_store", __name__)


@bp.route("/store", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
def store():
    graph = graph_store.target(request.args.getlist("graph"), "default" in request.args)
    endpoint, role = context.endpoint(), context.role()
    if request.method in ("GET", "HEAD"):
        reply = graph_store.get(endpoint, role, graph, request.headers.get("Accept"))
    elif request.method == "PUT":
        reply = graph_store.put(endpoint, role, graph, request.get_data(), request.content_type,
                                request.base_url)
    elif request.method == "POST":
        reply = graph_store.post(endpoint, role, graph, request.get_data(), request.content_type,
                                 request.base_url)
    else:
        reply = graph_store.delete(endpoint, role, graph)
    if request.method not in ("GET", "HEAD"):
        reports.forget()  # the graph written may be a findings graph; no new run marks it
    response = Response(reply.body if request.method != "HEAD" else b"", status=reply.status)
    if reply.media_type:
        response.headers["Content-Type"] = reply.media_type
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(reply.body))
    return response
