"""Concentration kernels: shares, the Herfindahl–Hirschman index and the top-k units of a group.

All functions take and return lazy Ibis tables and run unchanged on DuckDB and PySpark.
The HHI is the un-normalised ``H = Σ s²`` on the 0–1 scale used by the European Commission,
CEPII GeoDep and Japan's trade white paper (METHODS.md §3.2); ``1/n ≤ H ≤ max s ≤ 1``.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from coopscope.indicators.exact import exact_square_sum, exact_sum


def left_join(left: ir.Table, right: ir.Table, keys: Sequence[str]) -> ir.Table:
    """``left`` LEFT JOIN ``right`` on equal ``keys``, keeping one copy of the keys.

    Output columns: every column of ``left``, then ``right``'s non-key columns.
    """
    joined = left.left_join(right, list(keys))
    extra = [c for c in right.columns if c not in keys]
    return joined.select(*[joined[c] for c in left.columns], *[joined[c] for c in extra])


def shares(values: ir.Table, *, by: Sequence[str], unit: str, value: str = "value_usd") -> ir.Table:
    """Each unit's share of its group's total.

    Input columns: *by, unit, value (one row per group and unit; rows of value 0 are allowed
    only in groups whose total is positive). Output: the input columns plus ``share``; the shares
    of each group sum to 1.
    """
    total = exact_sum(values[value]).over(ibis.window(group_by=[values[c] for c in by]))
    return values.mutate(share=values[value] / total)


def herfindahl(values: ir.Table, *, by: Sequence[str], value: str = "value_usd") -> ir.Table:
    """Herfindahl–Hirschman index of the units' values within each group, on the 0–1 scale.

    Input columns: *by, value (one row per unit; at least one positive value per group).
    Output columns: *by, ``hhi``, ``total`` (sum of values), ``n_units`` (units with value > 0).
    Computed as ``Σ v² / (Σ v)²``, which equals ``Σ s²`` with ``s = v / Σ v`` (METHODS.md §3.2); both
    sums are exact (:mod:`coopscope.indicators.exact`), so the result does not depend on row order.
    """
    v = values[value]
    grouped = values.group_by(list(by)).aggregate(
        total=exact_sum(v), sum_squares=exact_square_sum(v), n_units=v.count(where=v > 0)
    )
    return grouped.select(*by, "total", "n_units", hhi=grouped.sum_squares / (grouped.total * grouped.total))


def top_k_ranks(
    values: ir.Table, *, by: Sequence[str], unit: str, value: str = "value_usd", last: Sequence[ir.Value] = ()
) -> ir.Value:
    """A 0-based rank of each unit within its group: largest value first, ties by unit code.

    ``last`` are boolean expressions sorted ascending before the value, to push rows (e.g.
    intra-bloc flows) behind all others. The tie rule makes the rank the same on every engine.
    """
    order = [*list(last), ibis.desc(values[value]), ibis.asc(values[unit])]
    return ibis.row_number().over(ibis.window(group_by=[values[c] for c in by], order_by=order))
