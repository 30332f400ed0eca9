"""The CSV files of the data contract (records-and-checks.md §1 and §5) as data.

For each file: its columns, which are required (a value in every row, and the column must
be in the header), which code list a code column uses, and which ids a reference column must
name. The files are listed in the order they are read, so that every reference points to a
file already read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CODE_LISTS: dict[str, tuple[str, ...]] = {
    "org-kind": ("committee", "general_branch", "branch", "leadership_team"),
    "member-status": ("active", "probationary", "retired", "mobile", "deceased"),
    "post": ("secretary", "deputy_secretary", "committee_member", "team_member", "leading_cadre"),
    "meeting-kind": ("general_assembly", "committee_meeting", "group_meeting", "party_lecture", "democratic_life",
                     "organizational_life", "theme_day", "study_day", "member_appraisal", "oath_renewal"),
    "attendance-status": ("present", "excused", "absent"),
    "attendance-role": ("participant", "guide"),
    "event-kind": ("development", "transfer", "honor", "ideological_fluctuation", "organizational_handling",
                   "disciplinary_sanction", "warning_sign", "serious_illness", "major_setback", "disaster",
                   "family_crisis", "retirement", "psychological_trauma", "relief_application", "hardship",
                   "injured_on_duty", "died_on_duty"),
    "care-kind": ("talk", "visit", "relief", "counselling", "medal", "contact_assigned", "mentor_assigned",
                  "political_birthday"),
    "training-kind": ("concentrated", "theory_study", "secretary_rotation"),
}
"""The codes of each list, as written in the CSV files (skos:notation in ontology/codes.ttl)."""

REGIONS = ("yichun", "qingdao")


@dataclass(frozen=True)
class Column:
    name: str
    required: bool = False
    kind: str = "text"
    """text, id (this file's own id), ref, code, date, hours or region."""
    target: str | None = None
    """For code: the code list. For ref: the file whose ids it names."""


@dataclass(frozen=True)
class FileSpec:
    file: str
    record: str
    """The record kind in IRIs: id:dataset/{name}/{record}/{id}."""
    columns: tuple[Column, ...]
    id_column: str | None = None
    """Records without an id of their own are named by their CSV line number."""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def _c(name, required=False, kind="text", target=None):
    return Column(name, required, kind, target)


FILES: tuple[FileSpec, ...] = (
    FileSpec("organizations.csv", "org", (
        _c("org_id", True, "id"), _c("name"), _c("kind", True, "code", "org-kind"),
        _c("parent_id", False, "ref", "organizations.csv"), _c("region", False, "region"),
    ), id_column="org_id"),
    FileSpec("members.csv", "member", (
        _c("member_id", True, "id"), _c("name"), _c("gender"), _c("birth_date", False, "date"),
        _c("join_date", False, "date"), _c("org_id", True, "ref", "organizations.csv"),
        _c("status", True, "code", "member-status"),
    ), id_column="member_id"),
    FileSpec("meetings.csv", "meeting", (
        _c("meeting_id", True, "id"), _c("kind", True, "code", "meeting-kind"),
        _c("org_id", True, "ref", "organizations.csv"), _c("date", True, "date"),
        _c("lecturer_id", False, "ref", "members.csv"),
    ), id_column="meeting_id"),
    FileSpec("events.csv", "event", (
        _c("event_id", True, "id"), _c("member_id", True, "ref", "members.csv"),
        _c("kind", True, "code", "event-kind"), _c("date", True, "date"),
    ), id_column="event_id"),
    FileSpec("posts.csv", "post", (
        _c("member_id", True, "ref", "members.csv"), _c("post", True, "code", "post"),
        _c("org_id", True, "ref", "organizations.csv"), _c("start_date", True, "date"),
        _c("end_date", False, "date"),
    )),
    FileSpec("attendance.csv", "attendance", (
        _c("meeting_id", True, "ref", "meetings.csv"), _c("member_id", True, "ref", "members.csv"),
        _c("status", True, "code", "attendance-status"), _c("role", False, "code", "attendance-role"),
    )),
    FileSpec("care.csv", "care", (
        _c("care_id", True, "id"), _c("kind", True, "code", "care-kind"), _c("date", True, "date"),
        _c("member_id", True, "ref", "members.csv"), _c("by_member_id", False, "ref", "members.csv"),
        _c("event_id", False, "ref", "events.csv"),
    ), id_column="care_id"),
    FileSpec("training.csv", "training", (
        _c("member_id", True, "ref", "members.csv"), _c("date", True, "date"),
        _c("hours", True, "hours"), _c("kind", True, "code", "training-kind"),
    )),
)

BY_FILE = {spec.file: spec for spec in FILES}
