"""The `kg-service` command line: a thin layer over the library.

Each command lives in its own module of this package and exposes
`register(subparsers, common)`; `COMMAND_MODULES` lists them in the order `--help` shows.
Errors of the service are printed as one readable message and exit with status 2 (bad input)
or 1 (anything else); a traceback is shown only with `--debug`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .. import allocator
from ..errors import InputError, KGError

COMMAND_MODULES = [
    "validate",
    "articles",
    "obligations",
    "query",
    "demo",
    "import_",
    "check",
    "trace",
    "serve",
    "store",
]


def _common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("store and configuration")
    group.add_argument("--config", metavar="FILE", help="TOML config file (default: $KG_CONFIG)")
    group.add_argument("--store", metavar="PATH",
                       help="embedded store directory, created on first use "
                            "(default: $KG_STORE or ~/.local/share/kg-service/store)")
    group.add_argument("--backend", choices=["embedded", "remote"],
                       help="embedded pyoxigraph store (default) or a remote SPARQL 1.1 endpoint")
    group.add_argument("--remote-query-url", metavar="URL", help="remote SPARQL query endpoint")
    group.add_argument("--remote-update-url", metavar="URL", help="remote SPARQL update endpoint")
    group.add_argument("--remote-store-url", metavar="URL", help="remote Graph Store Protocol endpoint")
    common.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg-service",
        description="Knowledge graph and compliance checks for Articles 19 and 20 of "
                    "《中国共产党党和国家机关基层组织工作条例》 and the Yichun and Qingdao rules.",
        epilog="Run `kg-service COMMAND --help` for the options of one command.",
    )
    from .. import __version__

    parser.add_argument("--version", action="version", version=f"kg-service {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options()
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # a command not built yet in this checkout
            raise
        module.register(subparsers, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except KGError as exc:
        if getattr(args, "debug", False):
            raise
        print(f"kg-service {args.command}: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, InputError) else 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def console() -> int:
    """The `kg-service` program: `main` under jemalloc when the system has it (see allocator)."""
    allocator.reexec_under_jemalloc()
    return main()


if __name__ == "__main__":
    sys.exit(console())
