"""The organisation tree: three roots (Yichun, Qingdao, neither) and their departments.

Regions are declared on the roots and inherited; under the root with no region one
department declares Yichun (a provincial office in Yichun) and in the other departments there
one branch declares Qingdao, so that inheritance from below the root is exercised too.
"""

from __future__ import annotations

import random

from .model import Department, Org
from .names import DEPARTMENTS, OFFICES, PROVINCIAL, numbered

MEMBERS_PER_DEPARTMENT = 220
MEMBERS_PER_BRANCH = 30
ORDINALS = "一二三四五六七八九十"


def _ordinal(i: int) -> str:
    return ORDINALS[i] if i < 10 else str(i + 1)


def plan_tree(members: int, rng: random.Random) -> tuple[list[Org], list[Department]]:
    roots = {
        "yichun": Org("yc", "中共宜春市直属机关工作委员会", "committee", None, "yichun"),
        "qingdao": Org("qd", "中共青岛市直属机关工作委员会", "committee", None, "qingdao"),
        None: Org("sz", "中共省直属机关工作委员会", "committee", None, None),
    }
    count = max(4, round(members / MEMBERS_PER_DEPARTMENT))
    kinds = ["yichun", "qingdao", None, "declared-yichun"] + [["yichun", "qingdao", None][i % 3] for i in range(count - 4)]
    weights = [rng.uniform(0.7, 1.3) for _ in range(count)]
    total = sum(weights)
    sizes = [int(members * w / total) for w in weights]
    sizes[0] += members - sum(sizes)
    named = {"yichun": 0, "qingdao": 0, None: 0}
    departments = []
    for index, (kind, size) in enumerate(zip(kinds, sizes)):
        if kind == "declared-yichun":
            root, city, declared = roots[None], "", "yichun"
            label = "省林业局宜春分局"
        else:
            root, declared = roots[kind], None
            city = {"yichun": "宜春", "qingdao": "青岛", None: ""}[kind]
            label = city + (numbered(DEPARTMENTS, named[kind]) if kind else numbered(PROVINCIAL, named[kind]))
            named[kind] += 1
        departments.append(_department(index, root, label, declared, size, kind is None, rng))
    return list(roots.values()), departments


def _department(index, root, label, declared, size, outside_regions, rng) -> Department:
    prefix = f"{root.id}-d{index + 1}"
    committee = Org(prefix, f"{label}机关党委", "committee", root, declared)
    team = Org(f"{prefix}-team", f"{label}领导班子", "leadership_team", committee)
    n_branches = max(2, round(size / MEMBERS_PER_BRANCH))
    sizes = _split(size, n_branches, rng)
    general = None
    if n_branches >= 3:
        general = Org(f"{prefix}-g1", f"{label}机关第一党总支", "general_branch", committee)
    under_general = max(2, n_branches // 2) if general else 0
    branches = []
    for i in range(n_branches):
        parent = general if i < under_general else committee
        office = OFFICES[i % len(OFFICES)] if i < len(OFFICES) else f"第{_ordinal(i)}"
        region = None
        if outside_regions and i == n_branches - 1:
            region, office = "qingdao", "驻青岛办事处"
        branches.append(Org(f"{prefix}-b{i + 1}", f"{label}{office}党支部", "branch", parent, region))
    return Department(index, root, committee, team, general, branches, sizes,
                      concurrent_secretary=general is not None and index % 3 == 1)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Branch sizes around the mean, each at least 5, summing to total."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    scale = (total - 5 * parts) / sum(weights)
    sizes = [5 + int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes
