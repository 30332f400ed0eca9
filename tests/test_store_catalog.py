"""The catalog: atomic replacement of a dataset, listing, dropping, orphan clean-up (both backends)."""

from __future__ import annotations

from datetime import datetime

import pytest

from kg_service import namespaces as ns
from kg_service.errors import InputError, NotFound
from kg_service.store import catalog


def _triples(tag: str, n: int) -> bytes:
    return "".join(f'<https://example.org/{tag}/{i}> <https://example.org/p> "{tag}" .\n' for i in range(n)).encode()


def _tags(store, graph):
    return {str(o) for o in store.select(f"SELECT DISTINCT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").column("o")}


def test_replace_then_resolve_and_list(store):
    info = catalog.replace_dataset(store, "org A", _triples("v1", 3), records=3)
    assert info.graph.startswith(f"{ns.ID}graph/dataset/org%20A/")
    assert catalog.current_graph(store, "org A") == info.graph
    listed = catalog.list_datasets(store)
    assert [(d.name, d.graph, d.records, d.triples) for d in listed] == [("org A", info.graph, 3, 3)]
    assert datetime.fromisoformat(listed[0].modified).tzinfo is not None


def test_reimport_replaces_and_drops_the_old_version(store):
    first = catalog.replace_dataset(store, "d", _triples("v1", 3))
    second = catalog.replace_dataset(store, "d", [_triples("v2", 2), _triples("v2b", 1)])
    assert second.graph != first.graph
    assert catalog.current_graph(store, "d") == second.graph
    assert first.graph not in store.named_graphs()
    assert _tags(store, second.graph) == {"v2", "v2b"}
    assert len(catalog.list_datasets(store)) == 1
    assert catalog.dataset_info(store, "d").triples == 3


def test_readers_see_the_old_version_until_the_switch(store):
    old = catalog.replace_dataset(store, "d", _triples("v1", 2))
    seen = []
    catalog.replace_dataset(store, "d", _triples("v2", 2),
                            before_switch=lambda g: seen.append(_tags(store, catalog.current_graph(store, "d"))))
    assert seen == [{"v1"}]
    assert old.graph not in store.named_graphs()


def test_the_store_is_compacted_once_the_new_version_is_current(store):
    events = []

    class Watching:
        def __getattr__(self, name):
            return getattr(store, name)

        def compact(self):
            events.append(("compact", catalog.current_graph(store, "d")))
            store.compact()

    info = catalog.replace_dataset(Watching(), "d", _triples("v1", 2), progress=lambda text: events.append(text))
    assert events == ["compacting the store's files", ("compact", info.graph)]
    assert _tags(store, info.graph) == {"v1"}


def test_failed_write_keeps_the_old_version(store):
    catalog.replace_dataset(store, "d", _triples("v1", 2))
    before = store.named_graphs()

    def broken():
        yield _triples("v2", 1)
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError):
        catalog.replace_dataset(store, "d", broken())
    assert store.named_graphs() == before
    assert _tags(store, catalog.current_graph(store, "d")) == {"v1"}


def test_unknown_dataset_is_not_found_with_the_known_ones(store):
    catalog.replace_dataset(store, "known", _triples("v", 1))
    with pytest.raises(NotFound, match="known"):
        catalog.current_graph(store, "other")


def test_drop_dataset_removes_records_entry_and_findings(store):
    info = catalog.replace_dataset(store, "d", _triples("v", 2))
    catalog.replace_dataset(store, "keep", _triples("k", 1))
    store.put_graph(ns.findings_graph("d"), _triples("finding", 1))
    catalog.drop_dataset(store, "d")
    assert [d.name for d in catalog.list_datasets(store)] == ["keep"]
    assert info.graph not in store.named_graphs()
    assert ns.findings_graph("d") not in store.named_graphs()
    with pytest.raises(NotFound):
        catalog.drop_dataset(store, "d")


def test_orphan_version_graphs_are_removed(store):
    live = catalog.replace_dataset(store, "d", _triples("v", 1))
    orphan = ns.dataset_graph("d", catalog.new_version())
    store.put_graph(orphan, _triples("half", 1))
    assert catalog.remove_orphan_graphs(store, older_than_s=3600) == []  # too fresh on a shared endpoint
    assert catalog.remove_orphan_graphs(store) == [orphan]
    assert store.named_graphs() == sorted([ns.GRAPH_CATALOG, live.graph])


def test_findings_are_replaced_through_the_catalog_pointer(store):
    catalog.replace_dataset(store, "d", _triples("v", 1))
    legacy = ns.findings_graph("d")  # where a store written before versioned findings keeps them
    store.put_graph(legacy, _triples("f0", 1))
    assert catalog.findings_graph(store, "d") == legacy
    seen = []
    first = catalog.replace_findings(store, "d", [_triples("f1", 2)],
                                     before_switch=lambda g: seen.append(_tags(store, catalog.findings_graph(store, "d"))))
    assert seen == [{"f0"}]  # readers see the old findings until the switch
    assert first.startswith(legacy + "/") and catalog.findings_graph(store, "d") == first
    assert legacy not in store.named_graphs()
    second = catalog.replace_findings(store, "d", [_triples("f2", 1)])
    assert catalog.findings_graph(store, "d") == second != first
    assert first not in store.named_graphs() and _tags(store, second) == {"f2"}
    catalog.replace_dataset(store, "d", _triples("v2", 1))  # a re-import keeps the findings
    assert catalog.findings_graph(store, "d") == second
    with pytest.raises(NotFound, match="d"):
        catalog.findings_graph(store, "other")


def test_failed_findings_write_keeps_the_old_findings(store):
    catalog.replace_dataset(store, "d", _triples("v", 1))
    old = catalog.replace_findings(store, "d", [_triples("f1", 1)])
    before = store.named_graphs()

    def broken():
        yield _triples("f2", 1)
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError):
        catalog.replace_findings(store, "d", broken())
    assert store.named_graphs() == before
    assert catalog.findings_graph(store, "d") == old and _tags(store, old) == {"f1"}


def test_drop_dataset_removes_versioned_findings_and_orphans_go(store):
    catalog.replace_dataset(store, "d", _triples("v", 1))
    live = catalog.replace_findings(store, "d", [_triples("f1", 1)])
    orphan = ns.findings_version_graph("d", catalog.new_version())  # a run killed before its switch
    store.put_graph(orphan, _triples("half", 1))
    assert catalog.remove_orphan_graphs(store, older_than_s=3600) == []
    assert catalog.remove_orphan_graphs(store) == [orphan]
    assert live in store.named_graphs()
    catalog.drop_dataset(store, "d")
    assert store.named_graphs() == [ns.GRAPH_CATALOG]
    assert store.ask(f"ASK {{ GRAPH <{ns.GRAPH_CATALOG}> {{ ?s ?p <{live}> }} }}") is False


@pytest.mark.parametrize("name", ["", "  ", " lead", "a\nb", "x" * 201])
def test_confusing_dataset_names_are_refused(embedded_store, name):
    with pytest.raises(InputError):
        catalog.replace_dataset(embedded_store, name, _triples("v", 1))


def test_content_hashes(store):
    catalog.set_content_hash(store, ns.GRAPH_ONTOLOGY, "abc")
    catalog.set_content_hash(store, ns.GRAPH_ONTOLOGY, "def")
    assert catalog.content_hashes(store) == {ns.GRAPH_ONTOLOGY: "def"}
