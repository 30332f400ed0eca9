"""Members of a branch: names, ages, join dates and statuses, plus the boundary cases.

Ages and join dates follow the status: retirees are old and many joined over 50 years ago,
probationary members joined in the last year (some after 07-01, so they do not count yet),
youth are 35 or younger on 07-01. A few members sit exactly on the contract's boundaries.
"""

from __future__ import annotations

from datetime import date

from .model import Context, Member, Org
from .names import person_name

# status, share, age range on 07-01 of the demo year
STATUSES = (
    ("active", 0.79, (23, 59)),
    ("retired", 0.10, (60, 93)),
    ("mobile", 0.03, (24, 50)),
    ("probationary", 0.06, (20, 33)),
    ("deceased", 0.02, (58, 95)),
)


def make_members(ctx: Context, branch: Org, count: int) -> list[Member]:
    rng, cal = ctx.rng, ctx.cal
    members = []
    for _ in range(count):
        ctx.next_member += 1
        r = rng.random()
        for status, share, (lo, hi) in STATUSES:
            r -= share
            if r < 0:
                break
        if status == "active" and rng.random() < 0.35:
            hi = 35  # youth make up a third of the working members
        age = rng.randint(lo, hi)
        birth = date(cal.year - age, 7, 1).toordinal() - rng.randint(1, 364)
        if status == "probationary":
            join = cal.day(7, 1, -1) + rng.randint(1, 540)
            join = min(join, cal.dec31 - 5)
        else:
            join_age = rng.randint(18, 26) if status in ("retired", "deceased") else rng.randint(19, min(age - 1, 34))
            join = birth + join_age * 365 + rng.randint(0, 364)
            join = min(join, cal.day(6, 30, -1))
        member = Member(f"m{ctx.next_member}", person_name(rng), "男" if rng.random() < 0.6 else "女",
                        birth, join, branch, status)
        if rng.random() < 0.01:
            member.birth = None  # not recorded: never youth
        members.append(member)
    return members


def apply_boundary_cases(ctx: Context, members: list[Member]) -> None:
    """Put some ordinary members of this branch exactly on the contract's boundaries."""
    y = ctx.cal.year
    cases = [
        ("active", date(y - 35, 7, 1), None),            # 35 on 07-01: youth
        ("active", date(y - 36, 7, 1), None),            # 36 on 07-01: not youth
        ("active", date(y - 36, 7, 2), None),            # turns 36 on 07-02: youth
        ("probationary", date(y - 24, 3, 3), date(y, 7, 1)),   # joined on 07-01: counts
        ("probationary", date(y - 25, 4, 4), date(y, 7, 2)),   # joined on 07-02: does not count
        ("retired", date(y - 72, 3, 10), date(y - 50, 12, 31)),  # 50 years a member by year end
        ("retired", date(y - 71, 5, 5), date(y - 49, 1, 1)),     # one day short of that
        ("active", date(y - 41, 9, 9), "none"),         # no join date: does not count
    ]
    for member, (status, birth, join) in zip(members[-len(cases):], cases):
        member.status = status
        member.birth = birth.toordinal()
        if join == "none":
            member.join = None
        elif join is not None:
            member.join = join.toordinal()
        else:
            member.join = date(birth.year + 22, 6, 15).toordinal()


def set_flags(ctx: Context, members: list[Member]) -> None:
    """Counting and youth per §2: not deceased, joined by 07-01; youth are 35 or less on 07-01."""
    cal = ctx.cal
    for m in members:
        m.counting = m.status != "deceased" and m.join is not None and m.join <= cal.jul1
        m.youth = m.counting and m.birth is not None and cal.age_on_jul1(m.birth) <= 35
