"""Article 20 records: training, care records and the life events that trigger care.

Who may carry an event is chosen so that one care record never serves two obligations by
accident: triggered events go to members without posts who are neither retired nor mobile
(a talk or visit with them counts for nothing else), one event each; the hardship, injury and
bereavement cases (`care-contact`, `care-followup`) go to other members.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .ledger import binds, parameter
from .model import Context, Member

SEVEN_TALKS = ("development", "transfer", "honor", "ideological_fluctuation",
               "organizational_handling", "disciplinary_sanction", "warning_sign")
FOUR_VISITS = ("serious_illness", "major_setback", "disaster", "family_crisis")
TRIGGERED = {**{k: "seven-talks" for k in SEVEN_TALKS}, **{k: "four-visits" for k in FOUR_VISITS},
             "retirement": "retirement-talk", "psychological_trauma": "trauma-counselling",
             "relief_application": "relief"}
CARE_KIND = {"seven-talks": "talk", "four-visits": "visit", "retirement-talk": "talk",
             "trauma-counselling": "counselling", "relief": "relief"}
WRONG_KIND = {"talk": "visit", "visit": "talk", "counselling": "talk", "relief": "visit"}
# Every kind at least once per cycle, and three of each of the other triggered obligations.
EVENT_CYCLE = SEVEN_TALKS + FOUR_VISITS + ("retirement", "psychological_trauma", "relief_application") * 3

HOURS_ENOUGH = {"concentrated": (("16", "16"), ("32",), ("20", "16"), ("24.5", "7.5"), ("40",), ("32",),
                                 ("12", "12", "8"), ("16", "16")),
                "theory_study": (("16",), ("8", "8"), ("10", "6.5"), ("4", "4", "4", "4"))}
HOURS_SHORT = {"concentrated": (("16",), ("8", "8"), ("24",), ("16", "15.5"), ("30",)),
               "theory_study": (("8",), ("12",), (), ("15.5",))}
CARE_CASES = (("hardship", "last-year"), ("injured_on_duty", "first-half"), ("died_on_duty", "first-half"),
              ("hardship", "first-half"), ("hardship", "second-half"), ("died_on_duty", "second-half"))


def _by(m: Member, secretaries: dict) -> str:
    """Who acts for the party organisation: the branch secretary, else the one above."""
    for org in (m.org, m.org.parent):
        sec = secretaries.get(org.id) if org else None
        if sec is not None and sec is not m:
            return sec.id
    return ""


def _yearly_unmet(ctx: Context, code: str, m: Member, expected, observed) -> None:
    ctx.ledger.unmet(code, m.id, str(ctx.cal.year), expected, observed, ctx.cal.dec31)


# --- every member's year -------------------------------------------------------------------------

def member_year(ctx: Context, members: list[Member], secretaries: dict, sanctioned: set[str]) -> None:
    for m in members:
        if m.status == "deceased":
            continue
        by = _by(m, secretaries)
        _training(ctx, m, "concentrated", "member-training", m.counting)
        _training(ctx, m, "theory_study", "youth-study", m.youth)
        _youth_mentor(ctx, m, by)
        _political_birthday(ctx, m, by)
        _medal(ctx, m, by, m.id in sanctioned)
        _retiree_service(ctx, m, by)


def _training(ctx: Context, m: Member, kind: str, code: str, bearer: bool) -> None:
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    if not m.counting and rng.random() < 0.5:
        return  # joined late or not recorded: often no training yet
    if kind == "theory_study" and not m.youth and rng.random() < 0.7:
        return  # the 16-hour theory requirement is the youth's; older members' study is not recorded
    short = ctx.ledger.decide(code, m.region, bearer=bearer)
    hours = rng.choice((HOURS_SHORT if short else HOURS_ENOUGH)[kind])
    day = rng.randint(cal.jan1, cal.dec31)
    for i, h in enumerate(hours):
        # The pair of 16s is two identical rows (one course entered twice): both count.
        sink.training(m.id, day if hours == ("16", "16") else rng.randint(cal.jan1, cal.dec31), h, kind)
    if short and rng.random() < 0.4:
        sink.training(m.id, cal.day(12, 28, -1), "16", kind)  # last year's: does not count
    if short and bearer and binds(code, m.region):
        _yearly_unmet(ctx, code, m, parameter(code), sum((Decimal(h) for h in hours), Decimal(0)))


def _existence(ctx: Context, code: str, m: Member, bearer: bool, kind: str, day: int, by: str,
               late_day: int) -> None:
    """An obligation met by one record: none, or one outside the window, when left unmet."""
    if ctx.ledger.decide(code, m.region, bearer=bearer):
        if bearer and binds(code, m.region):
            _yearly_unmet(ctx, code, m, 1, 0)
        if ctx.rng.random() < 0.5:
            ctx.sink.care(kind, late_day, m.id, by)
    else:
        ctx.sink.care(kind, day, m.id, by)


def _youth_mentor(ctx: Context, m: Member, by: str) -> None:
    if not m.youth:
        return
    cal = ctx.cal
    start = max(m.join, cal.jan1 - 700)
    _existence(ctx, "youth-mentor", m, True, "mentor_assigned", ctx.rng.randint(start, cal.dec31), by,
               cal.day(1, 10, 1))


def _political_birthday(ctx: Context, m: Member, by: str) -> None:
    if not m.counting:
        return
    cal = ctx.cal
    bearer = m.join < cal.jan1
    day = cal.anniversary(m.join) if bearer else min(m.join + 30, cal.dec31)
    d = date.fromordinal(day)  # the same day a year before (not day - 365: leap years)
    last_year = date(d.year - 1, d.month, min(d.day, 28) if d.month == 2 else d.day).toordinal()
    _existence(ctx, "political-birthday", m, bearer, "political_birthday", day, by, last_year)


def _medal(ctx: Context, m: Member, by: str, sanctioned: bool) -> None:
    cal = ctx.cal
    if not m.counting or m.join > date(cal.year - 50, 12, 31).toordinal() or sanctioned:
        return
    year = min(max(date.fromordinal(m.join).year + 50, 2021), cal.year)
    _existence(ctx, "medal-50", m, True, "medal", date(year, 7, 1).toordinal(), by, cal.day(1, 15, 1))


def _retiree_service(ctx: Context, m: Member, by: str) -> None:
    if m.status not in ("retired", "mobile"):
        return
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    if ctx.ledger.decide("retiree-service", m.region, bearer=m.counting):
        if m.counting:
            _yearly_unmet(ctx, "retiree-service", m, 1, 0)
        if rng.random() < 0.5:
            sink.care("visit", cal.day(12, 20, -1), m.id, by)
        return
    for _ in range(rng.randint(1, 2)):
        day = rng.randint(cal.jan1, cal.dec31)
        if m.status == "mobile" and by:
            sink.care("talk", day, *((m.id, by) if rng.random() < 0.5 else (by, m.id)))  # either side
        else:
            sink.care("visit", day, m.id, by)


# --- hardship, injury, bereavement -------------------------------------------------------------

def care_cases(ctx: Context, members: list[Member], count: int) -> list[tuple[Member, str, str]]:
    """Pick the members of the care-contact family; a death on duty makes the member deceased."""
    cases = []
    for i, m in enumerate(members[:count]):
        kind, when = CARE_CASES[(ctx.event_cursor + i) % len(CARE_CASES)]
        if kind == "died_on_duty":
            m.status = "deceased"
        cases.append((m, kind, when))
    return cases


def care_followup(ctx: Context, cases, secretaries: dict) -> None:
    rng, cal, sink, ledger = ctx.rng, ctx.cal, ctx.sink, ctx.ledger
    for i, (m, kind, when) in enumerate(cases):
        if when == "last-year":
            day = rng.randint(cal.jan1 - 365, cal.jan1 - 1)
        elif when == "first-half":
            day = cal.jun30 if i == 1 else rng.randint(cal.jan1, cal.jun30)
        else:
            day = cal.jul1 + 1 + rng.randint(0, 150)
        sink.event(m.id, kind, day)
        by = _by(m, secretaries)
        bearer = day <= cal.jun30
        _existence(ctx, "care-contact", m, bearer, "contact_assigned", min(day + rng.randint(0, 20), cal.dec31),
                   by, cal.day(1, 10, 1))
        if ledger.decide("care-followup", m.region, bearer=bearer):
            visits = rng.randint(0, 1)
            if bearer and binds("care-followup", m.region):
                _yearly_unmet(ctx, "care-followup", m, 2, visits)
            if rng.random() < 0.5:
                sink.care("visit", cal.jan1 - rng.randint(1, 60), m.id, by)  # last year's
        else:
            visits = rng.randint(2, 4)
        for _ in range(visits):
            sink.care("visit", rng.randint(cal.jan1, cal.dec31), m.id, by)  # before the event counts too


# --- triggered obligations -------------------------------------------------------------------------

def triggered_events(ctx: Context, members: list[Member], secretaries: dict) -> None:
    """One event each; the first of every ten bound instances of a code is violated, the second
    pending (late in the year, deadline after the as-of date), the rest met."""
    rng, cal, sink, ledger = ctx.rng, ctx.cal, ctx.sink, ctx.ledger
    for m in members:
        kind = EVENT_CYCLE[ctx.event_cursor % len(EVENT_CYCLE)]
        ctx.event_cursor += 1
        code = TRIGGERED[kind]
        deadline = parameter(code)
        if binds(code, m.region):
            i = ledger.count(code)
            outcome = ("violated", "pending")[i % 10] if i % 10 < 2 else "met"
        else:
            i = rng.randint(2, 9)
            outcome = "violated" if rng.random() < 0.2 else "met"
        if outcome == "violated":
            day = cal.as_of - deadline if i >= 10 and i % 20 == 10 else rng.randint(cal.jan1, cal.as_of - deadline)
        elif outcome == "pending":
            day = rng.randint(cal.as_of - deadline + 1, cal.as_of)
        else:
            day = rng.randint(cal.jan1, cal.dec31)
        event_id = sink.event(m.id, kind, day)
        by = _by(m, secretaries)
        care_kind = CARE_KIND[code]
        if outcome == "met":
            offset = deadline if i % 10 == 2 else 0 if i % 10 == 3 else rng.randint(0, deadline)
            _care_for(ctx, care_kind, day + offset, m, by, event_id if rng.random() < 0.7 else "")
            continue
        if binds(code, m.region):
            ledger.unmet(code, m.id, event_id, deadline, None, day + deadline)
        variant = rng.randrange(4)
        if variant == 1:
            _care_for(ctx, care_kind, day + deadline + 1, m, by, event_id)   # one day late
        elif variant == 2:
            _care_for(ctx, WRONG_KIND[care_kind], day + 1, m, by, event_id)  # not the care required
        elif variant == 3:
            _care_for(ctx, care_kind, day - 3, m, by, "")                    # before the event


def _care_for(ctx: Context, kind: str, day: int, m: Member, by: str, event_id: str) -> None:
    if kind == "talk" and by and ctx.rng.random() < 0.2:
        ctx.sink.care(kind, day, by, m.id, event_id)  # a talk counts with the member on either side
    else:
        ctx.sink.care(kind, day, m.id, by, event_id)


def other_years_events(ctx: Context, members: list[Member]) -> None:
    """Events of last year and of next January: they trigger nothing for the demo year."""
    cal = ctx.cal
    for j, m in enumerate(members):
        kind = EVENT_CYCLE[(ctx.event_cursor + j) % len(EVENT_CYCLE)]
        day = ctx.rng.randint(cal.jan1 - 365, cal.jan1 - 1) if j % 2 == 0 else cal.day(1, 5, 1)
        ctx.sink.event(m.id, kind, day)


def sanctions(ctx: Context, members: list[Member]) -> set[str]:
    """Some members of 50 years' standing were once sanctioned: that excludes them from medal-50."""
    cutoff = date(ctx.cal.year - 50, 12, 31).toordinal()
    out = set()
    for m in members:
        if m.join is not None and m.join <= cutoff and ctx.rng.random() < 0.15:
            ctx.sink.event(m.id, "disciplinary_sanction", ctx.cal.jan1 - ctx.rng.randint(400, 4000))
            out.add(m.id)
    return out


def secretary_rotation(ctx: Context, branches, secretaries: dict) -> None:
    """书记轮训: each branch secretary holding the post on 07-01 is rotated once a year."""
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    for branch in branches:
        sec = secretaries.get(branch.id)
        if sec is None:
            continue
        if ctx.ledger.decide("secretary-rotation", sec.region):
            if binds("secretary-rotation", sec.region):
                _yearly_unmet(ctx, "secretary-rotation", sec, 1, 0)
            if rng.random() < 0.5:
                sink.training(sec.id, cal.day(11, 15, -1), "24", "secretary_rotation")  # last year's
        else:
            sink.training(sec.id, rng.randint(cal.jan1, cal.dec31), rng.choice(("16", "24", "40")),
                          "secretary_rotation")
