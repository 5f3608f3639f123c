"""``dependence``: import dependence per importer, HS6 product and year (METHODS.md §1–§3, §6.1).

Uses the store's built ``dependence`` table when it answers the question (same basis, the
default supplier group and method file, no conversion, country importers), else computes from
the flows: the years asked for plus the GeoDep window before them (``window_years`` of the
method file, METHODS.md §1.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from coopscope.api.common import check_area, choose_years, split_class, trade_input, with_descriptions
from coopscope.api.result import Result, make_notes
from coopscope.api.workspace import Workspace, workspace
from coopscope.classify.convert import convert_trade
from coopscope.classify.countries import ADVANCED, resolve_countries
from coopscope.engine import connect, to_arrow
from coopscope.errors import OptionError, StoreError
from coopscope.indicators.dependence import build_dependence, load_methods, summarise
from coopscope.indicators.dependence_core import union_all
from coopscope.indicators.dependence_summary import (
    GROUPINGS,
    METHODS,
    dependence_growth,
    dependence_trends,
    filter_dependence,
)
from coopscope.options import DataBasis, DependenceMethod, EngineName, HsRevision, check_option


def dependence(
    store: Workspace | Path | str | None = None,
    *,
    importer: str | Sequence[str] | None = None,
    year: int | str | Sequence[int] | None = None,
    years: int | str | Sequence[int] | None = None,
    method: DependenceMethod | None = None,
    suppliers: str | Sequence[str] = ADVANCED,
    product_class: str | None = None,
    area: str | None = None,
    methods_file: Path | str | None = None,
    summary: str | Sequence[str] | None = None,
    trends: bool = False,
    grew: str | None = None,
    basis: DataBasis | None = None,
    to: HsRevision | None = None,
    trade: Any = None,
    engine: EngineName | None = None,
) -> Result:
    """Import dependence of ``importer`` (ISO3, number or name; a group such as EU27 is a bloc).

    Reads the store (``store=``) or a canonical trade table (``trade=``, Arrow/pandas/Polars:
    year, exporter, importer, product, hs_revision, value_usd[, quantity_t]).
    ``year``/``years``: 2022, "2019-2022" or "2019,2021" (default: the latest; every year for
    ``trends``/``grew``). ``method`` keeps only products dependent under it (rows view).
    ``product_class``: a 소재·부품·장비 or technology class; ``area``: an AI area.

    Views (one at a time): rows — the columns of :mod:`coopscope.indicators.dependence` plus
    ``description`` after ``product``; ``summary`` (groupings from GROUPINGS) — *by, method,
    n_products, import_value_usd; ``trends`` — year, importer, method, dependent, entered,
    left, persistent; ``grew`` (a numeric column) — importer, product, hs_revision,
    top_supplier, measure, value_since, value_until, change. METHODS.md §1–§3.
    """
    importers = resolve_countries(importer, option="importer", groups=True) if importer else []
    codes = tuple(resolve_countries(suppliers, option="suppliers"))
    if method is not None:
        check_option("method", method, DependenceMethod)
    mpe_class, tech_class = split_class(product_class)
    by = _groupings(summary)
    methods = load_methods(methods_file)
    every = trends or grew is not None
    con, ws, flows, present, chosen_basis, synthetic = _source(store, trade, engine, basis, to)
    wanted = choose_years(year if year is not None else years, present, every=every)
    notes: list[str] = []
    table = _table(
        con, ws, flows, importers, wanted, codes, methods_file, to, chosen_basis, methods.geodep.window_years, notes
    )
    rows_view = not (by or every)
    table = filter_dependence(
        table,
        importer=importers or None,
        years=wanted,
        method=method if rows_view else None,
        area=check_area(area),
        mpe_class=mpe_class,
        tech_class=tech_class,
    )
    out = to_arrow(con, _view(table, by, trends, grew, method, wanted))
    if out.num_rows == 0 and importers and not (method or area or product_class):
        _no_rows(con, flows if ws is None else ws.store.trade(con, years=wanted, basis=chosen_basis or "reconciled"),
                 importers, wanted)  # fmt: skip
    if rows_view:
        out = with_descriptions(out, to)
    params = {
        "importer": importers, "years": wanted, "method": method, "suppliers": list(codes),
        "product_class": product_class, "area": area, "methods_file": str(methods_file or methods.location),
        "window_years": methods.geodep.window_years, "summary": by, "trends": trends, "grew": grew,
        "basis": chosen_basis, "to": to, "store": str(ws.root) if ws else None,
    }  # fmt: skip
    return Result("dependence", out, params, make_notes(synthetic=synthetic, basis=chosen_basis, extra=notes),
                  synthetic, chosen_basis, _title(importers, wanted))  # fmt: skip


def _source(
    store: Workspace | Path | str | None, trade: Any, engine: EngineName | None, basis: str | None, to: str | None
) -> tuple[ibis.BaseBackend, Workspace | None, ir.Table | None, list[int], str | None, bool]:
    """(connection, workspace, flows passed in, years present, basis, synthetic) of a store or a table."""
    if trade is not None:
        con = connect(engine or "duckdb")
        flows, present = trade_input(con, trade)
        return con, None, _converted(flows, to), present, None, False
    ws = workspace(store, engine)
    chosen = ws.choose_basis(basis)
    return ws.con, ws, None, ws.years(chosen), chosen, ws.synthetic


def _title(importers: list[str], years: list[int]) -> str:
    span = f"{years[0]}–{years[-1]}" if len(years) > 2 and years == list(range(years[0], years[-1] + 1)) else ""
    return f"Import dependence {', '.join(importers) or 'all importers'} {span or ', '.join(map(str, years))}"


def _no_rows(con: ibis.BaseBackend, flows: ir.Table | None, importers: list[str], years: list[int]) -> None:
    """An error naming the importers the data do have, when the ones asked for import nothing."""
    assert flows is not None
    rows = flows.filter(flows.year.isin(years))
    present = sorted(to_arrow(con, rows.select("importer").distinct())["importer"].to_pylist())
    missing = [i for i in importers if i not in present and len(i) == 3]  # a bloc is built from its members
    if not missing:
        return
    shown = ", ".join(present[:12]) + (f" … ({len(present)} in all)" if len(present) > 12 else "")
    raise StoreError(
        f"importer: no imports of {', '.join(missing)} in {', '.join(map(str, years))}.",
        f"importers in the data: {shown or 'none'}.",
    )


def _groupings(summary: str | Sequence[str] | None) -> list[str]:
    if not summary:
        return []
    by = [s.strip() for s in summary.split(",")] if isinstance(summary, str) else list(summary)
    unknown = [b for b in by if b not in GROUPINGS]
    if unknown:
        raise OptionError(
            f"summary: {', '.join(unknown)} not a grouping.", f"group by some of: {', '.join(GROUPINGS)}."
        )
    return by


def _converted(flows: ir.Table, to: str | None) -> ir.Table:
    if not to:
        return flows
    check_option("to", to, HsRevision)
    source = str(flows.select("hs_revision").limit(1).to_pyarrow()["hs_revision"][0])
    return flows if source == to else convert_trade(flows, source=source, target=to).table


def _uses_built(ws: Workspace, importers: list[str], codes: tuple[str, ...], custom: bool, basis: str | None) -> bool:
    """Whether the store's built table answers: same basis and supplier group, default methods, countries only."""
    if custom or not ws.store.has_table("dependence"):
        return False
    built = ws.store.manifest()["tables"]["dependence"]
    same = built.get("basis", "reconciled") == basis and tuple(built.get("suppliers", ADVANCED)) == codes
    bloc_names = [i for i in importers if len(i) != 3 or not i.isupper()]
    return same and not bloc_names


