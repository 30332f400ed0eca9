"""Public pages of the regulation: home, articles, local rules, obligations, search.

They read only the public graphs, through the inventory library (kg_service.regulation)
and the named queries; obligations' check kinds come from the check engine's specifications.
"""

from __future__ import annotations

from flask import abort, render_template, request
from rdflib import URIRef

from ... import namespaces as ns
from ...checks import reports
from ...checks.measures import KINDS
from ...checks.specs import load_specs
from ...endpoint.access import Role
from ...queries import run_query
from ...regulation.inventory import list_articles, list_obligations, plain
from ...store import catalog
from .. import context
from ..auth_pages import page_role
from . import bp, reading
from .i18n import current_lang
from .marking import context_window, occurrences, pieces

RULES = ("national", "yichun", "qingdao")


def store():
    return context.endpoint().store


def _local(iri: str | None) -> str:
    return "" if not iri else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def decorate(obligations: list[dict], lang: str) -> list[dict]:
    """Add the words people read: bearer label, check kind and its query."""
    labels = reading.labels(store(), lang)
    specs = load_specs(store())
    for ob in obligations:
        ob["bearer_label"] = labels.get(ns.code_iri("bearer", ob["bearer"]), ob["bearer"])
        ob["rule_label"] = labels.get(ns.code_iri("rule", ob["rule"]), ob["rule"])
        spec = specs.get(ob["code"])
        ob["kind"] = spec.kind if spec else ""
        ob["kind_label"] = labels.get(str(ns.KG[spec.kind]), spec.kind) if spec else ""
        ob["selection"] = spec.selection if spec else ""
        ob["selection_label"] = labels.get(str(ns.KG[spec.selection]), spec.selection) if spec else ""
        ob["comparison"] = spec.comparison if spec else ""
        ob["comparison_label"] = labels.get(str(ns.KG[spec.comparison]), spec.comparison) if spec else ""
        ob["query"] = KINDS[spec.kind].query if spec and spec.kind in KINDS else ""
        ob["display_label"] = ob["label"] if lang == "zh" else ob["label_en"]
    return obligations


def marked_clauses(clauses: list[dict], obligations: list[dict]) -> list[dict]:
    """Each clause with its text cut into pieces, grounding words carrying their obligations."""
    out = []
    for clause in clauses:
        grounded = [ob for ob in obligations if ob["clause"] == clause["iri"]]
        spans = [(ob["start"], ob["end"], ob) for ob in grounded]
        out.append({**clause, "pieces": pieces(clause["text"], spans), "obligations": grounded})
    return out


@bp.route("/")
def home():
    lang = current_lang()
    articles = list_articles(store(), lang)
    obligations = list_obligations(store())
    counts = {
        "articles": len(articles),
        "clauses": sum(len(a["clauses"]) for a in articles),
        "local_rules": len({r["iri"] for a in articles for r in a["local_rules"]}),
        "obligations": len(obligations),
        "interpretations": sum(1 for o in obligations for p in o["parameters"] if p["interpretation"]),
    }
    datasets = catalog.list_datasets(store()) if page_role() >= Role.INSPECTOR else None
    by_rule = {rule: sum(1 for o in obligations if o["rule"] == rule) for rule in RULES}
    return render_template("home.html", articles=articles, counts=counts, datasets=datasets, by_rule=by_rule)


@bp.route("/article/<int:number>")
def article(number: int):
    lang = current_lang()
    found = [a for a in list_articles(store(), lang) if a["number"] == number]
    if not found:
        abort(404, f"the regulation graph holds no article {number} (it holds 19 and 20)")
    art = found[0]
    national = decorate(list_obligations(store(), article=number, rule="national"), lang)
    local = decorate([o for o in list_obligations(store(), article=number) if o["rule"] != "national"], lang)
    return render_template("article.html", article=art, clauses=marked_clauses(art["clauses"], national),
                           national=national, local=local)


@bp.route("/local-rule/<rule>")
def local_rule(rule: str):
    lang = current_lang()
    if rule not in RULES[1:]:
        abort(404, f"no local rule {rule!r}; the local rules are yichun and qingdao")
    rows = [{k: plain(v) for k, v in r.items()} for r in run_query(
        store(), "web/local-rule", {"localRule": URIRef(ns.local_rule_iri(rule)), "lang": lang}).dicts()]
    if not rows:
        abort(404, f"the regulation graph holds no local rule {rule!r}")
    head = rows[0]
    clauses = [{"iri": r["clause"], "ordinal": r["ordinal"], "text": r["clauseText"]} for r in rows]
    obligations = decorate(list_obligations(store(), rule=rule), lang)
    return render_template("local_rule.html", rule=rule, head=head, iri=ns.local_rule_iri(rule),
                           clauses=marked_clauses(clauses, obligations), obligations=obligations)


