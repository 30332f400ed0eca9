"""The seed graph against the data contract and the regulation text.

The expected values below are written by hand from records-and-checks.md §3 and the text of
the regulation, not taken from the builder's output.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg_service.errors import InputError
from kg_service.namespaces import CODE, ELI, ID, KG, OA, article_iri, local_rule_iri, obligation_iri, region_iri
from kg_service.regulation import seed
from kg_service.resources import seed_dir

SHARED_TEXT = Path("/work/shared/seed/regulation-articles-19-20.txt")

# code: (article, rule) as the contract's table gives them
CONTRACT = {
    "leader-dlm": (19, "yichun"), "leader-dlm-guidance": (19, "yichun"), "leader-olm": (19, "yichun"),
    "leader-committee": (19, "yichun"), "leader-lecture": (19, "yichun"), "leader-study-day": (19, "yichun"),
    "team-talk": (19, "yichun"), "secretary-talk": (19, "yichun"),
    "member-training": (20, "qingdao"), "youth-study": (20, "qingdao"), "youth-mentor": (20, "qingdao"),
    "secretary-rotation": (20, "qingdao"), "seven-talks": (20, "qingdao"), "four-visits": (20, "qingdao"),
    "retirement-talk": (20, "qingdao"), "trauma-counselling": (20, "qingdao"), "relief": (20, "qingdao"),
    "medal-50": (20, "qingdao"), "care-contact": (20, "qingdao"), "care-followup": (20, "qingdao"),
    "political-birthday": (20, "qingdao"),
    "team-dlm": (19, "national"), "branch-olm": (19, "national"), "branch-appraisal": (19, "national"),
    "branch-theme-day": (19, "national"), "branch-oath": (19, "national"), "retiree-service": (20, "national"),
}

# code: {parameter: (default, is an interpretation)} from the contract's "default" column
PARAMETERS = {
    "leader-dlm": {"N": (1, False)}, "leader-dlm-guidance": {"N": (1, False)}, "leader-olm": {"N": (1, False)},
    "leader-committee": {"N": (0, False)}, "leader-lecture": {"N": (1, True)},
    "leader-study-day": {"N": (0, False)}, "team-talk": {"N": (1, False)}, "secretary-talk": {"N": (1, False)},
    "member-training": {"N": (32, False)}, "youth-study": {"N": (16, False), "AGE": (35, True)},
    "youth-mentor": {"AGE": (35, True)},  # §2: youth = age 35 or less on Y-07-01 (interpretation)
    "secretary-rotation": {"N": (1, False)}, "seven-talks": {"D": (30, True)}, "four-visits": {"D": (30, True)},
    "retirement-talk": {"D": (30, True)}, "trauma-counselling": {"D": (30, True)}, "relief": {"D": (7, True)},
    "medal-50": {}, "care-contact": {}, "care-followup": {"N": (2, True)}, "political-birthday": {},
    "team-dlm": {"N": (1, True)}, "branch-olm": {"N": (1, True)}, "branch-appraisal": {"N": (1, True)},
    "branch-theme-day": {"N": (12, True)}, "branch-oath": {"N": (1, True)}, "retiree-service": {"N": (1, True)},
}

# The contract's short "source sentence": each piece between … must be inside the quote.
CONTRACT_SOURCE = {
    "leader-dlm": "党员领导干部每年至少参加1次领导班子民主生活会",
    "leader-dlm-guidance": "全程参加和指导1个联系单位的领导班子民主生活会",
    "leader-olm": "每年至少参加1次所在党支部组织生活会",
    "leader-committee": "是支委会成员的,还应参加支委会会议",
    "leader-lecture": "带头为基层党员讲党课",
    "leader-study-day": "带头参加党支部每月开展的“党员学习活动日”",
    "team-talk": "各级领导班子成员之间…每年至少开展1次谈心谈话",
    "secretary-talk": "上级党组织书记与下级党组织书记之间,每年至少开展1次谈心谈话",
    "member-training": "保障党员每年参加集中学习培训不少于32学时",
    "youth-study": "每年学习习近平新时代中国特色社会主义思想不少于16学时",
    "youth-mentor": "为青年党员设立政治学习导师",
    "secretary-rotation": "每年对基层党组织书记轮训一遍",
    "seven-talks": "七必谈…党组织应当及时与党员谈心谈话",
    "four-visits": "四必访…党组织应当及时上门看望慰问",
    "retirement-talk": "建立在职党员退休时的谈心谈话制度",
    "trauma-counselling": "对遭受严重心理创伤的党员,及时开展心理疏导和干预",
    "relief": "可随时申请、即时救助",
    "medal-50": "对党龄达到50年、一贯表现良好的党员…申请颁发“光荣在党50年”纪念章",
    "care-contact": "明确专人联系",
    "care-followup": "定期跟踪走访",
    "political-birthday": "为党员过“政治生日”",
    "team-dlm": "开好民主生活会",
    "branch-olm": "开好…组织生活会",
    "branch-appraisal": "落实…民主评议党员…制度",
    "branch-theme-day": "落实…主题党日…制度",
    "branch-oath": "完善重温入党誓词入党志愿书等活动",
    "retiree-service": "认真做好离退休干部职工党员、流动党员的服务工作",
}


@pytest.fixture(scope="module")
def graph():
    return seed.load_seed_graph()


def _obligation(graph, code):
    node = URIRef(obligation_iri(code))
    assert (node, RDF.type, KG.Obligation) in graph, code
    return node


def _grounding(graph, node):
    target = graph.value(graph.value(node, KG.grounding), OA.hasTarget)
    selectors = list(graph.objects(target, OA.hasSelector))
    quote = next(graph.value(s, OA.exact) for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in graph)
    position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in graph)
    return (graph.value(target, OA.hasSource), str(quote),
            graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython())


def test_exactly_the_27_codes_of_the_contract(graph):
    codes = sorted(str(c) for c in graph.objects(None, KG.code))
    assert codes == sorted(CONTRACT)
    assert len(codes) == 27


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_article_rule_and_local_rule_per_contract(graph, code):
    node = _obligation(graph, code)
    number, rule = CONTRACT[code]
    assert graph.value(node, KG.article) == URIRef(article_iri(number))
    assert graph.value(node, KG.rule) == URIRef(f"{CODE}rule/{rule}")
    local = graph.value(node, KG.localRule)
    assert local == (None if rule == "national" else URIRef(local_rule_iri(rule)))


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_quote_is_verbatim_at_its_positions_in_its_clause(graph, code):
    node = _obligation(graph, code)
    clause, quote, start, end = _grounding(graph, node)
    assert clause == graph.value(node, KG.groundedIn)
    text = str(graph.value(clause, KG.text))
    assert text[start:end] == quote
    # national duties are grounded in the article, local ones in their local rule
    parent = graph.value(clause, ELI.is_part_of)
    number, rule = CONTRACT[code]
    assert parent == URIRef(article_iri(number) if rule == "national" else local_rule_iri(rule))
    # the clause itself is at its positions in the parent's text
    parent_text = str(graph.value(parent, KG.text))
    assert parent_text[graph.value(clause, KG.start).toPython():graph.value(clause, KG.end).toPython()] == text


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_quote_carries_the_contract_source_words(graph, code):
    _, quote, _, _ = _grounding(graph, _obligation(graph, code))
    for piece in CONTRACT_SOURCE[code].replace("\"", "“").split("…"):
        assert piece.strip("“”") in quote, (code, piece)


def test_every_quote_is_in_the_regulation_text_as_published():
    copy = (seed_dir() / seed.SOURCE_TEXT).read_text(encoding="utf-8")
    if SHARED_TEXT.exists():
        assert copy == SHARED_TEXT.read_text(encoding="utf-8")
    graph = seed.load_seed_graph()
    for quote in graph.objects(None, OA.exact):
        assert str(quote) in copy


@pytest.mark.parametrize("code", sorted(CONTRACT))
def test_parameters_per_contract(graph, code):
    node = _obligation(graph, code)
    found = {}
    for param in graph.objects(node, KG.hasParameter):
        name = str(graph.value(param, KG.parameterName))
        default = graph.value(param, KG.defaultValue)
        assert default.datatype == XSD.integer
        interpretation = graph.value(param, KG.isInterpretation).toPython()
        found[name] = (default.toPython(), interpretation)
        word = graph.value(param, KG.interpretsWord)
        assert (word is not None) == interpretation, "a word exactly for interpretations"
        if word is not None:
            assert str(word) in _grounding(graph, node)[1]
    assert found == PARAMETERS[code]


def test_articles_and_local_rules(graph):
    for number, label in ((19, "第十九条"), (20, "第二十条")):
        article = URIRef(article_iri(number))
        assert (article, ELI.is_part_of, URIRef(f"{ID}regulation/basic-org-work")) in graph
        assert (article, KG.articleNumber, Literal(number)) in graph
        assert Literal(label, lang="zh") in set(graph.objects(article, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    text19 = str(graph.value(URIRef(article_iri(19)), KG.text))
    assert text19.startswith("严格执行党的组织生活制度") and text19.endswith("稳妥有序处置不合格党员")
    expected = {
        "yichun": (19, "宜春市", "严格落实党员领导干部过双重组织生活制度的意见(试行)", "中国组织人事报微信公众号"),
        "qingdao": (20, "青岛市", "青岛市党内关怀帮扶实施细则(试行)", "岛城先锋微信公众号"),
    }
    for key, (number, region, title, source) in expected.items():
        rule = URIRef(local_rule_iri(key))
        assert (rule, ELI.ensures_implementation_of, URIRef(article_iri(number))) in graph
        assert (rule, ELI.jurisdiction, URIRef(region_iri(key))) in graph
        assert Literal(region, lang="zh") in set(graph.objects(URIRef(region_iri(key)),
                                                               URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        assert str(graph.value(rule, DCTERMS.title)) == title
        assert str(graph.value(rule, DCTERMS.source)) == source
        assert "(来源" not in str(graph.value(rule, KG.text))


def test_clauses_of_article_19_are_its_five_sentences(graph):
    article = URIRef(article_iri(19))
    clauses = sorted((graph.value(c, KG.ordinal).toPython(), str(graph.value(c, KG.text)))
                     for c in graph.subjects(ELI.is_part_of, article))
    assert [t for _, t in clauses] == [
        "严格执行党的组织生活制度,确保党的组织生活经常、认真、严肃。",
        "开好民主生活会和组织生活会,认真开展批评和自我批评。",
        "经常分析党员思想状况,提高“三会一课”质量,落实谈心谈话、民主评议党员和主题党日等制度,完善重温入党誓词入党志愿书等活动。",
        "党员领导干部应当自觉参加双重组织生活,推动所在党支部建设成为先进党支部。",
        "稳妥有序处置不合格党员",
    ]
    assert [o for o, _ in clauses] == [1, 2, 3, 4, 5]


def test_split_clauses_positions_and_paragraphs():
    text = "甲乙。丙丁\n戊。 己"
    clauses = seed.split_clauses(text)
    assert [(c.text, c.start, c.end) for c in clauses] == [("甲乙。", 0, 3), ("丙丁", 3, 5), ("戊。", 6, 8), ("己", 9, 10)]
    for c in clauses:
        assert text[c.start:c.end] == c.text


def test_chinese_article_numbers():
    assert [seed.chinese_number(n) for n in ("九", "十", "十九", "二十", "二十一")] == [9, 10, 19, 20, 21]


def test_committed_regulation_ttl_is_what_the_builder_writes():
    assert seed.main(["--check"]) == 0
    assert (seed_dir() / seed.OUTPUT).read_text(encoding="utf-8") == seed.serialize(seed.build_regulation_graph())


def _copy_seed(tmp_path) -> Path:
    directory = tmp_path / "seed"
    shutil.copytree(seed_dir(), directory)
    return directory


def test_check_fails_when_regulation_ttl_is_stale(tmp_path, capsys):
    directory = _copy_seed(tmp_path)
    table = directory / seed.OBLIGATIONS_TABLE
    table.write_text(table.read_text(encoding="utf-8").replace('label_en = "Political birthday"',
                                                                'label_en = "Political birthdays"'), encoding="utf-8")
    assert seed.main(["--seed-dir", str(directory), "--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert seed.main(["--seed-dir", str(directory)]) == 0
    assert seed.main(["--seed-dir", str(directory), "--check"]) == 0


@pytest.mark.parametrize("old, new, message", [
    ('quote = "为党员过“政治生日”"', 'quote = "为党员过政治生日"', "political-birthday: quote"),
    ('quote = "开好民主生活会"', 'quote = "经常"', "found 2 times"),
    ('word = "定期"', 'word = "经常"', "not in its quote"),
])
def test_builder_refuses_a_quote_or_word_not_in_the_text(tmp_path, old, new, message):
    directory = _copy_seed(tmp_path)
    table = directory / seed.OBLIGATIONS_TABLE
    content = table.read_text(encoding="utf-8")
    assert old in content
    table.write_text(content.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError, match=message):
        seed.build_regulation_graph(directory)


def test_load_seed_graph_reads_every_ttl_in_seed(tmp_path):
    directory = _copy_seed(tmp_path)
    (directory / "checks.ttl").write_text(
        "<https://w3id.org/party-kg/id/check/x> <https://w3id.org/party-kg/ontology#code> \"x\" .\n",
        encoding="utf-8")
    graph = seed.load_seed_graph(directory)
    assert (URIRef(f"{ID}check/x"), KG.code, Literal("x")) in graph
    assert (URIRef(obligation_iri("relief")), RDF.type, KG.Obligation) in graph
