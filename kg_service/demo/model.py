"""What the generator works with: organisations, members, the year's calendar, shared state."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .ledger import Ledger
from .sink import CsvSink


class Org:
    __slots__ = ("id", "name", "kind", "parent", "declared_region", "region")

    def __init__(self, org_id: str, name: str, kind: str, parent: "Org | None", declared_region: str | None = None):
        self.id = org_id
        self.name = name
        self.kind = kind
        self.parent = parent
        self.declared_region = declared_region
        # The contract's inheritance: a declared region wins, else the parent's, else none.
        self.region = declared_region or (parent.region if parent else None)


class Member:
    __slots__ = ("id", "name", "gender", "birth", "join", "org", "status", "has_post", "counting", "youth")

    def __init__(self, member_id, name, gender, birth, join, org, status):
        self.id = member_id
        self.name = name
        self.gender = gender
        self.birth = birth
        self.join = join
        self.org = org
        self.status = status
        self.has_post = False
        self.counting = False
        self.youth = False

    @property
    def region(self) -> str | None:
        return self.org.region


@dataclass
class Calendar:
    """Day numbers (proleptic ordinals) of the demo year that the rules of the contract use."""

    year: int

    def __post_init__(self):
        y = self.year
        self.jan1 = date(y, 1, 1).toordinal()
        self.dec31 = date(y, 12, 31).toordinal()
        self.jul1 = date(y, 7, 1).toordinal()
        self.jun30 = date(y, 6, 30).toordinal()
        self.as_of = self.dec31

    def day(self, month: int, dom: int, year_offset: int = 0) -> int:
        return date(self.year + year_offset, month, min(dom, 28 if month == 2 else 30)).toordinal()

    def month_of(self, day: int) -> int:
        return date.fromordinal(day).month

    def age_on_jul1(self, birth: int) -> int:
        b = date.fromordinal(birth)
        return self.year - b.year - ((7, 1) < (b.month, b.day))

    def anniversary(self, day: int) -> int:
        """The same month and day in the demo year (29 February falls on the 28th)."""
        d = date.fromordinal(day)
        return date(self.year, d.month, 28 if (d.month, d.day) == (2, 29) else d.day).toordinal()


@dataclass
class Department:
    """One unit: its 机关党委, its 领导班子, perhaps a 党总支, and its branches."""

    index: int
    root: Org
    committee: Org
    team: Org
    general_branch: Org | None
    branches: list[Org]
    sizes: list[int]
    concurrent_secretary: bool
    """The general branch's secretary also leads one of its branches (兼任)."""
    dlm_held: bool = True
    guide_target: "Department | None" = None


@dataclass
class Context:
    rng: random.Random
    cal: Calendar
    sink: CsvSink
    ledger: Ledger
    next_member: int = 0
    root_secretaries: dict = field(default_factory=dict)
    event_cursor: int = 0
