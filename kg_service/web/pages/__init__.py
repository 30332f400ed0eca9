"""Web pages for people: the regulation, search, obligations, compliance, queries, login.

Server-rendered Jinja templates (kg_service/web/templates), Chinese first with English via
`?lang=en`; static files from kg_service/web/static only. `register(app, settings)` adds the
page blueprints, the login, and the linked-data routes (/id/...) to the app.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, render_template, request
from werkzeug.exceptions import HTTPException

from ...errors import InputError, KGError, NotFound
from .. import auth_pages
from ..auth_pages import LoginNeeded, csrf_token, page_role
from .i18n import current_lang, translate

bp = Blueprint("pages", __name__)


def _template_globals():
    role = page_role_safe()
    lang = current_lang()
    return {
        "_": lambda key, **values: translate(key, lang, **values),
        "lang": lang,
        "role": role.name.lower(),
        "is_inspector": role >= 1,
        "csrf_token": csrf_token,
        "other_lang": "en" if lang == "zh" else "zh",
    }


def page_role_safe():
    from ...endpoint.access import Role

    try:
        return page_role()
    except KGError:
        return Role.ANONYMOUS


def error_page(status: int, title_key: str, message: str, *, login: bool = False):
    # The template globals are passed here too: outside the pages' blueprints (a mistyped
    # path) their context processor does not run.
    return render_template("error.html", **_template_globals(), status=status, title_key=title_key,
                           message=message, login=login, next=request.full_path.rstrip("?")), status


def _handle_login_needed(exc: LoginNeeded):
    key = "needs_inspector" if exc.status == 401 else "needs_more"
    response = error_page(exc.status, "needs_login", translate(key), login=exc.status == 401)
    return response


def _handle_kg_error(exc: KGError):
    if isinstance(exc, NotFound):
        return error_page(404, "not_found", str(exc))
    if isinstance(exc, InputError):
        return error_page(exc.http_status, "error", str(exc))
    if exc.http_status == 401:
        return error_page(401, "needs_login", str(exc), login=True)
    return error_page(exc.http_status, "error", str(exc))


def http_error_page(exc: HTTPException):
    """The HTML page for an HTTP error (404, 405, ...), for a browser anywhere in the app."""
    return _handle_http(exc)


def _handle_http(exc: HTTPException):
    key = "not_found" if exc.code == 404 else "error"
    return error_page(exc.code or 500, key, exc.description or exc.name)


def register(app, settings) -> None:
    from .. import linked_data
    from . import compliance, query, regulation  # noqa: F401  (they add their routes to bp)

    # The session holds only a role and a CSRF token; without a configured key a random one
    # per process means logins end when the server restarts.
    app.secret_key = settings.secret_key or secrets.token_hex(32)
    app.config.update(SESSION_COOKIE_NAME="kg_session", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    for blueprint in (bp, auth_pages.bp, linked_data.bp):
        # A blueprint is set up once per process; later apps (tests make several) reuse it.
        if not blueprint._got_registered_once:
            blueprint.context_processor(_template_globals)
            blueprint.register_error_handler(LoginNeeded, _handle_login_needed)
            blueprint.register_error_handler(KGError, _handle_kg_error)
            blueprint.register_error_handler(HTTPException, _handle_http)
        app.register_blueprint(blueprint)
