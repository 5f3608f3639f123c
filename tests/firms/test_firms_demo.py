"""The demo: real KRX list + synthetic financials and Chinese firms, matched in every AI area."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from coopscope.firms.api import SHEET_COLUMNS, firms_sheet, match
from coopscope.firms.synth import synthetic_firms

AREAS = {"ai-semiconductors", "smart-mobility", "digital-health", "robotics", "smart-city"}


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return synthetic_firms(seed=0)


def test_demo_returns_explained_pairs_in_each_ai_area(demo) -> None:  # type: ignore[no-untyped-def]
    table = match(demo, "KOR", "CHN", top=5)
    assert set(table["area"].to_pylist()) == AREAS
    for area in AREAS:
        rows = [r for r in table.to_pylist() if r["area"] == area]
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1)) and rows
        assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
        for r in rows:
            assert r["firm_a"].startswith("KOR:") and r["firm_b"].startswith("CHN:SYN")
            assert " links " in r["reasons"] and "chain " in r["reasons"] and r["products_a"] and r["products_b"]
    assert pc.all(table["synthetic"]).as_py()


def test_robotics_top_50(demo) -> None:  # type: ignore[no-untyped-def]
    table = match(demo, "KOR", "CHN", area="robotics", top=50)
    assert table.num_rows == 50 and set(table["area"].to_pylist()) == {"robotics"}
    counts = pc.value_counts(table["firm_a"]).field("counts").to_pylist()
    assert max(counts) <= 3  # no firm fills the list


def test_firms_sheet_for_the_report(demo) -> None:  # type: ignore[no-untyped-def]
    sheet = firms_sheet(demo, top=2)
    assert tuple(sheet.column_names) == SHEET_COLUMNS
    assert sheet.num_rows == 10 and pc.all(sheet["synthetic"]).as_py()
