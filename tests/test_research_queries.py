"""The named-query loader (kg_service.queries) and every research query's answer on the seed graph.

Expected answers are written by hand from the regulation text and the contract, and each
research query runs on both backends (embedded pyoxigraph and `oxigraph serve`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg_service.errors import InputError, NotFound
from kg_service.queries import (
    Parameter,
    insert_values_block,
    list_queries,
    load_query,
    parse_assignments,
    parse_header,
    run_query,
    to_term,
)
from test_seed import CONTRACT



@pytest.fixture
def regulation_store(loaded_store):
    """The shared fixture: a real store on each backend with the public graphs loaded."""
    return loaded_store


RESEARCH = ["articles", "clauses-of-article", "local-rules-of-article", "obligations", "obligations-by-bearer",
            "obligations-of-article", "search-clauses", "thresholds"]


def rows(store, name, **values):
    result = run_query(store, f"research/{name}", values)
    return [{k: (v.toPython() if isinstance(v, Literal) else (None if v is None else str(v)))
             for k, v in zip(result.variables, row)} for row in result.rows]


# --- the loader -----------------------------------------------------------------------------

def test_research_queries_are_listed_with_their_headers():
    queries = list_queries("research")
    assert [q.name for q in queries] == [f"research/{n}" for n in RESEARCH]
    for query in queries:
        assert query.title and query.description, query.name
        assert not query.title.startswith("param:")


def test_header_parameters_are_typed():
    query = load_query("research/obligations-of-article")
    assert query.parameters == (
        Parameter("article", "integer", "the article number: 19 or 20"),
        Parameter("lang", "string", "language of the labels: zh or en", default="zh"),
    )
    assert query.parameter("article").required and not query.parameter("lang").required


def test_values_are_bound_as_typed_terms_in_a_values_block():
    text = load_query("research/clauses-of-article").bind({"article": "19"})
    block = 'VALUES (?article) { ("19"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    assert block in text
    assert text.index(block) > text.index("WHERE {")


@pytest.mark.parametrize("param_type, value, expected", [
    ("integer", "19", Literal(19, datatype=XSD.integer)),
    ("integer", 20, Literal(20, datatype=XSD.integer)),
    ("decimal", "1.50", Literal(Decimal("1.50"), datatype=XSD.decimal)),
    ("date", "2024-07-01", Literal(datetime.date(2024, 7, 1), datatype=XSD.date)),
    ("date", datetime.date(2024, 7, 1), Literal(datetime.date(2024, 7, 1), datatype=XSD.date)),
    ("boolean", "false", Literal(False)),
    ("string", "谈心谈话", Literal("谈心谈话")),
    ("iri", "code:bearer/leading-cadre", URIRef("https://w3id.org/party-kg/code/bearer/leading-cadre")),
    ("iri", "<https://example.org/a>", URIRef("https://example.org/a")),
])
def test_values_are_parsed_per_type(param_type, value, expected):
    term = to_term(Parameter("p", param_type, ""), value)
    assert term == expected and type(term).__name__ == ("URIRef" if param_type == "iri" else "Literal")


@pytest.mark.parametrize("param_type, value", [
    ("integer", "19.5"), ("integer", "abc"), ("integer", True), ("decimal", "1e3"), ("decimal", 0.1),
    ("date", "2024-02-30"), ("date", "2024-7-1"), ("boolean", "yes"),
    ("iri", "not an iri"), ("iri", "https://x.org/a> } DROP ALL"), ("iri", "relative/path"), ("string", 5),
])
def test_ill_typed_values_are_refused_with_the_parameter_named(param_type, value):
    with pytest.raises(InputError, match="query q, parameter p: .* is not"):
        to_term(Parameter("p", param_type, ""), value, "q")


def test_missing_and_unknown_parameters_are_refused():
    query = load_query("research/clauses-of-article")
    with pytest.raises(InputError, match="needs the parameter article \\(integer\\)"):
        query.bind({})
    with pytest.raises(InputError, match="has no parameter 'articel' \\(its parameters: article\\)"):
        query.bind({"article": "19", "articel": "20"})


def test_unknown_query_names_the_known_ones():
    with pytest.raises(NotFound, match="known queries: .*research/search-clauses"):
        load_query("research/no-such-query")
    with pytest.raises(NotFound):
        load_query("../pyproject")


def test_a_list_value_gives_one_values_row_each():
    text = load_query("research/clauses-of-article").bind({"article": ["19", 20]})
    assert '("19"^^<http://www.w3.org/2001/XMLSchema#integer>) ("20"^^<http://www.w3.org/2001/XMLSchema#integer>)' in text


def test_optional_parameter_left_unbound_is_undef():
    assert "VALUES (?interpretation) { (UNDEF) }" in load_query("research/thresholds").bind({})


def test_values_block_goes_into_the_outermost_where_group_not_a_comment_or_string():
    text = ('# SELECT * WHERE { fake }\nPREFIX a: <http://x/{where}>\nSELECT ?x ("WHERE {" AS ?s) '
            'WHERE { ?x ?p "}" . { SELECT * WHERE { ?a ?b ?c } } }')
    bound = insert_values_block(text, "VALUES (?x) { (1) }")
    at = text.index("WHERE { ?x ?p") + len("WHERE {")
    assert bound == text[:at] + "\n  VALUES (?x) { (1) }\n" + text[at:]
    assert insert_values_block("SELECT * { ?s ?p ?o }", "VALUES ?s { 1 }").startswith("SELECT * {\n  VALUES")


def test_header_errors_say_where(tmp_path):
    with pytest.raises(InputError, match="x.rq, line 3: parameter a: unknown type 'int'"):
        parse_header("# T\n#\n# param: a (int) bad\nSELECT * {}", "x", tmp_path / "x.rq")
    with pytest.raises(InputError, match="line 2: a parameter line must read"):
        parse_header("# T\n# param: a integer\nSELECT * {}", "x", tmp_path / "x.rq")
    with pytest.raises(InputError, match="line 1.*first line must be"):
        parse_header("SELECT * {}", "x", tmp_path / "x.rq")
    with pytest.raises(InputError, match="is not a whole number"):
        parse_header("# T\n# param: a (integer, default ten) bad default\nSELECT * {}", "x")
    with pytest.raises(InputError, match="line 3: a row line must read"):
        parse_header("# T\n# param: a (integer) a\n# row: bearer iri\nSELECT * {}", "x", tmp_path / "x.rq")


def test_row_lines_name_the_instance_columns_and_their_types():
    _, _, params, rows = parse_header("# T\n# param: a (integer) a\n# row: bearer (iri) one per bearer\n"
                                      "# row: day (integer) its day\nSELECT * {}", "x")
    assert [p.name for p in params] == ["a"] and rows == {"bearer": "iri", "day": "integer"}


def test_parse_assignments():
    assert parse_assignments(["text=a=b", "article=19", "article=20"]) == {"text": "a=b", "article": ["19", "20"]}
    with pytest.raises(InputError, match="expected NAME=VALUE"):
        parse_assignments(["article"])


# --- the research questions, answered on the seed graph ---------------------------------------

ARTICLE_19 = [
    "严格执行党的组织生活制度,确保党的组织生活经常、认真、严肃。",
    "开好民主生活会和组织生活会,认真开展批评和自我批评。",
    "经常分析党员思想状况,提高“三会一课”质量,落实谈心谈话、民主评议党员和主题党日等制度,完善重温入党誓词入党志愿书等活动。",
    "党员领导干部应当自觉参加双重组织生活,推动所在党支部建设成为先进党支部。",
    "稳妥有序处置不合格党员",
]
ARTICLE_20 = [
    "做好党员服务工作,建立健全党内关怀帮扶长效机制。",
    "关心党员思想、学习、工作和生活,了解党员需求,及时反映涉及党员切身利益的重要情况。",
    "关心关爱因公殉职、牺牲党员的家庭和因公伤残党员。",
    "认真做好离退休干部职工党员、流动党员的服务工作,为生活困难党员提供帮助。",
]


@pytest.mark.parametrize("article, sentences", [(19, ARTICLE_19), (20, ARTICLE_20)])
def test_clauses_of_article(regulation_store, article, sentences):
    found = rows(regulation_store, "clauses-of-article", article=article)
    assert [r["text"] for r in found] == sentences
    assert [r["ordinal"] for r in found] == list(range(1, len(sentences) + 1))
    # sentences follow each other directly in the article text, which starts at 0
    position = 0
    for r in found:
        assert (r["start"], r["end"]) == (position, position + len(r["text"]))
        position = r["end"]
    assert position == len("".join(sentences))


def test_clauses_of_an_article_that_does_not_exist(regulation_store):
    assert rows(regulation_store, "clauses-of-article", article=21) == []


@pytest.mark.parametrize("article", [19, 20])
def test_obligations_of_article(regulation_store, article):
    found = rows(regulation_store, "obligations-of-article", article=article)
    expected = {code: rule for code, (number, rule) in CONTRACT.items() if number == article}
    assert {r["code"]: r["rule"] for r in found} == expected
    assert len(found) == (13 if article == 19 else 14)
    for r in found:
        assert r["quote"] in r["clauseText"]
    assert next(r for r in found if r["code"] == ("team-dlm" if article == 19 else "relief"))["label"] == (
        "领导班子召开民主生活会" if article == 19 else "临时救助")


def test_obligations_of_article_in_english(regulation_store):
    found = rows(regulation_store, "obligations-of-article", article=20, lang="en")
    assert {r["code"]: r["label"] for r in found}["relief"] == "Immediate relief"


LEADING_CADRE = {"leader-dlm", "leader-dlm-guidance", "leader-olm", "leader-committee", "leader-lecture",
                 "leader-study-day", "team-talk"}


@pytest.mark.parametrize("bearer, expected", [
    # a team member is a leading cadre too, so leader-dlm-guidance binds leading cadres, and
    # team-talk binds both members of each pair
    ("leading-cadre", LEADING_CADRE),
    ("team-member", {"leader-dlm-guidance", "team-talk"}),
    ("member", {"member-training", "political-birthday", "youth-study", "youth-mentor", "secretary-rotation",
                "medal-50", "retiree-service"}),
    ("youth-member", {"youth-study", "youth-mentor"}),
    ("branch", {"branch-olm", "branch-appraisal", "branch-theme-day", "branch-oath"}),
    ("party-organization", {"seven-talks", "four-visits", "retirement-talk", "trauma-counselling", "relief"}),
    ("no-such-bearer", set()),
])
def test_obligations_by_bearer(regulation_store, bearer, expected):
    found = rows(regulation_store, "obligations-by-bearer", bearer=bearer)
    assert {r["code"] for r in found} == expected
    assert len(found) == len(expected)


def test_obligations_by_bearer_says_which_bearer_binds(regulation_store):
    found = {r["code"]: r["boundBearer"] for r in rows(regulation_store, "obligations-by-bearer",
                                                         bearer="leading-cadre")}
    assert found["leader-dlm-guidance"] == "team-member" and found["leader-dlm"] == "leading-cadre"
    assert found["team-talk"] == "team-member-pair"


@pytest.mark.parametrize("article, title, region, source", [
    (19, "严格落实党员领导干部过双重组织生活制度的意见(试行)", "宜春市", "中国组织人事报微信公众号"),
    (20, "青岛市党内关怀帮扶实施细则(试行)", "青岛市", "岛城先锋微信公众号"),
])
def test_local_rules_of_article_and_what_they_add(regulation_store, article, title, region, source):
    found = rows(regulation_store, "local-rules-of-article", article=article)
    assert {(r["title"], r["jurisdiction"], r["source"]) for r in found} == {(title, region, source)}
    rule = "yichun" if article == 19 else "qingdao"
    assert {r["code"] for r in found} == {c for c, (_, rl) in CONTRACT.items() if rl == rule}


def test_thresholds(regulation_store):
    found = rows(regulation_store, "thresholds")
    # 27 obligations, of which youth-mentor, medal-50, care-contact, political-birthday compare
    # with no number (23), plus the youth age of youth-study and youth-mentor (§2: interpretation)
    assert len(found) == 25
    assert {(r["code"], r["default"]) for r in found if r["parameter"] == "AGE"} == {("youth-study", 35),
                                                                                  ("youth-mentor", 35)}
    by_code = {r["code"]: r for r in found if r["parameter"] != "AGE"}
    assert (by_code["member-training"]["default"], by_code["member-training"]["interpretation"]) == (32, False)
    assert "32学时" in by_code["member-training"]["quote"] and by_code["member-training"]["word"] is None
    assert (by_code["relief"]["parameter"], by_code["relief"]["default"], by_code["relief"]["word"]) == ("D", 7, "即时")
    assert by_code["seven-talks"]["word"] == "及时" and by_code["care-followup"]["word"] == "定期"
    interpretations = {(r["code"], r["parameter"]) for r in rows(regulation_store, "thresholds", interpretation=True)}
    assert interpretations == {(code, "N") for code in ("leader-lecture", "care-followup", "team-dlm", "branch-olm",
                                                        "branch-appraisal", "branch-theme-day", "branch-oath",
                                                        "retiree-service")} | {
        (code, "D") for code in ("seven-talks", "four-visits", "retirement-talk", "trauma-counselling", "relief")} | {
        ("youth-study", "AGE"), ("youth-mentor", "AGE")}
    stated = {(r["code"], r["parameter"]) for r in rows(regulation_store, "thresholds", interpretation="false")}
    assert stated == {(r["code"], r["parameter"]) for r in found} - interpretations


def test_search_finds_every_clause_mentioning_tanxin_tanhua(regulation_store):
    found = rows(regulation_store, "search-clauses", text="谈心谈话")
    expected = {
        ("第十九条", "经常分析党员思想状况,提高“"),
        ("宜春市《严格落实党员领导干部过双重组织生活制度的意见(试行)》", "各级领导班子成员之间、上级党"),
        ("宜春市《严格落实党员领导干部过双重组织生活制度的意见(试行)》", "党员领导干部与所在党支部党员"),
        ("青岛市《青岛市党内关怀帮扶实施细则(试行)》", "建立“七必谈”和“四必访”机"),
        ("青岛市《青岛市党内关怀帮扶实施细则(试行)》", "建立在职党员退休时的谈心谈话"),
    }
    assert len(found) == len(expected)
    for parent, start in expected:
        assert [r for r in found if r["parentLabel"] == parent and r["clauseText"].startswith(start)], start
    for r in found:
        assert r["clauseText"][r["hitStart"]:r["hitStart"] + 4] == "谈心谈话"


def test_search_is_a_substring_match_and_takes_text_as_data(regulation_store):
    assert len(rows(regulation_store, "search-clauses", text="民主生活会")) == 2  # 第十九条 clause 2, Yichun clause 3
    assert rows(regulation_store, "search-clauses", text="不存在的词") == []
    assert rows(regulation_store, "search-clauses", text='谈心" } } DROP ALL #') == []
    assert len(rows(regulation_store, "search-clauses", text="谈心谈话")) == 5


@pytest.mark.parametrize("value", ['a\n"', 'a\n""" } } DROP ALL #', "back\\slash\r\n", "'''", '谈心" } } DROP ALL #'])
def test_string_values_reach_the_engine_unchanged(embedded_store, tmp_path, value):
    (tmp_path / "echo.rq").write_text("# Echo\n# param: text (string) any text\nSELECT ?text WHERE { }\n",
                                      encoding="utf-8")
    query = load_query("echo", tmp_path)
    result = run_query(embedded_store, query, {"text": value})
    assert [str(row[0]) for row in result.rows] == [value]
    assert embedded_store.named_graphs() == []
