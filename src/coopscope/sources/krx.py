"""The KRX listing reader, kept importable here; it lives in :mod:`coopscope.firms.krx` (below the sources layer)."""

from __future__ import annotations

from coopscope.firms.krx import COLUMNS, load_krx_listing

__all__ = ["COLUMNS", "load_krx_listing"]
