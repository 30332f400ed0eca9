"""`kg-service store`: what the store holds (info, datasets) and removing a dataset."""

from __future__ import annotations

import sys

from .context import settings_from_args, store_from_args
from .output import add_format_option, write_rows


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "store", help="show what the store holds; list or drop datasets",
        description="Inspect the store: `info` shows the backend, its location and its named graphs with "
                    "their sizes; `datasets` lists the imported datasets; `drop NAME` removes a dataset "
                    "with its records and findings.")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    info = actions.add_parser("info", parents=[common], help="backend, location and named graphs")
    add_format_option(info)
    info.set_defaults(handler=run_info)
    datasets = actions.add_parser("datasets", parents=[common], help="list the imported datasets")
    add_format_option(datasets)
    datasets.set_defaults(handler=run_datasets)
    drop = actions.add_parser("drop", parents=[common], help="remove a dataset, its records and its findings")
    drop.add_argument("name", help="the dataset's name (see `kg-service store datasets`)")
    drop.set_defaults(handler=run_drop)


def run_info(args) -> int:
    settings = settings_from_args(args)
    with store_from_args(args) as store:
        rows = []
        for graph in store.named_graphs():
            count = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0]
            rows.append([graph, int(count)])
        location = store.location
    if args.format == "table":
        print(f"backend: {settings.backend}\nlocation: {location}")
    write_rows(["graph", "triples"], rows, args.format)
    return 0


def run_datasets(args) -> int:
    from ..store.catalog import list_datasets

    with store_from_args(args) as store:
        datasets = list_datasets(store)
    write_rows(["name", "records", "triples", "imported", "graph"],
               [[d.name, d.records, d.triples, d.modified, d.graph] for d in datasets], args.format)
    return 0


def run_drop(args) -> int:
    from ..store.catalog import drop_dataset

    with store_from_args(args) as store:
        info = drop_dataset(store, args.name)
    print(f"dropped dataset {info.name!r} ({info.records or 0:,} records)", file=sys.stderr)
    return 0
