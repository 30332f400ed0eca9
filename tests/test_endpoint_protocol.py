"""The SPARQL 1.1 Protocol at /sparql and the Graph Store Protocol at /store, over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
import rdflib

from _endpoint_support import ADMIN, EX, INSPECTOR, serve

SELECT = f"SELECT ?label WHERE {{ ?m <{EX}in> ?label }} ORDER BY ?label"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("endpoint-protocol") / "store") as running:
        yield running


@pytest.fixture
def client(server):
    return server.client


def test_query_by_get_post_form_and_post_body_agree(client):
    by_get = client.request("GET", "/sparql", params={"query": SELECT})
    by_form = client.request("POST", "/sparql", data=f"query={quote(SELECT)}",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    by_body = client.request("POST", "/sparql", data=SELECT,
                             headers={"Content-Type": "application/sparql-query"})
    assert by_get.status == by_form.status == by_body.status == 200
    assert by_get.json() == by_form.json() == by_body.json()
    labels = [b["label"]["value"] for b in by_get.json()["results"]["bindings"]]
    assert labels == ["public-ontology", "public-regulation"]


@pytest.mark.parametrize("accept, media", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
])
def test_select_results_by_content_negotiation(client, accept, media):
    answer = client.query(SELECT, accept=accept)
    assert answer.status == 200
    assert answer.content_type == media
    text = answer.body.decode()
    if media.endswith("json"):
        assert len(json.loads(text)["results"]["bindings"]) == 2
    elif media.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert [e.text for e in ET.fromstring(text).iter(f"{ns}literal")] == ["public-ontology", "public-regulation"]
    elif media == "text/csv":
        assert list(csv.reader(io.StringIO(text))) == [["label"], ["public-ontology"], ["public-regulation"]]
    else:
        assert text.splitlines() == ["?label", '"public-ontology"', '"public-regulation"']


@pytest.mark.parametrize("accept, media, rdflib_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_results_by_content_negotiation(client, accept, media, rdflib_format):
    answer = client.query(f"CONSTRUCT WHERE {{ ?m <{EX}in> ?label }}", accept=accept)
    assert answer.status == 200 and answer.content_type == media
    graph = rdflib.Graph().parse(data=answer.body, format=rdflib_format)
    assert {str(o) for o in graph.objects()} == {"public-ontology", "public-regulation"}


def test_ask_in_json_and_xml(client):
    assert client.query(f"ASK {{ ?m <{EX}in> 'public-regulation' }}").json()["boolean"] is True
    answer = client.query(f"ASK {{ ?m <{EX}in> 'admin-only' }}", accept="application/sparql-results+xml")
    assert b"<boolean>false</boolean>" in answer.body


def test_bad_query_is_400_with_the_parser_position(client):
    answer = client.query("SELECT * WHERE {\n  ?s ?p \n}")
    assert answer.status == 400
    error = answer.json()["error"]
    assert error["code"] == "bad_query"
    assert "3:1" in error["message"] or "2:" in error["message"], error["message"]
    assert "Traceback" not in answer.body.decode()


def test_unacceptable_format_is_406_and_names_what_is_available(client):
    answer = client.query(SELECT, accept="image/png")
    assert answer.status == 406
    assert "application/sparql-results+json" in answer.json()["error"]["message"]
    assert client.query(SELECT, accept="text/turtle").status == 406  # no SELECT results as Turtle
    assert client.query("CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv").status == 406


def test_unknown_content_type_is_415(client):
    answer = client.request("POST", "/sparql", data=SELECT, headers={"Content-Type": "text/plain"})
    assert answer.status == 415
    assert answer.json()["error"]["code"] == "unsupported_media_type"


def test_service_description_on_plain_get(client):
    answer = client.request("GET", "/sparql")
    assert answer.status == 200 and answer.content_type == "text/turtle"
    graph = rdflib.Graph().parse(data=answer.body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph  # anonymous may not update
    names = {str(n) for n in graph.objects(None, sd.name)}
    assert "https://w3id.org/party-kg/id/graph/regulation" in names
    assert not any("dataset" in n for n in names)


def test_update_needs_the_admin_token(server, client):
    update = f'INSERT DATA {{ GRAPH <http://example.org/u> {{ <{EX}u> <{EX}in> "updated" }} }}'
    for token, status in ((None, 401), (INSPECTOR, 403), ("wrong", 401)):
        answer = client.request("POST", "/sparql", data=update, token=token,
                                headers={"Content-Type": "application/sparql-update"})
        assert answer.status == status, (token, answer.body)
    ask = "ASK { GRAPH <http://example.org/u> { ?s ?p 'updated' } }"
    assert client.query(ask, token=ADMIN).json()["boolean"] is False
    answer = client.request("POST", "/sparql", data="update=" + quote(update),
                            token=ADMIN, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 204
    assert client.query(ask, token=ADMIN).json()["boolean"] is True  # the workers see the write
    assert client.request("POST", "/sparql", data="DROP GRAPH <http://example.org/u>", token=ADMIN,
                          headers={"Content-Type": "application/sparql-update"}).status == 204
    assert client.query(ask, token=ADMIN).json()["boolean"] is False


def test_update_by_get_and_query_as_update_are_refused(client):
    assert client.request("GET", "/sparql", params={"update": "CLEAR ALL"}, token=ADMIN).status == 405
    answer = client.request("POST", "/sparql", data="SELECT * {}", token=ADMIN,
                            headers={"Content-Type": "application/sparql-update"})
    assert answer.status == 400
    assert client.query("CLEAR ALL", token=ADMIN).status == 400


def test_graph_store_protocol_round_trip(client):
    graph = "http://example.org/gsp"
    turtle = f'@prefix ex: <{EX}> . ex:a ex:in "gsp-1" .'
    put = client.request("PUT", "/store", params={"graph": graph}, data=turtle, token=ADMIN,
                         headers={"Content-Type": "text/turtle"})
    assert put.status == 201
    again = client.request("PUT", "/store", params={"graph": graph}, data=turtle, token=ADMIN,
                           headers={"Content-Type": "text/turtle"})
    assert again.status == 204
    post = client.request("POST", "/store", params={"graph": graph}, token=ADMIN,
                          data=f'<{EX}b> <{EX}in> "gsp-2" .', headers={"Content-Type": "application/n-triples"})
    assert post.status == 204
    got = client.request("GET", "/store", params={"graph": graph}, token=ADMIN,
                         headers={"Accept": "application/n-triples"})
    assert got.status == 200 and got.content_type == "application/n-triples"
    assert {str(o) for o in rdflib.Graph().parse(data=got.body, format="nt").objects()} == {"gsp-1", "gsp-2"}
    assert client.request("DELETE", "/store", params={"graph": graph}, token=ADMIN).status == 204
    assert client.request("GET", "/store", params={"graph": graph}, token=ADMIN).status == 404
    assert client.request("DELETE", "/store", params={"graph": graph}, token=ADMIN).status == 404


def test_graph_store_refuses_bad_bodies_and_leaves_the_graph_alone(client):
    graph = "http://example.org/gsp-bad"
    client.request("PUT", "/store", params={"graph": graph}, data=f'<{EX}a> <{EX}in> "kept" .', token=ADMIN,
                   headers={"Content-Type": "application/n-triples"})
    bad = client.request("PUT", "/store", params={"graph": graph}, token=ADMIN,
                         data=f'<{EX}a> <{EX}in> "new" .\n<{EX}b> <{EX}in> "broken', headers={"Content-Type": "text/turtle"})
    assert bad.status == 400 and "line 2" in bad.json()["error"]["message"]
    wrong_type = client.request("PUT", "/store", params={"graph": graph}, data="x", token=ADMIN,
                                headers={"Content-Type": "application/pdf"})
    assert wrong_type.status == 415
    labels = client.markers(f"SELECT ?label {{ GRAPH <{graph}> {{ ?m <{EX}in> ?label }} }}", token=ADMIN)
    assert labels == {"kept"}


def test_graph_store_writes_are_for_admins_and_reads_follow_visibility(client):
    graph = "https://w3id.org/party-kg/id/graph/regulation"
    for token, status in ((None, 401), (INSPECTOR, 403)):
        answer = client.request("PUT", "/store", params={"graph": graph}, data="", token=token,
                                headers={"Content-Type": "text/turtle"})
        assert answer.status == status
    assert client.request("GET", "/store", params={"graph": graph}).status == 200
    private = "https://w3id.org/party-kg/id/graph/dataset/demo/v1"
    assert client.request("GET", "/store", params={"graph": private}).status == 401
    assert client.request("GET", "/store", params={"graph": private}, token=INSPECTOR).status == 200
    assert client.request("GET", "/store", params={"default": ""}, token=INSPECTOR).status == 403
    assert client.request("GET", "/store").status == 400  # no graph named


def test_every_error_has_one_json_shape(client):
    answers = [
        client.query("SELECT * {"),
        client.query(SELECT, accept="image/png"),
        client.request("GET", "/no/such/page"),
        client.request("DELETE", "/sparql"),
        client.query(SELECT, token="wrong"),
    ]
    for answer in answers:
        assert answer.content_type == "application/json", answer
        error = answer.json()["error"]
        assert set(error) >= {"status", "code", "message"} and error["status"] == answer.status
