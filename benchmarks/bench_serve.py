"""The dashboard under load: 20 concurrent clients on loopback, p95 per page and API call.

    python -m benchmarks serve [--scale full] [--years 10] [--requests 1300] [--clients 20] [--uncached]
                               [--workdir DIR]

Builds (once) a SYNTHETIC store of ``--years`` years at ``--scale`` with its tables built
(``coopscope build``) and firms, starts ``coopscope serve`` on a free 127.0.0.1 port in a child
process, warms each URL once (the per-pair evidence is cached per store version; the cold times are
printed), then sends a fixed number of requests from ``--clients`` threads, round robin over the
URLs (``--uncached``: each URL made unique, so no answer comes from the response cache; the
per-pair evidence stays cached, as in use). The baseline, in the same run and with the same
concurrency: a bare DuckDB query of the same rows of the built dependence table.
Goal (issue 16): p95 ≤ 300 ms per page and API call, 0 errors.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

GOAL_MS = 300.0


def prepare(workdir: Path, scale: str, years: list[int]) -> Path:
    from coopscope.api.build import GROUPS, build_store
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth import write_world
    from coopscope.sources.synth_firms import synthetic_firms

    store = workdir / f"serve-{scale}-{len(years)}y"
    if not (store / "manifest.json").exists():
        release = write_world(workdir / f"serve-world-{scale}-{len(years)}y", scale=scale, years=years, seed=2)
        ingest_baci(release, store)
        write_store_firms(store, synthetic_firms(0))
        build_store(store, groups=GROUPS)  # as `coopscope build`: tables, then the KOR–CHN evidence kept
    return keep_evidence(store)


def keep_evidence(store: Path) -> Path:
    """Keep the KOR–CHN evidence in ``store`` unless it is already kept for the store as it is."""
    from coopscope.api.cooperation import keep_cooperation

    start = time.process_time()
    status = keep_cooperation(store).table["status"].to_pylist()
    if status != ["kept"]:
        print(f"evidence {status} in {time.process_time() - start:.0f} CPU s (this process)", flush=True)
    return store


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc), 0 where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn; from coopscope.web import WebSettings, create_app; "
        f"uvicorn.run(create_app(WebSettings(store={str(store)!r})), host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "COOPSCOPE_PROGRESS": "off"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def urls(store: Path, year: int) -> dict[str, str]:
    hs6 = busiest_product(store, year)
    return {
        "page /": "/",
        "page /dependence": f"/dependence?importer=KOR&rule=geodep&from={year}&to={year}",
        "page /dependence (both, all years)": "/dependence?importer=KOR,CHN&rule=all",
        "page /product": f"/product/{hs6}",
        "page /complexity": "/complexity?area=ai-semiconductors",
        "page /firms": "/firms",
        "page /methods": "/methods",
        "api cooperation": "/api/v1/cooperation?a=KOR&b=CHN",
        "api dependence": f"/api/v1/dependence?importer=KOR&year={year}&method=geodep",
        "api pair": f"/api/v1/pair?a=KOR&b=CHN&year={year}",
        "api products/{hs6}": f"/api/v1/products/{hs6}",
        "api complexity": f"/api/v1/complexity?year={year}",
        "api firms/matches": "/api/v1/firms/matches?a=KOR&b=CHN",
    }


def dependence_files(store: Path) -> list[str]:
    import json

    manifest = json.loads((store / "manifest.json").read_text(encoding="utf-8"))
    return [str(store / f) for f in manifest["tables"]["dependence"]["files"]]


def busiest_product(store: Path, year: int) -> str:
    import duckdb

    sql = ("SELECT product FROM read_parquet($f) WHERE importer = 'KOR' AND year = $y "
           "ORDER BY import_value_usd DESC LIMIT 1")  # fmt: skip
    rows = duckdb.connect().execute(sql, {"f": dependence_files(store), "y": year}).fetchall()
    return str(rows[0][0])


def baseline_query(files: list[str], year: int) -> Callable[[], None]:
    """The rows behind `api dependence`: KOR's GeoDep products of the year, largest first, one page."""
    import duckdb

    local = threading.local()
    sql = ("SELECT * FROM read_parquet($f) WHERE importer = 'KOR' AND year = $y AND geodep "
           "ORDER BY import_value_usd DESC, product LIMIT 50")  # fmt: skip

    def run() -> None:
        if not hasattr(local, "con"):
            local.con = duckdb.connect()
        local.con.execute(sql, {"f": files, "y": year}).fetchall()

    return run


