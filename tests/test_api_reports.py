"""The REST API's check run, findings, member status, statistics and trace over real HTTP.

A demo dataset (200 members, the generator's smallest) is imported into a fresh embedded
store, the server runs on a free port, and a check is run through POST /api/checks. The
expected answers come from the generator's own ground truth (expected-findings.csv and the
per-code counts of demo.json) and from the CSV files, never from the engine's output.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict

import pytest

from _endpoint_support import ADMIN, INSPECTOR, serve
from kg_service.demo.generator import generate_demo
from kg_service.importers.csv_import import import_csv_dataset
from kg_service.store import EmbeddedStore
from kg_service.store.public import ensure_public_graphs

DATASET = "demo"


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


class Truth:
    """What the generator wrote: the unmet findings, per-code counts, the org tree, branches."""

    def __init__(self, directory):
        self.manifest = json.loads((directory / "demo.json").read_text(encoding="utf-8"))
        self.unmet = _csv(directory / "expected-findings.csv")
        self.branch = {r["member_id"]: r["org_id"] for r in _csv(directory / "members.csv")}
        self.parent = {r["org_id"]: r["parent_id"] or None for r in _csv(directory / "organizations.csv")}

    def subtree(self, root: str) -> set[str]:
        def ancestors(org):
            while org:
                yield org
                org = self.parent[org]
        return {org for org in self.parent if root in ancestors(org)}

    def orgs_of(self, subject_id: str) -> set[str]:
        return {self.branch.get(part, part) for part in subject_id.split("|")}

    def keys(self, rows) -> set[tuple]:
        return {(r["obligation"], r["subject_id"], r["period"], r["status"]) for r in rows}


@pytest.fixture(scope="module")
def truth_and_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("api-reports")
    demo = generate_demo(base / "csv", members=200)
    store = EmbeddedStore(base / "store")
    ensure_public_graphs(store)
    import_csv_dataset(store, base / "csv", DATASET)
    store.close()
    with serve(base / "store", sample=False) as running:
        yield Truth(demo.directory), running


@pytest.fixture(scope="module")
def truth(truth_and_server):
    return truth_and_server[0]


@pytest.fixture(scope="module")
def server(truth_and_server):
    return truth_and_server[1]


@pytest.fixture(scope="module")
def check_run(truth, server):
    body = {"dataset": DATASET, "year": truth.manifest["year"], "as_of": truth.manifest["as_of"]}
    answer = server.client.request("POST", "/api/checks", data=json.dumps(body), token=INSPECTOR,
                                   headers={"Content-Type": "application/json"})
    assert answer.status == 201, answer.body
    return answer.json()


def findings(server, token=INSPECTOR, **params):
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/findings", params=params, token=token)
    assert answer.status == 200, answer.body
    return answer.json()


def all_findings(server, **params) -> list[dict]:
    page = findings(server, limit=1000, **params)
    assert page["total"] <= 1000
    return page["findings"]


def test_the_check_run_answers_the_generators_unmet_findings(truth, check_run):
    assert truth.keys(check_run["findings"]) == truth.keys(truth.unmet)
    for code, counts in truth.manifest["obligations"].items():
        summary = check_run["summary"][code]
        assert (summary["bound"], summary["violated"], summary["pending"]) == (
            counts["bound"], counts["violated"], counts["pending"]), code


def test_findings_by_status_match_the_ground_truth(truth, server, check_run):
    for status in ("violated", "pending"):
        expected = [r for r in truth.unmet if r["status"] == status]
        rows = all_findings(server, status=status)
        assert truth.keys(rows) == truth.keys(expected)
        # Every field of the contract's format, as the generator wrote it.
        assert {tuple(r[k] for k in ("obligation", "subject_id", "period", "status", "expected", "observed",
                                     "article", "rule")) for r in rows} == \
               {tuple(r.values()) for r in expected}
    compliant = all_findings(server, status="compliant")
    assert len(compliant) == sum(c["compliant"] for c in truth.manifest["obligations"].values())


def test_findings_by_obligation(truth, server, check_run):
    for code in ("leader-dlm", "team-talk", "seven-talks", "branch-theme-day"):
        rows = all_findings(server, obligation=code)
        assert {r["obligation"] for r in rows} == {code}
        assert len(rows) == truth.manifest["obligations"][code]["bound"]
        unmet = [r for r in rows if r["status"] != "compliant"]
        assert truth.keys(unmet) == truth.keys(r for r in truth.unmet if r["obligation"] == code)


def test_findings_in_an_org_subtree(truth, server, check_run):
    department = next(org for org, parent in truth.parent.items() if parent and truth.parent[parent] is None)
    inside = truth.subtree(department)
    expected = [r for r in truth.unmet if truth.orgs_of(r["subject_id"]) & inside]
    assert expected and len(expected) < len(truth.unmet)
    rows = [r for r in all_findings(server, org=department) if r["status"] != "compliant"]
    assert truth.keys(rows) == truth.keys(expected)
    for row in rows:
        assert {s["org_id"] for s in row["subjects"]} & inside


def test_findings_about_a_member_include_pairs(truth, server, check_run):
    pair = next(r for r in truth.unmet if r["obligation"] == "team-talk")
    member = pair["subject_id"].split("|")[1]
    rows = all_findings(server, member=member)
    assert pair["subject_id"] in {r["subject_id"] for r in rows}
    assert all(member in r["subject_id"].split("|") for r in rows)
    assert truth.keys(r for r in rows if r["status"] != "compliant") == truth.keys(
        r for r in truth.unmet if member in r["subject_id"].split("|"))
    subjects = next(r for r in rows if r["subject_id"] == pair["subject_id"])["subjects"]
    assert sorted(s["member_id"] for s in subjects) == sorted(pair["subject_id"].split("|"))


def test_filters_combine_and_pages_partition_the_list(truth, server, check_run):
    rows = all_findings(server, status="violated", obligation="member-training")
    assert truth.keys(rows) == truth.keys(r for r in truth.unmet
                                          if r["status"] == "violated" and r["obligation"] == "member-training")
    everything = all_findings(server)
    pages = [findings(server, limit=50, offset=offset) for offset in range(0, len(everything), 50)]
    assert [r["iri"] for p in pages for r in p["findings"]] == [r["iri"] for r in everything]
    assert all(p["total"] == len(everything) for p in pages)


def test_a_listed_finding_traces_to_its_sentence(truth, server, check_run):
    row = all_findings(server, obligation="leader-dlm", status="violated")[0]
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/findings/{row['trace']}", token=INSPECTOR)
    assert answer.status == 200, answer.body
    trace = answer.json()
    text = json.dumps(trace, ensure_ascii=False)
    assert "党员领导干部每年至少参加1次领导班子民主生活会" in text
    assert row["subject_id"] in text and "第十九条" in text


def test_a_members_obligations_and_status(truth, server, check_run):
    violated = next(r for r in truth.unmet if r["status"] == "violated" and "|" not in r["subject_id"]
                    and r["subject_id"] in truth.branch)
    member = violated["subject_id"]
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/members/{member}", token=INSPECTOR)
    assert answer.status == 200, answer.body
    status = answer.json()
    assert status["status"] == "violated" and status["complete"] is True
    assert status["member"]["member_id"] == member and status["member"]["branch_id"] == truth.branch[member]
    unmet = [o for o in status["obligations"] if o["status"] != "compliant"]
    assert truth.keys(unmet) == truth.keys(r for r in truth.unmet if member in r["subject_id"].split("|"))
    met = {m for r in truth.unmet for m in r["subject_id"].split("|")}
    clean = next(m for m in truth.branch if m not in met)
    clean_status = server.client.request("GET", f"/api/datasets/{DATASET}/members/{clean}", token=INSPECTOR).json()
    assert clean_status["status"] == "compliant"
    assert all(o["status"] == "compliant" for o in clean_status["obligations"])


def test_statistics_per_obligation_and_organisation(truth, server, check_run):
    stats = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", token=INSPECTOR).json()
    assert stats["year"] == truth.manifest["year"] and stats["complete"] is True
    by_code = {o["obligation"]: o for o in stats["obligations"]}
    assert set(by_code) == set(truth.manifest["obligations"])
    for code, counts in truth.manifest["obligations"].items():
        o = by_code[code]
        assert (o["bound"], o["met"], o["violated"], o["pending"]) == (
            counts["bound"], counts["compliant"], counts["violated"], counts["pending"]), code
        assert o["rate"] == (round(counts["compliant"] / counts["bound"], 4) if counts["bound"] else None)
    unmet_by_org = defaultdict(lambda: {"violated": 0, "pending": 0})
    for r in truth.unmet:
        for org in truth.orgs_of(r["subject_id"]):
            unmet_by_org[org][r["status"]] += 1
    orgs = {o["org_id"]: o for o in stats["organisations"]}
    assert set(orgs) == set(truth.parent)
    for org, row in orgs.items():
        assert (row["violated"], row["pending"]) == (unmet_by_org[org]["violated"], unmet_by_org[org]["pending"])
        if row["bound"]:
            assert row["rate"] == round(row["met"] / row["bound"], 4)


def test_statistics_within_a_subtree(truth, server, check_run):
    department = next(org for org, parent in truth.parent.items() if parent and truth.parent[parent] is None)
    inside = truth.subtree(department)
    stats = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", params={"org": department},
                                  token=INSPECTOR).json()
    assert {o["org_id"] for o in stats["organisations"]} == inside
    expected = defaultdict(int)
    for r in truth.unmet:
        if truth.orgs_of(r["subject_id"]) & inside:
            expected[r["obligation"]] += 1
    assert {o["obligation"]: o["violated"] + o["pending"] for o in stats["obligations"]
            if o["violated"] + o["pending"]} == dict(expected)


@pytest.mark.parametrize("params, where", [
    ({"status": "broken"}, "status"),
    ({"obligation": "no-such-code"}, "obligation"),
    ({"year": "last"}, "year"),
    ({"limit": "0"}, "limit"),
    ({"limit": "5000"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"colour": "red"}, "colour"),
    ({"member": ""}, "member"),
])
def test_bad_filters_are_refused_in_the_error_shape(server, check_run, params, where):
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/findings", params=params, token=INSPECTOR)
    assert answer.status == 400, answer.body
    error = answer.json()["error"]
    assert error["status"] == 400 and error["code"] == "bad_input" and where in error["message"]


@pytest.mark.parametrize("path", [
    f"/api/datasets/{DATASET}/findings?org=nowhere",
    f"/api/datasets/{DATASET}/findings?member=nobody",
    f"/api/datasets/{DATASET}/members/nobody",
    "/api/datasets/unknown/findings",
    "/api/datasets/unknown/statistics",
])
def test_unknown_things_are_404(server, check_run, path):
    answer = server.client.request("GET", path, token=INSPECTOR)
    assert answer.status == 404, answer.body
    assert answer.json()["error"]["code"] == "not_found"


def test_statistics_of_a_year_never_checked_is_404(server, check_run):
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", params={"year": 1999},
                                   token=INSPECTOR)
    assert answer.status == 404 and "no check run for 1999" in answer.json()["error"]["message"]


@pytest.mark.parametrize("path", [
    f"/api/datasets/{DATASET}/findings",
    f"/api/datasets/{DATASET}/members/m1",
    f"/api/datasets/{DATASET}/statistics?org=yc",
    f"/api/datasets/{DATASET}/findings/2024/leader-dlm/m1/2024",
])
def test_anonymous_callers_get_401_on_private_paths(server, check_run, path):
    answer = server.client.request("GET", path)
    assert answer.status == 401, answer.body
    assert answer.json()["error"]["code"] == "unauthorized"
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_openapi_describes_the_report_paths(server):
    paths = server.client.request("GET", "/api/openapi.json").json()["paths"]
    assert {"/api/datasets/{dataset}/findings", "/api/datasets/{dataset}/members/{member}",
            "/api/datasets/{dataset}/statistics"} <= set(paths)


def test_anonymous_callers_get_the_aggregate_statistics_only(truth, server, check_run):
    answer = server.client.request("GET", f"/api/datasets/{DATASET}/statistics")
    assert answer.status == 200, answer.body
    stats = answer.json()
    assert "organisations" not in stats
    assert {o["obligation"] for o in stats["obligations"]} == set(truth.manifest["obligations"])
    for path in ("/api/articles", "/api/obligations", "/api/openapi.json"):
        assert server.client.request("GET", path).status == 200


def test_a_run_without_compliant_findings_says_its_statistics_are_incomplete(truth, server, check_run):
    body = {"dataset": DATASET, "year": truth.manifest["year"], "as_of": truth.manifest["as_of"],
            "obligations": ["leader-dlm"], "keep_compliant": False}
    answer = server.client.request("POST", "/api/checks", data=json.dumps(body), token=INSPECTOR,
                                   headers={"Content-Type": "application/json"})
    assert answer.status == 201, answer.body
    try:
        stats = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", token=INSPECTOR).json()
        assert stats["complete"] is False
        assert all(o["rate"] is None for o in stats["organisations"])
        leader = next(o for o in stats["obligations"] if o["obligation"] == "leader-dlm")
        counts = truth.manifest["obligations"]["leader-dlm"]
        # Per obligation the run's summary still gives exact figures.
        assert (leader["bound"], leader["met"]) == (counts["bound"], counts["compliant"])
        assert not [r for r in all_findings(server, obligation="leader-dlm") if r["status"] == "compliant"]
    finally:
        body["keep_compliant"] = True
        again = server.client.request("POST", "/api/checks", data=json.dumps(body), token=INSPECTOR,
                                      headers={"Content-Type": "application/json"})
        assert again.status == 201


def test_findings_and_statistics_follow_a_sparql_update_of_the_findings(truth, server, check_run):
    # Both answers are cached per stored run; an update that stores no run must still show.
    before = findings(server, status="violated", obligation="leader-dlm")
    stats = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", token=INSPECTOR).json()
    org = before["findings"][0]["subjects"][0]["org_id"]
    org_violated = next(o["violated"] for o in stats["organisations"] if o["org_id"] == org)
    gone = before["findings"][0]["iri"]
    # the findings graph in force is the one the catalog points to
    update = (f"PREFIX kg: <https://w3id.org/party-kg/ontology#> "
              f"DELETE {{ GRAPH ?g {{ <{gone}> ?p ?o }} }} WHERE {{ "
              f"GRAPH <https://w3id.org/party-kg/id/graph/catalog> {{ ?d kg:currentFindingsGraph ?g }} "
              f"GRAPH ?g {{ <{gone}> ?p ?o }} }}")
    answer = server.client.request("POST", "/sparql", data=update, token=ADMIN,
                                   headers={"Content-Type": "application/sparql-update"})
    assert answer.status == 204, answer.body
    try:
        after = findings(server, status="violated", obligation="leader-dlm")
        assert after["total"] == before["total"] - 1
        assert gone not in {r["iri"] for r in after["findings"]}
        stats = server.client.request("GET", f"/api/datasets/{DATASET}/statistics", token=INSPECTOR).json()
        assert next(o["violated"] for o in stats["organisations"] if o["org_id"] == org) == org_violated - 1
    finally:
        body = {"dataset": DATASET, "year": truth.manifest["year"], "as_of": truth.manifest["as_of"],
                "obligations": ["leader-dlm"]}
        again = server.client.request("POST", "/api/checks", data=json.dumps(body), token=INSPECTOR,
                                      headers={"Content-Type": "application/json"})
        assert again.status == 201
    assert findings(server, status="violated", obligation="leader-dlm")["total"] == before["total"]
