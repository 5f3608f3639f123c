"""Chinese firm size (MIIT 2011) and the 2022 专精特新 "little giant" criteria the data can test.

Rule sets ``cn-miit-2011`` and ``cn-little-giant-2022`` (package data, versioned; METHODS.md §4.2–4.3).
MIIT: an SME when any of its sector's ceilings holds; medium and small need all their lower bounds;
a firm failing a band drops one band. Little giant: the testable criteria (years in business, main
business share and growth, debt ratio, R&D intensity by revenue band, invention patents, SME status);
the criteria no firm table can show are listed as not tested.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from coopscope.firms.logic import Verdict, all_of, any_of, compare, money
from coopscope.firms.refdata import RuleSet, gbt4754_divisions, load_rule_set
from coopscope.firms.screen_kr import SizeResult

Row = dict[str, Any]
_FIELDS = {"employees": "employees", "revenue_cny": "revenue", "total_assets_cny": "total_assets"}


def miit_sector(industry_code: str | None) -> str | None:
    """MIIT sector (工业, 软件和信息技术服务业 …) of a GB/T 4754-2017 division code, or None."""
    return _miit_sectors().get((industry_code or "")[:2])


@cache
def _miit_sectors() -> dict[str, str]:
    table = gbt4754_divisions()
    return dict(zip(table["gbt_division"].to_pylist(), table["miit_sector"].to_pylist(), strict=True))


def _value(last: Row, key: str) -> float | None:
    field = _FIELDS[key]
    if field != "employees" and last.get("currency") != "CNY":
        return None
    return last.get(field)


def _shown(x: float | None, key: str) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if key == "employees" else money(x, "CNY")


def _band(last: Row, bounds: dict[str, float], op: str, combine: Any) -> Verdict:
    return combine(
        [
            compare(_value(last, k), op, lim, _FIELDS[k], _shown(_value(last, k), k), _shown(lim, k))
            for k, lim in bounds.items()
        ]
    )


def classify_cn(firm: Row, history: list[Row]) -> SizeResult:
    """MIIT 2011 class (large | medium | small | micro | cannot decide) in the latest year of ``history``."""
    rules = load_rule_set("cn-miit-2011")
    sector = miit_sector(firm.get("industry_code"))
    if sector is None or sector not in rules.params["sectors"]:
        note = firm.get("industry_note") or f"no MIIT sector for GB/T 4754 '{firm.get('industry_code')}'"
        return SizeResult(rules.label, "cannot decide", f"cannot decide: missing industry (GB/T 4754 division): {note}")
    bands = rules.params["sectors"][sector]
    last = history[-1] if history else {}
    sme = _band(last, bands["sme_ceilings"], "<", any_of)
    if sme.value is not True:
        cls = "large" if sme.value is False else "cannot decide"
        return SizeResult(rules.label, cls, f"{sector}: SME test {sme.text()}")
    for name in ("medium", "small"):
        band = _band(last, bands[name], ">=", all_of)
        if band.value is None:
            return SizeResult(rules.label, "cannot decide", f"{sector}: SME ({sme.text()}); {name} band {band.text()}")
        if band.value:
            return SizeResult(rules.label, name, f"{sector}: SME ({sme.text()}); {band.text()}")
    return SizeResult(rules.label, "micro", f"{sector}: SME ({sme.text()}); below the small band")


def _rd_band(history: list[Row], p: dict[str, Any]) -> Verdict:
    last = history[-1] if history else {}
    revenue = last.get("revenue") if last.get("currency") == "CNY" else None
    if revenue is None:
        return Verdict(None, (), frozenset({"revenue"}))
    if revenue >= p["rd_band_high_revenue_cny"]:
        return all_of([_intensity(r, p["rd_band_high_min_intensity"]) for r in _last_years(history, 2)])
    if revenue >= p["rd_band_mid_revenue_cny"]:
        return _intensity(last, p["rd_band_mid_min_intensity"])
    return all_of(
        [
            compare(
                last.get("equity_financing"),
                ">=",
                p["rd_band_low_min_financing_cny"],
                "equity_financing",
                money(last.get("equity_financing") or 0, "CNY"),
                money(p["rd_band_low_min_financing_cny"], "CNY"),
            ),
            compare(
                last.get("rd_expense"),
                ">=",
                p["rd_band_low_min_rd_cny"],
                "rd_expense",
                money(last.get("rd_expense") or 0, "CNY"),
                money(p["rd_band_low_min_rd_cny"], "CNY"),
            ),
            compare(
                last.get("rd_staff_share"),
                ">=",
                p["rd_band_low_min_rd_staff_share"],
                "rd_staff_share",
                f"{last.get('rd_staff_share') or 0:.0%}",
                f"{p['rd_band_low_min_rd_staff_share']:.0%}",
            ),
        ]
    )


def _last_years(history: list[Row], n: int) -> list[Row]:
    """Rows of the ``n`` fiscal years ending with the latest one; a missing year gives an empty row."""
    if not history:
        return [{}] * n
    by_year = {r["fiscal_year"]: r for r in history}
    last = history[-1]["fiscal_year"]
    return [by_year.get(y, {}) for y in range(last - n + 1, last + 1)]


def _intensity(row: Row, minimum: float) -> Verdict:
    rd, rev = row.get("rd_expense"), row.get("revenue")
    ratio = rd / rev if rd is not None and rev else None
    year = row.get("fiscal_year", "a missing year")
    return compare(
        ratio, ">=", minimum, f"R&D/revenue {year}", f"{ratio:.1%}" if ratio is not None else "", f"{minimum:.0%}"
    )


def _share(row: Row) -> float | None:
    main, rev = row.get("main_business_revenue"), row.get("revenue")
    return main / rev if main is not None and rev else None


def _growth(history: list[Row]) -> float | None:
    rows = _last_years(history, 3)
    vals = [r.get("main_business_revenue") for r in rows]
    known = [float(v) for v in vals if v is not None and v > 0]
    if len(known) < 3:
        return None
    return ((known[1] / known[0] - 1) + (known[2] / known[1] - 1)) / 2


def _test(x: float | None, op: str, limit: float, field: str, spec: str) -> Verdict:
    """``compare`` with both numbers shown in the format ``spec`` (e.g. ".0%")."""
    return compare(x, op, limit, field, format(x, spec) if x is not None else "", format(limit, spec))


def _giant_tests(firm: Row, history: list[Row], size: SizeResult, p: dict[str, Any]) -> list[Verdict]:
    last = history[-1] if history else {}
    founded, year = firm.get("founded_year"), last.get("fiscal_year")
    years = year - founded if founded is not None and year is not None else None
    sme = (
        Verdict(None, (), frozenset({"MIIT size class"}))
        if size.size_class == "cannot decide"
        else Verdict(size.size_class != "large", (f"MIIT class {size.size_class}",))
    )
    return [
        sme,
        _test(years, ">=", p["min_years_in_business"], "years in business", "d"),
        _test(_share(last), ">=", p["min_main_business_share"], "main-business share", ".0%"),
        _test(_growth(history), ">=", p["min_main_business_growth"], "main-business growth (2-yr avg)", ".1%"),
        _test(last.get("debt_ratio"), "<=", p["max_debt_ratio"], "debt_ratio", ".0%"),
        _rd_band(history, p),
        _test(last.get("invention_patents"), ">=", p["min_invention_patents"], "invention_patents", ".0f"),
    ]


def little_giant(firm: Row, history: list[Row], size: SizeResult) -> tuple[str, str, RuleSet]:
    """(result, reasons, rule set) of the testable 小巨人 criteria: passes testable criteria | fails | cannot decide.

    Tested: SME under MIIT 2011, ≥ 3 years in business (founding year as proxy for years in the niche),
    main-business share ≥ 70 %, main-business growth ≥ 5 % a year over 2 years, debt ratio ≤ 70 %,
    R&D intensity by revenue band, ≥ 2 invention patents (as proxy for Class-I IP).
    """
    rules = load_rule_set("cn-little-giant-2022")
    verdict = all_of(_giant_tests(firm, history, size, rules.params))
    result = {True: "passes testable criteria", False: "fails", None: "cannot decide"}[verdict.value]
    return result, verdict.text(), rules
