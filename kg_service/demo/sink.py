"""Streams demo records to the contract's CSV files as they are made (nothing is kept twice).

Dates are handled as proleptic ordinals (`date.toordinal()`) so that deadlines are plain
additions; they become ISO strings only here. Ids of meetings, events and care records are
handed out here so that they are unique across the whole dataset.
"""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

COLUMNS = {
    "organizations": ("org_id", "name", "kind", "parent_id", "region"),
    "members": ("member_id", "name", "gender", "birth_date", "join_date", "org_id", "status"),
    "posts": ("member_id", "post", "org_id", "start_date", "end_date"),
    "meetings": ("meeting_id", "kind", "org_id", "date", "lecturer_id"),
    "attendance": ("meeting_id", "member_id", "status", "role"),
    "events": ("event_id", "member_id", "kind", "date"),
    "care": ("care_id", "kind", "date", "member_id", "by_member_id", "event_id"),
    "training": ("member_id", "date", "hours", "kind"),
}


@lru_cache(maxsize=None)
def iso(day: int | None) -> str:
    return "" if day is None else date.fromordinal(day).isoformat()


class CsvSink:
    """One open writer per CSV file of the contract; use as a context manager."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.rows: Counter[str] = Counter()
        self._files = {}
        self._writers = {}
        self._next = Counter()

    def __enter__(self) -> "CsvSink":
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, columns in COLUMNS.items():
            fh = open(self.directory / f"{name}.csv", "w", encoding="utf-8", newline="")
            self._files[name] = fh
            self._writers[name] = csv.writer(fh, lineterminator="\n")
            self._writers[name].writerow(columns)
        return self

    def __exit__(self, *exc) -> None:
        for fh in self._files.values():
            fh.close()

    def _write(self, name: str, row) -> None:
        self.rows[name] += 1
        self._writers[name].writerow(row)

    def _id(self, prefix: str) -> str:
        self._next[prefix] += 1
        return f"{prefix}{self._next[prefix]}"

    def org(self, org_id, name, kind, parent_id, region) -> None:
        self._write("organizations", (org_id, name, kind, parent_id or "", region or ""))

    def member(self, m) -> None:
        self._write("members", (m.id, m.name, m.gender, iso(m.birth), iso(m.join), m.org.id, m.status))

    def post(self, member_id, post, org_id, start, end=None) -> None:
        self._write("posts", (member_id, post, org_id, iso(start), iso(end)))

    def meeting(self, kind, org_id, day, lecturer_id="", meeting_id=None) -> str:
        meeting_id = meeting_id or self._id("mt")
        self._write("meetings", (meeting_id, kind, org_id, iso(day), lecturer_id))
        return meeting_id

    def attend(self, meeting_id, member_id, status="present", role="") -> None:
        self._write("attendance", (meeting_id, member_id, status, role))

    def event(self, member_id, kind, day) -> str:
        event_id = self._id("ev")
        self._write("events", (event_id, member_id, kind, iso(day)))
        return event_id

    def care(self, kind, day, member_id, by_member_id="", event_id="") -> str:
        care_id = self._id("c")
        self._write("care", (care_id, kind, iso(day), member_id, by_member_id, event_id))
        return care_id

    def training(self, member_id, day, hours, kind) -> None:
        self._write("training", (member_id, iso(day), hours, kind))
