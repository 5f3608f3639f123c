"""Robustness of a finding: recompute a dependence flag over a grid of its thresholds.

Each threshold of a method is multiplied by every factor of ``factors`` (default 0.8, 1, 1.25;
shares capped at 1), all combinations; the flag is recomputed with the method's own public flag
function (:mod:`indicators.dependence_flags`) for each setting. Per product: the share of settings
under which it holds and a label: ``robust`` (share ≥ 0.8), ``fragile`` (0 < share < 0.8) or
``never``. Definitions: METHODS.md §B4. Lazy Ibis; runs on DuckDB and PySpark.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import ibis
import ibis.expr.types as ir

from coopscope.errors import OptionError
from coopscope.indicators.dependence_flags import eu2021_flags, geodep_flags, kiet_flags, kita_flags
from coopscope.indicators.dependence_methods import DependenceMethods, load_methods

FACTORS = (0.8, 1.0, 1.25)
ROBUST_SHARE = 0.8
KEYS = ("year", "importer", "product", "hs_revision")
# The thresholds varied per method (fields of its parameter class); value floors count as thresholds.
THRESHOLDS = {
    "eu2021": ("import_hhi_min", "foreign_import_share_min", "import_export_ratio_min"),
    "geodep": ("import_hhi_min", "world_export_hhi_min", "import_export_ratio_min"),
    "kita": ("bands", "min_import_value_usd"),
    "kiet": ("watch_share_min", "vulnerable_share_min", "min_import_value_usd"),
}
SHARES = {"import_hhi_min", "foreign_import_share_min", "world_export_hhi_min", "watch_share_min",
          "vulnerable_share_min", "bands"}  # fmt: skip


def scaled(value: Any, factor: float, *, share: bool) -> Any:
    """``value`` × ``factor`` (each band of a tuple), capped at 1 for shares."""
    if isinstance(value, tuple):
        return tuple(scaled(v, factor, share=share) for v in value)
    out = float(f"{value * factor:.12g}")  # 0.4 × 0.8 is 0.32, not 0.32000000000000006
    return min(out, 1.0) if share else out


def threshold_grid(params: Any, fields: Sequence[str], factors: Sequence[float] = FACTORS) -> list[tuple[str, Any]]:
    """Every combination of the ``fields`` scaled by ``factors``: (label, parameters), default first, no repeats.

    The label lists the values, e.g. ``import_hhi_min=0.32 import_export_ratio_min=1``.
    """
    settings: dict[str, Any] = {}
    ordered = sorted(factors, key=lambda f: (f != 1.0, f))  # the default setting first
    for combo in itertools.product(ordered, repeat=len(fields)):
        values = {f: scaled(getattr(params, f), k, share=f in SHARES) for f, k in zip(fields, combo, strict=True)}
        label = " ".join(f"{f}={_show(v)}" for f, v in values.items())
        settings.setdefault(label, replace(params, **values))
    return list(settings.items())


def _show(value: Any) -> str:
    return "/".join(f"{v:g}" for v in value) if isinstance(value, tuple) else f"{value:g}"


def _holds(method: str, years_present: Sequence[int] | None) -> Callable[[ir.Table, Any], ir.Table]:
    """The flag of ``method`` under one parameter set: KEYS + holds (null: GeoDep cannot decide yet)."""

    def holds(t: ir.Table, m: Any) -> ir.Table:
        if method == "eu2021":
            f = eu2021_flags(t, m)
            return f.select(*KEYS, holds=f.eu2021)
        if method == "geodep":
            f = geodep_flags(t, m, years_present)
            return f.select(*KEYS, holds=f.geodep)
        if method == "kita":
            f = kita_flags(t, m)
            return f.select(*KEYS, holds=f.kita_band.notnull())
        f = kiet_flags(t, m)
        return f.select(*KEYS, holds=f.kiet_class.notnull())

    return holds


def _setting_rows(
    indicators: ir.Table,
    method: str,
    methods: DependenceMethods | None,
    factors: Sequence[float],
    years_present: Sequence[int] | None,
) -> tuple[list[ir.Table], list[str]]:
    """One table per setting (KEYS, holds, setting; setting 0 = the default) and the settings' labels."""
    if method not in THRESHOLDS:
        raise OptionError(f"method: '{method}' has no threshold grid.", f"use one of {', '.join(THRESHOLDS)}.")
    base = getattr(methods or load_methods(), method)
    holds = _holds(method, years_present)
    grid = threshold_grid(base, THRESHOLDS[method], factors)
    parts = [holds(indicators, params).mutate(setting=ibis.literal(i, "int64")) for i, (_, params) in enumerate(grid)]
    return parts, [label for label, _ in grid]


def dependence_sensitivity(
    indicators: ir.Table,
    method: str,
    *,
    methods: DependenceMethods | None = None,
    factors: Sequence[float] = FACTORS,
    years_present: Sequence[int] | None = None,
) -> ir.Table:
    """Share of threshold settings under which each product is dependent by ``method``.

    Input: ``indicators.dependence.dependence_indicators`` (every year the GeoDep window needs).
    Output columns: year, importer, product, hs_revision, settings (settings that decide), held,
    share (held / settings), default_holds, label, method. Rows only where some setting decides.
    """
    parts, _ = _setting_rows(indicators, method, methods, factors, years_present)
    return held_shares(parts, KEYS).mutate(method=ibis.literal(method))


def dependence_headline(
    indicators: ir.Table,
    method: str,
    *,
    methods: DependenceMethods | None = None,
    factors: Sequence[float] = FACTORS,
    years_present: Sequence[int] | None = None,
) -> ir.Table:
    """How the number of dependent products moves over the grid: one row per year, importer and setting.

    Output columns: year, importer, setting (0 = the default), setting_label, products, method.
    """
    parts, labels = _setting_rows(indicators, method, methods, factors, years_present)
    t = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    counts = t.group_by(["year", "importer", "setting"]).aggregate(products=t.holds.cast("int64").sum().fill_null(0))
    names = ibis.memtable({"setting": list(range(len(labels))), "setting_label": labels})
    return counts.join(names, "setting").mutate(method=ibis.literal(method))


def setting_flags(
    indicators: ir.Table,
    method: str,
    *,
    methods: DependenceMethods | None = None,
    factors: Sequence[float] = FACTORS,
    years_present: Sequence[int] | None = None,
) -> tuple[ir.Table, list[str]]:
    """The flag of ``method`` under every setting of its grid, one row per setting and product.

    Output columns: year, importer, product, hs_revision, holds (null: cannot decide), setting
    (0 = the default); and the settings' labels in setting order.
    """
    parts, labels = _setting_rows(indicators, method, methods, factors, years_present)
    return (ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]), labels


def held_shares(parts: list[ir.Table], keys: Sequence[str]) -> ir.Table:
    """Aggregate per-setting rows (keys, setting, holds; setting 0 = the default) into shares and labels.

    Output columns: keys, settings, held, share, default_holds, label (robust, fragile or never).
    """
    t = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    g = t.group_by(list(keys)).aggregate(
        settings=t.holds.count(),
        held=t.holds.cast("int64").sum(),
        default_holds=t.holds.any(where=t.setting == 0).fill_null(False),
    )
    g = g.filter(g.settings > 0)
    share = g.held.cast("float64") / g.settings
    label = ibis.cases((share >= ROBUST_SHARE, "robust"), (share > 0, "fragile"), else_="never")
    return g.mutate(held=g.held.fill_null(0), share=share, label=label)
