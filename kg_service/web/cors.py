"""Cross-origin requests: off unless origins are configured, and never with credentials.

Only origins listed in Settings.cors_origins (or `*`) get an Access-Control-Allow-Origin
header; Access-Control-Allow-Credentials is never sent, so a browser never attaches cookies
or HTTP credentials on another site's behalf.
"""

from __future__ import annotations

from flask import request


def register(app, origins) -> None:
    origins = tuple(origins or ())
    if not origins:
        return

    @app.after_request
    def _cors(response):
        origin = request.headers.get("Origin")
        if origin and ("*" in origins or origin in origins):
            response.headers["Access-Control-Allow-Origin"] = "*" if "*" in origins else origin
            response.headers.add("Vary", "Origin")
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
                response.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type"
                response.headers["Access-Control-Max-Age"] = "600"
        return response
