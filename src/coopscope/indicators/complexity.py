"""Comparative advantage and economic complexity, exact to Harvard's Stata ``ecomplexity``.

:func:`compute_complexity` turns an export table (``year, country, product, export_value_usd``)
into cell, country and product tables: RCA, presence, density, COG; diversity, ECI, COI, fitness;
ubiquity, PCI, fitness complexity. Definitions: METHODS.md §3.3 (Stata semantics: strict
threshold, zero-diagonal proximity, ECI and PCI normalised with ECI's mean and sd over the C × P
rows, ddof 1), Tacchella et al. (2012) for fitness. Each year is computed on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import ibis
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import OptionError, SchemaError
from coopscope.indicators.complexity_filters import FILTERED_COLUMNS, CountryFilter
from coopscope.indicators.complexity_tables import (
    cells_table,
    countries_table,
    filtered_table,
    products_table,
    proximity_edges,
)
from coopscope.indicators.complexity_year import YearArrays, year_arrays
from coopscope.indicators.exact import exact_sum
from coopscope.options import PresenceRule, ProximityKind, check_finite, check_option

ComplexityMethod = Literal["eigenvector", "reflections"]
PciScale = Literal["stata", "own"]
EXPORT_COLUMNS = ("year", "country", "product", "export_value_usd")


@dataclass(frozen=True)
class ComplexityOptions:
    """The validated options of one complexity run (see :func:`compute_complexity`)."""

    presence: str = "rca"
    threshold: float = 1.0
    rpop_threshold: float = 1.0
    proximity: str = "symmetric"
    knn: int | None = None
    method: str = "eigenvector"
    iterations: int = 20
    fitness_max_iter: int = 1000
    fitness_tol: float = 1e-10
    pci_scale: str = "stata"
    fitness_iterations: int | None = None
    filters: CountryFilter | None = None

    def __post_init__(self) -> None:
        """Check every option once, at the boundary."""
        check_option("presence", self.presence, PresenceRule)
        check_option("proximity", self.proximity, ProximityKind)
        check_option("method", self.method, ComplexityMethod)
        check_finite("threshold", self.threshold)
        check_finite("rpop_threshold", self.rpop_threshold)
        check_option("pci_scale", self.pci_scale, PciScale)
        for name, count in (("iterations", self.iterations), ("fitness_iterations", self.fitness_iterations)):
            if count is not None and (count < 2 or count % 2):
                raise OptionError(
                    f"{name}: {count} is not an even number ≥ 2.",
                    "R economiccomplexity counts its starting column and raises an odd count by one; pass e.g. 20.",
                )
        if self.knn is not None and self.knn < 1:
            raise OptionError(f"knn: {self.knn} is not a positive number of neighbours.", "use e.g. --knn 10.")
        if self.presence == "both" and self.proximity == "continuous":
            raise OptionError(
                "continuous proximity needs one level variable, and presence 'both' has two.",
                "use --presence rca or --presence rpop with --proximity continuous (as Stata).",
            )

    @property
    def needs_population(self) -> bool:
        """Whether the presence test uses population."""
        return self.presence in ("rpop", "both")


@dataclass(frozen=True)
class ComplexityResult:
    """Tables of one complexity run (pyarrow, sorted by year then code).

    ``cells``: year, country, product, export_value_usd, rca, m, density, cog (+ rpop when computed).
    ``countries``: year, country, diversity, eci, coi, fitness.
    ``products``: year, product, ubiquity, pci, complexity.
    ``filtered``: year, country, reason — each country left out before computing.
    """

    cells: pa.Table
    countries: pa.Table
    products: pa.Table
    filtered: pa.Table
    options: ComplexityOptions = field(default_factory=ComplexityOptions)


def exports_by_country(trade: ibis.Table) -> ibis.Table:
    """Exports of each country and product: the sum over importers of canonical trade rows.

    Input columns: year, exporter, product, value_usd (canonical trade table, ``schema.py``).
    Output columns: year, country, product, export_value_usd. Lazy; runs on any Ibis backend.
    """
    grouped = trade.group_by([trade.year, trade.exporter.name("country"), trade["product"]])
    return grouped.aggregate(export_value_usd=exact_sum(trade.value_usd))  # order-free: METHODS.md §6.7


def compute_complexity(
    exports: pa.Table | pd.DataFrame,
    *,
    year: int | None = None,
    presence: str = "rca",
    threshold: float = 1.0,
    rpop_threshold: float = 1.0,
    population: pa.Table | pd.DataFrame | None = None,
    manual_m: pa.Table | pd.DataFrame | None = None,
    proximity: str = "symmetric",
    knn: int | None = None,
    method: str = "eigenvector",
    filters: CountryFilter | None = None,
    **more: Any,
) -> ComplexityResult:
    """RCA, presence, density, ECI/PCI, COI/COG and fitness for every year of an export table.

    ``exports`` columns: year, country, product, export_value_usd (one row per cell; absent
    cells are 0). ``population``: year, country, population (for ``presence`` rpop/both and
    population filters). ``manual_m``: year, country, product, m (0/1; for ``presence="manual"``).
    ``presence``: rca (RCA > threshold, strict as Stata), rpop (RPOP > rpop_threshold), both (either),
    manual. ``proximity``: symmetric, asymmetric or continuous (RCA/RPOP correlation; density then
    uses RCA/RPOP). ``knn``: k-nearest-neighbour density. ``method``: eigenvector or reflections
    (``iterations=`` N, even, as R: ECI after N − 2 reflections, PCI after N − 1). ``filters``: a
    :class:`CountryFilter`, applied before computing. More keywords: ``iterations``, ``pci_scale``
    (stata: ECI's mean and long sd for both; own: each its own, as R), ``fitness_iterations`` (R's
    fixed count N: N − 1 updates; default: to convergence), ``fitness_max_iter``, ``fitness_tol``.
    """
    options = ComplexityOptions(
        presence=presence,
        threshold=threshold,
        rpop_threshold=rpop_threshold,
        proximity=proximity,
        knn=knn,
        method=method,
        filters=filters,
        **more,
    )
    runs = list(_years(exports, year=year, population=population, manual_m=manual_m, options=options))
    return _result(runs, options)


def complexity_proximity(exports: pa.Table | pd.DataFrame, **options: Any) -> pa.Table:
    """Product proximity of each year as an edge list: year, product_1, product_2, proximity.

    Every ordered pair, diagonal included (0), like Stata ``genproximity``; same options as
    :func:`compute_complexity`. For asymmetric proximity the value is φ[product_1, product_2].
    """
    opts = {k: options.pop(k) for k in ("year", "population", "manual_m") if k in options}
    config = ComplexityOptions(**options)
    tables = [proximity_edges(arrays) for arrays in _years(exports, options=config, **opts)]
    return pa.concat_tables(tables) if tables else proximity_edges(None)


def _years(
    exports: pa.Table | pd.DataFrame,
    *,
    options: ComplexityOptions,
    year: int | None = None,
    population: pa.Table | pd.DataFrame | None = None,
    manual_m: pa.Table | pd.DataFrame | None = None,
) -> Iterator[YearArrays]:
    table = _arrow(exports, EXPORT_COLUMNS, "exports")
    pop = _arrow(population, ("year", "country", "population"), "population") if population is not None else None
    manual = _arrow(manual_m, ("year", "country", "product", "m"), "manual_m") if manual_m is not None else None
    _check_inputs(options, has_population=pop is not None, has_manual=manual is not None)
    years = sorted(set(table["year"].to_pylist())) if year is None else [int(year)]
    for y in years:
        yield year_arrays(y, _of_year(table, y), _of_year(pop, y), _of_year(manual, y), options)


def _check_inputs(options: ComplexityOptions, *, has_population: bool, has_manual: bool) -> None:
    if options.needs_population and not has_population:
        raise OptionError(
            f"presence '{options.presence}' needs a population table.",
            "pass population= (columns year, country, population).",
        )
    if options.filters is not None and options.filters.needs_population and not has_population:
        raise OptionError(
            "the country filter has a minimum population but no population table was given.",
            "pass population= (columns year, country, population) or drop min_population.",
        )
    if options.presence == "manual" and not has_manual:
        raise OptionError("presence 'manual' needs a presence table.", "pass manual_m= (year, country, product, m).")


def _of_year(table: pa.Table | None, year: int) -> pa.Table | None:
    if table is None:
        return None
    return table.filter(pc.equal(table["year"], pa.scalar(year, pa.int64())))


def _arrow(data: pa.Table | pd.DataFrame, columns: tuple[str, ...], source: str) -> pa.Table:
    table = pa.Table.from_pandas(data, preserve_index=False) if isinstance(data, pd.DataFrame) else data
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise SchemaError(
            f"{source}: missing column(s) {', '.join(missing)}; it has {', '.join(table.column_names)}.",
            f"it needs {', '.join(columns)} (rename with --map or before calling).",
        )
    types = {"year": pa.int64(), "country": pa.string(), "product": pa.string()}
    schema = pa.schema([pa.field(c, types.get(c, pa.float64())) for c in columns])
    try:
        return table.select(list(columns)).cast(schema)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise SchemaError(
            f"{source}: a column has values of the wrong type ({exc}).",
            "year must be a whole number and values numbers; codes are read as text.",
        ) from exc


def _result(runs: list[YearArrays], options: ComplexityOptions) -> ComplexityResult:
    def concat(tables: list[pa.Table]) -> pa.Table:
        return pa.concat_tables(tables)

    if not runs:
        raise SchemaError("exports: no rows for the requested year.", "check --year against the years present.")
    return ComplexityResult(
        cells=concat([cells_table(r) for r in runs]),
        countries=concat([countries_table(r) for r in runs]),
        products=concat([products_table(r) for r in runs]),
        filtered=concat([filtered_table(r) for r in runs]).select(list(FILTERED_COLUMNS)),
        options=options,
    )
