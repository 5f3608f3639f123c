"""Complementarity and competition kernels: RCA, TCI, ESI, Grubel–Lloyd and trade intensity.

Definitions follow METHODS.md §3.2 (WITS "Trade Indicators"): Balassa (1965) revealed comparative
advantage, Michaely (1996) trade complementarity, Finger & Kreinin (1979) export similarity,
Grubel & Lloyd (1975) intra-industry trade and the trade intensity index.

Every kernel takes a lazy Ibis *panel*: one row per (``*by``, item) — the item is usually an HS6
product, for the destination similarity it is a market — with value columns in US dollars that
hold zero where a country did not trade the item (nulls are read as zero). Shares are taken
within each ``by`` group, so an index computed with ``by=("year", "group")`` is the index over
the products of that group. A kernel returns a lazy table with one row per ``by`` group (or per
row, for the per-product forms); an index whose denominator is zero is null, never 0 or 100.
Every sum is exact and order-free (METHODS.md §6.7): the same panel gives the same bits.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from coopscope.indicators.exact import SHARE_BITS, exact_share, exact_sum, exact_total


def _value(panel: ibis.Table, column: str) -> ir.FloatingValue:
    # Spark turns a null loaded from pandas into NaN; both mean "no trade" here.
    value = panel[column].cast("float64")
    return ibis.ifelse(value.isnull() | value.isnan(), 0.0, value)


def _with_shares(panel: ibis.Table, columns: dict[str, str], by: Sequence[str]) -> ibis.Table:
    """``panel`` with a column ``name`` holding each row's share of ``column`` in its group (exact sums)."""
    peaks = {f"_peak{name}": _value(panel, column).max().over(group_by=list(by)) for name, column in columns.items()}
    t = panel.mutate(**peaks)
    shares = {name: exact_share(_value(t, column), t[f"_peak{name}"], group_by=by) for name, column in columns.items()}
    return t.mutate(**shares).drop(*peaks)


def balassa_rca(panel: ibis.Table, *, exports: str, world: str, by: Sequence[str], name: str = "rca") -> ibis.Table:
    """Balassa revealed comparative advantage of one country, per row (METHODS.md §3.2).

    ``RCA_ik = (X_ik / X_i) / (X_wk / X_w)`` with the totals taken over the rows of each ``by`` group.
    Input columns: *by, product, <exports> (X_ik, USD), <world> (X_wk, USD).
    Output: the panel with an added column <name>; null where X_i or X_wk is zero. The same kernel
    on import columns gives the revealed import intensity used for "import demand".
    """
    t = _with_shares(panel, {"_xs": exports, "_ws": world}, by)
    return t.mutate(**{name: t._xs / t._ws.nullif(0.0)}).drop("_xs", "_ws")


def _within_0_100(t: ibis.Table) -> ir.FloatingValue:
    """Clip the TCI to its range: shares summing to 1 leave rounding residues such as -2e-14."""
    return t.tci.clip(lower=0.0, upper=100.0)


def trade_complementarity(panel: ibis.Table, *, exports: str, imports: str, by: Sequence[str]) -> ibis.Table:
    """Michaely (1996) trade complementarity index of i's exports with j's imports.

    ``TC_ij = 100 * (1 − Σ_k |m_k^j − x_k^i| / 2)``, x = share of k in i's exports to the world,
    m = share of k in j's imports from the world (METHODS.md §3.2).
    Input columns: *by, product, <exports> (USD), <imports> (USD).
    Output columns: *by, tci (0–100; null when either side has no trade in the group).
    """
    t = _with_shares(panel, {"_x": exports, "_m": imports}, by)
    tci = 100.0 * (1.0 - exact_sum((t._m - t._x).abs(), bits=SHARE_BITS) / 2.0)
    return t.group_by(list(by)).aggregate(tci=tci).mutate(tci=_within_0_100)


