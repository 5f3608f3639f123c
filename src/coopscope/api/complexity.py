"""``complexity``: RCA, ECI/PCI, density, COI/COG and fitness for one year (METHODS.md §3.3, §6.3).

Harvard Stata ``ecomplexity`` semantics (:func:`coopscope.indicators.complexity.compute_complexity`);
the exports come from the store (exports by country of the chosen basis) or a table passed in.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from coopscope.api.common import choose_years
from coopscope.api.result import Result, as_arrow, make_notes
from coopscope.api.workspace import Workspace, workspace
from coopscope.errors import OptionError
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.complexity_filters import ATLAS_2011, ATLAS_CURRENT, CountryFilter
from coopscope.options import DataBasis, EngineName, HsRevision, PresenceRule, ProximityKind, check_option

CountryFilterName = Literal["none", "atlas", "atlas2011"]
ComplexityLevel = Literal["cell", "country", "product", "filtered"]
NAMED_FILTERS: dict[str, CountryFilter | None] = {"none": None, "atlas": ATLAS_CURRENT, "atlas2011": ATLAS_2011}
LEVELS = {"cell": "cells", "country": "countries", "product": "products", "filtered": "filtered"}


def complexity(
    store: Workspace | Path | str | None = None,
    *,
    year: int | str | None = None,
    exports: Any = None,
    population: Any = None,
    manual: Any = None,
    presence: PresenceRule = "rca",
    threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    proximity: ProximityKind = "symmetric",
    knn: int | None = None,
    method: Literal["eigenvector", "reflections"] = "eigenvector",
    iterations: int = 20,
    pci_scale: Literal["stata", "own"] = "stata",
    fitness_iterations: int | None = None,
    country_filter: CountryFilterName = "none",
    min_population: float | None = None,
    min_exports_usd: float | None = None,
    exclude: str | list[str] | None = None,
    level: ComplexityLevel = "country",
    basis: DataBasis | None = None,
    to: HsRevision | None = None,
    engine: EngineName | None = None,
) -> Result:
    """Economic complexity of one ``year`` (default: the latest) at ``level``.

    ``exports`` (instead of a store): year, country, product, export_value_usd; ``population``:
    year, country, population; ``manual``: year, country, product, m. Output columns by level —
    country: year, country, eci, coi, fitness, diversity …; product: year, product, pci, ubiquity …;
    cell: year, country, product, rca, m, density, cog …; filtered: the countries left out and why.
    ``method``/``iterations``/``pci_scale``/``fitness_iterations`` choose the convention (Stata's
    eigenvector, or R economiccomplexity's reflections and fixed-count fitness): docs/METHODS.md.
    ``tables`` holds all four.
    """
    check_option("level", level, ComplexityLevel)
    check_option("country_filter", country_filter, CountryFilterName)
    chosen_basis, synthetic, root = None, False, None
    if exports is None:
        ws = workspace(store, engine)
        chosen_basis, synthetic, root = ws.choose_basis(basis), ws.synthetic, str(ws.root)
        wanted = choose_years(year, ws.years(chosen_basis))
        trade = ws.store.trade(ws.con, years=wanted, basis=chosen_basis, to=to)
        table = ws.con.to_pyarrow(exports_by_country(trade))
    else:
        table = as_arrow(exports, "exports")
        wanted = choose_years(year, sorted({int(y) for y in table["year"].to_pylist()}))
    result = compute_complexity(
        table, year=wanted[0], population=None if population is None else as_arrow(population, "population"),
        manual_m=None if manual is None else as_arrow(manual, "manual"), presence=presence, threshold=threshold,
        rpop_threshold=rpop_threshold, proximity=proximity, knn=knn, method=method, iterations=iterations,
        pci_scale=pci_scale, fitness_iterations=fitness_iterations,
        filters=country_filters(country_filter, min_population, min_exports_usd, exclude),
    )  # fmt: skip
    extra = [f"{result.filtered.num_rows} countries left out before computing (level 'filtered')."]
    notes = make_notes(synthetic=synthetic, basis=chosen_basis, extra=extra if result.filtered.num_rows else [])
    params = {"year": wanted[0], "presence": presence, "threshold": threshold, "rpop_threshold": rpop_threshold,
              "proximity": proximity, "knn": knn, "method": method, "iterations": iterations,
              "pci_scale": pci_scale, "fitness_iterations": fitness_iterations, "country_filter": country_filter,
              "min_population": min_population, "min_exports_usd": min_exports_usd, "exclude": exclude,
              "level": level, "basis": chosen_basis, "to": to, "store": root}  # fmt: skip
    tables = {name: getattr(result, name) for name in LEVELS.values()}
    return Result("complexity", tables[LEVELS[level]], params, notes, synthetic, chosen_basis,
                  f"Economic complexity {wanted[0]} ({level})", tables, result)  # fmt: skip


def country_filters(
    named: str, min_population: float | None, min_exports_usd: float | None, exclude: str | list[str] | None
) -> CountryFilter | None:
    """A named country filter (none, atlas, atlas2011) with any of its parts overridden."""
    base = NAMED_FILTERS[named]
    if base is None and min_population is None and min_exports_usd is None and not exclude:
        return None
    base = base or CountryFilter()
    # country codes as the exports name them (Stata samples use lower case and BLX), not resolved
    items = exclude.split(",") if isinstance(exclude, str) else list(exclude or [])
    codes = [c.strip().upper() for c in items if c.strip()]
    for value, name in ((min_population, "min_population"), (min_exports_usd, "min_exports_usd")):
        if value is not None and value < 0:
            raise OptionError(f"{name}: {value:g} is negative.", "give 0 or a positive number.")
    return replace(
        base,
        min_population=base.min_population if min_population is None else min_population,
        min_exports_usd=base.min_exports_usd if min_exports_usd is None else min_exports_usd,
        exclude=base.exclude + tuple(c for c in codes if c not in base.exclude),
    )
