"""Read the inputs of the what-if, opportunities and robustness sections (store and engine edge).

Each reader calls the library's own run function (:mod:`coopscope.pair.whatif_run`,
:mod:`coopscope.pair.opportunities_run`) or the robustness kernel
(:func:`coopscope.indicators.sensitivity.setting_flags`) on the store and connection the other
inputs were read with, and returns small Arrow tables. Definitions: METHODS.md §B2–§B4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.engine import from_arrow, to_arrow
from coopscope.errors import CoopscopeError
from coopscope.indicators.dependence_lenses import LENS_COLUMNS
from coopscope.indicators.sensitivity import FACTORS, setting_flags

LOSS_SUPPLIER = "JPN"
PRESET = "balanced"
SETTING_COLUMNS = ("rule", "setting", "setting_label", "importer", "product", "holds")
FLAG_COLUMNS = ("eu2021", "geodep", "kita_band", "kiet_class")


@dataclass(frozen=True)
class BeyondInputs:
    """What the three sections are built from.

    ``loss``: the supplier whose loss the what-if models (``None`` when no supplier outside the
    pair is left); ``whatif``: :class:`coopscope.pair.whatif_run.WhatIfResult` of a and b losing
    it; ``opportunities``: :class:`coopscope.pair.opportunities_run.OpportunitiesResult` (every
    candidate, preset :data:`PRESET`; None when complexity cannot be computed); ``settings``: the
    dependence flags of a and b in the report year under every threshold setting of each rule
    (:data:`SETTING_COLUMNS`), for the products whose shared-vulnerability status can depend on a
    rule; ``factors``: the grid's factors.
    """

    loss: str | None
    whatif: Any
    opportunities: Any
    settings: pa.Table
    factors: tuple[float, ...] = FACTORS


def loss_supplier(a: str, b: str, suppliers: Sequence[str], wanted: str = LOSS_SUPPLIER) -> str | None:
    """``wanted`` (Japan), or the first supplier of the group outside the pair when it is a partner."""
    for code in (wanted, *suppliers):
        if code not in (a, b):
            return code
    return None


def read_beyond(
    con: ibis.BaseBackend,
    store: Any,
    *,
    a: str,
    b: str,
    year: int,
    years: Sequence[int],
    suppliers: Sequence[str],
    dependence: pa.Table,
    rules: Sequence[str],
    to: str | None = None,
) -> BeyondInputs:
    """Run the what-if, the opportunities and the rule grids for the evidence on ``a`` and ``b``."""
    from coopscope.pair.opportunities_run import co_development
    from coopscope.pair.whatif_run import whatif

    loss = loss_supplier(a, b, suppliers)
    result = None
    if loss is not None:
        result = whatif(store, importers=[a, b], suppliers=[loss], year=year, con=con, to=to, top_alternatives=3)
    try:
        chances = co_development(store, a=a, b=b, year=year, preset=PRESET, top=None, con=con, to=to)
    except CoopscopeError:  # e.g. a world too small for complexity: the section says it was not computed
        chances = None
    settings = read_settings(con, dependence, a=a, b=b, year=year, years=years, rules=rules)
    return BeyondInputs(loss=loss, whatif=result, opportunities=chances, settings=settings)


def same_top_products(dependence: pa.Table, a: str, b: str, year: int) -> list[str]:
    """Products of ``year`` where a and b have the same largest supplier, a third country."""
    latest = dependence.filter(pc.equal(dependence["year"], year)).select(["importer", "product", "top_supplier"])
    top = {(r["importer"], r["product"]): r["top_supplier"] for r in latest.to_pylist()}
    return sorted(
        p
        for (importer, p), supplier in top.items()
        if importer == a and supplier not in (None, a, b) and top.get((b, p)) == supplier
    )


def read_settings(
    con: ibis.BaseBackend,
    dependence: pa.Table,
    *,
    a: str,
    b: str,
    year: int,
    years: Sequence[int],
    rules: Sequence[str],
    factors: Sequence[float] = FACTORS,
) -> pa.Table:
    """Every rule's flag under each of its threshold settings (METHODS.md §B4), report year only.

    Only the products where a and b have the same third-country top supplier are kept: only
    there can a rule's flag change whether a product is a shared vulnerability.
    """
    products = same_top_products(dependence, a, b, year)
    empty = pa.table({c: pa.array([], t) for c, t in _SETTING_TYPES.items()})
    if not products:
        return empty
    drop = [c for c in dependence.column_names if c in (*FLAG_COLUMNS, "description", *LENS_COLUMNS)]
    chosen = dependence.filter(pc.is_in(dependence["product"], pa.array(products))).drop_columns(drop)
    indicators = from_arrow(con, chosen)
    parts = [empty]
    for rule in rules:
        flags, labels = setting_flags(indicators, rule, factors=factors, years_present=list(years))
        rows = to_arrow(con, flags.filter(flags.year == year).select("setting", "importer", "product", "holds"))
        names = pa.array([labels[s] for s in rows["setting"].to_pylist()], pa.string())
        rule_col = pa.array([rule] * rows.num_rows, pa.string())
        parts.append(
            pa.table({"rule": rule_col, "setting": rows["setting"], "setting_label": names, **_rest(rows)}).cast(
                empty.schema
            )
        )
    return pa.concat_tables(parts)


_SETTING_TYPES = {
    "rule": pa.string(),
    "setting": pa.int64(),
    "setting_label": pa.string(),
    "importer": pa.string(),
    "product": pa.string(),
    "holds": pa.bool_(),
}


def _rest(rows: pa.Table) -> dict[str, pa.ChunkedArray]:
    return {c: rows[c] for c in ("importer", "product", "holds")}
