"""The demo generator: deterministic, valid per the data contract, and its ground truth complete."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from kg_service.cli import main
from kg_service.demo import DEFAULT_YEAR, generate_demo
from kg_service.demo.ledger import FINDING_COLUMNS, OBLIGATIONS
from kg_service.demo.sink import COLUMNS

from _contract import CONTRACT_CODES

# The CSV columns the demo writes, checked against the contract's code lists (region and role
# may be empty: inherit, and participant).
CODES = {
    "kind": CONTRACT_CODES["org-kind"],
    "region": {"yichun", "qingdao", ""},
    "status": CONTRACT_CODES["member-status"],
    "post": CONTRACT_CODES["post"],
    "meeting": CONTRACT_CODES["meeting-kind"],
    "attendance": CONTRACT_CODES["attendance-status"],
    "role": CONTRACT_CODES["attendance-role"] | {""},
    "event": CONTRACT_CODES["event-kind"],
    "care": CONTRACT_CODES["care-kind"],
    "training": CONTRACT_CODES["training-kind"],
}
YEAR = DEFAULT_YEAR


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    generate_demo(out)
    return out


def read(directory: Path, name: str) -> list[dict]:
    with open(directory / name, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
    stem = name.removesuffix(".csv")
    expected = COLUMNS[stem] if stem in COLUMNS else FINDING_COLUMNS
    assert tuple(reader.fieldnames) == expected, name
    return rows


def iso(text: str, where: str) -> date:
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", text), where
    return date.fromisoformat(text)


def unique(rows: list[dict], key: str, name: str) -> set[str]:
    ids = [r[key] for r in rows]
    dupes = [k for k, n in Counter(ids).items() if n > 1]
    assert not dupes, f"{name}: duplicate {key} {dupes[:5]}"
    assert all(ids), f"{name}: empty {key}"
    return set(ids)


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_demo(a, members=250, seed=7)
    generate_demo(b, members=250, seed=7)
    generate_demo(c, members=250, seed=8)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert len(names) == 10  # eight CSV files, expected-findings.csv, demo.json
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "members.csv").read_bytes() != (c / "members.csv").read_bytes()


def test_every_file_keeps_the_contract(demo):
    orgs = read(demo, "organizations.csv")
    org_ids = unique(orgs, "org_id", "organizations")
    kind = {o["org_id"]: o["kind"] for o in orgs}
    parent = {o["org_id"]: o["parent_id"] for o in orgs}
    for o in orgs:
        assert o["kind"] in CODES["kind"] and o["region"] in CODES["region"] and o["name"]
        assert o["parent_id"] == "" or o["parent_id"] in org_ids
    for org in org_ids:  # the tree has no cycle
        seen, node = set(), org
        while node:
            assert node not in seen, f"cycle through {org}"
            seen.add(node)
            node = parent[node]

    members = read(demo, "members.csv")
    member_ids = unique(members, "member_id", "members")
    for m in members:
        assert m["status"] in CODES["status"]
        assert kind[m["org_id"]] in ("committee", "general_branch", "branch"), m
        for col in ("birth_date", "join_date"):
            if m[col]:
                iso(m[col], f"members {m['member_id']} {col}")
        assert re.search(r"[\u4e00-\u9fff]", m["name"]), m["name"]

    for p in read(demo, "posts.csv"):
        assert p["member_id"] in member_ids and p["org_id"] in org_ids and p["post"] in CODES["post"]
        start = iso(p["start_date"], "posts start")
        if p["end_date"]:
            assert iso(p["end_date"], "posts end") >= start
        if p["post"] == "team_member":
            assert kind[p["org_id"]] == "leadership_team"

    meetings = read(demo, "meetings.csv")
    meeting_ids = unique(meetings, "meeting_id", "meetings")
    for mt in meetings:
        assert mt["kind"] in CODES["meeting"] and mt["org_id"] in org_ids
        iso(mt["date"], "meetings date")
        assert mt["lecturer_id"] == "" or mt["lecturer_id"] in member_ids

    for a in read(demo, "attendance.csv"):
        assert a["meeting_id"] in meeting_ids and a["member_id"] in member_ids
        assert a["status"] in CODES["attendance"] and a["role"] in CODES["role"]

    events = read(demo, "events.csv")
    event_ids = unique(events, "event_id", "events")
    for e in events:
        assert e["member_id"] in member_ids and e["kind"] in CODES["event"]
        iso(e["date"], "events date")

    care = read(demo, "care.csv")
    unique(care, "care_id", "care")
    for c in care:
        assert c["kind"] in CODES["care"] and c["member_id"] in member_ids
        assert c["by_member_id"] == "" or c["by_member_id"] in member_ids
        assert c["event_id"] == "" or c["event_id"] in event_ids
        iso(c["date"], "care date")

    for t in read(demo, "training.csv"):
        assert t["member_id"] in member_ids and t["kind"] in CODES["training"]
        iso(t["date"], "training date")
        assert re.fullmatch(r"\d+(\.\d+)?", t["hours"]) and Decimal(t["hours"]) > 0, t


def test_every_code_has_an_expected_finding_and_the_rows_keep_section_4(demo):
    findings = read(demo, "expected-findings.csv")
    manifest = json.loads((demo / "demo.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == f"{YEAR}-12-31" and manifest["year"] == YEAR
    assert set(f["obligation"] for f in findings) == set(OBLIGATIONS) and len(OBLIGATIONS) == 27
    members = {m["member_id"] for m in read(demo, "members.csv")}
    orgs = {o["org_id"] for o in read(demo, "organizations.csv")}
    events = {e["event_id"]: e for e in read(demo, "events.csv")}
    triggered = {"seven-talks", "four-visits", "retirement-talk", "trauma-counselling", "relief"}
    for f in findings:
        ob = OBLIGATIONS[f["obligation"]]
        assert (f["article"], f["rule"]) == (ob.article, ob.rule)
        assert f["status"] in ("violated", "pending")
        if f["obligation"] in triggered:
            event = events[f["period"]]
            assert event["member_id"] == f["subject_id"] and event["date"].startswith(str(YEAR))
            assert f["expected"] == str(ob.default) and f["observed"] == ""
        else:
            assert f["period"] == str(YEAR) and f["status"] == "violated"
            try:
                Decimal(f["expected"]), Decimal(f["observed"])
            except InvalidOperation:
                pytest.fail(f"not numbers: {f}")
            ids = f["subject_id"].split("|")
            assert all(i in members or i in orgs for i in ids), f
            if f["obligation"] == "team-talk":
                assert ids == sorted(ids)
    assert any(f["status"] == "pending" for f in findings)
    per_code = Counter((f["obligation"], f["status"]) for f in findings)
    for code, counts in manifest["obligations"].items():
        assert counts["violated"] == per_code[(code, "violated")]
        assert counts["pending"] == per_code[(code, "pending")]
        assert counts["compliant"] > 0, f"{code}: nothing met, so the share is not known"
        assert counts["bound"] == counts["compliant"] + counts["violated"] + counts["pending"]


def test_regions_are_yichun_qingdao_and_none_declared_below_the_roots_too(demo):
    orgs = {o["org_id"]: o for o in read(demo, "organizations.csv")}

    def region(org_id):
        while org_id:
            if orgs[org_id]["region"]:
                return orgs[org_id]["region"]
            org_id = orgs[org_id]["parent_id"]
        return None

    member_regions = Counter(region(m["org_id"]) for m in read(demo, "members.csv"))
    assert set(member_regions) == {"yichun", "qingdao", None}
    declared_below_root = [o for o in orgs.values() if o["region"] and o["parent_id"]]
    assert {o["region"] for o in declared_below_root} == {"yichun", "qingdao"}


def test_boundary_cases_are_in_the_data(demo):
    members = read(demo, "members.csv")
    births = {m["birth_date"] for m in members}
    joins = {m["join_date"] for m in members}
    assert {f"{YEAR - 35}-07-01", f"{YEAR - 36}-07-01", f"{YEAR - 36}-07-02"} <= births
    assert {f"{YEAR}-07-01", f"{YEAR}-07-02", f"{YEAR - 50}-12-31", f"{YEAR - 49}-01-01", ""} <= joins
    posts = read(demo, "posts.csv")
    assert any(p["end_date"] and p["end_date"] < f"{YEAR}-07-01" for p in posts)
    assert any(p["start_date"] > f"{YEAR}-07-01" for p in posts)
    roles = {a["role"] for a in read(demo, "attendance.csv")}
    assert "guide" in roles


def test_demo_command_writes_and_imports(tmp_path, capsys):
    out, store = tmp_path / "data", tmp_path / "store"
    assert main(["demo", "--members", "200", "--output", str(out), "--store", str(store), "--import"]) == 0
    printed = capsys.readouterr().out
    assert "imported dataset 'demo'" in printed and "check --year 2024 --as-of 2024-12-31" in printed
    from kg_service.store import open_store
    from kg_service.config import Settings

    with open_store(Settings(store=str(store))) as s:
        result = s.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a <https://w3id.org/party-kg/ontology#Member> } }")
        assert int(result.column("n")[0]) == 200


def test_demo_command_refuses_a_size_too_small(tmp_path, capsys):
    assert main(["demo", "--members", "50", "--output", str(tmp_path / "x")]) == 2
    assert "at least 200" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("year,seed", [(2023, 5), (2025, 11)])
def test_other_years_and_seeds_generate_with_every_code_found(tmp_path, year, seed):
    # Leap-day birthdays and join dates meet non-leap years here (a crash once hid there).
    result = generate_demo(tmp_path, members=1000, seed=seed, year=year)
    assert result.manifest["as_of"] == f"{year}-12-31"
    assert all(c["violated"] + c["pending"] >= 1 for c in result.manifest["obligations"].values())
