"""Summaries of the dependence table.

Counts and values by method and any grouping, trends over the years (entered, left,
persistent) and the products whose dependence grew most.

Input everywhere: the table of :func:`coopscope.indicators.dependence.build_dependence` (or
:func:`~coopscope.indicators.dependence.apply_methods`). A product is dependent under

* ``eu2021`` / ``geodep`` when the flag is true (a null GeoDep flag is not counted),
* ``kita`` when it has a band, ``kiet`` when it has a class.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from coopscope.errors import OptionError
from coopscope.indicators.dependence_core import union_all
from coopscope.indicators.exact import exact_sum

METHODS = ("eu2021", "geodep", "kita", "kiet")
GROUPINGS = (
    "year",
    "importer",
    "supplier",
    "mpe_class",
    "tech_class",
    "ai_area",
    "kita_band",
    "kiet_class",
    "hs_revision",
)
_SUPPLIER = {"eu2021": "top_supplier", "geodep": "top_supplier", "kita": "kita_supplier", "kiet": "kiet_supplier"}


def dependent(t: ir.Table, method: str) -> ir.BooleanValue:
    """Whether each row is dependent under ``method`` (never null)."""
    check_method(method)
    if method == "kita":
        return t.kita_band.notnull()
    if method == "kiet":
        return t.kiet_class.notnull()
    return t[method].fill_null(False)


def decided_years(table: ir.Table, method: str) -> ir.Table:
    """Years in which ``method`` can decide at all; lazy. Output column: year.

    GeoDep needs its whole window (2 of the last 3 years), so its first years in a store are
    undecided (null) and must not be read as "not dependent". The other methods decide every year.
    """
    check_method(method)
    if method not in ("geodep", "eu2021"):
        return table.select("year").distinct()
    return table.filter(table[method].notnull()).select("year").distinct()


def check_method(method: str) -> None:
    """An OptionError unless ``method`` is one of :data:`METHODS`."""
    if method not in METHODS:
        raise OptionError(f"method: '{method}' is not a dependence method.", f"use one of: {', '.join(METHODS)}.")


def summarise(table: ir.Table, by: Sequence[str] = ("year", "importer"), methods: Sequence[str] = METHODS) -> ir.Table:
    """Counts and import values of dependent products per method and grouping; lazy.

    ``by`` takes columns of :data:`GROUPINGS`: ``supplier`` is the supplier each method names
    (top supplier for eu2021/geodep, kita_supplier, kiet_supplier); ``ai_area`` splits the
    ';'-joined ai_areas so a product counts once per area. Output columns: *by, method,
    n_products (dependent rows of the group), import_value_usd (their foreign imports).
    """
    unknown = [c for c in by if c not in GROUPINGS]
    if unknown:
        raise OptionError(f"by: unknown grouping(s) {', '.join(unknown)}.", f"use some of: {', '.join(GROUPINGS)}.")
    plain = [c for c in by if c not in ("supplier", "ai_area")]
    parts = []
    for method in methods:
        rows = table.filter(dependent(table, method))
        parts.append(
            rows.select(
                *plain, "ai_areas", "import_value_usd", method=ibis.literal(method), supplier=rows[_SUPPLIER[method]]
            )
        )
    rows = union_all(parts)
    if "ai_area" in by:
        rows = rows.mutate(ai_area=rows.ai_areas.split(";")).unnest("ai_area")
        rows = rows.filter(rows.ai_area.notnull() & (rows.ai_area != ""))
    out = rows.group_by([*by, "method"]).aggregate(
        n_products=rows.count(), import_value_usd=exact_sum(rows.import_value_usd)
    )
    return out.order_by([*by, "method"])


def dependence_trends(table: ir.Table, *, method: str) -> ir.Table:
    """Products entering, leaving and staying dependent from one year to the next; lazy.

    Output columns: year, importer, method, dependent (count this year), entered (dependent
    now, not the year before), left (dependent the year before, not now) and persistent (both).
    Only years whose previous year is in the table, and both decided (:func:`decided_years`), are reported.
    """
    keys = ("importer", "product", "hs_revision")
    now = table.filter(dependent(table, method)).select("year", *keys)
    before = now.mutate(year=now.year + 1)
    stacked = union_all([now.mutate(is_now=1, was=0), before.mutate(is_now=0, was=1)])
    state = stacked.group_by(["year", *keys]).aggregate(is_now=stacked.is_now.max(), was=stacked.was.max())
    years = decided_years(table, method)  # an undecided year is neither "entered" nor "left"
    previous = years.select(previous=years.year + 1)
    both_years = years.join(previous, years.year == previous.previous).select("year")
    state = state.join(both_years, "year")
    out = state.group_by(["year", "importer"]).aggregate(
        dependent=state.is_now.sum(),
        entered=((state.is_now == 1) & (state.was == 0)).sum(),
        left=((state.is_now == 0) & (state.was == 1)).sum(),
        persistent=((state.is_now == 1) & (state.was == 1)).sum(),
    )
    return out.mutate(method=ibis.literal(method)).order_by(["importer", "year"])


def dependence_growth(
    table: ir.Table, *, since: int, until: int, measure: str = "top_supplier_share", top: int = 20
) -> ir.Table:
    """The (importer, product) pairs whose ``measure`` grew most from ``since`` to ``until``; lazy.

    ``measure`` is a numeric column such as top_supplier_share, hhi or group_share; a product
    not imported in ``since`` starts from 0. Output columns: importer, product, hs_revision,
    top_supplier (in ``until``), measure, value_since, value_until, change; largest change first,
    ties by importer and product; at most ``top`` rows per importer.
    """
    if measure not in table.columns or not table[measure].type().is_numeric():
        raise OptionError(
            f"measure: '{measure}' is not a numeric column of the dependence table.",
            "use e.g. top_supplier_share, hhi or group_share.",
        )
    keys = ["importer", "product", "hs_revision"]
    first = table.filter(table.year == since).select(*keys, value_since=table[measure])
    last = table.filter(table.year == until).select(*keys, "top_supplier", value_until=table[measure])
    joined = last.left_join(first, keys).select(*keys, "top_supplier", "value_until", "value_since")
    joined = joined.mutate(value_since=joined.value_since.fill_null(0.0), measure=ibis.literal(measure))
    joined = joined.mutate(change=joined.value_until - joined.value_since)
    rank = ibis.row_number().over(group_by="importer", order_by=[ibis.desc("change"), "product"])
    ranked = joined.mutate(rank=rank).filter(ibis._["rank"] < top)
    cols = [*keys, "top_supplier", "measure", "value_since", "value_until", "change"]
    return ranked.select(*cols).order_by(["importer", ibis.desc("change"), "product"])


def filter_dependence(
    table: ir.Table,
    *,
    importer: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    method: str | None = None,
    area: str | None = None,
    mpe_class: str | None = None,
    tech_class: str | None = None,
) -> ir.Table:
    """The rows of a dependence table that pass every given filter, largest imports first.

    Filters (all optional): importers, years, dependent under ``method``, in AI area ``area``
    (one of the ';'-joined ai_areas), materials/parts/equipment class and technology class.
    """
    if importer:
        table = table.filter(table.importer.isin(list(importer)))
    if years:
        table = table.filter(table.year.isin([int(y) for y in years]))
    if method:
        table = table.filter(dependent(table, method))
    if area:
        wrapped = ibis.literal(";").concat(table.ai_areas.fill_null(""), ibis.literal(";"))
        table = table.filter(wrapped.contains(f";{area};"))
    if mpe_class:
        table = table.filter(table.mpe_class == mpe_class)
    if tech_class:
        table = table.filter(table.tech_class == tech_class)
    return table.order_by(["year", "importer", ibis.desc("import_value_usd"), "product"])
