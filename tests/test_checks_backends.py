"""The check engine over the Store interface: the same findings, stored run and trace on the
embedded store and on a real `oxigraph serve` (the remote backend)."""

from __future__ import annotations

import datetime as dt

from _checks_support import load_family
from kg_service import namespaces as ns
from kg_service.store import catalog
from kg_service.checks.engine import run_checks
from kg_service.checks.provenance import record_run
from kg_service.checks.trace import trace_finding


def test_checks_run_store_and_trace_on_both_backends(loaded_store):
    load_family(loaded_store, "events")
    run = run_checks(loaded_store, "events", 2024, as_of=dt.date(2025, 1, 1), include_compliant=True)
    rows = {tuple(f.row()) for f in run.reported(False)}
    assert ("seven-talks", "m2", "ev2", "violated", "30", "", "第二十条", "qingdao") in rows
    assert ("four-visits", "m2", "ev4", "pending", "30", "", "第二十条", "qingdao") in rows
    assert ("relief", "m4", "ev8", "violated", "7", "", "第二十条", "qingdao") in rows
    assert not any(r[0] == "seven-talks" and r[2] == "ev1" for r in rows)
    record_run(loaded_store, run, include_compliant=True)
    trace = trace_finding(loaded_store, "events", "2024/retirement-talk/m3/ev5")
    assert trace["finding"]["observed"] == "9"
    assert sorted(e["id"] for e in trace["evidence"]) == ["t5a", "t5b"]
    # one findings graph in force, in the catalog; a second run replaces it and drops the first
    first = catalog.findings_graph(loaded_store, "events")
    assert [g for g in loaded_store.named_graphs() if g.startswith(ns.findings_graph("events"))] == [first]
    record_run(loaded_store, run_checks(loaded_store, "events", 2024, as_of=dt.date(2025, 1, 1)))
    second = catalog.findings_graph(loaded_store, "events")
    assert second != first
    assert [g for g in loaded_store.named_graphs() if g.startswith(ns.findings_graph("events"))] == [second]
    assert trace_finding(loaded_store, "events", "2024/seven-talks/m2/ev2")["finding"]["status"] == "violated"
