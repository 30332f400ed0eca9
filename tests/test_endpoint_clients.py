"""Ordinary SPARQL clients against the endpoint: SPARQLWrapper in every format, rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, N3, POST, RDFXML, TSV, TURTLE, XML, JSONLD, SPARQLWrapper

from _endpoint_support import EX, INSPECTOR, serve

SELECT = f"SELECT ?label WHERE {{ ?m <{EX}in> ?label }} ORDER BY ?label"
CONSTRUCT = f"CONSTRUCT WHERE {{ ?m <{EX}in> ?label }}"
PUBLIC = ["public-ontology", "public-regulation"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("endpoint-clients") / "store") as running:
        yield running


def _wrapper(server, query, fmt, method="GET", token=None):
    sw = SPARQLWrapper(f"{server.url}/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    if token:
        sw.addCustomHttpHeader("Authorization", f"Bearer {token}")
    return sw.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_json(server, method):
    result = _wrapper(server, SELECT, JSON, method)
    assert [b["label"]["value"] for b in result["results"]["bindings"]] == PUBLIC


def test_sparqlwrapper_xml(server):
    document = _wrapper(server, SELECT, XML)
    ns = "http://www.w3.org/2005/sparql-results#"
    assert [n.firstChild.data for n in document.getElementsByTagNameNS(ns, "literal")] == PUBLIC


@pytest.mark.parametrize("fmt, lines", [(CSV, ["label", *PUBLIC]), (TSV, ["?label", *[f'"{p}"' for p in PUBLIC]])])
def test_sparqlwrapper_csv_tsv(server, fmt, lines):
    assert _wrapper(server, SELECT, fmt).decode().split() == lines


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_graph_formats(server, fmt):
    graph = _wrapper(server, CONSTRUCT, fmt)
    if not isinstance(graph, rdflib.Graph):
        graph = rdflib.Graph().parse(data=graph, format="turtle" if fmt in (TURTLE, N3) else "json-ld")
    assert sorted(str(o) for o in graph.objects()) == PUBLIC


def test_sparqlwrapper_ask_and_token(server):
    ask = f"ASK {{ ?m <{EX}in> 'private-dataset' }}"
    assert _wrapper(server, ask, JSON)["boolean"] is False
    assert _wrapper(server, ask, JSON, token=INSPECTOR)["boolean"] is True


def test_rdflib_sparqlstore_as_a_client(server):
    graph = rdflib.Graph(SPARQLStore(f"{server.url}/sparql", returnFormat="json"))
    labels = sorted(str(row.label) for row in graph.query(SELECT))
    assert labels == PUBLIC
    triples = list(graph.triples((None, rdflib.URIRef(f"{EX}in"), None)))
    assert sorted(str(o) for _, _, o in triples) == PUBLIC
