"""Fixtures of the beyond tests (what-if, opportunities, sensitivity, mirror): hand-made tables."""

from __future__ import annotations

import pyarrow as pa
import pytest
from beyond_data import FLOWS, P1, P2, trade_arrow, write_store


@pytest.fixture
def whatif_trade() -> pa.Table:
    return trade_arrow(FLOWS)


@pytest.fixture
def groups() -> pa.Table:
    return pa.table({"product": [P1, P1, P2], "group": ["mpe:parts", "ai:ai-semiconductors", "mpe:parts"]})


@pytest.fixture(scope="module")
def whatif_store(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("whatif"), FLOWS)
