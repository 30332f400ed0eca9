"""`/api/datasets/{dataset}/...`: stored findings, a member's status, compliance statistics.

Thin handlers over kg_service.checks.reports (the pages call the same functions). Findings
and members are for inspectors; the per-obligation statistics are aggregate and public, the
per-organisation ones (they name organisations) are for inspectors. Query-string parameters
are checked strictly: an unknown one or a malformed value is a 400 in the service's one
error shape, naming the parameter and what was expected.
"""

from __future__ import annotations

from flask import jsonify, request

from ..checks import reports
from ..endpoint.access import Role, require
from ..errors import InputError
from . import context
from .api import bp


def _args(known: tuple[str, ...]) -> dict[str, str]:
    unknown = sorted(set(request.args) - set(known))
    if unknown:
        raise InputError(f"unknown query parameter(s) {', '.join(unknown)}; this path takes: "
                         f"{', '.join(known)}")
    repeated = [k for k in request.args if len(request.args.getlist(k)) > 1]
    if repeated:
        raise InputError(f"query parameter {repeated[0]} is given more than once")
    return {k: v for k, v in request.args.items()}


def _int(args: dict, name: str, default: int | None = None) -> int | None:
    text = args.get(name)
    if text is None:
        return default
    if not text.strip().lstrip("+-").isdigit():
        raise InputError(f"{name}={text!r}: expected a whole number")
    return int(text)


def _text(args: dict, name: str) -> str | None:
    text = args.get(name)
    if text is not None and not text:
        raise InputError(f"{name} is empty: leave it out to match everything")
    return text


@bp.get("/datasets/<dataset>/findings")
def findings(dataset: str):
    """Stored findings filtered by year, obligation, status, organisation subtree, member."""
    require(context.role(), Role.INSPECTOR, "findings")
    args = _args(("year", "obligation", "status", "org", "member", "limit", "offset"))
    flt = reports.FindingFilter(year=_int(args, "year"), code=_text(args, "obligation"),
                                status=_text(args, "status"), org_id=_text(args, "org"),
                                member_id=_text(args, "member"))
    return jsonify(reports.list_findings(context.endpoint().store, dataset, flt,
                                         limit=_int(args, "limit", reports.DEFAULT_LIMIT),
                                         offset=_int(args, "offset", 0)))


@bp.get("/datasets/<dataset>/members/<member_id>")
def member(dataset: str, member_id: str):
    """A member, the obligations they are the subject of in a year, and their status."""
    require(context.role(), Role.INSPECTOR, "members")
    args = _args(("year",))
    return jsonify(reports.member_status(context.endpoint().store, dataset, member_id,
                                         year=_int(args, "year")))


@bp.get("/datasets/<dataset>/statistics")
def statistics(dataset: str):
    """Compliance per obligation (public) and per organisation (inspectors) for one year."""
    args = _args(("year", "org"))
    inspector = context.role() >= Role.INSPECTOR
    org = _text(args, "org")
    if org is not None:
        require(context.role(), Role.INSPECTOR, "statistics of an organisation")
    answer = reports.statistics(context.endpoint().store, dataset, year=_int(args, "year"), org_id=org)
    if not inspector:
        # Aggregates only: the organisations' names and figures are the dataset's, not public.
        answer.pop("organisations")
    return jsonify(answer)
