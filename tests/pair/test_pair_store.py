"""The pair analysis end to end on a small constructed store, through the real dependence module."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from coopscope.errors import OptionError
from coopscope.pair import PairParams, analyse_pair

DESIGNED = {
    ("100001", "shared_vulnerability"),
    ("100002", "shared_vulnerability"),
    ("100004", "complementary"),
    ("100004", "substitution_a_to_b"),
    ("100005", "complementary"),
    ("100006", "competing"),
}


def test_designed_classes_through_the_dependence_module(engine, small_store):
    result = analyse_pair(small_store, year=2022, params=PairParams(method="geodep"), con=engine)
    got = set(zip(result.products["product"].to_pylist(), result.products["pair_class"].to_pylist(), strict=True))
    assert got == DESIGNED
    overall = result.indicators.filter(pc.equal(result.indicators["group"], "all")).to_pylist()
    # GeoDep cannot decide for the store's first year: it is left out of every view over time, with a note
    assert [r["year"] for r in overall] == [2021, 2022]
    assert any("geodep cannot decide for 2020" in n for n in result.notes)
    assert 2020 not in result.dependence_trend["year"].to_pylist()
    assert overall[-1]["eci_a"] is not None and overall[-1]["eci_a"] != overall[-1]["eci_b"]
    assert result.synthetic and result.sides.num_rows == 8
    assert result.sides["pci"].null_count < result.sides.num_rows  # product complexity of the report year


def test_same_partner_twice_is_an_option_error(small_store):
    with pytest.raises(OptionError, match="same country"):
        analyse_pair(small_store, a="KOR", b="kor")
