"""Helpers for benchmarks: timing medians and peak memory of a callable in a child process."""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any


def _child(fn: Callable[..., Any], args: tuple[Any, ...], queue: Any) -> None:
    start = time.perf_counter()
    fn(*args)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put((seconds, peak_kib / 1024))


def measure(fn: Callable[..., Any], *args: Any, repeat: int = 3) -> tuple[float, float]:
    """Median seconds and the largest peak RSS (MiB) over ``repeat`` runs, each in a fresh process."""
    ctx = mp.get_context("fork")
    times, peaks = [], []
    for _ in range(repeat):
        queue = ctx.Queue()
        proc = ctx.Process(target=_child, args=(fn, args, queue))
        proc.start()
        seconds, peak = queue.get()
        proc.join()
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def report(
    title: str,
    rows: list[tuple[str, float, float]],
    baseline: str,
    goal_ratio: float | None = None,
    goal_mib: float | None = None,
) -> None:
    """Print medians, ratios to the named baseline row, and peak memory, with the goals."""
    base = dict((name, secs) for name, secs, _ in rows)[baseline]
    print(f"\n{title}")
    print(f"{'what':<48}{'median s':>10}{'ratio':>9}{'peak MiB':>10}")
    for name, secs, peak in rows:
        print(f"{name:<48}{secs:>10.2f}{secs / base:>9.3f}{peak:>10.0f}")
    goals = []
    if goal_ratio is not None:
        goals.append(f"ratio ≤ {goal_ratio:.3g}")
    if goal_mib is not None:
        goals.append(f"peak ≤ {goal_mib:.0f} MiB")
    if goals:
        print("goals: " + ", ".join(goals) + f" (baseline: {baseline})")
