"""CSV import per the data contract (records-and-checks.md §1, §5): what is accepted, what is
refused (with file, line and column), and what the records become in RDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg_service import namespaces as ns
from kg_service.errors import InputError
from kg_service.importers import csv_dataset_ntriples, import_csv_dataset
from kg_service.importers.contract import CODE_LISTS
from kg_service.store import catalog

VALID = Path(__file__).parent / "data" / "csv" / "valid"
KG = ns.KG


@pytest.fixture
def data(tmp_path) -> Path:
    """A writable copy of the valid dataset."""
    return Path(shutil.copytree(VALID, tmp_path / "org"))


def graph_of(directory, name="org") -> Graph:
    g = Graph()
    g.parse(data=csv_dataset_ntriples(directory, name), format="nt")
    return g


def rec(kind, rid, name="org"):
    return URIRef(ns.record_iri(name, kind, rid))


def refused(directory, name="org") -> InputError:
    with pytest.raises(InputError) as info:
        csv_dataset_ntriples(directory, name)
    return info.value


def replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = text
    path.write_text("\n".join(lines), encoding="utf-8")


# --- what the records become -------------------------------------------------------------

def test_records_become_the_rdf_model():
    g = graph_of(VALID)
    assert (rec("org", "qd-b1"), RDFS.label, Literal("第二党支部, 青岛")) in g
    assert (rec("org", "qd-b1"), ns.ORG.subOrganizationOf, rec("org", "qd-gb")) in g
    assert (rec("org", "qd-b1"), KG.orgKind, URIRef(ns.code_iri("org-kind", "branch"))) in g
    assert (rec("member", "m2"), ns.FOAF.name, Literal('李"四"')) in g
    assert (rec("member", "m/5"), ns.FOAF.name, Literal("多行\n姓名")) in g
    assert str(rec("member", "m/5")).endswith("/member/m%2F5")
    assert (rec("member", "m1"), KG.birthDate, Literal("1970-03-01", datatype=XSD.date)) in g
    assert (rec("member", "m1"), KG.branch, rec("org", "yc-b1")) in g
    assert (rec("member", "m10"), KG.memberStatus, URIRef(ns.code_iri("member-status", "retired"))) in g
    assert not list(g.objects(rec("member", "m10"), KG.joinDate))  # optional value left out


def test_effective_region_is_inherited_down_the_tree():
    g = graph_of(VALID)
    region = {str(s).rsplit("/", 1)[1]: str(o).rsplit("/", 1)[1] for s, o in g.subject_objects(KG.region)}
    assert region == {"yc": "yichun", "yc-b1": "yichun", "yc-team": "yichun",
                      "qd": "qingdao", "qd-gb": "qingdao", "qd-b1": "qingdao"}
    declared = {str(s).rsplit("/", 1)[1] for s in g.subjects(KG.declaredRegion, None)}
    assert declared == {"yc", "qd"}


def test_dated_records_carry_day_numbers():
    g = graph_of(VALID)
    e1 = rec("event", "e1")
    assert (e1, KG.date, Literal("2024-02-29", datatype=XSD.date)) in g
    assert (e1, KG.dayNumber, Literal(19782, datatype=XSD.integer)) in g  # 2024-02-29 is day 19782
    for cls in (KG.Meeting, KG.LifeEvent, KG.CareRecord, KG.TrainingRecord):
        for s in g.subjects(RDF.type, cls):
            assert g.value(s, KG.dayNumber) is not None, s


def test_records_without_ids_are_named_by_line_and_duplicates_both_count():
    g = graph_of(VALID)
    trainings = sorted(str(s) for s in g.subjects(RDF.type, KG.TrainingRecord))
    assert [t.rsplit("/", 1)[1] for t in trainings] == ["2", "3", "4"]
    assert g.value(rec("training", "4"), KG.hours) == Literal("2.5", datatype=XSD.decimal)
    assert (rec("post", "2"), KG.post, URIRef(ns.code_iri("post", "team_member"))) in g
    assert (rec("post", "3"), KG.endDate, Literal("2024-12-31", datatype=XSD.date)) in g


def test_attendance_role_defaults_and_lecturer_only_on_party_lectures():
    g = graph_of(VALID)
    assert g.value(rec("attendance", "2"), KG.attendanceRole) == URIRef(ns.code_iri("attendance-role", "participant"))
    assert g.value(rec("attendance", "3"), KG.attendanceRole) == URIRef(ns.code_iri("attendance-role", "guide"))
    assert g.value(rec("meeting", "mt2"), KG.lecturer) == rec("member", "m1")
    assert g.value(rec("meeting", "mt3"), KG.lecturer) is None  # a theme_day's lecturer is ignored
    assert g.value(rec("care", "c1"), KG.forEvent) == rec("event", "e1")
    assert g.value(rec("care", "c1"), KG.by) == rec("member", "m1")


def test_code_lists_agree_with_the_ontology():
    from kg_service.resources import ontology_dir

    codes = Graph().parse(ontology_dir() / "codes.ttl", format="turtle")
    for code_list, values in CODE_LISTS.items():
        scheme = URIRef(f"{ns.CODE}{code_list}")
        in_ontology = {str(codes.value(c, ns.SKOS.notation)) for c in codes.subjects(ns.SKOS.inScheme, scheme)}
        assert in_ontology == set(values), code_list


def test_a_valid_dataset_conforms_to_the_shapes():
    from kg_service.regulation.validation import validate_shapes

    report = validate_shapes(graph_of(VALID))
    assert report.conforms, report


# --- accepted variations ------------------------------------------------------------------

def test_bom_reordered_missing_optional_and_extra_columns(data):
    (data / "members.csv").write_bytes(
        b"\xef\xbb\xbfstatus,org_id,member_id,nickname\r\n" b"active,yc-b1,m1,x\r\n" b"retired,qd-b1,m10,\r\n"
        b"active,yc-b1,m2,\r\nactive,qd-b1,m9,\r\nactive,x-b,m/5,\r\n")
    from kg_service.importers.csv_dataset import CsvDataset

    ds = CsvDataset(data, "org")
    g = Graph().parse(data=b"".join(ds.chunks()), format="nt")
    assert g.value(rec("member", "m1"), KG.branch) == rec("org", "yc-b1")
    assert g.value(rec("member", "m1"), ns.FOAF.name) is None
    assert any("nickname" in w and "members.csv" in w for w in ds.warnings)


def test_missing_files_and_header_only_files_mean_no_records(data):
    for name in ("care.csv", "events.csv", "training.csv"):
        (data / name).unlink()
    (data / "attendance.csv").write_text("meeting_id,member_id,status,role\n", encoding="utf-8")
    g = graph_of(data)
    assert not list(g.subjects(RDF.type, KG.Attendance))
    assert not list(g.subjects(RDF.type, KG.CareRecord))
    assert list(g.subjects(RDF.type, KG.Meeting))


# --- refused input: file, line, column, what was expected ------------------------------------

@pytest.mark.parametrize("file, line, text, column, words", [
    ("organizations.csv", 3, "yc,宜春,party,root,yichun", "3 (kind)", "expected one of"),
    ("organizations.csv", 3, "yc,宜春,committee,root,beijing", "5 (region)", "unknown region"),
    ("organizations.csv", 4, "yc-b1,第一党支部,branch,nowhere,", "4 (parent_id)", "not defined in organizations.csv"),
    ("members.csv", 3, "m2,李四,女,1990-02-30,2015-06-30,yc-b1,active", "4 (birth_date)", "YYYY-MM-DD"),
    ("members.csv", 3, "m2,李四,女,1990/01/01,2015-06-30,yc-b1,active", "4 (birth_date)", "YYYY-MM-DD"),
    ("members.csv", 3, "m1,李四,女,1990-01-01,2015-06-30,yc-b1,active", "1 (member_id)", "duplicate member_id"),
    ("members.csv", 3, ",李四,女,1990-01-01,2015-06-30,yc-b1,active", "1 (member_id)", "required"),
    ("members.csv", 3, "m2,李四,女,1990-01-01,2015-06-30,yc-team,active", "6 (org_id)", "leadership_team"),
    ("members.csv", 3, "m2,李四,女,1990-01-01,2015-06-30,yc-b1,", "7 (status)", "required"),
    ("posts.csv", 2, "m1,team_member,yc-team,,", "4 (start_date)", "required"),
    ("posts.csv", 2, "m404,team_member,yc-team,2020-01-01,", "1 (member_id)", "not defined in members.csv"),
    ("meetings.csv", 3, "mt2,party_lecture,yc-b1,2024-04-01,m404", "5 (lecturer_id)", "not defined in members.csv"),
    ("meetings.csv", 2, "mt1,democratic_life,yc-team,,", "4 (date)", "required"),
    ("attendance.csv", 2, "mt404,m1,present,", "1 (meeting_id)", "not defined in meetings.csv"),
    ("attendance.csv", 2, "mt1,m1,present,leader", "4 (role)", "participant, guide"),
    ("events.csv", 2, "e1,m10,retired,2024-02-29", "3 (kind)", "unknown kind"),
    ("care.csv", 2, "c1,talk,2024-03-15,m10,m1,e404", "6 (event_id)", "not defined in events.csv"),
    ("care.csv", 3, "c1,visit,2024-02-01,m9,,", "1 (care_id)", "duplicate care_id"),
    ("training.csv", 2, "m1,2024-06-01,1e3,concentrated", "3 (hours)", "plain decimal digits"),
    ("training.csv", 2, "m1,2024-06-01,abc,concentrated", "3 (hours)", "plain decimal digits"),
    ("training.csv", 2, "m1,2024-06-01,0,concentrated", "3 (hours)", "positive"),
    ("training.csv", 2, "m1,2024-06-01,-2,concentrated", "3 (hours)", "positive"),
    ("training.csv", 2, "m1,2024-06-01,,concentrated", "3 (hours)", "positive"),
    ("training.csv", 2, "m1,2024-06-01,0.0,concentrated", "3 (hours)", "positive"),
])
def test_each_refusal_names_file_line_and_column(data, file, line, text, column, words):
    replace_line(data / file, line, text)
    error = refused(data)
    assert (error.location.file, error.location.line, error.location.column) == (file, line, column)
    assert words in str(error)
    assert "nothing was imported" in str(error)


def test_wrong_field_count_is_reported_at_the_line_where_the_record_starts(data):
    # members.csv line 6 starts a record whose quoted name spans two lines; the next record
    # (line 8) has a field too many.
    with open(data / "members.csv", "a", encoding="utf-8") as fh:
        fh.write("m7,x,男,1985-05-05,2010-01-01,x-b,active,extra\n")
    error = refused(data)
    assert (error.location.file, error.location.line) == ("members.csv", 8)
    assert "8 fields but the header has 7" in str(error)
    (data / "members.csv").write_text("member_id,name,org_id,status\nm1,\"a\nb\",yc-b1\n", encoding="utf-8")
    error = refused(data)
    assert (error.location.line, str(error).count("3 fields but the header has 4")) == (2, 1)


def test_missing_required_column_in_header(data):
    (data / "meetings.csv").write_text("meeting_id,kind,date\nmt1,theme_day,2024-01-01\n", encoding="utf-8")
    error = refused(data)
    assert (error.location.file, error.location.line) == ("meetings.csv", 1)
    assert "org_id" in str(error)


@pytest.mark.parametrize("content, words", [
    (b"", "0 bytes"),
    (b"\n\n", "no header row"),
    (b"event_id,member_id,kind,date\ne3,m1,honor,\"2024-01-01\n", "not valid CSV"),
    (b"event_id,member_id,kind,date\ne3,m1,honor,2024-01-01\ne4,m1,\xff\xfehonor,2024-01-01\n", "UTF-8"),
])
def test_unreadable_files_are_refused(data, content, words):
    (data / "events.csv").write_bytes(content)
    error = refused(data)
    assert error.location.file == "events.csv"
    assert words in str(error)
    if words == "UTF-8":
        assert (error.location.line, error.location.column) == (3, 7)
    if words == "not valid CSV":
        assert error.location.line == 2


def test_org_cycle_is_refused_in_words(data):
    replace_line(data / "organizations.csv", 2, "root,机关党委,committee,qd-b1,")
    error = refused(data)
    assert "cycle" in str(error) and "root" in str(error) and "qd-b1" in str(error)
    assert error.location.file == "organizations.csv"
    replace_line(data / "organizations.csv", 2, "root,机关党委,committee,root,")
    assert "cycle: root -> root" in str(refused(data))


def test_several_problems_are_reported_together(data):
    replace_line(data / "members.csv", 2, "m1,张三,男,1970-13-01,1995-07-01,yc-b1,active")
    replace_line(data / "training.csv", 3, "m1,2024-06-01,x,concentrated")
    replace_line(data / "events.csv", 2, "e1,m10,retirement,")
    error = refused(data)
    assert len(error.problems) == 3
    assert error.location.file == "members.csv"
    text = str(error)
    assert "members.csv, line 2, column 4 (birth_date)" in text
    assert "events.csv, line 2, column 4 (date)" in text
    assert "training.csv, line 3, column 3 (hours)" in text


def test_problems_are_capped(data):
    with open(data / "training.csv", "a", encoding="utf-8") as fh:
        for _ in range(200):
            fh.write("m1,2024-06-01,bad,concentrated\n")
    error = refused(data)
    assert len(error.problems) == 50 and "stopped after the first 50" in str(error)


# --- import into a store (both backends) -----------------------------------------------------

def test_import_then_query(store):
    report = import_csv_dataset(store, VALID, "org")
    assert (report.records, report.warnings) == (29, [])
    graph = catalog.current_graph(store, "org")
    assert report.graph == graph and report.triples == int(
        store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0])
    rows = store.select(
        "PREFIX kg: <https://w3id.org/party-kg/ontology#> "
        "SELECT ?id WHERE { ?m kg:memberId ?id ; kg:branch/kg:region <https://w3id.org/party-kg/id/region/qingdao> } "
        "ORDER BY ?id", default_graph=[graph])
    assert [str(r[0]) for r in rows.rows] == ["m10", "m9"]


def test_default_dataset_name_is_the_directory_name(embedded_store, data):
    report = import_csv_dataset(embedded_store, data)
    assert report.dataset == "org"
    assert [d.name for d in catalog.list_datasets(embedded_store)] == ["org"]


def test_refused_import_leaves_the_store_exactly_as_it_was(store, data, snapshot):
    import_csv_dataset(store, VALID, "org")
    before = snapshot(store)
    replace_line(data / "care.csv", 3, "c2,visit,2024-02-31,m9,,")
    with pytest.raises(InputError):
        import_csv_dataset(store, data, "org")
    with pytest.raises(InputError):
        import_csv_dataset(store, data, "other")
    assert snapshot(store) == before


def test_reimport_replaces(store, data):
    import_csv_dataset(store, VALID, "org")
    first = catalog.current_graph(store, "org")
    (data / "attendance.csv").unlink()
    replace_line(data / "members.csv", 2, "m1,张三丰,男,1970-03-01,1995-07-01,yc-b1,active")
    import_csv_dataset(store, data, "org")
    graph = catalog.current_graph(store, "org")
    assert graph != first and first not in store.named_graphs()
    names = store.select("SELECT ?n WHERE { ?m <http://xmlns.com/foaf/0.1/name> ?n ; "
                         "<https://w3id.org/party-kg/ontology#memberId> \"m1\" }", default_graph=[graph])
    assert names.column("n") == [Literal("张三丰")]
    assert not store.ask("ASK { ?a a <https://w3id.org/party-kg/ontology#Attendance> }", default_graph=[graph])
