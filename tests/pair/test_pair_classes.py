"""Every pair class decided on constructed cases, and the group indicators behind the balance, on every engine."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pair_data import M

from coopscope.engine import connect, engine_name, from_arrow, to_arrow
from coopscope.pair import PairParams, pair_tables

_CACHE: dict = {}


def _run(engine, pair_inputs, params=None):
    # Spark needs seconds per query: compute each (engine, params) once for the module.
    key = (engine_name(engine), params)
    if key not in _CACHE:
        _CACHE[key] = _compute(engine, pair_inputs, params)
    return _CACHE[key]


def _compute(engine, pair_inputs, params):
    trade, dependence, lenses = pair_inputs
    tables = pair_tables(
        engine,
        from_arrow(engine, trade),
        from_arrow(engine, dependence),
        a="KOR",
        b="CHN",
        suppliers=("USA", "JPN", "DEU"),
        params=params or PairParams(),
        lenses=lenses,
    )
    products = to_arrow(engine, tables.products).to_pylist()
    classes = {(r["product"], r["pair_class"], r["direction"]): r for r in products}
    indicators = {r["group"]: r for r in to_arrow(engine, tables.indicators).to_pylist()}
    return classes, indicators


def _products(classes, pair_class, direction=None):
    return {p for (p, c, d) in classes if c == pair_class and (direction is None or d == direction)}


def test_every_class_on_constructed_cases(engine, pair_inputs):
    classes, _ = _run(engine, pair_inputs)
    assert _products(classes, "shared_vulnerability") == {"100001", "100002"}
    assert _products(classes, "substitution_a_to_b") == {"100004"}
    assert _products(classes, "substitution_b_to_a") == set()  # KOR is dependent only where CHN has no scale
    assert "100005" in _products(classes, "complementary", "b_to_a")
    assert "100004" in _products(classes, "complementary", "a_to_b")
    assert _products(classes, "competing") == {"100006"}  # 100007: strong, but in different markets
    assert not any(p == "999999" for p, _, _ in classes)


def test_numbers_behind_the_classes(engine, pair_inputs):
    classes, _ = _run(engine, pair_inputs)
    shared = classes[("100001", "shared_vulnerability", "both")]
    assert shared["value_usd"] == pytest.approx(310 * M)  # KOR 110 + CHN 200 from third countries
    sub = classes[("100004", "substitution_a_to_b", "a_to_b")]
    # KOR ships 80 elsewhere; CHN buys 50 from third countries → all of it could be covered.
    assert sub["coverable_a_to_b_usd"] == pytest.approx(50 * M)
    assert sub["coverage_a_to_b"] == pytest.approx(1.0)
    assert sub["value_usd"] == pytest.approx(50 * M)
    comp = classes[("100006", "competing", "both")]
    assert comp["market_overlap_usd"] == pytest.approx(60 * M)  # min(40, 50) + min(20, 30)
    assert comp["market_similarity"] == pytest.approx(100 * (min(40 / 60, 50 / 80) + min(20 / 60, 30 / 80)))
    cpl = classes[("100005", "complementary", "b_to_a")]
    assert cpl["value_usd"] == pytest.approx(50 * M)  # min(CHN exports 130, KOR imports 50)
    assert cpl["gl_bilateral"] == pytest.approx(0.0)  # CHN→KOR 30, KOR→CHN nothing: one-way trade
    assert classes[("100006", "competing", "both")]["gl_bilateral"] is None  # no bilateral trade at all
    assert shared["top_supplier_a"] == "JPN" and shared["dependent_b"] is True


@pytest.mark.parametrize(
    ("change", "pair_class"),
    [
        ({"scale_min_usd": 86 * M}, "substitution_a_to_b"),
        ({"market_similarity_min": 99.0}, "competing"),
        ({"group_share_min": 1.0}, "shared_vulnerability"),
    ],
    ids=["scale", "same-markets", "group-share"],
)
def test_thresholds_decide(pair_inputs, change, pair_class):
    engine = connect("duckdb")  # the thresholds are engine-independent; the classes are checked on both
    classes, _ = _run(engine, pair_inputs, replace(PairParams(), **change))
    expected = {"substitution_a_to_b": set(), "competing": set(), "shared_vulnerability": {"100001"}}
    assert _products(classes, pair_class) == expected[pair_class]


def test_group_indicators_and_balance(engine, pair_inputs):
    _, ind = _run(engine, pair_inputs)
    assert {"all", "mpe:parts", "mpe:materials", "tech:high", "ai:semiconductors", "ai:batteries"} <= set(ind)
    semis = ind["ai:semiconductors"]  # 100001, 100002, 100006
    assert semis["shared_vulnerability_usd"] == pytest.approx((310 + 160) * M)
    assert semis["competing_usd"] == pytest.approx(60 * M)
    assert semis["cooperation_ratio"] == pytest.approx(semis["cooperation_usd"] / (60 * M))
    batteries = ind["ai:batteries"]  # 100002, 100004: nothing competes
    assert batteries["competing_usd"] == 0 and batteries["cooperation_ratio"] is None
    # bilateral trade is one-way in each product (KOR→CHN 5 in 100004, CHN→KOR 30 in 100005): GL = 0
    assert ind["all"]["gl_bilateral"] == pytest.approx(0.0)
    assert ind["all"]["tii_a_to_b"] == pytest.approx((5 / 185) / (400 / 7075))
    # in the USA market KOR ships only 100006; CHN ships 100005 (100) and 100006 (50): Σ min = 1/3
    assert ind["all"]["esi_usa"] == pytest.approx(100 / 3)
    assert ind["mpe:materials"]["esi_usa"] is None  # neither ships materials to the USA


def test_cooperation_balance_counts_each_product_once() -> None:
    import ibis

    from coopscope.pair.indicators import cooperation_balance

    classes = ibis.memtable(
        {
            "year": [2022] * 5,
            "group": ["all"] * 5,
            "product": ["000001", "000001", "000001", "000002", "000003"],
            "pair_class": ["shared_vulnerability", "complementary", "complementary", "competing", "competing"],
            "value_usd": [10.0, 30.0, 5.0, 4.0, 6.0],
        }
    )
    row = cooperation_balance(classes).to_pyarrow().to_pylist()[0]
    assert row["shared_vulnerability_usd"] == 10.0 and row["complementary_usd"] == 35.0  # per class: all rows
    assert row["cooperation_usd"] == 30.0  # product 000001 once, at its largest cooperative value
    assert row["competing_usd"] == 10.0 and row["cooperation_ratio"] == 3.0
