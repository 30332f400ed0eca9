"""Load test: kg-service's /sparql and findings API next to `oxigraph serve`, on the same data.

It builds one demo dataset (kg_service.demo, --members), imports it, runs and stores a check
(compliant findings kept), then starts two real servers on free 127.0.0.1 ports:

- `kg-service serve` over that store (waitress threads, query worker processes);
- `oxigraph serve` over a copy of the same quads (loaded with `oxigraph load`).

A pool of client processes (--processes x --threads-per-process = concurrent clients, 32 by
default), each a thread with its own keep-alive HTTP connection, sends requests for
--seconds (and at most --max-requests per target) and records each latency and every
answer that is not a 200 with a body. Targets, in order:

1. oxigraph-sparql: the typical query (members per branch, GROUP BY) to oxigraph serve,
   with the dataset graph as default-graph-uri;
2. kg-sparql: the same request to kg-service /sparql as an inspector (the same
   default-graph-uri; the confinement checks still run);
3. kg-sparql-union: the same query without default-graph-uri, so the default graph is the
   union of every graph an inspector may see (what most clients send);
4. kg-findings: GET /api/datasets/demo/findings?status=violated&limit=100 (an inspector);
5. kg-statistics: GET /api/datasets/demo/statistics (per obligation and organisation).

    python benchmarks/load.py                          # 2000 members, 32 clients, 10 s each
    python benchmarks/load.py --members 10000 --seconds 20 --query-workers 4

Target (issue 5): kg-sparql at least half of oxigraph-sparql's requests/s, and no errors
under 32 concurrent clients. Not run in CI. Needs only what the project installs (the
`oxigraph` binary comes with the `oxigraph` PyPI package).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing as mp
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg_service.cli.serve import DEFAULT_QUERY_WORKERS  # noqa: E402  (the server's own default)

TOKEN = "load-test-inspector"
QUERY = """PREFIX kg: <https://w3id.org/party-kg/ontology#>
SELECT ?branch (COUNT(?member) AS ?members)
WHERE { ?member a kg:Member ; kg:branch ?branch }
GROUP BY ?branch ORDER BY DESC(?members) ?branch"""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, headers: dict | None = None) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with status {process.returncode}: {url}")
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


def build(work: Path, members: int) -> tuple[Path, Path, str]:
    """The kg-service store and an oxigraph copy of its quads; returns (store, oxigraph dir, graph)."""
    from kg_service.checks.engine import run_checks
    from kg_service.checks.provenance import record_run
    from kg_service.demo.generator import generate_demo
    from kg_service.importers.csv_import import import_csv_dataset
    from kg_service.store import EmbeddedStore, catalog
    from kg_service.store.public import ensure_public_graphs

    say(f"generating {members} members and importing them")
    demo = generate_demo(work / "csv", members=members)
    store = EmbeddedStore(work / "store")
    ensure_public_graphs(store)
    import_csv_dataset(store, work / "csv", "demo")
    say("running and storing the check")
    run = run_checks(store, "demo", demo.manifest["year"], as_of=dt.date.fromisoformat(demo.manifest["as_of"]),
                     include_compliant=True)
    record_run(store, run, include_compliant=True)
    graph = catalog.current_graph(store, "demo")
    say("copying the quads to oxigraph")
    nquads = work / "all.nq"
    with open(nquads, "wb") as out:
        for g in store.named_graphs():
            for line in store.dump_graph(g).splitlines():
                if line.strip():
                    out.write(line.rstrip()[:-1].rstrip() + f" <{g}> .\n".encode())
    store.close()
    subprocess.run([shutil.which("oxigraph"), "load", "--location", str(work / "ox"), "--file", str(nquads)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return work / "store", work / "ox", graph


def client_process(target: dict, threads: int, seconds: float, max_requests: int, queue) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    budget = [max_requests]

    def one_client():
        conn = http.client.HTTPConnection(target["host"], target["port"], timeout=120)
        mine, bad = [], []
        while time.monotonic() < stop_at:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            try:
                conn.request("GET", target["path"], headers=target["headers"])
                answer = conn.getresponse()
                body = answer.read()
                if answer.status != 200 or not body:
                    bad.append(f"{answer.status} {body[:120]!r}")
            except (OSError, http.client.HTTPException) as exc:
                bad.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(target["host"], target["port"], timeout=120)
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    pool = [threading.Thread(target=one_client) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    queue.put((latencies, errors))


def measure(name: str, target: dict, args) -> dict:
    queue = mp.Queue()
    per_process = max(1, args.max_requests // args.processes)
    # one warm-up request per client before timing (first queries open the store's files)
    for _ in range(2):
        conn = http.client.HTTPConnection(target["host"], target["port"], timeout=120)
        conn.request("GET", target["path"], headers=target["headers"])
        conn.getresponse().read()
        conn.close()
    started = time.perf_counter()
    procs = [mp.Process(target=client_process, args=(target, args.threads_per_process, args.seconds,
                                                      per_process, queue)) for _ in range(args.processes)]
    for p in procs:
        p.start()
    latencies, errors = [], []
    for _ in procs:
        lat, err = queue.get()
        latencies += lat
        errors += err
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")

    result = {"target": name, "clients": args.processes * args.threads_per_process, "requests": len(latencies),
              "errors": len(errors), "seconds": round(elapsed, 2), "rps": round(len(latencies) / elapsed, 1),
              "p50_ms": round(pct(0.50), 1), "p99_ms": round(pct(0.99), 1)}
    if errors:
        result["first_error"] = errors[0]
    say(f"{name:15} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
        f"errors {result['errors']} of {result['requests']}")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=2000, help="demo dataset size (default 2000)")
    parser.add_argument("--seconds", type=float, default=10.0, help="time per target (default 10)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="bound per target (default 200000)")
    parser.add_argument("--processes", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--threads-per-process", type=int, default=8,
                        help="clients per process, each with its own connection (default 8)")
    parser.add_argument("--server-threads", type=int, default=32, help="kg-service waitress threads (default 32)")
    parser.add_argument("--query-workers", type=int, default=DEFAULT_QUERY_WORKERS,
                        help=f"kg-service query workers (default {DEFAULT_QUERY_WORKERS}, as `serve`)")
    parser.add_argument("--only", nargs="*", help="run only these targets")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--work", type=Path, help="keep the stores here (default: a temporary directory)")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-load-"))
    work.mkdir(parents=True, exist_ok=True)
    servers: list[subprocess.Popen] = []
    try:
        store_dir, ox_dir, graph = build(work, args.members)
        ox_port, kg_port = free_port(), free_port()
        servers.append(subprocess.Popen([shutil.which("oxigraph"), "serve", "--location", str(ox_dir),
                                         "--bind", f"127.0.0.1:{ox_port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        env = {**os.environ, "KG_INSPECTOR_TOKEN": TOKEN}
        servers.append(subprocess.Popen([sys.executable, "-m", "kg_service", "serve", "--store", str(store_dir),
                                         "--port", str(kg_port), "--threads", str(args.server_threads),
                                         "--query-workers", str(args.query_workers)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        auth = {"Authorization": f"Bearer {TOKEN}"}
        wait_for(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", servers[0])
        wait_for(f"http://127.0.0.1:{kg_port}/api/articles", servers[1])
        sparql_accept = {"Accept": "application/sparql-results+json"}
        q = urllib.parse.quote(QUERY)
        targets = {
            "oxigraph-sparql": {"host": "127.0.0.1", "port": ox_port, "headers": sparql_accept,
                                "path": f"/query?query={q}&default-graph-uri={urllib.parse.quote(graph)}"},
            "kg-sparql": {"host": "127.0.0.1", "port": kg_port, "headers": {**sparql_accept, **auth},
                          "path": f"/sparql?query={q}&default-graph-uri={urllib.parse.quote(graph)}"},
            "kg-sparql-union": {"host": "127.0.0.1", "port": kg_port, "headers": {**sparql_accept, **auth},
                                "path": f"/sparql?query={q}"},
            "kg-findings": {"host": "127.0.0.1", "port": kg_port, "headers": auth,
                            "path": "/api/datasets/demo/findings?status=violated&limit=100"},
            "kg-statistics": {"host": "127.0.0.1", "port": kg_port, "headers": auth,
                              "path": "/api/datasets/demo/statistics"},
        }
        results = [measure(name, t, args) for name, t in targets.items() if not args.only or name in args.only]
        by = {r["target"]: r for r in results}
        if "oxigraph-sparql" in by and "kg-sparql" in by:
            ratio = by["kg-sparql"]["rps"] / by["oxigraph-sparql"]["rps"]
            say(f"kg-sparql / oxigraph-sparql throughput: {ratio:.2f} (target >= 0.5)")
        summary = {"members": args.members, "cpus": os.cpu_count(), "query_workers": args.query_workers,
                   "server_threads": args.server_threads, "results": results}
        print(json.dumps(summary, indent=2))
        if args.json:
            args.json.write_text(json.dumps(summary, indent=2) + "\n")
        return 1 if any(r["errors"] for r in results) else 0
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
