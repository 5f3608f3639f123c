"""Korean firm size by law: SME (중소기업기본법) and mid-sized enterprise (중견기업법).

Rule sets ``kr-sme`` and ``kr-midsized`` (package data, versioned; METHODS.md §4.1):

- SME = size AND independence. Size: average sales of the last (up to) 3 fiscal years at or
  below the 별표1 ceiling of the firm's KSIC division, and total assets below 5,000억 won.
  Independence: not in a 공시대상/상호출자제한 group, and no owner with assets ≥ 5,000억 holding
  ≥ 30 % as largest shareholder. Related-firm (관계기업) aggregation is not tested (stated).
- Mid-sized (중견기업) = not an SME and none of the Act's exclusions: restricted group, an owner
  with assets ≥ the 상출 threshold holding ≥ 30 %, finance/insurance (KSIC K64–K66), public
  institution, local public enterprise, non-profit, foreign branch.
- 후보기업 (candidate): an SME whose latest sales reach its tier's candidate floor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coopscope.firms.logic import Verdict, all_of, any_of, compare, fact, money, negate
from coopscope.firms.refdata import RuleSet, load_rule_set

Row = dict[str, Any]


@dataclass(frozen=True)
class SizeResult:
    """``size_class``: SME | mid-sized | large | excluded | cannot decide; reasons in ``reason``."""

    rule: str
    size_class: str
    reason: str
    candidate: Verdict | None = None


def tier_of(industry_code: str | None, rules: RuleSet) -> dict[str, Any] | None:
    """The 별표1 tier of a KSIC code such as ``C26`` (most specific code wins), or None."""
    if not industry_code:
        return None
    by_code = {c: t for t in rules.params["tiers"] for c in t["codes"]}
    return by_code.get(industry_code) or by_code.get(industry_code[:1])


def average_sales(history: list[Row], years: int) -> tuple[float | None, str]:
    """Mean KRW revenue over the last ``years`` fiscal years that report it, with a label of the years used."""
    rows = [r for r in history if r.get("revenue") is not None and r.get("currency") == "KRW"][-years:]
    if not rows:
        return None, ""
    label = f"{len(rows)}-yr avg sales {rows[0]['fiscal_year']}-{rows[-1]['fiscal_year']}"
    return sum(r["revenue"] for r in rows) / len(rows), label


_HOLDING = " (KRX '기타 금융업' also holds general holding companies, which the Act does not treat as finance)"


def _disclosure(last: Row) -> bool | None:
    # a 상호출자제한 group is also a 공시대상 group
    return True if last.get("in_restricted_group") else last.get("in_disclosure_group")


def _restricted(last: Row) -> bool | None:
    # not in a 공시대상 group implies not in the smaller 상호출자제한 set
    got = last.get("in_restricted_group")
    return False if got is None and last.get("in_disclosure_group") is False else got


def _owner_test(last: Row, threshold: float, share_min: float) -> Verdict:
    share, assets = last.get("largest_holder_share"), last.get("largest_holder_assets")
    return all_of(
        [
            compare(
                share,
                ">=",
                share_min,
                "largest_holder_share",
                f"{share:.0%}" if share is not None else "",
                f"{share_min:.0%}",
            ),
            compare(
                assets,
                ">=",
                threshold,
                "largest_holder_assets",
                money(assets, "KRW") if assets is not None else "",
                money(threshold, "KRW"),
            ),
        ]
    )


def sme_verdict(firm: Row, history: list[Row], rules: RuleSet) -> Verdict:
    """The SME test (size AND independence) for a firm and its financial history up to the year screened."""
    p = rules.params
    tier = tier_of(firm.get("industry_code"), rules)
    if tier is None:
        note = firm.get("industry_note") or f"no 별표1 tier for '{firm.get('industry_code')}'"
        return Verdict(None, (), frozenset({f"industry (KSIC division): {note}"}))
    last = history[-1] if history else {}
    avg, label = average_sales(history, p["sales_years"])
    assets = last.get("total_assets") if last.get("currency") == "KRW" else None
    size = all_of(
        [
            compare(
                avg,
                "<=",
                tier["sales_ceiling_krw"],
                "revenue",
                f"({label}) {money(avg, 'KRW')}" if avg is not None else "",
                f"{money(tier['sales_ceiling_krw'], 'KRW')} ceiling of {firm['industry_code']}",
            ),
            compare(
                assets,
                "<",
                p["asset_cap_krw"],
                "total_assets",
                money(assets, "KRW") if assets is not None else "",
                money(p["asset_cap_krw"], "KRW"),
            ),
        ]
    )
    tied = any_of(
        [
            fact(_disclosure(last), "in a 공시대상기업집단", "in_disclosure_group"),
            _owner_test(last, p["owner_asset_threshold_krw"], p["owner_share_min"]),
        ]
    )
    return all_of([size, negate(tied)])


def midsized_exclusion(firm: Row, history: list[Row], rules: RuleSet) -> tuple[Verdict, str]:
    """Whether one of the 중견기업법 exclusions applies, and the class it implies (large | excluded)."""
    p = rules.params
    last = history[-1] if history else {}
    group = any_of(
        [
            fact(_restricted(last), "in a 상호출자제한기업집단", "in_restricted_group"),
            _owner_test(last, p["owner_asset_threshold_krw"], p["owner_share_min"]),
        ]
    )
    if group.value is True:
        return group, "large"
    code, entity = firm.get("industry_code"), firm.get("entity_type")
    other = any_of(
        [
            fact(
                None if not code else code in p["excluded_codes"],
                f"finance/insurance industry ({code}){_HOLDING if firm.get('industry_name') == '기타 금융업' else ''}",
                "industry (KSIC division)",
            ),
            fact(None if not entity else entity in p["excluded_entity_types"], f"entity type {entity}", "entity_type"),
        ]
    )
    return (other, "excluded") if other.value is True else (any_of([group, other]), "")


def classify_kr(firm: Row, history: list[Row]) -> SizeResult:
    """Size class of a Korean firm in its latest year of ``history`` (rows sorted by fiscal_year)."""
    sme_rules, mid_rules = load_rule_set("kr-sme"), load_rule_set("kr-midsized")
    rule = f"{sme_rules.label} + {mid_rules.label}"
    sme = sme_verdict(firm, history, sme_rules)
    untested = "; not tested: " + ", ".join(sme_rules.params["not_tested"])
    if sme.value is True:
        return SizeResult(rule, "SME", sme.text() + untested, candidate_verdict(firm, history, sme_rules))
    if sme.value is None:
        return SizeResult(rule, "cannot decide", "SME test " + sme.text())
    excl, kind = midsized_exclusion(firm, history, mid_rules)
    if excl.value is None:
        return SizeResult(rule, "cannot decide", f"not an SME ({sme.text()}); exclusions {excl.text()}")
    if excl.value:
        return SizeResult(rule, kind, f"not an SME ({sme.text()}); {excl.text()}")
    return SizeResult(rule, "mid-sized", f"not an SME ({sme.text()}); no 중견기업법 exclusion applies{untested}")


def candidate_verdict(firm: Row, history: list[Row], rules: RuleSet) -> Verdict:
    """중견기업 후보기업 (METHODS.md §4.1): sales at the tier's floor, and growth or R&D.

    An SME with sales at or above its tier's candidate floor **and** either 3-year average sales
    growth ≥ 15 % or R&D intensity ≥ 2 % (undecided if a figure or the floor is unknown).
    """
    tier = tier_of(firm.get("industry_code"), rules) or {}
    floor = tier.get("candidate_min_sales_krw")
    if floor is None:
        return Verdict(None, (), frozenset({f"candidate floor for {firm.get('industry_code')}"}))
    last = [r for r in history if r.get("revenue") is not None and r.get("currency") == "KRW"]
    sales = last[-1]["revenue"] if last else None
    big_enough = compare(
        sales,
        ">=",
        floor,
        "revenue",
        money(sales, "KRW") if sales is not None else "",
        f"candidate floor {money(floor, 'KRW')}",
    )
    return all_of([big_enough, any_of([_growth(last), _rd_intensity(last)])])


def _growth(history: list[Row]) -> Verdict:
    """Average annual sales growth over the last three fiscal years, at least 15 %."""
    if len(history) < 3 or not history[-3]["revenue"]:
        return Verdict(None, (), frozenset({"3 years of revenue"}))
    rate = round((history[-1]["revenue"] / history[-3]["revenue"]) ** 0.5 - 1.0, 12)  # boundary-safe
    return compare(rate, ">=", 0.15, "3-yr average sales growth", f"{rate:.1%}", "15%")


def _rd_intensity(history: list[Row]) -> Verdict:
    """R&D spending over revenue in the latest year, at least 2 %."""
    rd = history[-1].get("rd_expense") if history else None
    if rd is None or not history[-1]["revenue"]:
        return Verdict(None, (), frozenset({"rd_expense"}))
    share = round(rd / history[-1]["revenue"], 12)
    return compare(share, ">=", 0.02, "R&D intensity", f"{share:.1%}", "2%")
