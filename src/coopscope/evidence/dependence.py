"""Section 1: how much each partner buys from the supplier group (METHODS.md §3.2 shares).

Tables: ``group_shares`` (year, country, group, import_value_usd, group_value_usd, group_share),
``member_shares`` (year, country, group, supplier, share), ``majority`` (year, country, group,
n_products, import_value_usd, value_share: MPE products where the group supplies more than
``majority_share``), ``top_products`` (country, group, rank, product, description,
import_value_usd, group_share, top_supplier, top_supplier_share, second_supplier,
second_supplier_share).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS, Row, groups_of, ratio, rows_of, total_by
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table

SHARE_GROUPS = ("all", "mpe:all", *MPE_GROUPS, *AREA_GROUPS)
TOP_N = 5


def group_share_rows(inputs: Inputs) -> tuple[list[Row], list[Row]]:
    """Group and member shares of each country's imports per year and product group."""
    flows = rows_of(inputs.flows)
    for r in [r for r in flows if r["group"] in MPE_GROUPS]:
        flows.append({**r, "group": "mpe:all"})
    members = set(inputs.suppliers)
    total = total_by(flows, ("year", "importer", "group"), lambda r: r["import_value_usd"])
    by_supplier = total_by(
        [r for r in flows if r["exporter"] in members],
        ("year", "importer", "group", "exporter"),
        lambda r: r["import_value_usd"],
    )
    shares, member_rows = [], []
    for (year, country, group), value in sorted(total.items()):
        if group not in SHARE_GROUPS:
            continue
        parts = {s: by_supplier.get((year, country, group, s), 0.0) for s in inputs.suppliers}
        shares.append(
            {
                "year": year,
                "country": country,
                "group": group,
                "import_value_usd": value,
                "group_value_usd": sum(parts.values()),
                "group_share": ratio(sum(parts.values()), value),
            }
        )
        member_rows += [
            {"year": year, "country": country, "group": group, "supplier": s, "share": ratio(v, value)}
            for s, v in parts.items()
        ]
    return shares, member_rows


def majority_rows(dependence: Sequence[Row], majority_share: float) -> list[Row]:
    """Count and value of MPE products where the group supplies more than ``majority_share``."""
    out = []
    exploded = _exploded(dependence)
    every = total_by(exploded, ("year", "importer", "group"), lambda r: r["import_value_usd"] or 0.0)
    chosen = [r for r in exploded if (r["group_share"] or 0.0) > majority_share]
    values = total_by(chosen, ("year", "importer", "group"), lambda r: r["import_value_usd"] or 0.0)
    counts = total_by(chosen, ("year", "importer", "group"), lambda r: 1.0)
    for key, whole in sorted(every.items()):
        if key[2] not in ("mpe:all", *MPE_GROUPS):
            continue
        year, country, group = key
        out.append(
            {
                "year": year,
                "country": country,
                "group": group,
                "n_products": int(counts.get(key, 0)),
                "import_value_usd": values.get(key, 0.0),
                "value_share": ratio(values.get(key, 0.0), whole),
            }
        )
    return out


def _exploded(dependence: Sequence[Row]) -> list[Row]:
    return [{**r, "group": g} for r in dependence for g in groups_of(r)]


def top_product_rows(dependence: Sequence[Row], year: int, countries: Sequence[str]) -> list[Row]:
    """Per country and MPE class: the products with the largest imports from the group."""
    out: list[Row] = []
    latest = [r for r in dependence if r["year"] == year]
    for country in countries:
        for group in MPE_GROUPS:
            rows = [
                r
                for r in latest
                if r["importer"] == country and f"mpe:{r.get('mpe_class')}" == group and (r["group_share"] or 0) > 0
            ]
            rows.sort(key=lambda r: (-(r["import_value_usd"] or 0.0) * (r["group_share"] or 0.0), r["product"]))
            out += [{**r, "country": country, "group": group, "rank": i + 1} for i, r in enumerate(rows[:TOP_N])]
    return out


