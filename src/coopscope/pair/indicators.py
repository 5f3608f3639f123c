"""Pair indicators per year and product group, and the cooperation balance (METHODS.md §3.2).

Groups: ``all`` (every product), ``mpe:<class>`` (materials/parts/equipment), ``tech:<class>``
(technology class) and ``ai:<area>`` (AI supply-chain area; a product counts in each of its areas).
Indices within a group use the products of that group only (shares renormalised in the group).
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.indicators.complementarity import (
    export_similarity,
    grubel_lloyd,
    trade_complementarity,
    trade_intensity,
)
from coopscope.indicators.concentration import left_join
from coopscope.indicators.exact import exact_mean, exact_sum
from coopscope.pair.classes import PAIR_CLASSES

BY = ("year", "group")
COOPERATIVE = PAIR_CLASSES[:4]


def group_map(lenses: pa.Table) -> pa.Table:
    """(product, group) rows for the mpe, tech and AI-area groups of each product.

    Input columns: product, mpe_class, tech_class, ai_areas (';'-joined; any may be null).
    Output columns: product, group (e.g. ``mpe:parts``, ``tech:high``, ``ai:semiconductors``).
    """
    parts = []
    for column, prefix in (("mpe_class", "mpe:"), ("tech_class", "tech:")):
        rows = lenses.filter(pc.invert(pc.fill_null(pc.equal(lenses[column], ""), True)))
        parts.append(
            pa.table({"product": rows["product"], "group": pc.binary_join_element_wise(prefix, rows[column], "")})
        )
    areas = pc.split_pattern(pc.fill_null(lenses["ai_areas"], ""), ";")
    flat = pc.list_flatten(areas)
    keep = pc.not_equal(flat, "")
    products = pc.take(lenses["product"], pc.list_parent_indices(areas))
    parts.append(
        pa.table(
            {
                "product": pc.filter(products, keep),
                "group": pc.binary_join_element_wise("ai:", pc.filter(flat, keep), ""),
            }
        )
    )
    table = pa.concat_tables([p.cast(pa.schema([("product", pa.string()), ("group", pa.string())])) for p in parts])
    return table.group_by(["product", "group"]).aggregate([])


def with_groups(table: ir.Table, groups: ir.Table | None) -> ir.Table:
    """``table`` (with a product column) once under group ``all`` and once per group of each product."""
    everything = table.mutate(group=ibis.literal("all"))
    if groups is None:
        return everything
    joined = table.join(groups, "product")
    return ibis.union(everything, joined.select(*table.columns, "group"), distinct=False)


def flow_indicators(grouped: ir.Table) -> ir.Table:
    """TCI both ways, world ESI, bilateral GL and TII both ways per (year, group).

    Input: the product panel (coopscope.pair.panel.product_panel) with a group column.
    Output columns: year, group, n_products, tci_a_to_b, tci_b_to_a, esi_world, gl_bilateral,
    tii_a_to_b, tii_b_to_a.
    """
    g = grouped
    base = g.group_by(list(BY)).aggregate(n_products=g["product"].nunique())
    parts = [
        trade_complementarity(g, exports="x_a_w", imports="m_b_w", by=BY).rename(tci_a_to_b="tci"),
        trade_complementarity(g, exports="x_b_w", imports="m_a_w", by=BY).rename(tci_b_to_a="tci"),
        export_similarity(g, a="x_a_w", b="x_b_w", by=BY, name="esi_world"),
        grubel_lloyd(g, exports="x_a_b", imports="x_b_a", by=BY, name="gl_bilateral"),
        trade_intensity(
            g,
            bilateral="x_a_b",
            exporter_total="x_a_w",
            importer_total="m_b_w",
            world_total="x_w",
            by=BY,
            name="tii_a_to_b",
        ),
        trade_intensity(
            g,
            bilateral="x_b_a",
            exporter_total="x_b_w",
            importer_total="m_a_w",
            world_total="x_w",
            by=BY,
            name="tii_b_to_a",
        ),
    ]
    for part in parts:
        base = left_join(base, part, BY)
    return base


def add_market_similarities(base: ir.Table, grouped_markets: ir.Table, markets: Sequence[str]) -> ir.Table:
    """Add the ESI of a and b in each third market, one column ``esi_<market>`` (lower case) per market.

    ``base`` has year and group; ``grouped_markets`` is coopscope.pair.panel.market_panel with a
    group column. A group where either partner ships nothing to the market gets null.
    """
    for market in markets:
        rows = grouped_markets.filter(grouped_markets.market == market)
        base = left_join(base, export_similarity(rows, a="x_a", b="x_b", by=BY, name=f"esi_{market.lower()}"), BY)
    return base


def cooperation_balance(grouped_classes: ir.Table) -> ir.Table:
    """Value per class and the cooperation balance per (year, group).

    Input: the class table (coopscope.pair.classes.pair_classes) with a group column.
    Output columns: year, group, <class>_usd for each class, cooperation_usd (shared vulnerability +
    substitution both ways + complementary), competing_usd, cooperation_ratio = cooperation_usd /
    competing_usd (null when nothing competes).

    The per-class columns may overlap (a product can be in several classes). ``cooperation_usd``
    does not double count: each product counts once, at the largest value among its cooperative
    classes and directions; ``competing_usd`` counts each product once too.
    """
    c = grouped_classes
    sums = {f"{name}_usd": exact_sum(c.value_usd, where=c.pair_class == name).fill_null(0.0) for name in PAIR_CLASSES}
    out = c.group_by(list(BY)).aggregate(**sums).drop("competing_usd")
    once = c.mutate(side=ibis.ifelse(c.pair_class.isin(list(COOPERATIVE)), "cooperation", "competing"))
    once = once.filter(once.pair_class.isin([*COOPERATIVE, "competing"]))
    per_product = once.group_by([*BY, "side", "product"]).aggregate(value_usd=once.value_usd.max())
    totals = per_product.group_by(list(BY)).aggregate(
        cooperation_usd=exact_sum(per_product.value_usd, where=per_product.side == "cooperation").fill_null(0.0),
        competing_usd=exact_sum(per_product.value_usd, where=per_product.side == "competing").fill_null(0.0),
    )
    out = left_join(out, totals, BY)
    out = out.mutate(cooperation_usd=out.cooperation_usd.fill_null(0.0), competing_usd=out.competing_usd.fill_null(0.0))
    return out.mutate(cooperation_ratio=out.cooperation_usd / out.competing_usd.nullif(0.0))


def mean_complexity(grouped: ir.Table, pci: ir.Table) -> ir.Table:
    """Mean PCI of the products of each group (products traded in the year that have a PCI).

    Input: grouped panel (year, product, group); ``pci``: year, product, pci. Output: year, group, pci_mean.
    """
    joined = grouped.select("year", "product", "group").join(pci, ["year", "product"])
    return joined.group_by(list(BY)).aggregate(pci_mean=exact_mean(joined.pci))
