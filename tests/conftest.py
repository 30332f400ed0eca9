"""Shared fixtures: real stores on both backends.

- `embedded_store`: a pyoxigraph store in tmp_path (empty).
- `oxigraph_server`: one real `oxigraph serve` per test session on a free 127.0.0.1 port.
- `remote_store`: a RemoteStore on that server, emptied before each test.
- `store`: the same test on both, ids "embedded" and "remote".
- `loaded_store` (on both backends) and `embedded_loaded_store`: the public graphs (ontology,
  shapes, regulation) loaded, as `open_store` leaves them.
- `store_snapshot(store)`: every quad of the store, sorted, to compare before and after.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from _store_support import free_port
from kg_service.store import EmbeddedStore, RemoteStore


@dataclass(frozen=True)
class OxigraphServer:
    base_url: str
    location: str

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base_url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.base_url}/store"


def _wait_until_answering(process: subprocess.Popen, url: str) -> None:
    # Polls readiness (not a timed assertion): give up only if the process died or after a
    # generous bound, so a slow machine does not fail the suite.
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with status {process.returncode}: "
                               f"{process.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"oxigraph serve did not answer at {url}")
        time.sleep(0.05)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the `oxigraph` server binary is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = OxigraphServer(f"http://127.0.0.1:{port}", str(location))
    try:
        _wait_until_answering(process, server.base_url)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def embedded_store(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def remote_store(oxigraph_server):
    store = RemoteStore(oxigraph_server.query_url, oxigraph_server.update_url, oxigraph_server.store_url,
                        timeout_s=60)
    store.update("DROP SILENT ALL")
    yield store
    store.close()


@pytest.fixture(params=["embedded", "remote"])
def store(request):
    return request.getfixturevalue(f"{request.param}_store")


@pytest.fixture(scope="session")
def public_graphs_ntriples():
    """The public graphs as N-Triples, built once per session (building parses the seed)."""
    from kg_service.store.public import BUILDERS

    return {graph: build() for graph, build in BUILDERS.items()}


def _load_public(store, public_graphs_ntriples):
    from kg_service.store import catalog
    from kg_service.store.public import _source_digest

    digest = _source_digest()
    for graph, data in public_graphs_ntriples.items():
        store.put_graph(graph, data)
        catalog.set_content_hash(store, graph, digest)
    return store


@pytest.fixture
def loaded_store(store, public_graphs_ntriples):
    return _load_public(store, public_graphs_ntriples)


@pytest.fixture
def embedded_loaded_store(embedded_store, public_graphs_ntriples):
    return _load_public(embedded_store, public_graphs_ntriples)


def store_snapshot(store) -> list[tuple]:
    """Every quad in every named graph, as sorted N-Triples-like strings."""
    rows = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    return sorted(tuple(t.n3() for t in row) for row in rows)


@pytest.fixture
def snapshot():
    return store_snapshot
