"""One JSON error shape for every error the service answers with.

    {"error": {"status": 400, "code": "bad_query", "message": "...", "location": "..."}}

`location` appears for input errors that know where (file, line, column). Unexpected
exceptions are logged with their traceback on the server and answered with a generic
message: a stack trace never reaches the caller.
"""

from __future__ import annotations

from flask import jsonify
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
