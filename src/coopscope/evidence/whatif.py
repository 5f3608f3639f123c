"""Section 3b: what if a and b lost one supplier's materials, parts and equipment (METHODS.md §B2).

From :func:`coopscope.pair.whatif_run.whatif` with both partners as importers (each the other's
partner, named first among the alternatives) and the supplier of
:func:`coopscope.evidence.inputs_beyond.loss_supplier` (Japan unless it is a partner), kept to
materials, parts and equipment.

Tables: ``totals`` (country, group, n_products, exposed_usd, cover_usd, net_exposed_usd,
exposed_share_of_imports, net_share_of_imports) for ``mpe:all``, each class and each AI area;
``products`` (country, product, description, mpe_class, ai_areas, exposed_usd, exposed_share,
cover_usd, net_exposed_usd, partner_cover_usd, n_alternatives, first_alternative), largest net
exposure first; ``shared`` (product, description, mpe_class, exposed_usd_a, exposed_usd_b,
combined_exposed_usd, joint_net_exposed_usd, extra_shortfall_usd): products both would lose;
``alternatives`` (country, product, rank, exporter, world_export_share, rca_index, spare_usd) for
the ten largest net exposures of each country.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopscope.evidence.common import AREA_GROUPS, MPE, MPE_GROUPS, Row, rows_of
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table

TOTAL_COLUMNS = ("country", "group", "n_products", "exposed_usd", "cover_usd", "net_exposed_usd",
                 "exposed_share_of_imports", "net_share_of_imports")  # fmt: skip
PRODUCT_COLUMNS = ("country", "product", "description", "mpe_class", "ai_areas", "exposed_usd", "exposed_share",
                   "cover_usd", "net_exposed_usd", "partner_cover_usd", "n_alternatives",
                   "first_alternative")  # fmt: skip
SHARED_COLUMNS = ("product", "description", "mpe_class", "exposed_usd_a", "exposed_usd_b", "combined_exposed_usd",
                  "joint_net_exposed_usd", "extra_shortfall_usd")  # fmt: skip
ALTERNATIVE_COLUMNS = ("country", "product", "rank", "exporter", "world_export_share", "rca_index", "spare_usd")
TOTAL_KEYS = ("exposed_usd", "cover_usd", "net_exposed_usd", "exposed_share_of_imports", "net_share_of_imports")
TOP_PRODUCTS = 10


def totals_rows(result: Any) -> list[Row]:
    """Totals per country for ``mpe:all`` (the sum of the three classes), each class and each AI area."""
    rows = [r for r in rows_of(result.totals) if r["group"] in (*MPE_GROUPS, *AREA_GROUPS)]
    out = []
    for country in result.importers:
        mine = [r for r in rows if r["importer"] == country]
        classes = [r for r in mine if r["group"] in MPE_GROUPS]
        total = {k: sum(r[k] or 0.0 for r in classes) for k in TOTAL_KEYS}
        out.append({"country": country, "group": "mpe:all", "n_products": sum(r["products"] for r in classes), **total})
        order = {g: i for i, g in enumerate((*MPE_GROUPS, *AREA_GROUPS))}
        for r in sorted(mine, key=lambda r: order[r["group"]]):
            out.append({"country": country, "group": r["group"], "n_products": r["products"],
                        **{k: r[k] for k in TOTAL_KEYS}})  # fmt: skip
    return out


def product_rows(result: Any) -> list[Row]:
    """MPE products exposed, with the first alternative supplier (the partner when it exports)."""
    first = {(r["importer"], r["product"]): r["exporter"] for r in rows_of(result.alternatives) if r["rank"] == 1}
    rows = [r for r in rows_of(result.products) if r.get("mpe_class") in MPE]
    out = [
        {**{k: r.get(k) for k in PRODUCT_COLUMNS}, "country": r["importer"],
         "first_alternative": first.get((r["importer"], r["product"]))}
        for r in rows
    ]  # fmt: skip
    order = list(result.importers)
    return sorted(out, key=lambda r: (order.index(r["country"]), -(r["net_exposed_usd"] or 0.0), r["product"]))


def shared_rows(result: Any, products: Sequence[Row]) -> list[Row]:
    """MPE products both partners would lose, largest joint net exposure first."""
    if result.shared is None:
        return []
    lens = {r["product"]: r for r in products}
    out = []
    for r in rows_of(result.shared):
        if r["product"] in lens:
            out.append({**{k: r.get(k) for k in SHARED_COLUMNS}, "exposed_usd_a": r["exposed_a_usd"],
                        "exposed_usd_b": r["exposed_b_usd"], "description": lens[r["product"]]["description"],
                        "mpe_class": lens[r["product"]]["mpe_class"]})  # fmt: skip
    return sorted(out, key=lambda r: (-(r["joint_net_exposed_usd"] or 0.0), r["product"]))


def alternative_rows(result: Any, products: Sequence[Row]) -> list[Row]:
    """The alternatives of each country's ten largest net exposures."""
    top = set()
    for country in result.importers:
        top |= {(country, r["product"]) for r in [p for p in products if p["country"] == country][:TOP_PRODUCTS]}
    return [
        {"country": r["importer"], "product": r["product"], "rank": r["rank"], "exporter": r["exporter"],
         "world_export_share": r["world_export_share"], "rca_index": r["rca"], "spare_usd": r["spare_usd"]}
        for r in rows_of(result.alternatives)
        if (r["importer"], r["product"]) in top
    ]  # fmt: skip


