#!/usr/bin/env python
"""Benchmarks of the service on generated demo data, one measurement per child process.

    python benchmarks/bench.py import --sizes 10000 100000

`import` generates a demo dataset of each size (in a temporary directory, removed after),
then times, each in a fresh child process and a fresh embedded store:
  - the service's import (`kg_service.importers.import_csv_dataset`: reading and checking the
    CSV files, converting them, the atomic load and the catalog switch), and
  - the reference: pyoxigraph's own `Store.bulk_load` of the same N-Triples (from
    `kg_service.importers.write_csv_dataset_ntriples`, converted before the clock starts).
Each child reports its wall time and its peak resident memory (max RSS). A markdown table goes
to stdout and the figures to a JSON file (--json).

Adding a benchmark (e.g. `check`): write `measure_<kind>(args: list[str]) -> dict` (runs in the
child; returns at least "seconds") and `bench_<kind>(options)` (the parent: prepares data, calls
`run_child("<kind>", ...)`, prints a table), and add the subcommand in `build_parser()`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg_service import allocator  # noqa: E402

DATASET = "bench"


# --- measurements, each run in a child process --------------------------------------------------

def measure_import(args: list[str]) -> dict:
    data_dir, store_dir = args
    from kg_service.config import Settings
    from kg_service.importers import import_csv_dataset
    from kg_service.store import open_store

    with open_store(Settings(store=store_dir)) as store:  # loads the public graphs: not timed
        started = time.perf_counter()
        report = import_csv_dataset(store, data_dir, DATASET)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "triples": report.triples, "records": report.records}


def measure_bulk_load(args: list[str]) -> dict:
    data_dir, store_dir = args
    import pyoxigraph as ox

    from kg_service.importers import write_csv_dataset_ntriples

    nt = Path(store_dir + ".nt")
    with open(nt, "wb", buffering=1 << 20) as out:
        data = write_csv_dataset_ntriples(data_dir, DATASET, out)
    store = ox.Store(store_dir)
    started = time.perf_counter()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode("https://w3id.org/party-kg/id/graph/dataset/bench/reference"))
    store.flush()
    seconds = time.perf_counter() - started
    nt.unlink()
    return {"seconds": seconds, "triples": data.triples}


MEASUREMENTS = {"import": measure_import, "bulk_load": measure_bulk_load}


def child_main(kind: str, args: list[str]) -> None:
    result = MEASUREMENTS[kind](args)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps(result))


def run_child(kind: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "_child", kind, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the parent: data, runs, report ------------------------------------------------------------

def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def bench_import(options) -> list[dict]:
    from kg_service.demo import generate_demo

    results = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-", dir=options.workdir) as tmp:
        for size in options.sizes:
            data = Path(tmp) / f"demo-{size}"
            log(f"[{size:,}] generating the demo dataset")
            started = time.perf_counter()
            generate_demo(data, members=size, seed=options.seed)
            generated = time.perf_counter() - started
            log(f"[{size:,}] import into a fresh embedded store")
            imp = run_child("import", str(data), str(Path(tmp) / f"store-import-{size}"))
            log(f"[{size:,}] pyoxigraph bulk_load of the same triples")
            ref = run_child("bulk_load", str(data), str(Path(tmp) / f"store-bulk-{size}"))
            results.append({
                "members": size, "triples": imp["triples"], "records": imp["records"],
                "generate_s": round(generated, 2), "import_s": round(imp["seconds"], 2),
                "bulk_load_s": round(ref["seconds"], 2),
                "ratio": round(imp["seconds"] / ref["seconds"], 2),
                "import_peak_mb": round(imp["peak_mb"]), "bulk_load_peak_mb": round(ref["peak_mb"]),
            })
    print("| members | triples | generate s | import s | bulk_load s | ratio | peak MB (import) | peak MB (bulk_load) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['members']:,} | {r['triples']:,} | {r['generate_s']} | {r['import_s']} | {r['bulk_load_s']} "
              f"| {r['ratio']} | {r['import_peak_mb']} | {r['bulk_load_peak_mb']} |")
    return results


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = parser.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
    p = sub.add_parser("import", help="time the CSV import against pyoxigraph's bulk_load")
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000], metavar="N",
                   help="numbers of members (default: 10000 100000)")
    p.add_argument("--seed", type=int, default=1, help="demo seed (default: 1)")
    p.add_argument("--workdir", default=None, help="where the temporary data and stores go (default: $TMPDIR)")
    p.add_argument("--json", default=str(REPO / "benchmarks" / "results" / "import.json"),
                   help="where to write the figures (default: benchmarks/results/import.json)")
    p.set_defaults(run=bench_import)
    import check_bench  # the check benchmark lives in its own module (benchmarks/check_bench.py)

    p = sub.add_parser("check", help="time `check` over all 27 obligations at each size")
    check_bench.add_options(p)
    p.add_argument("--json", default=str(REPO / "benchmarks" / "results" / "check.json"),
                   help="where to write the figures (default: benchmarks/results/check.json)")
    p.set_defaults(run=check_bench.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        child_main(argv[1], argv[2:])
        return 0
    options = build_parser().parse_args(argv)
    results = options.run(options)
    out = Path(options.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({
        "benchmark": options.benchmark, "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "allocator": allocator.describe()},
        "results": results}, indent=2) + "\n", encoding="utf-8")
    log(f"figures written to {out}")
    return 0


if __name__ == "__main__":
    allocator.reexec_under_jemalloc()  # measure under the allocator `kg-service` itself runs with
    sys.exit(main())
