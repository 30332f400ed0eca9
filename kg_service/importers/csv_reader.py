"""Reading one CSV file of the contract: its header and its records with their line numbers.

Pure reading, no knowledge of the columns: UTF-8 (a BOM is tolerated), RFC 4180 quoting,
records may span lines inside quotes. A record's line is the line where it starts. Problems
that make the whole file unreadable raise InputError naming the file and line.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

from ..errors import InputError, Location

_BOM = b"\xef\xbb\xbf"


def _decoded_lines(path: Path, label: str) -> Iterator[str]:
    """The file's lines as text. Decoding line by line lets a bad byte be reported exactly."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                column = len(raw[:exc.start].decode("utf-8", "replace")) + 1
                raise InputError("is not UTF-8 text (save the spreadsheet as CSV UTF-8)",
                                 Location(label, number, column)) from None


def read_csv(path: str | Path, label: str | None = None) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (names stripped of surrounding spaces) and an iterator of (line, fields).

    Blank lines are skipped. Raises InputError for a 0-byte file, a file without a header
    row, bad UTF-8 and broken quoting."""
    path = Path(path)
    label = label or path.name
    if path.stat().st_size == 0:
        raise InputError("is empty (0 bytes); a file needs at least its header row "
                         "(leave the file out if there are no records of that kind)", Location(label))
    reader = csv.reader(_decoded_lines(path, label), strict=True)

    def records() -> Iterator[tuple[int, list[str]]]:
        end = reader.line_num
        while True:
            start = end + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(f"is not valid CSV: {exc} (a quote that is not closed or a stray "
                                 f"quote inside a field?)", Location(label, start)) from None
            end = reader.line_num
            if fields:
                yield start, fields

    rows = records()
    first = next(rows, None)
    if first is None:
        raise InputError("has no header row", Location(label, 1))
    return [name.strip() for name in first[1]], rows
