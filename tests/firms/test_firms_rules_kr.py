"""Korean size rules at their boundaries: 별표1 ceilings, asset cap, independence, 중견기업 exclusions."""

from __future__ import annotations

import pytest
from firms_helpers import EOK, kr_history

from coopscope.firms.screen_kr import classify_kr

# 중소기업기본법 시행령 별표1 ceilings (3-year average sales), written out from the statute, not the rule file.
CEILINGS_EOK = {
    "C14": 1500,
    "C15": 1500,
    "C17": 1500,
    "C24": 1500,
    "C28": 1500,
    "C32": 1500,
    "A01": 1000,
    "B05": 1000,
    "C10": 1000,
    "C20": 1000,
    "C26": 1000,
    "C29": 1000,
    "C30": 1000,
    "D35": 1000,
    "E36": 1000,
    "F41": 1000,
    "G46": 1000,
    "C11": 800,
    "C21": 800,
    "C23": 800,
    "C27": 800,
    "C33": 800,
    "E38": 800,
    "H49": 800,
    "J58": 800,
    "J62": 800,
    "C34": 600,
    "M70": 600,
    "M72": 600,
    "N75": 600,
    "Q86": 600,
    "R90": 600,
    "S95": 600,
    "I55": 400,
    "K64": 400,
    "L68": 400,
    "N76": 400,
    "P85": 400,
}
FINANCE = {"K64", "K65", "K66"}


def firm(code: str = "C26", entity: str = "company") -> dict[str, object]:
    return {"firm_id": "KOR:TEST01", "country": "KOR", "industry_code": code, "entity_type": entity}


@pytest.mark.parametrize("code", sorted(CEILINGS_EOK))
def test_sales_at_the_ceiling_is_sme_and_one_won_over_is_not(code: str) -> None:
    ceiling = CEILINGS_EOK[code] * EOK
    assert classify_kr(firm(code), kr_history(ceiling, 100 * EOK)).size_class == "SME"
    assert classify_kr(firm(code), kr_history(ceiling - 1, 100 * EOK)).size_class == "SME"
    over = classify_kr(firm(code), kr_history(ceiling + 1, 100 * EOK))
    assert over.size_class == ("excluded" if code in FINANCE else "mid-sized")
    assert "not an SME" in over.reason and code in over.reason


def test_sales_ceiling_uses_the_three_year_average() -> None:
    hist = kr_history(900 * EOK, 100 * EOK)
    hist[-1]["revenue"] = 1200 * EOK  # average (900+900+1200)/3 = 1000억 = the C26 ceiling
    assert classify_kr(firm("C26"), hist).size_class == "SME"
    hist[0]["revenue"] = 901 * EOK
    assert classify_kr(firm("C26"), hist).size_class == "mid-sized"


@pytest.mark.parametrize(("assets_eok", "expected"), [(4999.99, "SME"), (5000, "mid-sized"), (5000.01, "mid-sized")])
def test_asset_cap_is_strictly_below_5000_eok(assets_eok: float, expected: str) -> None:
    result = classify_kr(firm("C26"), kr_history(100 * EOK, assets_eok * EOK))
    assert result.size_class == expected
    assert "not tested: 관계기업" in result.reason  # related-firm aggregation is stated, not silently skipped
    if expected != "SME":
        assert "total_assets" in result.reason


def test_disclosure_group_member_is_not_an_sme_but_can_be_mid_sized() -> None:
    result = classify_kr(firm(), kr_history(100 * EOK, 100 * EOK, in_disclosure_group=True))
    assert result.size_class == "mid-sized"
    assert "공시대상기업집단" in result.reason


def test_restricted_group_member_is_large() -> None:
    result = classify_kr(firm(), kr_history(5000 * EOK, 9000 * EOK, in_restricted_group=True))
    assert result.size_class == "large"
    assert "상호출자제한기업집단" in result.reason


@pytest.mark.parametrize(
    ("share", "owner_eok", "expected"),
    [
        (0.2999, 6000, "SME"),  # just under 30 %
        (0.30, 4999, "SME"),  # owner just under 5,000억
        (0.30, 5000, "mid-sized"),  # SME independence fails; owner below the 10조 중견 threshold
        (0.30, 99_999, "mid-sized"),
        (0.30, 100_000, "large"),  # owner at the 상출 threshold (10조)
        (0.2999, 100_000, "SME"),
    ],
)
def test_owner_of_30_percent_thresholds(share: float, owner_eok: float, expected: str) -> None:
    hist = kr_history(100 * EOK, 100 * EOK, largest_holder_share=share, largest_holder_assets=owner_eok * EOK)
    assert classify_kr(firm(), hist).size_class == expected


