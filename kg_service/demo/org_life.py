"""Article 19 records: meetings, attendance, leaders' double organisational life, talks.

One function per family of obligations. Each asks the ledger whether to leave an instance
unmet and, if so, leaves it unmet in one of several realistic ways (no record at all, a
record just outside the year, an excused or absent row, a record that does not qualify).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ledger import binds
from .model import Context, Department, Member, Org
from .roles import Roles


@dataclass
class BranchMeetings:
    study_days: list[str] = field(default_factory=list)
    committee_meetings: list[str] = field(default_factory=list)
    olms: list[str] = field(default_factory=list)


def plan_democratic_life(ctx: Context, departments: list[Department]) -> None:
    """Decide which leadership teams hold their 民主生活会, and whom each team guides.

    At most a third of the teams miss it, so every team member has another team's meeting
    to guide; team members of a team without one are still present at a meeting (as guide).
    """
    missed = 0
    for dept in departments:
        injectable = missed < len(departments) // 3
        if ctx.ledger.decide("team-dlm", dept.team.region, injectable):
            dept.dlm_held = False
            missed += 1
            if binds("team-dlm", dept.team.region):
                ctx.ledger.unmet("team-dlm", dept.team.id, str(ctx.cal.year), 1, 0, ctx.cal.dec31)
    holding = [d for d in departments if d.dlm_held]
    for dept in departments:
        others = [d for d in holding if d is not dept]
        if others:
            dept.guide_target = others[(dept.index + 1) % len(others)]


def dlm_id(dept: Department) -> str:
    return f"{dept.team.id}-dlm"


def team_meetings(ctx: Context, dept: Department) -> None:
    cal, rng = ctx.cal, ctx.rng
    if dept.dlm_held:
        ctx.sink.meeting("democratic_life", dept.team.id, cal.day(rng.choice((1, 2, 12)), rng.randint(5, 28)),
                         meeting_id=dlm_id(dept))
    elif rng.random() < 0.5:
        # Held late, in the first days of the next year: does not count for this one.
        ctx.sink.meeting("democratic_life", dept.team.id, cal.day(1, rng.randint(5, 20), 1))


def party_org_meetings(ctx: Context, org: Org) -> None:
    """A committee's or general branch's own meetings (no obligation counts them)."""
    for q in range(4):
        ctx.sink.meeting("committee_meeting", org.id, ctx.cal.day(3 * q + 2, ctx.rng.randint(3, 27)))
    ctx.sink.meeting("general_assembly", org.id, ctx.cal.day(12, ctx.rng.randint(3, 27)))


def _status(rng) -> str:
    r = rng.random()
    return "present" if r < 0.9 else "excused" if r < 0.97 else "absent"


def branch_meetings(ctx: Context, branch: Org, members: list[Member], roles: Roles, leader_ids: set[str]) -> BranchMeetings:
    rng, cal, sink, ledger = ctx.rng, ctx.cal, ctx.sink, ctx.ledger
    y = str(cal.year)
    out = BranchMeetings()
    secretary = roles.secretary.get(branch.id)
    lecturer = secretary.id if secretary else ""

    dom = rng.randint(3, 26)
    out.study_days = [sink.meeting("study_day", branch.id, cal.day(month, dom)) for month in range(1, 13)]
    _theme_days(ctx, branch)
    if branch.id in roles.committee:
        dom = rng.randint(3, 26)
        out.committee_meetings = [sink.meeting("committee_meeting", branch.id, cal.day(month, dom))
                                  for month in range(1, 13)]
        for meeting in out.committee_meetings:
            for m in roles.committee[branch.id]:
                if m.id not in leader_ids:
                    sink.attend(meeting, m.id, _status(rng))

    # Without a 组织生活会 the branch's leaders miss theirs too (see _leader_olm).
    if ledger.decide("branch-olm", branch.region):
        if binds("branch-olm", branch.region):
            ledger.unmet("branch-olm", branch.id, y, 1, 0, cal.dec31)
        if rng.random() < 0.5:
            sink.meeting("organizational_life", branch.id, cal.day(1, rng.randint(5, 25), 1))
    else:
        n = 2 if rng.random() < 0.2 else 1
        out.olms = [sink.meeting("organizational_life", branch.id, cal.day(rng.choice((1, 2, 12)), rng.randint(2, 27)))
                    for _ in range(n)]
    for olm in out.olms:
        _register(ctx, olm, members, leader_ids)

    if ledger.decide("branch-appraisal", branch.region):
        if binds("branch-appraisal", branch.region):
            ledger.unmet("branch-appraisal", branch.id, y, 1, 0, cal.dec31)
        if rng.random() < 0.5:
            sink.meeting("member_appraisal", branch.id, cal.day(12, rng.randint(20, 30), -1))
    else:
        sink.meeting("member_appraisal", branch.id, cal.day(rng.choice((1, 12)), rng.randint(2, 27)))

    if ledger.decide("branch-oath", branch.region):
        if binds("branch-oath", branch.region):
            ledger.unmet("branch-oath", branch.id, y, 1, 0, cal.dec31)
    else:
        sink.meeting("oath_renewal", branch.id, cal.day(7, 1))

    for q in range(4):
        sink.meeting("party_lecture", branch.id, cal.day(3 * q + rng.randint(1, 3), rng.randint(1, 28)),
                     lecturer if rng.random() < 0.8 else "")
        sink.meeting("general_assembly", branch.id, cal.day(3 * q + rng.randint(1, 3), rng.randint(1, 28)))
    for _ in range(2):
        sink.meeting("group_meeting", branch.id, cal.day(rng.randint(1, 12), rng.randint(1, 28)))
    return out


def _register(ctx: Context, meeting: str, members: list[Member], leader_ids: set[str]) -> None:
    """Attendance of the branch's counting members (leaders' rows are written with their duties)."""
    rng = ctx.rng
    for m in members:
        if m.counting and m.id not in leader_ids:
            ctx.sink.attend(meeting, m.id, "absent" if m.status == "mobile" and rng.random() < 0.5 else _status(rng))


def _theme_days(ctx: Context, branch: Org) -> None:
    rng, cal, ledger = ctx.rng, ctx.cal, ctx.ledger
    dom = rng.randint(1, 27)
    days = [(month, dom) for month in range(1, 13)]
    if ledger.decide("branch-theme-day", branch.region):
        variant, gap = rng.randrange(3), rng.randint(1, 11)
        if variant == 0:
            del days[gap - 1]                              # one month without
        elif variant == 1:
            del days[gap - 1:gap + 1]                      # two months without
        else:
            days[gap - 1] = (gap + 1, min(dom + 1, 28))    # two in one month, none in the other
        if binds("branch-theme-day", branch.region):
            ledger.unmet("branch-theme-day", branch.id, str(cal.year), 12, len({m for m, _ in days}), cal.dec31)
    elif rng.random() < 0.2:
        days.append((rng.randint(1, 12), 28))             # an extra one: still twelve months
    for month, day in days:
        ctx.sink.meeting("theme_day", branch.id, cal.day(month, day))


# --- leaders (Yichun) ------------------------------------------------------------------------------

def leader_duties(ctx: Context, dept: Department, roles: Roles, meetings: dict[str, BranchMeetings]) -> None:
    for leader in roles.team:
        _leader_dlm(ctx, dept, leader, on_team=True)
        _leader_guidance(ctx, dept, leader)
    for leader in roles.cadres:
        _leader_dlm(ctx, dept, leader, on_team=False)
    for leader in roles.leaders:
        own = meetings[leader.org.id]
        _leader_olm(ctx, leader, own, meetings)
        if leader.id in roles.on_own_committee:
            _absences(ctx, "leader-committee", leader, own.committee_meetings)
        elif own.committee_meetings and ctx.rng.random() < 0.3:
            # Sits in as a guest: not on the committee, so nothing binds.
            ctx.sink.attend(own.committee_meetings[0], leader.id, "absent")
        _absences(ctx, "leader-study-day", leader, own.study_days)
        _leader_lecture(ctx, leader)


def _unmet_yearly(ctx: Context, code: str, subject_id: str, region: str | None, expected, observed) -> None:
    if binds(code, region):
        ctx.ledger.unmet(code, subject_id, str(ctx.cal.year), expected, observed, ctx.cal.dec31)


def _leader_dlm(ctx: Context, dept: Department, leader: Member, on_team: bool) -> None:
    rng, sink = ctx.rng, ctx.sink
    if on_team:
        # Present at the own team's meeting, and (below) as guide at another: never unmet here.
        ctx.ledger.decide("leader-dlm", leader.region, injectable=False)
        if dept.dlm_held:
            sink.attend(dlm_id(dept), leader.id, "present")
        return
    target = dept if dept.dlm_held else dept.guide_target
    if ctx.ledger.decide("leader-dlm", leader.region, injectable=target is not None):
        _unmet_yearly(ctx, "leader-dlm", leader.id, leader.region, 1, 0)
        variant = rng.randrange(3)
        if variant and target is not None:
            sink.attend(dlm_id(target), leader.id, "excused" if variant == 1 else "absent")
    elif target is not None:
        sink.attend(dlm_id(target), leader.id, "present")


def _leader_guidance(ctx: Context, dept: Department, leader: Member) -> None:
    target = dept.guide_target
    # Without a meeting of its own, the guide row is the leader's only 民主生活会.
    injectable = dept.dlm_held and target is not None
    if ctx.ledger.decide("leader-dlm-guidance", leader.region, injectable) or target is None:
        _unmet_yearly(ctx, "leader-dlm-guidance", leader.id, leader.region, 1, 0)
        if target is not None and ctx.rng.random() < 0.5:
            ctx.sink.attend(dlm_id(target), leader.id, "absent", "guide")
    else:
        ctx.sink.attend(dlm_id(target), leader.id, "present", "guide")


def _leader_olm(ctx: Context, leader: Member, own: BranchMeetings, meetings: dict[str, BranchMeetings]) -> None:
    rng, sink = ctx.rng, ctx.sink
    if not own.olms:
        ctx.ledger.decide("leader-olm", leader.region, injectable=False)
        _unmet_yearly(ctx, "leader-olm", leader.id, leader.region, 1, 0)
        return
    if ctx.ledger.decide("leader-olm", leader.region):
        _unmet_yearly(ctx, "leader-olm", leader.id, leader.region, 1, 0)
        variant = rng.randrange(4)
        if variant < 2:
            sink.attend(own.olms[0], leader.id, ("excused", "absent")[variant])
        elif variant == 2:
            elsewhere = [b.olms[0] for b in meetings.values() if b.olms and b is not own]
            if elsewhere:
                sink.attend(elsewhere[0], leader.id, "present", "guide")  # another branch's: not counted
        return
    if rng.random() < 0.2:
        sink.attend(own.olms[0], leader.id, "absent")  # a second row for the same meeting: present wins
    sink.attend(own.olms[0], leader.id, "present")
    for olm in own.olms[1:]:
        sink.attend(olm, leader.id, "excused")


def _absences(ctx: Context, code: str, leader: Member, due: list[str]) -> None:
    """Rows for every meeting a leader is due at; unexcused absences only when injected."""
    rng, sink = ctx.rng, ctx.sink
    missed = set()
    if ctx.ledger.decide(code, leader.region) and due:
        missed = set(rng.sample(range(len(due)), rng.randint(1, 2)))
        _unmet_yearly(ctx, code, leader.id, leader.region, 0, len(missed))
    for i, meeting in enumerate(due):
        if i in missed:
            if rng.random() < 0.5:
                sink.attend(meeting, leader.id, "absent")  # else no row at all: also absent
        elif rng.random() < 0.1:
            sink.attend(meeting, leader.id, "excused")
        else:
            if rng.random() < 0.05:
                sink.attend(meeting, leader.id, "absent")
            sink.attend(meeting, leader.id, "present")


def _leader_lecture(ctx: Context, leader: Member) -> None:
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    if ctx.ledger.decide("leader-lecture", leader.region):
        _unmet_yearly(ctx, "leader-lecture", leader.id, leader.region, 1, 0)
        variant = rng.randrange(3)
        if variant == 1:
            sink.meeting("party_lecture", leader.org.id, cal.day(12, rng.randint(1, 28), -1), leader.id)
        elif variant == 2:
            # lecturer_id on a meeting that is not a 党课 is ignored.
            sink.meeting("group_meeting", leader.org.id, cal.day(rng.randint(1, 12), 15), leader.id)
        return
    host = leader.org if rng.random() < 0.8 else leader.org.parent
    sink.meeting("party_lecture", host.id, cal.day(rng.randint(1, 12), rng.randint(1, 28)), leader.id)


# --- talks between post holders (Yichun) -----------------------------------------------------------

def pair_talks(ctx: Context, dept: Department, roles: Roles) -> None:
    team = sorted(roles.team, key=lambda m: m.id)
    for i, a in enumerate(team):
        for b in team[i + 1:]:
            _talk_pair(ctx, "team-talk", a, b, "|".join(sorted((a.id, b.id))), dept.team.region)
    seen = set()
    for upper_org, lower_org in _secretary_links(dept):
        upper, lower = roles.secretary.get(upper_org.id), roles.secretary.get(lower_org.id)
        if upper is None or lower is None or upper is lower or (upper.id, lower.id) in seen:
            continue
        seen.add((upper.id, lower.id))
        _talk_pair(ctx, "secretary-talk", upper, lower, f"{upper.id}|{lower.id}", lower_org.region)


def _secretary_links(dept: Department):
    yield dept.root, dept.committee
    if dept.general_branch is not None:
        yield dept.committee, dept.general_branch
    for branch in dept.branches:
        yield branch.parent, branch


def _talk_pair(ctx: Context, code: str, a: Member, b: Member, subject: str, region) -> None:
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    first, second = (a, b) if rng.random() < 0.5 else (b, a)
    if ctx.ledger.decide(code, region):
        _unmet_yearly(ctx, code, subject, region, 1, 0)
        if rng.random() < 0.5:
            sink.care("talk", cal.day(12, rng.randint(1, 28), -1), first.id, second.id)  # last year's
        return
    sink.care("talk", rng.randint(cal.jan1, cal.dec31), first.id, second.id)
