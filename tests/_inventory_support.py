"""Stores holding the public graphs (regulation and ontology) for the research-query and
inventory tests, on both backends.

The ontology graph is loaded without the SHACL shapes: the research queries read only the
regulation and the code lists, and this keeps these tests independent of the shapes file.
"""

from __future__ import annotations

import functools

import pytest

from kg_service import namespaces as ns


@functools.lru_cache(maxsize=1)
def public_ntriples() -> dict[str, bytes]:
    from kg_service.regulation.ontology import load_ontology_graph
    from kg_service.regulation.seed import load_seed_graph

    return {
        ns.GRAPH_REGULATION: load_seed_graph().serialize(format="nt", encoding="utf-8"),
        ns.GRAPH_ONTOLOGY: load_ontology_graph().serialize(format="nt", encoding="utf-8"),
    }


def load_public_graphs(store):
    for graph, data in public_ntriples().items():
        store.put_graph(graph, data)
    return store


@pytest.fixture(params=["embedded", "remote"])
def regulation_store(request):
    """A real store (embedded on tmp_path, or `oxigraph serve`) with the public graphs."""
    return load_public_graphs(request.getfixturevalue(f"{request.param}_store"))
