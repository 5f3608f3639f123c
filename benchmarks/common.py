"""Helpers for benchmarks: timing medians and peak memory of a callable in a child process.

Children are started by a fork server (a clean process that imported the benchmark's modules
once and never opened DuckDB or Spark), not forked from the benchmark's own process: that one
may already run DuckDB's threads (it prepares the stores), and a fork copies their locks but
not the threads. A child that raises or dies ends the benchmark with its error; nothing waits
on a queue without looking whether the child still lives.
"""

from __future__ import annotations

import multiprocessing as mp
import resource
import statistics
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any

PRELOAD = ("duckdb", "ibis", "pandas", "pyarrow", "coopscope.engine", "coopscope.api.build")
POLL_S = 0.5


LAST_CPU: dict[str, float] = {}  # CPU seconds (all threads) of the last run of each function
CPU_BY_SECONDS: dict[float, float] = {}  # median wall seconds of a measure() -> its median CPU seconds


class BenchmarkError(RuntimeError):
    """A measured child failed; the message holds its error (or how it ended)."""


_preload: list[str] = list(PRELOAD)


def preload(modules: Iterable[str]) -> None:
    """Modules the fork server imports once (before its first child), so no row pays for them."""
    _preload.extend(m for m in modules if m not in _preload)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _child(fn: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        start, cpu = time.perf_counter(), _cpu_seconds()
        fn(*args)
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        conn.send(("ok", seconds, peak_kib / 1024, cpu))
    except BaseException as exc:  # every failure goes back to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        conn.close()


def _context(start_method: str) -> Any:
    ctx = mp.get_context(start_method)
    if start_method == "forkserver":
        ctx.set_forkserver_preload(_preload)
    return ctx


def run_once(
    fn: Callable[..., Any], *args: Any, start_method: str = "forkserver", timeout_s: float | None = None
) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one run of ``fn(*args)`` in a fresh child process.

    ``fn`` and ``args`` must pickle (module-level functions). ``start_method`` "fork" is only for
    a parent that has never opened DuckDB or Spark. Raises :class:`BenchmarkError` when the child
    raises, dies without an answer, or outlives ``timeout_s``.
    """
    ctx = _context(start_method)
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, args, send), daemon=True)
    proc.start()
    send.close()
    started = time.monotonic()
    answer = None
    try:
        while not receive.poll(POLL_S):
            if not proc.is_alive() and not receive.poll(0):
                break
            if timeout_s is not None and time.monotonic() - started > timeout_s:
                raise BenchmarkError(f"{_name(fn)}: no result after {timeout_s:.0f} s; stopped.")
        else:
            answer = receive.recv()
    except EOFError:
        answer = None
    finally:
        proc.join(POLL_S * 4)
        if proc.is_alive():
            proc.kill()
        proc.join()
        receive.close()
    if answer is None:
        raise BenchmarkError(f"{_name(fn)}: the child ended (exit code {proc.exitcode}) without a result.")
    if answer[0] != "ok":
        raise BenchmarkError(f"{_name(fn)} failed: {answer[1]}\n{answer[2]}")
    LAST_CPU[_name(fn)] = float(answer[3])
    return float(answer[1]), float(answer[2])


def _name(fn: Callable[..., Any]) -> str:
    return getattr(fn, "__qualname__", repr(fn))


def measure(
    fn: Callable[..., Any],
    *args: Any,
    repeat: int = 3,
    start_method: str = "forkserver",
    timeout_s: float | None = None,
) -> tuple[float, float]:
    """Median seconds and the largest peak RSS (MiB) over ``repeat`` runs, each in a fresh process.

    The median CPU seconds (all threads; steadier than wall time on a shared machine) is kept
    in ``CPU_MEDIANS`` under the function's name, and :func:`report` prints it.
    """
    runs, cpus = [], []
    for _ in range(repeat):
        runs.append(run_once(fn, *args, start_method=start_method, timeout_s=timeout_s))
        cpus.append(LAST_CPU[_name(fn)])
    seconds = statistics.median(r[0] for r in runs)
    CPU_BY_SECONDS[seconds] = statistics.median(cpus)
    return seconds, max(r[1] for r in runs)


def report(
    title: str,
    rows: list[tuple[str, float, float]],
    baseline: str,
    goal_ratio: float | None = None,
    goal_mib: float | None = None,
) -> None:
    """Print medians, ratios to the named baseline row, and peak memory, with the goals."""
    base = dict((name, secs) for name, secs, _ in rows)[baseline]
    base_cpu = CPU_BY_SECONDS.get(base)
    print(f"\n{title}")
    print(f"{'what':<48}{'median s':>10}{'ratio':>9}{'peak MiB':>10}{'cpu s':>9}{'cpu ratio':>11}")
    for name, secs, peak in rows:
        cpu = CPU_BY_SECONDS.get(secs)
        cpu_text = f"{cpu:>9.2f}{cpu / base_cpu:>11.3f}" if cpu is not None and base_cpu else ""
        print(f"{name:<48}{secs:>10.2f}{secs / base:>9.3f}{peak:>10.0f}{cpu_text}")
    goals = []
    if goal_ratio is not None:
        goals.append(f"ratio ≤ {goal_ratio:.3g}")
    if goal_mib is not None:
        goals.append(f"peak ≤ {goal_mib:.0f} MiB")
    if goals:
        print("goals: " + ", ".join(goals) + f" (baseline: {baseline})")
