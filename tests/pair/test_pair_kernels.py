"""Hand-computed checks of the complementarity kernels (METHODS.md §3.2) on every engine."""

from __future__ import annotations

import math

import pyarrow as pa
import pytest

from coopscope.engine import from_arrow, to_arrow
from coopscope.indicators.complementarity import (
    balassa_rca,
    export_similarity,
    grubel_lloyd,
    grubel_lloyd_products,
    trade_complementarity,
    trade_intensity,
)

# Group g1: products p1..p3. Group g2: A exports nothing (a partner absent from every product).
PANEL = pa.table(
    {
        "year": [2022] * 5,
        "group": ["g1", "g1", "g1", "g2", "g2"],
        "product": ["p1", "p2", "p3", "p4", "p5"],
        "x_a_w": [60.0, 40.0, 0.0, 0.0, 0.0],
        "m_b_w": [20.0, 30.0, 50.0, 10.0, 0.0],
        "x_b_w": [0.0, 50.0, 50.0, 5.0, 5.0],
        "x_a_b": [10.0, 5.0, 0.0, 0.0, 0.0],
        "x_b_a": [30.0, 0.0, None, 0.0, 0.0],
        "x_w": [200.0, 200.0, 100.0, 50.0, 50.0],
    }
)
BY = ["year", "group"]


def _rows(engine, expr, key="group"):
    return {r[key]: r for r in to_arrow(engine, expr).to_pylist()}


def test_tci_by_hand(engine):
    got = _rows(engine, trade_complementarity(from_arrow(engine, PANEL), exports="x_a_w", imports="m_b_w", by=BY))
    # x = (.6, .4, 0), m = (.2, .3, .5): Σ|m − x| = 1.0 → 100 (1 − 0.5) = 50.
    assert got["g1"]["tci"] == pytest.approx(50.0)
    assert got["g2"]["tci"] is None  # no exports in the group: undefined, not 0 or 100


def test_tci_perfect_match_is_100_and_no_overlap_is_0(engine):
    t = pa.table(
        {"year": [1, 1, 2, 2], "product": ["a", "b", "a", "b"], "x": [3.0, 1.0, 5.0, 0.0], "m": [6.0, 2.0, 0.0, 7.0]}
    )
    got = _rows(engine, trade_complementarity(from_arrow(engine, t), exports="x", imports="m", by=["year"]), "year")
    assert got[1]["tci"] == pytest.approx(100.0)
    assert got[2]["tci"] == pytest.approx(0.0)


def test_esi_by_hand(engine):
    got = _rows(engine, export_similarity(from_arrow(engine, PANEL), a="x_a_w", b="x_b_w", by=BY))
    # a = (.6, .4, 0), b = (0, .5, .5): Σ min = 0.4 → 40.
    assert got["g1"]["esi"] == pytest.approx(40.0)
    assert got["g2"]["esi"] is None


def test_gl_per_product_and_weighted(engine):
    panel = from_arrow(engine, PANEL)
    per = _rows(engine, grubel_lloyd_products(panel, exports="x_a_b", imports="x_b_a"), "product")
    assert per["p1"]["gl"] == pytest.approx(0.5)  # 1 − |10 − 30| / 40
    assert per["p2"]["gl"] == pytest.approx(0.0)  # one-way trade
    assert per["p3"]["gl"] is None  # no bilateral trade (one side null, read as zero)
    agg = _rows(engine, grubel_lloyd(panel, exports="x_a_b", imports="x_b_a", by=BY))
    assert agg["g1"]["gl"] == pytest.approx(1 - 25 / 45)
    assert agg["g2"]["gl"] is None


def test_trade_intensity_by_hand(engine):
    expr = trade_intensity(
        from_arrow(engine, PANEL),
        bilateral="x_a_b",
        exporter_total="x_a_w",
        importer_total="m_b_w",
        world_total="x_w",
        by=BY,
    )
    got = _rows(engine, expr)
    assert got["g1"]["tii"] == pytest.approx((15 / 100) / (100 / 500))
    assert got["g2"]["tii"] is None  # A exports nothing in g2


def test_balassa_rca_by_hand(engine):
    expr = balassa_rca(from_arrow(engine, PANEL), exports="x_a_w", world="x_w", by=["year"])
    got = _rows(engine, expr, "product")
    # X_a = 100, X_w = 600: p1 = (60/100)/(200/600) = 1.8.
    assert got["p1"]["rca"] == pytest.approx(1.8)
    assert got["p2"]["rca"] == pytest.approx(1.2)
    assert got["p3"]["rca"] == pytest.approx(0.0)
    weighted = sum(r["rca"] * r["x_w"] for r in got.values()) / sum(r["x_w"] for r in got.values())
    assert math.isclose(weighted, 1.0)  # the world-weighted mean of an RCA is 1
