"""The benchmark harness ends with the child's error instead of waiting for an answer forever."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.common import BenchmarkError, measure, run_once


def ok(n: int) -> int:
    return sum(range(n))


def raises() -> None:
    raise ValueError("geodep cannot decide for 2022")


def dies() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def sleeps() -> None:
    import time

    time.sleep(60)


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_run_gives_seconds_and_peak(method: str) -> None:
    seconds, peak = measure(ok, 1000, repeat=2, start_method=method)
    assert seconds >= 0 and peak > 1


def test_a_raising_child_ends_the_benchmark_with_its_error() -> None:
    with pytest.raises(BenchmarkError, match="ValueError: geodep cannot decide for 2022"):
        run_once(raises, timeout_s=120)


def test_a_killed_child_ends_the_benchmark() -> None:
    with pytest.raises(BenchmarkError, match="exit code -9"):
        run_once(dies, timeout_s=120)


def test_a_child_past_its_timeout_is_stopped() -> None:
    with pytest.raises(BenchmarkError, match="no result after 2 s"):
        run_once(sleeps, timeout_s=2)
