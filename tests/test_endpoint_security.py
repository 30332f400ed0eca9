"""Attacks on the endpoint: each one must be refused or contained.

Confinement (FROM, FROM NAMED, GRAPH, default-graph-uri, named-graph-uri), SERVICE and LOAD
(a real listening server must receive nothing), local files, a query past the timeout
(its worker is killed while others keep answering), size limits, no stack traces, CORS.
"""

from __future__ import annotations

import http.server
import os
import threading

import pytest

from _endpoint_support import ADMIN, EX, INSPECTOR, SAMPLE_GRAPHS, serve

PUBLIC = {"public-ontology", "public-regulation"}
INSPECTOR_SEES = PUBLIC | {"private-catalog", "private-dataset", "private-findings"}
DATASET = "https://w3id.org/party-kg/id/graph/dataset/demo/v1"
IN = f"<{EX}in>"

# a query that would run for hours: 10^10 combinations counted
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(10)) + " }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("endpoint-security") / "store", query_timeout_s=2.0,
               max_result_rows=50, max_request_bytes=20_000) as running:
        yield running


@pytest.fixture
def client(server):
    return server.client


@pytest.mark.parametrize("token, expected", [(None, PUBLIC), (INSPECTOR, INSPECTOR_SEES),
                                             (ADMIN, set(SAMPLE_GRAPHS.values()))])
def test_graph_variable_finds_only_visible_graphs(client, token, expected):
    assert client.markers(f"SELECT ?label {{ GRAPH ?g {{ ?m {IN} ?label }} }}", token=token) == expected


@pytest.mark.parametrize("query", [
    f"SELECT ?label FROM <{DATASET}> WHERE {{ ?m {IN} ?label }}",
    f"SELECT ?label FROM NAMED <{DATASET}> WHERE {{ GRAPH ?g {{ ?m {IN} ?label }} }}",
    f"PREFIX g: <https://w3id.org/party-kg/id/graph/> SELECT ?label FROM g:catalog WHERE {{ ?m {IN} ?label }}",
    f"BASE <https://w3id.org/party-kg/id/graph/> SELECT ?label FROM <findings/demo> WHERE {{ ?m {IN} ?label }}",
])
def test_anonymous_cannot_name_a_private_graph_in_the_query(client, query):
    answer = client.query(query)
    assert answer.status == 403
    assert "not visible" in answer.json()["error"]["message"]


def test_graph_iri_inside_the_pattern_finds_nothing_private(client):
    query = f"SELECT ?label WHERE {{ GRAPH <{DATASET}> {{ ?m {IN} ?label }} }}"
    assert client.markers(query) == set()
    assert client.markers(query, token=INSPECTOR) == {"private-dataset"}


def test_protocol_graph_parameters_are_confined_too(client):
    assert client.query(f"SELECT * {{ ?s ?p ?o }}", **{"default-graph-uri": DATASET}).status == 403
    assert client.query(f"SELECT * {{ ?s ?p ?o }}", **{"named-graph-uri": DATASET}).status == 403
    assert client.markers(**{"default-graph-uri": "https://w3id.org/party-kg/id/graph/regulation"}) \
        == {"public-regulation"}


def test_protocol_dataset_overrides_from_clauses(client):
    # the protocol says default-graph-uri wins over FROM; a public FROM cannot smuggle in more
    query = f"SELECT ?label FROM <https://w3id.org/party-kg/id/graph/ontology> WHERE {{ ?m {IN} ?label }}"
    assert client.markers(query) == {"public-ontology"}
    assert client.markers(query, **{"default-graph-uri": "https://w3id.org/party-kg/id/graph/regulation"}) \
        == {"public-regulation"}


def test_inspector_cannot_reach_admin_only_or_default_graph(client):
    assert client.query(f"SELECT * FROM <http://example.org/admin-only> {{ ?s ?p ?o }}",
                        token=INSPECTOR).status == 403
    assert "store-default-graph" not in client.markers(token=INSPECTOR)


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    _Recorder.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", _Recorder.hits
    httpd.shutdown()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "PREFIX r: <{url}#> SELECT * WHERE {{ SERVICE r:x {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
])
@pytest.mark.parametrize("token", [None, ADMIN])
def test_service_is_refused_and_nothing_is_fetched(client, listener, template, token):
    url, hits = listener
    answer = client.query(template.format(url=url), token=token)
    assert answer.status in (400, 403), answer.body
    assert hits == []


