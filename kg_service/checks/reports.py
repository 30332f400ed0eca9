"""Reading stored findings back: filtered lists, a member's obligations, compliance statistics.

The one library behind the REST API and the compliance pages alike. Everything reads the
findings graph written by checks.provenance.record_run (the newest run of a year and
obligation is in force) through the named queries of queries/reports/, each with its graphs
named explicitly.

Aggregates (statistics, stored counts, the organisation tree) and the ordered finding IRIs of
a filter are cached per dataset state: the current records graph plus the set of stored runs.
record_run always adds a run and a re-import switches the current graph, so either write
changes the key and the next request reads afresh; `forget()` drops everything after other
writes (a SPARQL update, the Graph Store Protocol). A request then costs one small query for
the state and, for a page of findings, two queries over that page's findings only.

Compliant findings are stored only when a run was asked to keep them. A statistic that needs
them (a rate per organisation, a member's full list of obligations) says whether it is
`complete`: per obligation, the stored compliant findings number exactly the run's met count.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterator

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
PAGE_QUERY_SIZE = 500
"""Findings fetched per query when a whole list is read (CSV download, a member's page)."""


@dataclass(frozen=True)
class FindingFilter:
    """Which stored findings to list; None matches everything."""

    year: int | None = None
    code: str | None = None
    status: str | None = None
    org_id: str | None = None
    """Only findings about this organisation's subtree (by org_id of the dataset)."""
    member_id: str | None = None


class _Cache:
    """A bounded, thread-safe map from a dataset state and a question to its answer.

    `weight` of an entry is roughly its number of rows; the oldest entries go first when the
    total passes `capacity`, so a big list cannot hold the memory for long."""

    def __init__(self, capacity: int = 1_000_000):
        self.capacity = capacity
        self._items: "OrderedDict[tuple, tuple[Any, int]]" = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def put(self, key: tuple, value, weight: int = 1):
        if weight > self.capacity:
            return value
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._weight -= old[1]
            self._items[key] = (value, weight)
            self._weight += weight
            while self._weight > self.capacity:
                _, (_, w) = self._items.popitem(last=False)
                self._weight -= w
        return value

    def clear(self):
        with self._lock:
            self._items.clear()
            self._weight = 0


_cache = _Cache()


def forget() -> None:
    """Drop every cached answer: call after a write that adds no run (SPARQL update, /store)."""
    _cache.clear()
    _codes.clear()


def _rows(store: Store, name: str, values: dict, graphs: list[str]) -> list[dict[str, Any]]:
    result = run_query(store, name, values, default_graph=graphs)
    return [dict(zip(result.variables, row)) for row in result.rows]


@dataclass(frozen=True)
class _State:
    """What a dataset's reports are read from, and the runs stored for it."""

    dataset: str
    graphs: tuple[str, ...]
    """Findings, current records and regulation graphs."""
    summaries: dict
    """year -> code -> summary of the newest run of that year that checked the code."""
    key: tuple
    """Changes whenever the records or the stored runs change: the cache key's prefix."""


def _state(store: Store, dataset: str) -> _State:
    """The dataset's graphs and run summaries; NotFound for an unknown dataset. Two small
    queries (the current graphs, the runs' IRIs); the summaries are read once per state."""
    info = catalog.dataset_info(store, dataset)
    if info is None:
        catalog.current_graph(store, dataset)  # raises NotFound with the list of datasets
    records, findings = info.graph, catalog.findings_graph_of(info)
    graphs = (findings, records, ns.GRAPH_REGULATION)
    runs = tuple(str(r["run"]) for r in _rows(store, "reports/runs", {}, [graphs[0]]))
    key = (id(store), dataset, records, findings, runs)
    summaries = _cache.get(key + ("summaries",))
    if summaries is None:
        latest: dict[int, dict[str, dict]] = defaultdict(dict)
        for row in _rows(store, "reports/run-summaries", {}, [graphs[0], graphs[2]]):  # newest first
            item = {k: plain(v) for k, v in row.items()}
            latest[item["year"]].setdefault(item["code"], item)
        summaries = _cache.put(key + ("summaries",), dict(latest), len(runs) + 1)
    return _State(dataset, graphs, summaries, key)


def _cached(state: _State, question: tuple, compute, weight=lambda value: 1):
    key = state.key + question
    found = _cache.get(key)
    if found is None:
        found = compute()
        _cache.put(key, found, weight(found))
    return found


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


def _organisations(store: Store, state: _State) -> list[dict]:
    """The dataset's organisation tree (cached with the records graph)."""
    return _cached(state, ("organisations",),
                   lambda: _rows(store, "reports/organisations", {}, list(state.graphs[1:2])), len)


def _org_iri(store: Store, state: _State, org_id: str) -> URIRef:
    iri = URIRef(ns.record_iri(state.dataset, "org", org_id))
    if not any(r["org"] == iri for r in _organisations(store, state)):
        raise NotFound(f"dataset {state.dataset!r} has no organisation {org_id!r}")
    return iri


def _member_row(store: Store, dataset: str, iri: URIRef, graphs) -> dict | None:
    rows = _rows(store, "reports/member", {"member": iri}, list(graphs[1:2]))
    if not rows:
        return None
    names = {"memberId": "member_id", "name": "name", "status": "status", "joinDate": "join_date",
             "birthDate": "birth_date", "branchId": "branch_id", "branchLabel": "branch_name"}
    return {names[k]: plain(v) for k, v in rows[0].items()}


def member(store: Store, dataset: str, member_id: str) -> dict | None:
    """Who a member is (id, name, status code, dates, branch, IRI); None when the dataset has
    no member with that id. NotFound for an unknown dataset."""
    iri = URIRef(ns.record_iri(dataset, "member", member_id))
    graphs = (catalog.findings_graph(store, dataset), catalog.current_graph(store, dataset))
    info = _member_row(store, dataset, iri, graphs)
    return None if info is None else {**info, "iri": str(iri)}


def member_records(store: Store, dataset: str, member_id: str) -> list[dict]:
    """Every record that names the member: posts, attendance, events, care, training; each
    with its type and kind IRIs, date(s), organisation name and figure (training hours)."""
    iri = URIRef(ns.record_iri(dataset, "member", member_id))
    rows = _rows(store, "reports/member-records", {"member": iri}, [catalog.current_graph(store, dataset)])
    return [{k: plain(v) for k, v in r.items()} for r in rows]


def _member_iri(store: Store, state: _State, member_id: str) -> tuple[URIRef, dict]:
    iri = URIRef(ns.record_iri(state.dataset, "member", member_id))
    info = _member_row(store, state.dataset, iri, state.graphs)
    if info is None:
        raise NotFound(f"dataset {state.dataset!r} has no member {member_id!r}")
    return iri, info


def trace_reference(dataset: str, row: dict) -> str:
    """The short form YEAR/CODE/SUBJECT/PERIOD a finding is traced by (see checks.trace)."""
    return "/".join((str(plain(row["year"])), ns.segment(str(row["code"])), ns.segment(str(row["subjectId"])),
                     ns.segment(str(row["period"]))))


def _filter_values(store: Store, state: _State, flt: FindingFilter) -> tuple[str, dict]:
    values: dict[str, Any] = {}
    if flt.year is not None:
        values["year"] = flt.year
    if flt.code:
        values["code"] = flt.code
    if flt.status:
        values["status"] = URIRef(ns.code_iri("finding-status", flt.status))
    if flt.member_id is not None:
        values["member"] = _member_iri(store, state, flt.member_id)[0]
    if flt.org_id is not None:
        values["org"] = _org_iri(store, state, flt.org_id)
        return "reports/findings-in-org", values
    return "reports/findings", values


def _matching(store: Store, state: _State, flt: FindingFilter) -> list[str]:
    """The IRIs of the findings that pass `flt`, in the contract's order (cached)."""
    def compute():
        query, values = _filter_values(store, state, flt)
        return [str(r["finding"]) for r in _rows(store, query, values, list(state.graphs))]

    return _cached(state, ("matching", flt), compute, len)


def _items(store: Store, state: _State, iris: list[str]) -> list[dict]:
    """The API's finding objects for `iris`, in that order, each with its subjects."""
    if not iris:
        return []
    terms = [URIRef(i) for i in iris]
    rows = {str(r["finding"]): r for r in _rows(store, "reports/findings", {"finding": terms}, list(state.graphs))}
    subjects: dict[str, list[dict]] = defaultdict(list)
    for s in _rows(store, "reports/finding-subjects", {"finding": terms}, list(state.graphs[:2])):
        subjects[str(s["finding"])].append({
            "member_id": plain(s["memberId"]), "name": plain(s["memberName"]),
            "org_id": plain(s["orgId"]), "org_name": plain(s["orgLabel"]),
            "kind": "member" if s["memberId"] is not None else "organisation"})
    items = []
    for iri in iris:
        r = rows.get(iri)
        if r is None:  # replaced by a run stored since the list was read; the next request re-reads
            continue
        items.append({
            "obligation": str(r["code"]), "subject_id": str(r["subjectId"]), "period": str(r["period"]),
            "status": _status_name(r["status"]), "expected": _number(r["expected"]),
            "observed": _number(r["observed"]), "article": str(r["article"]), "rule": str(r["ruleCode"]),
            "year": plain(r["year"]), "as_of": plain(r["asOf"]), "window_end": plain(r["windowEnd"]),
            "iri": iri, "trace": trace_reference(state.dataset, r),
            "subjects": subjects.get(iri, []),
        })
    return items


def list_findings(store: Store, dataset: str, flt: FindingFilter = FindingFilter(), *,
                  limit: int = DEFAULT_LIMIT, offset: int = 0) -> dict:
    """One page of the stored findings that pass `flt`, in the contract's order, each with
    its subjects (member or organisation, and the organisation it belongs to)."""
    check_filter(store, flt)
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"limit={limit}: expected 1 to {MAX_LIMIT}")
    if offset < 0:
        raise InputError(f"offset={offset}: expected 0 or more")
    state = _state(store, dataset)
    iris = _matching(store, state, flt)
    page = _cached(state, ("page", flt, offset, limit),
                   lambda: _items(store, state, iris[offset:offset + limit]), len)
    return {"dataset": dataset, "total": len(iris), "offset": offset, "limit": limit, "findings": page}


