"""Keeps the public graphs (ontology with shapes, and the regulation) present and current.

They are built by kg_service.regulation from the files in ontology/ and seed/ and from the
regulation modules' own code; a hash of those is kept in the catalog graph, so the graphs
are rebuilt only when something they are made from changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import namespaces as ns
from ..errors import StoreError
from ..resources import ontology_dir, seed_dir
from . import catalog
from .base import Store

_REGULATION_CODE = Path(__file__).resolve().parent.parent / "regulation"


def _digest(*dirs: Path, pattern: str = "*") -> str:
    h = hashlib.sha256()
    for directory in dirs:
        for path in sorted(p for p in directory.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(directory)).encode() + b"\0")
            h.update(path.read_bytes())
    return h.hexdigest()


def _source_digest() -> str:
    """One hash of everything the public graphs are made from."""
    return _digest(ontology_dir(), seed_dir(), _REGULATION_CODE)


def _ontology_ntriples() -> bytes:
    from ..regulation import ontology

    graph = ontology.load_ontology_graph()
    load_shapes = getattr(ontology, "load_shapes_graph", None)
    if load_shapes is not None:
        graph += load_shapes()
    elif (ontology_dir() / "shapes.ttl").is_file():
        graph.parse(ontology_dir() / "shapes.ttl", format="turtle")
    return graph.serialize(format="nt", encoding="utf-8")


def _regulation_ntriples() -> bytes:
    from ..regulation import seed

    return seed.load_seed_graph().serialize(format="nt", encoding="utf-8")


BUILDERS = {ns.GRAPH_ONTOLOGY: _ontology_ntriples, ns.GRAPH_REGULATION: _regulation_ntriples}


def ensure_public_graphs(store: Store, *, force: bool = False) -> list[str]:
    """Load the public graphs that are missing or out of date; returns the ones (re)loaded."""
    try:
        digest = _source_digest()
    except FileNotFoundError as exc:
        raise StoreError(f"cannot load the regulation: {exc}") from exc
    recorded = catalog.content_hashes(store)
    present = set(store.named_graphs())
    loaded = []
    for graph, build in BUILDERS.items():
        if not force and recorded.get(graph) == digest and graph in present:
            continue
        try:
            data = build()
        except ImportError as exc:
            raise StoreError(f"cannot build the public graph <{graph}>: {exc}") from exc
        store.put_graph(graph, data)
        catalog.set_content_hash(store, graph, digest)
        loaded.append(graph)
    return loaded
