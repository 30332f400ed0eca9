"""Everything one finding rests on, in one answer (for `kg-service trace` and the web layer).

A finding is named by its IRI or by the short form `YEAR/CODE/SUBJECT/PERIOD` (the end of its
IRI; an id holding `/` is written with `%2F`), relative to a dataset. The answer holds the
finding, the obligation, the clause with the grounding words marked, the article, the local
rule, the parameter values and interpretations, and the evidence records.
"""

from __future__ import annotations

from urllib.parse import unquote

from rdflib import URIRef

from .. import namespaces as ns
from ..errors import InputError, NotFound
from ..queries import run_query
from ..store import catalog
from ..store.base import Store


def finding_iri_from(reference: str, dataset: str) -> str:
    if reference.startswith(("http://", "https://")):
        return reference
    parts = reference.split("/")
    if len(parts) != 4 or not all(parts):
        raise InputError(f"finding {reference!r}: expected its IRI or YEAR/CODE/SUBJECT/PERIOD, "
                         "e.g. 2024/leader-dlm/m1/2024")
    year, code, subject, period = (unquote(p) for p in parts)
    if not year.isdigit():
        raise InputError(f"finding {reference!r}: YEAR must be a year such as 2024, not {year!r}")
    return ns.finding_iri(dataset, int(year), code, subject, period)


def _value(term):
    return None if term is None else (term.toPython() if hasattr(term, "toPython") else str(term))


def trace_finding(store: Store, dataset: str, reference: str, lang: str = "zh") -> dict:
    if lang not in ("zh", "en"):
        raise InputError(f"--lang {lang!r}: expected zh or en")
    iri = finding_iri_from(reference, dataset)
    graphs = [catalog.findings_graph(store, dataset), ns.GRAPH_REGULATION, catalog.current_graph(store, dataset)]
    rows = run_query(store, "checks/trace-finding", {"finding": URIRef(iri), "lang": lang},
                     default_graph=graphs).dicts()
    if not rows:
        raise NotFound(f"no stored finding {iri} in dataset {dataset!r}; run `kg-service check` first "
                       "(compliant findings are stored only with --all)")
    r = rows[0]
    local_rule_label = next((str(row["localRuleLabel"]) for row in rows
                             if getattr(row.get("localRuleLabel"), "language", None) == lang), "")
    quote, start, end = str(r["quote"]), int(r["start"]), int(r["end"])
    clause_text = str(r["clauseText"])
    details = run_query(store, "checks/trace-details", {"finding": URIRef(iri)}, default_graph=graphs).dicts()
    values, evidence = [], []
    for d in details:
        if str(d["kind"]) == "value":
            values.append({"parameter": str(d["name"]), "value": str(_value(d["value"])),
                           "source": str(d.get("source", "")),
                           "interpretation": bool(_value(d["isInterpretation"])),
                           "word": str(d["word"]) if d.get("word") else None})
        else:
            evidence.append({"iri": str(d["item"]),
                             "type": str(d.get("recordType", "")).rsplit("#", 1)[-1],
                             "id": str(d.get("recordId") or unquote(str(d["item"]).rsplit("/", 1)[-1])),
                             "kind": str(d.get("recordKind", "")).rsplit("/", 1)[-1] or None,
                             "date": str(d["date"]) if d.get("date") else None})
    return {
        "finding": {"iri": iri, "obligation": str(r["code"]), "subject_id": str(r["subjectId"]),
                    "period": str(r["period"]), "status": str(r["status"]),
                    "expected": str(_value(r["expected"])),
                    "observed": str(_value(r["observed"])) if r.get("observed") is not None else "",
                    "window_end": str(r.get("windowEnd", "")), "event": str(r["event"]) if r.get("event") else None},
        "run": {"iri": str(r["run"]), "year": int(r["year"]), "as_of": str(r["asOf"]), "started": str(r["started"])},
        "obligation": {"iri": str(r["obligation"]), "code": str(r["code"]), "label": str(r.get("obligationLabel", ""))},
        "clause": {"iri": str(r["clause"]), "text": clause_text, "quote": quote, "start": start, "end": end,
                   "marked": clause_text[:start] + "【" + clause_text[start:end] + "】" + clause_text[end:],
                   "position_in_parent": [int(r["clauseStart"]), int(r["clauseEnd"])] if r.get("clauseStart") is not None else None},
        "article": {"iri": str(r["article"]), "label": str(r.get("articleLabel", "")), "text": str(r["articleText"])},
        "local_rule": ({"iri": str(r["localRule"]), "label": local_rule_label,
                        "text": str(r["localRuleText"])} if r.get("localRule") else None),
        "parameters": values,
        "evidence": evidence,
    }
