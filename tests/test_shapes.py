"""The SHACL shapes: the seed graph and a hand-made valid dataset conform; each kind of broken
data is refused with the message meant for it; `kg-service validate` exits 0 or 1 accordingly."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, XSD

from kg_service.cli import main
from kg_service.errors import InputError
from kg_service.namespaces import KG, OA, ORG, code_iri, obligation_iri, record_iri, region_iri
from kg_service.regulation.ontology import load_ontology_graph, load_shapes_graph
from kg_service.regulation.seed import load_seed_graph
from kg_service.regulation.validation import ShapesReport, validate_shapes

DS = "test"


@pytest.fixture(scope="module")
def ontology():
    return load_ontology_graph()


@pytest.fixture(scope="module")
def shapes():
    return load_shapes_graph()


@pytest.fixture(scope="module")
def seed():
    return load_seed_graph()


def rec(kind: str, rid: str) -> URIRef:
    return URIRef(record_iri(DS, kind, rid))


def code(code_list: str, value: str) -> URIRef:
    return URIRef(code_iri(code_list, value))


def day(text: str) -> list:
    value = date.fromisoformat(text)
    return [Literal(value.isoformat(), datatype=XSD.date),
            Literal((value - date(1970, 1, 1)).days, datatype=XSD.integer)]


def valid_dataset() -> Graph:
    """A small dataset with one record of every kind, as the importer writes it."""
    g = Graph()
    committee, branch, team = rec("org", "c1"), rec("org", "b1"), rec("org", "t1")
    for org, kind, parent in ((committee, "committee", None), (branch, "branch", committee),
                              (team, "leadership_team", committee)):
        g.add((org, RDF.type, KG.Organization))
        g.add((org, KG.orgId, Literal(str(org).rsplit("/", 1)[1])))
        g.add((org, RDFS.label, Literal(f"组织 {org}")))
        g.add((org, KG.orgKind, code("org-kind", kind)))
        g.add((org, KG.region, URIRef(region_iri("yichun"))))
        if parent is not None:
            g.add((org, ORG.subOrganizationOf, parent))
    g.add((committee, KG.declaredRegion, URIRef(region_iri("yichun"))))
    for mid in ("m1", "m2"):
        m = rec("member", mid)
        g.add((m, RDF.type, KG.Member))
        g.add((m, KG.memberId, Literal(mid)))
        g.add((m, FOAF.name, Literal("张三")))
        g.add((m, KG.birthDate, day("1990-05-01")[0]))
        g.add((m, KG.joinDate, day("2015-07-01")[0]))
        g.add((m, KG.branch, branch))
        g.add((m, KG.memberStatus, code("member-status", "active")))
    post = rec("post", "2")
    g.add((post, RDF.type, KG.PostHolding))
    g.add((post, ORG.member, rec("member", "m1")))
    g.add((post, ORG.organization, team))
    g.add((post, KG.post, code("post", "team_member")))
    g.add((post, KG.startDate, day("2020-01-01")[0]))
    g.add((post, KG.endDate, day("2030-01-01")[0]))
    meeting = rec("meeting", "mt1")
    g.add((meeting, RDF.type, KG.Meeting))
    g.add((meeting, KG.meetingId, Literal("mt1")))
    g.add((meeting, KG.meetingKind, code("meeting-kind", "party_lecture")))
    g.add((meeting, KG.heldBy, branch))
    g.add((meeting, KG.lecturer, rec("member", "m1")))
    attendance = rec("attendance", "2")
    g.add((attendance, RDF.type, KG.Attendance))
    g.add((attendance, KG.meeting, meeting))
    g.add((attendance, KG.attendee, rec("member", "m2")))
    g.add((attendance, KG.attendanceStatus, code("attendance-status", "present")))
    g.add((attendance, KG.attendanceRole, code("attendance-role", "participant")))
    event = rec("event", "e1")
    g.add((event, RDF.type, KG.LifeEvent))
    g.add((event, KG.eventId, Literal("e1")))
    g.add((event, KG.eventKind, code("event-kind", "serious_illness")))
    g.add((event, KG.concerns, rec("member", "m2")))
    care = rec("care", "c1")
    g.add((care, RDF.type, KG.CareRecord))
    g.add((care, KG.careId, Literal("c1")))
    g.add((care, KG.careKind, code("care-kind", "visit")))
    g.add((care, KG.about, rec("member", "m2")))
    g.add((care, KG.by, rec("member", "m1")))
    g.add((care, KG.forEvent, event))
    training = rec("training", "2")
    g.add((training, RDF.type, KG.TrainingRecord))
    g.add((training, KG.trainee, rec("member", "m2")))
    g.add((training, KG.hours, Literal("2.5", datatype=XSD.decimal)))
    g.add((training, KG.trainingKind, code("training-kind", "concentrated")))
    for node, when in ((meeting, "2024-03-01"), (event, "2024-04-01"), (care, "2024-04-10"), (training, "2024-05-01")):
        d, n = day(when)
        g.add((node, KG.date, d))
        g.add((node, KG.dayNumber, n))
    return g


def validate(graph: Graph, ontology, shapes) -> ShapesReport:
    return validate_shapes(graph, shapes_graph=shapes, ont_graph=ontology)


def problems_of(report: ShapesReport) -> list[tuple[str, str | None, str]]:
    return [(p.focus, p.path, p.message_en) for p in report.problems]


def test_the_seed_graph_conforms(seed, ontology, shapes):
    report = validate(seed, ontology, shapes)
    assert report.conforms, "\n".join(report.lines())


def test_a_valid_dataset_conforms(ontology, shapes):
    report = validate(valid_dataset(), ontology, shapes)
    assert report.conforms, "\n".join(report.lines())


# --- the regulation graph ---------------------------------------------------------------------

def test_an_obligation_without_grounding_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    ob = URIRef(obligation_iri("leader-dlm"))
    graph.remove((ob, KG.grounding, None))
    report = validate(graph, ontology, shapes)
    assert not report.conforms
    assert ("id:obligation/leader-dlm", "kg:grounding",
            "An obligation needs exactly one grounding: the quoted words and their position.") in problems_of(report)
    assert report.problems[0].focus_label == "leader-dlm"
    assert any("义务须有且仅有一个原文标注" in p.message_zh for p in report.problems)


def test_a_quote_that_is_not_at_its_position_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    grounding = graph.value(URIRef(obligation_iri("team-dlm")), KG.grounding)
    selector = next(s for t in graph.objects(grounding, OA.hasTarget) for s in graph.objects(t, OA.hasSelector)
                    if graph.value(s, OA.exact) is not None)
    graph.set((selector, OA.exact, Literal("开好组织生活会")))
    report = validate(graph, ontology, shapes)
    assert [p.message_en for p in report.problems] == [
        "The quoted words are not what the clause's text holds between the grounding's start and end."]
    assert report.problems[0].value == '"开好组织生活会"'


def test_a_clause_whose_text_is_not_at_its_position_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    clause = URIRef("https://w3id.org/party-kg/id/article/19/clause/1")
    start = graph.value(clause, KG.start).toPython()
    graph.set((clause, KG.start, Literal(start + 1)))
    report = validate(graph, ontology, shapes)
    assert ("id:article/19/clause/1", "kg:text",
            "The clause text is not what its parent's text holds between the clause's start and end.") \
        in problems_of(report)


def test_a_national_obligation_naming_a_local_rule_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    graph.add((URIRef(obligation_iri("team-dlm")), KG.localRule, URIRef("https://w3id.org/party-kg/id/local-rule/yichun")))
    report = validate(graph, ontology, shapes)
    assert ("id:obligation/team-dlm", "kg:localRule", "A national obligation must not name a local rule.") \
        in problems_of(report)


def test_an_interpretation_without_its_word_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    parameter = next(p for p in graph.subjects(KG.isInterpretation, Literal(True)))
    graph.remove((parameter, KG.interpretsWord, None))
    report = validate(graph, ontology, shapes)
    assert [p.message_en for p in report.problems] == [
        "An interpretation must name the vague word it interprets, and only an interpretation may name one."]


def test_an_unknown_bearer_is_refused(seed, ontology, shapes):
    graph = Graph() + seed
    graph.set((URIRef(obligation_iri("leader-dlm")), KG.bearer, code("bearer", "chairman")))
    report = validate(graph, ontology, shapes)
    assert ("id:obligation/leader-dlm", "kg:bearer",
            "An obligation needs exactly one bearer, a code of the bearer list.") in problems_of(report)


# --- dataset records --------------------------------------------------------------------------

def test_a_member_whose_branch_is_a_leadership_team_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("member", "m2"), KG.branch, rec("org", "t1")))
    report = validate(graph, ontology, shapes)
    assert problems_of(report) == [(
        "id:dataset/test/member/m2", "kg:branch",
        "A member's own organisation must be a Party organisation (committee, general branch or branch), "
        "not a leadership team.")]
    assert report.problems[0].focus_label == "m2"
    assert report.problems[0].value == "id:dataset/test/org/t1"


def test_an_organisation_cycle_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.add((rec("org", "c1"), URIRef(str(ORG.subOrganizationOf)), rec("org", "b1")))
    report = validate(graph, ontology, shapes)
    cycle = [p for p in report.problems if p.path == "org:subOrganizationOf"
             and p.message_en == "The parent_id chain loops: this organisation is its own ancestor."]
    assert {p.focus for p in cycle} == {"id:dataset/test/org/c1", "id:dataset/test/org/b1"}


@pytest.mark.parametrize("hours", ["-2", "0"])
def test_hours_that_are_not_positive_are_refused(ontology, shapes, hours):
    graph = valid_dataset()
    graph.set((rec("training", "2"), KG.hours, Literal(hours, datatype=XSD.decimal)))
    report = validate(graph, ontology, shapes)
    assert problems_of(report) == [("id:dataset/test/training/2", "kg:hours", "Hours must be one number greater than 0.")]
    assert report.problems[0].message_zh == "学时须是一个大于0的数"


def test_an_unknown_code_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("meeting", "mt1"), KG.meetingKind, code("meeting-kind", "party_meeting")))
    report = validate(graph, ontology, shapes)
    assert problems_of(report) == [(
        "id:dataset/test/meeting/mt1", "kg:meetingKind",
        "A meeting's kind must be one of the ten meeting kinds (such as democratic_life).")]


def test_a_code_from_the_wrong_list_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("attendance", "2"), KG.attendanceStatus, code("member-status", "active")))
    report = validate(graph, ontology, shapes)
    assert [p.path for p in report.problems] == ["kg:attendanceStatus"]


def test_a_reference_to_a_missing_record_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("care", "c1"), KG.by, rec("member", "nobody")))
    report = validate(graph, ontology, shapes)
    assert problems_of(report) == [("id:dataset/test/care/c1", "kg:by",
                                    "A care record is given by at most one member (by_member_id) of the dataset.")]


def test_a_post_ending_before_it_starts_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("post", "2"), KG.endDate, day("2019-12-31")[0]))
    report = validate(graph, ontology, shapes)
    assert [p.path for p in report.problems] == ["kg:startDate"]


def test_a_missing_required_value_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.remove((rec("event", "e1"), KG.dayNumber, None))
    report = validate(graph, ontology, shapes)
    assert problems_of(report) == [("id:dataset/test/event/e1", "kg:dayNumber",
                                    "The record needs exactly one day number (days since 1970-01-01), an integer.")]


def test_a_wrong_effective_region_is_refused(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("org", "b1"), KG.region, URIRef(region_iri("qingdao"))))
    report = validate(graph, ontology, shapes)
    assert [(p.focus, p.path) for p in report.problems] == [("id:dataset/test/org/b1", "kg:region")]


def test_rdfs_inference_would_hide_an_unknown_code(ontology, shapes):
    """Why the default inference is none: rdfs:range puts any value into the range class."""
    graph = valid_dataset()
    graph.set((rec("meeting", "mt1"), KG.meetingKind, code("meeting-kind", "party_meeting")))
    assert validate_shapes(graph, shapes_graph=shapes, ont_graph=ontology, inference="rdfs").conforms
    assert not validate(graph, ontology, shapes).conforms


def test_a_refusal_becomes_an_input_error_listing_the_problems(ontology, shapes):
    graph = valid_dataset()
    graph.set((rec("training", "2"), KG.hours, Literal("-1", datatype=XSD.decimal)))
    with pytest.raises(InputError) as info:
        validate(graph, ontology, shapes).raise_if_invalid()
    assert info.value.problems == [
        "id:dataset/test/training/2, property kg:hours, value \"-1\": Hours must be one number greater than 0."]


# --- kg-service validate ----------------------------------------------------------------------

def test_validate_command_passes_on_the_ontology_and_seed(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "The ontology is consistent." in out and "conforms to the shapes" in out
    assert out.rstrip().endswith("All checks passed.")


def test_validate_command_fails_on_broken_data_and_says_why(tmp_path, capsys):
    graph = valid_dataset()
    graph.set((rec("member", "m2"), KG.branch, rec("org", "t1")))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle")
    assert main(["validate", "--skip-reasoner", "--data", str(path), "--lang", "zh"]) == 1
    out = capsys.readouterr().out
    assert "党员所在组织须是党组织（党委、党总支或党支部），不能是领导班子" in out
    assert "id:dataset/test/member/m2 (m2)" in out and out.rstrip().endswith("未通过。")


def test_validate_command_json(tmp_path, capsys):
    path = tmp_path / "ok.nt"
    valid_dataset().serialize(path, format="nt", encoding="utf-8")
    assert main(["validate", "--skip-reasoner", "--data", str(path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["ontology"] is None
    assert report["data"]["conforms"] is True and report["data"]["problems"] == []


def test_validate_command_refuses_unreadable_rdf(tmp_path, capsys):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix kg: <https://w3id.org/party-kg/ontology#> .\nkg:a kg:b\n", encoding="utf-8")
    assert main(["validate", "--skip-reasoner", "--data", str(path)]) == 2
    assert "bad.ttl" in capsys.readouterr().err
