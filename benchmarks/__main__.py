"""Run benchmarks: ``python -m benchmarks`` lists them, ``python -m benchmarks NAME [args]`` runs one.

Each ``benchmarks/bench_NAME.py`` has ``main(argv) -> int``. A benchmark measures coopscope and a
baseline in the same run, repeats each a few times, and prints medians, their ratio and peak
memory, because the machines are shared and noisy.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _names() -> list[str]:
    return sorted(m.name[6:] for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))


def main(argv: list[str]) -> int:
    names = _names()
    if not argv or argv[0] not in names:
        print("benchmarks:", ", ".join(names) or "none")
        print("usage: python -m benchmarks NAME [options]   (each has --help)")
        return 0 if not argv else 2
    module = importlib.import_module(f"benchmarks.bench_{argv[0]}")
    from benchmarks.common import BenchmarkError

    try:
        return int(module.main(argv[1:]) or 0)
    except BenchmarkError as exc:
        print(f"benchmark {argv[0]} failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
