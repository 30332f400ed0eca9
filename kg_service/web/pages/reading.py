"""What the pages read from the store, through the named queries of queries/web/.

Public pages read only the public graphs; the compliance pages read a dataset's current
records graph and its findings graph, and are reached only after auth_pages.require_role.
Every query names its graphs explicitly (default_graph), so nothing private leaks into a
public page whatever the store holds.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from rdflib import URIRef

from ... import namespaces as ns
from ...queries import run_query
from ...regulation.inventory import plain
from ...store import catalog

_labels_cache: dict[tuple[int, str], dict[str, str]] = {}
_labels_lock = threading.Lock()


def _rows(store, name: str, values: dict | None = None, graphs=None) -> list[dict[str, Any]]:
    result = run_query(store, name, values, default_graph=graphs)
    return [{k: plain(v) for k, v in zip(result.variables, row)} for row in result.rows]


def labels(store, lang: str) -> dict[str, str]:
    """IRI -> label of the ontology's terms and codes (public; read once per process: the
    public graphs change only when the store is reopened)."""
    key = (id(store), lang)
    with _labels_lock:
        if key not in _labels_cache:
            rows = _rows(store, "web/labels", {"lang": lang}, [ns.GRAPH_ONTOLOGY])
            _labels_cache[key] = {r["term"]: r["label"] for r in rows}
        return _labels_cache[key]


def code_label(store, lang: str, code_list: str, code: str | None) -> str:
    if not code:
        return ""
    return labels(store, lang).get(ns.code_iri(code_list, code), code)


def dataset_graphs(store, dataset: str) -> list[str]:
    """The graphs of a dataset's compliance pages: findings, current records, regulation,
    ontology (for labels). NotFound if the dataset was never imported."""
    return [ns.findings_graph(dataset), catalog.current_graph(store, dataset), ns.GRAPH_REGULATION,
            ns.GRAPH_ONTOLOGY]


def latest_summaries(store, dataset: str, *, year: int | None = None, code: str | None = None) -> dict:
    """For each obligation code, the summary of the newest run that checked it (a later run of
    a year replaces the earlier findings of the obligations it checks)."""
    graphs = [ns.findings_graph(dataset), ns.GRAPH_REGULATION]
    values = {k: v for k, v in (("year", year), ("code", code)) if v is not None}
    latest: dict[str, dict] = {}
    for row in _rows(store, "web/run-summaries", values, graphs):
        latest.setdefault(row["code"], row)  # rows come newest first
    return dict(sorted(latest.items()))


def run_years(store, dataset: str) -> list[int]:
    rows = _rows(store, "web/run-summaries", {}, [ns.findings_graph(dataset), ns.GRAPH_REGULATION])
    return sorted({int(r["year"]) for r in rows}, reverse=True)


def stored_findings(store, dataset: str, *, year: int | None = None, code: str | None = None,
                    status: str | None = None, subject: str | None = None) -> list[dict]:
    """One dict per stored finding with its first subject's organisation (and member name)."""
    values: dict[str, Any] = {}
    if year is not None:
        values["year"] = year
    if code:
        values["code"] = code
    if status:
        values["status"] = URIRef(ns.code_iri("finding-status", status))
    if subject:
        values["subject"] = URIRef(subject)
    found: "OrderedDict[str, dict]" = OrderedDict()
    for row in _rows(store, "web/findings", values, dataset_graphs(store, dataset)):
        row["status"] = row["status"].rsplit("/", 1)[-1]
        item = found.setdefault(row["finding"], row)
        if item is not row and not item.get("memberName") and row.get("memberName"):
            item["memberName"] = row["memberName"]
    return list(found.values())


def member_info(store, dataset: str, member_id: str, lang: str) -> dict | None:
    """Who a member is (None when the dataset has no member with that id)."""
    iri = ns.record_iri(dataset, "member", member_id)
    rows = _rows(store, "web/member", {"member": URIRef(iri), "lang": lang}, dataset_graphs(store, dataset))
    if not rows:
        return None
    return {**rows[0], "iri": iri}


def member(store, dataset: str, member_id: str, lang: str) -> dict | None:
    """A member with every record that names them."""
    info = member_info(store, dataset, member_id, lang)
    if info is None:
        return None
    iri = info["iri"]
    info["records"] = _rows(store, "web/member-records", {"member": URIRef(iri)},
                            [catalog.current_graph(store, dataset)])
    return info


def statements(store, iri: str, graphs: list[str]) -> list[dict]:
    return _rows(store, "web/statements", {"resource": URIRef(iri)}, graphs)
