"""Fixtures of the firms tests (history builders are in firms_helpers.py)."""

from __future__ import annotations

import pyarrow as pa
import pytest


@pytest.fixture
def tiny_lens() -> pa.Table:
    """Product → ISIC Rev.4, 소부장 class and AI areas for a handful of HS6 codes."""
    rows = [
        ("847950", "2829", "equipment", "robotics"),
        ("848340", "2814", "parts", "robotics;smart-mobility"),
        ("850152", "2710", "parts", "robotics"),
        ("854231", "2610", "parts", "ai-semiconductors"),
        ("848620", "2824", "equipment", "ai-semiconductors"),
        ("850760", "2720", "parts", "smart-mobility"),
        ("901812", "2660", "equipment", "digital-health"),
        ("852589", "2630", "parts", "smart-city"),
        ("040110", "1050", "consumer", ""),
    ]
    return pa.Table.from_pylist(
        [dict(zip(("product", "isic4", "mpe_class", "ai_areas"), r, strict=True)) for r in rows]
    )
