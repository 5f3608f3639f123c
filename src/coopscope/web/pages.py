"""Page data: one pure function per page, returning the dict that is rendered as HTML, JSON, CSV or Excel.

Every page function takes a snapshot and the request's raw query values, checks them
(:mod:`coopscope.web.params`), calls the library (:mod:`coopscope.web.library`,
:mod:`coopscope.web.analyses`) and returns a :class:`PageData`: the checked parameters, the named
tables behind every chart and table (what the downloads serve), chart descriptions, and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from coopscope.web import analyses as an
from coopscope.web import library as lib
from coopscope.web import params as P
from coopscope.web.snapshot import Snapshot


@dataclass
class Chart:
    """A chart drawn from one table: ``kind`` line|bar, x column, y column, series column (optional)."""

    id: str
    table: str
    kind: str
    x: str
    y: str
    series: str | None = None
    title: str = ""


@dataclass
class PageData:
    """What a page shows: checked params, named tables, charts, page-specific info, notes."""

    page: str
    params: dict[str, Any]
    tables: dict[str, pa.Table]
    charts: list[Chart] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False
    totals: dict[str, int] = field(default_factory=dict)
    paging: P.Paging | None = None


def _pair_args(snap: Snapshot, q: dict[str, Any]) -> tuple[str, str, int]:
    pool = lib.store_importers(snap)
    a = P.country(q.get("a") or "KOR", "a", allowed=pool)
    b = P.country(q.get("b") or "CHN", "b", allowed=pool)
    if a == b:
        raise P.WebError(f"a and b are both {a}.", "choose two different countries.", param="b")
    return a, b, P.year(q.get("year"), lib.store_years(snap))


def overview(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """Pair overview: the sections of the evidence model (headline, statements, notes, tables, charts)."""
    from coopscope.i18n import format_statement

    a, b, _year = _pair_args(snap, q)
    lang = q.get("lang") or "en"
    model = an.cooperation(snap, a, b)
    tables = {f"{s.name}.{n}": an.evidence_table(t) for s in model.sections for n, t in s.tables.items()}
    sections = [
        {
            "name": s.name,
            "headline": format_statement(s.headline, lang),
            "tables": [f"{s.name}.{n}" for n in s.tables],
            "statements": [format_statement(x, lang) for x in s.statements],
            "notes": [format_statement(x, lang) for x in s.notes],
        }
        for s in model.sections
    ]
    charts = [
        Chart("group-shares", "dependence.group_shares", "line", "year", "group_share", "country"),
        Chart("rule-counts", "rules.persistence", "bar", "rule", "n_products", "country"),
        Chart("balance", "balance.indicators", "line", "year", "tci_a_to_b", "group"),
        *_beyond_charts(model),
    ]
    params = {"a": a, "b": b, "year": model.year, "lang": lang}
    info = {"sections": sections, "years": list(model.years), "rules": list(model.rules)}
    return PageData("overview", params, tables, charts, info, [], model.synthetic)


def _beyond_charts(model: Any) -> list[Chart]:
    """Charts of the robustness, what-if and opportunities sections (when the model has their tables)."""
    specs = (
        Chart("robustness-grid", "robustness.grid", "bar", "setting_label", "n_products"),
        Chart("whatif-totals", "whatif.totals", "bar", "group", "net_exposed_usd", "country"),
        Chart("opportunities-areas", "opportunities.by_area", "bar", "area", "n_candidates", "country"),
    )
    names = {f"{s.name}.{n}" for s in model.sections for n in s.tables}
    return [c for c in specs if c.table in names]


def pair(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """The pair analysis tables: product classes, every product's class, indicators, trend, suppliers."""
    a, b, year = _pair_args(snap, q)
    method = P.choice(q.get("method"), P.METHODS, "method", "geodep") or "geodep"
    result = an.pair(snap, a, b, year, method)
    tables = {
        "products": result.products,
        "classes": an.class_summary(result),
        "dependence_trend": result.dependence_trend,
        "indicators": result.indicators,
        "supplier_shares": result.supplier_shares,
    }
    params = {"a": a, "b": b, "year": year, "method": method}
    return PageData("pair", params, tables, [], {}, list(result.notes), result.synthetic)


