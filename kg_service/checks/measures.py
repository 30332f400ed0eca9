"""What was done for each instance: the measure queries of the check kinds.

Each kind (kg:MeetingsAttended, kg:TrainingHours, ...) is a query in queries/checks/, given
the obligation's codes and window as typed parameters. Most are given the instances too, as
rows of a VALUES block that also carry the parameters (so FILTERs prune from the first record
read), and answer for those with at least one qualifying record; org-level
kinds answer for every org at once, starting from the meeting kind, which is cheaper than
looking from each org when most orgs are wanted. An instance without an answer observed 0 (or nothing, for a deadline).

The records counted (the evidence) are listed only where asked: decoding each record's IRI
was about a fifth of a check's time, and a run stores evidence only for the findings it
stores (by default the non-compliant ones). So `measure(..., evidence=False)` counts, and
`evidence_of` lists the records of the few instances that need them afterwards. Org-level
kinds and the kinds whose count is made from the records (absences; care records plus talks)
always list them.

Unexcused absences are the branch's meetings of the kind (meetings-held.rq, over the
bearers' branches only) minus those the bearer attended present or excused: two cheap queries
instead of one anti-join over all attendance.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Iterator, Sequence

from rdflib import URIRef
from rdflib.namespace import XSD

from ..errors import KGError
from ..queries import NamedQuery, insert_values_block, load_query, values_block
from ..store.base import Store
from .calendar import EARLIEST_DAY, CheckYear, day_number
from .instances import Instance
from .specs import ObligationSpec

if TYPE_CHECKING:
    from .measure_sharing import SharedMeasures

BATCH = 5_000
"""Instances per query. Each VALUES row repeats the parameters, so a batch is up to about 2 MB
of query text: a reasonable request for a remote endpoint. (At 100k members, batches of 5,000
and of 20,000 take the same time on the embedded store.)"""


BATCHES = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kg-measure-batch")
"""Runs the batches of one measure query side by side (they never wait on anything else)."""


@dataclass(frozen=True)
class Kind:
    query: str
    key_columns: tuple[str, ...]
    """The VALUES columns that give the query its instances; () when it answers for all."""
    measure: str
    """The result variable compared with the threshold."""
    answer_key: tuple[str, ...] = ()
    """The result variables an answer is keyed by (default: key_columns)."""
    kind_parameter: str | None = None
    """The parameter naming the kind of record counted, when the query can also answer for
    every kind at once (one row per instance and `kind`): obligations that differ only in it
    then share one reading of the records (see shared_measures)."""

    @property
    def answer_columns(self) -> tuple[str, ...]:
        return self.answer_key or self.key_columns

    def group_key(self, key: tuple[str, ...]) -> tuple[str, ...]:
        """The part of an instance's key its answer is found under."""
        return key[:len(self.answer_columns)]


KINDS = {
    "MeetingsAttended": Kind("checks/meetings-attended", ("bearer",), "observed"),
    "MeetingAbsences": Kind("checks/meetings-attended", ("bearer",), "observed"),
    "LecturesGiven": Kind("checks/lectures-given", ("bearer",), "observed"),
    "TrainingHours": Kind("checks/training", ("bearer",), "hoursTotal", kind_parameter="trainingKind"),
    "TrainingRecords": Kind("checks/training", ("bearer",), "records", kind_parameter="trainingKind"),
    "CareRecords": Kind("checks/care-records", ("bearer",), "observed"),
    "OrgMeetings": Kind("checks/org-meetings", (), "meetings", ("bearer",)),
    "OrgMeetingMonths": Kind("checks/org-meetings", (), "months", ("bearer",)),
    "PairTalks": Kind("checks/pair-talks", ("a", "b"), "observed"),
    "EventResponse": Kind("checks/event-response", ("event", "member", "eventDay"), "observed", ("event",)),
}

