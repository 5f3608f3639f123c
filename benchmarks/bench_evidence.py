"""The cooperation evidence (KOR–CHN) and its brief and workbook on one full-scale synthetic year.

    python -m benchmarks evidence [--scale full] [--repeat 1] [--workdir DIR]

Goal (issue 14): building the model and writing the brief and the workbook on a store whose
tables are built (``coopscope build``) in ≤ 30 s and ≤ 3 GB, measured against one DuckDB scan
of the flows in the same run.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchmarks.bench_report import prepare, scan_flows
from benchmarks.common import measure, report

GOAL_S = 30.0


def build_and_write(store: Path, out: Path) -> None:
    from coopscope.evidence import build_cooperation
    from coopscope.report import write_report_files

    shutil.rmtree(out, ignore_errors=True)
    write_report_files(build_cooperation(store, "KOR", "CHN"), out)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks evidence", description=__doc__)
    parser.add_argument("--scale", default="full", choices=["tiny", "demo", "medium", "full"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "coopscope-bench")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    _, built = prepare(args.workdir, args.scale)
    baseline = "DuckDB: one scan of the flows (baseline)"
    rows = [
        (baseline, *measure(scan_flows, built, repeat=args.repeat)),
        (
            "evidence model + brief + workbook, tables built",
            *measure(build_and_write, built, args.workdir / "out-evidence", repeat=args.repeat),
        ),
    ]
    report(f"Evidence KOR–CHN on one {args.scale}-scale year, median of {args.repeat}", rows, baseline, goal_mib=3072)
    secs, peak = rows[1][1], rows[1][2]
    print(f"goal: ≤ {GOAL_S:.0f} s and ≤ 3072 MiB — {'met' if secs <= GOAL_S and peak <= 3072 else 'MISSED'}")
    return 0
