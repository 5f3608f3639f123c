"""Canonical firm tables: one row per firm, one row per firm and fiscal year.

Amounts are in the firm's reporting currency, in single currency units (won, yuan, dollars — never
억원 or 万元), with ``currency`` stated on every row; ``*_usd`` columns are the same amounts at the
annual rate of :mod:`coopscope.firms.currency` (``fx_units_per_usd`` says which rate was used).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import SchemaError

FIRM_SCHEMA = pa.schema(
    [
        ("firm_id", pa.string()),  # "<ISO3>:<stock code or registration number or name>"
        ("country", pa.string()),  # ISO3
        ("name", pa.string()),  # original script
        ("name_romanised", pa.string()),
        ("stock_code", pa.string()),  # text: KRX codes may contain letters (0130H0)
        ("registration_no", pa.string()),  # business registration / unified social credit code
        ("industry_name", pa.string()),  # as published (KRX 업종, 所属行业)
        ("industry_system", pa.string()),  # KSIC10 | GB/T4754-2017
        ("industry_code", pa.string()),  # KSIC section+division (C26) or GB/T 4754 division (39)
        ("isic4", pa.string()),  # ISIC Rev.4 at 2-4 digits, derived
        ("industry_note", pa.string()),  # why no industry could be assigned, when so
        ("chain_position", pa.string()),  # materials | parts | equipment | final | services
        ("products_text", pa.string()),
        ("hs_codes", pa.string()),  # ';'-joined HS codes where known
        ("region", pa.string()),
        ("listing_market", pa.string()),  # KOSPI | KOSDAQ | KONEX | SSE | SZSE | BSE | unlisted
        ("entity_type", pa.string()),  # company | public_institution | local_public_enterprise | nonprofit | ...
        ("founded_year", pa.int64()),
        ("synthetic", pa.bool_()),
        ("source", pa.string()),
    ]
)

FINANCIAL_SCHEMA = pa.schema(
    [
        ("firm_id", pa.string()),
        ("fiscal_year", pa.int64()),
        ("currency", pa.string()),  # ISO 4217; amounts in single units of it
        ("revenue", pa.float64()),
        ("main_business_revenue", pa.float64()),
        ("total_assets", pa.float64()),
        ("total_liabilities", pa.float64()),
        ("rd_expense", pa.float64()),
        ("employees", pa.float64()),
        ("rd_staff_share", pa.float64()),  # 0-1
        ("equity_financing", pa.float64()),  # new equity raised over the last 2 years
        ("invention_patents", pa.float64()),
        ("utility_patents", pa.float64()),
        ("group_name", pa.string()),
        ("in_disclosure_group", pa.bool_()),  # 공시대상기업집단 member (Korea; assets >= 5조 won)
        ("in_restricted_group", pa.bool_()),  # 상호출자제한기업집단 member (Korea; the larger groups)
        ("largest_holder_share", pa.float64()),  # 0-1
        ("largest_holder_assets", pa.float64()),  # in ``currency``
        ("debt_ratio", pa.float64()),  # total_liabilities / total_assets (资产负债率)
        ("fx_units_per_usd", pa.float64()),
        ("revenue_usd", pa.float64()),
        ("total_assets_usd", pa.float64()),
        ("rd_expense_usd", pa.float64()),
        ("synthetic", pa.bool_()),
        ("source", pa.string()),
    ]
)


@dataclass(frozen=True)
class FirmData:
    """Firms and their yearly financials, both in the canonical schemas above."""

    firms: pa.Table
    financials: pa.Table

    @property
    def is_synthetic(self) -> bool:
        """Whether any firm or financial row is synthetic."""
        return any(bool(pc.any(t["synthetic"]).as_py()) for t in (self.firms, self.financials) if t.num_rows)


def empty_financials() -> pa.Table:
    """A financials table with no rows."""
    return FINANCIAL_SCHEMA.empty_table()


def conform(table: pa.Table, schema: pa.Schema, source: str) -> pa.Table:
    """Add missing nullable columns, order and cast to ``schema``; error on a column that cannot be cast."""
    columns = []
    for field in schema:
        if field.name not in table.column_names:
            columns.append(pa.nulls(table.num_rows, field.type))
            continue
        try:
            columns.append(table[field.name].cast(field.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise SchemaError.at(
                source, f"cannot read as {field.type} ({exc})", "fix the values or the mapping.", column=field.name
            ) from exc
    return pa.Table.from_arrays(columns, schema=schema)


def make_firm_data(firms: pa.Table, financials: pa.Table | None, source: str) -> FirmData:
    """Build :class:`FirmData` from partial tables; firm ids must be unique and financials must refer to firms."""
    firms = conform(firms, FIRM_SCHEMA, source)
    fin = conform(financials, FINANCIAL_SCHEMA, source) if financials is not None else empty_financials()
    ids = firms["firm_id"].to_pylist()
    dup = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    if dup:
        raise SchemaError(
            f"{source}: duplicate firm_id {', '.join(map(str, dup[:5]))}.",
            "give each firm one row, or a distinct stock code / registration number.",
        )
    orphans = set(fin["firm_id"].to_pylist()) - set(ids)
    if orphans:
        raise SchemaError(
            f"{source}: financials for unknown firm_id {', '.join(sorted(orphans)[:5])}.",
            "add the firms to the firm table first.",
        )
    return FirmData(firms, fin)


def concat_firm_data(parts: list[FirmData], source: str = "combined firm data") -> FirmData:
    """Stack several :class:`FirmData` (firm ids must not clash)."""
    firms = pa.concat_tables([p.firms for p in parts])
    fin = pa.concat_tables([p.financials for p in parts])
    return make_firm_data(firms, fin, source)
