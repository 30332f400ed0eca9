"""What only the pages read from the store, through the named queries of queries/web/:
labels of the ontology's terms and the statements about a resource.

Findings, run summaries and members come from kg_service.checks.reports, the library the
REST API uses too. Every query names its graphs explicitly (default_graph), so nothing
private leaks into a public page whatever the store holds.
"""

from __future__ import annotations

import threading
from typing import Any

from rdflib import URIRef

from ... import namespaces as ns
from ...queries import run_query
from ...regulation.inventory import plain

_labels_cache: dict[tuple[int, str], dict[str, str]] = {}
_labels_lock = threading.Lock()


def _rows(store, name: str, values: dict | None = None, graphs=None) -> list[dict[str, Any]]:
    result = run_query(store, name, values, default_graph=graphs)
    return [{k: plain(v) for k, v in zip(result.variables, row)} for row in result.rows]


def labels(store, lang: str) -> dict[str, str]:
    """IRI -> label of the ontology's terms and codes (public; read once per process: the
    public graphs change only when the store is reopened)."""
    key = (id(store), lang)
    with _labels_lock:
        if key not in _labels_cache:
            rows = _rows(store, "web/labels", {"lang": lang}, [ns.GRAPH_ONTOLOGY])
            _labels_cache[key] = {r["term"]: r["label"] for r in rows}
        return _labels_cache[key]


def code_label(store, lang: str, code_list: str, code: str | None) -> str:
    if not code:
        return ""
    return labels(store, lang).get(ns.code_iri(code_list, code), code)


def statements(store, iri: str, graphs: list[str]) -> list[dict]:
    return _rows(store, "web/statements", {"resource": URIRef(iri)}, graphs)
