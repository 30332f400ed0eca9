"""Who holds which post in a department, written to posts.csv.

Branch secretaries are chosen first and are never leading cadres, so that the pairs of
`secretary-talk` and of `team-talk` never coincide; the department committee's secretary is
the first member of the leadership team, as is usual. Leaders may sit on their own branch's
committee (which makes `leader-committee` bind). Some posts change hands during the year
(the old holder's post ends before 07-01, so it does not bind) and one starts after 07-01.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Context, Department, Member, Org

COMMITTEE_MIN_SIZE = 7


@dataclass
class Roles:
    secretary: dict[str, Member] = field(default_factory=dict)       # org id -> holder on 07-01
    committee: dict[str, list[Member]] = field(default_factory=dict)  # branch id -> its 支委 (binding)
    team: list[Member] = field(default_factory=list)
    cadres: list[Member] = field(default_factory=list)               # leading_cadre, not on the team
    on_own_committee: set[str] = field(default_factory=set)           # leader ids on their branch committee
    holders: set[str] = field(default_factory=set)                   # everyone with any post

    @property
    def leaders(self) -> list[Member]:
        return self.team + self.cadres


def assign_posts(ctx: Context, dept: Department, branches: list[list[Member]]) -> Roles:
    rng, cal, sink = ctx.rng, ctx.cal, ctx.sink
    roles = Roles()
    eligible = [[m for m in ms if _eligible(ctx, m)] for ms in branches]
    for pool in eligible:
        rng.shuffle(pool)

    def take(pool: list[Member]) -> Member | None:
        m = pool.pop() if pool else None
        if m is not None:
            roles.holders.add(m.id)
            m.has_post = True
        return m

    def since() -> int:
        return cal.jan1 - rng.randint(200, 2000)

    def hold(m: Member, post: str, org: Org, start: int | None = None, end: int | None = None) -> None:
        sink.post(m.id, post, org.id, start or since(), end)

    for branch, pool in zip(dept.branches, eligible):
        sec = take(pool)
        if sec is None:
            continue
        roles.secretary[branch.id] = sec
        roles.committee[branch.id] = [sec]
        if dept.index % 4 == 2 and branch is dept.branches[0] and pool:
            # The secretary changed in May: the old holder's post does not bind for the year.
            old = take(pool)
            hold(old, "secretary", branch, end=cal.day(5, 20))
            hold(sec, "secretary", branch, start=cal.day(5, 21))
        else:
            hold(sec, "secretary", branch)

    leaders_pool = [m for pool in eligible for m in pool]
    rng.shuffle(leaders_pool)
    n_team, n_cadres = rng.randint(3, 5), rng.randint(1, 3)
    for i in range(min(len(leaders_pool), n_team + n_cadres)):
        m = leaders_pool[i]
        eligible[_branch_index(dept, m.org)].remove(m)
        roles.holders.add(m.id)
        m.has_post = True
        (roles.team if i < n_team else roles.cadres).append(m)
    for m in roles.team:
        hold(m, "team_member", dept.team)
    for m in roles.cadres:
        hold(m, "leading_cadre", dept.committee)
    _team_changes(ctx, dept, eligible, take, hold)

    for i, (branch, pool) in enumerate(zip(dept.branches, eligible)):
        if branch.id not in roles.committee or len(branches[i]) < COMMITTEE_MIN_SIZE:
            roles.committee.pop(branch.id, None)
            continue
        deputy = take(pool)
        if deputy:
            hold(deputy, "deputy_secretary", branch)
            roles.committee[branch.id].append(deputy)
        member = take(pool)
        if member:
            hold(member, "committee_member", branch)
            roles.committee[branch.id].append(member)
        if dept.index % 4 == 1 and pool:
            late = take(pool)  # elected in September: the post does not bind for the year
            hold(late, "committee_member", branch, start=cal.day(9, 1))
    for j, leader in enumerate(roles.leaders):
        if j % 2 == 0 and leader.org.id in roles.committee:
            hold(leader, "committee_member", leader.org)
            roles.committee[leader.org.id].append(leader)
            roles.on_own_committee.add(leader.id)

    if dept.general_branch is not None:
        gb_branches = [b for b in dept.branches if b.parent is dept.general_branch]
        first = roles.secretary.get(gb_branches[0].id)
        if dept.concurrent_secretary and first is not None:
            gb_sec = first  # 兼任: no secretary-talk with himself
        else:
            gb_sec = take(eligible[_branch_index(dept, gb_branches[-1])])
        if gb_sec is not None:
            roles.secretary[dept.general_branch.id] = gb_sec
            hold(gb_sec, "secretary", dept.general_branch)
    if roles.team:
        roles.secretary[dept.committee.id] = roles.team[0]
        hold(roles.team[0], "secretary", dept.committee)
    if dept.root.id not in ctx.root_secretaries:
        root_sec = take(max(eligible, key=len))
        if root_sec is not None:
            ctx.root_secretaries[dept.root.id] = root_sec
            hold(root_sec, "secretary", dept.root)
    root_sec = ctx.root_secretaries.get(dept.root.id)
    if root_sec is not None:
        roles.secretary[dept.root.id] = root_sec
    return roles


def _team_changes(ctx, dept, eligible, take, hold) -> None:
    """In some departments a team member left in March (post ends before 07-01: not bound)."""
    if dept.index % 4 != 0:
        return
    pool = max(eligible, key=len)
    former = take(pool)
    if former is not None:
        hold(former, "team_member", dept.team, end=ctx.cal.day(3, 31))


def _eligible(ctx: Context, m: Member) -> bool:
    return (m.status == "active" and m.counting and m.birth is not None
            and 28 <= ctx.cal.age_on_jul1(m.birth) <= 58)


def _branch_index(dept: Department, org: Org) -> int:
    return next(i for i, b in enumerate(dept.branches) if b is org)
