"""What a request handler needs: the settings, the endpoint and the caller's role."""

from __future__ import annotations

from flask import current_app, g, request

from ..endpoint.access import Role, role_for


def settings():
    return current_app.extensions["kg_settings"]


def endpoint():
    return current_app.extensions["kg_endpoint"]


def role() -> Role:
    if "kg_role" not in g:
        g.kg_role = role_for(request.headers.get("Authorization"), settings())
    return g.kg_role


def body_text() -> str:
    """The request body as text; the size limit is enforced by Flask (MAX_CONTENT_LENGTH)."""
    from ..errors import InputError

    data = request.get_data(cache=True)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"the request body is not UTF-8 (byte {exc.start})") from None
