"""Who an obligation binds for a year: its instances, from the bearer-selection queries.

Each selection (kg:PostHolders, kg:CountingMembers, ...) is one query in
queries/checks/bearers/, driven by the values of the obligation's check specification.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from rdflib import URIRef

from ..errors import KGError
from .bearer_cache import BearerCache
from .calendar import CheckYear, day_number, from_day_number
from .specs import ObligationSpec


@dataclass
class Instance:
    """One obligation instance: a finding row will be written for it."""

    subject_id: str
    period: str
    key: tuple[str, ...]
    """The values that identify it to the measure query: IRIs of a bearer, a pair or an event
    and its member, and the event's day number (typed by the query's `# row:` lines)."""
    subjects: tuple[str, ...]
    """IRIs of the records it binds (member, org, the two members of a pair)."""
    window_end: dt.date
    event: str | None = None
    event_day: int | None = None
    extra: dict = field(default_factory=dict)
    """What a kind may need besides the key (the bearer's own branch, for absences)."""


def region_values(spec: ObligationSpec) -> dict:
    if spec.region is None:
        return {"everywhere": True}
    return {"everywhere": False, "region": URIRef(spec.region)}


def select_instances(spec: ObligationSpec, year: CheckYear, cache: BearerCache, threshold,
                     parameters: Mapping[str, Decimal]) -> list[Instance]:
    """The obligation's instances for `year`; `threshold` is the deadline of a triggered one,
    `parameters` the obligation's parameter values in force for this run, by name."""
    selection = spec.selection
    handler = _SELECTIONS.get(selection)
    if handler is None:
        raise KGError(f"obligation {spec.code}: unknown bearer selection {selection!r} in its check specification")
    return handler(spec, year, cache, threshold, parameters)


def _yearly(bearer: str, subject_id: str, year: CheckYear) -> Instance:
    return Instance(subject_id, str(year.year), (bearer,), (bearer,), year.last)


POST_HOLDERS = "checks/bearers/post-holders"


def _post_holders(spec, year, cache, threshold, parameters):
    held, *also = _post_holder_selections(spec, year)
    rows = cache.rows(*held, spec.code)
    bearers = {r["bearer"]: r["subjectId"] for r in rows}
    branches = {r["bearer"]: r["branch"] for r in rows}
    if also:
        # leader-committee: a leading cadre who is also on their own branch's committee.
        keep = {r["bearer"] for r in cache.rows(*also[0], spec.code)}
        bearers = {b: s for b, s in bearers.items() if b in keep}
    instances = [_yearly(b, s, year) for b, s in bearers.items()]
    for instance in instances:
        instance.extra["branch"] = branches[instance.subjects[0]]
    return instances


def _post_holder_selections(spec, year) -> list[tuple[str, dict]]:
    """The posts held, and for leader-committee the committee posts held in the own branch."""
    base = {"midYear": year.mid, **region_values(spec)}
    post_org_kind = spec.one("selectPostOrgKind")
    if post_org_kind is not None:
        base["postOrgKind"] = post_org_kind
    selections = [(POST_HOLDERS, {**base, "post": spec.all("selectPost")})]
    also = spec.all("alsoHoldsInOwnOrg")
    if also:
        selections.append((POST_HOLDERS, {**base, "post": also, "ownBranchOnly": True}))
    return selections


def shared_selections(spec: ObligationSpec, year: CheckYear, parameters: Mapping[str, Decimal]) -> list[tuple[str, dict]]:
    """The (query, values) of the selections other obligations may share (BearerCache.share)."""
    if spec.selection == "CountingMembers":
        return [_counting_members_selection(spec, year, parameters)]
    if spec.selection == "PostHolders":
        return _post_holder_selections(spec, year)
    return []


def _counting_members(spec, year, cache, threshold, parameters):
    query, values = _counting_members_selection(spec, year, parameters)
    return [_yearly(r["bearer"], r["subjectId"], year) for r in cache.rows(query, values, spec.code)]


def _counting_members_selection(spec, year, parameters):
    # A local rule starts from its region (members.rq); a national one looks everywhere.
    values = {"joinedBy": year.joined_by(_int(spec.one("joinedYearsBefore")))}
    query = "checks/bearers/members-anywhere"
    if spec.region is not None:
        query, values["region"] = "checks/bearers/members", URIRef(spec.region)
    if spec.all("selectStatus"):
        values["status"] = spec.all("selectStatus")
    max_age = spec.number("youthMaxAge", parameters)
    if max_age is not None:
        values["bornAfter"] = year.born_after_for_youth(int(max_age))
    if spec.one("excludedByEventKind") is not None:
        values["excludedEventKind"] = spec.one("excludedByEventKind")
    return query, values


def _event_bearers(spec, year, cache, threshold, parameters):
    values = {"eventKind": spec.all("selectEventKind"), "eventsBy": year.month_day(str(spec.one("eventsBy"))),
              "joinedBy": year.mid, **region_values(spec)}
    if spec.one("familyEventKind") is not None:
        values["familyEventKind"] = spec.one("familyEventKind")
    rows = cache.rows("checks/bearers/event-bearers", values, spec.code)
    return [_yearly(r["bearer"], r["subjectId"], year) for r in rows]


def _organizations(spec, year, cache, threshold, parameters):
    rows = cache.rows("checks/bearers/organizations", {"orgKind": spec.one("selectOrgKind"), **region_values(spec)},
                      spec.code)
    return [_yearly(r["bearer"], r["subjectId"], year) for r in rows]


def _pairs(query):
    def select(spec, year, cache, threshold, parameters):
        values = {"post": spec.one("selectPost"), "midYear": year.mid, **region_values(spec)}
        if "orgKind" in _PAIR_ORG_KIND.get(query, ()):
            values["orgKind"] = spec.one("selectOrgKind")
        instances = {}
        for r in cache.rows(query, values, spec.code):
            subject = f"{r['aId']}|{r['bId']}"
            # One obligation per pair, however many orgs it is reached through (§5.11).
            instances.setdefault(subject, Instance(subject, str(year.year), (r["a"], r["b"]),
                                                   (r["a"], r["b"]), year.last))
        return list(instances.values())
    return select


_PAIR_ORG_KIND = {"checks/bearers/team-pairs": ("orgKind",)}


def _triggering_events(spec, year, cache, threshold, parameters):
    deadline = int(threshold)
    values = {"eventKind": spec.all("selectEventKind"), "from": day_number(year.first), "to": day_number(year.last),
              **region_values(spec)}
    instances = []
    for r in cache.rows("checks/bearers/events", values, spec.code):
        day = int(r["day"])
        instances.append(Instance(r["subjectId"], r["eventId"],
                                  (r["event"], r["member"], str(day)), (r["member"],),
                                  from_day_number(day + deadline), event=r["event"], event_day=day))
    return instances


def _int(term) -> int | None:
    return None if term is None else int(term)


_SELECTIONS = {
    "PostHolders": _post_holders,
    "CountingMembers": _counting_members,
    "EventBearers": _event_bearers,
    "Organizations": _organizations,
    "TeamPairs": _pairs("checks/bearers/team-pairs"),
    "SecretaryPairs": _pairs("checks/bearers/secretary-pairs"),
    "TriggeringEvents": _triggering_events,
}
