"""Inspectors' pages: the compliance dashboard, findings (table and CSV), a finding's trace,
and a member's page. Every route starts with auth_pages.require_role.

Runs and findings come from the check engine (kg_service.checks): `run_checks` and
`record_run` when the inspector runs the checks here, `trace_finding` for a trace; stored
findings, summaries, statistics and members through kg_service.checks.reports, the library
the REST API answers from too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from flask import Response, redirect, render_template, request, url_for

from ... import namespaces as ns
from ...checks import reports
from ...checks.engine import run_checks
from ...checks.findings import COLUMNS, STATUSES, format_number
from ...checks.provenance import record_run
from ...checks.trace import trace_finding
from ...endpoint.access import Role
from ...errors import InputError, NotFound
from ...store import catalog
from .. import context
from ..auth_pages import check_csrf, require_role
from . import bp, reading
from .charts import Bar, stacked_bars
from .i18n import current_lang, translate
from .marking import pieces

TABLE_LIMIT = 500
ORG_BARS = 20


def store():
    return context.endpoint().store


def _number(text) -> str:
    """A trace's expected or observed figure as the findings write it (1, not 1.0)."""
    if text is None or text == "":
        return ""
    try:
        return format_number(Decimal(str(text)))
    except InvalidOperation:
        return str(text)


def _year(value: str | None, default: int) -> int:
    if not value:
        return default
    if not value.isdigit() or not 1900 <= int(value) <= 9999:
        raise InputError(f"year {value!r}: expected a year such as 2024")
    return int(value)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"as-of date {value!r}: expected a date written YYYY-MM-DD") from None


def _choice(datasets):
    """The dataset and year the dashboard shows, from the query string or the newest."""
    names = [d.name for d in datasets]
    dataset = request.args.get("dataset") or (names[0] if names else None)
    if dataset is not None and dataset not in names:
        raise NotFound(f"no dataset named {dataset!r}; datasets: {', '.join(names) or 'none'}")
    years = reports.run_years(store(), dataset) if dataset else []
    year = _year(request.args.get("year"), years[0] if years else dt.date.today().year - 1)
    return dataset, years, year


def _filters(year: int) -> reports.FindingFilter:
    """The findings table's filters from the query string (an unknown status shows all)."""
    status = request.args.get("status") if request.args.get("status") in STATUSES else None
    return reports.FindingFilter(year=year, code=request.args.get("obligation") or None, status=status,
                                 org_id=request.args.get("org") or None)


def _shown(finding: dict) -> dict:
    """A finding of checks.reports with what the tables show: the member it is about (the
    first member subject) and the organisation of its first subject."""
    subjects = finding["subjects"]
    person = next((s for s in subjects if s["kind"] == "member"), None)
    return {**finding, "member": person, "org_name": subjects[0]["org_name"] if subjects else None}


@bp.route("/compliance")
def dashboard():
    require_role(Role.INSPECTOR)
    lang = current_lang()
    datasets = catalog.list_datasets(store())
    if not datasets:
        return render_template("dashboard.html", datasets=[], dataset=None)
    dataset, years, year = _choice(datasets)
    summaries = reports.latest_summaries(store(), dataset, year).get(year, {})
    obligation_bars = [
        Bar(code, int(s["met"]), int(s["violated"]), int(s["pending"]),
            href=url_for("pages.dashboard", dataset=dataset, year=year, obligation=code) + "#findings",
            title=code)
        for code, s in sorted(summaries.items())]
    orgs = reports.statistics(store(), dataset, year=year)["organisations"] if summaries else []
    # met is None when the run did not keep its compliant findings: the bars then show only
    # the unmet ones, scaled to the largest.
    compliant_stored = all(o["met"] is not None for o in orgs)
    with_findings = [o for o in orgs if (o["met"] or 0) + o["violated"] + o["pending"]]
    ranked = sorted(with_findings, key=lambda o: (-(o["violated"] + o["pending"]), o["org_id"]))
    org_names = {o["org_id"]: o["name"] or o["org_id"] for o in with_findings}
    org_bars = [Bar(org_names[o["org_id"]], o["met"] or 0, o["violated"], o["pending"], title=org_names[o["org_id"]],
                    href=url_for("pages.dashboard", dataset=dataset, year=year, org=o["org_id"]) + "#findings")
                for o in ranked[:ORG_BARS]]
    flt = _filters(year)
    page = reports.list_findings(store(), dataset, flt, limit=TABLE_LIMIT) if summaries else {"total": 0, "findings": []}
    latest = max(summaries.values(), key=lambda s: s["started"]) if summaries else None
    return render_template(
        "dashboard.html", datasets=datasets, dataset=dataset, years=years, year=year, latest=latest,
        obligation_chart=stacked_bars(obligation_bars, label=translate("per_obligation", lang)) if obligation_bars else None,
        org_chart=stacked_bars(org_bars, label=translate("per_org", lang), scale_to_max=not compliant_stored)
        if org_bars else None,
        more_orgs=max(0, len(ranked) - ORG_BARS), compliant_stored=compliant_stored,
        rows=[_shown(f) for f in page["findings"]], total=page["total"], codes=sorted(summaries), statuses=STATUSES,
        chosen={"obligation": flt.code, "status": flt.status, "org": flt.org_id}, org_names=org_names,
        default_as_of=(latest["asOf"] if latest else f"{year + 1}-01-15"))


