"""The workers' union shortcut never widens what a caller sees.

When an inspector may see every named graph, the worker asks pyoxigraph for the union
default graph (cheaper than listing them), but only after checking its own view of the store
holds no graph outside the caller's list: a graph written after the server listed them must
stay invisible.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg_service.endpoint.worker import Job, execute

EX = "http://example.org/union#"


def _store(tmp_path, graphs):
    store = ox.Store(str(tmp_path / "store"))
    for graph in graphs:
        store.add(ox.Quad(ox.NamedNode(f"{EX}m"), ox.NamedNode(f"{EX}in"), ox.Literal(graph), ox.NamedNode(graph)))
    return store


def _labels(answer) -> set[str]:
    assert answer.status == "ok", answer.message
    return {b["label"]["value"] for b in json.loads(answer.body)["results"]["bindings"]}


def _job(graphs):
    return Job(f"SELECT ?label {{ ?m <{EX}in> ?label }}", tuple(graphs), tuple(graphs), "json", None, 100,
               union_of_all=True)


def test_the_union_of_the_listed_graphs(tmp_path):
    graphs = [f"{EX}a", f"{EX}b"]
    assert _labels(execute(_store(tmp_path, graphs), _job(graphs))) == set(graphs)


def test_a_graph_outside_the_list_stays_invisible(tmp_path):
    store = _store(tmp_path, [f"{EX}a", f"{EX}b", f"{EX}admin-only"])
    assert _labels(execute(store, _job([f"{EX}a", f"{EX}b"]))) == {f"{EX}a", f"{EX}b"}
