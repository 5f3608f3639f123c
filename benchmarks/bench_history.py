"""The whole BACI history on one machine: synth + ingest + build of many full-scale years.

    python -m benchmarks history [--years 29] [--scale full] [--work DIR] [--memory-limit 3GB]
                                 [--spark-workers 2] [--no-spark]

Stages, each timed once in a fresh process (seconds, rows per second, peak RSS of the Python
process): writing the synthetic release (``write_world``), ``coopscope ingest`` of it, DuckDB's
bare ``GROUP BY importer, product`` over every year (the baseline) and ``coopscope build``
(dependence and complexity, year by year, DuckDB capped at ``--memory-limit`` and spilling into
the store's staging folder). Then, unless ``--no-spark``, a standalone Spark cluster with
``--spark-workers`` workers on 127.0.0.1 (``benchmarks/spark_cluster.py``): Spark's own
GROUP BY and ``coopscope build --only dependence`` on it (on a copy of the store whose trade
files are hard links), with their ratio. Years end in 2023 (29 years: 1995–2023).

Goal (issue 17): peak memory ≤ 4 GiB for the DuckDB build of 29 full-scale years.
"""

from __future__ import annotations

import argparse
import os
import shutil
import time
from pathlib import Path

from benchmarks.common import preload, run_once

LAST_YEAR = 2023
GROUP_BY_SQL = "SELECT importer, product, sum(value_usd) AS value_usd FROM read_parquet($files) GROUP BY 1, 2"


def synth(folder: Path, scale: str, years: list[int]) -> None:
    from coopscope.sources.synth import write_world

    write_world(folder, scale=scale, years=years, seed=1)


def ingest(folder: Path, store: Path) -> None:
    from coopscope.sources.baci import ingest_baci

    shutil.rmtree(store, ignore_errors=True)
    ingest_baci(next(folder.glob("*.zip")), store)


def group_by(store: Path, memory_limit: str) -> None:
    import duckdb

    from coopscope.store import Store

    con = duckdb.connect(config={"memory_limit": memory_limit})
    files = [str(p) for p in Store.open(store).trade_files()]
    con.sql(GROUP_BY_SQL, params={"files": files}).to_arrow_table()


def build(store: Path, memory_limit: str, groups: tuple[str, ...] = ("dependence", "complexity")) -> None:
    from coopscope.api.build import build_store

    build_store(store, memory_limit=memory_limit, groups=groups, rebuild=True)


def spark_group_by(store: Path, master: str) -> None:
    from coopscope.engine import connect, to_arrow
    from coopscope.store import Store

    con = connect("spark", spark_master=master)
    trade = Store.open(store).trade(con)
    to_arrow(con, trade.group_by(["importer", "product"]).aggregate(value_usd=trade.value_usd.sum()))


def spark_build(store: Path, master: str) -> None:
    from coopscope.api.build import build_store
    from coopscope.engine import connect

    build_store(store, con=connect("spark", spark_master=master), groups=("dependence",), rebuild=True)


def linked_copy(store: Path, target: Path) -> Path:
    """A copy of ``store`` without its built tables; data files are hard links."""
    import json

    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(store, target, copy_function=os.link, ignore=shutil.ignore_patterns("tables", ".staging"))
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    (target / "manifest.json").write_text(json.dumps({**manifest, "tables": {}}), encoding="utf-8")
    return target


def flows_in(store: Path) -> int:
    from coopscope.store import Store

    return sum(s.row_count for s in Store.open(store).sources())


def _row(name: str, seconds: float, peak: float, rows: int) -> None:
    print(f"{name:<52}{seconds:>10.1f}{rows / seconds:>14,.0f}{peak:>10.0f}", flush=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks history", description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=29, help="number of years, ending in 2023")
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--work", type=Path, default=Path("/tmp/coopscope-history"))
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit of the build")
    parser.add_argument("--spark-workers", type=int, default=2)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args(argv)
    years = list(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    work, limit = args.work / f"{args.scale}-{args.years}y", args.memory_limit
    release, store = work / "release", work / "store"
    preload(["coopscope.sources.synth", "coopscope.sources.baci", "ibis.backends.duckdb"])
    print(f"history: {args.scale} world, {years[0]}–{years[-1]} ({len(years)} years), work folder {work}")
    if not any(release.glob("*.zip")):
        release.mkdir(parents=True, exist_ok=True)
        print("writing the synthetic release …", flush=True)
        synth_s, synth_peak = run_once(synth, release, args.scale, years)
    else:
        synth_s, synth_peak = float("nan"), float("nan")
    ingest_s, ingest_peak = run_once(ingest, release, store)
    n = flows_in(store)
    print(f"\n{'stage':<52}{'seconds':>10}{'rows/s':>14}{'peak MiB':>10}")
    _row("synth: write_world (release zip, not repeated)", synth_s, synth_peak, n)
    _row("coopscope ingest baci", ingest_s, ingest_peak, n)
    base = run_once(group_by, store, limit)
    _row("duckdb GROUP BY importer, product (baseline)", *base, n)
    start = time.perf_counter()
    built = run_once(build, store, limit)
    _row(f"coopscope build (all tables, DuckDB ≤ {limit})", *built, n)
    print(f"build / GROUP BY = {built[0] / base[0]:.1f}; peak {built[1]:.0f} MiB (goal ≤ 4096)")
    if not args.no_spark:
        _spark(store, work, args.spark_workers, n)
    print(f"total {time.perf_counter() - start + ingest_s:.0f} s after the release was written")
    return 0


def _spark(store: Path, work: Path, workers: int, n: int) -> None:
    from benchmarks.spark_cluster import local_cluster

    copy = linked_copy(store, work / "store-spark")
    with local_cluster(workers=workers, work_dir=work / "cluster") as master:
        base = run_once(spark_group_by, copy, master)
        _row(f"spark GROUP BY, {workers}-worker cluster (JVM incl.)", *base, n)
        built = run_once(spark_build, copy, master)
        _row(f"coopscope build --only dependence, {workers}-worker cluster", *built, n)
    print(f"spark: build / Spark's own GROUP BY = {built[0] / base[0]:.1f}")
