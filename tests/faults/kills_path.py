"""The kill harness lives with the benchmarks (``benchmarks/kills.py``); this puts it on the path."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.kills import KillReport, run_kills  # noqa: E402

__all__ = ["KillReport", "run_kills"]