@pytest.mark.parametrize(
    ("code", "entity", "word"),
    [
        ("K64", "company", "finance"),
        ("K65", "company", "finance"),
        ("K66", "company", "finance"),
        ("C26", "public_institution", "public_institution"),
        ("C26", "local_public_enterprise", "local_public"),
        ("C26", "nonprofit", "nonprofit"),
        ("C26", "foreign_branch", "foreign_branch"),
    ],
)
def test_each_midsized_exclusion(code: str, entity: str, word: str) -> None:
    result = classify_kr(firm(code, entity), kr_history(2000 * EOK, 1000 * EOK))
    assert result.size_class == "excluded"
    assert word in result.reason
    assert classify_kr(firm("C26"), kr_history(2000 * EOK, 1000 * EOK)).size_class == "mid-sized"


@pytest.mark.parametrize(
    ("drop", "field"),
    [
        ("revenue", "revenue"),
        ("total_assets", "total_assets"),
        ("in_disclosure_group", "in_disclosure_group"),
        ("largest_holder_share", "largest_holder_share"),
    ],
)
def test_missing_field_is_cannot_decide_naming_it(drop: str, field: str) -> None:
    # a corporate owner of 6,000억: whether it holds 30 % matters, so its share is needed
    rows = kr_history(100 * EOK, 100 * EOK, largest_holder_assets=6000 * EOK)
    hist = [{k: v for k, v in row.items() if k != drop} for row in rows]
    result = classify_kr(firm(), hist)
    assert result.size_class == "cannot decide"
    assert f"missing {field}" in result.reason or field in result.reason.split("missing ", 1)[1]


def test_owner_without_assets_needs_no_share() -> None:
    rows = kr_history(100 * EOK, 100 * EOK, largest_holder_assets=0.0)
    hist = [{k: v for k, v in row.items() if k != "largest_holder_share"} for row in rows]
    assert classify_kr(firm(), hist).size_class == "SME"


def test_a_known_failure_decides_even_when_other_fields_are_missing() -> None:
    hist = [{"fiscal_year": 2024, "currency": "KRW", "revenue": 2000 * EOK}]  # over the ceiling: not an SME
    result = classify_kr(firm(), hist)
    assert result.size_class == "cannot decide"  # the exclusions still need group and owner data
    assert "in_restricted_group" in result.reason and "not an SME" in result.reason


@pytest.mark.parametrize("code", [None, "Z99", ""])
def test_unknown_industry_is_cannot_decide(code: str | None) -> None:
    result = classify_kr({**firm(), "industry_code": code, "industry_note": None}, kr_history(10 * EOK, 10 * EOK))
    assert result.size_class == "cannot decide"
    assert "missing industry" in result.reason


def test_no_financials_at_all_is_cannot_decide() -> None:
    result = classify_kr(firm(), [])
    assert result.size_class == "cannot decide"
    assert "revenue" in result.reason and "total_assets" in result.reason


@pytest.mark.parametrize(("code", "floor_eok"), [("C14", 1000), ("C26", 700), ("C21", 550), ("M70", 400)])
def test_midsized_candidate_floor(code: str, floor_eok: float) -> None:
    at = classify_kr(firm(code), kr_history(floor_eok * EOK, 100 * EOK, rd_expense=0.02 * floor_eok * EOK))
    below = classify_kr(firm(code), kr_history(floor_eok * EOK - 1, 100 * EOK, rd_expense=0.02 * floor_eok * EOK))
    assert at.size_class == below.size_class == "SME"
    assert at.candidate is not None and at.candidate.value is True
    assert below.candidate is not None and below.candidate.value is False


def test_candidate_needs_growth_of_15_percent_or_rd_of_2_percent() -> None:
    def history(rd_share: float, growth: float) -> list[dict[str, float]]:
        rows = kr_history(800 * EOK, 100 * EOK)
        for i, row in enumerate(rows):
            row["revenue"] = 800 * EOK * (1 + growth) ** i
            row["rd_expense"] = row["revenue"] * rd_share
        return rows

    def candidate(rd_share: float, growth: float) -> bool | None:
        result = classify_kr(firm("C26"), history(rd_share, growth))
        return result.candidate.value if result.candidate else None

    assert candidate(0.02, 0.0) is True and candidate(0.0199, 0.0) is False
    assert candidate(0.0, 0.15) is True and candidate(0.0, 0.149) is False
    no_rd = classify_kr(firm("C26"), kr_history(800 * EOK, 100 * EOK)).candidate
    assert no_rd is not None and no_rd.value is None and "rd_expense" in no_rd.text()


def test_candidate_floor_unknown_tier_says_so() -> None:
    result = classify_kr(firm("K64"), kr_history(300 * EOK, 100 * EOK))
    assert result.candidate is not None and result.candidate.value is None
    assert "candidate floor" in result.candidate.text()
