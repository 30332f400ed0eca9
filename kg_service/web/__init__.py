"""The web service: a Flask app factory and its blueprints.

`create_app(settings=None, test_config=None)` builds the app over the configured store:
`/sparql` (SPARQL 1.1 Protocol), `/store` (Graph Store Protocol), `/api` (REST, JSON) and
`/api/openapi.json`. Flask is imported only in this package.
"""

from __future__ import annotations

import atexit

from flask import Flask

from ..config import Settings, load_settings


def create_app(settings: Settings | None = None, test_config: dict | None = None) -> Flask:
    """`test_config` may set Flask options and `KG_ENDPOINT` (an already open
    kg_service.endpoint.protocol.Endpoint, e.g. shared by several test apps) or
    `KG_QUERY_WORKERS` (query worker processes, default 2)."""
    from ..endpoint.protocol import Endpoint
    from . import api, cors, errors, graph_store, sparql

    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        JSON_SORT_KEYS=False,
        KG_QUERY_WORKERS=2,
    )
    app.config.update(test_config or {})
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    endpoint = app.config.get("KG_ENDPOINT")
    if endpoint is None:
        endpoint = Endpoint.open(settings, workers=int(app.config["KG_QUERY_WORKERS"]))
        atexit.register(endpoint.close)
    app.extensions["kg_settings"] = settings
    app.extensions["kg_endpoint"] = endpoint

    errors.register(app)
    cors.register(app, settings.cors_origins)
    app.register_blueprint(sparql.bp)
    app.register_blueprint(graph_store.bp)
    app.register_blueprint(api.bp)
    from .pages import register as register_pages
    register_pages(app, settings)  # the pages for people, login and /id/... linked data
    return app
