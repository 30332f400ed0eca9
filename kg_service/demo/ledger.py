"""The ground truth: which obligation instances bind, which the generator left unmet on purpose.

The generator asks the ledger, for every instance it creates, whether to make it unmet
(`decide`), and tells it about every unmet instance (`unmet`). The ledger counts bound
instances per code and keeps the finding rows the contract's §4 says `check` must produce
for the demo's as-of date. The first injectable instance of each code is always made unmet,
so every code has a finding even in a small dataset; after that a fixed share is.
"""

from __future__ import annotations

import csv
import random
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..resources import seed_dir


@dataclass(frozen=True)
class Obligation:
    """What the generator needs of an obligation: contract data, not how it is checked."""

    article: str
    """The article's label as the findings write it, e.g. 第十九条."""
    rule: str
    """national, yichun or qingdao."""
    default: int | None
    """The default of the number it compares with (its parameter N, H or D); None when it has
    none. Other parameters (the youth age) are the contract's
    defaults written into the generator's people."""


def _read_obligations() -> dict[str, Obligation]:
    """code -> Obligation, from seed/obligations.toml: the contract's §3 table is written once,
    there. Read directly (not through the check engine or the store) so the generator stays
    an independent oracle of what `check` must find."""
    data = tomllib.loads((seed_dir() / "obligations.toml").read_text(encoding="utf-8"))
    articles = {a["number"]: a["label_zh"] for a in data["article"]}
    table = {}
    for ob in data["obligation"]:
        compared = [p for p in ob.get("parameter", []) if p["name"] in ("N", "H", "D")]
        table[ob["code"]] = Obligation(articles[ob["article"]], ob["rule"],
                                       compared[0]["default"] if compared else None)
    return table


OBLIGATIONS: dict[str, Obligation] = _read_obligations()

FINDING_COLUMNS = ("obligation", "subject_id", "period", "status", "expected", "observed", "article", "rule")


def binds(code: str, region: str | None) -> bool:
    """Whether an obligation of this code binds in a region (None = no local rules)."""
    rule = OBLIGATIONS[code].rule
    return rule == "national" or rule == region


def parameter(code: str) -> int:
    """The default of the obligation's parameter (the count, hours or days it asks for)."""
    default = OBLIGATIONS[code].default
    if default is None:
        raise ValueError(f"obligation {code} has no parameter in seed/obligations.toml")
    return default


@dataclass(frozen=True)
class Finding:
    obligation: str
    subject_id: str
    period: str
    status: str
    expected: str
    observed: str

    def row(self) -> tuple[str, ...]:
        ob = OBLIGATIONS[self.obligation]
        return (self.obligation, self.subject_id, self.period, self.status,
                self.expected, self.observed, ob.article, ob.rule)


class Ledger:
    """Counts bound instances and keeps the expected findings of one demo dataset."""

    def __init__(self, rng: random.Random, year: int, as_of_day: int, share: float):
        self.rng = rng
        self.year = year
        self.as_of_day = as_of_day
        self.share = share
        self.bound: Counter[str] = Counter()
        self.findings: list[Finding] = []
        self._forced: set[str] = set()

    def decide(self, code: str, region: str | None, injectable: bool = True, bearer: bool = True) -> bool:
        """Whether to leave this instance unmet. Counts it when it binds (a bearer, in `region`).

        Instances that do not bind are left unmet at the same share, so that a check that
        ignores the region (or the bearer rules) shows up as extra findings.
        """
        if not (bearer and binds(code, region)):
            return injectable and self.rng.random() < self.share
        self.bound[code] += 1
        if not injectable:
            return False
        if code not in self._forced:
            self._forced.add(code)
            return True
        return self.rng.random() < self.share

    def count(self, code: str) -> int:
        """Count one bound instance decided by the caller; returns how many came before it."""
        self.bound[code] += 1
        return self.bound[code] - 1

    def unmet(self, code: str, subject_id: str, period: str, expected, observed, window_end_day: int) -> None:
        """Record an unmet bound instance; violated once its window has closed by the as-of date."""
        status = "violated" if window_end_day <= self.as_of_day else "pending"
        self.findings.append(Finding(code, subject_id, period, status, _number(expected), _number(observed)))

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for code in OBLIGATIONS:
            statuses = Counter(f.status for f in self.findings if f.obligation == code)
            out[code] = {"bound": self.bound[code], "violated": statuses["violated"],
                         "pending": statuses["pending"],
                         "compliant": self.bound[code] - statuses["violated"] - statuses["pending"]}
        return out

    def write(self, path: Path) -> None:
        rows = sorted(f.row() for f in self.findings)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(FINDING_COLUMNS)
            writer.writerows(rows)


def _number(value) -> str:
    """Numbers as the findings write them: no trailing zeros (24, 31.5), empty for none."""
    if value is None:
        return ""
    text = format(value, "f") if not isinstance(value, (int, str)) else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
