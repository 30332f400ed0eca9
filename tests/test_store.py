"""The Store interface behaves the same on the embedded store and on `oxigraph serve`."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg_service.errors import QuerySyntaxError, StoreError
from kg_service.store import EmbeddedStore, RemoteStore

G1 = "https://example.org/g1"
G2 = "https://example.org/g2"
DATA = (
    '<https://example.org/a> <https://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    '<https://example.org/a> <https://example.org/q> "文本"@zh .\n'
    '<https://example.org/a> <https://example.org/r> "plain" .\n'
    '<https://example.org/b> <https://example.org/p> _:x .\n'
).encode()


def test_put_select_and_terms(store):
    store.put_graph(G1, DATA)
    result = store.select(f"SELECT ?p ?o WHERE {{ GRAPH <{G1}> {{ <https://example.org/a> ?p ?o }} }} ORDER BY ?p")
    assert result.variables == ["p", "o"]
    assert result.rows == [
        (URIRef("https://example.org/p"), Literal(1, datatype=XSD.integer)),
        (URIRef("https://example.org/q"), Literal("文本", lang="zh")),
        (URIRef("https://example.org/r"), Literal("plain")),
    ]
    (blank,) = store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ <https://example.org/b> ?p ?o }} }}").column("o")
    assert isinstance(blank, BNode)


def test_unbound_variables_are_none(store):
    store.put_graph(G1, DATA)
    result = store.select(f"SELECT ?o ?missing WHERE {{ GRAPH <{G1}> {{ ?s <https://example.org/r> ?o }} "
                          "OPTIONAL { ?s <https://example.org/none> ?missing } }")
    assert result.rows == [(Literal("plain"), None)]
    assert result.dicts() == [{"o": Literal("plain")}]


def test_put_graph_replaces_and_streams_chunks(store):
    store.put_graph(G1, DATA)
    chunks = [b'<https://example.org/c> <https://example.org/p> "',
              b'split across chunks" .\n<https://example.org/d> <https://example.org/p> "2" .\n']
    store.put_graph(G1, iter(chunks))
    objects = sorted(str(o) for o in store.select(f"SELECT ?o WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").column("o"))
    assert objects == ["2", "split across chunks"]


def test_default_graph_override_confines_the_query(store):
    store.put_graph(G1, DATA)
    store.put_graph(G2, b'<https://example.org/z> <https://example.org/p> "in g2" .\n')
    query = "SELECT ?s WHERE { ?s <https://example.org/p> ?o }"
    assert store.select(query, default_graph=[G2]).column("s") == [URIRef("https://example.org/z")]
    assert sorted(map(str, store.select(query, default_graph=[G1]).column("s"))) == [
        "https://example.org/a", "https://example.org/b"]
    assert store.ask(f"ASK {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}", default_graph=[G1], named_graphs=[G2])
    assert not store.ask(f"ASK {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}", default_graph=[G1], named_graphs=[G1])


def test_construct_update_drop_and_list(store):
    store.put_graph(G1, DATA)
    store.update(f'INSERT DATA {{ GRAPH <{G2}> {{ <https://example.org/n> <https://example.org/p> "new" }} }}')
    assert store.named_graphs() == [G1, G2]
    graph = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}")
    assert len(graph) == 1
    store.drop_graph(G1)
    store.drop_graph(G1)  # no error when it does not exist
    assert store.named_graphs() == [G2]
    assert b"new" in store.dump_graph(G2)


def test_bad_query_is_a_query_syntax_error(store):
    with pytest.raises(QuerySyntaxError):
        store.select("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QuerySyntaxError):
        store.update("INSERT DATA { <a> }")


def test_embedded_store_survives_restart(tmp_path):
    with EmbeddedStore(tmp_path / "s") as store:
        store.put_graph(G1, DATA)
    with EmbeddedStore(tmp_path / "s") as store:
        assert store.named_graphs() == [G1]
        assert len(store.select(f"SELECT * WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").rows) == 4


def test_unreachable_endpoint_is_a_store_error_naming_it():
    from _store_support import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    store = RemoteStore(url, url.replace("query", "update"), timeout_s=5)
    with pytest.raises(StoreError, match="127.0.0.1"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="127.0.0.1"):
        store.update("CLEAR ALL")


def test_remote_store_without_graph_store_protocol(oxigraph_server):
    store = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url, None)
    store.update("DROP SILENT ALL")
    store.put_graph(G1, DATA)
    assert len(store.select(f"SELECT * WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}").rows) == 4
    assert b"plain" in store.dump_graph(G1)
    store.drop_graph(G1)
    assert store.named_graphs() == []


def test_read_only_remote_store_refuses_updates(oxigraph_server):
    store = RemoteStore(oxigraph_server.query_url)
    with pytest.raises(StoreError, match="read-only"):
        store.update("CLEAR ALL")
