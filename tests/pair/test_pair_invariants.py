"""Invariants of the complementarity kernels on random panels (Hypothesis; DuckDB, as the hand-computed
tests already run every kernel on both engines)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.indicators.complementarity import export_similarity, grubel_lloyd, trade_complementarity

CON = connect("duckdb")
values = st.lists(st.tuples(st.floats(0, 1e9), st.floats(0, 1e9)), min_size=1, max_size=12)


def _panel(pairs):
    return from_arrow(
        CON,
        pa.table(
            {
                "year": [1] * len(pairs),
                "product": [str(i) for i in range(len(pairs))],
                "a": [p[0] for p in pairs],
                "b": [p[1] for p in pairs],
            }
        ),
    )


def _one(expr, column):
    return to_arrow(CON, expr)[column][0].as_py()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_indices_stay_in_range_and_esi_is_symmetric(pairs):
    panel = _panel(pairs)
    has_a, has_b = sum(p[0] for p in pairs) > 0, sum(p[1] for p in pairs) > 0
    tci = _one(trade_complementarity(panel, exports="a", imports="b", by=["year"]), "tci")
    esi_ab = _one(export_similarity(panel, a="a", b="b", by=["year"]), "esi")
    esi_ba = _one(export_similarity(panel, a="b", b="a", by=["year"]), "esi")
    if not (has_a and has_b):
        assert tci is None and esi_ab is None
        return
    assert -1e-9 <= tci <= 100 + 1e-9
    assert esi_ab == pytest.approx(esi_ba)
    assert tci == pytest.approx(esi_ab)  # Σ|m − x| / 2 = 1 − Σ min(m, x) for two share vectors
    gl = _one(grubel_lloyd(panel, exports="a", imports="b", by=["year"]), "gl")
    assert -1e-9 <= gl <= 1 + 1e-9


@settings(max_examples=20, deadline=None)
@given(values)
def test_a_country_is_fully_similar_to_itself(pairs):
    panel = _panel(pairs)
    if sum(p[0] for p in pairs) == 0:
        return
    assert _one(export_similarity(panel, a="a", b="a", by=["year"]), "esi") == pytest.approx(100.0)
    assert _one(trade_complementarity(panel, exports="a", imports="a", by=["year"]), "tci") == pytest.approx(100.0)
