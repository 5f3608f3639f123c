"""Sections 3 and 4: shared vulnerabilities and substitution, in the report year (METHODS.md §5).

Shared vulnerability (table ``products``): a product where both partners draw more than
``group_share_min`` of their imports from the supplier group (basis ``group``), or where both are
dependent under at least one rule and have the same third-country top supplier (basis
``same_top``); ``rules`` lists the rules under which both are dependent. Columns: product,
description, mpe_class, ai_areas, basis, rules, value_usd (a's plus b's imports),
import_value_usd_a/b, group_share_a/b, top_supplier_a/b, top_supplier_share_a/b.

Substitution (table ``products``): direction a_to_b when b is dependent under at least one rule
with a third-country top supplier and a has comparative advantage and exports at scale (the
thresholds of coopscope.pair.params). Columns: direction, product, description, mpe_class,
ai_areas, rules, value_usd (coverable imports: min of the supplier's exports to others and the
dependent side's third-country imports), coverage, rca, world_share, export_value_usd,
replaced_supplier, replaced_share.

Both sections have ``by_group`` (… group, n_products, value_usd) for all, MPE and AI-area groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopscope.evidence.common import AREA_GROUPS, MPE, MPE_GROUPS, Row, flagged, groups_of, rows_of
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table
from coopscope.pair.params import PairParams

SUMMARY_GROUPS = ("all", "mpe:all", *MPE_GROUPS, *AREA_GROUPS)
SHARED_COLUMNS = (
    "product",
    "description",
    "mpe_class",
    "ai_areas",
    "basis",
    "rules",
    "value_usd",
    "import_value_usd_a",
    "import_value_usd_b",
    "group_share_a",
    "group_share_b",
    "top_supplier_a",
    "top_supplier_share_a",
    "top_supplier_b",
    "top_supplier_share_b",
)
SUBSTITUTION_COLUMNS = (
    "direction",
    "product",
    "description",
    "mpe_class",
    "ai_areas",
    "rules",
    "value_usd",
    "coverage",
    "rca",
    "world_share",
    "export_value_usd",
    "replaced_supplier",
    "replaced_share",
)


def _latest(inputs: Inputs) -> dict[str, dict[str, Row]]:
    out: dict[str, dict[str, Row]] = {inputs.a: {}, inputs.b: {}}
    for r in rows_of(inputs.dependence):
        if r["year"] == inputs.year:
            out[r["importer"]][r["product"]] = r
    return out


def shared_rows(inputs: Inputs, rules: Sequence[str], group_share_min: float) -> list[Row]:
    """Shared vulnerabilities of the report year, largest combined imports first (module docstring)."""
    latest, out = _latest(inputs), []
    for product in sorted(set(latest[inputs.a]) & set(latest[inputs.b])):
        ra, rb = latest[inputs.a][product], latest[inputs.b][product]
        both = tuple(rule for rule in rules if flagged(ra, rule) and flagged(rb, rule))
        by_group = (ra["group_share"] or 0) > group_share_min and (rb["group_share"] or 0) > group_share_min
        top = ra["top_supplier"]
        same_top = bool(both) and top is not None and top == rb["top_supplier"] and top not in (inputs.a, inputs.b)
        if not (by_group or same_top):
            continue
        out.append(
            {
                "product": product,
                **{k: ra.get(k) for k in ("description", "mpe_class", "ai_areas")},
                "basis": "both" if by_group and same_top else ("group" if by_group else "same_top"),
                "rules": ";".join(both),
                "value_usd": (ra["import_value_usd"] or 0) + (rb["import_value_usd"] or 0),
                **_sides(ra, "a"),
                **_sides(rb, "b"),
            }
        )
    return sorted(out, key=lambda r: (-r["value_usd"], r["product"]))


def _sides(row: Row, suffix: str) -> Row:
    keys = ("import_value_usd", "group_share", "top_supplier", "top_supplier_share")
    return {f"{k}_{suffix}": row.get(k) for k in keys}


def by_group_rows(rows: Sequence[Row], prefix: dict[str, Any] | None = None) -> list[Row]:
    """Count and value of ``rows`` per summary group."""
    out = []
    for group in SUMMARY_GROUPS:
        chosen = [r for r in rows if group in groups_of(r)]
        out.append(
            {
                **(prefix or {}),
                "group": group,
                "n_products": len(chosen),
                "value_usd": sum(r["value_usd"] or 0.0 for r in chosen),
            }
        )
    return out


def shared_section(inputs: Inputs, rules: Sequence[str], params: PairParams) -> Section:
    """Section 3 (module docstring)."""
    rows = shared_rows(inputs, rules, params.group_share_min)
    groups = by_group_rows(rows)
    mpe = next(r for r in groups if r["group"] == "mpe:all")
    top = next((r for r in rows if r["mpe_class"] in ("materials", "parts", "equipment")), None)
    headline = Statement(
        "{a} and {b} share {n} vulnerable materials, parts and equipment products ({value_usd} of imports); "
        "in {group_n} of them both buy more than half from {group}.",
        {
            "a": inputs.a,
            "b": inputs.b,
            "n": mpe["n_products"],
            "value_usd": mpe["value_usd"],
            "group_n": sum(1 for r in rows if r["mpe_class"] in MPE and r["basis"] in ("group", "both")),
            "group": inputs.suppliers,
        },
    )
    statements = [_group_statement(r) for r in groups if r["group"] in (*MPE_GROUPS, *AREA_GROUPS)]
    if top:
        statements.insert(
            0,
            Statement(
                "The largest is {product} ({value_usd}): the largest supplier of {a} is {top_a} ({a_top_share}), "
                "of {b} {top_b} ({b_top_share}); the group supplies {a_share} of {a}'s imports and {b_share} of "
                "{b}'s.",
                {
                    "product": top["product"],
                    "value_usd": top["value_usd"],
                    "a": inputs.a,
                    "b": inputs.b,
                    "top_a": top["top_supplier_a"],
                    "top_b": top["top_supplier_b"],
                    "a_top_share": top["top_supplier_share_a"],
                    "b_top_share": top["top_supplier_share_b"],
                    "a_share": top["group_share_a"],
                    "b_share": top["group_share_b"],
                },
            ),
        )
    tables = {
        "products": Table.from_records(SHARED_COLUMNS, rows),
        "by_group": Table.from_records(("group", "n_products", "value_usd"), groups),
    }
    return Section("shared", headline, tuple(statements), (_basis_note(params),), tables)


def _group_statement(row: Row) -> Statement:
    return Statement(
        "{group_name}: {n} shared vulnerable products ({value_usd}).",
        {"group_name": row["group"], "n": row["n_products"], "value_usd": row["value_usd"]},
    )


def _basis_note(params: PairParams) -> Statement:
    return Statement(
        "A product counts when both draw more than {min_share} of its imports from the supplier group, or when both "
        "depend on it under at least one rule and their largest supplier is the same third country.",
        {"min_share": params.group_share_min},
    )


def substitution_rows(inputs: Inputs, rules: Sequence[str], params: PairParams) -> list[Row]:
    """Substitution in both directions (module docstring), largest coverable value first."""
    latest = _latest(inputs)
    out = []
    for side in rows_of(inputs.sides):
        for direction, sup, dep_country in (("a_to_b", "a", inputs.b), ("b_to_a", "b", inputs.a)):
            dep = latest[dep_country].get(side["product"])
            row = _substitution(side, dep, direction, sup, rules, params, (inputs.a, inputs.b))
            if row:
                out.append(row)
    return sorted(out, key=lambda r: (-(r["value_usd"] or 0.0), r["direction"], r["product"]))


def _substitution(
    side: Row, dep: Row | None, direction: str, sup: str, rules: Sequence[str], p: PairParams, pair: tuple[str, str]
) -> Row | None:
    if dep is None or dep["top_supplier"] in (None, *pair):
        return None
    hits = tuple(rule for rule in rules if flagged(dep, rule))
    rca, exports, world = side[f"rca_{sup}"], side[f"export_value_usd_{sup}"], side[f"world_share_{sup}"]
    if (
        not hits
        or rca is None
        or rca <= p.rca_min
        or (exports or 0) < p.scale_min_usd
        or (world or 0) < p.scale_min_world_share
    ):
        return None
    return {
        "direction": direction,
        "product": side["product"],
        "description": side.get("description"),
        "mpe_class": side.get("mpe_class"),
        "ai_areas": side.get("ai_areas"),
        "rules": ";".join(hits),
        "value_usd": side[f"coverable_{direction}_usd"],
        "coverage": side[f"coverage_{direction}"],
        "rca": rca,
        "world_share": world,
        "export_value_usd": exports,
        "replaced_supplier": dep["top_supplier"],
        "replaced_share": dep["top_supplier_share"],
    }


def substitution_section(inputs: Inputs, rules: Sequence[str], params: PairParams) -> Section:
    """Section 4 (module docstring)."""
    rows = substitution_rows(inputs, rules, params)
    groups = [
        g
        for d in ("a_to_b", "b_to_a")
        for g in by_group_rows([r for r in rows if r["direction"] == d], {"direction": d})
    ]
    total = {d: next(g for g in groups if g["direction"] == d and g["group"] == "all") for d in ("a_to_b", "b_to_a")}
    headline = Statement(
        "{a} could replace third-country suppliers of {b} in {ab_n} products ({ab_usd}); {b} could do so for {a} "
        "in {ba_n} ({ba_usd}).",
        {
            "a": inputs.a,
            "b": inputs.b,
            "ab_n": total["a_to_b"]["n_products"],
            "ab_usd": total["a_to_b"]["value_usd"],
            "ba_n": total["b_to_a"]["n_products"],
            "ba_usd": total["b_to_a"]["value_usd"],
        },
    )
    statements = [_replaced_statement(rows, d, inputs) for d in ("a_to_b", "b_to_a")]
    tables = {
        "products": Table.from_records(SUBSTITUTION_COLUMNS, rows),
        "by_group": Table.from_records(("direction", "group", "n_products", "value_usd"), groups),
    }
    note = Statement(
        "Capacity means comparative advantage (RCA above {rca_min}), exports of at least {scale_usd} and at least "
        "{scale_share} of world exports of the product.",
        {"rca_min": params.rca_min, "scale_usd": params.scale_min_usd, "scale_share": params.scale_min_world_share},
    )
    return Section("substitution", headline, tuple(s for s in statements if s), (note,), tables)


def _replaced_statement(rows: Sequence[Row], direction: str, inputs: Inputs) -> Statement:
    chosen = [r for r in rows if r["direction"] == direction]
    supplier, importer = (inputs.a, inputs.b) if direction == "a_to_b" else (inputs.b, inputs.a)
    if not chosen:
        return Statement(
            "{supplier} has no product with the capacity to replace a third-country supplier of {importer}.",
            {"supplier": supplier, "importer": importer},
        )
    top = chosen[0]
    return Statement(
        "The largest: {supplier} could supply {product} to {importer} in place of {replaced} ({replaced_share} of "
        "{importer}'s imports), with RCA {rca_index} and {world_share} of world exports.",
        {
            "supplier": supplier,
            "importer": importer,
            "product": top["product"],
            "replaced": top["replaced_supplier"],
            "replaced_share": top["replaced_share"],
            "rca_index": top["rca"],
            "world_share": top["world_share"],
        },
    )
