"""One JSON error shape for every error the service answers with.

    {"error": {"status": 400, "code": "bad_query", "message": "...", "location": "..."}}

`location` appears for input errors that know where (file, line, column). A browser (its
Accept header prefers text/html) that mistypes a path outside the API gets the pages' HTML
error page instead; the pages answer their own errors in HTML already. Unexpected
exceptions are logged with their traceback on the server and answered with a generic
message: a stack trace never reaches the caller.
"""

from __future__ import annotations

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from ..errors import InputError, KGError


def error_response(status: int, code: str, message: str, location: str | None = None):
    body = {"status": status, "code": code, "message": message}
    if location:
        body["location"] = location
    response = jsonify({"error": body})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="kg-service"'
    return response


MACHINE_PATHS = ("/api/", "/sparql", "/store")
"""Paths for programs: their errors stay JSON whatever the Accept header says."""


def wants_html() -> bool:
    """True when the caller is a browser: it prefers text/html to JSON and is not on an API path."""
    if request.path.startswith(MACHINE_PATHS) or request.path == "/api":
        return False
    accept = request.accept_mimetypes
    return accept["text/html"] > accept["application/json"]


def register(app) -> None:
    @app.errorhandler(KGError)
    def _service_error(exc: KGError):
        location = str(exc.location) if isinstance(exc, InputError) and exc.location else None
        message = exc.message if isinstance(exc, InputError) else str(exc)
        if isinstance(exc, InputError) and exc.problems:
            message += "".join(f"\n  - {p}" for p in exc.problems)
        if exc.http_status >= 500:
            app.logger.warning("%s: %s", exc.code, message)
        return error_response(exc.http_status, exc.code, message, location)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if wants_html():
            from .pages import http_error_page

            return http_error_page(exc)
        code = (exc.name or "error").lower().replace(" ", "_")
        if exc.code == 413:
            message = (f"the request body is larger than the limit of "
                       f"{app.config['MAX_CONTENT_LENGTH']} bytes")
            code = "request_too_large"
        else:
            message = exc.description or exc.name
        response = error_response(exc.code or 500, code, message)
        if exc.code == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unexpected error")
        return error_response(500, "internal_error",
                              "the server failed to answer this request; the details are in its log")
