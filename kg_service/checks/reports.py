"""Reading stored findings back: filtered lists, a member's obligations, compliance statistics.

For the REST API and the pages alike. Everything reads the findings graph written by
checks.provenance.record_run (the newest run of a year and obligation is in force) through
the named queries of queries/reports/, each with its graphs named explicitly.

Compliant findings are stored only when a run was asked to keep them. A statistic that needs
them (a rate per organisation, a member's full list of obligations) says whether it is
`complete`: per obligation, the stored compliant findings number exactly the run's met count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rdflib import URIRef

from .. import namespaces as ns
from ..errors import InputError, NotFound
from ..queries import run_query
from ..regulation.inventory import plain
from ..store import catalog
from ..store.base import Store
from .findings import STATUSES, format_number

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class FindingFilter:
    """Which stored findings to list; None matches everything."""

    year: int | None = None
    code: str | None = None
    status: str | None = None
    org_id: str | None = None
    """Only findings about this organisation's subtree (by org_id of the dataset)."""
    member_id: str | None = None


def _rows(store: Store, name: str, values: dict, graphs: list[str]) -> list[dict[str, Any]]:
    result = run_query(store, name, values, default_graph=graphs)
    return [dict(zip(result.variables, row)) for row in result.rows]


def _graphs(store: Store, dataset: str) -> list[str]:
    """Findings, current records and regulation graphs; NotFound for an unknown dataset."""
    return [ns.findings_graph(dataset), catalog.current_graph(store, dataset), ns.GRAPH_REGULATION]


def _status_name(term) -> str:
    return str(term).rsplit("/", 1)[-1]


def _number(term) -> str:
    return "" if term is None else format_number(Decimal(str(term)))


def obligation_codes(store: Store) -> frozenset[str]:
    """The codes of the regulation graph (read once per store: it changes only on reseeding)."""
    key = id(store)
    if key not in _codes:
        rows = _rows(store, "reports/obligation-codes", {}, [ns.GRAPH_REGULATION])
        _codes[key] = frozenset(str(r["code"]) for r in rows)
    return _codes[key]


_codes: dict[int, frozenset[str]] = {}


def check_filter(store: Store, f: FindingFilter) -> None:
    if f.status is not None and f.status not in STATUSES:
        raise InputError(f"status={f.status!r}: expected one of {', '.join(STATUSES)}")
    if f.code is not None and f.code not in obligation_codes(store):
        raise InputError(f"obligation={f.code!r}: not an obligation code (see /api/obligations)")


def _org_iri(store: Store, dataset: str, org_id: str, graphs: list[str]) -> URIRef:
    iri = URIRef(ns.record_iri(dataset, "org", org_id))
    if not any(r["org"] == iri for r in _rows(store, "reports/organisations", {}, graphs[1:2])):
        raise NotFound(f"dataset {dataset!r} has no organisation {org_id!r}")
    return iri


def _member_iri(store: Store, dataset: str, member_id: str, graphs: list[str]) -> tuple[URIRef, dict]:
    iri = URIRef(ns.record_iri(dataset, "member", member_id))
    rows = _rows(store, "reports/member", {"member": iri}, graphs[1:2])
    if not rows:
        raise NotFound(f"dataset {dataset!r} has no member {member_id!r}")
    names = {"memberId": "member_id", "name": "name", "status": "status", "joinDate": "join_date",
             "birthDate": "birth_date", "branchId": "branch_id", "branchLabel": "branch_name"}
    return iri, {names[k]: plain(v) for k, v in rows[0].items()}


def trace_reference(dataset: str, row: dict) -> str:
    """The short form YEAR/CODE/SUBJECT/PERIOD a finding is traced by (see checks.trace)."""
    return "/".join((str(plain(row["year"])), ns.segment(str(row["code"])), ns.segment(str(row["subjectId"])),
                     ns.segment(str(row["period"]))))


