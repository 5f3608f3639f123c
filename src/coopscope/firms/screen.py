"""Screening of firms by the law of their country, with technology content: one row per firm.

Output columns of :func:`screen` (all explained in text, never a silent class):

    firm_id, country, name, listing_market, industry_name, industry_code, isic4, chain_position,
    fiscal_year, size_rule, size_class, size_reason, midsized_candidate,
    specialised_rule, specialised_result, specialised_reason, specialised_not_tested,
    tech_class, tech_score, tech_reason, revenue_usd, employees, synthetic

Korea: :mod:`coopscope.firms.screen_kr`; China: :mod:`coopscope.firms.screen_cn`; technology:
:mod:`coopscope.firms.tech_score`. A firm of another country gets "cannot decide: no size rule".
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyarrow as pa

from coopscope.firms.logic import Verdict
from coopscope.firms.schema import FirmData
from coopscope.firms.screen_cn import classify_cn, little_giant
from coopscope.firms.screen_kr import SizeResult, classify_kr
from coopscope.firms.tech_score import tech_content

Row = dict[str, Any]
SCREEN_SCHEMA = pa.schema(
    [
        ("firm_id", pa.string()),
        ("country", pa.string()),
        ("name", pa.string()),
        ("listing_market", pa.string()),
        ("industry_name", pa.string()),
        ("industry_code", pa.string()),
        ("isic4", pa.string()),
        ("chain_position", pa.string()),
        ("fiscal_year", pa.int64()),
        ("size_rule", pa.string()),
        ("size_class", pa.string()),
        ("size_reason", pa.string()),
        ("midsized_candidate", pa.string()),
        ("specialised_rule", pa.string()),
        ("specialised_result", pa.string()),
        ("specialised_reason", pa.string()),
        ("specialised_not_tested", pa.string()),
        ("tech_class", pa.string()),
        ("tech_score", pa.float64()),
        ("tech_reason", pa.string()),
        ("revenue_usd", pa.float64()),
        ("employees", pa.float64()),
        ("synthetic", pa.bool_()),
    ]
)


def histories(data: FirmData, year: int | None = None) -> dict[str, list[Row]]:
    """Financial rows per firm_id, sorted by fiscal_year, up to ``year`` when given."""
    out: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(data.financials.to_pylist(), key=lambda r: (r["firm_id"], r["fiscal_year"])):
        if year is None or row["fiscal_year"] <= year:
            out[row["firm_id"]].append(row)
    return out


def _verdict_line(verdict: Verdict | None) -> str | None:
    """``yes: …``, ``no: …`` or ``cannot decide: missing …``; None without a verdict."""
    if verdict is None:
        return None
    if verdict.value is None:
        return verdict.text()
    return ("yes: " if verdict.value else "no: ") + verdict.text()


def _size(firm: Row, history: list[Row]) -> tuple[SizeResult, Row]:
    if firm["country"] == "KOR":
        result = classify_kr(firm, history)
        return result, {"midsized_candidate": _verdict_line(result.candidate)}
    if firm["country"] == "CHN":
        result = classify_cn(firm, history)
        outcome, reason, rules = little_giant(firm, history, result)
        return result, {
            "specialised_rule": rules.label,
            "specialised_result": outcome,
            "specialised_reason": reason,
            "specialised_not_tested": "; ".join(rules.params["not_testable"]),
        }
    return SizeResult("", "cannot decide", f"cannot decide: no size rule for country {firm['country']}"), {}


def screen_firm(firm: Row, history: list[Row]) -> Row:
    """One screening row (SCREEN_SCHEMA) for a firm and its financial rows up to the year screened."""
    size, extra = _size(firm, history)
    last = history[-1] if history else {}
    tech = tech_content(firm.get("isic4"), last)
    return {
        **{
            k: firm.get(k)
            for k in (
                "firm_id",
                "country",
                "name",
                "listing_market",
                "industry_name",
                "industry_code",
                "isic4",
                "chain_position",
            )
        },
        "fiscal_year": last.get("fiscal_year"),
        "size_rule": size.rule,
        "size_class": size.size_class,
        "size_reason": size.reason,
        **extra,
        "tech_class": tech.tech_class,
        "tech_score": tech.score,
        "tech_reason": tech.reason,
        "revenue_usd": last.get("revenue_usd"),
        "employees": last.get("employees"),
        "synthetic": bool(firm.get("synthetic")) or bool(last.get("synthetic")),
    }


def screen(data: FirmData, *, year: int | None = None, country: str | None = None) -> pa.Table:
    """Screen every firm (optionally of one ``country``) in its latest fiscal year ≤ ``year``.

    Input: :class:`FirmData`. Output: SCREEN_SCHEMA, sorted by country and firm_id.
    """
    hist = histories(data, year)
    rows = [
        screen_firm(f, hist.get(f["firm_id"], []))
        for f in data.firms.to_pylist()
        if country is None or f["country"] == country
    ]
    rows.sort(key=lambda r: (r["country"], r["firm_id"]))
    return pa.Table.from_pylist([{f.name: r.get(f.name) for f in SCREEN_SCHEMA} for r in rows], schema=SCREEN_SCHEMA)
