"""Robustness of the pair findings: dependence flags and pair classes over grids of their thresholds.

:func:`pair_class_sensitivity` recomputes :func:`coopscope.pair.classes.pair_sides` for each setting
of a one-at-a-time grid of :class:`~coopscope.pair.params.PairParams` (the default, then each
threshold alone × each factor); :func:`robustness` runs both grids on a store (the library call
behind ``coopscope sensitivity``). Definitions: METHODS.md §B4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import to_iso3
from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.dependence import ADVANCED_SUPPLIERS, apply_methods, dependence_indicators
from coopscope.indicators.sensitivity import (
    FACTORS,
    dependence_headline,
    dependence_sensitivity,
    held_shares,
    scaled,
)
from coopscope.pair.classes import pair_sides
from coopscope.pair.panel import destination_overlap, market_panel, product_panel, with_advantage
from coopscope.pair.params import PairParams
from coopscope.store import Store

PAIR_THRESHOLDS = ("rca_min", "scale_min_usd", "scale_min_world_share", "strength_min_usd", "demand_min_usd",
                   "import_rca_min", "group_share_min", "market_similarity_min")  # fmt: skip
CLASS_FLAGS = ("shared_vulnerability", "substitution_a_to_b", "substitution_b_to_a", "complementary_a_to_b",
               "complementary_b_to_a", "competing")  # fmt: skip
CAPS = {"scale_min_world_share": 1.0, "group_share_min": 1.0, "market_similarity_min": 100.0}


def pair_grid(params: PairParams, factors: Sequence[float] = FACTORS) -> list[tuple[str, PairParams]]:
    """The default, then each threshold alone scaled by each factor ≠ 1: (label, params)."""
    grid = [("default", params)]
    for name in PAIR_THRESHOLDS:
        for factor in sorted(f for f in factors if f != 1.0):
            value = min(scaled(getattr(params, name), factor, share=False), CAPS.get(name, float("inf")))
            if value != getattr(params, name):
                grid.append((f"{name}={value:g}", replace(params, **{name: value})))
    return grid


def pair_class_sensitivity(
    panel: ir.Table,
    overlap: ir.Table,
    dependence: ir.Table,
    *,
    a: str,
    b: str,
    params: PairParams | None = None,
    factors: Sequence[float] = FACTORS,
) -> tuple[ir.Table, ir.Table]:
    """Per (year, product, pair_class): the share of settings under which the class holds; per setting: counts.

    Inputs as :func:`coopscope.pair.classes.pair_sides` (the dependence flags stay at their own
    thresholds: vary them with :func:`indicators.sensitivity.dependence_sensitivity`). Returns
    (shares: year, product, pair_class, settings, held, share, default_holds, label;
    headline: year, setting, pair_class, products, setting_label).
    """
    grid = pair_grid(params or PairParams(), factors)
    runs = []
    for i, (_, p) in enumerate(grid):
        sides = pair_sides(panel, overlap, dependence, a=a, b=b, params=p)
        runs.append(sides.select("year", "product", setting=ibis.literal(i, "int64"),
                                 **{c: sides[f"is_{c}"] for c in CLASS_FLAGS}))  # fmt: skip
    settings = ibis.union(*runs, distinct=False)
    long = [settings.select("year", "product", "setting", pair_class=ibis.literal(c), holds=settings[c])
            for c in CLASS_FLAGS]  # fmt: skip
    shares = held_shares(long, ("year", "product", "pair_class"))
    union = ibis.union(*long, distinct=False)
    counts = union.group_by(["year", "setting", "pair_class"]).aggregate(products=union.holds.cast("int64").sum())
    labels = ibis.memtable({"setting": list(range(len(grid))), "setting_label": [g[0] for g in grid]})
    return shares, counts.join(labels, "setting")


@dataclass(frozen=True)
class RobustnessResult:
    """Materialised robustness tables of a pair in one year (see :func:`robustness`).

    ``dependence``: :func:`indicators.sensitivity.dependence_sensitivity` rows of a and b;
    ``dependence_headline``: dependent products per importer and setting; ``pair_classes`` and
    ``headline``: :func:`pair_class_sensitivity`.
    """

    a: str
    b: str
    year: int
    method: str
    dependence: pa.Table
    dependence_headline: pa.Table
    pair_classes: pa.Table
    headline: pa.Table
    synthetic: bool


def robustness(
    store: Store | Path | str,
    *,
    a: str = "KOR",
    b: str | None = "CHN",
    year: int | None = None,
    method: str = "geodep",
    suppliers: Sequence[str] = ADVANCED_SUPPLIERS,
    factors: Sequence[float] = FACTORS,
    pair_classes: bool = True,
    engine: str = "duckdb",
    con: ibis.BaseBackend | None = None,
) -> RobustnessResult:
    """Dependence (``method``) and pair-class robustness of ``a`` and ``b`` in ``year`` (default: latest).

    ``pair_classes=False`` computes the dependence grid only (``b`` may then be None: one
    importer); the pair-class tables are then empty.
    """
    store = store if isinstance(store, Store) else Store.open(store)
    a, b = a.strip().upper(), (b.strip().upper() if b else None)
    if b is None and pair_classes:
        raise OptionError("robustness: pair classes need two countries.", "pass b, or pair_classes=False.")
    importers = [a] if b is None else [a, b]
    to_iso3(importers, style="iso3", source="partners")
    years = store.years()
    year = int(year) if year is not None else (years[-1] if years else 0)
    if year not in years:
        raise StoreError(f"{store.root}: no trade data for {year}.", f"years present: {years or 'none'}.")
    con = con or connect(engine)
    window = [y for y in years if year - 2 <= y <= year]  # GeoDep's window is the year and the two before
    trade = store.trade(con, years=window)
    indicators = from_arrow(con, to_arrow(con, dependence_indicators(trade, importer=importers, suppliers=suppliers)))
    dep = to_arrow(con, dependence_sensitivity(indicators, method, factors=factors, years_present=window))
    dep = dep.filter(pc.equal(dep["year"], year))
    counts = dependence_headline(indicators, method, factors=factors, years_present=window)
    counts = to_arrow(con, counts.filter(counts.year == year))
    classes, headline = (None, None) if b is None or not pair_classes else _pair_grid(
        con, trade, indicators, a=a, b=b, year=year, window=window, method=method, factors=factors)  # fmt: skip
    return RobustnessResult(
        a=a, b=b or "", year=year, method=method,
        dependence=_sorted(dep, ["importer", "product"]),
        dependence_headline=_sorted(counts, ["importer", "setting"]),
        pair_classes=_sorted(classes, ["pair_class", "product"]) if classes is not None else _EMPTY_SHARES,
        headline=_sorted(headline, ["setting", "pair_class"]) if headline is not None else _EMPTY_HEADLINE,
        synthetic=store.is_synthetic(),
    )  # fmt: skip


def _pair_grid(
    con: ibis.BaseBackend, trade: ir.Table, indicators: ir.Table, *, a: str, b: str, year: int,
    window: Sequence[int], method: str, factors: Sequence[float],
) -> tuple[pa.Table, pa.Table]:  # fmt: skip
    """The pair-class shares and headline counts of ``year`` (:func:`pair_class_sensitivity`)."""
    flags = from_arrow(con, to_arrow(con, apply_methods(indicators, years_present=window)))
    panel = from_arrow(con, to_arrow(con, with_advantage(product_panel(trade, a=a, b=b))))
    overlap = destination_overlap(from_arrow(con, to_arrow(con, market_panel(trade, a=a, b=b))))
    shares, headline = pair_class_sensitivity(panel, overlap, flags, a=a, b=b, params=PairParams(method=method),
                                              factors=factors)  # fmt: skip
    return to_arrow(con, shares.filter(shares.year == year)), to_arrow(con, headline.filter(headline.year == year))


_EMPTY_SHARES = pa.table({"year": pa.array([], pa.int64()), "product": pa.array([], pa.string()),
                          "pair_class": pa.array([], pa.string()), "settings": pa.array([], pa.int64()),
                          "held": pa.array([], pa.int64()), "share": pa.array([], pa.float64()),
                          "default_holds": pa.array([], pa.bool_()), "label": pa.array([], pa.string())})  # fmt: skip
_EMPTY_HEADLINE = pa.table({"year": pa.array([], pa.int64()), "setting": pa.array([], pa.int64()),
                            "pair_class": pa.array([], pa.string()), "products": pa.array([], pa.int64()),
                            "setting_label": pa.array([], pa.string())})  # fmt: skip


def with_shares(rows: pa.Table, shares: pa.Table, keys: Sequence[str], names: dict[str, str]) -> pa.Table:
    """``rows`` (order kept) with the ``names`` columns of ``shares`` joined on ``keys``, renamed (null: no match).

    ``shares`` must have one row per key (the robustness tables do).
    """
    picked = shares.select([*keys, *names]).rename_columns([*keys, *names.values()])
    left = pa.table({k: rows[k].cast(picked[k].type) for k in keys})
    left = left.append_column("__row", pa.array(range(rows.num_rows), pa.int64()))
    joined = left.join(picked, list(keys), join_type="left outer").sort_by("__row")
    out = rows
    for name in names.values():
        out = out.append_column(name, joined[name])
    return out


def _sorted(table: pa.Table, keys: list[str]) -> pa.Table:
    return table.take(pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys]))
