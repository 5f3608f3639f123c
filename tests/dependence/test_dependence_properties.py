"""Invariants on random flows (DuckDB only; Spark is covered by the hand-made cases).

Shares of each (importer, product) sum to 1; 1/n ≤ HHI ≤ 1; HHI ≤ the top supplier's share.
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
from dependence_helpers import trade_table
from hypothesis import HealthCheck, given, settings

from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.indicators.dependence import dependence_indicators, supplier_shares

CODES = ("CHN", "DEU", "JPN", "KOR", "USA")
PRODUCTS = ("010101", "020202")
KEY = st.tuples(st.sampled_from((2021, 2022)), st.sampled_from(CODES), st.sampled_from(CODES),
                st.sampled_from(PRODUCTS)).filter(lambda k: k[1] != k[2])  # fmt: skip
VALUE = st.one_of(st.just(0.0), st.floats(min_value=1.0, max_value=1e11, allow_nan=False))
FLOWS = st.dictionaries(KEY, VALUE, min_size=1, max_size=25)
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _trade(flows):
    return trade_table([(*key, value) for key, value in sorted(flows.items())])


@SETTINGS
@given(FLOWS)
def test_shares_sum_to_one(flows):
    con = connect("duckdb")
    got = to_arrow(con, supplier_shares(from_arrow(con, _trade(flows)))).to_pandas()
    positive = {k for k, v in flows.items() if v > 0}
    assert len(got) == len(positive)
    for _, group in got.groupby(["year", "importer", "product"]):
        assert math.isclose(group.share.sum(), 1.0, rel_tol=1e-12)
        assert (group.share > 0).all()


@SETTINGS
@given(FLOWS)
def test_hhi_bounds(flows):
    con = connect("duckdb")
    got = to_arrow(con, dependence_indicators(from_arrow(con, _trade(flows)))).to_pandas()
    eps = 1e-12
    for row in got.itertuples():
        assert 1 / row.n_suppliers - eps <= row.hhi <= 1 + eps
        assert row.hhi <= row.top_supplier_share + eps
        assert row.top_supplier_share <= row.top3_share + eps <= 1 + 2 * eps