def export_similarity(panel: ibis.Table, *, a: str, b: str, by: Sequence[str], name: str = "esi") -> ibis.Table:
    """Finger & Kreinin (1979) export similarity index of a and b (in one market, or the world).

    ``ES_ab = 100 * Σ_k min(x_k^a, x_k^b)``, x = share of item k in each country's exports to the
    market (METHODS.md §3.2). Its value depends on the HS level; coopscope reports it at HS6.
    Input columns: *by, item (product, or market for a destination similarity), <a> (USD), <b> (USD).
    Output columns: *by, <name> (0–100; null when either side exports nothing in the group).
    """
    t = _with_shares(panel, {"_a": a, "_b": b}, by)
    # min(a, b) written out so that a null share stays null (SQL LEAST skips nulls on some engines)
    smaller = (t._a + t._b - (t._a - t._b).abs()) / 2.0
    grouped = t.group_by(list(by)).aggregate(**{name: 100.0 * exact_sum(smaller, bits=SHARE_BITS)})
    return grouped.mutate(**{name: lambda g: g[name].clip(lower=0.0, upper=100.0)})


def grubel_lloyd_products(panel: ibis.Table, *, exports: str, imports: str, name: str = "gl") -> ibis.Table:
    """Grubel–Lloyd index of intra-industry trade per row: ``GL_k = 1 − |X_k − M_k| / (X_k + M_k)``.

    Input columns: <exports> (X_k, USD), <imports> (M_k, USD) — for a pair, the bilateral flows
    a→b and b→a. Output: the panel with <name> in [0, 1]; null where X_k + M_k = 0 (METHODS.md §3.2).
    """
    x, m = _value(panel, exports), _value(panel, imports)
    return panel.mutate(**{name: 1.0 - (x - m).abs() / (x + m).nullif(0.0)})


def grubel_lloyd(panel: ibis.Table, *, exports: str, imports: str, by: Sequence[str], name: str = "gl") -> ibis.Table:
    """Trade-weighted Grubel–Lloyd index: ``GL = 1 − Σ_k |X_k − M_k| / Σ_k (X_k + M_k)``.

    Input columns: *by, product, <exports>, <imports> (USD). Output columns: *by, <name> in [0, 1];
    null when the group has no trade at all (METHODS.md §3.2).
    """
    x, m = _value(panel, exports), _value(panel, imports)
    t = panel.mutate(_gap=(x - m).abs(), _total=x + m)
    t = t.mutate(_peak=t._total.max().over(group_by=list(by)))
    gap, total = exact_total(t._gap, t._peak), exact_total(t._total, t._peak)
    return t.group_by(list(by)).aggregate(**{name: 1.0 - gap / total.nullif(0.0)})


def trade_intensity(
    panel: ibis.Table,
    *,
    bilateral: str,
    exporter_total: str,
    importer_total: str,
    world_total: str,
    by: Sequence[str],
    name: str = "tii",
) -> ibis.Table:
    """Trade intensity index of i's exports to j: ``TII_ij = (x_ij / X_i) / (x_wj / X_w)``.

    Input columns per product: *by, product, <bilateral> (x_ij: i's exports to j), <exporter_total>
    (X_i: i's exports to the world), <importer_total> (x_wj: the world's exports to j, i.e. j's
    imports), <world_total> (X_w: world exports), all USD. Sums run over the products of each group.
    Output columns: *by, <name> (above 1 = more intense than j's weight in world trade; null when
    a denominator is zero) (METHODS.md §3.2).
    """
    t = panel.mutate(
        _xij=_value(panel, bilateral),
        _xi=_value(panel, exporter_total),
        _xwj=_value(panel, importer_total),
        _xw=_value(panel, world_total),
    )
    columns = ("_xij", "_xi", "_xwj", "_xw")
    t = t.mutate(**{f"{c}_peak": t[c].max().over(group_by=list(by)) for c in columns})
    agg = t.group_by(list(by)).aggregate(**{c: exact_total(t[c], t[f"{c}_peak"]) for c in columns})
    ratio = (agg._xij / agg._xi.nullif(0.0)) / (agg._xwj / agg._xw.nullif(0.0)).nullif(0.0)
    return agg.select(*by, **{name: ratio})
