"""Ingest one synthetic BACI year against DuckDB's own CSV → Parquet copy of the same file.

    python -m benchmarks ingest [--scale full] [--repeat 3] [--workdir DIR]

Goal (issue 2): coopscope ≤ 1.5 × DuckDB's ``COPY (SELECT * FROM read_csv(...)) TO '….parquet'``
and peak memory ≤ 2 GB, for a full-scale year (~10 M flows).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import zipfile
from pathlib import Path

from benchmarks.common import measure, report


def prepare(workdir: Path, scale: str) -> Path:
    from coopscope.sources.synth import write_world

    csv_path = workdir / f"BACI_HS17_Y2022_V202401b-{scale}.csv"
    if not csv_path.exists():
        release = write_world(workdir / f"world-{scale}", scale=scale, years=[2022], seed=1)
        with zipfile.ZipFile(release) as archive, open(csv_path, "wb") as out:
            shutil.copyfileobj(archive.open("BACI_HS17_Y2022_V202401b.csv"), out, 1 << 20)
    return csv_path


def duckdb_copy(csv_path: Path, out: Path) -> None:
    import duckdb

    target = out / "copy.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")


def coopscope_ingest(csv_path: Path, out: Path) -> None:
    from coopscope.sources.baci import ingest_baci

    shutil.rmtree(out / "store", ignore_errors=True)
    ingest_baci(csv_path, out / "store", hs_revision="HS17", location=str(csv_path))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks ingest", description=__doc__)
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "coopscope-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    import duckdb  # noqa: F401  imported once here, so neither timed child pays for its imports

    import coopscope.sources.baci  # noqa: F401

    csv_path = prepare(args.workdir, args.scale)
    with open(csv_path, "rb") as fh:
        lines = sum(1 for _ in fh) - 1
    print(f"input: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB, {lines:,} flows)")
    rows = [
        (
            "DuckDB COPY read_csv → parquet (baseline)",
            *measure(duckdb_copy, csv_path, args.workdir, repeat=args.repeat),
        ),
        (
            "coopscope ingest baci (checked, mapped)",
            *measure(coopscope_ingest, csv_path, args.workdir, repeat=args.repeat),
        ),
    ]
    report(
        f"Ingest one {args.scale}-scale year, median of {args.repeat}",
        rows,
        "DuckDB COPY read_csv → parquet (baseline)",
        goal_ratio=1.5,
        goal_mib=2048,
    )
    return 0
