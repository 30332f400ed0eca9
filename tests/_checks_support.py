"""Helpers for the check tests: load a hand-written family of records and run the checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kg_service.checks.engine import run_checks
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
