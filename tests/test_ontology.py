"""The ontology and code lists: labels and definitions, the contract's codes, HermiT's verdict."""

from __future__ import annotations

import shutil

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg_service.errors import InputError
from kg_service.namespaces import CODE, ID, KG, code_iri
from kg_service.regulation.ontology import load_ontology_graph, load_shapes_graph, ontology_files
from kg_service.regulation.validation import check_consistency
from kg_service.resources import ontology_dir

from _contract import CONTRACT_CODES

# Properties docs/architecture.md names: the ontology must declare every one.
ARCHITECTURE_PROPERTIES = """text start end ordinal articleNumber code article rule localRule bearer groundedIn
grounding hasParameter parameterName defaultValue isInterpretation interpretsWord orgId orgKind declaredRegion
region memberId gender birthDate joinDate branch memberStatus post startDate endDate meetingId meetingKind heldBy
date dayNumber lecturer meeting attendee attendanceStatus attendanceRole eventId eventKind concerns careId careKind
about by forEvent trainee hours trainingKind currentGraph""".split()
ARCHITECTURE_CLASSES = """Regulation Article Clause LocalRule Obligation Parameter Organization Member PostHolding
Meeting Attendance LifeEvent CareRecord TrainingRecord Dataset""".split()

_DECLARATIONS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


def _kg_terms(graph: Graph) -> set[URIRef]:
    return {s for t in _DECLARATIONS for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(str(KG))}


def test_loader_takes_every_ttl_but_the_shapes(ontology):
    names = [p.name for p in ontology_files()]
    assert "core.ttl" in names and "codes.ttl" in names and "shapes.ttl" not in names
    assert not list(ontology.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert list(load_shapes_graph().subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))


def test_loader_picks_up_a_new_file(tmp_path):
    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    (copy / "extra.ttl").write_text(
        '@prefix kg: <https://w3id.org/party-kg/ontology#> .\n'
        '@prefix owl: <http://www.w3.org/2002/07/owl#> .\nkg:Extra a owl:Class .\n', encoding="utf-8")
    assert (KG.Extra, RDF.type, OWL.Class) in load_ontology_graph(copy)


