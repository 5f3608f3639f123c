"""Fixtures for the foundation tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from core_helpers import ROWS, write_release


@pytest.fixture
def release(tmp_path: Path) -> Path:
    return write_release(tmp_path / "release", {2021: ROWS[:2], 2022: ROWS})
