"""`/api`: the REST API (JSON), a thin layer over the library.

Public: articles with clauses, obligations (filter by article, rule, bearer). Inspectors:
run a check, one finding with its full trace. The stored findings, members and statistics
are in api_reports. Errors use the service's one JSON shape (see web/errors.py). The OpenAPI
description is served at /api/openapi.json.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from flask import Blueprint, Response, jsonify, request

from ..endpoint.access import Role, require
from ..errors import InputError
from . import context

bp = Blueprint("api", __name__, url_prefix="/api")
OPENAPI = Path(__file__).with_name("openapi.json")


def _lang() -> str:
    lang = request.args.get("lang", "zh")
    if lang not in ("zh", "en"):
        raise InputError(f"lang={lang!r}: expected zh or en")
    return lang


@bp.get("/openapi.json")
def openapi():
    return Response(OPENAPI.read_bytes(), content_type="application/json")


@bp.get("/articles")
def articles():
    from ..regulation.inventory import list_articles

    return jsonify(list_articles(context.endpoint().store, lang=_lang()))


@bp.get("/obligations")
def obligations():
    from ..regulation.inventory import list_obligations

    args = request.args
    return jsonify(list_obligations(context.endpoint().store, article=args.get("article"),
                                    rule=args.get("rule"), bearer=args.get("bearer")))


def _body() -> dict:
    try:
        body = json.loads(request.get_data() or b"{}")
    except json.JSONDecodeError as exc:
        raise InputError(f"the JSON body does not parse: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(body, dict):
        raise InputError("the JSON body must be an object")
    return body


@bp.post("/checks")
def run_check():
    """Run the checks over a dataset and store the run; answers the summary and findings."""
    from ..checks.engine import run_checks
    from ..checks.parameters import parse_overrides
    from ..checks.provenance import record_run

    require(context.role(), Role.INSPECTOR, "running a check")
    body = _body()
    if not isinstance(body.get("dataset"), str) or not isinstance(body.get("year"), int):
        raise InputError('send {"dataset": NAME, "year": YEAR} and optionally "as_of": "YYYY-MM-DD", '
                         '"obligations": [CODE, ...], "parameters": {"code.NAME": value}, "all": true, '
                         '"keep_compliant": false')
    try:
        as_of = dt.date.fromisoformat(body["as_of"]) if body.get("as_of") else None
    except (TypeError, ValueError):
        raise InputError(f"as_of={body.get('as_of')!r}: expected a date YYYY-MM-DD") from None
    parameters = body.get("parameters") or {}
    if not isinstance(parameters, dict):
        raise InputError('"parameters" must be an object such as {"leader-dlm.N": 2}')
    include_compliant = bool(body.get("all"))
    keep_compliant = body.get("keep_compliant", True)
    if not isinstance(keep_compliant, bool):
        raise InputError('"keep_compliant" must be true or false')
    endpoint = context.endpoint()
    run = run_checks(endpoint.store, body["dataset"], body["year"], as_of=as_of,
                     codes=body.get("obligations"), config_parameters=context.settings().parameters,
                     run_parameters=parse_overrides([f"{k}={v}" for k, v in parameters.items()]),
                     include_compliant=include_compliant or keep_compliant)
    try:
        # Compliant findings are kept by default: a member's full list of obligations and the
        # rates per organisation need them (see checks/reports.py).
        run_iri = record_run(endpoint.store, run, include_compliant=include_compliant or keep_compliant)
    finally:
        endpoint.changed()
    summary = {code: vars(s) for code, s in run.summary.items()}
    findings = [{**f.as_dict(), "iri": f.iri} for f in run.reported(include_compliant)]
    return jsonify({"run": run_iri, "dataset": run.dataset, "year": run.year,
                    "as_of": run.as_of.isoformat(), "summary": summary, "findings": findings}), 201


@bp.get("/datasets/<dataset>/findings/<path:reference>")
def finding(dataset: str, reference: str):
    """One finding with its full trace: obligation, marked clause, article, rule, evidence."""
    from ..checks.trace import trace_finding

    require(context.role(), Role.INSPECTOR, "findings")
    return jsonify(trace_finding(context.endpoint().store, dataset, reference, lang=_lang()))


from . import api_reports  # noqa: E402,F401  (adds its routes to bp)