MEETINGS_HELD = Kind("checks/meetings-held", ("org",), "meetings")
"""The meetings of the bearers' branches, for MeetingAbsences."""

TALKS_BY = Kind("checks/care-talks-by", ("bearer",), "observed")
"""Where talks count, those with the bearer as by_member_id are added to CareRecords."""
TALK = "https://w3id.org/party-kg/code/care-kind/talk"


@dataclass(frozen=True)
class Measured:
    observed: Decimal
    evidence: tuple[str, ...] | None
    """The records counted; None when they were not listed (measure(..., evidence=False))."""


def kind_of(spec: ObligationSpec) -> Kind:
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise KGError(f"obligation {spec.code}: unknown check kind {spec.kind!r}; known: {', '.join(KINDS)}")
    return kind


ORG_MEETING_KINDS = ("OrgMeetings", "OrgMeetingMonths")


def kind_values(spec: ObligationSpec, year: CheckYear, threshold: Decimal) -> dict:
    """The obligation's typed parameters for its kind's query."""
    start, end = _window(spec, year)
    if spec.kind in ORG_MEETING_KINDS:
        return _org_meeting_values(spec, start, end)
    values = {"from": day_number(start), "to": day_number(end)}
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


def _window(spec: ObligationSpec, year: CheckYear) -> tuple[dt.date, dt.date]:
    start = EARLIEST_DAY if str(spec.one("windowStart", "")).endswith("Unbounded") else year.first
    return start, year.last


def _org_meeting_values(spec: ObligationSpec, start: dt.date, end: dt.date) -> dict:
    # org-meetings.rq reads the window from kg:date, which it reads for the month anyway:
    # one index look-up per meeting fewer than with kg:dayNumber.
    return {"meetingKind": spec.one("countsMeetingKind"), "fromDate": start, "toDate": end}


_KEY_SYNTAX = {
    "iri": lambda value: f"<{value}>",
    "integer": lambda value: f'"{int(value)}"^^<{XSD.integer}>',
}
"""An instance's key values in SPARQL syntax, by the `# row:` type its query declares. The
values come from the store's own answers (valid IRIs, whole numbers), so no rdflib term is
built for each of them."""


def _key_renderers(query: NamedQuery, columns: Sequence[str]) -> list:
    declared = query.row_columns
    for column in columns:
        if declared.get(column) not in _KEY_SYNTAX:
            raise KGError(f"query {query.name} must declare `# row: {column} (iri|integer)` "
                          f"for the engine to give it instances (it declares: {declared or 'none'})")
    return [_KEY_SYNTAX[declared[column]] for column in columns]


def answer_rows(store: Store, graph: str, kind: Kind, values: dict, keys: list[tuple],
                evidence: bool = True) -> Iterator[dict]:
    """The rows of the kind's query for these instances (every org, for an org-level kind)."""
    query = load_query(kind.query)
    if kind.key_columns:
        values = {**values, "withEvidence": evidence}
    names, parameter_rows = query.parameter_rows(values)
    if kind.key_columns:
        # Each instance row carries the parameters too. Given in a VALUES block of their own,
        # they would join the records only at the end, after every record of every instance
        # had been read; on the instance's row they prune from the first look-up (measured:
        # leaders' meetings 1.1 s -> 0.6 s per obligation at 100k members).
        render = _key_renderers(query, kind.key_columns)
        blocks = [values_block([*kind.key_columns, *names],
                               [(*(r(v) for r, v in zip(render, key)), *row)
                                for key in keys[i:i + BATCH] for row in parameter_rows])
                  for i in range(0, len(keys), BATCH)]
    else:
        blocks = [values_block(names, parameter_rows)]
    texts = [insert_values_block(query.text, block, query.name) for block in blocks]
    if len(texts) == 1:
        yield from store.select_text(texts[0], default_graph=[graph]).dicts()
        return
    # The batches of one obligation run side by side: otherwise the largest obligations'
    # batches, one after the other in one thread, were the last seconds of a run.
    for answer in BATCHES.map(lambda text: store.select_text(text, default_graph=[graph]), texts):
        yield from answer.dicts()


