"""`kg-service check`: run the compliance checks of a year over a dataset and store the findings."""

from __future__ import annotations

import datetime as dt
import json
import sys

from ..errors import InputError
from .context import settings_from_args, store_from_args

FORMATS = ("csv", "json", "ttl")


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "check", parents=[common],
        help="check a dataset's records against the obligations for a year",
        description="Check an imported dataset against the 27 obligations for year Y and write the "
                    "findings (obligation,subject_id,period,status,expected,observed,article,rule), "
                    "ordered by obligation, subject_id and period (code-point order). The run and its "
                    "findings are stored in the dataset's findings graph with their provenance; a "
                    "summary per obligation (bound, met, violated, pending) goes to stderr.",
        epilog="Examples: kg-service check --year 2024 --dataset demo; "
               "kg-service check --year 2024 --obligation seven-talks --param seven-talks.D=15 --format json")
    parser.add_argument("--year", type=int, required=True, help="the year Y checked (window Y-01-01 to Y-12-31)")
    parser.add_argument("--as-of", metavar="DATE", type=_date, default=None,
                        help="date an unmet obligation is judged on: violated if its window closed on or "
                             "before it, else pending (default: today)")
    parser.add_argument("--dataset", metavar="NAME",
                        help="the imported dataset to check (default: the only one in the store)")
    parser.add_argument("--obligation", metavar="CODE", action="append", nargs="+", default=None,
                        help="check only these obligation codes (default: all 27)")
    parser.add_argument("--param", metavar="CODE.NAME=VALUE", action="append", default=[],
                        help="change a parameter for this run, e.g. leader-dlm.N=2 or seven-talks.D=15 "
                             "(config: the [parameters] table)")
    parser.add_argument("--all", action="store_true",
                        help="also write (and store) the compliant rows, with the records each counted "
                             "(listing those for every finding takes about a fifth longer)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")
    parser.add_argument("--output", metavar="FILE", help="write the findings to FILE instead of stdout")
    parser.set_defaults(handler=handle)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of {text!r}: expected a date written YYYY-MM-DD") from None


def default_dataset(store) -> str:
    from ..store import catalog

    names = [d.name for d in catalog.list_datasets(store)]
    if len(names) == 1:
        return names[0]
    raise InputError("--dataset is needed: the store holds "
                     + (f"several datasets ({', '.join(names)})" if names else "no dataset yet; import one first"))


def handle(args) -> int:
    from ..checks.engine import run_checks
    from ..checks.parameters import parse_overrides
    from ..checks.provenance import record_run
    from ..checks.render import write_findings, write_summary

    settings = settings_from_args(args)
    run_params = parse_overrides(args.param)
    codes = [c for group in args.obligation for c in group] if args.obligation else None
    progress = (lambda text: print(f"\r\033[Kchecking {text}", end="", file=sys.stderr, flush=True)) \
        if sys.stderr.isatty() else None
    with store_from_args(args) as store:
        dataset = args.dataset or default_dataset(store)
        run = run_checks(store, dataset, args.year, as_of=args.as_of, codes=codes,
                         config_parameters=settings.parameters, run_parameters=run_params,
                         include_compliant=args.all, progress=progress)
        if progress:
            print("\r\033[K", end="", file=sys.stderr)
        record_run(store, run, include_compliant=args.all)
    findings = run.reported(args.all)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_findings(findings, args.format, out, run)
    else:
        write_findings(findings, args.format, sys.stdout, run)
        sys.stdout.flush()
    write_summary(run, sys.stderr)
    return 0
