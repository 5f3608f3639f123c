"""Conversion of firm amounts to US dollars at a stated annual rate table.

The packaged table (``data/fx_usd.csv``, see SOURCES.md) gives annual average units of a currency
per US dollar; a caller may pass its own table with the same columns.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import UnknownCodeError
from coopscope.firms.refdata import fx_rates
from coopscope.firms.schema import FINANCIAL_SCHEMA, conform

AMOUNTS_TO_USD = {"revenue": "revenue_usd", "total_assets": "total_assets_usd", "rd_expense": "rd_expense_usd"}


def rate_lookup(rates: pa.Table | None = None) -> dict[tuple[int, str], float]:
    """{(year, currency): units per USD} from a rate table (default: the packaged one)."""
    rates = rates if rates is not None else fx_rates()
    return {
        (int(y), str(c)): float(r)
        for y, c, r in zip(
            rates["year"].to_pylist(), rates["currency"].to_pylist(), rates["units_per_usd"].to_pylist(), strict=True
        )
    }


def add_usd(financials: pa.Table, source: str, rates: pa.Table | None = None) -> pa.Table:
    """Fill ``fx_units_per_usd``, ``debt_ratio`` and the ``*_usd`` columns of a financials table.

    Input: any subset of FINANCIAL_SCHEMA (fiscal_year, currency and the local amounts are read).
    ``debt_ratio`` = total_liabilities / total_assets where both are known and not already given.
    A (year, currency) missing from the rate table is an error naming the pairs.
    """
    financials = conform(financials, FINANCIAL_SCHEMA, source)
    lookup = rate_lookup(rates)
    keys = list(zip(financials["fiscal_year"].to_pylist(), financials["currency"].to_pylist(), strict=True))
    missing = sorted({f"{c} {y}" for y, c in keys if (y, c) not in lookup})
    if missing:
        raise UnknownCodeError.codes(
            "currency-year",
            missing,
            source,
            "the rate table covers KRW, CNY and USD for 2015-2025; pass rates= for others.",
        )
    fx = pa.array([lookup[k] for k in keys], pa.float64())
    out = financials.set_column(financials.schema.get_field_index("fx_units_per_usd"), "fx_units_per_usd", fx)
    for local, usd in AMOUNTS_TO_USD.items():
        out = out.set_column(out.schema.get_field_index(usd), usd, pc.divide(out[local], fx))
    ratio = pc.divide(out["total_liabilities"], out["total_assets"])
    debt = pc.if_else(pc.is_null(out["debt_ratio"]), ratio, out["debt_ratio"])
    return out.set_column(out.schema.get_field_index("debt_ratio"), "debt_ratio", debt)