def all_findings(store: Store, dataset: str, flt: FindingFilter = FindingFilter()) -> Iterator[dict]:
    """Every stored finding that passes `flt`, as list_findings gives them, read page by page."""
    check_filter(store, flt)
    state = _state(store, dataset)
    iris = _matching(store, state, flt)
    for start in range(0, len(iris), PAGE_QUERY_SIZE):
        yield from _items(store, state, iris[start:start + PAGE_QUERY_SIZE])


def latest_summaries(store: Store, dataset: str, year: int | None = None) -> dict[int, dict[str, dict]]:
    """year -> code -> the summary of the newest run of that year that checked the code
    (shared with later callers: read it, do not change it)."""
    summaries = _state(store, dataset).summaries
    if year is None:
        return summaries
    return {year: summaries[year]} if year in summaries else {}


def newest_summary(store: Store, dataset: str, code: str) -> dict | None:
    """The summary of the newest run, of any year, that checked `code` (None if none did)."""
    found = [by_code[code] for by_code in latest_summaries(store, dataset).values() if code in by_code]
    return max(found, key=lambda s: s["started"], default=None)


def run_years(store: Store, dataset: str) -> list[int]:
    """The years with a stored check run, newest first."""
    return sorted(latest_summaries(store, dataset), reverse=True)