def _dependence_params(snap: Snapshot, q: dict[str, Any]) -> dict[str, Any]:
    pool = lib.store_importers(snap)
    years = lib.store_years(snap)
    revision = (snap.revisions() or ["HS22"])[0]
    return {
        "importers": P.countries(q.get("importer") or "KOR", "importer", allowed=pool, most=2),
        "years": P.year_range(q.get("from"), q.get("to"), years),
        "rule": P.choice(q.get("rule"), P.RULES, "rule", "all"),
        "suppliers": P.countries(q.get("suppliers") or ",".join(lib.built_suppliers(snap)), "suppliers"),
        "mpe_class": P.choice(q.get("mpe_class"), P.MPE_CLASSES, "mpe_class"),
        "area": P.choice(q.get("area"), an.area_names(revision), "area"),
        "tech_class": P.choice(q.get("tech_class"), P.TECH_CLASSES, "tech_class"),
        "q": _prefix(q.get("q")),
        "dependent": bool(q.get("dependent", True)),
        "sort": P.choice(q.get("sort"), lib.PRODUCT_COLUMNS, "sort", "import_value_usd"),
        "order": P.choice(q.get("order"), ("asc", "desc"), "order", "desc"),
    }


def _prefix(value: str | None) -> str:
    text = (value or "").strip()
    if text and not (text.isdigit() and len(text) <= 6):
        raise P.WebError(f"q={value!r}: not the start of an HS code.", "give 2 to 6 digits, e.g. 8542.", param="q")
    return text


def dependence(snap: Snapshot, q: dict[str, Any], *, side_by_side: bool = False) -> PageData:
    """Dependence explorer: one page of products (with sparklines) and the counts and values over time.

    ``side_by_side`` (the HTML page) with two importers: the page holds (product, year) keys, each
    with both importers' rows (``info["sides"]``), and each importer's own trend table and charts.
    """
    p = _dependence_params(snap, q)
    paging = P.paging(int(q.get("page") or 1), int(q.get("per_page") or 50))
    filters = {k: p[k] for k in ("importers", "years", "suppliers", "mpe_class", "area", "tech_class")}
    rows = lib.dependence_filtered(snap, **filters)
    if p["q"]:
        rows = rows.filter(rows.product.startswith(p["q"]))
    trend = lib.arrow(snap, lib.dependence_trend(rows, P.METHODS if p["rule"] == "all" else [p["rule"]]))
    shown = rows.filter(lib.dependent(rows, p["rule"])) if p["dependent"] else rows
    desc = p["order"] == "desc"
    sides = side_by_side and len(p["importers"]) == 2
    if sides:
        page, total, aligned = _aligned(snap, (rows, shown), p["importers"], (p["sort"], desc), paging)
    else:
        total = lib.count_rows(snap, shown)
        page = lib.page_of(snap, shown, sort=p["sort"], descending=desc, offset=paging.offset, limit=paging.per_page)
    info = {
        "sparklines": lib.sparklines(snap, page),
        "years_all": lib.store_years(snap),
        "areas": an.area_names((snap.revisions() or ["HS22"])[0]),
        "query": lambda: lib.page_of(snap, shown, sort=p["sort"], descending=desc, offset=0, limit=total),
    }
    tables = {"products": page, "trend": _with_series(trend)}
    if sides:
        info["sides"] = aligned
        tables |= {f"trend_{c}": tables["trend"].filter(pa.compute.equal(trend["importer"], c)) for c in p["importers"]}
    charts = _trend_charts(p["importers"] if sides else [])
    return PageData("dependence", p, tables, charts, info, [], snap.is_synthetic(), {"products": total}, paging)


def _trend_charts(sides: list[str]) -> list[Chart]:
    """The count and value charts: one pair for every importer (series: rule), or one for all (importer · rule)."""
    if not sides:
        return [
            Chart("trend-count", "trend", "line", "year", "n_products", "series"),
            Chart("trend-value", "trend", "line", "year", "import_value_usd", "series"),
        ]
    return [
        Chart(f"trend-{kind}-{c}", f"trend_{c}", "line", "year", y, "rule")
        for c in sides
        for kind, y in (("count", "n_products"), ("value", "import_value_usd"))
    ]


def _aligned(
    snap: Snapshot, lazy: tuple[Any, Any], importers: list[str], order: tuple[str, bool], paging: P.Paging
) -> tuple[pa.Table, int, dict[str, Any]]:
    """Both importers' rows for one page of (product, year) keys: the long page, the key count, the keys.

    ``lazy``: every filtered row and the rows shown (dependent ones); a key is on the page when either
    importer's row is shown, and then both importers' rows are there (the other may not be dependent).
    """
    rows, shown = lazy
    keys, total = lib.aligned_keys(
        snap, shown, sort=order[0], descending=order[1], offset=paging.offset, limit=paging.per_page
    )
    found = lib.rows_of_keys(snap, rows, keys)
    wanted = [(i, k["product"], k["year"]) for k in keys.to_pylist() for i in importers]
    page = pa.Table.from_pylist([found[w] for w in wanted if w in found], schema=lib.arrow(snap, rows.limit(0)).schema)
    return page, total, {"keys": keys.to_pylist(), "rows": found}