def hammer(jobs: list[tuple[str, Callable[[], int]]], clients: int) -> dict[str, list[tuple[float, int]]]:
    """Run the jobs from ``clients`` threads; per name, (milliseconds, status) of each call."""
    results: dict[str, list[tuple[float, int]]] = defaultdict(list)
    lock = threading.Lock()
    todo = iter(jobs)

    def worker() -> None:
        while True:
            with lock:
                job = next(todo, None)
            if job is None:
                return
            start = time.perf_counter()
            try:
                status = job[1]()
            except Exception:
                status = 599
            ms = (time.perf_counter() - start) * 1000
            with lock:
                results[job[0]].append((ms, status))

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def unique(url: str, i: int, uncached: bool) -> str:
    """``url``, with a throw-away parameter when every request must miss the response cache."""
    return f"{url}{'&' if '?' in url else '?'}n={i}" if uncached else url


def print_table(title: str, results: dict[str, list[tuple[float, int]]], cold: dict[str, float]) -> None:
    print(f"\n{title}")
    print(f"{'what':<38}{'n':>6}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'cold ms':>9}  goal")
    for name, calls in results.items():
        ms = sorted(m for m, _ in calls)
        p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
        errors = sum(1 for _, s in calls if s != 200)
        ok = "ok" if p95 <= GOAL_MS and errors == 0 else "MISSED"
        cold_ms = f"{cold[name]:>9.0f}" if name in cold else f"{'':>9}"
        print(f"{name:<38}{len(ms):>6}{errors:>8}{statistics.median(ms):>9.1f}{p95:>9.1f}{ms[-1]:>9.1f}{cold_ms}  {ok}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks serve", description=__doc__)
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1300)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--uncached", action="store_true", help="make every URL unique (no answer served twice)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "coopscope-bench")
    parser.add_argument("--store", type=Path, default=None, help="serve this built store (default: make one)")
    args = parser.parse_args(argv)
    import httpx

    args.workdir.mkdir(parents=True, exist_ok=True)
    years = list(range(2023 - args.years, 2023))
    if args.store:
        store = keep_evidence(args.store)
        years = sorted(json.loads((store / "manifest.json").read_text(encoding="utf-8"))["sources"][0]["years"])
    else:
        store = prepare(args.workdir, args.scale, years)
    load_before = os.getloadavg()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    targets = urls(store, years[-1])
    server = start_server(store, port)
    try:
        cold = {}
        with httpx.Client(base_url=base, timeout=600) as warm:
            for name, url in targets.items():
                start = time.perf_counter()
                status = warm.get(url).status_code
                cold[name] = (time.perf_counter() - start) * 1000
                print(f"warm-up {name}: {status} in {cold[name]:.0f} ms", flush=True)
        local = threading.local()

        def get(url: str) -> Callable[[], int]:
            def call() -> int:
                if not hasattr(local, "client"):
                    local.client = httpx.Client(base_url=base, timeout=60)
                return int(local.client.get(url).status_code)

            return call

        names = list(targets)
        jobs = [
            (names[i % len(names)], get(unique(targets[names[i % len(names)]], i, args.uncached)))
            for i in range(args.requests)
        ]
        warm_cpu = cpu_seconds(server.pid)
        served = hammer(jobs, args.clients)
        server_cpu = cpu_seconds(server.pid) - warm_cpu
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()  # busy with a long query: the error that ended the run is the one to see
            server.wait(timeout=30)
    query = baseline_query(dependence_files(store), years[-1])

    def bare() -> int:
        query()
        return 200

    n_base = max(1, args.requests // len(targets))
    base_results = hammer([("DuckDB: the rows of api dependence", bare)] * n_base, args.clients)
    what = f"store {store}" if args.store else f"{args.scale} scale"
    scale = f"{what}, {len(years)} years ({years[0]}–{years[-1]}), SYNTHETIC"
    print_table(f"coopscope serve: {args.requests} requests, {args.clients} clients, {scale}", served, cold)
    print_table("baseline (same run, same concurrency)", base_results, {})
    print(f"goal: p95 ≤ {GOAL_MS:.0f} ms per page and API call, 0 errors (after the warm-up shown as 'cold ms')")
    load = " / ".join(f"{x:.1f}" for x in load_before)
    after = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    per = 1000 * server_cpu / args.requests
    print(f"machine: {os.cpu_count()} cores; load average (1/5/15 min) before {load}, after {after}")
    print(f"server CPU after the warm-up: {server_cpu:.1f} s, {per:.1f} ms a request")
    return 0
