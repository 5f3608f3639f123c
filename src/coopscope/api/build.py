"""``coopscope build``: compute the analysis tables of a store for every year and save them in it.

Tables written (each replaced atomically; ``groups`` chooses the dependence or the complexity
tables, both by default):

* ``dependence`` — as :func:`coopscope.indicators.dependence.build_dependence`, every importer,
  product and year, with the named methods' flags and the criteria behind them (built year by
  year; one Parquet file per year);
* ``complexity_cells``, ``complexity_countries``, ``complexity_products`` —
  :func:`coopscope.indicators.complexity.compute_complexity` per year (Stata ``ecomplexity``
  semantics) on the exports of every country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.engine import connect, from_arrow, read_parquet, write_parquet
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.dependence import (
    ADVANCED_SUPPLIERS,
    apply_methods,
    dependence_indicators,
    load_methods,
    order_columns,
)
from coopscope.indicators.dependence_flags import earlier_years_met
from coopscope.indicators.dependence_lenses import join_lenses, load_lens_table
from coopscope.options import check_option
from coopscope.sources.progress import progress
from coopscope.store import Store

BLOCS = ("EU27",)  # stored beside the countries: the EU method is defined for the bloc
TABLES = ("dependence", "complexity_cells", "complexity_countries", "complexity_products")
GROUPS = ("dependence", "complexity")
BuildGroup = Literal["dependence", "complexity"]


@dataclass(frozen=True)
class BuildReport:
    """Rows written per table, the years covered and whether the inputs were synthetic."""

    rows: dict[str, int]
    years: list[int]
    hs_revision: str | None
    synthetic: bool


def build_store(
    store_dir: Path | str,
    *,
    engine: str = "duckdb",
    hs_revision: str | None = None,
    con: ibis.BaseBackend | None = None,
    groups: Sequence[str] | str = GROUPS,
    basis: str = "reconciled",
) -> BuildReport:
    """Build the analysis tables of the store at ``store_dir`` (see the module docstring).

    ``groups``: ``dependence`` and/or ``complexity`` (default both); the tables of a group not
    built are left as they are. ``hs_revision`` builds the years that revision covers; ``basis``
    the data basis read (reconciled, reported_imports or mirror_exports; recorded with the tables).

    The dependence table is built year by year, so memory stays that of one year's flows
    however many years the store holds: each year's indicators, flags and lenses in one query
    written as Parquet, the GeoDep window counting the years met in the earlier years' files.
    """
    chosen = _check_groups(groups)
    store = Store.open(store_dir)
    con = con or connect(engine)
    years = store.years(hs_revision=hs_revision, basis=basis)
    if not years:
        which = f" of {hs_revision}" if hs_revision else ""
        present = ", ".join(store.revisions()) or "none"
        raise StoreError(
            f"{store.root}: holds no trade flows{which} to build from.",
            f"ingest a source first (coopscope ingest); revisions in the store: {present}.",
        )
    revisions = [hs_revision] if hs_revision else store.revisions()
    details = {
        "synthetic": store.is_synthetic(),
        "hs_revision": hs_revision or ",".join(store.revisions()),
        "suppliers": list(ADVANCED_SUPPLIERS),
        "blocs": list(BLOCS),
        "basis": basis,
    }
    with store.transaction() as tx:
        staged: dict[str, list[Path]] = {}
        if "dependence" in chosen:
            staged["dependence"] = _dependence_by_year(con, store, tx.staging, years, hs_revision, revisions, basis)
        if "complexity" in chosen:
            staged |= _complexity_by_year(con, store, tx.staging, years, hs_revision, basis)
        rows = {name: tx.commit_table_parts(name, files, details=details) for name, files in staged.items()}
    return BuildReport(rows, years, hs_revision, store.is_synthetic())


def _check_groups(groups: Sequence[str] | str) -> list[str]:
    chosen = [groups] if isinstance(groups, str) else list(groups)
    if not chosen:
        raise OptionError("build: no table group given.", f"choose one or more of {', '.join(GROUPS)}.")
    for group in chosen:
        check_option("groups", group, BuildGroup)
    return chosen


def _complexity_by_year(
    con: ibis.BaseBackend, store: Store, staging: Path, years: list[int], hs_revision: str | None, basis: str
) -> dict[str, list[Path]]:
    """Staged Parquet files of the three complexity tables, one per year."""
    parts: dict[str, list[Path]] = {name: [] for name in TABLES[1:]}
    with progress("Computing complexity", len(years), unit="years") as advance:
        for year in years:
            exports = con.to_pyarrow(
                exports_by_country(store.trade(con, years=[year], hs_revision=hs_revision, basis=basis))
            )
            result = compute_complexity(exports)
            for name, table in zip(TABLES[1:], (result.cells, result.countries, result.products), strict=True):
                parts[name].append(staging / f"{name}-{year}.parquet")
                pq.write_table(table, parts[name][-1], compression="zstd")
            advance(1)
    return parts


def _dependence_by_year(
    con: ibis.BaseBackend,
    store: Store,
    staging: Path,
    years: list[int],
    hs_revision: str | None,
    revisions: list[str],
    basis: str = "reconciled",
) -> list[Path]:
    """One staged Parquet file of the dependence table per year (see :func:`build_store`).

    Years go in order; each year's GeoDep window counts the years met in the files already
    written for the earlier years of the window.
    """
    methods = load_methods()
    window = methods.geodep.window_years
    lenses = load_lens_table(con, revisions)
    parts: dict[int, Path] = {}
    with progress("Building dependence", len(years), unit="years") as advance:
        for year in years:
            flows = store.trade(con, years=[year], hs_revision=hs_revision, basis=basis)
            indicators = dependence_indicators(flows, suppliers=ADVANCED_SUPPLIERS, blocs=BLOCS)
            earlier = [parts[y] for y in years if year - window < y < year]
            met = earlier_years_met(read_parquet(con, earlier), year, window) if earlier else _none_met(con, year)
            flagged = apply_methods(indicators, methods, years_present=years, earlier_met=met)
            parts[year] = staging / f"dependence-{year}.parquet"
            write_parquet(con, order_columns(join_lenses(con, flagged, revisions, loaded=lenses)), parts[year])
            advance(1)
    return [parts[year] for year in years]


def _none_met(con: ibis.BaseBackend, year: int) -> ibis.Table:
    """An empty ``earlier_met`` table for ``year``: no earlier year of its window is in the store."""
    names = ("importer", "product", "hs_revision")
    schema = pa.schema([("year", pa.int64()), *((n, pa.string()) for n in names), ("earlier_years_met", pa.int64())])
    return from_arrow(con, schema.empty_table())
