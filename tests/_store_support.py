"""Helpers of the store and import tests: a quick generator of large, valid CSV datasets.

The records are synthetic but shaped like real ones (an org tree in two regions, members in
branches, meetings with attendance, training), about 50 triples per member, so that the
kill-in-the-middle test and measurements have realistic volume. Run as a script to write one:
`python tests/_store_support.py DIR MEMBERS`.
"""

from __future__ import annotations

import csv
import random
import socket
import sys
from pathlib import Path

BRANCH_SIZE = 25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_synthetic_dataset(directory: str | Path, members: int, seed: int = 1, tag: str = "") -> Path:
    """Write a valid CSV dataset with `members` members; `tag` is added to names so two
    datasets written with different tags are distinguishable."""
    rng = random.Random(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)

    def writer(name, header):
        fh = open(out / name, "w", newline="", encoding="utf-8")
        w = csv.writer(fh)
        w.writerow(header)
        return fh, w

    files = {}
    for name, header in [("organizations.csv", ["org_id", "name", "kind", "parent_id", "region"]),
                         ("members.csv", ["member_id", "name", "gender", "birth_date", "join_date", "org_id", "status"]),
                         ("meetings.csv", ["meeting_id", "kind", "org_id", "date", "lecturer_id"]),
                         ("attendance.csv", ["meeting_id", "member_id", "status", "role"]),
                         ("training.csv", ["member_id", "date", "hours", "kind"])]:
        files[name] = writer(name, header)
    orgs, people, meetings, attendance, training = (files[n][1] for n in (
        "organizations.csv", "members.csv", "meetings.csv", "attendance.csv", "training.csv"))
    orgs.writerow(["root", f"机关党委{tag}", "committee", "", ""])
    orgs.writerow(["yc", "宜春机关党委", "committee", "root", "yichun"])
    orgs.writerow(["qd", "青岛机关党委", "committee", "root", "qingdao"])
    branches = max(1, members // BRANCH_SIZE)
    meeting_no = 0
    member_no = 0
    for b in range(branches):
        branch = f"b{b}"
        orgs.writerow([branch, f"第{b}党支部", "branch", ("yc", "qd", "root")[b % 3], ""])
        size = BRANCH_SIZE if b < branches - 1 else members - member_no
        ids = []
        for _ in range(size):
            mid = f"m{member_no}"
            member_no += 1
            ids.append(mid)
            people.writerow([mid, f"党员{member_no}{tag}", rng.choice("男女"), f"{rng.randint(1950, 2000)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                             f"{rng.randint(1980, 2023)}-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}", branch, "active"])
            for _ in range(2):
                training.writerow([mid, f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", rng.choice(["2", "4", "1.5"]),
                                   rng.choice(["concentrated", "theory_study"])])
        for month in range(1, 7):
            meeting_no += 1
            mt = f"mt{meeting_no}"
            meetings.writerow([mt, "theme_day", branch, f"2024-{month:02d}-15", ""])
            for mid in ids:
                attendance.writerow([mt, mid, rng.choice(["present", "present", "excused", "absent"]), ""])
    for fh, _ in files.values():
        fh.close()
    return out


if __name__ == "__main__":
    write_synthetic_dataset(sys.argv[1], int(sys.argv[2]), tag=sys.argv[3] if len(sys.argv) > 3 else "")
