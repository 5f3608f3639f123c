"""Small per-product panels of a partner pair, built lazily from canonical trade rows.

Everything the pair analysis needs is an aggregate per (year, product) or per (year, product,
market), so the raw flows are read once here and the rest works on tables of a few thousand rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis.expr.types as ir

from coopscope.indicators.complementarity import balassa_rca, export_similarity
from coopscope.indicators.exact import exact_sum


def product_panel(trade: ir.Table, *, a: str, b: str) -> ir.Table:
    """Per (year, product): the pair's flows and the world totals, in USD (zeros where no trade).

    Input: canonical trade (year, exporter, importer, product, value_usd).
    Output columns: year, product, x_a_b (a's exports to b), x_b_a, x_a_w (a's exports to the
    world), x_b_w, m_a_w (a's imports from the world), m_b_w, x_w (world exports of the product).
    """
    ex, im, v = trade.exporter, trade.importer, trade.value_usd.cast("float64")

    def total(condition: ir.BooleanValue) -> ir.FloatingValue:
        return exact_sum(v, where=condition).fill_null(0.0)

    return trade.group_by(["year", "product"]).aggregate(
        x_a_b=total((ex == a) & (im == b)),
        x_b_a=total((ex == b) & (im == a)),
        x_a_w=total(ex == a),
        x_b_w=total(ex == b),
        m_a_w=total(im == a),
        m_b_w=total(im == b),
        x_w=exact_sum(v),
    )


def market_panel(trade: ir.Table, *, a: str, b: str, markets: Sequence[str] | None = None) -> ir.Table:
    """Per (year, product, market): a's and b's exports to each third market (not a or b).

    ``markets`` restricts the markets (None: every third market).
    Output columns: year, product, market, x_a, x_b (USD; zero where one of them ships nothing).
    """
    rows = trade.filter(trade.exporter.isin([a, b]) & ~trade.importer.isin([a, b]))
    if markets is not None:
        rows = rows.filter(rows.importer.isin(list(markets)))
    v = rows.value_usd.cast("float64")
    return rows.group_by(["year", "product", rows.importer.name("market")]).aggregate(
        x_a=exact_sum(v, where=rows.exporter == a).fill_null(0.0),
        x_b=exact_sum(v, where=rows.exporter == b).fill_null(0.0),
    )


def destination_overlap(markets: ir.Table) -> ir.Table:
    """Per (year, product): how far a and b ship to the same third markets.

    Input: :func:`market_panel`. Output columns: year, product, market_similarity (Finger–Kreinin
    similarity of the two destination mixes, 0–100; null if either ships nothing to third markets),
    market_overlap_usd (Σ_m min(x_a_m, x_b_m): the third-market trade they contest).
    """
    similarity = export_similarity(markets, a="x_a", b="x_b", by=["year", "product"], name="market_similarity")
    overlap = markets.group_by(["year", "product"]).aggregate(
        market_overlap_usd=exact_sum((markets.x_a + markets.x_b - (markets.x_a - markets.x_b).abs()) / 2.0)
    )
    joined = similarity.join(overlap, ["year", "product"])
    return joined.select("year", "product", "market_similarity", "market_overlap_usd")


def with_advantage(panel: ir.Table) -> ir.Table:
    """Add revealed advantage columns to the product panel.

    Added: rca_a, rca_b (Balassa, over all products of the year), import_rca_a, import_rca_b
    (revealed import intensity: share of the product in the country's imports over its share of
    world trade) and world_share_a, world_share_b (share of world exports of the product).
    """
    t = balassa_rca(panel, exports="x_a_w", world="x_w", by=["year"], name="rca_a")
    t = balassa_rca(t, exports="x_b_w", world="x_w", by=["year"], name="rca_b")
    t = balassa_rca(t, exports="m_a_w", world="x_w", by=["year"], name="import_rca_a")
    t = balassa_rca(t, exports="m_b_w", world="x_w", by=["year"], name="import_rca_b")
    return t.mutate(world_share_a=t.x_a_w / t.x_w.nullif(0.0), world_share_b=t.x_b_w / t.x_w.nullif(0.0))
