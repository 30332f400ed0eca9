"""The dates a check of year Y needs, computed in Python (SPARQL 1.1 has no date arithmetic).

Windows are passed to the queries as kg:dayNumber integers (days since 1970-01-01), the
same numbers the importer writes on every dated record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EPOCH = dt.date(1970, 1, 1)
EARLIEST_DAY = dt.date(1, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


@dataclass(frozen=True)
class CheckYear:
    year: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def mid(self) -> dt.date:
        """Y-07-01: the day posts are looked at and membership is counted (§2)."""
        return dt.date(self.year, 7, 1)

    def born_after_for_youth(self, max_age: int) -> dt.date:
        """Youth are `max_age` or younger on Y-07-01: born strictly after (Y - max_age - 1)-07-01.

        Someone born on (Y-36)-07-01 turns 36 that very day; one born a day later is 35."""
        return dt.date(self.year - max_age - 1, 7, 1)

    def joined_by(self, years_before: int | None) -> dt.date:
        """Latest join date that counts: Y-07-01, or (Y - n)-12-31 when an obligation asks more
        (medal-50: n = 50; political-birthday, joined before the year: n = 1)."""
        if years_before is None:
            return self.mid
        return min(self.mid, dt.date(self.year - years_before, 12, 31))

    def month_day(self, gmonthday: str) -> dt.date:
        """An xsd:gMonthDay like --06-30 in this year."""
        month, day = gmonthday.lstrip("-").split("-")
        return dt.date(self.year, int(month), int(day))
