"""The ontology and the SHACL shapes as rdflib graphs, read from ontology/*.ttl.

`load_ontology_graph()` takes every Turtle file of ontology/ except shapes.ttl, so a new
vocabulary file (e.g. the check specifications' checks.ttl) is picked up without code
changes. A file that does not parse is reported with its name, line and what was wrong.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..errors import InputError, Location
from ..namespaces import PREFIXES
from ..resources import ontology_dir

SHAPES_FILE = "shapes.ttl"


def ontology_files(directory: Path | None = None) -> list[Path]:
    """The Turtle files of the ontology proper (not the shapes), in a stable order."""
    directory = directory or ontology_dir()
    return sorted(p for p in directory.glob("*.ttl") if p.name != SHAPES_FILE)


def shapes_file(directory: Path | None = None) -> Path:
    return (directory or ontology_dir()) / SHAPES_FILE


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file into `graph`, turning a syntax error into an InputError."""
    graph = graph if graph is not None else _new_graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        line = getattr(exc, "lines", None)
        raise InputError(f"not valid Turtle: {_first_line(exc)}",
                         Location(str(path), line + 1 if isinstance(line, int) else None)) from exc
    return graph


def load_ontology_graph(directory: Path | None = None) -> Graph:
    """Every ontology/*.ttl except shapes.ttl, merged into one graph."""
    graph = _new_graph()
    for path in ontology_files(directory):
        parse_turtle(path, graph)
    return graph


def load_shapes_graph(directory: Path | None = None) -> Graph:
    """The SHACL shapes (ontology/shapes.ttl)."""
    return parse_turtle(shapes_file(directory))


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
