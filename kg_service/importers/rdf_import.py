"""Importing RDF files that use the ontology (Turtle, N-Triples, N-Quads, TriG, JSON-LD) as one
dataset: parsed (errors with line and column), validated against ontology/shapes.ttl with
pySHACL, and loaded atomically like a CSV import. Graph names in N-Quads and TriG are not
kept: every triple becomes part of the dataset's version graph.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from ..errors import InputError, Location
from ..store import catalog
from ..store.base import Store
from .csv_import import ImportReport

RDF_EXTENSIONS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
                  ".trig": ox.RdfFormat.TRIG, ".jsonld": ox.RdfFormat.JSON_LD, ".json": ox.RdfFormat.JSON_LD}


def _format(path: Path) -> ox.RdfFormat:
    fmt = RDF_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the RDF format from the file name; expected one of "
                         f"{', '.join(sorted(RDF_EXTENSIONS))}", Location(path.name))
    return fmt


def rdf_files_ntriples(paths: Sequence[str | Path]) -> bytes:
    """The triples of all files as N-Triples (graph names dropped); InputError on a syntax error."""
    triples = []
    for path in map(Path, paths):
        if not path.is_file():
            raise InputError("does not exist or is not a file", Location(str(path)))
        try:
            for quad in ox.parse(path=str(path), format=_format(path), base_iri=path.resolve().as_uri()):
                triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        except SyntaxError as exc:
            message = exc.msg.split(": ", 1)[-1]
            raise InputError(f"is not valid {_format(path).name}: {message}",
                             Location(path.name, exc.lineno, exc.offset)) from None
        except UnicodeDecodeError:
            raise InputError("is not UTF-8 text", Location(path.name)) from None
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def import_rdf_files(store: Store, paths: Sequence[str | Path], dataset: str, *, progress=None) -> ImportReport:
    """Validate the RDF in `paths` against the shapes and make it the current version of
    `dataset`. Refused input raises InputError (with the SHACL report) and changes nothing."""
    from ..regulation.validation import validate_shapes

    started = time.perf_counter()
    name = catalog.check_dataset_name(dataset)
    if not paths:
        raise InputError("no RDF files given")
    data = rdf_files_ntriples(paths)
    graph = Graph()
    graph.parse(data=data, format="nt")
    if progress is not None:
        progress(f"validating {len(graph):,} triples against the shapes")
    report = validate_shapes(graph)
    if not report.conforms:
        lines = report.lines("en")
        raise InputError(f"the data does not conform to the shapes ({len(report.problems)} problems); "
                         f"nothing was imported", None, [line.strip() for line in lines[1:51]])
    records = len(set(graph.subjects(RDF.type, None)))
    info = catalog.replace_dataset(store, name, data, records=records, triples=len(graph), progress=progress)
    return ImportReport(name, info.graph, records, len(graph), [Path(p).name for p in paths], [],
                        time.perf_counter() - started)