def _with_series(trend: pa.Table) -> pa.Table:
    """The trend table with a ``series`` column (importer · rule) for the charts."""
    series = [f"{i} · {r}" for i, r in zip(trend["importer"].to_pylist(), trend["rule"].to_pylist(), strict=True)]
    return trend.append_column("series", pa.array(series, pa.string()))


def product(snap: Snapshot, hs6: str, q: dict[str, Any]) -> PageData:
    """Product page: names, classes with reasons, suppliers, world exporters, flags, substitution evidence."""
    from coopscope.web.text import product_names

    code = P.hs6(hs6, lib.store_products(snap))
    a, b, year = _pair_args(snap, q)
    revision = (snap.revisions() or ["HS22"])[0]
    tables = {
        "flags": an.product_flags(snap, code, (a, b)),
        "suppliers": an.product_suppliers(snap, code, (a, b)),
        "exporters": an.world_exporters(snap, code),
        "substitution": an.substitution(an.pair(snap, a, b, year), code),
    }
    charts = [Chart(f"suppliers-{c}", f"suppliers_{c}", "bar", "year", "value_usd", "exporter") for c in (a, b)]
    charts.append(Chart("exporters", "exporters", "bar", "year", "value_usd", "exporter"))
    for c in (a, b):
        t = tables["suppliers"]
        tables[f"suppliers_{c}"] = t.filter(pa.compute.equal(t["importer"], c))
    info = {"hs6": code, "names": product_names(code, revision), "lens": an.lens_of(code, revision)}
    params = {"hs6": code, "a": a, "b": b, "year": year}
    return PageData("product", params, tables, charts, info, [], snap.is_synthetic())


def complexity(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """Complement/compete and complexity: pair indicators over time, ECI, RCA/PCI/density of an area."""
    a, b, year = _pair_args(snap, q)
    revision = (snap.revisions() or ["HS22"])[0]
    area = P.choice(q.get("area"), an.area_names(revision), "area")
    result = an.pair(snap, a, b, year)
    indicators = result.indicators
    group = P.choice(q.get("group"), sorted(set(indicators["group"].to_pylist())), "group", "all") or "all"
    tables = {
        "indicators": indicators,
        "indicators_group": indicators.filter(pa.compute.equal(indicators["group"], group)),
        "eci": an.complexity_countries(snap, (a, b)),
        "cells": an.complexity_cells(snap, (a, b), an.area_products(revision, area), year),
    }
    charts = [
        Chart("tci", "indicators_group", "line", "year", "tci_a_to_b"),
        Chart("esi", "indicators_group", "line", "year", "esi_world"),
        Chart("eci", "eci", "line", "year", "eci", "country"),
    ]
    params = {"a": a, "b": b, "year": year, "area": area, "group": group}
    info = {"groups": sorted(set(indicators["group"].to_pylist())), "areas": an.area_names(revision)}
    return PageData("complexity", params, tables, charts, info, list(result.notes), result.synthetic)


def firms(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """Partner firms: ranked matches of the pair per AI area, filtered by size class and technology score."""
    import pyarrow.compute as pc

    a, b, year = _pair_args(snap, q)
    revision = (snap.revisions() or ["HS22"])[0]
    area = P.choice(q.get("area"), an.area_names(revision), "area")
    size = P.choice(q.get("size"), ("large", "medium", "small", "micro"), "size")
    min_tech = float(q.get("min_tech") or 0.0)
    params = {"a": a, "b": b, "year": year, "area": area, "size": size, "min_tech": min_tech}
    if not an.has_firms(snap):
        return PageData("firms", params, {"matches": pa.table({})}, notes=["no_firms"], synthetic=snap.is_synthetic())
    t = an.firm_matches(snap, a, b, year, area)
    if size:
        t = t.filter(pc.or_(pc.equal(t["size_a"], size), pc.equal(t["size_b"], size)))
    if min_tech > 0:
        tech = pc.min_element_wise(pc.fill_null(t["tech_score_a"], 0.0), pc.fill_null(t["tech_score_b"], 0.0))
        t = t.filter(pc.greater_equal(tech, min_tech))
    info = {"areas": an.area_names(revision)}
    return PageData("firms", params, {"matches": t}, [], info, [], snap.is_synthetic())


def methods(snap: Snapshot, q: dict[str, Any]) -> PageData:
    """Methods and sources (:func:`coopscope.web.methods.methods_page`)."""
    from coopscope.web.methods import methods_page

    return methods_page(snap, q)
