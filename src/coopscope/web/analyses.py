"""The heavier library calls behind the pages: pair analysis, product detail, complexity, firm matches.

Each call is cached per snapshot version (see :class:`coopscope.web.library.Cache`); the tables come
back sorted so that pages, API rows and downloads agree row for row.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import ADVANCED
from coopscope.pair.run import PairResult, analyse_pair
from coopscope.web.library import CACHE, FLAG_COLUMNS, arrow, built_suppliers, importer_rows
from coopscope.web.snapshot import Snapshot

PAIR_TABLES = ("products", "indicators", "dependence_trend", "supplier_shares")


def pair(snap: Snapshot, a: str, b: str, year: int, method: str = "geodep") -> PairResult:
    """The pair analysis of ``a`` and ``b`` in ``year`` (cached per snapshot)."""
    from coopscope.pair.params import PairParams

    suppliers = built_suppliers(snap) or ADVANCED

    def make() -> PairResult:
        return analyse_pair(snap, a=a, b=b, year=year, suppliers=suppliers, params=PairParams(method=method))

    return CACHE.get(("pair", snap.root, snap.version, a, b, year, method), make)


def cooperation(snap: Snapshot, a: str, b: str) -> Any:
    """The evidence model of the pair (:func:`coopscope.api.cooperation.cooperation`), cached per snapshot.

    The model kept in the store by ``coopscope build`` is read when it is current; otherwise it is
    built here (once per snapshot: later requests get it from the cache).
    """
    from coopscope.api.cooperation import cooperation as model

    suppliers = built_suppliers(snap) or ADVANCED
    return CACHE.get(
        ("cooperation", snap.root, snap.version, a, b), lambda: model(a, b, store=snap, suppliers=suppliers)
    )


def evidence_table(table: Any) -> pa.Table:
    """An evidence-model table (columns, records) as Arrow, keeping its columns when it has no rows."""
    records = table.records()
    if not records:
        return pa.table({c: pa.array([], pa.string()) for c in table.columns})
    return pa.Table.from_pylist(records).select(list(table.columns))


def pair_table(result: PairResult, name: str) -> pa.Table:
    """One named table of a pair result (``products``, ``indicators``, ``dependence_trend``, ``supplier_shares``)."""
    return getattr(result, name)  # type: ignore[no-any-return]


def class_summary(result: PairResult) -> pa.Table:
    """Products and value per pair class and direction (columns pair_class, direction, n_products, value_usd)."""
    t = result.products
    grouped = t.group_by(["pair_class", "direction"]).aggregate([("product", "count"), ("value_usd", "sum")])
    grouped = grouped.rename_columns(["pair_class", "direction", "n_products", "value_usd"])
    return grouped.sort_by([("pair_class", "ascending"), ("direction", "ascending")])


def product_flags(snap: Snapshot, hs6: str, importers: Sequence[str]) -> pa.Table:
    """Every rule's flag and the criteria behind it for ``hs6``, per year and importer (FLAG_COLUMNS)."""
    t = importer_rows(snap, importers)  # the importers' rows, read once per snapshot (not a scan per product)
    t = t.filter(t.product == hs6, t.importer.isin(list(importers))).select(*FLAG_COLUMNS)
    return arrow(snap, t.order_by(["importer", "year"]))


def product_suppliers(snap: Snapshot, hs6: str, importers: Sequence[str], top: int = 8) -> pa.Table:
    """Each importer's suppliers of ``hs6`` over time: year, importer, exporter, value_usd, share.

    Suppliers outside each importer's ``top`` largest (over all years) are summed as ``other``.
    """
    flows = product_rows(snap)
    t = flows.filter(flows.product == hs6, flows.importer.isin(list(importers)), flows.exporter != flows.importer)
    return _top_other(arrow(snap, t.select("year", "importer", "exporter", "value_usd")), top)


def world_exporters(snap: Snapshot, hs6: str, top: int = 10) -> pa.Table:
    """The world's exporters of ``hs6`` over time: year, importer ('WLD'), exporter, value_usd, share.

    Exporters outside the ``top`` largest (over all years) are summed as ``other``.
    """
    flows = product_rows(snap)
    t = flows.filter(flows.product == hs6)
    t = t.group_by(["year", "exporter"]).aggregate(value_usd=t.value_usd.sum())
    return _top_other(arrow(snap, t.mutate(importer=ibis.literal("WLD"))), top)


def product_rows(snap: Snapshot) -> ibis.Table:
    """The flows for one-product queries: the built ``product_flows`` (sorted by product) when current.

    Otherwise the trade files, as :func:`coopscope.api.build_products.product_flows`; same rows either way.
    """
    from coopscope.api.build_products import PRODUCT_TABLE, product_flows_current

    current = CACHE.get(("product_flows", snap.root, snap.version), lambda: product_flows_current(snap))
    return snap.built(PRODUCT_TABLE) if current else snap.trade(snap.con())


