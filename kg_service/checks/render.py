"""Findings for people and programs: CSV and JSON exactly in the contract's §4 columns, Turtle
with the same data as the findings graph, and the per-obligation summary."""

from __future__ import annotations

import csv
import json

from rdflib import Graph

from .. import namespaces as ns
from .findings import COLUMNS, Finding


def write_findings(findings: list[Finding], fmt: str, out, run=None) -> None:
    if fmt == "json":
        json.dump([f.as_dict() for f in findings], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "ttl":
        from .provenance import finding_triples, run_triples

        data = b"".join(run_triples(run)) + b"".join(t for f in findings for t in finding_triples(run, f))
        graph = Graph()
        for prefix, namespace in ns.PREFIXES.items():
            graph.bind(prefix, namespace)
        graph.parse(data=data.decode("utf-8"), format="nt")
        out.write(graph.serialize(format="turtle"))
    else:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(f.row() for f in findings)


def write_summary(run, out) -> None:
    """One line per obligation: bound, met, violated, pending; then the run's IRI."""
    width = max((len(c) for c in run.summary), default=10)
    out.write(f"{'obligation':<{width}}  {'bound':>7}  {'met':>7}  {'violated':>8}  {'pending':>7}\n")
    totals = [0, 0, 0, 0]
    for code, s in sorted(run.summary.items()):
        out.write(f"{code:<{width}}  {s.bound:>7}  {s.met:>7}  {s.violated:>8}  {s.pending:>7}\n")
        for i, n in enumerate((s.bound, s.met, s.violated, s.pending)):
            totals[i] += n
    out.write(f"{'total':<{width}}  {totals[0]:>7}  {totals[1]:>7}  {totals[2]:>8}  {totals[3]:>7}\n")
    out.write(f"year {run.year}, as of {run.as_of.isoformat()}; stored as {run.iri}\n")