def _table(
    con: ibis.BaseBackend,
    ws: Workspace | None,
    flows: ir.Table | None,
    importers: list[str],
    years: list[int],
    codes: tuple[str, ...],
    methods_file: Path | str | None,
    to: str | None,
    basis: str | None,
    window: int,
    notes: list[str],
) -> ir.Table:
    """The dependence table: the built one when it answers, else computed over the years and their window."""
    span = sorted({y - k for y in years for k in range(window)})
    if ws is not None:
        if _uses_built(ws, importers, codes, methods_file is not None or bool(to), basis):
            return ws.store.table(con, "dependence")
        present = ws.store.years(basis=basis or "reconciled")
        flows = ws.store.trade(con, years=[y for y in span if y in present], basis=basis or "reconciled", to=to)
    assert flows is not None
    if ws is not None and ws.store.has_table("dependence"):
        notes.append("Computed from the flows: the built table uses another basis, supplier group or method file.")
    return build_dependence(
        con, flows, methods=load_methods(methods_file), suppliers=codes, importer=importers or None, years=span
    )


def _view(
    table: ir.Table, by: list[str], trends: bool, grew: str | None, method: str | None, years: list[int]
) -> ir.Table:
    chosen = [method] if method else list(METHODS)
    if trends:
        return union_all([dependence_trends(table, method=m) for m in chosen]).order_by(["method", "importer", "year"])
    if grew is not None:
        if len(years) < 2:
            raise OptionError("grew: needs two years or more.", "pass e.g. years='2019,2022', or no year.")
        return dependence_growth(table, since=min(years), until=max(years), measure=grew)
    if by:
        return summarise(table, by=by, methods=chosen)
    return table