def whatif_section(inputs: Inputs) -> Section:
    """Section 3b (module docstring)."""
    beyond = inputs.beyond
    if beyond is None or beyond.whatif is None:
        return Section("whatif", Statement("No supplier outside the pair is left to model the loss of."))
    result = beyond.whatif
    totals, products = totals_rows(result), product_rows(result)
    shared = shared_rows(result, products)
    mpe = {r["country"]: r for r in totals if r["group"] == "mpe:all"}
    a, b = mpe[inputs.a], mpe[inputs.b]
    headline = Statement(
        "If {supplier} stopped supplying materials, parts and equipment, {a} would lose {a_usd} of imports "
        "({a_share}) and {b} {b_usd} ({b_share}); after what other exporters could cover, {a_net_usd} and "
        "{b_net_usd} would remain.",
        {"supplier": beyond.loss, "a": inputs.a, "b": inputs.b, "a_usd": a["exposed_usd"],
         "a_share": a["exposed_share_of_imports"], "b_usd": b["exposed_usd"], "b_share": b["exposed_share_of_imports"],
         "a_net_usd": a["net_exposed_usd"], "b_net_usd": b["net_exposed_usd"]},
    )  # fmt: skip
    statements = [_shared_statement(inputs, beyond.loss, shared)]
    statements += [s for s in (_largest(inputs, products, c) for c in (inputs.a, inputs.b)) if s]
    rule = result.rule
    notes = (
        Statement(
            "Cover rule: exporters with RCA of at least {rca_index} could redirect at most {redirect_share} of their "
            "exports to third countries; prices, contracts and lead times are not modelled. The partner is named "
            "first among the alternatives.",
            {"rca_index": rule.min_rca, "redirect_share": rule.redirect},
        ),
    )
    tables = {
        "totals": Table.from_records(TOTAL_COLUMNS, totals),
        "products": Table.from_records(PRODUCT_COLUMNS, products),
        "shared": Table.from_records(SHARED_COLUMNS, shared),
        "alternatives": Table.from_records(ALTERNATIVE_COLUMNS, alternative_rows(result, products)),
    }
    return Section("whatif", headline, tuple(statements), notes, tables)


def _shared_statement(inputs: Inputs, supplier: str | None, shared: Sequence[Row]) -> Statement:
    if not shared:
        return Statement(
            "No material, part or equipment product that {a} and {b} buy from {supplier} is exposed in both.",
            {"a": inputs.a, "b": inputs.b, "supplier": supplier},
        )
    return Statement(
        "{n} products are exposed in both ({combined_usd}); if both had to replace {supplier} at once, the shortfall "
        "would grow by {extra_usd}.",
        {"n": len(shared), "supplier": supplier, "combined_usd": sum(r["combined_exposed_usd"] or 0 for r in shared),
         "extra_usd": sum(r["extra_shortfall_usd"] or 0 for r in shared)},
    )  # fmt: skip


def _largest(inputs: Inputs, products: Sequence[Row], country: str) -> Statement | None:
    mine = [r for r in products if r["country"] == country]
    if not mine:
        return None
    top = mine[0]
    return Statement(
        "{country}'s largest net exposure: {product} ({net_exposed_usd} after cover); first alternative: {top}.",
        {"country": country, "product": top["product"], "net_exposed_usd": top["net_exposed_usd"],
         "top": top["first_alternative"]},
    )  # fmt: skip
