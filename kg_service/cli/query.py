"""`kg-service query NAME --param key=value`: run one of the researchers' named queries."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import InputError
from ..queries import list_queries, load_query, parse_assignments, run_query
from ..regulation.inventory import plain
from .context import store_from_args
from .output import add_terminal_format_option, chosen_format, write_rows

PREFIX = "research"
"""The command runs the queries under queries/research/; NAME may leave out `research/`."""


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "query", parents=[common],
        help="run a named research query (e.g. search-clauses --param text=谈心谈话)",
        description="Run a named SPARQL query from queries/research/ with typed parameters. "
                    "`--list` shows every query with its description and parameters.",
        epilog="examples:\n"
               "  kg-service query --list\n"
               "  kg-service query clauses-of-article --param article=19\n"
               "  kg-service query search-clauses --param text=谈心谈话 --format json\n"
               "  kg-service query obligations-by-bearer --param bearer=leading-cadre",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", metavar="NAME", help="query name, e.g. clauses-of-article")
    parser.add_argument("--list", action="store_true", help="list the queries and their parameters")
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter value; repeat for several parameters (or several values of one)")
    add_terminal_format_option(parser)
    parser.set_defaults(handler=run)


def _qualified(name: str) -> str:
    return name if name.startswith(f"{PREFIX}/") else f"{PREFIX}/{name}"


def _describe(out) -> None:
    for query in list_queries(PREFIX):
        out.write(f"{query.name.removeprefix(PREFIX + '/')}\n    {query.title}\n")
        for line in query.description.splitlines():
            out.write(f"    {line}\n" if line else "\n")
        for param in query.parameters:
            extra = f", default {param.default}" if param.default is not None else (
                ", optional" if param.optional else "")
            out.write(f"    --param {param.name}=… ({param.type}{extra}) {param.description}\n")
        out.write("\n")


def run(args) -> int:
    if args.list:
        if chosen_format(args.format) == "json":
            listing = [{"name": q.name.removeprefix(PREFIX + "/"), "title": q.title, "description": q.description,
                        "parameters": [{"name": p.name, "type": p.type, "default": p.default,
                                        "optional": p.optional, "description": p.description}
                                       for p in q.parameters]}
                       for q in list_queries(PREFIX)]
            json.dump(listing, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            _describe(sys.stdout)
        return 0
    if not args.name:
        raise InputError("give a query NAME, or --list to see them")
    query = load_query(_qualified(args.name))
    values = parse_assignments(args.param)
    query.bind(values)  # refuses bad parameters before the store is opened
    store = store_from_args(args)
    try:
        result = run_query(store, query, values)
    finally:
        store.close()
    rows = [[plain(term) for term in row] for row in result.rows]
    write_rows(result.variables, rows, chosen_format(args.format))
    return 0
