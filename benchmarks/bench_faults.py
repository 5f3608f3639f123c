"""``python -m benchmarks faults``: the fault catalogue by category, then >= 50 kills at random points.

Prints the cases tried per category of ``tests/faults`` (store, BACI files, Comtrade and national
tables, network and secrets, spreadsheet cells, options), the failures (must be 0), and the kills
tried on ingest, replace and build with how many left the store as before or as after (all must).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class _Tally:
    """A pytest plugin counting outcomes per test module."""

    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()

    def pytest_runtest_logreport(self, report: Any) -> None:
        """Count each test once (its call phase), and failures of any phase."""
        category = Path(report.nodeid.split("::")[0]).stem.removeprefix("test_faults_")
        if report.when == "call":
            self.tried[category] += 1
        if report.failed:
            self.failed[category] += 1


def catalogue() -> _Tally:
    """Run the fault catalogue (without the kill test, run below at full size)."""
    import pytest

    tally = _Tally()
    os.environ.setdefault("COOPSCOPE_PROGRESS", "off")
    pytest.main(
        [str(ROOT / "tests" / "faults"), "-q", "-p", "no:cacheprovider", "-k", "not kills", "--no-header"],
        plugins=[tally],
    )
    return tally


def main(argv: list[str]) -> int:
    """Run the catalogue and the kills; exit 1 if anything failed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks faults", description=__doc__)
    parser.add_argument("--kills", type=int, default=52, help="kills in all (>= 50; build gets a sixth)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--skip-catalogue", action="store_true")
    args = parser.parse_args(argv)
    tally = _Tally() if args.skip_catalogue else catalogue()
    print("\nFault catalogue (tests/faults):")
    for category in sorted(tally.tried):
        print(f"  {category:<10} cases tried {tally.tried[category]:>4}   failures {tally.failed[category]}")
    print(f"  {'all':<10} cases tried {sum(tally.tried.values()):>4}   failures {sum(tally.failed.values())}")
    sys.path.insert(0, str(ROOT))
    from benchmarks.kills import run_kills

    build = max(1, args.kills // 6)
    rest = args.kills - build
    kills = {"ingest": rest - rest // 2, "replace": rest // 2, "build": build}
    with tempfile.TemporaryDirectory() as work:
        report = run_kills(Path(work), kills, seed=args.seed)
    print(f"\nKills at random points (SIGKILL, seed {args.seed}):")
    for op in report.tried:
        print(
            f"  {op:<8} kills tried {report.tried[op]:>3}   store as before {report.before.get(op, 0):>3}"
            f"   as after {report.after.get(op, 0):>3}"
        )
    equal = sum(report.before.values()) + sum(report.after.values())
    print(f"  {'all':<8} kills tried {report.total:>3}   equal to before-or-after {equal}/{report.total}")
    for problem in report.broken:
        print(f"  BROKEN: {problem}")
    return 1 if report.broken or sum(tally.failed.values()) else 0
