"""Rendering rows for people (an aligned table on a terminal) and programs (JSON, CSV)."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from typing import Any, Sequence


def _width(text: str) -> int:
    """Display width: CJK characters take two columns on a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], out=None, max_cell: int = 60) -> None:
    out = out or sys.stdout
    cells = [[_cell(v, max_cell) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    out.write("  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write("  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(value: Any, max_cell: int) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if _width(text) > max_cell:
        while _width(text) > max_cell - 1:
            text = text[:-1]
        text += "…"
    return text


def write_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, out=None) -> None:
    """Write rows as `table`, `json` (a list of objects) or `csv`."""
    out = out or sys.stdout
    if fmt == "json":
        json.dump([dict(zip(columns, row)) for row in rows], out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    else:
        render_table(columns, rows, out)


def add_format_option(parser, default: str = "table", choices=("table", "json", "csv")) -> None:
    parser.add_argument("--format", choices=choices, default=default,
                        help=f"output format (default: {default}; table is for people, json/csv for programs)")


def add_terminal_format_option(parser, choices=("table", "json", "csv")) -> None:
    """--format whose default is a table on a terminal and JSON when piped (see chosen_format)."""
    parser.add_argument("--format", choices=choices, default=None,
                        help="output format (default: table on a terminal, json otherwise)")


def chosen_format(fmt: str | None, out=None) -> str:
    """The --format given, else `table` for a person at a terminal and `json` for a program."""
    if fmt:
        return fmt
    out = out or sys.stdout
    return "table" if getattr(out, "isatty", lambda: False)() else "json"