def _year_in_force(state: _State, year: int | None) -> tuple[int, dict[str, dict]]:
    summaries = state.summaries
    if year is not None and year not in summaries or not summaries:
        when = f" for {year}" if year is not None else ""
        raise NotFound(f"dataset {state.dataset!r} has no check run{when}; run one with POST /api/checks "
                       f"or `kg-service check`")
    chosen = year if year is not None else max(summaries)
    return chosen, dict(sorted(summaries[chosen].items()))


def _stored_counts(store: Store, state: _State, year: int, org: URIRef | None = None):
    def compute():
        name, values = ("reports/status-counts", {"year": year})
        if org is not None:
            name, values = "reports/status-counts-in-org", {"year": year, "org": org}
        counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
        for r in _rows(store, name, values, list(state.graphs)):
            counts[str(r["code"])][_status_name(r["status"])] = int(r["count"])
        return dict(counts)

    return _cached(state, ("stored-counts", year, None if org is None else str(org)), compute)


def _complete_codes(summaries: dict[str, dict], stored: dict[str, dict[str, int]]) -> set[str]:
    """Codes whose compliant instances were all stored (or that had none)."""
    return {code for code, s in summaries.items() if stored.get(code, {}).get("compliant", 0) == s["met"]}


def _rate(met: int, bound: int, complete: bool) -> float | None:
    return round(met / bound, 4) if complete and bound else None


def statistics(store: Store, dataset: str, *, year: int | None = None, org_id: str | None = None) -> dict:
    """Compliance per obligation and per organisation for one year (default: the newest
    checked), within an organisation's subtree when `org_id` is given. The answer is shared
    with later callers: a caller may drop its top-level keys, not change what they hold."""
    state = _state(store, dataset)
    year, summaries = _year_in_force(state, year)
    org = _org_iri(store, state, org_id) if org_id is not None else None
    answer = _cached(state, ("statistics", year, org_id),
                     lambda: _statistics(store, state, year, summaries, org_id, org))
    return dict(answer)


def _statistics(store: Store, state: _State, year: int, summaries: dict, org_id, org) -> dict:
    stored = _stored_counts(store, state, year)
    complete = _complete_codes(summaries, stored)
    scoped = _stored_counts(store, state, year, org) if org is not None else None
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
    tree = _organisations(store, state)
    inside = _subtree({str(r["org"]): str(r["parent"]) if r["parent"] else None for r in tree},
                      str(org)) if org is not None else None
    per_org: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for r in _rows(store, "reports/org-status-counts", {"year": year}, list(state.graphs[:2])):
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
    return {"dataset": state.dataset, "year": year, "org_id": org_id, "complete": all_complete,
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
    state = _state(store, dataset)
    iri, info = _member_iri(store, state, member_id)
    year, summaries = _year_in_force(state, year)
    complete = _complete_codes(summaries, _stored_counts(store, state, year))
    found = all_findings(store, dataset, FindingFilter(year=year, member_id=member_id))
    obligations = [{k: v for k, v in f.items() if k != "subjects"} for f in found]
    statuses = {f["status"] for f in obligations}
    # Unmet findings are always stored, so "compliant" (nothing unmet) is certain even when
    # the met ones were not kept; only the list of met obligations may then be short.
    overall = next((s for s in ("violated", "pending") if s in statuses), "compliant")
    is_complete = complete == set(summaries)
    return {"dataset": dataset, "year": year, "member": {**info, "iri": str(iri)}, "status": overall,
            "complete": is_complete, "obligations": obligations}