def test_bad_turtle_is_refused_with_file_and_line(tmp_path):
    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    (copy / "broken.ttl").write_text("@prefix kg: <https://w3id.org/party-kg/ontology#> .\n\nkg:a kg:b .\nkg:c kg:d\n",
                                     encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_ontology_graph(copy)
    assert info.value.location.file.endswith("broken.ttl")
    assert info.value.location.line is not None


def test_every_kg_term_has_chinese_and_english_labels_and_a_definition(ontology):
    terms = _kg_terms(ontology)
    assert len(terms) > 80
    missing = []
    for term in sorted(terms):
        langs = {label.language for label in ontology.objects(term, RDFS.label) if isinstance(label, Literal)}
        if not {"zh", "en"} <= langs:
            missing.append(f"{term}: labels in {sorted(l or '' for l in langs)}")
        if ontology.value(term, SKOS.definition) is None:
            missing.append(f"{term}: no skos:definition")
    assert missing == []


def test_every_kg_term_used_is_declared(ontology):
    """A kg: IRI used anywhere in the ontology, the shapes or the seed graph must be declared (catches typos)."""
    from kg_service.regulation.seed import load_seed_graph

    declared = _kg_terms(ontology) | set(ontology.subjects(RDF.type, OWL.NamedIndividual))
    used = set()
    for graph in (ontology, load_shapes_graph(), load_seed_graph()):
        for triple in graph:
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert sorted(used - declared) == []


def test_architecture_terms_are_declared(ontology):
    declared = _kg_terms(ontology)
    assert [p for p in ARCHITECTURE_PROPERTIES if KG[p] not in declared] == []
    assert [c for c in ARCHITECTURE_CLASSES if (KG[c], RDF.type, OWL.Class) not in ontology] == []


def test_functional_and_disjoint_where_true(ontology):
    for prop in ("orgKind", "memberStatus", "branch", "article", "rule", "bearer", "grounding", "hours", "date"):
        assert (KG[prop], RDF.type, OWL.FunctionalProperty) in ontology, prop
    assert (KG.PartyOrganization, OWL.disjointWith, KG.LeadershipTeam) in ontology
    assert (KG.Obligation, RDFS.subClassOf, URIRef("http://www.w3.org/ns/odrl/2/Duty")) in ontology


@pytest.mark.parametrize("code_list", sorted(CONTRACT_CODES) + ["bearer"])
def test_code_lists_match_the_contract(ontology, code_list):
    scheme = CODE[code_list]
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    notations = {str(ontology.value(c, SKOS.notation)) for c in concepts}
    if code_list in CONTRACT_CODES:
        assert notations == CONTRACT_CODES[code_list]
    code_class = ontology.value(scheme, KG.codeClass)
    for concept in concepts:
        notation = str(ontology.value(concept, SKOS.notation))
        assert str(concept) == code_iri(code_list, notation)
        assert (concept, RDF.type, code_class) in ontology and (concept, RDF.type, SKOS.Concept) in ontology
        for prop in (RDFS.label, SKOS.prefLabel):
            assert {l.language for l in ontology.objects(concept, prop)} >= {"zh", "en"}, (concept, prop)


def test_bearer_codes_cover_the_seed_obligations(ontology):
    from kg_service.regulation.seed import load_seed_graph

    seed = load_seed_graph()
    bearers = set(seed.objects(None, KG.bearer))
    assert bearers and all((b, RDF.type, KG.BearerCode) in ontology for b in bearers)


# --- HermiT -----------------------------------------------------------------------------------

def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(ontology):
    report = check_consistency(ontology)
    assert report.consistent, report.lines()
    assert report.unsatisfiable == []
    assert report.ok
    assert "xsd:date" in report.ignored_datatypes  # said out loud, not hidden


def _with(ontology: Graph, *triples) -> Graph:
    graph = Graph()
    graph += ontology
    for triple in triples:
        graph.add(triple)
    return graph


def test_an_individual_in_two_disjoint_classes_is_inconsistent(ontology):
    org = ID["test/org/1"]
    report = check_consistency(_with(ontology, (org, RDF.type, KG.Branch), (org, RDF.type, KG.LeadershipTeam)))
    assert not report.consistent and not report.ok
    assert {"node": "id:test/org/1", "a": "kg:Branch", "b": "kg:LeadershipTeam"} in report.clashes
    assert "INCONSISTENT" in "\n".join(report.lines())


def test_a_branch_typed_as_a_leadership_team_is_inconsistent_by_its_kind(ontology):
    """No asserted clash: HermiT must infer kg:Branch from the org kind (owl:hasValue + functional)."""
    org = ID["test/org/2"]
    report = check_consistency(_with(ontology, (org, RDF.type, KG.Organization),
                                     (org, KG.orgKind, URIRef(code_iri("org-kind", "branch"))),
                                     (org, RDF.type, KG.LeadershipTeam)))
    assert not report.consistent


def test_a_member_of_a_leadership_team_is_inconsistent(ontology):
    """kg:branch ranges over Party organisations, which are disjoint from leadership teams."""
    team, member = ID["test/org/3"], ID["test/member/1"]
    report = check_consistency(_with(ontology, (team, RDF.type, KG.Organization),
                                     (team, KG.orgKind, URIRef(code_iri("org-kind", "leadership_team"))),
                                     (member, RDF.type, KG.Member), (member, KG.branch, team)))
    assert not report.consistent


def test_an_unsatisfiable_class_is_reported(ontology):
    bad = KG.BranchTeam
    report = check_consistency(_with(ontology, (bad, RDF.type, OWL.Class), (bad, RDFS.subClassOf, KG.Branch),
                                     (bad, RDFS.subClassOf, KG.LeadershipTeam),
                                     (bad, RDFS.label, Literal("支部班子", lang="zh"))))
    assert report.consistent
    assert [c["iri"] for c in report.unsatisfiable] == ["kg:BranchTeam"]
    assert report.unsatisfiable[0]["label_zh"] == "支部班子"
    assert not report.ok
    assert any("unsatisfiable class" in line and "kg:BranchTeam" in line for line in report.lines())
