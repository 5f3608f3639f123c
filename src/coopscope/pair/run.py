"""Run the pair analysis on a store and materialise its tables (the edge between store and report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import to_iso3
from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.dependence import ADVANCED_SUPPLIERS, apply_methods, dependence_indicators
from coopscope.indicators.dependence_summary import decided_years, dependent
from coopscope.indicators.exact import exact_sum
from coopscope.options import check_codes
from coopscope.pair.analysis import load_lenses, order_groups, pair_tables
from coopscope.pair.params import PairParams
from coopscope.store import Store

COMPLEXITY_TABLES = ("complexity_countries", "complexity_products")


@dataclass(frozen=True)
class PairResult:
    """Materialised tables of one pair analysis (pyarrow, sorted).

    ``products``: the class table (coopscope.pair.classes.pair_classes) of ``year``, sorted by class;
    ``sides``: every product of ``year`` side by side; ``indicators``: one row per year and group
    (every year of the store); ``dependence_trend``: year, importer, method, n_products,
    import_value_usd (dependent products of a and b); ``supplier_shares``: importer, supplier,
    import_value_usd, share (of ``year``, all products); ``store_manifest``: the store's manifest.
    """

    a: str
    b: str
    year: int
    suppliers: tuple[str, ...]
    params: PairParams
    products: pa.Table
    sides: pa.Table
    indicators: pa.Table
    dependence_trend: pa.Table
    supplier_shares: pa.Table
    synthetic: bool
    store_manifest: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    store_root: Path | None = None
    hs_revision: str | None = None


def analyse_pair(
    store: Store | Path | str,
    *,
    a: str = "KOR",
    b: str = "CHN",
    year: int | None = None,
    suppliers: Sequence[str] = ADVANCED_SUPPLIERS,
    params: PairParams | None = None,
    engine: str = "duckdb",
    con: ibis.BaseBackend | None = None,
    to: str | None = None,
    basis: str = "reconciled",
) -> PairResult:
    """The pair analysis of ``a`` and ``b`` against supplier group ``suppliers`` on a store.

    ``year`` defaults to the latest year of the store. Uses the store's built ``dependence`` table when
    it exists and was built for the same supplier group, else computes dependence from the flows.
    ``to`` (e.g. ``"HS22"``) converts the flows to that HS revision first; built tables are then not used.
    ``basis`` is the data basis read (reconciled, reported_imports, mirror_exports); built tables
    are used only when they were built on the same basis.
    """
    store = store if isinstance(store, Store) else Store.open(store)
    params = params or PairParams()
    a, b, year = _check_request(store, a, b, year, basis)
    # "USA" is one code, never U, S, A; each must be a known economy
    codes = tuple(to_iso3(check_codes("suppliers", suppliers), style="iso3", source="suppliers"))
    con = con or connect(engine)
    trade = store.trade(con, to=to, basis=basis)
    notes: list[str] = []
    revision = to or (store.revisions()[0] if store.revisions() else None)
    built_basis = {t.get("basis", "reconciled") for t in store.manifest()["tables"].values()}
    # built tables are in the store's own revision and basis
    use_built = (to is None or store.revisions() == [to]) and built_basis <= {basis}

    def keep(table: ir.Table) -> ir.Table:
        return from_arrow(con, to_arrow(con, table))

    dependence = keep(pair_dependence(con, store, trade, a=a, b=b, suppliers=codes, notes=notes, use_built=use_built))
    eci, pci = _complexity(con, store, trade.filter(trade.year == year), notes, use_built=use_built)
    decided = _decided_years(con, dependence, params.method, year, notes)
    tables = pair_tables(
        con,
        trade,
        dependence,
        a=a,
        b=b,
        suppliers=codes,
        params=params,
        lenses=_lenses(revision, notes),
        eci=eci,
        pci=pci,
        materialise=keep,
    )
    return PairResult(
        a=a, b=b, year=year, suppliers=codes, params=params,
        products=_sorted(to_arrow(con, _of_year(tables.products, year)), ["pair_class", "direction", "value_usd"]),
        sides=_sorted(to_arrow(con, _of_year(tables.sides, year)), ["product"]),
        indicators=order_groups(_decided(con, tables.indicators, decided)),
        dependence_trend=_sorted(_decided(con, dependence_trend(dependence, params.method), decided),
                                 ["importer", "year"]),
        supplier_shares=_sorted(to_arrow(con, _supplier_totals(trade, a=a, b=b, year=year)), ["importer", "share"]),
        synthetic=store.is_synthetic(), store_manifest=store.manifest(), notes=tuple(notes),
        store_root=store.root, hs_revision=revision,
    )  # fmt: skip


def _decided_years(con: ibis.BaseBackend, dependence: ir.Table, method: str, year: int, notes: list[str]) -> list[int]:
    """Years the method can decide; the others are left out of every over-time view, with a note."""
    all_years = sorted(to_arrow(con, dependence.select("year").distinct())["year"].to_pylist())
    decided = sorted(to_arrow(con, decided_years(dependence, method))["year"].to_pylist())
    left_out = [y for y in all_years if y not in decided]
    if left_out:
        notes.append(
            f"{method} cannot decide for {', '.join(map(str, left_out))} (it needs earlier years), "
            "so those years are left out of the views over time."
        )
    if year not in decided:
        raise StoreError(
            f"{method} cannot decide for {year}: the store lacks the earlier years it needs.",
            f"pick a year in {decided or 'none'}, or another --method (eu2021, kita, kiet).",
        )
    return decided


def _decided(con: ibis.BaseBackend, table: ir.Table, years: list[int]) -> pa.Table:
    return to_arrow(con, table.filter(table.year.isin(years)))


def _check_request(store: Store, a: str, b: str, year: int | None, basis: str) -> tuple[str, str, int]:
    a, b = a.strip().upper(), b.strip().upper()
    if a == b:
        raise OptionError(f"partners: {a} and {b} are the same country.", "pass two different ISO3 codes.")
    to_iso3([a, b], style="iso3", source="partners")  # an unknown code is an error, not an empty report
    years = store.years(basis=basis)
    chosen = int(year) if year is not None else (years[-1] if years else 0)
    if chosen not in years:
        raise StoreError(f"{store.root}: no trade data for {chosen}.", f"years present: {years or 'none'}.")
    return a, b, chosen


def _lenses(revision: str | None, notes: list[str]) -> pa.Table:
    lenses = load_lenses(revision)
    if lenses.num_rows == 0:
        notes.append(
            "Product lenses (materials/parts/equipment, technology, AI areas) were not available; "
            "indicators are shown for all products only."
        )
    return lenses


def dependence_trend(dependence: ir.Table, method: str) -> ir.Table:
    """Dependent products per (year, importer) under ``method``, zero included.

    Output columns: year, importer, method, n_products, import_value_usd (of the dependent products).
    """
    flag = dependent(dependence, method)
    out = dependence.group_by(["year", "importer"]).aggregate(
        n_products=ibis.ifelse(flag, 1, 0).sum(),
        import_value_usd=exact_sum(dependence.import_value_usd, where=flag).fill_null(0.0),
    )
    return out.select(
        "year",
        "importer",
        method=ibis.literal(method),
        n_products=out.n_products,
        import_value_usd=out.import_value_usd,
    )


def _of_year(table: ir.Table, year: int) -> ir.Table:
    return table.filter(table.year == year)


def _sorted(table: pa.Table, keys: list[str]) -> pa.Table:
    order = [(k, "descending" if k in ("value_usd", "share") else "ascending") for k in keys]
    return table.sort_by(order)


def pair_dependence(
    con: ibis.BaseBackend,
    store: Store,
    trade: ir.Table,
    *,
    a: str,
    b: str,
    suppliers: tuple[str, ...],
    notes: list[str],
    use_built: bool = True,
) -> ir.Table:
    """The dependence rows of importers ``a`` and ``b`` (every year of the store or of ``trade``).

    The store's built table when it was built for the same supplier group, else computed from
    ``trade`` (a note in ``notes`` says so).
    """
    built = store.manifest()["tables"].get("dependence", {}) if use_built else {}
    same_group = tuple(built.get("suppliers", ADVANCED_SUPPLIERS)) == suppliers
    if built and same_group:
        table = store.table(con, "dependence")
        return table.filter(table.importer.isin([a, b]))
    if built:
        notes.append("The store's dependence table uses another supplier group; dependence was recomputed.")
    return apply_methods(dependence_indicators(trade, importer=[a, b], suppliers=suppliers))


def _complexity(
    con: ibis.BaseBackend, store: Store, trade: ir.Table, notes: list[str], use_built: bool = True
) -> tuple[pa.Table | None, pa.Table | None]:
    if use_built and all(store.has_table(name) for name in COMPLEXITY_TABLES):
        eci, pci = (to_arrow(con, store.table(con, name)) for name in COMPLEXITY_TABLES)
        return eci, pci
    # The fitness iteration may overflow on sparse worlds; coopscope uses only ECI and PCI from this run.
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        # fitness is not used here; one iteration keeps the run short (ECI and PCI do not depend on it)
        result = compute_complexity(to_arrow(con, exports_by_country(trade)), fitness_max_iter=1)
    return result.countries, result.products


def _supplier_totals(trade: ir.Table, *, a: str, b: str, year: int) -> ir.Table:
    """Each supplier's share of a's and b's total imports in ``year`` (all products)."""
    rows = trade.filter((trade.year == year) & trade.importer.isin([a, b]))
    totals = rows.group_by(["importer", rows.exporter.name("supplier")]).aggregate(
        import_value_usd=exact_sum(rows.value_usd)
    )
    return totals.mutate(share=totals.import_value_usd / exact_sum(totals.import_value_usd).over(group_by="importer"))


def top_rows(table: pa.Table, column: str, n: int) -> pa.Table:
    """The ``n`` rows with the largest ``column``."""
    return table.take(pc.sort_indices(table, [(column, "descending")])[:n]) if table.num_rows else table