@bp.route("/obligations")
def obligations():
    lang = current_lang()
    chosen = {k: (request.args.get(k) or None) for k in ("article", "rule", "bearer", "kind")}
    article = chosen["article"] if chosen["article"] in ("19", "20") else None
    rule = chosen["rule"] if chosen["rule"] in RULES else None
    everything = decorate(list_obligations(store()), lang)
    bearer = chosen["bearer"] if chosen["bearer"] in {o["bearer"] for o in everything} else None
    rows = decorate(list_obligations(store(), article=article, rule=rule, bearer=bearer), lang)
    if chosen["kind"]:
        rows = [o for o in rows if o["kind"] == chosen["kind"]]
    options = {
        "bearer": sorted({(o["bearer"], o["bearer_label"]) for o in everything}),
        "kind": sorted({(o["kind"], o["kind_label"]) for o in everything if o["kind"]}),
    }
    return render_template("obligations.html", rows=rows, chosen=chosen, options=options, total=len(everything))


@bp.route("/obligation/<code>")
def obligation(code: str):
    lang = current_lang()
    found = [o for o in decorate(list_obligations(store()), lang) if o["code"] == code]
    if not found:
        abort(404, f"no obligation with the code {code!r}")
    ob = found[0]
    clause = {"iri": ob["clause"], "text": ob["clause_text"],
              "pieces": pieces(ob["clause_text"], [(ob["start"], ob["end"], ob)])}
    compliance = None
    if page_role() >= Role.INSPECTOR:
        compliance = []
        for ds in catalog.list_datasets(store()):
            summary = reports.newest_summary(store(), ds.name, code)
            compliance.append({"dataset": ds.name, "summary": summary})
    return render_template("obligation.html", ob=ob, clause=clause, compliance=compliance,
                           local_rule_key=_local(ob["local_rule"]))


@bp.route("/search")
def search():
    lang = current_lang()
    words = (request.args.get("q") or "").strip()[:100]
    clause_hits, obligation_hits, rule_hits = [], [], []
    if words:
        result = run_query(store(), "research/search-clauses", {"text": words, "lang": lang})
        for row in result.dicts():
            text = str(row["clauseText"])
            shown, spans, cut_before, cut_after = context_window(text, occurrences(text, words))
            parent = str(row["parent"])
            clause_hits.append({
                "parent": parent, "parent_label": str(row["parentLabel"]), "ordinal": int(row["ordinal"]),
                "pieces": pieces(shown, spans), "cut_before": cut_before, "cut_after": cut_after,
                "href": _parent_href(parent, int(row["ordinal"])),
            })
        for ob in decorate(list_obligations(store()), lang):
            fields = [ob["code"], ob["label"], ob["label_en"], ob["quote"]]
            if any(words.casefold() in (f or "").casefold() for f in fields):
                ob["quote_pieces"] = pieces(ob["quote"], occurrences(ob["quote"], words))
                ob["label_pieces"] = pieces(ob["display_label"], occurrences(ob["display_label"], words))
                obligation_hits.append(ob)
        seen = set()
        for art in list_articles(store(), lang):
            for rule in art["local_rules"]:
                title = rule["title"] or ""
                if rule["iri"] not in seen and words.casefold() in (title + rule["jurisdiction"]).casefold():
                    seen.add(rule["iri"])
                    rule_hits.append({**rule, "key": _local(rule["iri"]),
                                      "pieces": pieces(title, occurrences(title, words))})
    total = len(clause_hits) + len(obligation_hits) + len(rule_hits)
    return render_template("search.html", q=words, clause_hits=clause_hits, obligation_hits=obligation_hits,
                           rule_hits=rule_hits, total=total)


def _parent_href(parent: str, ordinal: int) -> str:
    from flask import url_for

    if parent.startswith(f"{ns.ID}article/"):
        return url_for("pages.article", number=int(parent.rsplit("/", 1)[-1])) + f"#clause-{ordinal}"
    return url_for("pages.local_rule", rule=parent.rsplit("/", 1)[-1]) + f"#clause-{ordinal}"
