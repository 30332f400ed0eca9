"""Login for the pages: the user pastes a token, the session keeps only the role.

The token is compared in constant time with the configured ones (endpoint.access.role_for)
and never stored: the session cookie (signed with Settings.secret_key, HttpOnly, SameSite=Lax)
holds the role name and a CSRF token for the pages' forms that change something. A request
that sends `Authorization: Bearer ...` (an RDF client on /id/...) is judged by that header.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlparse

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ..endpoint.access import Role, role_for
from ..errors import Unauthorized
from . import context

bp = Blueprint("auth_pages", __name__)


class LoginNeeded(Exception):
    """A page needs a higher role than the visitor has; rendered as a page, 401 or 403."""

    def __init__(self, needed: Role, have: Role):
        super().__init__(needed.name)
        self.needed = needed
        self.have = have

    @property
    def status(self) -> int:
        return 401 if self.have == Role.ANONYMOUS else 403


def page_role() -> Role:
    if request.headers.get("Authorization"):
        return context.role()
    name = session.get("role")
    try:
        return Role[name.upper()] if isinstance(name, str) else Role.ANONYMOUS
    except KeyError:
        return Role.ANONYMOUS


def require_role(needed: Role = Role.INSPECTOR) -> Role:
    have = page_role()
    if have < needed:
        raise LoginNeeded(needed, have)
    return have


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf() -> None:
    sent = request.form.get("csrf", "")
    if not hmac.compare_digest(sent.encode(), csrf_token().encode()):
        abort(400, "the form is out of date; reload the page and send it again")


def _safe_next(target: str | None) -> str:
    """Only paths on this site, so the login cannot be used to send people elsewhere."""
    if not target:
        return url_for("pages.home")
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("pages.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    error = None
    status = 200
    next_page = request.values.get("next")
    if request.method == "POST":
        check_csrf()
        token = request.form.get("token", "").strip()
        try:
            role = role_for(f"Bearer {token}", context.settings()) if token else Role.ANONYMOUS
        except Unauthorized:
            role = Role.ANONYMOUS
        if role > Role.ANONYMOUS:
            lang = session.get("lang")
            session.clear()  # a fresh session (and CSRF token) for the new role
            session["role"] = role.name.lower()
            if lang:
                session["lang"] = lang
            return redirect(_safe_next(next_page), code=303)
        error, status = "bad_token", 401
    return render_template("login.html", error=error, next=next_page or ""), status


@bp.route("/logout", methods=["POST"])
def logout():
    check_csrf()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("pages.home"), code=303)
