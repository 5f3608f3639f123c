"""The tables a reader sees, cut from the :class:`~coopscope.evidence.Cooperation` model (pure).

Both the HTML brief and the workbook render these views: each :class:`View` has a title, column
ids and raw rows. Column ids carry their kind in their name (:func:`column_kind`), so each
renderer formats and labels them the same way (:mod:`coopscope.report.labels`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coopscope.evidence import Cooperation, Table
from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS
from coopscope.i18n import N_

SHARE_GROUPS = ("mpe:all", *MPE_GROUPS, "all", *AREA_GROUPS)
TOP_ROWS = 15


@dataclass(frozen=True)
class View:
    """One table to show: a title (message id), column ids, raw rows."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def _view(title: str, columns: Sequence[str], records: Sequence[dict[str, Any]], limit: int | None = None) -> View:
    chosen = records[:limit] if limit else records
    return View(title, tuple(columns), tuple(tuple(r.get(c) for c in columns) for r in chosen))


def _pivot(table: Table, keys: Sequence[str], a: str, b: str, values: Sequence[str]) -> list[dict[str, Any]]:
    """Rows of ``table`` keyed by ``keys``, with each value column once for a (``*_a``) and once for b (``*_b``)."""
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in table.records():
        key = tuple(r[k] for k in keys)
        row = out.setdefault(key, dict(zip(keys, key, strict=True)))
        side = "a" if r["country"] == a else "b" if r["country"] == b else None
        if side:
            row |= {f"{v}_{side}": r[v] for v in values}
    return list(out.values())


def dependence_views(c: Cooperation) -> list[View]:
    """Section 1: group shares of the report year, the majority count and the top products."""
    s = c.section("dependence")
    latest = s.table("group_shares").where(year=c.year)
    rows = _pivot(latest, ("group",), c.a, c.b, ("group_share", "import_value_usd"))
    rows.sort(key=lambda r: SHARE_GROUPS.index(r["group"]) if r["group"] in SHARE_GROUPS else 99)
    majority = _pivot(s.table("majority").where(year=c.year), ("group",), c.a, c.b, ("n_products", "import_value_usd"))
    top = s.table("top_products").records()
    return [
        _view(
            N_("Share of imports bought from the supplier group"),
            ("group", "group_share_a", "group_share_b", "import_value_usd_a", "import_value_usd_b"),
            rows,
        ),
        _view(
            N_("Products where the group supplies more than half"),
            ("group", "n_products_a", "import_value_usd_a", "n_products_b", "import_value_usd_b"),
            majority,
        ),
        _view(
            N_("Largest products bought from the group, by class"),
            (
                "country",
                "group",
                "product",
                "group_share",
                "import_value_usd",
                "top_supplier",
                "top_supplier_share",
                "second_supplier",
            ),
            top,
        ),
    ]


def rules_views(c: Cooperation) -> list[View]:
    """Section 2: counts per rule, persistence and the robust products."""
    s = c.section("rules")
    counts = s.table("counts").where(year=c.year, group="all")
    rows = _pivot(counts, ("rule",), c.a, c.b, ("n_products", "import_value_usd"))
    mpe = _pivot(s.table("counts").where(year=c.year, group="mpe:all"), ("rule",), c.a, c.b, ("n_products",))
    for r, m in zip(rows, mpe, strict=True):
        r |= {"n_mpe_a": m.get("n_products_a"), "n_mpe_b": m.get("n_products_b")}
    persistence = _pivot(s.table("persistence"), ("rule",), c.a, c.b, ("n_every_year", "persistent_share"))
    return [
        _by_group_view(c),
        _view(
            N_("Dependent products under each rule"),
            ("rule", "n_products_a", "import_value_usd_a", "n_mpe_a", "n_products_b", "import_value_usd_b", "n_mpe_b"),
            rows,
        ),
        _view(
            N_("Persistence: flagged in every year the rule can decide"),
            ("rule", "n_every_year_a", "persistent_share_a", "n_every_year_b", "persistent_share_b"),
            persistence,
        ),
        _view(
            N_("Robust products: flagged by every rule that can decide"),
            ("country", "product", "mpe_class", "import_value_usd", "top_supplier", "top_supplier_share"),
            s.table("robust").records(),
            TOP_ROWS,
        ),
    ]


