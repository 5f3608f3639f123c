"""The report's tables, derived from a :class:`~coopscope.pair.PairResult` (pure; pyarrow in, pyarrow out)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.pair.run import PairResult, top_rows

TABLE_NOTES = {
    "pair_products": "One row per product, class and direction the product qualifies for in the report year; "
    "value_usd as defined in coopscope.pair.classes.",
    "pair_sides": "Every HS6 product of the report year: both partners' trade, advantage and dependence side by side, "
    "with one true/false column per class.",
    "pair_indicators": "Pair indicators per year and product group (all, materials/parts/equipment, technology, "
    "AI area): TCI (Michaely), ESI (Finger–Kreinin), Grubel–Lloyd, trade intensity, ECI, "
    "mean PCI and the cooperation balance.",
    "cooperation_balance": "Value in cooperative classes against value in competing products, per AI area "
    "(report year). cooperation_ratio = cooperation_usd / competing_usd.",
    "dependence_trend": "Dependent products of each partner per year under the chosen method.",
    "supplier_shares": "Each supplier's share of each partner's total imports in the report year.",
    "parameters": "The versioned thresholds behind every class.",
    "sources": "The data in the store (from its manifest).",
    "firms": "Candidate partner firms per AI area, ranked by coopscope.firms from this pair table "
    "(only when the store holds firm tables).",
}


def balance_table(result: PairResult) -> pa.Table:
    """Cooperation balance of the report year: rows of group ``all`` and every ``ai:`` group."""
    ind = result.indicators
    year = pc.equal(ind["year"], result.year)
    groups = pc.or_(pc.equal(ind["group"], "all"), pc.starts_with(ind["group"], "ai:"))
    columns = [
        "year",
        "group",
        "shared_vulnerability_usd",
        "substitution_a_to_b_usd",
        "substitution_b_to_a_usd",
        "complementary_usd",
        "cooperation_usd",
        "competing_usd",
        "cooperation_ratio",
    ]
    return ind.filter(pc.and_(year, groups)).select(columns)


def sources_table(manifest: dict[str, Any]) -> pa.Table:
    """The store's sources: location, kind, release, HS revision, years, rows, synthetic, sha256, ingested_at."""
    keys = ("location", "kind", "release", "hs_revision", "row_count", "synthetic", "sha256", "ingested_at")
    rows = [
        {**{k: str(s.get(k, "")) for k in keys}, "years": ",".join(map(str, s.get("years", [])))}
        for s in manifest.get("sources", [])
    ]
    schema = pa.schema([(k, pa.string()) for k in (*keys, "years")])
    return pa.Table.from_pylist(rows, schema=schema)


def report_tables(result: PairResult) -> dict[str, pa.Table]:
    """Every table of the report, by name (the workbook sheets and the Parquet/CSV files)."""
    return {
        "pair_products": result.products,
        "pair_sides": result.sides,
        "pair_indicators": result.indicators,
        "cooperation_balance": balance_table(result),
        "dependence_trend": result.dependence_trend,
        "supplier_shares": result.supplier_shares,
        "parameters": pa.Table.from_pylist(result.params.as_rows()),
        "sources": sources_table(result.store_manifest),
    }


def top_shared(result: PairResult, n: int = 10) -> pa.Table:
    """The ``n`` largest shared vulnerabilities of the report year."""
    rows = result.products.filter(pc.equal(result.products["pair_class"], "shared_vulnerability"))
    return top_rows(rows, "value_usd", n)


def top_suppliers(result: PairResult, importer: str, n: int = 8) -> pa.Table:
    """The ``n`` largest suppliers of ``importer`` in the report year (supplier, share)."""
    rows = result.supplier_shares.filter(pc.equal(result.supplier_shares["importer"], importer))
    return top_rows(rows, "share", n)