TOP_COLUMNS = (
    "country",
    "group",
    "rank",
    "product",
    "description",
    "import_value_usd",
    "group_share",
    "top_supplier",
    "top_supplier_share",
    "second_supplier",
    "second_supplier_share",
)


def dependence_section(inputs: Inputs, *, majority_share: float = 0.5) -> Section:
    """Section 1 (module docstring)."""
    dep = rows_of(inputs.dependence)
    shares, members = group_share_rows(inputs)
    majority = majority_rows(dep, majority_share)
    tables = {
        "group_shares": Table.from_records(
            ("year", "country", "group", "import_value_usd", "group_value_usd", "group_share"), shares
        ),
        "member_shares": Table.from_records(("year", "country", "group", "supplier", "share"), members),
        "majority": Table.from_records(
            ("year", "country", "group", "n_products", "import_value_usd", "value_share"), majority
        ),
        "top_products": Table.from_records(TOP_COLUMNS, top_product_rows(dep, inputs.year, (inputs.a, inputs.b))),
    }
    return Section("dependence", _headline(inputs, shares), tuple(_statements(inputs, shares, majority)), (), tables)


def _share(shares: Sequence[Row], year: int, country: str, group: str) -> float | None:
    return next(
        (r["group_share"] for r in shares if (r["year"], r["country"], r["group"]) == (year, country, group)), None
    )


def _headline(inputs: Inputs, shares: Sequence[Row]) -> Statement:
    a, b, y = inputs.a, inputs.b, inputs.year
    return Statement(
        "In {year}, {a} bought {a_share} of its imports of materials, parts and equipment from {group}; "
        "{b} bought {b_share}.",
        {
            "year": y,
            "a": a,
            "b": b,
            "group": inputs.suppliers,
            "a_share": _share(shares, y, a, "mpe:all"),
            "b_share": _share(shares, y, b, "mpe:all"),
        },
    )


def _statements(inputs: Inputs, shares: Sequence[Row], majority: Sequence[Row]) -> list[Statement]:
    a, b, y = inputs.a, inputs.b, inputs.year
    out = [_class_statement(shares, y, a, b, g) for g in (*MPE_GROUPS, *AREA_GROUPS)]
    counts = {(r["country"], r["group"]): r for r in majority if r["year"] == y}
    ma, mb = counts.get((a, "mpe:all"), {}), counts.get((b, "mpe:all"), {})
    out.append(
        Statement(
            "The group supplies more than half of {a}'s imports in {a_n} materials, parts and equipment products "
            "({a_usd}) and of {b}'s in {b_n} ({b_usd}).",
            {
                "a": a,
                "b": b,
                "a_n": ma.get("n_products", 0),
                "b_n": mb.get("n_products", 0),
                "a_usd": ma.get("import_value_usd", 0.0),
                "b_usd": mb.get("import_value_usd", 0.0),
            },
        )
    )
    if len(inputs.years) > 1:
        first = inputs.years[0]
        out.append(
            Statement(
                "From {year_from} to {year}, the group's share of {a}'s imports of materials, parts and equipment "
                "moved "
                "from {a_from_share} to {a_share}; {b}'s from {b_from_share} to {b_share}.",
                {
                    "year_from": first,
                    "year": y,
                    "a": a,
                    "b": b,
                    "a_from_share": _share(shares, first, a, "mpe:all"),
                    "a_share": _share(shares, y, a, "mpe:all"),
                    "b_from_share": _share(shares, first, b, "mpe:all"),
                    "b_share": _share(shares, y, b, "mpe:all"),
                },
            )
        )
    return out


def _class_statement(shares: Sequence[Row], year: int, a: str, b: str, group: str) -> Statement:
    args: dict[str, Any] = {"group_name": group, "a": a, "b": b}
    args |= {"a_share": _share(shares, year, a, group), "b_share": _share(shares, year, b, group)}
    if args["a_share"] is None and args["b_share"] is None:
        return Statement("{group_name}: neither country imports these products in the data.", args)
    return Statement("{group_name}: {a} buys {a_share} from the group, {b} {b_share}.", args)