def _top_other(rows: pa.Table, top: int) -> pa.Table:
    """Per importer, sum exporters outside its ``top`` into 'other'; add each row's share of its year.

    Input columns: year, importer, exporter, value_usd. Output: the same plus share, sorted.
    """
    df = rows.select(["year", "importer", "exporter", "value_usd"]).to_pandas()
    totals = df.groupby(["importer", "exporter"], as_index=False)["value_usd"].sum()
    totals = totals.sort_values(["importer", "value_usd", "exporter"], ascending=[True, False, True])
    keep = set(zip(*[totals.groupby("importer").head(top)[c] for c in ("importer", "exporter")], strict=True))
    df["exporter"] = [e if (i, e) in keep else "other" for i, e in zip(df["importer"], df["exporter"], strict=True)]
    out = df.groupby(["year", "importer", "exporter"], as_index=False)["value_usd"].sum()
    out["share"] = out["value_usd"] / out.groupby(["year", "importer"])["value_usd"].transform("sum")
    out = out.sort_values(["year", "importer", "value_usd", "exporter"], ascending=[True, True, False, True])
    schema = pa.schema(
        [
            ("year", pa.int64()),
            ("importer", pa.string()),
            ("exporter", pa.string()),
            ("value_usd", pa.float64()),
            ("share", pa.float64()),
        ]
    )
    return pa.Table.from_pandas(out, schema=schema, preserve_index=False)


def substitution(result: PairResult, hs6: str) -> pa.Table:
    """The pair analysis row of ``hs6`` (its class and the evidence behind it), empty if not classed."""
    t = result.sides if hs6 not in set(result.products["product"].to_pylist()) else result.products
    return t.filter(pc.equal(t["product"], hs6))


@cache
def _lens_rows(revision: str) -> dict[str, dict[str, Any]]:
    from coopscope.classify.lenses import lenses

    return {r["product"]: r for r in lenses(revision).to_pylist()}


@cache
def _area_reasons(revision: str) -> dict[str, list[dict[str, str]]]:
    from coopscope.classify.areas import load_areas

    out: dict[str, list[dict[str, str]]] = {}
    for row in load_areas(revision=revision).to_pylist():
        out.setdefault(row["product"], []).append({"area": row["area"], "stage": row["stage"], "reason": row["reason"]})
    return out


def lens_of(hs6: str, revision: str) -> dict[str, Any]:
    """The product's classes with their reasons: mpe_class/_reason, tech_class/_reason, isic4, areas (list)."""
    row = dict(_lens_rows(revision).get(hs6, {}))
    row["areas"] = _area_reasons(revision).get(hs6, [])
    return row


def complexity_countries(snap: Snapshot, countries: Sequence[str]) -> pa.Table:
    """ECI, diversity, COI and fitness of ``countries`` over every built year (year, country, ...)."""
    t = snap.built("complexity_countries")
    return arrow(snap, t.filter(t.country.isin(list(countries))).order_by(["country", "year"]))


def area_products(revision: str, area: str | None) -> list[str]:
    """Products of an AI area (all AI-area products when ``area`` is None), sorted."""
    rows = _area_reasons(revision)
    return sorted(p for p, areas in rows.items() if area is None or any(x["area"] == area for x in areas))


def area_names(revision: str) -> list[str]:
    """Every AI area id of the mapping, sorted."""
    return sorted({x["area"] for areas in _area_reasons(revision).values() for x in areas})


def complexity_cells(snap: Snapshot, countries: Sequence[str], products: Sequence[str], year: int) -> pa.Table:
    """RCA, density and PCI of ``countries`` for ``products`` in ``year``.

    Columns: product, country, export_value_usd, rca, m, density, cog, pci.
    """
    cells = snap.built("complexity_cells")
    pci = snap.built("complexity_products")
    c = cells.filter(cells.year == year, cells.country.isin(list(countries)), cells.product.isin(list(products)))
    p = pci.filter(pci.year == year).select("product", "pci")
    joined = c.left_join(p, "product").select(
        "product", "country", "export_value_usd", "rca", "m", "density", "cog", "pci"
    )
    return arrow(snap, joined.order_by(["product", "country"]))


def firm_matches(snap: Snapshot, a: str, b: str, year: int, area: str | None) -> pa.Table:
    """Ranked firm pairs of ``a`` and ``b`` (coopscope.firms.api.match), per AI area or in ``area``."""
    from coopscope.firms.api import match
    from coopscope.sources.firm_tables import read_store_firms

    revision = (snap.revisions() or ["HS22"])[0]

    def make() -> pa.Table:
        data = read_store_firms(snap.root)
        result = pair(snap, a, b, year)
        return match(data, a, b, products=result.products, area=area, top=50, hs_revision=revision)

    return CACHE.get(("firms", snap.root, snap.version, a, b, year, area), make)


def has_firms(snap: Snapshot) -> bool:
    """Whether the store holds firm tables."""
    return snap.has_table("firms")
