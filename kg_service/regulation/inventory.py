"""What the regulation graph holds, as plain data: its articles and its obligations.

The CLI (`kg-service articles`, `kg-service obligations`) and the web layer both list these;
the rows come from the named queries research/articles, research/clauses-of-article and
research/obligations, here grouped into one object per article or obligation.
"""

from __future__ import annotations

from typing import Any

from rdflib import Literal
from rdflib.term import Identifier

from ..queries import run_query


def plain(term: Identifier | None) -> Any:
    """An rdflib term as a JSON-friendly value: numbers and booleans as such, the rest as text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (bool, int)):
            return value
    return str(term)


def _rows(store, name: str, values: dict | None = None) -> list[dict[str, Any]]:
    result = run_query(store, name, values)
    return [{k: plain(v) for k, v in zip(result.variables, row)} for row in result.rows]


def list_articles(store, lang: str = "zh") -> list[dict[str, Any]]:
    """Each article with its text, clauses (with positions) and the local rules refining it."""
    articles: dict[str, dict[str, Any]] = {}
    for row in _rows(store, "research/articles", {"lang": lang}):
        article = articles.setdefault(row["article"], {
            "number": row["number"],
            "label": row["label"],
            "topic": row["topic"],
            "iri": row["article"],
            "text": row["text"],
            "local_rules": [],
        })
        if row["localRule"]:
            article["local_rules"].append({
                "iri": row["localRule"],
                "title": row["localRuleTitle"],
                "jurisdiction": row["jurisdiction"],
                "source": row["source"],
            })
    for article in articles.values():
        article["clauses"] = [
            {"ordinal": r["ordinal"], "start": r["start"], "end": r["end"], "text": r["text"], "iri": r["clause"]}
            for r in _rows(store, "research/clauses-of-article", {"article": article["number"]})
        ]
    return list(articles.values())


def list_obligations(store, *, article: int | str | None = None, rule: str | None = None,
                     bearer: str | None = None) -> list[dict[str, Any]]:
    """Every obligation (optionally only those of an article, a rule, a bearer and its narrower
    bearers) with its grounding words, their positions and its parameters."""
    filters = {k: v for k, v in (("article", article), ("rule", rule), ("bearer", bearer)) if v is not None}
    obligations: dict[str, dict[str, Any]] = {}
    for row in _rows(store, "research/obligations", filters):
        item = obligations.setdefault(row["code"], {
            "code": row["code"],
            "label": row["labelZh"],
            "label_en": row["labelEn"],
            "article": row["articleLabel"],
            "article_number": row["articleNumber"],
            "rule": row["ruleCode"],
            "local_rule": row["localRule"],
            "bearer": row["bearerCode"],
            "clause": row["clause"],
            "clause_text": row["clauseText"],
            "quote": row["quote"],
            "start": row["start"],
            "end": row["end"],
            "iri": row["obligation"],
            "parameters": [],
        })
        if row["parameter"] is not None:
            item["parameters"].append({
                "name": row["parameter"],
                "default": row["default"],
                "interpretation": row["interpretation"],
                "word": row["word"],
            })
    return list(obligations.values())
