"""The demo firms: invented on both sides, drawn from the synthetic world, matched on product evidence."""

from __future__ import annotations

import pyarrow.compute as pc
import pytest

from coopscope.firms.api import SHEET_COLUMNS, firms_sheet, match
from coopscope.firms.products import infer_hs_codes
from coopscope.sources.synth_firms import synthetic_firms

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
        for r in rows:
            assert r["firm_a"].startswith("KOR:DEMO-") and r["firm_b"].startswith("CHN:DEMO-")
            assert r["reasons"].startswith("evidence: ") and " links " in r["reasons"] and "chain " in r["reasons"]
        # product evidence first, then the score
        keys = [(-r["evidence"], -r["score"]) for r in rows]
        assert keys == sorted(keys)
        assert rows[0]["evidence"] >= 1, rows[0]["reasons"]  # the top pair shares or chains stated products
    assert pc.all(table["synthetic"]).as_py()


def test_a_shared_product_is_stated_by_both_firms(demo) -> None:  # type: ignore[no-untyped-def]
    table = match(demo, "KOR", "CHN", top=20).to_pylist()
    stated = {  # a firm's own statements: declared HS codes and the headings its product words name
        f["firm_id"]: f["hs_codes"].split(";") + (infer_hs_codes(f["products_text"]) or "").split(";")
        for f in demo.firms.to_pylist()
    }
    shared = [r for r in table if r["evidence"] == 2]
    assert shared
    for r in shared:
        named = r["reasons"].split("shared HS6 ")[1].split(" stated")[0].split(", ")
        for code, firm in ((c, f) for c in named for f in (r["firm_a"], r["firm_b"])):
            assert any(p and code.startswith(p) for p in stated[firm]), (code, firm, stated[firm])


def test_demo_firms_follow_the_worlds_specialisation(demo) -> None:  # type: ignore[no-untyped-def]
    """Korea's chip firms make memories and processors more often than China's do (the world's mix)."""
    rows = demo.firms.to_pylist()

    def chip_share(country: str) -> float:
        firms = [r for r in rows if r["country"] == country and "Chip" in r["name_romanised"]]
        return sum(r["hs_codes"].split(";")[0].startswith("8542") for r in firms) / len(firms)

    assert chip_share("KOR") >= chip_share("CHN")


@pytest.mark.parametrize("area", sorted(AREAS))
def test_no_firm_more_than_twice_in_an_area(demo, area: str) -> None:  # type: ignore[no-untyped-def]
    table = match(demo, "KOR", "CHN", area=area, top=20)
    assert table.num_rows >= 5 and set(table["area"].to_pylist()) == {area}
    for side in ("firm_a", "firm_b"):
        assert max(pc.value_counts(table[side]).field("counts").to_pylist()) <= 2


def test_firms_sheet_for_the_report(demo) -> None:  # type: ignore[no-untyped-def]
    sheet = firms_sheet(demo, top=2)
    assert tuple(sheet.column_names) == SHEET_COLUMNS
    assert sheet.num_rows == 10 and pc.all(sheet["synthetic"]).as_py()
