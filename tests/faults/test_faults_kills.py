"""SIGKILL at seeded random points of ingest, replace and build: the store reads as before or after,
never in between, and the next writer leaves no stray file (the full run of >= 50 kills is
``python -m benchmarks faults``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kills_path import run_kills


@pytest.mark.slow
def test_kills_leave_the_store_before_or_after(tmp_path: Path) -> None:
    report = run_kills(tmp_path, {"ingest": 4, "replace": 4, "build": 1}, seed=19)
    assert report.broken == []
    assert report.total == 9
    assert sum(report.before.values()) + sum(report.after.values()) == report.total
