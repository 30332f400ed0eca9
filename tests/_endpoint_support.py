"""A real kg-service HTTP server for the endpoint and API tests.

`serve(store_dir, **settings)` starts the Flask app under waitress on a free 127.0.0.1 port
in a thread, over a real pyoxigraph store on disk with real query worker processes, and
`Client` sends raw HTTP requests (urllib) so every status code and header is seen as a
client sees it. The store holds a small marked sample of each kind of graph, so tests can
tell which graphs a caller's answer came from.
"""

from __future__ import annotations

import contextlib
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import waitress

from kg_service.config import Settings
from kg_service.endpoint.protocol import Endpoint
from kg_service.namespaces import GRAPH_CATALOG, GRAPH_ONTOLOGY, GRAPH_REGULATION, dataset_graph, findings_graph
from kg_service.store import EmbeddedStore
from kg_service.web import create_app

ADMIN = "admin-token-for-tests"
INSPECTOR = "inspector-token-for-tests"
DATASET_GRAPH = dataset_graph("demo", "v1")
FINDINGS_GRAPH = findings_graph("demo")
EX = "http://example.org/test#"

SAMPLE_GRAPHS = {
    GRAPH_ONTOLOGY: "public-ontology",
    GRAPH_REGULATION: "public-regulation",
    GRAPH_CATALOG: "private-catalog",
    DATASET_GRAPH: "private-dataset",
    FINDINGS_GRAPH: "private-findings",
    "http://example.org/admin-only": "admin-only",
}
"""Each graph holds one triple `ex:marker ex:in "<label>"`, telling where an answer came from."""


def fill_sample(store: EmbeddedStore) -> None:
    for graph, label in SAMPLE_GRAPHS.items():
        store.put_graph(graph, f'<{EX}marker> <{EX}in> "{label}" .\n'.encode())
    store.update(f'INSERT DATA {{ <{EX}marker> <{EX}in> "store-default-graph" }}')


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


class Client:
    def __init__(self, base_url: str):
        self.base_url = base_url

    def request(self, method: str, path: str, *, params=None, data: bytes | str | None = None,
                headers: dict | None = None, token: str | None = None) -> Response:
        url = self.base_url + path
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
        if isinstance(data, str):
            data = data.encode()
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                return Response(answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
        except urllib.error.HTTPError as exc:
            return Response(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())

    def query(self, query: str, *, accept: str | None = None, token: str | None = None, **params) -> Response:
        headers = {"Accept": accept} if accept else {}
        return self.request("GET", "/sparql", params={"query": query, **params}, headers=headers, token=token)

    def select(self, query: str, token: str | None = None, **params) -> list[dict]:
        answer = self.query(query, token=token, **params)
        assert answer.status == 200, answer.body
        return [{k: v["value"] for k, v in b.items()} for b in answer.json()["results"]["bindings"]]

    def markers(self, query: str = "SELECT ?label { ?m <%sin> ?label }" % EX, token: str | None = None,
                **params) -> set[str]:
        return {row["label"] for row in self.select(query, token=token, **params)}


@dataclass
class Server:
    url: str
    endpoint: Endpoint
    settings: Settings
    client: Client


@contextlib.contextmanager
def serve(store_dir, *, sample: bool = True, threads: int = 8, workers: int = 2, **overrides):
    """A running server over a fresh embedded store in `store_dir`."""
    settings = Settings(store=str(store_dir), admin_token=ADMIN, inspector_token=INSPECTOR, **overrides)
    store = EmbeddedStore(store_dir)
    if sample:
        fill_sample(store)
    endpoint = Endpoint.open(settings, store=store, workers=workers)
    app = create_app(settings, {"KG_ENDPOINT": endpoint})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads,
                                    max_request_body_size=settings.max_request_bytes * 2)
    closing = threading.Event()

    def run():
        try:
            server.run()
        except OSError:
            if not closing.is_set():  # waitress's loop notices its closed socket this way
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.effective_port}"
    try:
        yield Server(url, endpoint, settings, Client(url))
    finally:
        closing.set()
        server.close()
        endpoint.close()