def list_findings(store: Store, dataset: str, flt: FindingFilter = FindingFilter(), *,
                  limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict:
    """One page of the stored findings that pass `flt`, in the contract's order, each with
    its subjects (member or organisation, and the organisation it belongs to)."""
    check_filter(store, flt)
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1 to {MAX_LIMIT}")
    if offset < 0:
        raise InputError(f"offset={offset}: expected 0 or more")
    graphs = _graphs(store, dataset)
    values: dict[str, Any] = {}
    if flt.year is not None:
        values["year"] = flt.year
    if flt.code:
        values["code"] = flt.code
    if flt.status:
        values["status"] = URIRef(ns.code_iri("finding-status", flt.status))
    if flt.member_id is not None:
        values["member"] = _member_iri(store, dataset, flt.member_id, graphs)[0]
    query = "reports/findings"
    if flt.org_id is not None:
        values["org"] = _org_iri(store, dataset, flt.org_id, graphs)
        query = "reports/findings-in-org"
    rows = _rows(store, query, values, graphs)
    page = rows[offset:offset + limit]
    subjects: dict[str, list[dict]] = defaultdict(list)
    if page:
        for s in _rows(store, "reports/finding-subjects", {"finding": [r["finding"] for r in page]}, graphs[:2]):
            subjects[str(s["finding"])].append({
                "member_id": plain(s["memberId"]), "name": plain(s["memberName"]),
                "org_id": plain(s["orgId"]), "org_name": plain(s["orgLabel"]),
                "kind": "member" if s["memberId"] is not None else "organisation"})
    items = []
    for r in page:
        items.append({
            "obligation": str(r["code"]), "subject_id": str(r["subjectId"]), "period": str(r["period"]),
            "status": _status_name(r["status"]), "expected": _number(r["expected"]),
            "observed": _number(r["observed"]), "article": str(r["article"]), "rule": str(r["ruleCode"]),
            "year": plain(r["year"]), "as_of": plain(r["asOf"]), "window_end": plain(r["windowEnd"]),
            "iri": str(r["finding"]), "trace": trace_reference(dataset, r),
            "subjects": subjects.get(str(r["finding"]), []),
        })
    return {"dataset": dataset, "total": len(rows), "offset": offset, "limit": limit, "findings": items}


def latest_summaries(store: Store, dataset: str, year: int | None = None) -> dict[int, dict[str, dict]]:
    """year -> code -> the summary of the newest run of that year that checked the code."""
    graphs = [ns.findings_graph(dataset), ns.GRAPH_REGULATION]
    catalog.current_graph(store, dataset)  # NotFound for an unknown dataset
    values = {"year": year} if year is not None else {}
    latest: dict[int, dict[str, dict]] = defaultdict(dict)
    for row in _rows(store, "reports/run-summaries", values, graphs):  # newest first
        item = {k: plain(v) for k, v in row.items()}
        latest[item["year"]].setdefault(item["code"], item)
    return dict(latest)


def _year_in_force(store: Store, dataset: str, year: int | None) -> tuple[int, dict[str, dict]]:
    summaries = latest_summaries(store, dataset, year)
    if not summaries:
        when = f" for {year}" if year is not None else ""
        raise NotFound(f"dataset {dataset!r} has no check run{when}; run one with POST /api/checks "
                       f"or `kg-service check`")
    chosen = year if year is not None else max(summaries)
    return chosen, dict(sorted(summaries[chosen].items()))


def _stored_counts(store: Store, dataset: str, year: int, graphs: list[str], org: URIRef | None = None):
    name, values = ("reports/status-counts", {"year": year})
    if org is not None:
        name, values = "reports/status-counts-in-org", {"year": year, "org": org}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for r in _rows(store, name, values, graphs):
        counts[str(r["code"])][_status_name(r["status"])] = int(r["count"])
    return counts


def _complete_codes(summaries: dict[str, dict], stored: dict[str, dict[str, int]]) -> set[str]:
    """Codes whose compliant instances were all stored (or that had none)."""
    return {code for code, s in summaries.items() if stored.get(code, {}).get("compliant", 0) == s["met"]}


def _rate(met: int, bound: int, complete: bool) -> float | None:
    return round(met / bound, 4) if complete and bound else None


def statistics(store: Store, dataset: str, *, year: int | None = None, org_id: str | None = None) -> dict:
    """Compliance per obligation and per organisation for one year (default: the newest
    checked), within an organisation's subtree when `org_id` is given."""
    graphs = _graphs(store, dataset)
    year, summaries = _year_in_force(store, dataset, year)
    org = _org_iri(store, dataset, org_id, graphs) if org_id is not None else None
    stored = _stored_counts(store, dataset, year, graphs)
    complete = _complete_codes(summaries, stored)
    scoped = _stored_counts(store, dataset, year, graphs, org) if org is not None else None
    obligations = []
    for code, s in summaries.items():
        if scoped is None:
            met, violated, pending = s["met"], s["violated"], s["pending"]
        else:
            c = scoped.get(code, dict.fromkeys(STATUSES, 0))
            met, violated, pending = c["compliant"], c["violated"], c["pending"]
        is_complete = scoped is None or code in complete
        bound = met + violated + pending if scoped is not None else s["bound"]
        obligations.append({"obligation": code, "article": s["article"], "rule": s["ruleCode"],
                            "bound": bound if is_complete else None, "met": met if is_complete else None,
                            "violated": violated, "pending": pending,
                            "rate": _rate(met, bound, is_complete), "complete": is_complete,
                            "as_of": s["asOf"]})
    all_complete = complete == set(summaries)
    tree = _rows(store, "reports/organisations", {}, graphs[1:2])
    inside = _subtree({str(r["org"]): str(r["parent"]) if r["parent"] else None for r in tree},
                      str(org)) if org is not None else None
    per_org: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for r in _rows(store, "reports/org-status-counts", {"year": year}, graphs[:2]):
        per_org[str(r["org"])][_status_name(r["status"])] = int(r["count"])
    organisations = []
    for r in tree:
        iri = str(r["org"])
        if inside is not None and iri not in inside:
            continue
        c = per_org.get(iri, dict.fromkeys(STATUSES, 0))
        bound = sum(c.values())
        organisations.append({"org_id": plain(r["orgId"]), "name": plain(r["label"]), "kind": plain(r["kind"]),
                              "parent_id": plain(r["parentId"]),
                              "bound": bound if all_complete else None,
                              "met": c["compliant"] if all_complete else None,
                              "violated": c["violated"], "pending": c["pending"],
                              "rate": _rate(c["compliant"], bound, all_complete)})
    return {"dataset": dataset, "year": year, "org_id": org_id, "complete": all_complete,
            "obligations": obligations, "organisations": organisations}


def _subtree(parents: dict[str, str | None], root: str) -> set[str]:
    children: dict[str, list[str]] = defaultdict(list)
    for child, parent in parents.items():
        if parent:
            children[parent].append(child)
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(children.get(node, ()))
    return seen


def member_status(store: Store, dataset: str, member_id: str, *, year: int | None = None) -> dict:
    """A member and the obligations they are the subject of in one checked year (default: the
    newest), each with its status; `status` overall is the worst of them (compliant when
    nothing is unmet)."""
    graphs = _graphs(store, dataset)
    iri, info = _member_iri(store, dataset, member_id, graphs)
    year, summaries = _year_in_force(store, dataset, year)
    complete = _complete_codes(summaries, _stored_counts(store, dataset, year, graphs))
    found = list_findings(store, dataset, FindingFilter(year=year, member_id=member_id), limit=MAX_LIMIT)
    obligations = [{k: v for k, v in f.items() if k != "subjects"} for f in found["findings"]]
    statuses = {f["status"] for f in obligations}
    # Unmet findings are always stored, so "compliant" (nothing unmet) is certain even when
    # the met ones were not kept; only the list of met obligations may then be short.
    overall = next((s for s in ("violated", "pending") if s in statuses), "compliant")
    is_complete = complete == set(summaries)
    return {"dataset": dataset, "year": year, "member": {**info, "iri": str(iri)}, "status": overall,
            "complete": is_complete, "obligations": obligations}