def _by_group_view(c: Cooperation) -> View:
    """Dependent products per class and AI area (rows) under each rule, for each country (columns)."""
    counts = c.section("rules").table("counts").where(year=c.year).records()
    n = {(r["group"], r["rule"], r["country"]): r["n_products"] for r in counts}
    groups = [g for g in SHARE_GROUPS if g != "all"]
    columns = [f"n_rule_{rule}_{side}" for side in ("a", "b") for rule in c.rules]
    rows = [
        {
            "group": g,
            **{
                f"n_rule_{rule}_{side}": n.get((g, rule, x)) for side, x in (("a", c.a), ("b", c.b)) for rule in c.rules
            },
        }
        for g in groups
    ]
    return _view(N_("Dependent products by class and AI area under each rule"), ("group", *columns), rows)


def shared_views(c: Cooperation) -> list[View]:
    """Section 3: shared vulnerabilities by group and the largest products."""
    s = c.section("shared")
    return [
        _view(
            N_("Shared vulnerabilities by product group"),
            ("group", "n_products", "value_usd"),
            s.table("by_group").records(),
        ),
        _view(
            N_("Largest shared vulnerabilities"),
            (
                "product",
                "mpe_class",
                "value_usd",
                "group_share_a",
                "group_share_b",
                "top_supplier_a",
                "top_supplier_b",
                "rules",
            ),
            s.table("products").records(),
            TOP_ROWS,
        ),
    ]


def substitution_views(c: Cooperation) -> list[View]:
    """Section 4: the largest substitution products in each direction."""
    s = c.section("substitution")
    out = []
    for direction, title in (("a_to_b", N_("{a} could supply {b}")), ("b_to_a", N_("{b} could supply {a}"))):
        rows = s.table("products").where(direction=direction).records()
        out.append(
            _view(
                title,
                (
                    "product",
                    "mpe_class",
                    "value_usd",
                    "rca_index",
                    "world_share",
                    "export_value_usd",
                    "replaced_supplier",
                    "replaced_share",
                ),
                [r | {"rca_index": r["rca"]} for r in rows],
                10,
            )
        )
    return out


def balance_views(c: Cooperation) -> list[View]:
    """Section 5: indicators of the report year per group, and the regional shares per year."""
    s = c.section("balance")
    latest = [
        r
        | {
            "tci_ab_index": r["tci_a_to_b"],
            "tci_ba_index": r["tci_b_to_a"],
            "esi_index": r["esi_world"],
            "gl_share": r["gl_bilateral"],
            "balance_index": r["balance_ratio"],
        }
        for r in s.table("indicators").where(year=c.year).records()
    ]
    regional = _pivot(s.table("regional"), ("year",), c.a, c.b, ("regional_share", "import_value_usd"))
    esi = {r["year"]: r["esi_world"] for r in s.table("indicators").where(group="all").records()}
    for r in regional:
        r["esi_index"] = esi.get(r["year"])
    return [
        _view(
            N_("Complement or compete, by product group"),
            ("group", "tci_ab_index", "tci_ba_index", "esi_index", "gl_share", "complementary_usd", "competing_usd"),
            latest,
        ),
        _view(
            N_("Regional supply chain and export similarity over time"),
            ("year", "regional_share_a", "regional_share_b", "import_value_usd_a", "import_value_usd_b", "esi_index"),
            regional,
        ),
    ]


def firms_views(c: Cooperation) -> list[View]:
    """Section 6: the top three firm pairs of every AI area."""
    rows = [r for r in c.section("firms").table("matches").records() if (r["rank"] or 99) <= 3]
    return [
        _view(
            N_("Partner firms per AI area"),
            ("area", "rank", "name_a", "name_b", "score_index", "reason_items"),
            [r | {"score_index": r["score"], "reason_items": r.get("reason_items") or r["reasons"]} for r in rows],
        )
    ]


def methods_views(c: Cooperation) -> list[View]:
    """Section 7: rules with thresholds and citations, parameters, sources."""
    s = c.section("methods")
    return [
        _view(N_("Dependence rules"), ("rule", "source", "thresholds"), s.table("rules").records()),
        _view(
            N_("Thresholds of the analysis"),
            ("parameter", "parameter_value"),
            [r | {"parameter_value": (r["parameter"], r["value"])} for r in s.table("parameters").records()],
        ),
        _view(
            N_("Data sources"),
            ("kind", "location", "release", "years", "row_count", "sha256"),
            s.table("sources").records(),
        ),
    ]


VIEWS = {
    "dependence": dependence_views,
    "rules": rules_views,
    "shared": shared_views,
    "substitution": substitution_views,
    "balance": balance_views,
    "firms": firms_views,
    "methods": methods_views,
}


def section_views(c: Cooperation, name: str) -> list[View]:
    """The views of one section (sections 3a, 3b and 5a: :mod:`coopscope.report.views_beyond`)."""
    from coopscope.report.views_beyond import BEYOND_VIEWS

    return {**VIEWS, **BEYOND_VIEWS}[name](c)
