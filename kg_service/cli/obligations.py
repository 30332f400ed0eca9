"""`kg-service obligations`: the 27 obligations with their grounding words and parameters."""

from __future__ import annotations

import json
import sys

from ..regulation.inventory import list_obligations
from .context import store_from_args
from .output import add_terminal_format_option, chosen_format, write_rows


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "obligations", parents=[common],
        help="list the obligations with their article, rule, bearer, source words and parameters",
        description="List the obligations: code, article, rule (national/yichun/qingdao), bearer, the "
                    "words of the regulation they are grounded in with their code-point positions in "
                    "the clause, and their parameters (default, and whether it interprets a vague word).")
    parser.add_argument("--article", type=int, choices=[19, 20], help="only this article")
    parser.add_argument("--rule", choices=["national", "yichun", "qingdao"], help="only this rule")
    parser.add_argument("--bearer", metavar="CODE",
                        help="only obligations binding this bearer (narrower bearers included), e.g. leading-cadre")
    add_terminal_format_option(parser)
    parser.set_defaults(handler=run)


def _parameters_text(parameters: list[dict]) -> str:
    return ", ".join(f"{p['name']}={p['default']}" + (f" (i) {p['word']}" if p["interpretation"] else "")
                     for p in parameters)


def run(args) -> int:
    store = store_from_args(args)
    try:
        obligations = list_obligations(store, article=args.article, rule=args.rule, bearer=args.bearer)
    finally:
        store.close()
    fmt = chosen_format(args.format)
    if fmt == "json":
        json.dump(obligations, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    columns = ["code", "article", "rule", "bearer", "parameters", "quote", "start", "end"]
    rows = [[o["code"], o["article"], o["rule"], o["bearer"], _parameters_text(o["parameters"]),
             o["quote"], o["start"], o["end"]] for o in obligations]
    write_rows(columns, rows, fmt)
    return 0
