"""The REST API under /api over real HTTP, on a store with the regulation graph loaded."""

from __future__ import annotations

import json

import pytest

from _endpoint_support import INSPECTOR, serve
from kg_service.store import EmbeddedStore
from kg_service.store.public import ensure_public_graphs


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("api") / "store"
    store = EmbeddedStore(directory)
    ensure_public_graphs(store)
    store.close()
    with serve(directory, sample=False) as running:
        yield running


def test_openapi_is_served_and_lists_the_paths(server):
    answer = server.client.request("GET", "/api/openapi.json")
    assert answer.status == 200
    paths = answer.json()["paths"]
    assert {"/api/articles", "/api/obligations", "/api/checks"} <= set(paths)


def test_articles_with_clauses(server):
    articles = server.client.request("GET", "/api/articles").json()
    assert sorted(a["number"] for a in articles) == [19, 20]
    for article in articles:
        for clause in article["clauses"]:
            assert article["text"][clause["start"]:clause["end"]] == clause["text"]


def test_obligations_filters(server):
    everything = server.client.request("GET", "/api/obligations").json()
    assert len(everything) == 27
    qingdao = server.client.request("GET", "/api/obligations", params={"rule": "qingdao"}).json()
    assert qingdao and all(o["rule"] == "qingdao" for o in qingdao) and len(qingdao) < 27


def test_running_a_check_needs_an_inspector(server):
    answer = server.client.request("POST", "/api/checks", data=json.dumps({"dataset": "x", "year": 2024}),
                                   headers={"Content-Type": "application/json"})
    assert answer.status == 401 and answer.json()["error"]["code"] == "unauthorized"


def test_bad_json_body_says_where(server):
    answer = server.client.request("POST", "/api/checks", data='{"dataset": "x",\n "year": }', token=INSPECTOR,
                                   headers={"Content-Type": "application/json"})
    assert answer.status == 400
    assert "line 2" in answer.json()["error"]["message"]