def measured(kind: Kind, row: dict, evidence: bool) -> Measured | None:
    """The kind's measure in one answer row, with the records listed when `evidence`."""
    value = row.get(kind.measure)
    if value is None:
        return None
    return Measured(Decimal(value), tuple(sorted(row.get("evidence", "").split())) if evidence else None)


def _answers(store: Store, graph: str, kind: Kind, values: dict, keys: list[tuple],
             evidence: bool = True) -> dict[tuple, Measured]:
    # An org-level kind answers for every org in one query: listing its records later would
    # read them all again, so it always lists them.
    evidence = evidence or not kind.key_columns
    results: dict[tuple, Measured] = {}
    for row in answer_rows(store, graph, kind, values, keys, evidence):
        answer = measured(kind, row, evidence)
        if answer is not None:
            results[tuple(row[c] for c in kind.answer_columns)] = answer
    return results


def measure(store: Store, graph: str, spec: ObligationSpec, year: CheckYear, threshold: Decimal,
            instances: Sequence[Instance], *, evidence: bool = True,
            shared: SharedMeasures | None = None) -> tuple[dict[tuple, Measured], list[str]]:
    """Measured values by the instance's group key (Kind.group_key), and the queries run.
    With evidence=False the records are not listed where the count does not need them; with
    `shared`, the counts come from readings shared with other obligations (shared_measures)."""
    kind = kind_of(spec)
    keys = list(dict.fromkeys(i.key for i in instances))
    values = kind_values(spec, year, threshold)
    counts_talks_by = spec.kind == "CareRecords" and TALK in [str(k) for k in spec.all("countsCareKind")]
    # Talks counted twice (as care record and as by_member_id) count once, and absences are
    # the branch's meetings minus those attended: both are counted from the records, so a
    # shared count (which lists none) never stands in for them.
    evidence = evidence or counts_talks_by or spec.kind == "MeetingAbsences"
    if shared is not None and not evidence:
        return shared.answers(kind, values, keys), [kind.query]
    answers = _answers(store, graph, kind, values, keys, evidence)
    if counts_talks_by:
        talks_by = _answers(store, graph, TALKS_BY, {**values, "careKind": URIRef(TALK)}, keys)
        for key, extra in talks_by.items():
            records = set(extra.evidence) | set(answers[key].evidence if key in answers else ())
            answers[key] = Measured(Decimal(len(records)), tuple(sorted(records)))
        return answers, [kind.query, TALKS_BY.query]
    if spec.kind != "MeetingAbsences":
        return answers, [kind.query]
    branches = sorted({(instance.extra["branch"],) for instance in instances})
    held_values = {name: values[name] for name in ("meetingKind", "from", "to")}
    held = _answers(store, graph, MEETINGS_HELD, held_values, branches)
    missed = {}
    for instance in instances:
        key = kind.group_key(instance.key)
        branch_meetings = held.get((instance.extra["branch"],))
        attended = answers.get(key)
        gone = sorted(set(branch_meetings.evidence if branch_meetings else ()) - set(attended.evidence if attended else ()))
        missed[key] = Measured(Decimal(len(gone)), tuple(gone))
    return missed, [kind.query, MEETINGS_HELD.query]


def evidence_of(store: Store, graph: str, spec: ObligationSpec, year: CheckYear, threshold: Decimal,
                instances: Sequence[Instance]) -> dict[tuple, tuple[str, ...]]:
    """The records counted for these instances, by group key: for the few instances whose
    measure was taken without them (measure(..., evidence=False))."""
    if not instances:
        return {}
    answers, _ = measure(store, graph, spec, year, threshold, instances, evidence=True)
    return {key: m.evidence for key, m in answers.items()}

