"""Findings: one row per obligation instance, in the contract's §4 format and a stable order.

Order: obligation code, then subject_id, then period, each compared by code point, so two
runs over the same data list the same rows in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

COLUMNS = ("obligation", "subject_id", "period", "status", "expected", "observed", "article", "rule")
STATUSES = ("compliant", "violated", "pending")


def format_number(value: Decimal | None) -> str:
    """32 -> "32", 31.50 -> "31.5"; None -> "" (no qualifying record)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text


@dataclass
class Finding:
    obligation: str
    subject_id: str
    period: str
    status: str
    expected: Decimal
    observed: Decimal | None
    article: str
    rule: str
    iri: str = ""
    subjects: tuple[str, ...] = ()
    event: str | None = None
    evidence: tuple[str, ...] | None = ()
    """The records counted; None when not listed (a compliant finding of a run that reports
    only the non-compliant ones, see engine.run_checks)."""
    window_end: str = ""
    parameters: tuple = field(default_factory=tuple)
    """The ParameterValues of the obligation this finding rests on."""

    @property
    def sort_key(self):
        return (self.obligation, self.subject_id, self.period)

    def row(self) -> list[str]:
        return [self.obligation, self.subject_id, self.period, self.status, format_number(self.expected),
                format_number(self.observed), self.article, self.rule]

    def as_dict(self) -> dict[str, str]:
        return dict(zip(COLUMNS, self.row()))
