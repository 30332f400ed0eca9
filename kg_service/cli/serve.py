"""`kg-service serve`: the SPARQL endpoint and the REST API over HTTP (waitress)."""

from __future__ import annotations

import sys

from .context import settings_from_args

DEFAULT_QUERY_WORKERS = 4
"""Measured with benchmarks/load.py (2000 members, 32 clients, 2 cores): /sparql answered 74
req/s with 2 workers (0.62 of oxigraph serve) and 142 req/s with 4 (0.57 of oxigraph, whose
own figure varies 2x between runs), p99 1.2 s against 0.63 s; 4 keeps the target of one half
with headroom in absolute throughput."""


def register(subparsers, common) -> None:
    parser = subparsers.add_parser(
        "serve", parents=[common],
        help="run the SPARQL 1.1 endpoint and the REST API",
        description="Serve /sparql (SPARQL 1.1 Protocol), /store (Graph Store Protocol, admins), "
                    "/api (REST, JSON; OpenAPI at /api/openapi.json). Tokens come from "
                    "KG_ADMIN_TOKEN and KG_INSPECTOR_TOKEN (or the config file); callers "
                    "without a token see only the public graphs.")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1; use 0.0.0.0 for all)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    parser.add_argument("--threads", type=int, default=16,
                        help="concurrent requests served (default: 16)")
    parser.add_argument("--query-workers", type=int, default=DEFAULT_QUERY_WORKERS, metavar="N",
                        help="processes running SPARQL queries, each killable on timeout "
                             f"(default: {DEFAULT_QUERY_WORKERS})")
    parser.set_defaults(handler=run)


def run(args) -> int:
    from ..web import create_app

    settings = settings_from_args(args)
    print(f"kg-service: opening the store ({settings.backend}) ...", file=sys.stderr)
    app = create_app(settings, {"KG_QUERY_WORKERS": args.query_workers})
    url = f"http://{args.host}:{args.port}"
    print(f"kg-service: serving {url}/sparql, {url}/store and {url}/api "
          f"(query timeout {settings.query_timeout_s:g} s); Ctrl-C stops", file=sys.stderr)
    if args.debug:
        app.run(host=args.host, port=args.port, debug=True, use_reloader=False, threaded=True)
        return 0
    import waitress

    waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                   ident="kg-service", clear_untrusted_proxy_headers=True,
                   max_request_body_size=max(settings.max_request_bytes, 1024),
                   _quiet=True)
    return 0
