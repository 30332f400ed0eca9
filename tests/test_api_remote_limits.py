"""/sparql on the remote backend: the row limit and the timeout hold against a real `oxigraph serve`.

The service runs over real HTTP with `backend = remote`; its store is a real `oxigraph serve`
process (the shared fixture, or one started here with its own `--timeout-s`).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import threading
import urllib.error
import urllib.request

import pytest
import waitress

from _endpoint_support import ADMIN, INSPECTOR, Client
from _store_support import free_port
from kg_service.config import Settings
from kg_service.endpoint.protocol import Endpoint
from kg_service.web import create_app

EX = "http://example.org/remote#"
HEAVY = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cross product of the store with itself three times: billions of rows to count."""


@contextlib.contextmanager
def service_over(query_url: str, update_url: str, store_url: str, **overrides):
    settings = Settings(backend="remote", remote_query_url=query_url, remote_update_url=update_url,
                        remote_store_url=store_url, admin_token=ADMIN, inspector_token=INSPECTOR, **overrides)
    endpoint = Endpoint.open(settings)
    app = create_app(settings, {"KG_ENDPOINT": endpoint})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=8)
    closing = threading.Event()

    def run():
        try:
            server.run()
        except OSError:
            if not closing.is_set():
                raise

    threading.Thread(target=run, daemon=True).start()
    try:
        yield Client(f"http://127.0.0.1:{server.effective_port}")
    finally:
        closing.set()
        server.close()
        endpoint.close()


@contextlib.contextmanager
def oxigraph(tmp_path, *extra: str):
    """An `oxigraph serve` of our own (the shared one must not be kept busy by a heavy query)."""
    port = free_port()
    process = subprocess.Popen([shutil.which("oxigraph"), "serve", "--location", str(tmp_path / "ox"),
                                "--bind", f"127.0.0.1:{port}", *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # readiness poll, not a timed assertion
            if process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with status {process.returncode}")
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                threading.Event().wait(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def fill(client: Client, count: int) -> None:
    data = "".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(count))
    answer = client.request("PUT", "/store?default", data=data, token=ADMIN,
                            headers={"Content-Type": "application/n-triples"})
    assert answer.status in (201, 204), answer.body


@pytest.fixture
def limited(oxigraph_server):
    with service_over(oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.store_url,
                      max_result_rows=5) as client:
        client.request("POST", "/sparql", data="DROP SILENT ALL", token=ADMIN,
                       headers={"Content-Type": "application/sparql-update"})
        fill(client, 10)
        yield client


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_the_row_limit_holds_on_the_remote_backend(limited, accept):
    over = limited.query(f"SELECT ?s ?o {{ ?s <{EX}p> ?o }}", accept=accept, token=ADMIN)
    assert over.status == 400, over.body
    assert over.json()["error"]["code"] == "result_too_large"
    exactly = limited.query(f"SELECT ?s ?o {{ ?s <{EX}p> ?o }} ORDER BY ?o LIMIT 5", accept=accept, token=ADMIN)
    assert exactly.status == 200 and exactly.content_type == accept
    assert exactly.body.decode().count(f"{EX}s") == 5


def test_the_remote_answer_is_rewritten_faithfully(limited):
    rows = limited.select(f'SELECT ?s ?o {{ ?s <{EX}p> ?o FILTER (?o IN ("1", "7")) }} ORDER BY ?o', token=ADMIN)
    assert rows == [{"s": f"{EX}s1", "o": "1"}, {"s": f"{EX}s7", "o": "7"}]
    ask = limited.query(f"ASK {{ <{EX}s3> <{EX}p> ?o }}", token=ADMIN)
    assert ask.status == 200 and ask.json()["boolean"] is True


def test_the_triple_limit_holds_for_construct(limited):
    over = limited.query(f"CONSTRUCT WHERE {{ ?s <{EX}p> ?o }}", accept="text/turtle", token=ADMIN)
    assert over.status == 400 and over.json()["error"]["code"] == "result_too_large"
    few = limited.query(f"CONSTRUCT WHERE {{ ?s <{EX}p> ?o }} LIMIT 3", accept="application/n-triples",
                        token=ADMIN)
    assert few.status == 200 and few.content_type == "application/n-triples"
    assert len(few.body.decode().strip().splitlines()) == 3


def test_a_query_the_remote_stops_at_its_own_timeout_is_a_503_not_a_broken_200(tmp_path):
    with oxigraph(tmp_path, "--timeout-s", "1") as base, \
            service_over(f"{base}/query", f"{base}/update", f"{base}/store", query_timeout_s=120) as client:
        fill(client, 2000)
        answer = client.query(HEAVY, token=ADMIN)
        assert answer.status == 503, answer.body
        error = answer.json()["error"]
        assert error["code"] == "query_timeout" and "its own time limit" in error["message"]
        assert client.select(f"SELECT ?o {{ <{EX}s3> <{EX}p> ?o }}", token=ADMIN) == [{"o": "3"}]


def test_our_timeout_answers_while_other_requests_are_served(tmp_path):
    with oxigraph(tmp_path, "--timeout-s", "30") as base, \
            service_over(f"{base}/query", f"{base}/update", f"{base}/store", query_timeout_s=1) as client:
        fill(client, 2000)
        results = {}

        def heavy():
            results["heavy"] = client.query(HEAVY, token=ADMIN)

        thread = threading.Thread(target=heavy)
        thread.start()
        results["light"] = client.select(f"SELECT ?o {{ <{EX}s4> <{EX}p> ?o }}", token=ADMIN)
        thread.join()
        assert results["light"] == [{"o": "4"}]
        assert results["heavy"].status == 503
        assert results["heavy"].json()["error"]["code"] == "query_timeout"
