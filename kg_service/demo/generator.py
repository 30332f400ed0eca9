"""Builds one demo dataset: the org tree, then one department at a time, streamed to CSV."""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from .care import (care_cases, care_followup, member_year, other_years_events, sanctions,
                   secretary_rotation, triggered_events)
from .ledger import Ledger
from .model import Calendar, Context, Department
from .org_life import (branch_meetings, leader_duties, pair_talks, party_org_meetings,
                       plan_democratic_life, team_meetings)
from .people import apply_boundary_cases, make_members, set_flags
from .plan import plan_tree
from .roles import assign_posts
from .sink import CsvSink

DEFAULT_MEMBERS = 300
DEFAULT_SEED = 20240701
DEFAULT_YEAR = 2024
SHARE = 0.10
"""Share of the bound instances of each code left unmet on purpose (after the first one)."""
MIN_MEMBERS = 200
"""Below this the four model departments cannot carry every case."""


@dataclass
class DemoResult:
    directory: Path
    manifest: dict


def generate_demo(output: str | Path, members: int = DEFAULT_MEMBERS, seed: int = DEFAULT_SEED,
                  year: int = DEFAULT_YEAR,
                  progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """Write the CSV files, `expected-findings.csv` and `demo.json` into `output`.

    The same (members, seed, year) always gives byte-identical files.
    """
    if members < MIN_MEMBERS:
        raise ValueError(f"--members must be at least {MIN_MEMBERS} (got {members})")
    directory = Path(output)
    rng = random.Random(f"{seed}:{members}:{year}")
    cal = Calendar(year)
    ledger = Ledger(random.Random(f"ledger:{seed}"), year, cal.as_of, SHARE)
    roots, departments = plan_tree(members, rng)
    with CsvSink(directory) as sink:
        ctx = Context(rng, cal, sink, ledger)
        _write_orgs(ctx, roots, departments)
        plan_democratic_life(ctx, departments)
        done = 0
        for dept in departments:
            _department(ctx, dept)
            done += sum(dept.sizes)
            if progress:
                progress(done, members)
    ledger.write(directory / "expected-findings.csv")
    manifest = {
        "generator": "kg-service demo",
        "seed": seed,
        "members": members,
        "year": year,
        "as_of": date.fromordinal(cal.as_of).isoformat(),
        "unmet_share": SHARE,
        "rows": dict(sink.rows),
        "findings": len(ledger.findings),
        "obligations": ledger.counts(),
        "note": "expected-findings.csv holds the rows `kg-service check --year YEAR --as-of AS_OF` must "
                "write with the contract's default parameters; `obligations` counts, per code, the "
                "instances that bind and how many of them are met, violated or pending.",
    }
    (directory / "demo.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return DemoResult(directory, manifest)


def _write_orgs(ctx: Context, roots, departments: list[Department]) -> None:
    for root in roots:
        ctx.sink.org(root.id, root.name, root.kind, None, root.declared_region)
    for dept in departments:
        orgs = [dept.committee, dept.team] + ([dept.general_branch] if dept.general_branch else []) + dept.branches
        for org in orgs:
            ctx.sink.org(org.id, org.name, org.kind, org.parent.id, org.declared_region)


def _department(ctx: Context, dept: Department) -> None:
    rng = ctx.rng
    by_branch = [make_members(ctx, b, n) for b, n in zip(dept.branches, dept.sizes)]
    everyone = [m for ms in by_branch for m in ms]
    if dept.index < 4:
        apply_boundary_cases(ctx, max(by_branch, key=len))
    set_flags(ctx, everyone)
    roles = assign_posts(ctx, dept, by_branch)

    # Special cases go to members without posts, each to a different member.
    plain = [m for m in everyone if not m.has_post]
    rng.shuffle(plain)
    sanctioned = sanctions(ctx, plain)
    free = [m for m in plain if m.id not in sanctioned and m.status in ("active", "probationary")]
    n_cases = max(3 if dept.index < 4 else 0, round(0.015 * len(everyone)))
    cases = care_cases(ctx, [m for m in free if m.counting and m.status == "active"], n_cases)
    taken = {m.id for m, _, _ in cases}
    free = [m for m in free if m.id not in taken]
    n_events = min(max(20 if dept.index < 4 else 0, math.ceil(0.05 * len(everyone))), max(0, len(free) - 4))
    with_events, other_years = free[:n_events], free[n_events:n_events + 2]
    set_flags(ctx, everyone)

    for m in everyone:
        ctx.sink.member(m)
    team_meetings(ctx, dept)
    for org in [dept.committee] + ([dept.general_branch] if dept.general_branch else []):
        party_org_meetings(ctx, org)
    leader_ids = {m.id for m in roles.leaders}
    meetings = {b.id: branch_meetings(ctx, b, ms, roles, leader_ids) for b, ms in zip(dept.branches, by_branch)}
    leader_duties(ctx, dept, roles, meetings)
    pair_talks(ctx, dept, roles)
    member_year(ctx, everyone, roles.secretary, sanctioned)
    secretary_rotation(ctx, dept.branches, roles.secretary)
    care_followup(ctx, cases, roles.secretary)
    triggered_events(ctx, with_events, roles.secretary)
    other_years_events(ctx, other_years)

