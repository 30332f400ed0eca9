"""One pass over a CSV dataset: every record checked against the contract, then written as
N-Triples.

Files are read in the contract's order (kg_service.importers.contract.FILES) so that every
reference names a record already read. Problems are collected (up to a limit) with file,
line, column and what was expected; if there is any, the whole dataset is refused by an
InputError at the end of the pass, before anything reaches a store.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator

from .. import namespaces as ns
from ..errors import InputError, Location
from . import csv_rdf as rdf
from .contract import BY_FILE, CODE_LISTS, REGIONS, FileSpec
from .csv_reader import read_csv

MAX_PROBLEMS = 50
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_HOURS = re.compile(r"\d+(\.\d+)?\Z")
_CHUNK_LINES = 20_000
_PROGRESS_EVERY = 50_000

Progress = Callable[[str], None]


class TooManyProblems(Exception):
    pass


class Problems:
    """Problems found so far, each with where it is; stops the pass after `limit`."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.items: list[tuple[Location, str]] = []

    def add(self, location: Location, message: str) -> None:
        self.items.append((location, message))
        if len(self.items) >= self.limit:
            raise TooManyProblems

    def error(self, truncated: bool) -> InputError:
        first_location, first_message = self.items[0]
        if len(self.items) == 1:
            return InputError(f"{first_message}; nothing was imported", first_location)
        more = " (stopped after the first {0}; fix these and import again)".format(self.limit) if truncated else ""
        return InputError(f"{len(self.items)} problems{more}; nothing was imported", first_location,
                          [f"{loc}: {msg}" for loc, msg in self.items])


class _Row:
    """One record of a file, with access to its cells by column name."""

    __slots__ = ("file", "line", "fields", "index")

    def __init__(self, file: str, line: int, fields: list[str], index: dict[str, int]):
        self.file, self.line, self.fields, self.index = file, line, fields, index

    def get(self, name: str) -> str:
        i = self.index.get(name)
        return "" if i is None else self.fields[i]

    def loc(self, name: str | None = None) -> Location:
        if name is None:
            return Location(self.file, self.line)
        i = self.index.get(name)
        return Location(self.file, self.line, f"{i + 1} ({name})" if i is not None else name)


