"""`/sparql`: the SPARQL 1.1 Protocol for queries and updates, and the service description.

Query: GET ?query=, POST form `query=`, POST application/sparql-query. Update (admins):
POST form `update=`, POST application/sparql-update. A GET with neither answers the
service description in Turtle.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from ..checks import reports
from ..endpoint.access import Role, visible_graphs
from ..endpoint.description import service_description
from ..errors import InputError, MethodNotAllowed, UnsupportedMediaType
from . import context

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"give `{name}` once, not {len(values)} times")
    return values[0] if values else None


def _answer_query(text: str, params) -> Response:
    result = context.endpoint().query(
        text, context.role(),
        default_graph_uri=params.getlist("default-graph-uri"),
        named_graph_uri=params.getlist("named-graph-uri"),
        accept=request.headers.get("Accept"))
    mime = result.media_type
    if mime.startswith("text/") or mime.endswith("+json") or mime.endswith("+xml"):
        mime += "; charset=utf-8"
    response = Response(result.body, status=200, content_type=mime)
    response.headers["Vary"] = "Accept, Authorization"
    return response


def _answer_update(text: str, params) -> Response:
    if params.getlist("using-graph-uri") or params.getlist("using-named-graph-uri"):
        raise InputError("using-graph-uri and using-named-graph-uri are not supported: "
                         "name the graphs with USING / WITH in the update")
    context.endpoint().update(text, context.role())
    reports.forget()  # the update may have changed findings without storing a run
    return Response(status=204)


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    if request.method == "GET":
        if request.args.getlist("update"):
            raise MethodNotAllowed("send updates by POST, not GET")
        query = _one(request.args.getlist("query"), "query")
        if query is None:
            return _description()
        return _answer_query(query, request.args)

    mime = (request.mimetype or "").lower()
    if mime == FORM:
        query = _one(request.form.getlist("query"), "query")
        update = _one(request.form.getlist("update"), "update")
        if (query is None) == (update is None):
            raise InputError("send exactly one of the form fields `query` and `update`")
        if query is not None:
            return _answer_query(query, _merged())
        return _answer_update(update, _merged())
    if mime == QUERY:
        return _answer_query(context.body_text(), request.args)
    if mime == UPDATE:
        return _answer_update(context.body_text(), request.args)
    raise UnsupportedMediaType(
        f"cannot read a request of type {mime or '(none)'}; send {FORM}, {QUERY} or {UPDATE}")


def _merged():
    """Protocol parameters may come in the URL or in the form body."""
    from werkzeug.datastructures import CombinedMultiDict

    return CombinedMultiDict([request.args, request.form])


def _description() -> Response:
    role = context.role()
    endpoint = context.endpoint()
    graphs = visible_graphs(role, endpoint.store.named_graphs() if role > Role.ANONYMOUS else ())
    text = service_description(request.base_url, graphs, updates=role == Role.ADMIN)
    response = Response(text, content_type="text/turtle; charset=utf-8")
    response.headers["Vary"] = "Authorization"
    return response
