"""One tree of errors. The CLI and the web layer each map it to their own form once.

Every error carries a message a person can act on; input errors also say where
(file, line, column, or the position in a query).
"""

from __future__ import annotations

from dataclasses import dataclass


class KGError(Exception):
    """Base of every error the service raises on purpose."""

    http_status = 500
    code = "internal_error"


class NotFound(KGError):
    http_status = 404
    code = "not_found"


class ConfigError(KGError):
    http_status = 500
    code = "config_error"


class StoreError(KGError):
    """The store could not be opened, read or written."""

    http_status = 503
    code = "store_error"


class QueryTimeout(KGError):
    http_status = 503
    code = "query_timeout"


@dataclass(frozen=True)
class Location:
    """Where in the input a problem is. Lines and columns count from 1."""

    file: str | None = None
    line: int | None = None
    column: int | str | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


class InputError(KGError):
    """Input that is refused: bad CSV, bad RDF, data that breaks the shapes, a bad parameter."""

    http_status = 400
    code = "bad_input"

    def __init__(self, message: str, location: Location | None = None, problems: list[str] | None = None):
        self.message = message
        self.location = location
        self.problems = problems or []
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.location}: {self.message}" if self.location else self.message
        if self.problems:
            head += "".join(f"\n  - {p}" for p in self.problems)
        return head


class QuerySyntaxError(InputError):
    """A SPARQL query or update that does not parse; the message gives the position."""

    code = "bad_query"


class Forbidden(KGError):
    http_status = 403
    code = "forbidden"


class Unauthorized(KGError):
    http_status = 401
    code = "unauthorized"


class NotAcceptable(KGError):
    """The caller's Accept header allows none of the formats the answer can be given in."""

    http_status = 406
    code = "not_acceptable"


class UnsupportedMediaType(KGError):
    http_status = 415
    code = "unsupported_media_type"


class MethodNotAllowed(KGError):
    http_status = 405
    code = "method_not_allowed"


class RequestTooLarge(KGError):
    http_status = 413
    code = "request_too_large"


class ResultTooLarge(KGError):
    """The answer would exceed the configured result size; the caller should page with LIMIT."""

    http_status = 400
    code = "result_too_large"
