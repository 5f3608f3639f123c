"""Chinese size classes (MIIT 2011) and the testable 专精特新 "little giant" criteria at their boundaries."""

from __future__ import annotations

from typing import Any

import pytest
from firms_helpers import MAN, cn_history

from coopscope.firms.screen import screen_firm
from coopscope.firms.screen_cn import classify_cn, little_giant

YI = 1e8  # 亿元


def firm(division: str = "39", founded: int | None = 2015) -> dict[str, Any]:
    return {"firm_id": "CHN:T", "country": "CHN", "industry_code": division, "founded_year": founded}


# (GB/T 4754 division, employees, revenue_cny, expected) written out from 工信部联企业〔2011〕300号.
INDUSTRY = [
    ("39", 999, 10 * YI, "medium"),  # employees < 1000 → SME; ≥300 & ≥2000万 → medium
    ("39", 1000, 4 * YI, "large"),  # both ceilings reached
    ("39", 1000, 4 * YI - 1, "medium"),  # revenue just under 4亿
    ("39", 300, 2000 * MAN, "medium"),
    ("39", 299, 2000 * MAN, "small"),
    ("39", 300, 2000 * MAN - 1, "small"),
    ("39", 20, 300 * MAN, "small"),
    ("39", 19, 300 * MAN, "micro"),
    ("39", 20, 300 * MAN - 1, "micro"),
    ("65", 300, 1 * YI, "large"),  # 软件和信息技术服务业
    ("65", 299, 5 * YI, "medium"),
    ("65", 100, 1000 * MAN, "medium"),
    ("65", 99, 1000 * MAN, "small"),
    ("65", 10, 50 * MAN, "small"),
    ("65", 10, 50 * MAN - 1, "micro"),
    ("64", 2000, 10 * YI, "large"),  # 信息传输业
    ("64", 1999, 10 * YI, "medium"),
    ("64", 10, 100 * MAN, "small"),
    ("64", 9, 100 * MAN, "micro"),
    ("51", 200, 4 * YI, "large"),  # 批发业
    ("51", 20, 5000 * MAN, "medium"),
    ("51", 19, 5000 * MAN, "small"),
    ("51", 5, 1000 * MAN, "small"),
    ("51", 4, 1000 * MAN, "micro"),
    ("52", 300, 2 * YI, "large"),  # 零售业
    ("52", 50, 500 * MAN, "medium"),
    ("52", 49, 500 * MAN, "small"),
    ("54", 1000, 3 * YI, "large"),  # 交通运输业
    ("54", 300, 3000 * MAN, "medium"),
    ("73", 300, None, "large"),  # 其他未列明行业: employees only
    ("73", 299, None, "medium"),
    ("73", 100, None, "medium"),
    ("73", 99, None, "small"),
    ("73", 9, None, "micro"),
]


@pytest.mark.parametrize(
    ("division", "employees", "revenue", "expected"), INDUSTRY, ids=[f"{d}-{e}-{r}" for d, e, r, _ in INDUSTRY]
)
def test_miit_bands(division: str, employees: float, revenue: float | None, expected: str) -> None:
    assert classify_cn(firm(division), cn_history(revenue, employees)).size_class == expected


@pytest.mark.parametrize(
    ("revenue", "assets", "expected"),
    [
        (8 * YI, 8 * YI, "large"),
        (8 * YI - 1, 9 * YI, "medium"),
        (6000 * MAN, 5000 * MAN, "medium"),
        (6000 * MAN, 5000 * MAN - 1, "small"),
        (300 * MAN, 300 * MAN, "small"),
        (299 * MAN, 300 * MAN, "micro"),
    ],
)
def test_construction_uses_revenue_and_assets(revenue: float, assets: float, expected: str) -> None:
    assert classify_cn(firm("47"), cn_history(revenue, None, assets)).size_class == expected


def test_leasing_and_business_services_use_employees_and_assets() -> None:
    assert classify_cn(firm("72"), cn_history(1e9, 300, 12 * YI)).size_class == "large"
    assert classify_cn(firm("72"), cn_history(1e9, 100, 8000 * MAN)).size_class == "medium"
    assert classify_cn(firm("72"), cn_history(1e9, 100, 8000 * MAN - 1)).size_class == "small"


def test_missing_employees_decides_when_revenue_suffices_and_says_so_otherwise() -> None:
    undecided = classify_cn(firm("39"), cn_history(5 * YI, None))
    assert undecided.size_class == "cannot decide" and "missing employees" in undecided.reason
    band = classify_cn(firm("39"), cn_history(3 * YI, None))  # SME by revenue, band needs employees
    assert band.size_class == "cannot decide" and "employees" in band.reason and "SME" in band.reason


@pytest.mark.parametrize("division", [None, "99", "x"])
def test_unknown_industry_is_cannot_decide(division: str | None) -> None:
    result = classify_cn(firm(division or ""), cn_history(1 * YI, 100))
    assert result.size_class == "cannot decide"
    assert "missing industry" in result.reason


