"""Benchmark: `check` over all 27 obligations on the embedded store, at two dataset sizes.

For each size it generates the demo dataset (kg_service.demo, cached under --work), imports
it into a fresh embedded store, then times `run_checks` (every obligation, default
parameters) and, separately, storing the run with `record_run`. It also checks that the
findings equal the generator's expected-findings.csv, so a fast but wrong engine cannot pass.

    python benchmarks/check_bench.py                     # 10k and 100k members
    python benchmarks/check_bench.py --sizes 10000 --repeat 3

Targets (issue 4): 100k members in 10 s or less; growth 10k -> 100k at most 12x.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg_service import allocator  # noqa: E402
from kg_service.checks.engine import run_checks  # noqa: E402
from kg_service.checks.provenance import record_run  # noqa: E402
from kg_service.demo.generator import generate_demo  # noqa: E402
from kg_service.importers import import_csv_dataset  # noqa: E402
from kg_service.store import EmbeddedStore  # noqa: E402
from kg_service.store.public import ensure_public_graphs  # noqa: E402


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def calibrate() -> float:
    """Seconds a fixed piece of work takes now (a Python loop and hashing 64 MB): the machine
    is shared and its speed drifts, so each size's figures carry this beside them."""
    start = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    digest = hashlib.sha256()
    block = bytes(range(256)) * 4096
    for _ in range(64):
        digest.update(block)
    return round(time.perf_counter() - start, 3)


def bench_size(members: int, work: Path, repeat: int) -> dict:
    data = work / f"demo-{members}"
    if not (data / "expected-findings.csv").is_file():
        log(f"generating {members} members ...")
        generate_demo(data, members=members)
    manifest = json.loads((data / "demo.json").read_text(encoding="utf-8"))
    store_dir = Path(tempfile.mkdtemp(prefix=f"check-bench-{members}-", dir=work))
    try:
        store = EmbeddedStore(store_dir)
        ensure_public_graphs(store)
        log(f"importing {members} members ...")
        import_csv_dataset(store, data, "bench")
        as_of = dt.date.fromisoformat(manifest["as_of"])
        calibration = calibrate()
        times = []
        for i in range(repeat):
            start = time.perf_counter()
            run = run_checks(store, "bench", manifest["year"], as_of=as_of)
            times.append(time.perf_counter() - start)
            log(f"  {members} members, check run {i + 1}: {times[-1]:.2f} s")
        start = time.perf_counter()
        record_run(store, run)
        record_s = time.perf_counter() - start
        with open(data / "expected-findings.csv", encoding="utf-8", newline="") as fh:
            expected = {tuple(r) for r in list(csv.reader(fh))[1:]}
        got = {tuple(f.row()) for f in run.reported(False)}
        store.close()
        return {"members": members, "check_s": min(times), "first_check_s": times[0], "runs_s": times,
                "calibration_s": calibration, "record_s": record_s,
                "instances": len(run.findings), "findings": len(got),
                "matches_expected": got == expected}
    finally:
        shutil.rmtree(store_dir, ignore_errors=True)


def add_options(parser) -> None:
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="member counts")
    parser.add_argument("--repeat", type=int, default=2, help="check runs per size; the fastest counts")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-check-bench",
                        help="where generated datasets are cached")


def run(options) -> list[dict]:
    """Measure every size and print the table (also `benchmarks/bench.py check`)."""
    options.work.mkdir(parents=True, exist_ok=True)
    results = [bench_size(n, options.work, options.repeat) for n in options.sizes]
    log(f"allocator: {allocator.describe()}")
    print(f"{'members':>8}  {'check s':>8}  {'first s':>8}  {'record s':>8}  {'instances':>9}  {'findings':>8}  "
          f"matches  calibration s")
    for r in results:
        print(f"{r['members']:>8}  {r['check_s']:>8.2f}  {r['first_check_s']:>8.2f}  {r['record_s']:>8.2f}  "
              f"{r['instances']:>9}  {r['findings']:>8}  {str(r['matches_expected']):<7}  {r['calibration_s']:>13.3f}")
    if len(results) >= 2:
        growth = results[-1]["check_s"] / results[0]["check_s"]
        print(f"growth {results[0]['members']} -> {results[-1]['members']}: {growth:.1f}x")
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_options(parser)
    results = run(parser.parse_args(argv))
    return 0 if all(r["matches_expected"] for r in results) else 1


if __name__ == "__main__":
    allocator.reexec_under_jemalloc()  # measure under the allocator `kg-service` itself runs with
    sys.exit(main())
