"""The named dependence methods as flags on the indicator table, each with the criteria behind it.

``eu2021`` (EC SWD(2021) 352, METHODS.md §1.2), ``geodep`` (CEPII GeoDep, §1.4), ``kita``
(KITA/MOTIE top-supplier bands, §2.1) and ``kiet`` (KIET watch/vulnerable items, §2.2). The
thresholds come from a :class:`~coopscope.indicators.dependence_methods.DependenceMethods`.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from coopscope.indicators.concentration import left_join
from coopscope.indicators.dependence_core import KEYS, union_all
from coopscope.indicators.dependence_methods import DependenceMethods, Eu2021, GeoDep, Kiet, Kita

FLAG_COLUMNS = ("eu2021", "geodep", "kita_band", "kiet_class")
CRITERIA_COLUMNS = (
    "eu2021_c1",
    "eu2021_c2",
    "eu2021_c3",
    "geodep_c1",
    "geodep_c2",
    "geodep_c3",
    "geodep_met",
    "geodep_years_met",
    "geodep_years_observed",
    "kita_supplier",
    "kiet_supplier",
)


def _ratio_exceeds(t: ir.Table, minimum: float) -> ir.BooleanValue:
    # Exports of zero make the ratio infinite (CEPII codes it 9999): the criterion holds.
    return (t.export_value_usd == 0) | (t.import_export_ratio > minimum).fill_null(False)


def eu2021_flags(t: ir.Table, m: Eu2021) -> ir.Table:
    """EC criteria: c1 hhi > min, c2 foreign_import_share > min, c3 imports/exports > min; eu2021 = all.

    Input columns: hhi, foreign_import_share, import_export_ratio, export_value_usd.
    Output: the input plus eu2021_c1, eu2021_c2, eu2021_c3, eu2021 (booleans, never null).
    """
    t = t.mutate(
        eu2021_c1=(t.hhi > m.import_hhi_min).fill_null(False),
        eu2021_c2=(t.foreign_import_share > m.foreign_import_share_min).fill_null(False),
        eu2021_c3=_ratio_exceeds(t, m.import_export_ratio_min),
    )
    return t.mutate(eu2021=t.eu2021_c1 & t.eu2021_c2 & t.eu2021_c3)


def geodep_flags(
    t: ir.Table, m: GeoDep, years_present: Sequence[int] | None = None, earlier_met: ir.Table | None = None
) -> ir.Table:
    """CEPII C1–C3 per year, then C4: met in at least ``min_years_met`` of the last ``window_years``.

    Adds geodep_c1..c3, geodep_met (C1–C3 this year), geodep_years_met (years of the window,
    this one included, in which the importer imported the product and C1–C3 held),
    geodep_years_observed (years of the window present in the data: ``years_present``, by
    default the years of ``t``) and ``geodep``: true when enough years are met, false when they
    can no longer be, null when years the data lack could still decide it (e.g. a series' start).

    ``earlier_met`` lets years be flagged one at a time: the number of earlier years of the
    window in which each key met C1–C3 (columns year, importer, product, hs_revision,
    earlier_years_met, from :func:`earlier_years_met`). It replaces the window over ``t``; rows
    of ``t`` of other years than ``earlier_met``'s count no earlier years, so pass ``t`` of that
    one year.
    """
    t = t.mutate(
        geodep_c1=(t.hhi > m.import_hhi_min).fill_null(False),
        geodep_c2=(t.world_export_hhi > m.world_export_hhi_min).fill_null(False),
        geodep_c3=_ratio_exceeds(t, m.import_export_ratio_min),
    )
    t = t.mutate(geodep_met=t.geodep_c1 & t.geodep_c2 & t.geodep_c3)
    t = _with_years_met(t, m.window_years, years_present, earlier_met)
    t = _with_years_observed(t, m.window_years, years_present)
    missing = m.window_years - t.geodep_years_observed
    flag = ibis.cases(
        (t.geodep_years_met >= m.min_years_met, True),
        (t.geodep_years_met + missing < m.min_years_met, False),
        else_=ibis.null("boolean"),
    )
    return t.mutate(geodep=flag)


def _with_years_met(
    t: ir.Table, window: int, years_present: Sequence[int] | None, earlier_met: ir.Table | None
) -> ir.Table:
    met = t.geodep_met.cast("int64")
    if earlier_met is not None:
        joined = left_join(t, earlier_met, KEYS)
        return joined.mutate(geodep_years_met=met + joined.earlier_years_met.fill_null(0)).drop("earlier_years_met")
    # One year of data needs no window (and a window costs a sort of the whole table).
    if years_present is not None and len(set(years_present)) == 1:
        return t.mutate(geodep_years_met=met)
    # A range frame over the year counts met years in [year - window + 1, year]; absent years add 0.
    frame = ibis.window(group_by=[t[k] for k in KEYS if k != "year"], order_by=t.year, range=(1 - window, 0))
    return t.mutate(geodep_years_met=met.sum().over(frame))


def earlier_years_met(flagged: ir.Table, year: int, window: int) -> ir.Table:
    """How many of the ``window - 1`` years before ``year`` each key met C1–C3 in.

    Input: flagged tables of any years (columns year, importer, product, hs_revision,
    geodep_met); only the years ``year - window + 1 … year - 1`` count. Output columns: year
    (= ``year``), importer, product, hs_revision, earlier_years_met — the ``earlier_met`` argument
    of :func:`geodep_flags`.
    """
    keys = [k for k in KEYS if k != "year"]
    inside = flagged.filter((flagged.year > year - window) & (flagged.year < year) & flagged.geodep_met)
    counted = inside.group_by(keys).aggregate(earlier_years_met=inside.count())
    return counted.select(
        year=ibis.literal(year, "int64"), **{k: counted[k] for k in keys}, earlier_years_met=counted.earlier_years_met
    )


def _with_years_observed(t: ir.Table, window: int, years_present: Sequence[int] | None) -> ir.Table:
    if years_present is None:
        # Lazy fallback: the years of the table itself (re-reads the table on engines without CTE reuse).
        years = t.select("year").distinct()
        shifted = union_all([years.mutate(year=years.year + k) for k in range(window)])
        counts = shifted.group_by("year").aggregate(geodep_years_observed=shifted.count())
        return left_join(t, counts, ("year",))
    present = sorted({int(y) for y in years_present})
    cases = [(t.year == y, sum(1 for p in present if y - window < p <= y)) for y in present]
    observed = ibis.cases(*cases, else_=0) if cases else ibis.literal(0)
    return t.mutate(geodep_years_observed=observed.cast("int64"))


def kita_flags(t: ir.Table, m: Kita) -> ir.Table:
    """KITA/MOTIE band: the highest band the top supplier's share reaches (``>=``) above the floor.

    Input columns: top_supplier, top_supplier_share, import_value_usd. Adds kita_band (a share
    such as 0.8, null below the lowest band or the floor) and kita_supplier (the top supplier).
    """
    eligible = t.import_value_usd >= m.min_import_value_usd
    cases = [(eligible & (t.top_supplier_share >= band), band) for band in sorted(m.bands, reverse=True)]
    band = ibis.cases(*cases, else_=ibis.null("float64"))
    t = t.mutate(kita_band=band)
    return t.mutate(kita_supplier=ibis.ifelse(t.kita_band.notnull(), t.top_supplier, ibis.null("string")))


def kiet_flags(t: ir.Table, m: Kiet) -> ir.Table:
    """KIET classes: ``watch`` and ``vulnerable`` items.

    ``watch`` = trade deficit with the world and top share >= watch_share_min; ``vulnerable`` =
    a watch item with top share >= vulnerable_share_min.

    Input columns: trade_balance_usd, top_supplier, top_supplier_share, import_value_usd. Adds
    kiet_class and kiet_supplier (the supplier the item depends on). Shares of 0.5 or more are
    held by the top supplier; in an exact 50/50 tie it is the supplier whose code sorts first.
    """
    watch = (
        (t.trade_balance_usd < 0)
        & (t.top_supplier_share >= m.watch_share_min)
        & (t.import_value_usd >= m.min_import_value_usd)
    ).fill_null(False)
    vulnerable = watch & (t.top_supplier_share >= m.vulnerable_share_min)
    kind = ibis.cases((vulnerable, "vulnerable"), (watch, "watch"), else_=ibis.null("string"))
    t = t.mutate(kiet_class=kind)
    return t.mutate(kiet_supplier=ibis.ifelse(t.kiet_class.notnull(), t.top_supplier, ibis.null("string")))


def flag_all(
    t: ir.Table,
    methods: DependenceMethods,
    years_present: Sequence[int] | None = None,
    earlier_met: ir.Table | None = None,
) -> ir.Table:
    """Every method's flags and criteria on an indicator table (see the functions above)."""
    t = eu2021_flags(t, methods.eu2021)
    t = geodep_flags(t, methods.geodep, years_present, earlier_met)
    t = kita_flags(t, methods.kita)
    return kiet_flags(t, methods.kiet)