class CsvDataset:
    """The records of one directory of CSV files as N-Triples for dataset `name`.

    Iterate `chunks()` for the bytes; afterwards `records`, `triples` and `warnings` tell
    what was read. `chunks()` raises InputError (after the pass) if anything was refused."""

    def __init__(self, directory: str | Path, name: str, *, progress: Progress | None = None,
                 max_problems: int = MAX_PROBLEMS):
        self.directory = Path(directory)
        if not self.directory.is_dir():
            raise InputError(f"{self.directory} is not a directory of CSV files")
        self.name = name
        self.progress = progress
        self.problems = Problems(max_problems)
        self.warnings: list[str] = []
        self.records = 0
        self.triples = 0
        self.files_read: list[str] = []
        self._prefix = f"<{ns.ID}dataset/{ns.segment(name)}/"
        self._ids: dict[str, dict[str, str]] = {spec.file: {} for spec in BY_FILE.values()}
        self._org_kind: dict[str, str] = {}
        self._dates: dict[str, tuple[str, str] | None] = {}
        self._codes = {lst: {c: rdf.code(lst, c) for c in codes} for lst, codes in CODE_LISTS.items()}
        self._regions = {r: rdf.region(r) for r in REGIONS}

    # --- the pass ------------------------------------------------------------------------

    def chunks(self) -> Iterator[bytes]:
        unknown = sorted(p.name for p in self.directory.glob("*.csv") if p.name not in BY_FILE)
        if unknown:
            self.warnings.append(f"ignored files that are not part of the contract: {', '.join(unknown)}")
        buffer: list[str] = []
        truncated = False
        try:
            for lines in self._all_lines():
                if self.problems.items:
                    continue  # keep checking to report more problems, but stop producing output
                buffer.extend(lines)
                if len(buffer) >= _CHUNK_LINES:
                    self.triples += len(buffer)
                    yield ("\n".join(buffer) + "\n").encode("utf-8")
                    buffer.clear()
        except TooManyProblems:
            truncated = True
        if self.problems.items:
            raise self.problems.error(truncated)
        if buffer:
            self.triples += len(buffer)
            yield ("\n".join(buffer) + "\n").encode("utf-8")

    def _all_lines(self) -> Iterator[list[str]]:
        yield from self._organizations()
        for file, handler in (("members.csv", self._member), ("meetings.csv", self._meeting),
                              ("events.csv", self._event), ("posts.csv", self._post),
                              ("attendance.csv", self._attendance), ("care.csv", self._care),
                              ("training.csv", self._training)):
            for row in self._rows(BY_FILE[file]):
                lines = handler(row)
                if lines:
                    self.records += 1
                    yield lines

    def _rows(self, spec: FileSpec) -> Iterator[_Row]:
        path = self.directory / spec.file
        if not path.exists():
            return
        self.files_read.append(spec.file)
        header, records = read_csv(path, spec.file)
        index = self._header_index(spec, header)
        if index is None:
            return
        width = len(header)
        count = 0
        for line, fields in records:
            count += 1
            if self.progress is not None and count % _PROGRESS_EVERY == 0:
                self.progress(f"{spec.file}: {count:,} records read")
            if len(fields) != width:
                self.problems.add(Location(spec.file, line),
                                  f"has {len(fields)} fields but the header has {width} "
                                  f"(a comma inside a value must be quoted)")
                continue
            yield _Row(spec.file, line, fields, index)
        if self.progress is not None:
            self.progress(f"{spec.file}: {count:,} records read")

    def _header_index(self, spec: FileSpec, header: list[str]) -> dict[str, int] | None:
        index: dict[str, int] = {}
        ok = True
        for i, name in enumerate(header):
            if name in index:
                self.problems.add(Location(spec.file, 1, f"{i + 1} ({name})"),
                                  f"column {name!r} appears twice in the header")
                ok = False
            index[name] = i
        missing = [c for c in spec.required if c not in index]
        if missing:
            expected = ",".join(c.name for c in spec.columns)
            self.problems.add(Location(spec.file, 1),
                              f"the header lacks the required column{'s' if len(missing) > 1 else ''} "
                              f"{', '.join(missing)} (expected columns: {expected})")
            ok = False
        extra = [name for name in header if name not in spec.by_name]
        if extra:
            self.warnings.append(f"{spec.file}: ignored unknown column{'s' if len(extra) > 1 else ''} "
                                 f"{', '.join(repr(e) for e in extra)}")
        return index if ok else None

    # --- cell checks ---------------------------------------------------------------------

    def _required(self, row: _Row, name: str) -> str | None:
        value = row.get(name)
        if value == "":
            self.problems.add(row.loc(name), f"{name} is required but empty")
            return None
        return value

    def _own_id(self, row: _Row, spec: FileSpec) -> str | None:
        value = self._required(row, spec.id_column)
        if value is None:
            return None
        ids = self._ids[spec.file]
        if value in ids:
            self.problems.add(row.loc(spec.id_column), f"duplicate {spec.id_column} {value!r} "
                                                       f"(each record needs its own id)")
            return None
        s = f"{self._prefix}{spec.record}/{ns.segment(value)}>"
        ids[value] = s
        return s

    def _ref(self, row: _Row, name: str, target: str, required: bool) -> str | None | bool:
        """The IRI of the referenced record; None when empty; False when refused."""
        value = row.get(name)
        if value == "":
            if required:
                self.problems.add(row.loc(name), f"{name} is required but empty")
                return False
            return None
        s = self._ids[target].get(value)
        if s is None:
            self.problems.add(row.loc(name), f"{name} {value!r} is not defined in {target}")
            return False
        return s

    def _code(self, row: _Row, name: str, code_list: str, default: str | None = None) -> str | None:
        value = row.get(name)
        if value == "" and default is not None:
            value = default
        if value == "":
            self.problems.add(row.loc(name), f"{name} is required but empty "
                                             f"(expected one of: {', '.join(CODE_LISTS[code_list])})")
            return None
        term = self._codes[code_list].get(value)
        if term is None:
            self.problems.add(row.loc(name), f"unknown {name} {value!r} "
                                             f"(expected one of: {', '.join(CODE_LISTS[code_list])})")
        return term

    def _date(self, row: _Row, name: str, required: bool) -> tuple[str, str] | None | bool:
        value = row.get(name)
        if value == "":
            if required:
                self.problems.add(row.loc(name), f"{name} is required but empty (expected a date YYYY-MM-DD)")
                return False
            return None
        terms = self._dates.get(value, False)
        if terms is False:
            terms = None
            if _DATE.match(value):
                try:
                    terms = rdf.date_terms(value)
                except ValueError:
                    pass
            self._dates[value] = terms
        if terms is None:
            self.problems.add(row.loc(name), f"{name} {value!r} is not a date (expected YYYY-MM-DD, e.g. 2024-07-01)")
            return False
        return terms

    # --- one handler per file -----------------------------------------------------------

    def _organizations(self) -> Iterator[list[str]]:
        spec = BY_FILE["organizations.csv"]
        rows: list[tuple[_Row, str, str, str | None]] = []  # row, iri, org_id, kind code
        for row in self._rows(spec):
            s = self._own_id(row, spec)
            kind = self._code(row, "kind", "org-kind")
            region = row.get("region")
            if region and region not in self._regions:
                self.problems.add(row.loc("region"), f"unknown region {region!r} "
                                                     f"(expected {', '.join(REGIONS)} or empty to inherit)")
            if s is not None:
                rows.append((row, s, row.get("org_id"), row.get("kind")))
                self._org_kind[s] = row.get("kind")
        parents: dict[str, str | None] = {}
        for row, s, org_id, _ in rows:
            parent = self._ref(row, "parent_id", "organizations.csv", False)
            parents[s] = parent or None
        self._check_cycles(rows, parents)
        if self.problems.items:
            return
        declared = {s: row.get("region") or None for row, s, _, _ in rows}
        for row, s, org_id, kind in rows:
            self.records += 1
            region = declared[s]
            up = parents[s]
            while region is None and up is not None:
                region, up = declared[up], parents[up]
            yield rdf.organization(s, org_id, row.get("name"), self._codes["org-kind"][kind], parents[s],
                                   self._regions.get(declared[s]), self._regions.get(region))

    def _check_cycles(self, rows, parents: dict[str, str | None]) -> None:
        by_iri = {s: (row, org_id) for row, s, org_id, _ in rows}
        state: dict[str, int] = {}  # 1 = on the current path, 2 = known to reach a root
        for start in parents:
            path = []
            node = start
            while node is not None and state.get(node) is None:
                state[node] = 1
                path.append(node)
                node = parents.get(node)
            if node is not None and state[node] == 1:
                cycle = path[path.index(node):]
                row, _ = by_iri[cycle[0]]
                names = " -> ".join(by_iri[c][1] for c in cycle + [cycle[0]])
                self.problems.add(row.loc("parent_id"), f"the organisations form a cycle: {names} "
                                                        f"(an organisation cannot be inside itself)")
            for n in path:
                state[n] = 2

    def _member(self, row: _Row) -> list[str] | None:
        spec = BY_FILE["members.csv"]
        s = self._own_id(row, spec)
        org = self._ref(row, "org_id", "organizations.csv", True)
        if org and self._org_kind.get(org) == "leadership_team":
            self.problems.add(row.loc("org_id"), f"org_id {row.get('org_id')!r} is a leadership_team; a member's "
                                                 f"org_id must be their own party branch, committee or general branch")
            org = False
        status = self._code(row, "status", "member-status")
        birth = self._date(row, "birth_date", False)
        join = self._date(row, "join_date", False)
        if not s or not org or status is None or birth is False or join is False:
            return None
        return rdf.member(s, row.get("member_id"), row.get("name"), row.get("gender"), birth, join, org, status)

    def _meeting(self, row: _Row) -> list[str] | None:
        spec = BY_FILE["meetings.csv"]
        s = self._own_id(row, spec)
        kind = self._code(row, "kind", "meeting-kind")
        org = self._ref(row, "org_id", "organizations.csv", True)
        date = self._date(row, "date", True)
        lecturer = None
        if row.get("kind") == "party_lecture":  # a lecturer on any other meeting is ignored (§5.6)
            lecturer = self._ref(row, "lecturer_id", "members.csv", False)
        if not s or kind is None or not org or not date or lecturer is False:
            return None
        return rdf.meeting(s, row.get("meeting_id"), kind, org, date, lecturer)

    def _event(self, row: _Row) -> list[str] | None:
        s = self._own_id(row, BY_FILE["events.csv"])
        concerns = self._ref(row, "member_id", "members.csv", True)
        kind = self._code(row, "kind", "event-kind")
        date = self._date(row, "date", True)
        if not s or not concerns or kind is None or not date:
            return None
        return rdf.event(s, row.get("event_id"), kind, concerns, date)

    def _line_iri(self, spec: FileSpec, row: _Row) -> str:
        return f"{self._prefix}{spec.record}/{row.line}>"

    def _post(self, row: _Row) -> list[str] | None:
        holder = self._ref(row, "member_id", "members.csv", True)
        post = self._code(row, "post", "post")
        org = self._ref(row, "org_id", "organizations.csv", True)
        start = self._date(row, "start_date", True)
        end = self._date(row, "end_date", False)
        if not holder or post is None or not org or not start or end is False:
            return None
        return rdf.post(self._line_iri(BY_FILE["posts.csv"], row), holder, org, post, start, end)

    def _attendance(self, row: _Row) -> list[str] | None:
        meeting = self._ref(row, "meeting_id", "meetings.csv", True)
        attendee = self._ref(row, "member_id", "members.csv", True)
        status = self._code(row, "status", "attendance-status")
        role = self._code(row, "role", "attendance-role", default="participant")
        if not meeting or not attendee or status is None or role is None:
            return None
        return rdf.attendance(self._line_iri(BY_FILE["attendance.csv"], row), meeting, attendee, status, role)

    def _care(self, row: _Row) -> list[str] | None:
        s = self._own_id(row, BY_FILE["care.csv"])
        kind = self._code(row, "kind", "care-kind")
        date = self._date(row, "date", True)
        about = self._ref(row, "member_id", "members.csv", True)
        by = self._ref(row, "by_member_id", "members.csv", False)
        for_event = self._ref(row, "event_id", "events.csv", False)
        if not s or kind is None or not date or not about or by is False or for_event is False:
            return None
        return rdf.care(s, row.get("care_id"), kind, date, about, by, for_event)

    def _training(self, row: _Row) -> list[str] | None:
        trainee = self._ref(row, "member_id", "members.csv", True)
        date = self._date(row, "date", True)
        kind = self._code(row, "kind", "training-kind")
        hours = row.get("hours")
        good_hours = bool(_HOURS.match(hours)) and float(hours) > 0
        if not good_hours:
            shown = f"{hours!r}" if hours else "empty"
            self.problems.add(row.loc("hours"), f"hours {shown} is not a positive number written in plain "
                                                f"decimal digits (e.g. 2 or 1.5)")
        if not trainee or not date or kind is None or not good_hours:
            return None
        return rdf.training(self._line_iri(BY_FILE["training.csv"], row), trainee, date, hours, kind)