def test_service_allow_list_lets_a_listed_endpoint_through(tmp_path, listener):
    url, hits = listener
    with serve(tmp_path / "store", service_allow_list=(url,)) as running:
        running.client.query(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
        assert running.client.query(f"SELECT * WHERE {{ SERVICE <{url}x> {{ ?s ?p ?o }} }}").status == 403
    assert len(hits) == 1  # the listed one was really called, the other never


@pytest.mark.parametrize("update", [
    "LOAD <{url}>",
    "LOAD SILENT <{url}> INTO GRAPH <http://example.org/loaded>",
    "LOAD <file:///etc/passwd>",
])
def test_load_is_refused_even_for_admins(client, listener, update):
    url, hits = listener
    answer = client.request("POST", "/sparql", data=update.format(url=url), token=ADMIN,
                            headers={"Content-Type": "application/sparql-update"})
    assert answer.status == 403
    assert hits == []


def test_no_query_reads_a_local_file(client, tmp_path):
    secret = tmp_path / "secret.ttl"
    secret.write_text(f'<{EX}s> <{EX}in> "secret-file-content" .')
    for token in (None, ADMIN):
        for query in (f"SELECT ?label FROM <{secret.as_uri()}> WHERE {{ ?m {IN} ?label }}",
                      f"SELECT ?label FROM NAMED <{secret.as_uri()}> WHERE {{ GRAPH ?g {{ ?m {IN} ?label }} }}"):
            answer = client.query(query, token=token)
            assert b"secret-file-content" not in answer.body
            assert answer.status in (200, 403)


def test_a_query_past_the_timeout_is_killed_while_others_are_served(server, client):
    pool = server.endpoint.pool
    killed_before = pool.killed
    pids_before = {w.process.pid for w in pool._all}
    outcome = {}
    slow = threading.Thread(target=lambda: outcome.setdefault("slow", client.query(ENDLESS)))
    slow.start()
    # while the endless query holds one worker, another request is answered
    assert client.markers() == PUBLIC
    slow.join()
    answer = outcome["slow"]
    assert answer.status == 503
    assert answer.json()["error"]["code"] == "query_timeout"
    assert pool.killed == killed_before + 1
    gone = pids_before - {w.process.pid for w in pool._all}
    assert len(gone) == 1
    pid = gone.pop()
    with pytest.raises(ProcessLookupError):  # the work really ended: the process is gone
        os.kill(pid, 0)
    assert client.markers() == PUBLIC  # and the pool still answers


def test_request_body_limit(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    answer = client.request("POST", "/sparql", data=big, headers={"Content-Type": "application/sparql-query"})
    assert answer.status == 413
    assert answer.json()["error"]["code"] == "request_too_large"
    assert client.query("SELECT * WHERE { ?s ?p ?o } #" + "x" * 21_000).status in (413, 414, 431)


def test_result_row_limit(client):
    many = "SELECT ?i WHERE { " + "VALUES ?a { 1 2 3 4 5 6 7 8 } VALUES ?b { 1 2 3 4 5 6 7 8 } BIND(?a * 10 + ?b AS ?i) }"
    answer = client.query(many)
    assert answer.status == 400 and answer.json()["error"]["code"] == "result_too_large"
    assert "LIMIT" in answer.json()["error"]["message"]
    assert client.query(many + " LIMIT 50").status == 200


def test_errors_never_carry_a_stack_trace(client):
    for answer in (client.query("SELECT * WHERE { ?s ?p ?o"), client.query(ENDLESS.replace("10 }", "10 ")),
                   client.request("PUT", "/store", params={"graph": "x"}, token=ADMIN, data="<a",
                                  headers={"Content-Type": "text/turtle"})):
        text = answer.body.decode()
        assert answer.status >= 400
        assert "Traceback" not in text and 'File "' not in text


def test_cors_is_off_by_default(client):
    answer = client.request("GET", "/sparql", params={"query": "ASK {}"},
                            headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers


def test_cors_when_configured_never_allows_credentials(tmp_path):
    with serve(tmp_path / "store", sample=False, cors_origins=("https://ok.example",)) as running:
        ok = running.client.request("GET", "/sparql", params={"query": "ASK {}"},
                                    headers={"Origin": "https://ok.example"})
        other = running.client.request("GET", "/sparql", params={"query": "ASK {}"},
                                       headers={"Origin": "https://evil.example"})
    assert ok.headers["access-control-allow-origin"] == "https://ok.example"
    assert "access-control-allow-credentials" not in ok.headers
    assert "access-control-allow-origin" not in other.headers
