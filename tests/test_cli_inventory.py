"""`kg-service query`, `articles` and `obligations` on a real embedded store in tmp_path.

Expected values are written by hand from the contract and the regulation text.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess

import pytest

from kg_service.cli import main
from test_seed import CONTRACT, PARAMETERS


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """One store for the module: the first command creates it and loads the public graphs."""
    return str(tmp_path_factory.mktemp("cli") / "store")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, store_dir, *argv):
    code, out, err = run(capsys, *argv, "--store", store_dir, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_obligations_json_is_the_27_codes_with_article_rule_quote_and_parameters(capsys, store_dir):
    items = run_json(capsys, store_dir, "obligations")
    assert sorted(o["code"] for o in items) == sorted(CONTRACT)
    labels = {19: "第十九条", 20: "第二十条"}
    text = open(os.path.join(os.path.dirname(__file__), "..", "seed", "source",
                             "regulation-articles-19-20.txt"), encoding="utf-8").read()
    for o in items:
        number, rule = CONTRACT[o["code"]]
        assert (o["article"], o["rule"]) == (labels[number], rule), o["code"]
        assert o["clause_text"][o["start"]:o["end"]] == o["quote"]
        assert o["quote"] in text
        assert {p["name"]: (p["default"], p["interpretation"]) for p in o["parameters"]} == PARAMETERS[o["code"]]
        for p in o["parameters"]:
            assert set(p) >= {"name", "default", "interpretation", "word"}
            assert (p["word"] is not None) == p["interpretation"]


def test_obligations_filters(capsys, store_dir):
    yichun = run_json(capsys, store_dir, "obligations", "--rule", "yichun")
    assert {o["code"] for o in yichun} == {c for c, (_, r) in CONTRACT.items() if r == "yichun"}
    article20 = run_json(capsys, store_dir, "obligations", "--article", "20")
    assert len(article20) == 14
    cadre = run_json(capsys, store_dir, "obligations", "--bearer", "leading-cadre")
    assert {o["code"] for o in cadre} == {"leader-dlm", "leader-dlm-guidance", "leader-olm", "leader-committee",
                                          "leader-lecture", "leader-study-day", "team-talk"}


def test_obligations_table_for_people(capsys, store_dir):
    code, out, _ = run(capsys, "obligations", "--store", store_dir, "--format", "table")
    assert code == 0
    assert out.splitlines()[0].split() == ["code", "article", "rule", "bearer", "parameters", "quote", "start", "end"]
    assert "D=7 (i) 即时" in out and "(27 rows)" in out


def test_articles_json(capsys, store_dir):
    articles = run_json(capsys, store_dir, "articles")
    assert [(a["number"], a["label"]) for a in articles] == [(19, "第十九条"), (20, "第二十条")]
    a19, a20 = articles
    assert len(a19["clauses"]) == 5 and len(a20["clauses"]) == 4
    assert a19["clauses"][-1]["text"] == "稳妥有序处置不合格党员"
    for article in articles:
        for clause in article["clauses"]:
            assert article["text"][clause["start"]:clause["end"]] == clause["text"]
    assert [(r["jurisdiction"], r["title"]) for r in a19["local_rules"]] == [
        ("宜春市", "严格落实党员领导干部过双重组织生活制度的意见(试行)")]
    assert [(r["jurisdiction"], r["source"]) for r in a20["local_rules"]] == [("青岛市", "岛城先锋微信公众号")]


def test_articles_table_in_english(capsys, store_dir):
    code, out, _ = run(capsys, "articles", "--store", store_dir, "--lang", "en", "--format", "table")
    assert code == 0 and "Article 19" in out and "Qingdao" in out


def test_query_list_shows_names_descriptions_and_parameters(capsys):
    code, out, _ = run(capsys, "query", "--list", "--format", "table")
    assert code == 0
    for name in ("clauses-of-article", "obligations-by-bearer", "search-clauses", "thresholds",
                 "local-rules-of-article", "obligations-of-article"):
        assert f"\n{name}\n" in f"\n{out}"
    assert "--param text=… (string) the words to look for" in out
    listing = json.loads(run(capsys, "query", "--list", "--format", "json")[1])
    assert {q["name"]: [p["name"] for p in q["parameters"]] for q in listing}["search-clauses"] == ["text", "lang"]


def test_query_search_as_csv(capsys, store_dir):
    code, out, err = run(capsys, "query", "search-clauses", "--param", "text=谈心谈话", "--store", store_dir,
                         "--format", "csv")
    assert code == 0, err
    records = list(csv.DictReader(io.StringIO(out)))
    assert len(records) == 5 and all("谈心谈话" in r["clauseText"] for r in records)


def test_query_accepts_the_full_name_and_json(capsys, store_dir):
    found = run_json(capsys, store_dir, "query", "research/clauses-of-article", "--param", "article=20")
    assert [r["ordinal"] for r in found] == [1, 2, 3, 4]
    assert found[0]["text"] == "做好党员服务工作,建立健全党内关怀帮扶长效机制。"


@pytest.mark.parametrize("argv, message", [
    (["query", "clauses-of-article", "--param", "article=nineteen"], "parameter article: 'nineteen' is not a whole number"),
    (["query", "clauses-of-article"], "needs the parameter article"),
    (["query", "clauses-of-article", "--param", "article=19", "--param", "x=1"], "has no parameter 'x'"),
    (["query", "clauses-of-article", "--param", "article"], "expected NAME=VALUE"),
    (["query", "no-such-query"], "no query named 'research/no-such-query'"),
    (["query"], "give a query NAME, or --list"),
])
def test_query_errors_are_one_clear_line(capsys, tmp_path, argv, message):
    code, out, err = run(capsys, *argv, "--store", str(tmp_path / "unused"))
    assert code != 0 and out == ""
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "unused").exists(), "a refused query must not even open the store"


def test_installed_console_script(store_dir):
    script = shutil.which("kg-service")
    if script is None:
        pytest.fail("the kg-service console script is not installed (pip install -e .)")
    done = subprocess.run([script, "obligations", "--store", store_dir, "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", cwd="/", timeout=300)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 27
    piped = subprocess.run([script, "query", "thresholds", "--param", "interpretation=false", "--store", store_dir],
                           capture_output=True, text=True, encoding="utf-8", cwd="/", timeout=300)
    assert piped.returncode == 0, piped.stderr
    rows = json.loads(piped.stdout)  # not a terminal: JSON by default
    assert {r["code"] for r in rows} >= {"member-training", "youth-study"} and len(rows) == 10
