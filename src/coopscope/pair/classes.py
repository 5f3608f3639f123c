"""The product-level pair table: both partners side by side, and the classes with the numbers behind them.

Classes (thresholds: :mod:`coopscope.pair.params`), for partners a, b and supplier group S:

* ``shared_vulnerability`` — a and b are both dependent (by the chosen method) and either their top
  supplier is the same third country, or both draw more than ``group_share_min`` from S.
  value_usd = a's plus b's imports from third countries.
* ``substitution_a_to_b`` — b is dependent with a third country as top supplier, and a has
  comparative advantage and exports at scale. value_usd = coverable_a_to_b_usd = min(a's exports to
  countries other than b, b's imports from countries other than a); coverage_a_to_b is that value
  over b's third-country imports. ``substitution_b_to_a`` mirrors it.
* ``complementary`` (direction a_to_b or b_to_a) — the exporter's export strength meets the
  importer's import demand. value_usd = min(exporter's exports, importer's imports).
* ``competing`` — both have export strength and ship to the same third markets.
  value_usd = market_overlap_usd = Σ over third markets m of min(a's, b's exports to m).

A product in several classes has one row per class (and per direction), so values of different
classes must not be added up as if they were disjoint.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from coopscope.indicators.complementarity import grubel_lloyd_products
from coopscope.indicators.concentration import left_join
from coopscope.indicators.dependence_summary import dependent
from coopscope.pair.params import PairParams

PAIR_CLASSES = ("shared_vulnerability", "substitution_a_to_b", "substitution_b_to_a", "complementary", "competing")
SIDE_COLUMNS = ("top_supplier", "top_supplier_share", "hhi", "group_share")
# carried side by side when the dependence table has them (coopscope.indicators.dependence does)
EXTRA_SIDE_COLUMNS = ("n_suppliers", "import_export_ratio", "kita_band", "kiet_class")
RENAMES = {
    "export_value_usd_a": "x_a_w",
    "export_value_usd_b": "x_b_w",
    "import_value_usd_a": "m_a_w",
    "import_value_usd_b": "m_b_w",
    "exports_a_to_b_usd": "x_a_b",
    "exports_b_to_a_usd": "x_b_a",
    "world_export_value_usd": "x_w",
}


def dependence_side(dependence: ir.Table, *, country: str, suffix: str, method: str) -> ir.Table:
    """One partner's dependence indicators with suffixed names.

    Input: the dependence table (coopscope.indicators.dependence: year, importer, product, top_supplier,
    top_supplier_share, hhi, group_share and the method flags). Output columns: year, product,
    dependent_<suffix> (bool, never null), top_supplier_<suffix>, top_supplier_share_<suffix>,
    hhi_<suffix>, group_share_<suffix>, and n_suppliers, import_export_ratio, kita_band, kiet_class
    with the suffix when the input has them.
    """
    rows = dependence.filter(dependence.importer == country)
    columns = [*SIDE_COLUMNS, *(c for c in EXTRA_SIDE_COLUMNS if c in dependence.columns)]
    return rows.select("year", "product", **{f"dependent_{suffix}": dependent(rows, method)},
                       **{f"{c}_{suffix}": rows[c] for c in columns})  # fmt: skip


def pair_sides(
    panel: ir.Table, overlap: ir.Table, dependence: ir.Table, *, a: str, b: str, params: PairParams
) -> ir.Table:
    """One row per (year, product): both partners side by side, class flags and the numbers behind them.

    Inputs: ``panel`` = :func:`coopscope.pair.panel.with_advantage` of the product panel; ``overlap`` =
    :func:`coopscope.pair.panel.destination_overlap`; ``dependence`` as in :func:`dependence_side`.
    Output columns: year, product, the renamed flows (:data:`RENAMES`), rca_a/b, import_rca_a/b,
    world_share_a/b, market_similarity, market_overlap_usd, gl_bilateral (Grubel–Lloyd of the
    bilateral flows), the side columns of a and b,
    third_import_usd_a/b, coverable_*_usd, coverage_*, and one boolean per class and direction.
    """
    t = left_join(panel, overlap, ("year", "product"))
    for country, suffix in ((a, "a"), (b, "b")):
        t = left_join(
            t, dependence_side(dependence, country=country, suffix=suffix, method=params.method), ("year", "product")
        )
    t = t.mutate(
        dependent_a=t.dependent_a.fill_null(False),
        dependent_b=t.dependent_b.fill_null(False),
        third_import_usd_a=t.m_a_w - t.x_b_a,
        third_import_usd_b=t.m_b_w - t.x_a_b,
    )
    t = t.mutate(
        coverable_a_to_b_usd=ibis.least(t.x_a_w - t.x_a_b, t.third_import_usd_b),
        coverable_b_to_a_usd=ibis.least(t.x_b_w - t.x_b_a, t.third_import_usd_a),
    )
    t = t.mutate(
        coverage_a_to_b=t.coverable_a_to_b_usd / t.third_import_usd_b.nullif(0.0),
        coverage_b_to_a=t.coverable_b_to_a_usd / t.third_import_usd_a.nullif(0.0),
    )
    t = grubel_lloyd_products(t, exports="x_a_b", imports="x_b_a", name="gl_bilateral")
    return _flags(t, a, b, params).rename(RENAMES)


def _flags(t: ir.Table, a: str, b: str, p: PairParams) -> ir.Table:
    def third(side: str) -> ir.BooleanValue:
        top = t[f"top_supplier_{side}"]
        return top.notnull() & ~top.isin([a, b])

    def at_scale(side: str) -> ir.BooleanValue:
        return (
            (t[f"rca_{side}"] > p.rca_min)
            & (t[f"x_{side}_w"] >= p.scale_min_usd)
            & (t[f"world_share_{side}"] >= p.scale_min_world_share)
        )

    def strength(side: str) -> ir.BooleanValue:
        return (t[f"rca_{side}"] > p.rca_min) & (t[f"x_{side}_w"] >= p.strength_min_usd)

    def demand(side: str) -> ir.BooleanValue:
        return (t[f"import_rca_{side}"] > p.import_rca_min) & (t[f"m_{side}_w"] >= p.demand_min_usd)

    same_top = third("a") & (t.top_supplier_a == t.top_supplier_b)
    by_group = (t.group_share_a > p.group_share_min) & (t.group_share_b > p.group_share_min)
    flags = {
        "is_shared_vulnerability": t.dependent_a & t.dependent_b & (same_top | by_group),
        "is_substitution_a_to_b": t.dependent_b & third("b") & at_scale("a"),
        "is_substitution_b_to_a": t.dependent_a & third("a") & at_scale("b"),
        "is_complementary_a_to_b": strength("a") & demand("b"),
        "is_complementary_b_to_a": strength("b") & demand("a"),
        "is_competing": strength("a") & strength("b") & (t.market_similarity >= p.market_similarity_min),
    }
    return t.mutate(**{k: v.fill_null(False) for k, v in flags.items()})


def _class_rows(sides: ir.Table) -> list[tuple[str, str, str, ir.FloatingValue]]:
    s = sides
    return [
        ("shared_vulnerability", "both", "is_shared_vulnerability", s.third_import_usd_a + s.third_import_usd_b),
        ("substitution_a_to_b", "a_to_b", "is_substitution_a_to_b", s.coverable_a_to_b_usd),
        ("substitution_b_to_a", "b_to_a", "is_substitution_b_to_a", s.coverable_b_to_a_usd),
        ("complementary", "a_to_b", "is_complementary_a_to_b", ibis.least(s.export_value_usd_a, s.import_value_usd_b)),
        ("complementary", "b_to_a", "is_complementary_b_to_a", ibis.least(s.export_value_usd_b, s.import_value_usd_a)),
        ("competing", "both", "is_competing", s.market_overlap_usd),
    ]


def pair_classes(sides: ir.Table) -> ir.Table:
    """The long class table: one row per (year, product, pair_class, direction) a product qualifies for.

    Input: :func:`pair_sides` (optionally with lens columns). Output columns: year, product,
    pair_class (:data:`PAIR_CLASSES`), direction (a_to_b, b_to_a or both), value_usd (module
    docstring), then every column of ``sides`` except year and product.
    """
    rest = [c for c in sides.columns if c not in ("year", "product")]
    parts = []
    for name, direction, flag, value in _class_rows(sides):
        part = sides.mutate(pair_class=ibis.literal(name), direction=ibis.literal(direction), value_usd=value)
        parts.append(part.filter(part[flag]).select("year", "product", "pair_class", "direction", "value_usd", *rest))
    return ibis.union(*parts, distinct=False)
