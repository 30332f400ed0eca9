"""`kg-service validate`: is the ontology consistent (HermiT) and does the data conform (SHACL)?

By default it checks the ontology and the seed graph of the regulation; `--data FILE ...`
validates other RDF files (e.g. an export of a dataset) against the same shapes instead.
Exit status 0 only when both checks pass, 1 when either fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import InputError, Location


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check the ontology with HermiT and the seed graph (or RDF files) with the SHACL shapes",
        description="Check that the ontology is consistent and has no unsatisfiable class (HermiT, "
                    "needs Java), and that the seed graph of the regulation - or the RDF files given "
                    "with --data - conforms to the SHACL shapes (pySHACL). Prints the result in words; "
                    "exits with 0 only if both pass.",
        epilog="examples:\n  kg-service validate\n  kg-service validate --lang zh\n"
               "  kg-service validate --data export.ttl --skip-reasoner --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", metavar="FILE", nargs="+", type=Path,
                        help="RDF files to validate instead of the seed graph (format from the extension: "
                             ".ttl, .nt, .nq, .trig, .jsonld, .rdf)")
    parser.add_argument("--skip-reasoner", action="store_true",
                        help="do not run HermiT (the ontology check); only validate the data")
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the report (default: en)")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="text for people (default), json for programs")
    # The store options of the other commands are left out: validation reads no store.
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..regulation.validation import check_consistency, validate_shapes

    consistency = None
    if not args.skip_reasoner:
        _progress("running HermiT on the ontology ...")
        consistency = check_consistency()
    _progress("validating the data against the SHACL shapes ...")
    data, source = _data_graph(args.data)
    shapes = validate_shapes(data)
    ok = (consistency is None or consistency.ok) and shapes.ok

    if args.format == "json":
        json.dump({"ok": ok, "ontology": consistency.to_dict() if consistency else None,
                   "data": {"source": source} | shapes.to_dict()},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        zh = args.lang == "zh"
        if consistency is not None:
            print("本体（HermiT）：" if zh else "Ontology (HermiT):")
            for line in consistency.lines(args.lang):
                print("  " + line)
        where = ("条例种子图" if zh else "the seed graph of the regulation") if source == "seed graph" else source
        print(f"数据（SHACL，{where}）：" if zh else f"Data (SHACL, {where}):")
        for line in shapes.lines(args.lang):
            print("  " + line)
        verdict = ("全部通过。" if ok else "未通过。") if zh else ("All checks passed." if ok else "FAILED.")
        print(verdict)
    return 0 if ok else 1


def _data_graph(files: list[Path] | None):
    from rdflib import Dataset, Graph
    from rdflib.util import guess_format

    if not files:
        from ..regulation.seed import load_seed_graph

        return load_seed_graph(), "seed graph"
    graph = Graph()
    for path in files:
        fmt = guess_format(str(path)) or ("json-ld" if path.suffix == ".jsonld" else None)
        if fmt is None:
            raise InputError("cannot tell the RDF format from the file name; use .ttl, .nt, .nq, .trig, "
                             ".jsonld or .rdf", Location(str(path)))
        if not path.is_file():
            raise InputError("no such file", Location(str(path)))
        try:
            if fmt in ("nquads", "trig"):
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for s, p, o, _graph in dataset.quads((None, None, None, None)):  # all graphs, as one
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many unrelated types
            line = getattr(exc, "lines", None)
            raise InputError(f"not valid RDF ({fmt}): {str(exc).strip().splitlines()[0] if str(exc).strip() else exc}",
                             Location(str(path), line + 1 if isinstance(line, int) else None)) from exc
    return graph, ", ".join(str(p) for p in files)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(message, file=sys.stderr)
