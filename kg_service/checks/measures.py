"""What was done for each instance: the measure queries of the check kinds.

Each kind (kg:MeetingsAttended, kg:TrainingHours, ...) is a query in queries/checks/, given
the obligation's codes and window as typed parameters. Most are given the instances too, as
rows of a VALUES block, and answer for those with at least one qualifying record; org-level
kinds answer for every org at once, starting from the meeting kind, which is cheaper than
looking from each org. Either way the answer carries the records counted (the evidence), and
an instance without an answer observed 0 (or nothing, for a deadline).

Unexcused absences are the branch's meetings of the kind minus those the bearer attended
present or excused: two cheap queries instead of one anti-join over all attendance.
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
    """The VALUES columns that give the query its instances; () when it answers for all."""
    measure: str
    """The result variable compared with the threshold."""
    answer_key: tuple[str, ...] = ()
    """The result variables an answer is keyed by (default: key_columns)."""

    @property
    def answer_columns(self) -> tuple[str, ...]:
        return self.answer_key or self.key_columns

    def group_key(self, key: tuple) -> tuple:
        """The part of an instance's key its answer is found under."""
        return key[:len(self.answer_columns)]


KINDS = {
    "MeetingsAttended": Kind("checks/meetings-attended", ("bearer",), "observed"),
    "MeetingAbsences": Kind("checks/meetings-attended", ("bearer",), "observed"),
    "LecturesGiven": Kind("checks/lectures-given", ("bearer",), "observed"),
    "TrainingHours": Kind("checks/training", ("bearer",), "hoursTotal"),
    "TrainingRecords": Kind("checks/training", ("bearer",), "records"),
    "CareRecords": Kind("checks/care-records", ("bearer",), "observed"),
    "OrgMeetings": Kind("checks/org-meetings", (), "meetings", ("bearer",)),
    "OrgMeetingMonths": Kind("checks/org-meetings", (), "months", ("bearer",)),
    "PairTalks": Kind("checks/pair-talks", ("a", "b"), "observed"),
    "EventResponse": Kind("checks/event-response", ("event", "member", "eventDay"), "observed", ("event",)),
}

TALKS_BY = Kind("checks/care-talks-by", ("bearer",), "observed")
"""Where talks count, those with the bearer as by_member_id are added to CareRecords."""
TALK = "https://w3id.org/party-kg/code/care-kind/talk"


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
    if spec.kind == "MeetingAbsences":
        values.update(midYear=year.mid, ownBranchOnly=True, otherTeamsOnly=False, excusedCounts=True)
    if spec.kind == "EventResponse":
        values = {"careKind": values["careKind"], "deadline": int(threshold)}
    return values


def _answers(store: Store, graph: str, kind: Kind, values: dict, keys: list[tuple]) -> dict[tuple, Measured]:
    query = load_query(kind.query)
    text = query.bind(values)
    batches = [keys[i:i + BATCH] for i in range(0, len(keys), BATCH)] if kind.key_columns else [None]
    results: dict[tuple, Measured] = {}
    for batch in batches:
        bound = text
        if batch is not None:
            head = " ".join(f"?{c}" for c in kind.key_columns)
            rows = " ".join("(" + " ".join(t.n3() for t in key) + ")" for key in batch)
            bound = insert_values_block(text, f"VALUES ({head}) {{ {rows} }}", kind.query)
        for row in store.select(bound, default_graph=[graph]).dicts():
            value = row.get(kind.measure)
            if value is None:
                continue
            key = tuple(row[c] for c in kind.answer_columns)
            results[key] = Measured(Decimal(str(value)), tuple(sorted(str(row.get("evidence", "")).split())))
    return results


def measure(store: Store, graph: str, spec: ObligationSpec, year: CheckYear, threshold: Decimal,
            instances: Sequence[Instance]) -> tuple[dict[tuple, Measured], list[str]]:
    """Measured values by the instance's group key (Kind.group_key), and the queries run."""
    kind = kind_of(spec)
    keys = list(dict.fromkeys(i.key for i in instances))
    values = kind_values(spec, year, threshold)
    answers = _answers(store, graph, kind, values, keys)
    if spec.kind == "CareRecords" and TALK in [str(k) for k in spec.all("countsCareKind")]:
        talks_by = _answers(store, graph, TALKS_BY, {**values, "careKind": URIRef(TALK)}, keys)
        for key, extra in talks_by.items():
            evidence = set(extra.evidence) | set(answers[key].evidence if key in answers else ())
            answers[key] = Measured(Decimal(len(evidence)), tuple(sorted(evidence)))
        return answers, [kind.query, TALKS_BY.query]
    if spec.kind != "MeetingAbsences":
        return answers, [kind.query]
    held = _answers(store, graph, KINDS["OrgMeetings"], {k: v for k, v in kind_values(spec, year, threshold).items()
                                                        if k in ("meetingKind", "from", "to")}, [])
    missed = {}
    for instance in instances:
        branch_meetings = held.get((URIRef(instance.extra["branch"]),))
        attended = answers.get(instance.key)
        gone = sorted(set(branch_meetings.evidence if branch_meetings else ()) - set(attended.evidence if attended else ()))
        missed[instance.key] = Measured(Decimal(len(gone)), tuple(gone))
    return missed, [kind.query, KINDS["OrgMeetings"].query]

