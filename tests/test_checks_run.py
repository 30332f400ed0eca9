"""The check run as a whole: parameters, the CLI's output and summary, the stored run with its
provenance, trace, and the demo generator's ground truth."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from _checks_support import DATA, findings_table, load_family
from kg_service import namespaces as ns
from kg_service.checks.engine import run_checks
from kg_service.checks.provenance import record_run
from kg_service.checks.trace import trace_finding
from kg_service.cli import main
from kg_service.errors import InputError, NotFound
from kg_service.store import catalog

KG = ns.KG


@pytest.fixture
def leaders(embedded_loaded_store):
    load_family(embedded_loaded_store, "leaders")
    return embedded_loaded_store


# --- parameters ---------------------------------------------------------------------------

def test_a_run_parameter_changes_the_threshold_and_the_verdict(leaders):
    table = findings_table(leaders, "leaders", "2025-01-01", codes=["leader-dlm"],
                           run_parameters={"leader-dlm.N": "2"})
    assert table[("leader-dlm", "m1", "2024")] == ("compliant", "2", "2")
    assert table[("leader-dlm", "m2", "2024")] == ("violated", "2", "1")


def test_config_parameters_apply_and_the_run_overrides_them(embedded_loaded_store):
    load_family(embedded_loaded_store, "events")
    config = findings_table(embedded_loaded_store, "events", "2025-01-01", codes=["seven-talks"],
                            config_parameters={"seven-talks.D": "29"})
    assert config[("seven-talks", "m1", "ev1")] == ("violated", "29", "")  # the talk came on day 30
    both = findings_table(embedded_loaded_store, "events", "2025-01-01", codes=["seven-talks"],
                          config_parameters={"seven-talks.D": "29"}, run_parameters={"seven-talks.D": "31"})
    assert both[("seven-talks", "m1", "ev1")] == ("compliant", "31", "30")
    assert both[("seven-talks", "m2", "ev2")] == ("compliant", "31", "31")


@pytest.mark.parametrize("key, value, words", [
    ("nope.N", "1", ["names no obligation", "leader-dlm", "seven-talks"]),
    ("leader-dlm.D", "1", ["has no parameter 'D'", "leader-dlm.N"]),
    ("youth-mentor.N", "1", ["has no parameter", "youth-mentor has no parameter"]),
    ("leader-dlm.N", "-1", ["not valid", "whole number"]),
    ("leader-dlm.N", "1.5", ["whole number"]),
    ("seven-talks.D", "abc", ["not valid"]),
])
def test_bad_parameters_are_refused_with_the_valid_choices(leaders, key, value, words):
    with pytest.raises(InputError) as err:
        run_checks(leaders, "leaders", 2024, run_parameters={key: value})
    for word in words:
        assert word in str(err.value)


def test_training_hours_may_be_decimal(embedded_loaded_store):
    load_family(embedded_loaded_store, "qingdao")
    table = findings_table(embedded_loaded_store, "qingdao", "2025-01-01", codes=["member-training"],
                           run_parameters={"member-training.N": "31.5"})
    assert table[("member-training", "a2", "2024")] == ("compliant", "31.5", "31.5")


def test_unknown_obligation_and_dataset_are_refused(leaders):
    with pytest.raises(InputError, match="valid codes: .*leader-dlm"):
        run_checks(leaders, "leaders", 2024, codes=["leader-xyz"])
    with pytest.raises(NotFound, match="no dataset named 'other'"):
        run_checks(leaders, "other", 2024)


# --- the stored run -------------------------------------------------------------------------

def _findings_graph(store, dataset) -> Graph:
    graph = Graph()
    graph.parse(data=store.dump_graph(catalog.findings_graph(store, dataset)).decode(), format="nt")
    return graph


def test_run_and_findings_are_stored_with_provenance(leaders):
    run = run_checks(leaders, "leaders", 2024, as_of=dt.date(2025, 1, 1), codes=["leader-dlm", "team-talk"],
                     run_parameters={"leader-dlm.N": "2"})
    record_run(leaders, run)
    g = _findings_graph(leaders, "leaders")
    r = URIRef(run.iri)
    assert (r, RDF.type, PROV.Activity) in g and (r, RDF.type, KG.CheckRun) in g
    assert g.value(r, PROV.startedAtTime) is not None and g.value(r, PROV.endedAtTime) is not None
    used = set(g.objects(r, PROV.used))
    assert URIRef(run.dataset_graph) in used
    assert URIRef(ns.query_iri("checks/meetings-attended")) in used
    assert URIRef(ns.query_iri("checks/bearers/team-pairs")) in used
    finding = URIRef(ns.finding_iri("leaders", 2024, "leader-dlm", "m2", "2024"))
    assert (finding, PROV.wasGeneratedBy, r) in g
    assert g.value(finding, KG.status) == URIRef(ns.code_iri("finding-status", "violated"))
    assert set(g.objects(finding, KG.evidence)) == {URIRef(ns.record_iri("leaders", "meeting", "d1"))}
    value = g.value(finding, KG.usedValue)
    assert str(g.value(value, KG.value)) == "2" and str(g.value(value, KG.valueSource)) == "run"
    # Compliant findings are stored only when asked for.
    assert (URIRef(ns.finding_iri("leaders", 2024, "leader-dlm", "m1", "2024")), None, None) not in g
    assert len(set(g.subjects(RDF.type, KG.Finding))) == 3 + 5


def test_evidence_is_listed_afterwards_for_the_non_compliant_findings_only(embedded_loaded_store):
    unlisted_compliant = listed_afterwards = 0
    for family in ("leaders", "qingdao", "events", "orgs"):
        load_family(embedded_loaded_store, family)
        full = run_checks(embedded_loaded_store, family, 2024, as_of=dt.date(2024, 12, 31), include_compliant=True)
        lean = run_checks(embedded_loaded_store, family, 2024, as_of=dt.date(2024, 12, 31))
        assert [f.row() for f in lean.findings] == [f.row() for f in full.findings]
        listed = {f.sort_key: f.evidence for f in full.findings}
        assert all(evidence is not None for evidence in listed.values())
        for f in lean.findings:
            if f.status == "compliant":  # listed only where the count is made from the records
                assert f.evidence in (None, listed[f.sort_key]), f.sort_key
                unlisted_compliant += f.evidence is None
            else:
                assert f.evidence == listed[f.sort_key], f.sort_key
                listed_afterwards += bool(f.evidence)
    assert unlisted_compliant and listed_afterwards


def test_compliant_findings_need_a_run_that_listed_their_evidence(leaders):
    run = run_checks(leaders, "leaders", 2024, as_of=dt.date(2025, 1, 1), codes=["leader-dlm"])
    assert any(f.status == "compliant" and f.evidence is None for f in run.findings)
    with pytest.raises(ValueError, match="include_compliant=True"):
        record_run(leaders, run, include_compliant=True)
    assert run.reported(False)


def test_a_new_run_replaces_that_years_findings_of_its_obligations_only(leaders):
    first = run_checks(leaders, "leaders", 2024, as_of=dt.date(2025, 1, 1), codes=["leader-dlm", "team-talk"])
    record_run(leaders, first)
    second = run_checks(leaders, "leaders", 2024, as_of=dt.date(2025, 1, 1), codes=["leader-dlm"],
                        run_parameters={"leader-dlm.N": "0"})
    record_run(leaders, second)
    g = _findings_graph(leaders, "leaders")
    generators = {str(o) for f in g.subjects(RDF.type, KG.Finding) for o in g.objects(f, PROV.wasGeneratedBy)}
    kinds = {str(g.value(f, KG.obligation)).rsplit("/", 1)[-1] for f in g.subjects(RDF.type, KG.Finding)}
    assert kinds == {"team-talk"}  # with N=0 every leader-dlm instance is met: none stored
    assert generators == {first.iri}
    assert len(set(g.subjects(RDF.type, KG.CheckRun))) == 2  # runs stay as history
    assert not [gr for gr in leaders.named_graphs() if "/scratch/" in gr]


# --- CLI ---------------------------------------------------------------------------------------

def test_check_command_writes_the_contract_format_and_a_summary(leaders, capsys, tmp_path):
    leaders.close()  # the command opens the store itself
    code = main(["check", "--store", str(leaders.path), "--year", "2024", "--as-of", "2025-01-01",
                 "--dataset", "leaders", "--obligation", "leader-dlm", "leader-olm"])
    out, err = capsys.readouterr()
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["obligation", "subject_id", "period", "status", "expected", "observed", "article", "rule"]
    assert rows[1:] == [["leader-dlm", "m9", "2024", "violated", "1", "0", "第十九条", "yichun"],
                        ["leader-olm", "m1", "2024", "violated", "1", "0", "第十九条", "yichun"],
                        ["leader-olm", "m100", "2024", "violated", "1", "0", "第十九条", "yichun"],
                        ["leader-olm", "m2", "2024", "violated", "1", "0", "第十九条", "yichun"]]
    summary = {line.split()[0]: line.split()[1:] for line in err.splitlines() if line.startswith("leader")}
    assert summary == {"leader-dlm": ["4", "3", "1", "0"], "leader-olm": ["4", "1", "3", "0"]}


def test_check_command_json_with_all_rows_to_a_file(leaders, tmp_path, capsys):
    leaders.close()
    target = tmp_path / "f.json"
    code = main(["check", "--store", str(leaders.path), "--year", "2024", "--as-of", "2024-06-01",
                 "--obligation", "secretary-talk", "--all", "--format", "json", "--output", str(target)])
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == [
        {"obligation": "secretary-talk", "subject_id": "m2|m1", "period": "2024", "status": "pending",
         "expected": "1", "observed": "0", "article": "第十九条", "rule": "yichun"},
        {"obligation": "secretary-talk", "subject_id": "m2|m9", "period": "2024", "status": "compliant",
         "expected": "1", "observed": "1", "article": "第十九条", "rule": "yichun"}]


def test_check_command_turtle_holds_the_same_findings_as_rdf(leaders, tmp_path, capsys):
    leaders.close()
    target = tmp_path / "f.ttl"
    assert main(["check", "--store", str(leaders.path), "--year", "2024", "--as-of", "2025-01-01",
                 "--obligation", "leader-dlm", "--format", "ttl", "--output", str(target)]) == 0
    g = Graph()
    g.parse(target, format="turtle")
    findings = set(g.subjects(RDF.type, KG.Finding))
    assert findings == {URIRef(ns.finding_iri("leaders", 2024, "leader-dlm", "m9", "2024"))}
    (finding,) = findings
    assert str(g.value(finding, KG.subjectId)) == "m9" and g.value(finding, KG.observed).toPython() == 0


def test_check_command_refuses_a_bad_parameter_with_status_2(leaders, capsys):
    leaders.close()
    code = main(["check", "--store", str(leaders.path), "--year", "2024", "--param", "leader-dlm.N=x"])
    assert code == 2
    assert "leader-dlm.N='x' is not valid" in capsys.readouterr().err


# --- trace ---------------------------------------------------------------------------------------

def test_trace_gathers_the_finding_its_words_rule_parameters_and_evidence(leaders):
    run = run_checks(leaders, "leaders", 2024, as_of=dt.date(2025, 1, 1), codes=["leader-dlm"],
                     include_compliant=True)
    record_run(leaders, run, include_compliant=True)
    t = trace_finding(leaders, "leaders", "2024/leader-dlm/m1/2024")
    assert t["finding"]["status"] == "compliant" and t["finding"]["observed"] == "2"
    assert t["clause"]["quote"] == "党员领导干部每年至少参加1次领导班子民主生活会"
    assert t["clause"]["text"][t["clause"]["start"]:t["clause"]["end"]] == t["clause"]["quote"]
    assert "【党员领导干部每年至少参加1次领导班子民主生活会】" in t["clause"]["marked"]
    assert t["article"]["label"] == "第十九条"
    assert t["local_rule"]["iri"] == ns.local_rule_iri("yichun")
    assert "严格落实党员领导干部过双重组织生活制度的意见" in t["local_rule"]["label"]
    assert "dual organisational life" not in t["local_rule"]["label"]
    assert t["parameters"] == [{"parameter": "N", "value": "1", "source": "default", "interpretation": False,
                                "word": None}]
    assert sorted(e["id"] for e in t["evidence"]) == ["d1", "d2"]
    assert {e["kind"] for e in t["evidence"]} == {"democratic_life"}


def test_trace_names_the_interpretation_of_a_vague_word(embedded_loaded_store):
    load_family(embedded_loaded_store, "events")
    run = run_checks(embedded_loaded_store, "events", 2024, as_of=dt.date(2025, 1, 1), codes=["seven-talks"],
                     run_parameters={"seven-talks.D": "15"})
    record_run(embedded_loaded_store, run)
    t = trace_finding(embedded_loaded_store, "events", ns.finding_iri("events", 2024, "seven-talks", "m1", "ev1"),
                      lang="en")
    assert t["finding"]["status"] == "violated" and t["finding"]["observed"] == ""
    assert t["parameters"] == [{"parameter": "D", "value": "15", "source": "run", "interpretation": True,
                                "word": "及时"}]
    assert t["evidence"] == []
    assert t["article"]["label"] == "Article 20"
    assert t["local_rule"]["label"].startswith("Qingdao")


def test_trace_of_an_unknown_finding_says_how_to_get_one(leaders):
    with pytest.raises(NotFound, match="run `kg-service check` first"):
        trace_finding(leaders, "leaders", "2024/leader-dlm/nobody/2024")
    with pytest.raises(InputError, match="YEAR/CODE/SUBJECT/PERIOD"):
        trace_finding(leaders, "leaders", "leader-dlm/m1")


def test_trace_command_prints_chinese_by_default(leaders, capsys):
    leaders.close()
    main(["check", "--store", str(leaders.path), "--year", "2024", "--as-of", "2025-01-01",
          "--obligation", "leader-olm"])
    capsys.readouterr()
    assert main(["trace", "--store", str(leaders.path), "2024/leader-olm/m1/2024"]) == 0
    out = capsys.readouterr().out
    assert "检查结论: leader-olm m1 2024 -> violated" in out
    assert "【党员领导干部每年至少参加1次所在党支部组织生活会】" in out
    assert "证据记录:\n  (无)" in out


# --- demo ground truth -------------------------------------------------------------------------

def test_demo_findings_equal_the_generators_expected_findings(embedded_loaded_store, tmp_path):
    from kg_service.demo.generator import generate_demo
    from kg_service.importers import import_csv_dataset

    result = generate_demo(tmp_path / "demo", members=600)
    import_csv_dataset(embedded_loaded_store, tmp_path / "demo", "demo")
    run = run_checks(embedded_loaded_store, "demo", result.manifest["year"],
                     as_of=dt.date.fromisoformat(result.manifest["as_of"]))
    with open(tmp_path / "demo" / "expected-findings.csv", encoding="utf-8", newline="") as fh:
        expected = list(csv.reader(fh))[1:]
    got = [f.row() for f in run.reported(False)]
    assert sorted(got) == sorted(expected)
    for code, counts in result.manifest["obligations"].items():
        s = run.summary[code]
        assert (s.bound, s.met, s.violated, s.pending) == (
            counts["bound"], counts["compliant"], counts["violated"], counts["pending"]), code
    assert {row[0] for row in got} == set(result.manifest["obligations"])  # every code has a finding


def test_instances_split_into_several_queries_give_the_same_findings(embedded_loaded_store, monkeypatch):
    from kg_service.checks import measures

    load_family(embedded_loaded_store, "qingdao")
    whole = findings_table(embedded_loaded_store, "qingdao", "2025-01-01")
    monkeypatch.setattr(measures, "BATCH", 2)
    assert findings_table(embedded_loaded_store, "qingdao", "2025-01-01") == whole
    assert sum(1 for (code, _, _) in whole if code == "member-training") > 2  # so it did split


def test_the_cyclic_collector_is_paused_during_a_run_and_resumed_after(leaders):
    import gc
    import threading

    seen = []

    class Watching:
        def __init__(self, store):
            self._store = store

        def __getattr__(self, name):
            return getattr(self._store, name)

        def select_text(self, query, **kwargs):
            seen.append(gc.isenabled())
            if len(seen) == 3:
                raise InputError("stop here")
            return self._store.select_text(query, **kwargs)

    assert gc.isenabled()
    with pytest.raises(InputError, match="stop here"):
        run_checks(Watching(leaders), "leaders", 2024, as_of=dt.date(2025, 1, 1))
    assert seen and not any(seen)
    assert gc.isenabled()  # resumed, even after a failed run
    # Runs in two threads share the pause: the collector resumes when the last one ends.
    from kg_service.checks.collector import collector_paused
    first_done, second_running = threading.Event(), threading.Event()

    def second():
        with collector_paused():
            second_running.set()
            first_done.wait(10)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=second)
    with collector_paused():
        thread.start()
        second_running.wait(10)
    first_done.set()
    thread.join(10)
    assert seen[-1] is False and gc.isenabled()


def test_findings_come_in_the_stable_order_of_code_subject_and_period(embedded_loaded_store, tmp_path):
    from kg_service.demo.generator import generate_demo
    from kg_service.importers import import_csv_dataset

    result = generate_demo(tmp_path / "demo", members=300)
    import_csv_dataset(embedded_loaded_store, tmp_path / "demo", "demo")
    run = run_checks(embedded_loaded_store, "demo", result.manifest["year"],
                     as_of=dt.date.fromisoformat(result.manifest["as_of"]))
    keys = [f.sort_key for f in run.findings]
    assert len({k[0] for k in keys}) == 27
    assert keys == sorted(keys)
