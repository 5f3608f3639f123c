"""Dependence build for every importer and product of a synthetic world, against a bare GROUP BY.

    python -m benchmarks dependence [--scale full] [--years 1] [--engine duckdb|spark|both]
                                    [--work DIR] [--repeat 3] [--only-store-build]

The world is written once (``coopscope.sources.synth.write_world`` + ``ingest_baci``) into ``--work``
and reused by later runs. Measured, each in a fresh process (median seconds, peak RSS of the
Python process; Spark's JVM is a separate process and not in the peak; with ``--engine spark``
the Spark build's ratio to Spark's own GROUP BY is printed too):

* baseline: DuckDB ``SELECT importer, product, sum(value_usd) … GROUP BY 1, 2`` over the same
  Parquet files, fetched as Arrow;
* coopscope: ``coopscope build --only dependence`` (``build_store``: the dependence table year by
  year, written as Parquet and committed to the store); ``coopscope build``
  with the complexity tables too; ``build_dependence`` (every indicator, flag and lens) in one
  query executed to Arrow; the same without the lens join; and the same with ``top_three=False``
  (top supplier only: no sort of the flows). ``--engine spark`` times Spark's GROUP BY,
  ``build_dependence`` and ``coopscope build --only dependence`` on ``local[2]``.

Children start from a fork server that imported coopscope, Ibis, DuckDB and pandas once, so no row
pays for importing Python modules (slow where bytecode is not cached), only for work on the data.

Goals: one year ≤ 3× the baseline and ≤ 2 GiB; ten years linear in rows and ≤ 4 GiB.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import measure, preload, report

if TYPE_CHECKING:
    import ibis

LAST_YEAR = 2022


def ensure_store(work: Path, scale: str, n_years: int) -> Path:
    """A store with ``n_years`` synthetic years at ``scale`` (built once, then reused)."""
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.synth import write_world

    store = work / f"store-{scale}-{n_years}y"
    if (store / "manifest.json").exists():
        return store
    years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))
    start = time.perf_counter()
    archive = write_world(work / f"zip-{scale}-{n_years}y", scale=scale, years=years)
    ingest_baci(archive, store)
    print(f"wrote and ingested {scale} world, years {years[0]}–{years[-1]}, in {time.perf_counter() - start:.0f} s")
    return store


def trade_files(store: Path) -> list[str]:
    from coopscope.store import Store

    return [str(p) for p in Store.open(store).trade_files()]


GROUP_BY_SQL = "SELECT importer, product, sum(value_usd) AS value_usd FROM read_parquet($files) GROUP BY 1, 2"


def baseline(files: list[str]) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con.sql(GROUP_BY_SQL, params={"files": files}).to_arrow_table().num_rows


def open_engine(engine: str, memory_limit: str = "") -> ibis.BaseBackend:
    """The backend a measured child uses: Spark on ``local[2]``; DuckDB with ``--memory-limit``."""
    from coopscope.engine import connect

    if engine == "spark":
        return connect("spark", spark_master="local[2]")
    return connect(engine, memory_limit=memory_limit or None)


def spark_baseline(store: Path) -> int:
    from coopscope.engine import to_arrow
    from coopscope.store import Store

    con = open_engine("spark")
    trade = Store.open(store).trade(con)
    return to_arrow(con, trade.group_by(["importer", "product"]).aggregate(value_usd=trade.value_usd.sum())).num_rows


def build(store: Path, engine: str, lenses: bool, top_three: bool = True, memory_limit: str = "") -> int:
    from coopscope.engine import to_arrow
    from coopscope.indicators.dependence import apply_methods, build_dependence, dependence_indicators
    from coopscope.store import Store

    con = open_engine(engine, memory_limit)
    trade = Store.open(store).trade(con)
    if lenses:
        table = build_dependence(con, trade, top_three=top_three)
    else:
        table = apply_methods(dependence_indicators(trade), years_present=Store.open(store).years())
    return to_arrow(con, table).num_rows


def build_all(
    store: Path, memory_limit: str = "", groups: tuple[str, ...] = ("dependence",), engine: str = "duckdb"
) -> int:
    """``coopscope build --only …``: the given tables of the store, year by year."""
    from coopscope.api.build import build_store

    return build_store(store, con=open_engine(engine, memory_limit), groups=groups, rebuild=True).rows["dependence"]


def preimport(engine: str) -> None:
    """Modules the fork server imports once, which every measured child would otherwise import."""
    modules = ["coopscope.api.build", "coopscope.classify", "ibis.backends.duckdb"]
    if engine in ("spark", "both"):
        modules += ["ibis.backends.pyspark", "pyspark.sql"]
    preload(modules)


def rows_in(store: Path) -> int:
    from coopscope.store import Store

    return sum(s.row_count for s in Store.open(store).sources())


def _memory(text: str) -> str:
    if text and not re.fullmatch(r"[0-9]+(\.[0-9]+)?\s*(MB|GB|MiB|GiB)", text):
        raise argparse.ArgumentTypeError("use e.g. 3GB or 1500MB")
    return text


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks dependence", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--years", type=int, default=1, help="number of synthetic years (ending 2022)")
    parser.add_argument("--engine", default="duckdb", choices=["duckdb", "spark", "both"])
    parser.add_argument("--work", type=Path, default=Path(".bench-dependence"), help="where the world is kept")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-limit", default="", type=_memory, help="DuckDB memory_limit, e.g. 3GB")
    parser.add_argument("--warm", action="store_true", help="also time a second run on the same DuckDB connection")
    parser.add_argument(
        "--only-store-build", action="store_true", help="time only `coopscope build` (e.g. for many years)"
    )
    args = parser.parse_args(argv)
    store = ensure_store(args.work, args.scale, args.years)
    files, n_rows = trade_files(store), rows_in(store)
    preimport(args.engine)
    rows = [("duckdb GROUP BY importer, product", *measure(baseline, files, repeat=args.repeat))]
    if args.engine in ("duckdb", "both"):
        rows.append(
            (
                "coopscope build --only dependence",
                *measure(build_all, store, args.memory_limit, repeat=args.repeat),
            )
        )
        rows.append(
            (
                "coopscope build (dependence + complexity)",
                *measure(build_all, store, args.memory_limit, ("dependence", "complexity"), repeat=args.repeat),
            )
        )
    if args.engine in ("duckdb", "both") and not args.only_store_build:
        rows.append(
            (
                "coopscope build_dependence, duckdb",
                *measure(build, store, "duckdb", True, True, args.memory_limit, repeat=args.repeat),
            )
        )
        rows.append(
            (
                "  same without lenses, duckdb",
                *measure(build, store, "duckdb", False, True, args.memory_limit, repeat=args.repeat),
            )
        )
        rows.append(
            (
                "  same, top_three=False, duckdb",
                *measure(build, store, "duckdb", True, False, args.memory_limit, repeat=args.repeat),
            )
        )
    if args.engine in ("spark", "both"):
        once = max(1, args.repeat // 3)
        rows.append(
            ("spark GROUP BY importer, product (JVM start incl.)", *measure(spark_baseline, store, repeat=once))
        )
        if not args.only_store_build:
            rows.append(
                (
                    "coopscope build_dependence, spark (JVM start incl.)",
                    *measure(build, store, "spark", True, repeat=once),
                )
            )
        rows.append(
            (
                "coopscope build --only dependence, spark (JVM incl.)",
                *measure(build_all, store, "", ("dependence",), "spark", repeat=once),
            )
        )
    title = f"dependence build: {args.scale} world, {args.years} year(s), {n_rows:,} flows"
    goal_mib = 2048 if args.years == 1 else 4096
    report(title, rows, baseline="duckdb GROUP BY importer, product", goal_ratio=3.0, goal_mib=goal_mib)
    seconds = {name: secs for name, secs, _ in rows}
    spark_base = seconds.get("spark GROUP BY importer, product (JVM start incl.)")
    spark_build = seconds.get("coopscope build --only dependence, spark (JVM incl.)")
    if spark_base and spark_build:
        print(f"spark: coopscope build --only dependence / spark's own GROUP BY = {spark_build / spark_base:.2f}")
    if args.warm and args.engine in ("duckdb", "both"):
        warm_base, warm_build = warm_seconds(store, files)
        print(
            f"warm, second run in one process: GROUP BY {warm_base:.2f} s, build {warm_build:.2f} s, "
            f"ratio {warm_build / warm_base:.2f}"
        )
    return 0


def warm_seconds(store: Path, files: list[str]) -> tuple[float, float]:
    """Second-run times on one DuckDB connection (the first run on a new connection also pays for
    first-touch memory, which is slow on virtual machines)."""
    import duckdb

    from coopscope.engine import connect, to_arrow
    from coopscope.indicators.dependence import apply_methods, dependence_indicators
    from coopscope.store import Store

    raw = duckdb.connect()
    con = connect("duckdb")
    table = apply_methods(dependence_indicators(Store.open(store).trade(con)), years_present=Store.open(store).years())
    jobs = (lambda: raw.sql(GROUP_BY_SQL, params={"files": files}).to_arrow_table(), lambda: to_arrow(con, table))
    times = []
    for job in jobs:
        job()
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return times[0], times[1]
