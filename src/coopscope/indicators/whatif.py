"""Supplier-loss what-if: what an importer stands to lose if some suppliers stopped, and who could step in.

Lazy Ibis kernels over the canonical trade table (``schema.py``: year, exporter, importer,
product, hs_revision, value_usd); they run unchanged on DuckDB and PySpark. Definitions and their
assumptions: METHODS.md §B2. Flows of a country with itself and flows of value ≤ 0 are
left out, as in the dependence indicators.

Cover rule (stated, not estimated): an alternative exporter counts when its RCA in the product is
≥ ``min_rca``; it could redirect at most ``redirect`` (default 10 %) of its exports of the product
to third countries (its exports to everyone but the importer). Net exposure is the exposed value
minus that cover, never below 0. Prices, contracts, quality and lead times are not modelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import ibis.expr.types as ir

from coopscope.errors import OptionError
from coopscope.indicators.exact import exact_sum

KEYS = ("year", "hs_revision", "importer", "product")
PRODUCT = ("year", "hs_revision", "product")


@dataclass(frozen=True)
class CoverRule:
    """How much alternatives could cover: ``redirect`` share of their third-country exports, RCA ≥ ``min_rca``."""

    redirect: float = 0.1
    min_rca: float = 1.0

    def __post_init__(self) -> None:
        """Check the rule once, at the boundary."""
        if not 0.0 <= self.redirect <= 1.0:
            raise OptionError(f"redirect: {self.redirect:g} is not a share between 0 and 1.", "use e.g. 0.1 (10 %).")
        if self.min_rca < 0:
            raise OptionError(f"min_rca: {self.min_rca:g} is negative.", "use e.g. 1 (comparative advantage).")


def year_flows(trade: ir.Table, year: int) -> ir.Table:
    """Positive flows between two different countries in ``year``.

    Output columns: year, hs_revision, exporter, importer, product, value_usd.
    """
    flows = trade.select("year", "hs_revision", "exporter", "importer", "product", "value_usd")
    return flows.filter((flows.year == int(year)) & (flows.value_usd > 0) & (flows.exporter != flows.importer))


def exposure(flows: ir.Table, *, importers: Sequence[str], suppliers: Sequence[str]) -> ir.Table:
    """Import value each importer would lose per product if every one of ``suppliers`` stopped.

    Input: :func:`year_flows`. Output columns: year, hs_revision, importer, product, imports_usd
    (from everyone), exposed_usd (from ``suppliers``), exposed_share (exposed / imports of the
    product), total_imports_usd (the importer's imports of every product), exposed_share_of_imports
    (exposed / total imports). Only products with exposed_usd > 0.
    """
    own = flows.filter(flows.importer.isin(list(importers)))
    lost = own.exporter.isin(list(suppliers))
    by_product = own.group_by(list(KEYS)).aggregate(
        imports_usd=exact_sum(own.value_usd), exposed_usd=exact_sum(own.value_usd, where=lost).fill_null(0.0)
    )
    totals = own.group_by(["year", "hs_revision", "importer"]).aggregate(total_imports_usd=exact_sum(own.value_usd))
    t = by_product.filter(by_product.exposed_usd > 0).join(totals, ["year", "hs_revision", "importer"])
    return t.select(
        *KEYS,
        "imports_usd",
        "exposed_usd",
        exposed_share=t.exposed_usd / t.imports_usd,
        total_imports_usd=t.total_imports_usd,
        exposed_share_of_imports=t.exposed_usd / t.total_imports_usd,
    )


def exporter_profile(flows: ir.Table) -> ir.Table:
    """Each exporter's exports of each product, its world export share and Balassa RCA.

    Input: :func:`year_flows`. Output columns: year, hs_revision, exporter, product, exports_usd,
    world_export_share (exports / all exports of the product), rca ((X_ek / X_e) / (X_k / X_w),
    METHODS.md §3.2).
    """
    cell = flows.group_by(["year", "hs_revision", "exporter", "product"]).aggregate(
        exports_usd=exact_sum(flows.value_usd)
    )
    by_exporter = cell.group_by(["year", "hs_revision", "exporter"]).aggregate(exporter_usd=exact_sum(cell.exports_usd))
    by_product = cell.group_by(list(PRODUCT)).aggregate(product_usd=exact_sum(cell.exports_usd))
    world = cell.group_by(["year", "hs_revision"]).aggregate(world_usd=exact_sum(cell.exports_usd))
    t = cell.join(by_exporter, ["year", "hs_revision", "exporter"]).join(by_product, list(PRODUCT))
    t = t.join(world, ["year", "hs_revision"])
    return t.select(
        "year",
        "hs_revision",
        "exporter",
        "product",
        "exports_usd",
        world_export_share=t.exports_usd / t.product_usd,
        rca=(t.exports_usd / t.exporter_usd) / (t.product_usd / t.world_usd),
    )


def alternatives(
    flows: ir.Table, exposed: ir.Table, *, suppliers: Sequence[str], partner: str | None = None
) -> ir.Table:
    """Other exporters of each exposed product: who could step in, the partner country named first.

    Input: :func:`year_flows` and :func:`exposure`. Output columns: year, hs_revision, importer,
    product, exporter, is_partner, exports_usd, world_export_share, rca, to_importer_usd (what it
    already sells the importer), spare_usd (its exports to third countries: exports − to_importer),
    rank (1 = first: the partner, then by spare_usd descending, ties by exporter code).
    """
    profile = exporter_profile(flows)
    wanted = exposed.select(*KEYS)
    t = wanted.join(profile, list(PRODUCT))
    t = t.filter(~t.exporter.isin(list(suppliers)) & (t.exporter != t.importer))
    sold = flows.group_by(["year", "hs_revision", "importer", "exporter", "product"]).aggregate(
        to_importer_usd=exact_sum(flows.value_usd)
    )
    t = t.left_join(sold, [*KEYS, "exporter"]).select(
        *KEYS, *[c for c in profile.columns if c not in PRODUCT], "to_importer_usd"
    )
    t = t.mutate(to_importer_usd=t.to_importer_usd.fill_null(0.0))
    t = t.mutate(
        is_partner=(t.exporter == partner) if partner else ibis.literal(False),
        spare_usd=ibis.greatest(t.exports_usd - t.to_importer_usd, 0.0),
    )
    window = ibis.window(
        group_by=[t[c] for c in KEYS], order_by=[ibis.desc(t.is_partner), ibis.desc(t.spare_usd), ibis.asc(t.exporter)]
    )
    return t.mutate(rank=ibis.row_number().over(window) + 1)


def net_exposure(exposed: ir.Table, options: ir.Table, rule: CoverRule | None = None) -> ir.Table:
    """Exposure net of what qualifying alternatives could cover under ``rule`` (METHODS.md §B2).

    Input: :func:`exposure` and :func:`alternatives`. Output columns: the exposure columns, then
    n_alternatives (exporters with RCA ≥ min_rca), capacity_usd (their spare_usd summed), cover_usd
    (min(exposed, redirect × capacity)), net_exposed_usd (exposed − cover), net_share (net / imports
    of the product), partner_cover_usd (min(exposed, redirect × the partner's spare) if it qualifies).
    """
    rule = rule or CoverRule()
    ok = options.rca >= rule.min_rca
    cap = options.group_by(list(KEYS)).aggregate(
        n_alternatives=options.exporter.count(where=ok),
        capacity_usd=exact_sum(options.spare_usd, where=ok),
        partner_spare_usd=exact_sum(options.spare_usd, where=ok & options.is_partner),
    )
    t = exposed.left_join(cap, list(KEYS)).select(
        *exposed.columns, "n_alternatives", "capacity_usd", "partner_spare_usd"
    )
    capacity, partner = t.capacity_usd.fill_null(0.0), t.partner_spare_usd.fill_null(0.0)
    cover = ibis.least(t.exposed_usd, capacity * rule.redirect)
    return t.select(
        *exposed.columns,
        n_alternatives=t.n_alternatives.fill_null(0),
        capacity_usd=capacity,
        cover_usd=cover,
        net_exposed_usd=t.exposed_usd - cover,
        net_share=(t.exposed_usd - cover) / t.imports_usd,
        partner_cover_usd=ibis.least(t.exposed_usd, partner * rule.redirect),
    )


def exposure_totals(net: ir.Table, groups: ir.Table | None = None) -> ir.Table:
    """Totals per importer and product group (``all``, ``mpe:<class>``, ``ai:<area>`` …).

    Input: :func:`net_exposure`; ``groups`` (product, group), e.g. from ``pair.indicators.group_map``.
    Output columns: year, hs_revision, importer, group, products, imports_usd, exposed_usd,
    cover_usd, net_exposed_usd, total_imports_usd, exposed_share_of_imports, net_share_of_imports.
    """
    parts = [net.mutate(group=ibis.literal("all"))]
    if groups is not None:
        joined = net.join(groups, "product")
        parts.append(joined.select(*net.columns, "group"))
    t = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    g = t.group_by(["year", "hs_revision", "importer", "group"]).aggregate(
        products=t["product"].count(),
        imports_usd=exact_sum(t.imports_usd),
        exposed_usd=exact_sum(t.exposed_usd),
        cover_usd=exact_sum(t.cover_usd),
        net_exposed_usd=exact_sum(t.net_exposed_usd),
        total_imports_usd=t.total_imports_usd.max(),
    )
    return g.mutate(
        exposed_share_of_imports=g.exposed_usd / g.total_imports_usd,
        net_share_of_imports=g.net_exposed_usd / g.total_imports_usd,
    )


def shared_exposure(
    flows: ir.Table, net: ir.Table, *, importers: Sequence[str], suppliers: Sequence[str], rule: CoverRule | None = None
) -> ir.Table:
    """Products both importers would lose, and their joint shortfall when both draw on the same alternatives.

    Input: :func:`year_flows` and :func:`net_exposure` of both importers. Joint alternatives are the
    exporters other than the suppliers and the two importers, with spare = exports − sales to either
    importer. Output columns: year, hs_revision, product, importer_a, importer_b, exposed_a_usd,
    exposed_b_usd, combined_exposed_usd, net_a_usd, net_b_usd, joint_capacity_usd, joint_cover_usd,
    joint_net_exposed_usd, extra_shortfall_usd (joint net − net_a − net_b: what competing for the same
    spare capacity, and losing each other as a source, adds).
    """
    rule = rule or CoverRule()
    a, b = importers
    side_a, side_b = _side(net, a, "a"), _side(net, b, "b")
    both = side_a.join(side_b, list(PRODUCT))
    profile = exporter_profile(flows)
    pair = flows.filter(flows.importer.isin([a, b]))
    sold = pair.group_by(["year", "hs_revision", "exporter", "product"]).aggregate(
        to_pair_usd=exact_sum(pair.value_usd)
    )
    alt = profile.filter(~profile.exporter.isin([*suppliers, a, b]) & (profile.rca >= rule.min_rca))
    alt = alt.left_join(sold, ["year", "hs_revision", "exporter", "product"]).select(*alt.columns, "to_pair_usd")
    spare = ibis.greatest(alt.exports_usd - alt.to_pair_usd.fill_null(0.0), 0.0)
    alt = alt.mutate(spare=spare)
    cap = alt.group_by(list(PRODUCT)).aggregate(joint_capacity_usd=exact_sum(alt.spare))
    t = both.left_join(cap, list(PRODUCT)).select(*both.columns, "joint_capacity_usd")
    combined = t.exposed_a_usd + t.exposed_b_usd
    cover = ibis.least(combined, t.joint_capacity_usd.fill_null(0.0) * rule.redirect)
    return t.select(
        *PRODUCT,
        importer_a=ibis.literal(a),
        importer_b=ibis.literal(b),
        exposed_a_usd=t.exposed_a_usd,
        exposed_b_usd=t.exposed_b_usd,
        combined_exposed_usd=combined,
        net_a_usd=t.net_a_usd,
        net_b_usd=t.net_b_usd,
        joint_capacity_usd=t.joint_capacity_usd.fill_null(0.0),
        joint_cover_usd=cover,
        joint_net_exposed_usd=combined - cover,
        extra_shortfall_usd=combined - cover - t.net_a_usd - t.net_b_usd,
    )


def _side(net: ir.Table, importer: str, suffix: str) -> ir.Table:
    own = net.filter(net.importer == importer)
    return own.select(*PRODUCT, **{f"exposed_{suffix}_usd": own.exposed_usd, f"net_{suffix}_usd": own.net_exposed_usd})
