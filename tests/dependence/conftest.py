"""Fixtures of the dependence tests."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from dependence_helpers import seafood_arrow


@pytest.fixture(scope="session")
def seafood() -> pa.Table:
    return seafood_arrow(Path(__file__).parent.parent / "data")