def giant_history(**change: Any) -> list[dict[str, Any]]:
    rows = []
    for i, year in enumerate((2022, 2023, 2024)):
        main = 1.8 * YI * 1.10**i
        rows.append(
            {
                "fiscal_year": year,
                "currency": "CNY",
                "revenue": main / 0.9,
                "main_business_revenue": main,
                "rd_expense": main / 0.9 * 0.08,
                "employees": 400,
                "total_assets": 3 * YI,
                "debt_ratio": 0.5,
                "invention_patents": 5,
            }
        )
    rows[-1].update(change)
    return rows


def giant(history: list[dict[str, Any]], founded: int = 2015) -> tuple[str, str]:
    f = firm("39", founded)
    result, reason, _ = little_giant(f, history, classify_cn(f, history))
    return result, reason


def test_a_firm_meeting_every_testable_criterion_passes() -> None:
    assert giant(giant_history())[0] == "passes testable criteria"


@pytest.mark.parametrize(
    ("change", "ok"),
    [
        ({"debt_ratio": 0.70}, True),
        ({"debt_ratio": 0.7001}, False),
        ({"invention_patents": 2}, True),
        ({"invention_patents": 1}, False),
    ],
)
def test_little_giant_boundaries(change: dict[str, Any], ok: bool) -> None:
    result, reason = giant(giant_history(**change))
    assert result == ("passes testable criteria" if ok else "fails"), reason


def test_main_business_share_boundary() -> None:
    hist = giant_history()
    hist[-1]["revenue"] = hist[-1]["main_business_revenue"] / 0.70
    hist[-1]["rd_expense"] = hist[-1]["revenue"] * 0.08
    assert giant(hist)[0] == "passes testable criteria"
    hist[-1]["revenue"] = hist[-1]["main_business_revenue"] / 0.6999
    result, reason = giant(hist)
    assert result == "fails" and "main-business share" in reason


def test_main_business_growth_boundary() -> None:
    hist = giant_history()
    for row, value in zip(hist, (1.0 * YI, 1.05 * YI, 1.05**2 * YI), strict=True):
        row["main_business_revenue"], row["revenue"] = value, value / 0.9
    assert giant(hist)[0] == "passes testable criteria"
    hist[-1]["main_business_revenue"] = 1.05 * YI * 1.0499
    hist[-1]["revenue"] = hist[-1]["main_business_revenue"] / 0.9
    result, reason = giant(hist)
    assert result == "fails" and "growth" in reason


@pytest.mark.parametrize(("founded", "ok"), [(2021, True), (2022, False)])
def test_years_in_business(founded: int, ok: bool) -> None:
    assert (giant(giant_history(), founded)[0] == "passes testable criteria") is ok


def test_rd_intensity_top_band_needs_three_percent_in_each_of_two_years() -> None:
    hist = giant_history()
    hist[-2]["rd_expense"] = hist[-2]["revenue"] * 0.03
    assert giant(hist)[0] == "passes testable criteria"
    hist[-2]["rd_expense"] = hist[-2]["revenue"] * 0.0299
    result, reason = giant(hist)
    assert result == "fails" and "R&D/revenue 2023" in reason


@pytest.mark.parametrize(("intensity", "ok"), [(0.06, True), (0.0599, False)])
def test_rd_intensity_middle_band_six_percent(intensity: float, ok: bool) -> None:
    hist = giant_history()
    for row in hist:
        row["revenue"] = 0.6 * YI
        row["main_business_revenue"] = row["main_business_revenue"] / 3.0
        row["rd_expense"] = 0.6 * YI * intensity
    hist[-1]["revenue"] = 1 * YI - 1
    hist[-1]["main_business_revenue"] = 0.9 * hist[-1]["revenue"]
    hist[-1]["rd_expense"] = hist[-1]["revenue"] * intensity
    result, reason = giant(hist)
    assert (result == "passes testable criteria") is ok, reason


@pytest.mark.parametrize(
    ("fin", "rd", "staff", "ok"),
    [
        (8000 * MAN, 3000 * MAN, 0.5, True),
        (8000 * MAN - 1, 3000 * MAN, 0.5, False),
        (8000 * MAN, 3000 * MAN - 1, 0.5, False),
        (8000 * MAN, 3000 * MAN, 0.49, False),
    ],
)
def test_rd_low_band_financing_rd_and_staff(fin: float, rd: float, staff: float, ok: bool) -> None:
    hist = giant_history(
        revenue=0.45 * YI, main_business_revenue=0.44 * YI, equity_financing=fin, rd_expense=rd, rd_staff_share=staff
    )
    for row, main in zip(hist[:2], (0.38 * YI, 0.41 * YI), strict=True):
        row["main_business_revenue"] = main
    result, reason = giant(hist)
    assert (result == "passes testable criteria") is ok, reason


def test_large_firm_is_not_a_little_giant() -> None:
    hist = giant_history(employees=5000, revenue=50 * YI, main_business_revenue=45 * YI, rd_expense=4 * YI)
    result, reason = giant(hist)
    assert result == "fails" and "MIIT class large" in reason


def test_missing_patents_is_cannot_decide_and_untested_criteria_are_listed() -> None:
    row = screen_firm({**firm(), "name": "x"}, giant_history(invention_patents=None))
    assert row["specialised_result"] == "cannot decide"
    assert "invention_patents" in row["specialised_reason"]
    assert "niche market share" in row["specialised_not_tested"]
    assert row["specialised_rule"].startswith("CN-LITTLE-GIANT-2022")
