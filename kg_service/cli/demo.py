"""`kg-service demo`: write a realistic demo dataset (with known non-compliance) and maybe import it."""

from __future__ import annotations

import sys

from ..errors import InputError
from .context import store_from_args


def register(subparsers, common) -> None:
    from ..demo import DEFAULT_MEMBERS, DEFAULT_SEED, DEFAULT_YEAR

    parser = subparsers.add_parser(
        "demo", parents=[common],
        help="write a realistic demo dataset, with known non-compliance, as CSV (and import it)",
        description="Write an organisation's records in the CSV format of the data contract: an org "
                    "tree in Yichun, in Qingdao and in neither, members, posts, a year of meetings and "
                    "attendance, events, care and training. About a tenth of the instances of every "
                    "obligation are left unmet on purpose; the findings `check` must produce are written "
                    "next to the CSV files as expected-findings.csv, for the as-of date given in demo.json "
                    "(the year's last day). The same --members/--seed/--year give the same files.",
        epilog="Example: kg-service demo --output demo-data --import && "
               "kg-service check --year 2024 --as-of 2024-12-31 --dataset demo")
    parser.add_argument("--members", type=int, default=DEFAULT_MEMBERS,
                        help=f"number of members (default: {DEFAULT_MEMBERS}; at least 200)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR,
                        help=f"the year the records cover (default: {DEFAULT_YEAR})")
    parser.add_argument("--output", metavar="DIR", default="demo-data",
                        help="directory to write the files into, created if needed (default: ./demo-data)")
    parser.add_argument("--import", dest="do_import", action="store_true",
                        help="also import the dataset into the store (replacing an earlier import of it)")
    parser.add_argument("--dataset", metavar="NAME", default="demo",
                        help="dataset name used by --import (default: demo)")
    parser.set_defaults(handler=handle)


def handle(args) -> int:
    from ..demo import generate_demo

    if args.members < 200:
        raise InputError(f"--members must be at least 200, got {args.members}")
    if not 1900 < args.year < 2200:
        raise InputError(f"--year must be a year between 1901 and 2199, got {args.year}")
    tty = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        print(f"\r\033[Kgenerating members {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    result = generate_demo(args.output, members=args.members, seed=args.seed, year=args.year,
                           progress=progress if tty else None)
    if tty:
        print("\r\033[K", end="", file=sys.stderr)
    manifest = result.manifest
    print(f"wrote {sum(manifest['rows'].values()):,} records for {manifest['members']:,} members to "
          f"{result.directory}/ ({manifest['findings']:,} expected findings as of {manifest['as_of']})")
    if args.do_import:
        from ..importers import import_csv_dataset

        store = store_from_args(args)
        text_progress = (lambda text: print(f"\r\033[Kimporting {text}", end="", file=sys.stderr, flush=True)) \
            if tty else None
        report = import_csv_dataset(store, result.directory, args.dataset, progress=text_progress)
        if tty:
            print("\r\033[K", end="", file=sys.stderr)
        print(f"imported dataset {report.dataset!r}: {report.records:,} records, {report.triples:,} triples "
              f"in {report.seconds:.1f} s")
        print(f"next: kg-service check --year {args.year} --as-of {manifest['as_of']} --dataset {args.dataset}")
    return 0
