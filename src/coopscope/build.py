"""``coopscope build``: compute the analysis tables of a store for every year and save them in it.

Tables written (each replaced atomically):

* ``dependence`` — :func:`coopscope.indicators.dependence.build_dependence`, every importer,
  product and year, with the named methods' flags and the criteria behind them;
* ``complexity_cells``, ``complexity_countries``, ``complexity_products`` —
  :func:`coopscope.indicators.complexity.compute_complexity` per year (Stata ``ecomplexity``
  semantics) on the exports of every country.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ibis

from coopscope.engine import connect
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.dependence import ADVANCED_SUPPLIERS, build_dependence
from coopscope.store import Store

BLOCS = ("EU27",)  # stored beside the countries: the EU method is defined for the bloc
TABLES = ("dependence", "complexity_cells", "complexity_countries", "complexity_products")


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
) -> BuildReport:
    """Build every analysis table of the store at ``store_dir`` (see the module docstring)."""
    store = Store.open(store_dir)
    con = con or connect(engine)
    trade = store.trade(con, hs_revision=hs_revision)
    dependence = con.to_pyarrow(build_dependence(con, trade, suppliers=ADVANCED_SUPPLIERS, blocs=BLOCS))
    exports = con.to_pyarrow(exports_by_country(trade))
    complexity = compute_complexity(exports)
    details = {
        "synthetic": store.is_synthetic(),
        "hs_revision": hs_revision or ",".join(store.revisions()),
        "suppliers": list(ADVANCED_SUPPLIERS),
        "blocs": list(BLOCS),
    }
    outputs = {
        "dependence": dependence,
        "complexity_cells": complexity.cells,
        "complexity_countries": complexity.countries,
        "complexity_products": complexity.products,
    }
    with store.transaction() as tx:
        for name, table in outputs.items():
            tx.commit_table(name, table, details=details)
    return BuildReport({k: v.num_rows for k, v in outputs.items()}, store.years(), hs_revision, store.is_synthetic())
