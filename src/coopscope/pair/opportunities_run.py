"""Run the co-development opportunities on a store (edge between the store and :mod:`indicators.opportunities`).

:func:`co_development` is the library call behind ``coopscope opportunities`` (METHODS.md §B3).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import to_iso3
from coopscope.engine import connect, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.opportunities import STRATEGIES, Strategy, opportunities, strategy
from coopscope.pair.analysis import load_lenses
from coopscope.pair.indicators import group_map
from coopscope.store import Store


@dataclass(frozen=True)
class OpportunitiesResult:
    """Ranked candidates (``indicators.opportunities.OUTPUT`` columns + description) and the preset used."""

    a: str
    b: str
    year: int
    preset: str
    weights: Strategy
    table: pa.Table
    synthetic: bool
    notes: tuple[str, ...] = ()


def co_development(
    store: Store | Path | str,
    *,
    a: str = "KOR",
    b: str = "CHN",
    year: int | None = None,
    preset: str = "balanced",
    area: str | None = None,
    top: int | None = 20,
    engine: str = "duckdb",
    con: ibis.BaseBackend | None = None,
    to: str | None = None,
) -> OpportunitiesResult:
    """Each country's best candidates per AI area (and over all products), ranked by ``preset``.

    Complexity (RCA, density, COG, PCI) is computed on the year's exports of every country in the
    store with the Stata conventions (METHODS.md §3.3). ``top`` keeps the first N per country and group.
    """
    store = store if isinstance(store, Store) else Store.open(store)
    weights = strategy(preset)
    a, b = a.strip().upper(), b.strip().upper()
    to_iso3([a, b], style="iso3", source="partners")
    years = store.years()
    year = int(year) if year is not None else (years[-1] if years else 0)
    if year not in years:
        raise StoreError(f"{store.root}: no trade data for {year}.", f"years present: {years or 'none'}.")
    con = con or connect(engine)
    exports = to_arrow(con, exports_by_country(store.trade(con, years=[year], to=to)))
    result = compute_complexity(exports, year=year)
    lenses = load_lenses(to or (store.revisions()[0] if store.revisions() else None))
    groups = _ai_groups(lenses, area)
    table = opportunities(result.cells, result.products, a=a, b=b, groups=groups, preset=preset)
    if area:
        table = table.filter(pc.equal(table["group"], f"ai:{area}"))
    if top is not None:
        table = table.filter(pc.less_equal(table["rank"], top))
    lens = lenses.select(["product", "description"])
    table = table.join(lens, "product", join_type="left outer") if lens.num_rows else table
    order = [("country", "ascending"), ("group", "ascending"), ("rank", "ascending")]
    return OpportunitiesResult(
        a=a, b=b, year=year, preset=preset, weights=weights,
        table=table.take(pc.sort_indices(table, sort_keys=order)),
        synthetic=store.is_synthetic(),
        notes=(f"Strategy {preset}: weights density {weights.density:g}, PCI {weights.pci:g}, COG {weights.cog:g} "
               f"on standardised values (presets: {', '.join(STRATEGIES)}).",),
    )  # fmt: skip


def _ai_groups(lenses: pa.Table, area: str | None) -> pa.Table | None:
    if lenses.num_rows == 0:
        if area:
            raise OptionError("no AI areas for this HS revision.", "drop --area.")
        return None
    groups = group_map(lenses)
    groups = groups.filter(pc.starts_with(groups["group"], "ai:"))
    known = sorted(g.removeprefix("ai:") for g in set(groups["group"].to_pylist()))
    if area and area not in known:
        raise OptionError(f"--area: '{area}' is not known.", f"use one of {', '.join(known)}.")
    return groups
