"""Technology-content score and the synthetic demo firms."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from coopscope.firms.screen import screen
from coopscope.firms.tech_score import tech_content
from coopscope.sources.synth_firms import synthetic_firms


def test_industry_only_score_is_the_class_points() -> None:
    assert tech_content("261", {}).score == 1.0  # semiconductors: high
    assert tech_content("282", {}).score == 0.75  # special-purpose machinery: medium-high
    assert tech_content("241", {}).score == 0.5
    assert tech_content("46", {}).score == 0.0


def test_full_score_combines_the_three_components() -> None:
    got = tech_content("282", {"rd_expense": 5.0, "revenue": 100.0, "invention_patents": 3, "employees": 200})
    # 0.4 × 0.75 + 0.4 × (5 % / 10 %) + 0.2 × (1.5 per 100 staff / 5)
    assert got.score == pytest.approx(0.4 * 0.75 + 0.4 * 0.5 + 0.2 * 0.3)
    assert got.tech_class == "medium-high" and "R&D/revenue 5.0%" in got.reason


def test_components_are_capped_at_one() -> None:
    got = tech_content("261", {"rd_expense": 50.0, "revenue": 100.0, "invention_patents": 500, "employees": 10})
    assert got.score == 1.0


def test_missing_components_rescale_and_say_so() -> None:
    got = tech_content(None, {"rd_expense": 2.0, "revenue": 100.0})
    assert got.score == pytest.approx(0.2) and "rescaled by 0.4" in got.reason
    none = tech_content(None, {})
    assert none.score is None and none.reason.startswith("cannot score: missing industry")


def test_synthetic_demo_is_deterministic_and_marked() -> None:
    a, b = synthetic_firms(seed=3), synthetic_firms(seed=3)
    assert a.financials.equals(b.financials) and a.firms.equals(b.firms)
    assert not synthetic_firms(seed=4).financials.equals(a.financials)
    assert pc.all(a.financials["synthetic"]).as_py()
    assert set(a.firms["country"].to_pylist()) == {"KOR", "CHN"} and pc.all(a.firms["synthetic"]).as_py()
    for row in a.firms.to_pylist():  # invented on both sides: "Demo" in three languages, no real identifiers
        assert row["name_romanised"].startswith("Demo ") and row["name"].startswith(("데모", "演示"))
        assert row["stock_code"] is None and row["registration_no"] is None
    table = screen(a)
    assert pc.all(table["synthetic"]).as_py()
    classes = set(table["size_class"].to_pylist())
    assert {"SME", "mid-sized", "large", "medium", "small"} <= classes
