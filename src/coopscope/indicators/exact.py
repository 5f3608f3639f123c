"""Order-independent sums: the same rows give the same bits, whatever order the engine adds them in.

DuckDB adds floating-point numbers on several threads and Spark on several partitions, then
merges the partial sums in whatever order they finish; float addition is not associative, so the
last digits of a float ``sum`` change from run to run. Every sum that reaches a built or reported
figure goes through :func:`exact_sum` instead (METHODS.md §6.7): each addend is scaled by a power
of two (exact in binary), rounded to an integer and summed as ``DECIMAL(38, 0)``. Integer addition
is exact and associative, so the total does not depend on the order; it is turned back into a
float once. Both DuckDB (128-bit integers) and Spark (``BigDecimal``) sum ``DECIMAL(38, 0)``.

The scale fixes the resolution and the range (a ``DECIMAL(38, 0)`` holds up to 10³⁸ ≈ 2¹²⁶):

=============  ======  ===================  ====================================================
addends        bits    resolution           largest total
=============  ======  ===================  ====================================================
USD values     52      2⁻⁵² ≈ 2.2e-16 USD   2⁷⁴ ≈ 1.9e22 USD; a value ≥ 1 USD is added exactly
squared USD    40      2⁻⁴⁰ ≈ 9.1e-13 USD²  2⁸⁶ ≈ 7.7e25 USD² (an HHI's Σ v² with Σ v ≤ 8.8e12)
shares (0–1)   100     2⁻¹⁰⁰ ≈ 7.9e-31     2²⁶ ≈ 6.7e7
=============  ======  ===================  ====================================================
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

USD_BITS = 52
SQUARE_BITS = 40
SHARE_BITS = 100
_INTEGER = dt.Decimal(38, 0)


def exact_sum(
    value: ir.NumericValue, *, where: ir.BooleanValue | None = None, bits: int = USD_BITS
) -> ir.FloatingValue:
    """The sum of ``value`` (optionally of the rows where ``where`` holds) as float64, order-free.

    Each addend is rounded to a multiple of ``2**-bits`` (see the module docstring for the
    resolution and range of :data:`USD_BITS`, :data:`SQUARE_BITS` and :data:`SHARE_BITS`), the
    integers are summed exactly and the total is scaled back. Null addends are skipped and the
    sum of no rows is null, as SQL's ``sum``. A reduction: use it in ``aggregate`` or ``over``.
    """
    scaled = (value.cast("float64") * ibis.literal(float(2**bits))).cast(_INTEGER)
    return scaled.sum(where=where).cast("float64") * ibis.literal(2.0**-bits)


def exact_mean(value: ir.NumericValue, *, where: ir.BooleanValue | None = None) -> ir.FloatingValue:
    """The mean of ``value`` from :func:`exact_sum` and the count of non-null addends; order-free."""
    count = value.count(where=where)
    return exact_sum(value, where=where) / count.cast("float64").nullif(0.0)


def exact_square_sum(value: ir.NumericValue, *, where: ir.BooleanValue | None = None) -> ir.FloatingValue:
    """``Σ value²`` (e.g. an HHI's numerator), order-free at :data:`SQUARE_BITS`."""
    return exact_sum(value * value, where=where, bits=SQUARE_BITS)


def exact_share(value: ir.NumericValue, peak: ir.NumericValue, *, group_by: Sequence[str]) -> ir.FloatingValue:
    """``value / Σ value`` over the rows of each ``group_by`` group (a window); order-free.

    ``peak`` is a column holding the group's largest value (e.g. ``value.max().over(…)``, added
    by an earlier ``mutate``: windows do not nest). The values (≥ 0) are divided by it, so the
    sum runs on numbers in [0, 1] at :data:`SHARE_BITS` and keeps its precision at any magnitude,
    even for values far below a dollar. Null where the group's total is zero.
    """
    unit = value / peak.nullif(0.0)
    return unit / exact_sum(unit, bits=SHARE_BITS).over(ibis.window(group_by=list(group_by))).nullif(0.0)


def exact_total(value: ir.NumericValue, peak: ir.NumericValue) -> ir.FloatingValue:
    """``Σ value`` of a group whose largest value is ``peak`` (a column constant in the group); order-free.

    A reduction like :func:`exact_sum`, exact at any magnitude: the sum runs on ``value / peak``
    in [0, 1] and is scaled back once. Zero when ``peak`` is zero (every value is zero) or null.
    """
    return (exact_sum(value / peak.nullif(0.0), bits=SHARE_BITS) * peak.max()).fill_null(0.0)
