"""Country filters applied before computing complexity, and the record of what they dropped.

The Atlas of Economic Complexity (2011/2013, §7) keeps countries with population above 1.2 M and
average exports of at least US$1 bn, and removes Iraq, Macau and Chad; the current Atlas uses
1 M and US$1 bn (METHODS.md §3.3). Small, noisy exporters distort ECI, so filter before computing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FILTERED_COLUMNS = ("year", "country", "reason")


@dataclass(frozen=True)
class CountryFilter:
    """Which countries to keep: a minimum population, minimum exports (US$ in the year), exclusions.

    Codes in ``exclude`` match case-insensitively. ``None`` disables a test.
    """

    min_population: float | None = None
    min_exports_usd: float | None = None
    exclude: tuple[str, ...] = ()

    @property
    def needs_population(self) -> bool:
        """Whether the filter needs a population table."""
        return self.min_population is not None


ATLAS_2011 = CountryFilter(min_population=1.2e6, min_exports_usd=1e9, exclude=("IRQ", "MAC", "TCD"))
"""Atlas 2011/2013 sample restrictions (population > 1.2 M, exports ≥ US$1 bn; no Iraq, Macau, Chad)."""

ATLAS_CURRENT = CountryFilter(min_population=1e6, min_exports_usd=1e9)
"""Thresholds of the current Atlas (population ≥ 1 M, exports ≥ US$1 bn)."""


def select_countries(
    countries: tuple[str, ...],
    exports_usd: np.ndarray,
    *,
    population: np.ndarray | None,
    country_filter: CountryFilter | None,
    needs_population: bool,
    presence_totals: np.ndarray | None = None,
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Mask (C,) of countries kept by the filter, and (country, reason) for each one dropped.

    ``exports_usd`` is each country's total exports (C,); ``population`` (C,) has NaN where unknown.
    A country without population is dropped when the presence test or the filter needs it
    (as Stata drops rows with missing ``pop``). With a user-given presence matrix, countries whose
    ``presence_totals`` are 0 are dropped too (Stata tests the total of the variable it is given).
    """
    keep = np.ones(len(countries), dtype=bool)
    reasons: list[tuple[str, str]] = []
    tests = _tests(exports_usd, population, country_filter, needs_population, countries)
    if presence_totals is not None:
        tests.append(("no presence", ~(presence_totals > 0)))
    for reason, failed in tests:
        for i in np.flatnonzero(keep & failed):
            reasons.append((countries[i], reason))
        keep &= ~failed
    return keep, reasons


def _tests(
    exports_usd: np.ndarray,
    population: np.ndarray | None,
    flt: CountryFilter | None,
    needs_population: bool,
    countries: tuple[str, ...],
) -> list[tuple[str, np.ndarray]]:
    tests: list[tuple[str, np.ndarray]] = []
    if flt is not None and flt.exclude:
        excluded = {code.upper() for code in flt.exclude}
        tests.append(("excluded by name", np.array([c.upper() in excluded for c in countries], dtype=bool)))
    if population is not None and (needs_population or (flt is not None and flt.needs_population)):
        tests.append(("no population", ~(population > 0)))
    if flt is not None and flt.min_population is not None and population is not None:
        tests.append((f"population below {flt.min_population:,.0f}", population < flt.min_population))
    if flt is not None and flt.min_exports_usd is not None:
        tests.append((f"exports below US${flt.min_exports_usd:,.0f}", exports_usd < flt.min_exports_usd))
    tests.append(("no exports", ~(exports_usd > 0)))
    return tests
