"""`kg-service articles`: the articles of the regulation, their clauses and local rules."""

from __future__ import annotations

import json
import sys

from ..regulation.inventory import list_articles
from .context import store_from_args
from .output import add_terminal_format_option, chosen_format, write_rows


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "articles", parents=[common],
        help="list the articles (第十九条, 第二十条) with their clauses and local rules",
        description="List the articles of the regulation held in the store: label, topic, number of "
                    "clauses and the local rules that refine each. The JSON form has the full text, "
                    "every clause with its code-point positions, and the local rules.")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of labels (default: zh)")
    add_terminal_format_option(parser, choices=("table", "json"))
    parser.set_defaults(handler=run)


def run(args) -> int:
    store = store_from_args(args)
    try:
        articles = list_articles(store, lang=args.lang)
    finally:
        store.close()
    if chosen_format(args.format) == "json":
        json.dump(articles, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    rows = [[a["label"], a["topic"], len(a["clauses"]),
             "; ".join(f"{r['jurisdiction']}《{r['title']}》" for r in a["local_rules"])]
            for a in articles]
    write_rows(["article", "topic", "clauses", "local rules"], rows, "table")
    return 0
