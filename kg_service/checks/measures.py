"""What was done for each instance: the measure queries of the check kinds.

Each kind (kg:MeetingsAttended, kg:TrainingHours, ...) is one query in queries/checks/,
given the instances as rows of a VALUES block and the obligation's codes and window as
typed parameters. It answers only for instances with at least one qualifying record, with
the records counted (the evidence); the others observed 0 (or nothing, for a deadline).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from rdflib import URIRef

from ..errors import KGError
from ..queries import insert_values_block, load_query
from ..store.base import Store
from .calendar import EARLIEST_DAY, CheckYear, day_number
from .instances import Instance
from .specs import ObligationSpec

BATCH = 20_000
"""Instances per query: keeps each request a reasonable size for a remote endpoint."""


@dataclass(frozen=True)
class Kind:
    query: str
    key_columns: tuple[str, ...]
    """The VALUES columns that give the query its instances."""
    measure: str
    """The result variable compared with the threshold."""
    group_columns: int = 0
    """How many leading key columns the answer is grouped by (0: all of them)."""

    def group_key(self, key: tuple) -> tuple:
        return key[:self.group_columns or len(self.key_columns)]


KINDS = {
    "MeetingsAttended": Kind("checks/meetings-attended", ("bearer",), "observed"),
    "MeetingAbsences": Kind("checks/meeting-absences", ("bearer",), "observed"),
    "LecturesGiven": Kind("checks/lectures-given", ("bearer",), "observed"),
    "TrainingHours": Kind("checks/training", ("bearer",), "hoursTotal"),
    "TrainingRecords": Kind("checks/training", ("bearer",), "records"),
    "CareRecords": Kind("checks/care-records", ("bearer",), "observed"),
    "OrgMeetings": Kind("checks/org-meetings", ("bearer",), "meetings"),
    "OrgMeetingMonths": Kind("checks/org-meetings", ("bearer",), "months"),
    "PairTalks": Kind("checks/pair-talks", ("a", "b"), "observed"),
    "EventResponse": Kind("checks/event-response", ("event", "member", "eventDay"), "observed", 1),
}


@dataclass(frozen=True)
class Measured:
    observed: Decimal
    evidence: tuple[str, ...]


def kind_of(spec: ObligationSpec) -> Kind:
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise KGError(f"obligation {spec.code}: unknown check kind {spec.kind!r}; known: {', '.join(KINDS)}")
    return kind


def kind_values(spec: ObligationSpec, year: CheckYear, threshold: Decimal) -> dict:
    """The obligation's typed parameters for its kind's query."""
    start = EARLIEST_DAY if str(spec.one("windowStart", "")).endswith("Unbounded") else year.first
    values = {"from": day_number(start), "to": day_number(year.last)}
    if spec.one("countsMeetingKind") is not None:
        values["meetingKind"] = spec.one("countsMeetingKind")
    if spec.one("countsTrainingKind") is not None:
        values["trainingKind"] = spec.one("countsTrainingKind")
    if spec.all("countsCareKind"):
        values["careKind"] = spec.all("countsCareKind") if spec.kind == "CareRecords" else spec.one("countsCareKind")
    if spec.kind == "MeetingsAttended":
        scope = str(spec.one("meetingScope", "AnyOrg")).rsplit("#", 1)[-1]
        values.update(midYear=year.mid, ownBranchOnly=scope == "OwnOrg", otherTeamsOnly=scope == "OtherLeadershipTeams")
        if spec.one("countsAttendanceRole") is not None:
            values["role"] = spec.one("countsAttendanceRole")
    if spec.kind == "EventResponse":
        values = {"careKind": values["careKind"], "deadline": int(threshold)}
    return values


def measure(store: Store, graph: str, spec: ObligationSpec, year: CheckYear, threshold: Decimal,
            instances: Sequence[Instance]) -> tuple[dict[tuple, Measured], list[str]]:
    """Measured values by the instance's group key (Kind.group_key), and the queries run."""
    kind = kind_of(spec)
    query = load_query(kind.query)
    text = query.bind(kind_values(spec, year, threshold))
    results: dict[tuple, Measured] = {}
    keys = list(dict.fromkeys(i.key for i in instances))
    for start in range(0, len(keys), BATCH):
        batch = keys[start:start + BATCH]
        head = " ".join(f"?{c}" for c in kind.key_columns)
        rows = " ".join("(" + " ".join(t.n3() for t in key) + ")" for key in batch)
        bound = insert_values_block(text, f"VALUES ({head}) {{ {rows} }}", kind.query)
        answer = store.select(bound, default_graph=[graph])
        for row in answer.dicts():
            key = tuple(row[c] for c in kind.group_key(kind.key_columns))
            value = row.get(kind.measure)
            if value is None:
                continue
            evidence = tuple(sorted(str(row.get("evidence", "")).split()))
            results[key] = Measured(Decimal(str(value)), evidence)
    return results, [query.name]


def as_iri(term) -> URIRef:
    return term if isinstance(term, URIRef) else URIRef(str(term))
