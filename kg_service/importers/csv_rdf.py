"""Checked CSV records to N-Triples lines, per the RDF model in docs/architecture.md.

Pure functions of already-validated values: each takes the record's IRI (as an N-Triples
term) and its values and returns its lines. Writing N-Triples text directly, rather than
building rdflib terms, is what makes a 5-million-triple import fast.
"""

from __future__ import annotations

import datetime as _dt

from .. import namespaces as ns

_EPOCH = _dt.date(1970, 1, 1).toordinal()


def iri(value: str) -> str:
    return f"<{value}>"


def _p(namespace, local: str) -> str:
    return f"<{namespace}{local}>"


TYPE = iri(str(ns.RDF.type))
LABEL = iri(str(ns.RDFS.label))
XSD_DATE = iri(str(ns.XSD.date))
XSD_INTEGER = iri(str(ns.XSD.integer))
XSD_DECIMAL = iri(str(ns.XSD.decimal))

KG = {name: _p(ns.KG, name) for name in (
    "Organization", "Member", "PostHolding", "Meeting", "Attendance", "LifeEvent", "CareRecord", "TrainingRecord",
    "orgId", "orgKind", "declaredRegion", "region", "memberId", "gender", "birthDate", "joinDate", "branch",
    "memberStatus", "post", "startDate", "endDate", "meetingId", "meetingKind", "heldBy", "date", "dayNumber",
    "lecturer", "meeting", "attendee", "attendanceStatus", "attendanceRole", "eventId", "eventKind", "concerns",
    "careId", "careKind", "about", "by", "forEvent", "trainee", "hours", "trainingKind",
)}
SUB_ORG = _p(ns.ORG, "subOrganizationOf")
ORG_MEMBER = _p(ns.ORG, "member")
ORG_ORGANIZATION = _p(ns.ORG, "organization")
FOAF_NAME = _p(ns.FOAF, "name")

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def string(value: str) -> str:
    """An xsd:string literal in N-Triples, escaped."""
    return f'"{value.translate(_ESCAPES)}"'


def date_terms(lexical: str) -> tuple[str, str]:
    """(the xsd:date literal, the kg:dayNumber literal) of a checked ISO date."""
    day = _dt.date.fromisoformat(lexical).toordinal() - _EPOCH
    return f'"{lexical}"^^{XSD_DATE}', f'"{day}"^^{XSD_INTEGER}'


def code(code_list: str, value: str) -> str:
    return iri(ns.code_iri(code_list, value))


def region(value: str) -> str:
    return iri(ns.region_iri(value))


def organization(s: str, org_id: str, name: str, kind: str, parent: str | None,
                 declared_region: str | None, effective_region: str | None) -> list[str]:
    lines = [f"{s} {TYPE} {KG['Organization']} .", f"{s} {KG['orgId']} {string(org_id)} .",
             f"{s} {KG['orgKind']} {kind} ."]
    if name:
        lines.append(f"{s} {LABEL} {string(name)} .")
    if parent:
        lines.append(f"{s} {SUB_ORG} {parent} .")
    if declared_region:
        lines.append(f"{s} {KG['declaredRegion']} {declared_region} .")
    if effective_region:
        lines.append(f"{s} {KG['region']} {effective_region} .")
    return lines


def member(s: str, member_id: str, name: str, gender: str, birth: tuple | None, join: tuple | None,
           branch: str, status: str) -> list[str]:
    lines = [f"{s} {TYPE} {KG['Member']} .", f"{s} {KG['memberId']} {string(member_id)} .",
             f"{s} {KG['branch']} {branch} .", f"{s} {KG['memberStatus']} {status} ."]
    if name:
        lines.append(f"{s} {FOAF_NAME} {string(name)} .")
    if gender:
        lines.append(f"{s} {KG['gender']} {string(gender)} .")
    if birth:
        lines.append(f"{s} {KG['birthDate']} {birth[0]} .")
    if join:
        lines.append(f"{s} {KG['joinDate']} {join[0]} .")
    return lines


def post(s: str, holder: str, org: str, post_code: str, start: tuple, end: tuple | None) -> list[str]:
    lines = [f"{s} {TYPE} {KG['PostHolding']} .", f"{s} {ORG_MEMBER} {holder} .",
             f"{s} {ORG_ORGANIZATION} {org} .", f"{s} {KG['post']} {post_code} .",
             f"{s} {KG['startDate']} {start[0]} ."]
    if end:
        lines.append(f"{s} {KG['endDate']} {end[0]} .")
    return lines


def meeting(s: str, meeting_id: str, kind: str, org: str, date: tuple, lecturer: str | None) -> list[str]:
    lines = [f"{s} {TYPE} {KG['Meeting']} .", f"{s} {KG['meetingId']} {string(meeting_id)} .",
             f"{s} {KG['meetingKind']} {kind} .", f"{s} {KG['heldBy']} {org} .",
             f"{s} {KG['date']} {date[0]} .", f"{s} {KG['dayNumber']} {date[1]} ."]
    if lecturer:
        lines.append(f"{s} {KG['lecturer']} {lecturer} .")
    return lines


def attendance(s: str, meeting_iri: str, attendee: str, status: str, role: str) -> list[str]:
    return [f"{s} {TYPE} {KG['Attendance']} .", f"{s} {KG['meeting']} {meeting_iri} .",
            f"{s} {KG['attendee']} {attendee} .", f"{s} {KG['attendanceStatus']} {status} .",
            f"{s} {KG['attendanceRole']} {role} ."]


def event(s: str, event_id: str, kind: str, concerns: str, date: tuple) -> list[str]:
    return [f"{s} {TYPE} {KG['LifeEvent']} .", f"{s} {KG['eventId']} {string(event_id)} .",
            f"{s} {KG['eventKind']} {kind} .", f"{s} {KG['concerns']} {concerns} .",
            f"{s} {KG['date']} {date[0]} .", f"{s} {KG['dayNumber']} {date[1]} ."]


def care(s: str, care_id: str, kind: str, date: tuple, about: str, by: str | None,
         for_event: str | None) -> list[str]:
    lines = [f"{s} {TYPE} {KG['CareRecord']} .", f"{s} {KG['careId']} {string(care_id)} .",
             f"{s} {KG['careKind']} {kind} .", f"{s} {KG['date']} {date[0]} .",
             f"{s} {KG['dayNumber']} {date[1]} .", f"{s} {KG['about']} {about} ."]
    if by:
        lines.append(f"{s} {KG['by']} {by} .")
    if for_event:
        lines.append(f"{s} {KG['forEvent']} {for_event} .")
    return lines


def training(s: str, trainee: str, date: tuple, hours: str, kind: str) -> list[str]:
    return [f"{s} {TYPE} {KG['TrainingRecord']} .", f"{s} {KG['trainee']} {trainee} .",
            f"{s} {KG['date']} {date[0]} .", f"{s} {KG['dayNumber']} {date[1]} .",
            f'{s} {KG["hours"]} "{hours}"^^{XSD_DECIMAL} .', f"{s} {KG['trainingKind']} {kind} ."]
