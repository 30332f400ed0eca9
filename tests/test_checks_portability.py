"""Portability: every query the check engine sends returns the same rows on pyoxigraph and on
rdflib's SPARQL engine (a second engine, used in tests only), so nothing engine-specific slips
into queries/checks/. The engine's queries are recorded while it runs on the embedded store,
then replayed on rdflib over the same graphs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

from _checks_support import load_family
from kg_service.checks.engine import run_checks

FAMILIES = ("leaders", "qingdao", "events", "orgs")


class Recording:
    """Passes every call to the real store and keeps each SELECT with the graphs it read."""

    def __init__(self, store):
        self._store, self.selects = store, []

    def __getattr__(self, name):
        return getattr(self._store, name)

    def select(self, query, *, default_graph=None, named_graphs=None):
        result = self._store.select(query, default_graph=default_graph, named_graphs=named_graphs)
        self.selects.append((query, tuple(default_graph or ()), result))
        return result

    def select_text(self, query, *, default_graph=None, named_graphs=None):
        # The engine reads plain strings; the comparison needs the typed terms, so the query
        # is run a second time through select.
        self.select(query, default_graph=default_graph, named_graphs=named_graphs)
        return self._store.select_text(query, default_graph=default_graph, named_graphs=named_graphs)


def _normal(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(value).normalize())
        if isinstance(value, str) and " " in value and value.startswith("http"):
            return ("iris", tuple(sorted(value.split())))  # GROUP_CONCAT order is not defined
        return ("literal", str(term), term.language)
    return ("term", str(term))


def _rows(variables, rows):
    return sorted((tuple(_normal(t) for t in row) for row in rows), key=repr)


def test_every_check_query_gives_the_same_rows_on_rdflib(embedded_loaded_store):
    recording = Recording(embedded_loaded_store)
    for family in FAMILIES:
        load_family(embedded_loaded_store, family)
        run_checks(recording, family, 2024, as_of=dt.date(2025, 1, 1))
    graphs: dict[tuple, Graph] = {}
    check_queries = 0
    for query, default_graph, expected in recording.selects:
        if not default_graph:
            continue  # the catalog's own look-ups (GRAPH patterns), not check queries
        if default_graph not in graphs:
            union = Graph()
            for name in default_graph:
                union.parse(data=embedded_loaded_store.dump_graph(name).decode("utf-8"), format="nt")
            graphs[default_graph] = union
        answer = graphs[default_graph].query(query)
        variables = [str(v) for v in answer.vars]
        assert variables == expected.variables, query
        got = _rows(variables, [tuple(row) for row in answer])
        assert got == _rows(expected.variables, expected.rows), query
        check_queries += "PREFIX kg:" in query
    assert check_queries >= 27 * len(FAMILIES) // 2  # bearers and measures of every family ran
