"""`kg-service import`: bring an organisation's records into the store as one dataset."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import InputError
from .context import store_from_args


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "import", parents=[common],
        help="import a directory of CSV files (or RDF files) as a dataset",
        description="Import an organisation's records as one dataset. Give a directory holding some of "
                    "organizations.csv, members.csv, posts.csv, meetings.csv, attendance.csv, events.csv, "
                    "care.csv and training.csv (see the data contract), or RDF files that use the ontology "
                    "(.ttl .nt .nq .trig .jsonld), which are validated against the shapes. The input is "
                    "checked whole: if anything is wrong, every problem found is listed with its file, line "
                    "and column, and nothing is imported. Importing a dataset again replaces it.",
        epilog="examples:\n  kg-service import records/2024/ --dataset org2024\n"
               "  kg-service import org.ttl extra.nt --dataset org2024",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="+", metavar="DIR|FILE",
                        help="one directory of CSV files, or one or more RDF files")
    parser.add_argument("--dataset", metavar="NAME",
                        help="dataset name (default: the directory's name; required for RDF files)")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="report as text for people (default) or as JSON for programs")
    parser.set_defaults(handler=run)


def _progress():
    if not sys.stderr.isatty():
        return None
    return lambda text: print(f"\r\033[Kimport: {text}", end="", file=sys.stderr, flush=True)


def run(args) -> int:
    from ..importers import RDF_EXTENSIONS, import_csv_dataset, import_rdf_files

    sources = [Path(s) for s in args.sources]
    for source in sources:
        if not source.exists():
            raise InputError(f"{source} does not exist")
    progress = _progress()
    with store_from_args(args) as store:
        try:
            if len(sources) == 1 and sources[0].is_dir():
                report = import_csv_dataset(store, sources[0], args.dataset, progress=progress)
            elif all(s.is_file() and s.suffix.lower() in RDF_EXTENSIONS for s in sources):
                if not args.dataset:
                    raise InputError("--dataset NAME is needed when importing RDF files")
                report = import_rdf_files(store, sources, args.dataset, progress=progress)
            else:
                raise InputError("give one directory of CSV files, or RDF files ending in "
                                 + ", ".join(sorted(RDF_EXTENSIONS)))
        finally:
            if progress:
                print("\r\033[K", end="", file=sys.stderr, flush=True)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        json.dump({"dataset": report.dataset, "graph": report.graph, "records": report.records,
                   "triples": report.triples, "files": report.files, "warnings": report.warnings,
                   "seconds": round(report.seconds, 3)}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(f"imported dataset {report.dataset!r}: {report.records:,} records, {report.triples:,} triples "
              f"from {', '.join(report.files) or 'no files'} in {report.seconds:.1f} s")
    return 0
