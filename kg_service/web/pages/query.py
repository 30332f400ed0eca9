"""The SPARQL query page: an editor, the research queries as examples, results as a table,
downloads in every format. Queries go through the endpoint (kg_service.endpoint) with the
visitor's role, so the page sees exactly what /sparql would show them.
"""

from __future__ import annotations

import json

from flask import Response, render_template, request

from ...endpoint.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from ...errors import KGError, NotFound
from ...queries import list_queries, load_query
from .. import context
from ..auth_pages import page_role
from . import bp

DOWNLOADS = {**{k: v[0] for k, v in SOLUTION_FORMATS.items()}, **{k: v[0] for k, v in GRAPH_FORMATS.items()}}
EXTENSIONS = {"json": "srj", "xml": "srx", "csv": "csv", "tsv": "tsv", "turtle": "ttl", "ntriples": "nt",
              "jsonld": "jsonld", "rdfxml": "rdf"}
DEFAULT_QUERY = """PREFIX kg: <https://w3id.org/party-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?code ?label WHERE {
  ?obligation a kg:Obligation ; kg:code ?code ; rdfs:label ?label .
  FILTER (LANG(?label) = "zh")
}
ORDER BY ?code
"""


def _table(body: bytes) -> dict:
    data = json.loads(body)
    if "boolean" in data:
        return {"boolean": data["boolean"]}
    variables = data["head"]["vars"]
    rows = [[b.get(v, {}).get("value", "") for v in variables] for b in data["results"]["bindings"]]
    return {"variables": variables, "rows": rows}


@bp.route("/query", methods=["GET", "POST"])
def query_page():
    examples = list_queries("research")
    text = request.values.get("query")
    example = request.args.get("example")
    if text is None and example:
        if example not in {q.name for q in examples}:
            raise NotFound(f"no example query named {example!r}")
        text = load_query(example).text
    text = DEFAULT_QUERY if text is None else text
    result, error, status = None, None, 200
    download = request.values.get("download")
    if request.method == "POST" or request.args.get("run"):
        accept = DOWNLOADS.get(download) or "application/sparql-results+json, text/turtle;q=0.9"
        try:
            answer = context.endpoint().query(text, page_role(), accept=accept)
        except KGError as exc:
            error, status = str(exc), exc.http_status
        else:
            if download in DOWNLOADS:
                return Response(answer.body, content_type=answer.media_type,
                                headers={"Content-Disposition":
                                         f'attachment; filename="results.{EXTENSIONS[download]}"'})
            if answer.kind == "graph":
                result = {"graph": answer.body.decode("utf-8")}
            else:
                result = _table(answer.body)
    return render_template("query.html", text=text, examples=examples, result=result, error=error,
                           solution_formats=list(SOLUTION_FORMATS), graph_formats=list(GRAPH_FORMATS)), status