@bp.route("/compliance/run", methods=["POST"])
def run_check():
    require_role(Role.INSPECTOR)
    check_csrf()
    dataset = request.form.get("dataset") or ""
    catalog.current_graph(store(), dataset)  # NotFound with the known datasets
    year = _year(request.form.get("year"), dt.date.today().year - 1)
    as_of = _date(request.form.get("as_of"))
    run = run_checks(store(), dataset, year, as_of=as_of, config_parameters=context.settings().parameters,
                     include_compliant=True)
    record_run(store(), run, include_compliant=True)
    context.endpoint().changed()  # the query workers must see the new findings
    return redirect(url_for("pages.dashboard", dataset=dataset, year=year), code=303)


@bp.route("/compliance/findings.csv")
def findings_csv():
    require_role(Role.INSPECTOR)
    dataset = request.args.get("dataset") or ""
    catalog.current_graph(store(), dataset)
    year = _year(request.args.get("year"), dt.date.today().year - 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for f in reports.all_findings(store(), dataset, _filters(year)):
        writer.writerow([f[column] for column in COLUMNS])
    name = f"findings-{ns.segment(dataset)}-{year}.csv"
    return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/compliance/<dataset>/finding/<path:ref>")
def trace(dataset: str, ref: str):
    require_role(Role.INSPECTOR)
    lang = current_lang()
    answer = trace_finding(store(), dataset, ref, lang)
    clause = answer["clause"]
    clause_pieces = pieces(clause["text"], [(clause["start"], clause["end"], answer["obligation"])])
    article_pieces = None
    if clause.get("position_in_parent") and not answer["local_rule"]:
        start, end = clause["position_in_parent"]
        article_pieces = pieces(answer["article"]["text"], [(start, end, "clause")])
    rule_pieces = None
    if answer["local_rule"]:
        text = answer["local_rule"]["text"]
        at = text.find(clause["text"])
        rule_pieces = pieces(text, [(at, at + len(clause["text"]), "clause")] if at >= 0 else [])
    labels = reading.labels(store(), lang)
    for item in answer["evidence"]:
        item["type_label"] = labels.get(str(ns.KG[item["type"]]), item["type"]) if item["type"] else ""
    subject_member = reports.member(store(), dataset, answer["finding"]["subject_id"])
    return render_template("trace.html", t=answer, dataset=dataset, clause_pieces=clause_pieces,
                           article_pieces=article_pieces, rule_pieces=rule_pieces, subject_member=subject_member,
                           expected=_number(answer["finding"]["expected"]),
                           observed=_number(answer["finding"]["observed"]))


@bp.route("/compliance/<dataset>/member/<path:member_id>")
def member(dataset: str, member_id: str):
    require_role(Role.INSPECTOR)
    lang = current_lang()
    info = reports.member(store(), dataset, member_id)
    if info is None:
        raise NotFound(f"dataset {dataset!r} has no member with the id {member_id!r}")
    info["status_label"] = reading.code_label(store(), lang, "member-status", info["status"])
    labels = reading.labels(store(), lang)
    records = reports.member_records(store(), dataset, member_id)
    for record in records:
        record["type_label"] = labels.get(record["type"], record["type"].rsplit("#", 1)[-1])
        record["kind_label"] = labels.get(record["kind"], record["kind"].rsplit("/", 1)[-1])
        if record.get("role"):
            record["role_label"] = labels.get(record["role"], record["role"].rsplit("/", 1)[-1])
    posts = [r for r in records if r["type"] == str(ns.KG.PostHolding)]
    others = [r for r in records if r["type"] != str(ns.KG.PostHolding)]
    findings = list(reports.all_findings(store(), dataset, reports.FindingFilter(member_id=member_id)))
    return render_template("member.html", m=info, dataset=dataset, posts=posts, records=others, findings=findings)
