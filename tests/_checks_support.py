"""Helpers for the check tests: load a hand-written family of records and run the checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg_service.checks.engine import run_checks
from kg_service.errors import StoreError
from kg_service.importers import import_csv_dataset

DATA = Path(__file__).resolve().parent / "data" / "checks"


def load_family(store, family: str) -> str:
    import_csv_dataset(store, DATA / family, family)
    return family


def findings_table(store, family: str, as_of: str, codes=None, year: int = 2024, **kwargs) -> dict:
    """(code, subject_id, period) -> (status, expected, observed) for every instance, met or not."""
    run = run_checks(store, family, year, as_of=dt.date.fromisoformat(as_of), codes=codes, **kwargs)
    return {(f.obligation, f.subject_id, f.period): (f.status, f.row()[4], f.row()[5]) for f in run.findings}


def of_code(table: dict, code: str) -> dict:
    return {(s, p): v for (c, s, p), v in table.items() if c == code}


class RecordingStore:
    """Passes every call to the real store and keeps the text of each select_text; fails the
    queries whose text starts with `fail_on`, as a store that went away would."""

    def __init__(self, store, fail_on: str | None = None):
        self._store, self.texts, self._fail_on = store, [], fail_on

    def __getattr__(self, name):
        return getattr(self._store, name)

    def select_text(self, query, **kwargs):
        self.texts.append(query)
        if self._fail_on and query.startswith(self._fail_on):
            raise StoreError("the store is gone")
        return self._store.select_text(query, **kwargs)
