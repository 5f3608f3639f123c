"""The cooperation report (KOR–CHN) on one full-scale synthetic year, against one DuckDB scan of the flows.

    python -m benchmarks report [--scale full] [--repeat 1] [--workdir DIR] [--method eu2021]

The store holds one year, so the default dependence method is ``eu2021`` (GeoDep needs the
earlier years of its window and refuses to decide on one year; a failed run ends the benchmark
with that error).

Goals (issue 7): the report on a store whose tables are already built (``coopscope build``) in
≤ 30 s, from raw flows only in ≤ 90 s, peak memory ≤ 3 GB.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchmarks.common import measure, report

GOALS_S = {"built": 30.0, "raw": 90.0}


def prepare(workdir: Path, scale: str) -> tuple[Path, Path]:
    from coopscope.api.build import build_store
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.synth import write_world

    raw, built = workdir / f"report-raw-{scale}", workdir / f"report-built-{scale}"
    if not (raw / "manifest.json").exists():
        release = write_world(workdir / f"report-world-{scale}", scale=scale, years=[2022], seed=1)
        ingest_baci(release, raw)
    if not (built / "manifest.json").exists():
        shutil.copytree(raw, built)
        build_store(built)
    return raw, built


def scan_flows(store: Path) -> None:
    import duckdb

    files = sorted(str(p) for p in (store / "trade").rglob("*.parquet"))
    duckdb.sql(
        "SELECT exporter, importer, sum(value_usd) FROM read_parquet($files) GROUP BY ALL", params={"files": files}
    ).fetchall()


def write(store: Path, out: Path, method: str) -> None:
    from coopscope.report import write_report

    shutil.rmtree(out, ignore_errors=True)
    write_report(store, out, year=2022, method=method)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks report", description=__doc__)
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "coopscope-bench")
    parser.add_argument("--method", default="eu2021", help="dependence method of the report (default eu2021)")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    raw, built = prepare(args.workdir, args.scale)
    baseline = "DuckDB: one scan of the flows (baseline)"
    rows = [
        (baseline, *measure(scan_flows, raw, repeat=args.repeat)),
        (
            "coopscope report, tables built",
            *measure(write, built, args.workdir / "out-built", args.method, repeat=args.repeat),
        ),
        (
            "coopscope report, from raw flows",
            *measure(write, raw, args.workdir / "out-raw", args.method, repeat=args.repeat),
        ),
    ]
    report(f"Report KOR–CHN on one {args.scale}-scale year, median of {args.repeat}", rows, baseline, goal_mib=3072)
    for (_, secs, _), (kind, goal) in zip(rows[1:], GOALS_S.items(), strict=True):
        print(f"goal {kind}: ≤ {goal:.0f} s — {'met' if secs <= goal else 'MISSED'} ({secs:.1f} s)")
    return 0
