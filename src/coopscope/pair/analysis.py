"""Assemble the pair analysis from a store: inputs (trade, dependence, lenses, complexity) → tables.

This is the orchestration layer: the numbers come from :mod:`coopscope.pair.panel`,
:mod:`coopscope.pair.classes`, :mod:`coopscope.pair.indicators` and the indicator modules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.engine import from_arrow
from coopscope.indicators.concentration import left_join
from coopscope.indicators.dependence_lenses import revision_lenses
from coopscope.pair.classes import pair_classes, pair_sides
from coopscope.pair.indicators import (
    add_market_similarities,
    cooperation_balance,
    flow_indicators,
    group_map,
    mean_complexity,
    with_groups,
)
from coopscope.pair.panel import destination_overlap, market_panel, product_panel, with_advantage
from coopscope.pair.params import PairParams

LENS_FIELDS = ("description", "mpe_class", "tech_class", "ai_areas")
LENS_SCHEMA = pa.schema([("product", pa.string()), *[(c, pa.string()) for c in LENS_FIELDS]])


@dataclass(frozen=True)
class PairTables:
    """Lazy tables of one pair analysis (see :func:`pair_tables`)."""

    sides: ir.Table
    products: ir.Table
    indicators: ir.Table


def load_lenses(hs_revision: str | None) -> pa.Table:
    """Product lenses (product, description, mpe_class, tech_class, ai_areas) from coopscope.classify.

    Returns an empty table when the classifier does not cover the revision,
    so the analysis still runs (groups are then only ``all``).
    """
    table = revision_lenses(hs_revision or "HS17")
    if table is None:
        return LENS_SCHEMA.empty_table()
    return table.select(LENS_SCHEMA.names).cast(LENS_SCHEMA)


def pair_tables(
    con: ibis.BaseBackend,
    trade: ir.Table,
    dependence: ir.Table,
    *,
    a: str,
    b: str,
    suppliers: Sequence[str],
    params: PairParams,
    lenses: pa.Table | None = None,
    eci: pa.Table | None = None,
    pci: pa.Table | None = None,
    materialise: Callable[[ir.Table], ir.Table] | None = None,
) -> PairTables:
    """The product-level pair table and the pair indicators, lazily.

    Inputs: canonical ``trade``; ``dependence`` with year, importer, product, top_supplier,
    top_supplier_share, hhi, group_share and the method flags (coopscope.indicators.dependence);
    ``lenses`` as :func:`load_lenses`; ``eci`` (year, country, eci) and ``pci`` (year, product, pci)
    from coopscope.indicators.complexity, or None. ``materialise`` (optional) runs an intermediate
    table and returns it loaded back, so the raw flows are scanned once for every output.
    Outputs: ``sides`` (coopscope.pair.classes.pair_sides + lens columns), ``products`` (the class
    table) and ``indicators`` (one row per year and group; columns in coopscope.pair.indicators).
    """
    keep = materialise or (lambda t: t)
    panel = keep(product_panel(trade, a=a, b=b))
    markets = keep(market_panel(trade, a=a, b=b))
    overlap = destination_overlap(markets)
    sides = keep(pair_sides(with_advantage(panel), overlap, dependence, a=a, b=b, params=params))
    lens = lenses if lenses is not None and lenses.num_rows else None
    if lens is not None:
        sides = left_join(sides, from_arrow(con, lens.select(LENS_SCHEMA.names)), ("product",))
    else:
        sides = sides.mutate(**{c: ibis.null("string") for c in LENS_FIELDS})
    pci_table = from_arrow(con, _pci_rows(pci)) if pci is not None and pci.num_rows else None
    sides = _with_pci(sides, pci_table)
    products = pair_classes(sides)
    groups = from_arrow(con, group_map(lens)) if lens is not None else None
    grouped = with_groups(panel, groups)
    table = flow_indicators(grouped)
    thirds = [s for s in suppliers if s not in (a, b)]
    table = add_market_similarities(table, with_groups(markets.filter(markets.market.isin(thirds)), groups), thirds)
    table = _with_complexity(con, table, grouped, a=a, b=b, eci=eci, pci=pci_table)
    table = left_join(
        table,
        cooperation_balance(with_groups(products.select("year", "product", "pair_class", "value_usd"), groups)),
        ("year", "group"),
    )
    zero = {c: table[c].fill_null(0.0) for c in table.columns if c.endswith("_usd")}
    table = table.mutate(**zero)
    return PairTables(sides=sides, products=products, indicators=table)


def _pci_rows(pci: pa.Table) -> pa.Table:
    schema = pa.schema([("year", pa.int64()), ("product", pa.string()), ("pci", pa.float64())])
    return pci.select(schema.names).cast(schema)


def _with_pci(sides: ir.Table, pci: ir.Table | None) -> ir.Table:
    if pci is None:
        return sides.mutate(pci=ibis.null("float64"))
    return left_join(sides, pci, ("year", "product"))


def _with_complexity(
    con: ibis.BaseBackend,
    table: ir.Table,
    grouped: ir.Table,
    *,
    a: str,
    b: str,
    eci: pa.Table | None,
    pci: ir.Table | None,
) -> ir.Table:
    if eci is not None and eci.num_rows:
        for country, name in ((a, "eci_a"), (b, "eci_b")):
            rows = eci.filter(pc.equal(eci["country"], country)).select(["year", "eci"]).rename_columns(["year", name])
            table = left_join(
                table, from_arrow(con, rows.cast(pa.schema([("year", pa.int64()), (name, pa.float64())]))), ("year",)
            )
    else:
        table = table.mutate(eci_a=ibis.null("float64"), eci_b=ibis.null("float64"))
    if pci is not None:
        return left_join(table, mean_complexity(grouped, pci), ("year", "group"))
    return table.mutate(pci_mean=ibis.null("float64"))


INDICATOR_ORDER = (
    "year",
    "group",
    "tci_a_to_b",
    "tci_b_to_a",
    "esi_world",
    "gl_bilateral",
    "tii_a_to_b",
    "tii_b_to_a",
    "eci_a",
    "eci_b",
)
BALANCE_ORDER = ("cooperation_usd", "competing_usd", "cooperation_ratio")


def order_groups(table: pa.Table) -> pa.Table:
    """Sort an indicator table by year, then ``all``, mpe, tech and AI groups (each alphabetically).

    Columns, as issue 7 orders them: :data:`INDICATOR_ORDER`, the cooperation balance
    (:data:`BALANCE_ORDER`, then the value of each class), then n_products, pci_mean and the
    export similarity in each third market (esi_<market>).
    """
    rank = {"all": 0, "mpe": 1, "tech": 2, "ai": 3}
    rows: list[dict[str, Any]] = table.to_pylist()
    rows.sort(key=lambda r: (r["year"], rank.get(str(r["group"]).split(":")[0], 4), str(r["group"])))
    markets = [c for c in table.column_names if c.startswith("esi_") and c != "esi_world"]
    classes = [c for c in table.column_names if c.endswith("_usd") and c not in BALANCE_ORDER]
    head = [*INDICATOR_ORDER, *BALANCE_ORDER, *classes]
    rest = [c for c in table.column_names if c not in head and c not in markets]
    return pa.Table.from_pylist(rows, schema=table.schema).select([*head, *rest, *markets])
