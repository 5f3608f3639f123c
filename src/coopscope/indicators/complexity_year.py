"""One year of complexity: from long tables to the arrays of every indicator (Stata semantics)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from coopscope.errors import InputError, SchemaError, UnknownCodeError
from coopscope.indicators import complexity_kernels as k
from coopscope.indicators.complexity_filters import select_countries
from coopscope.indicators.complexity_threads import one_blas_thread
from coopscope.indicators.fitness import FitnessResult, fitness_complexity
from coopscope.indicators.matrix import LabelledMatrix, long_to_matrix

if TYPE_CHECKING:
    from coopscope.indicators.complexity import ComplexityOptions


@dataclass(frozen=True)
class YearArrays:
    """Every indicator of one year, as arrays over sorted ``countries`` (C) and ``products`` (P).

    C × P: exports_usd, rca, rpop (None unless population is used), m, density, cog (cog / sd).
    (C,): diversity, eci, coi, fitness. (P,): ubiquity, pci, complexity. P × P: proximity.
    ``dropped``: (country, reason) for countries left out before computing.
    """

    year: int
    countries: tuple[str, ...]
    products: tuple[str, ...]
    exports_usd: np.ndarray
    rca: np.ndarray
    rpop: np.ndarray | None
    m: np.ndarray
    density: np.ndarray
    cog: np.ndarray
    diversity: np.ndarray
    eci: np.ndarray
    coi: np.ndarray
    fitness: np.ndarray
    ubiquity: np.ndarray
    pci: np.ndarray
    complexity: np.ndarray
    proximity: np.ndarray
    dropped: tuple[tuple[str, str], ...]


def year_arrays(
    year: int,
    exports: pa.Table | None,
    population: pa.Table | None,
    manual: pa.Table | None,
    options: ComplexityOptions,
) -> YearArrays:
    """Clean, filter and compute one year (the tables hold that year's rows only)."""
    if exports is None or exports.num_rows == 0:
        raise SchemaError(f"exports: no rows for year {year}.", "pick a year present in the table.")
    x = long_to_matrix(exports, value="export_value_usd", source=f"exports {year}")
    if (x.values < 0).any():
        raise InputError(f"exports {year}: negative export values.", "exports must be ≥ 0 US dollars.")
    pop = _population(population, x.countries, year)
    manual_m = _manual(manual, x, year) if options.presence == "manual" else None
    keep, dropped = select_countries(
        x.countries,
        x.values.sum(axis=1),
        population=pop,
        country_filter=options.filters,
        needs_population=options.needs_population,
        presence_totals=None if manual_m is None else manual_m.sum(axis=1),
    )
    base = x.values[keep] if manual_m is None else manual_m[keep]
    cols = base.sum(axis=0) > 0  # Stata drops products whose world total is 0
    sub = LabelledMatrix(x.values[np.ix_(keep, cols)], _pick(x.countries, keep), _pick(x.products, cols))
    # NaN results stand for Stata's missing values; one BLAS thread: the same digits whatever the cores
    with np.errstate(divide="ignore", invalid="ignore"), one_blas_thread():
        return _compute(
            year, sub, None if pop is None else pop[keep], _cut(manual_m, keep, cols), options, tuple(dropped)
        )


def _compute(
    year: int,
    x: LabelledMatrix,
    pop: np.ndarray | None,
    manual_m: np.ndarray | None,
    options: ComplexityOptions,
    dropped: tuple[tuple[str, str], ...],
) -> YearArrays:
    rca = k.balassa_rca(x.values)
    rp = k.rpop(x.values, pop) if options.needs_population and pop is not None else None
    m = _presence(rca, rp, manual_m, options)
    levels = m if options.proximity != "continuous" else (rp if rp is not None else rca)
    if options.proximity == "continuous":
        phi = k.proximity_continuous(levels)
    else:
        phi = k.proximity_discrete(m, asymmetric=options.proximity == "asymmetric")
    dens = k.density(levels, phi, knn=options.knn)
    kp, eci, pci, sd = _indices(m, x.values, options)
    coi = k.complexity_outlook(m, dens, kp)
    coi_mean, coi_sd = k.long_sd(coi, m.shape[1])
    fit = _fitness(m, options)
    diversity, ubiquity = k.diversity_ubiquity(m)
    return YearArrays(
        year=year,
        countries=x.countries,
        products=x.products,
        exports_usd=x.values,
        rca=rca,
        rpop=rp,
        m=m,
        density=dens,
        cog=k.complexity_outlook_gain(m, phi, kp) / sd,
        diversity=diversity,
        eci=eci,
        coi=(coi - coi_mean) / coi_sd,
        fitness=fit.fitness,
        ubiquity=ubiquity,
        pci=pci,
        complexity=fit.complexity,
        proximity=phi,
        dropped=dropped,
    )


def _indices(
    m: np.ndarray, x: np.ndarray, options: ComplexityOptions
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Raw kp, standardised ECI, PCI and the sd that scales COG (METHODS.md §3.3; METHODS.md §B1).

    ``pci_scale`` stata: both with ECI's mean and its sd over the C × P long rows (ddof 1);
    own: each with its own mean and sd over its own rows (ddof 1), as R ``economiccomplexity``.
    """
    if options.method == "eigenvector":
        kc, kp = k.eigen_complexity(m, exports=x.sum(axis=1))
    else:
        kc, kp = k.reflections_complexity(m, iterations=options.iterations)
    mean, sd = k.long_sd(kc, m.shape[1])
    if options.pci_scale == "own":
        return kp, k.own_scale(kc), k.own_scale(kp), sd
    return kp, (kc - mean) / sd, (kp - mean) / sd, sd


def _fitness(m: np.ndarray, options: ComplexityOptions) -> FitnessResult:
    """Fitness to convergence, or R's fixed count: ``fitness_iterations`` N columns, N − 1 updates."""
    if options.fitness_iterations is not None:
        return fitness_complexity(m, max_iter=options.fitness_iterations - 1, tol=0.0)
    return fitness_complexity(m, max_iter=options.fitness_max_iter, tol=options.fitness_tol)


def _presence(
    rca: np.ndarray, rp: np.ndarray | None, manual_m: np.ndarray | None, options: ComplexityOptions
) -> np.ndarray:
    if options.presence == "manual" and manual_m is not None:
        return manual_m
    if options.presence == "rca" or rp is None:
        return k.presence(rca, options.threshold)
    by_pop = k.presence(rp, options.rpop_threshold)
    return by_pop if options.presence == "rpop" else np.maximum(by_pop, k.presence(rca, options.threshold))


def _population(table: pa.Table | None, countries: tuple[str, ...], year: int) -> np.ndarray | None:
    if table is None:
        return None
    pop = np.full(len(countries), np.nan)
    codes = table["country"].to_pylist()
    if len(set(codes)) != len(codes):
        raise InputError(f"population {year}: a country appears more than once.", "give one row per year and country.")
    where = {c: i for i, c in enumerate(countries)}
    for code, value in zip(codes, table["population"].to_pylist(), strict=True):
        if code in where and value is not None:
            pop[where[code]] = value
    return pop


def _manual(table: pa.Table | None, x: LabelledMatrix, year: int) -> np.ndarray:
    if table is None or table.num_rows == 0:
        raise SchemaError(f"manual_m: no rows for year {year}.", "give the presence of every exported cell.")
    given = long_to_matrix(table, value="m", source=f"manual_m {year}")
    for kind, labels, known in (("country", given.countries, x.countries), ("product", given.products, x.products)):
        unknown = sorted(set(labels) - set(known))
        if unknown:
            raise UnknownCodeError.codes(kind, unknown, f"manual_m {year}", "every code must appear in the exports.")
    if not np.isin(given.values, (0.0, 1.0)).all():
        raise InputError(f"manual_m {year}: presence must be 0 or 1.", "give m as 0/1.")
    out = np.zeros(x.values.shape)
    rows = np.searchsorted(x.countries, given.countries)
    cols = np.searchsorted(x.products, given.products)
    out[np.ix_(rows, cols)] = given.values
    return out


def _pick(labels: tuple[str, ...], mask: np.ndarray) -> tuple[str, ...]:
    return tuple(label for label, kept in zip(labels, mask, strict=True) if kept)


def _cut(values: np.ndarray | None, rows: np.ndarray, cols: np.ndarray) -> np.ndarray | None:
    return None if values is None else values[np.ix_(rows, cols)]
