"""A process killed in the middle of an import leaves the old dataset or the new one, never a mix;
RDF import; the `import` and `store` commands; open_store on a fresh directory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg_service import namespaces as ns
from kg_service.config import Settings
from kg_service.errors import InputError
from kg_service.importers import csv_dataset_ntriples, import_csv_dataset, import_rdf_files
from kg_service.store import EmbeddedStore, catalog, open_store

from _store_support import write_synthetic_dataset

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).parent / "data" / "csv" / "valid"

_IMPORTER = """
import sys
from kg_service.importers import import_csv_dataset
from kg_service.store import EmbeddedStore
store = EmbeddedStore(sys.argv[1])
import_csv_dataset(store, sys.argv[2], "org")
store.close()
"""


def _member_names(store):
    graph = catalog.current_graph(store, "org")
    rows = store.select("SELECT DISTINCT ?n WHERE { ?m <http://xmlns.com/foaf/0.1/name> ?n }", default_graph=[graph])
    return {str(n) for n in rows.column("n")}


@pytest.mark.slow
def test_killed_import_leaves_the_old_or_the_new_version(tmp_path):
    old_dir = write_synthetic_dataset(tmp_path / "old", 200, tag="-old")
    new_dir = write_synthetic_dataset(tmp_path / "new", 20_000, seed=2, tag="-new")
    path = tmp_path / "store"
    with EmbeddedStore(path) as store:
        import_csv_dataset(store, old_dir, "org")
        old_graph = catalog.current_graph(store, "org")
    process = subprocess.Popen([sys.executable, "-c", _IMPORTER, str(path), str(new_dir)], cwd=ROOT,
                               stderr=subprocess.PIPE)
    # Kill once the new version graph is being written: the store's files start growing
    # after the temporary N-Triples file is complete. Poll for that, not for a time.
    size_before = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    while process.poll() is None:
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        if size > size_before + 1_000_000:
            break
        time.sleep(0.01)
    assert process.poll() is None, f"the import ended before it could be killed: {process.stderr.read()!r}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    settings = Settings(store=str(path))
    with open_store(settings) as store:
        names = _member_names(store)
        assert names, "the dataset disappeared"
        kinds = {n.rsplit("-", 1)[1] for n in names}
        assert len(kinds) == 1, "the dataset mixes two versions"
        current = catalog.current_graph(store, "org")
        dataset_graphs = [g for g in store.named_graphs() if g.startswith(f"{ns.ID}graph/dataset/")]
        assert dataset_graphs == [current], "left-over version graphs were not removed on open"
        assert (current == old_graph) == (kinds == {"old"})


def test_open_store_creates_the_store_and_loads_the_public_graphs_once(tmp_path):
    settings = Settings(store=str(tmp_path / "fresh" / "store"))
    with open_store(settings) as store:
        graphs = store.named_graphs()
        assert ns.GRAPH_ONTOLOGY in graphs and ns.GRAPH_REGULATION in graphs
        hashes = catalog.content_hashes(store)
        assert set(hashes) == {ns.GRAPH_ONTOLOGY, ns.GRAPH_REGULATION}
        store.update(f"INSERT DATA {{ GRAPH <{ns.GRAPH_REGULATION}> {{ <urn:x> <urn:y> <urn:z> }} }}")
    with open_store(settings) as store:  # unchanged sources: not reloaded, the marker stays
        assert store.ask(f"ASK {{ GRAPH <{ns.GRAPH_REGULATION}> {{ <urn:x> <urn:y> <urn:z> }} }}")
        catalog.set_content_hash(store, ns.GRAPH_REGULATION, "stale")
    with open_store(settings) as store:  # a changed hash: rebuilt from the sources
        assert not store.ask(f"ASK {{ GRAPH <{ns.GRAPH_REGULATION}> {{ <urn:x> <urn:y> <urn:z> }} }}")
        assert store.ask(f"ASK {{ GRAPH <{ns.GRAPH_REGULATION}> {{ ?s ?p ?o }} }}")


def test_open_store_on_the_remote_backend(oxigraph_server):
    settings = Settings(backend="remote", remote_query_url=oxigraph_server.query_url,
                        remote_update_url=oxigraph_server.update_url, remote_store_url=oxigraph_server.store_url)
    with open_store(settings) as store:
        store.update("DROP SILENT ALL")
    with open_store(settings) as store:
        assert {ns.GRAPH_ONTOLOGY, ns.GRAPH_REGULATION} <= set(store.named_graphs())


# --- RDF import ------------------------------------------------------------------------------

def test_rdf_import_of_valid_data_in_each_format(store, tmp_path):
    from rdflib import Dataset, Graph, URIRef

    graph = Graph().parse(data=csv_dataset_ntriples(VALID, "org"), format="nt")
    turtle = tmp_path / "org.ttl"
    graph.serialize(turtle, format="turtle")
    dataset = Dataset()
    dataset.graph(URIRef("https://example.org/g")).__iadd__(graph)
    trig = tmp_path / "org.trig"
    dataset.serialize(trig, format="trig")
    jsonld = tmp_path / "org.jsonld"
    graph.serialize(jsonld, format="json-ld")
    for path in (turtle, trig, jsonld):
        report = import_rdf_files(store, [path], "org")
        assert (report.records, report.triples) == (29, len(graph)), path.suffix
        current = catalog.current_graph(store, "org")
        n = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{current}> {{ ?s ?p ?o }} }}").rows[0][0]
        assert int(n) == len(graph)


def test_rdf_syntax_error_names_line_and_column(embedded_store, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "x\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_rdf_files(embedded_store, [bad], "org")
    assert (info.value.location.file, info.value.location.line, info.value.location.column) == ("bad.ttl", 3, 11)


def test_rdf_that_breaks_the_shapes_is_refused_whole(store, tmp_path, snapshot):
    before = snapshot(store)
    bad = tmp_path / "bad.nt"
    kg = ns.KG
    bad.write_text(f"<{ns.record_iri('org', 'member', 'm1')}> <{ns.RDF.type}> <{kg.Member}> .\n"
                   f'<{ns.record_iri("org", "member", "m1")}> <{kg.memberId}> "m1" .\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_rdf_files(store, [bad], "org")
    assert "does not conform to the shapes" in str(info.value) and info.value.problems
    assert snapshot(store) == before


# --- the commands ------------------------------------------------------------------------------

def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "kg_service", *args], cwd=cwd, capture_output=True, text=True)


def test_import_and_store_commands(tmp_path):
    store = str(tmp_path / "store")
    done = _cli("import", str(VALID), "--store", store, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["records"] == 29
    listed = _cli("store", "datasets", "--store", store, "--format", "json")
    assert [d["name"] for d in json.loads(listed.stdout)] == ["valid"]
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "members.csv").write_text("member_id,org_id,status\nm1,none,active\n", encoding="utf-8")
    refused = _cli("import", str(bad), "--store", store, "--dataset", "valid")
    assert refused.returncode == 2
    assert "members.csv, line 2, column 2 (org_id)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _cli("store", "drop", "valid", "--store", store).returncode == 0
    assert json.loads(_cli("store", "datasets", "--store", store, "--format", "json").stdout) == []
    missing = _cli("store", "drop", "valid", "--store", store)
    assert missing.returncode == 1 and "no dataset named 'valid'" in missing.stderr
