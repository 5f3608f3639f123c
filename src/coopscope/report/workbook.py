"""The Excel workbook (xlsxwriter).

A summary sheet, then one sheet per table with frozen headers, filters, number formats, the
sources and method stated, and native Excel charts.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pyarrow as pa
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from coopscope.pair.run import PairResult
from coopscope.report.cells import new_workbook
from coopscope.report.tables import TABLE_NOTES

HEADER_ROW = 3  # rows 0–2 carry the title, the method and the sources
MAX_ROWS = 1_048_000


def column_format(name: str, dtype: pa.DataType | None = None) -> str:
    """The Excel number format of a column, from its name (and type: text and flags stay General)."""
    if dtype is not None and not (pa.types.is_integer(dtype) or pa.types.is_floating(dtype)):
        return "General"
    if name.endswith("_usd") or "_usd_" in name:
        return "#,##0"
    if name == "rank" or name.startswith("rank_"):
        return "0"
    if name.endswith(("_share", "share_a", "share_b")) or name.startswith(("coverage", "world_share")):
        return "0.0%"
    if name == "year" or name.startswith("n_"):
        return "0"
    return "0.000"


def _cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_sheet(book: Workbook, name: str, table: pa.Table, *, method: str, sources: str) -> Worksheet:
    """One table as a sheet: title, method and sources lines, a frozen filtered header, formatted columns."""
    sheet = book.add_worksheet(name[:31])
    bold = book.add_format({"bold": True, "bg_color": "#DDE6F0", "border": 1})
    sheet.write(0, 0, f"{name}: {TABLE_NOTES.get(name, '')}", book.add_format({"bold": True}))
    sheet.write(1, 0, f"Method: {method}")
    sheet.write(2, 0, f"Sources: {sources}")
    formats = {f.name: book.add_format({"num_format": column_format(f.name, f.type)}) for f in table.schema}
    for j, column in enumerate(table.column_names):
        sheet.write(HEADER_ROW, j, column, bold)
        sheet.set_column(j, j, max(10, min(40, len(column) + 2)), formats[column])
    for i, row in enumerate(table.slice(0, MAX_ROWS).to_pylist()):
        sheet.write_row(HEADER_ROW + 1 + i, 0, [_cell(v) for v in row.values()])
    sheet.freeze_panes(HEADER_ROW + 1, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(table.num_rows, 1), max(table.num_columns - 1, 0))
    return sheet


def write_summary(book: Workbook, result: PairResult, findings: list[str], *, synthetic_note: str) -> None:
    """The first sheet: what the report covers, the findings, and the synthetic-data warning."""
    sheet = book.add_worksheet("summary")
    title = book.add_format({"bold": True, "font_size": 14})
    warn = book.add_format({"bold": True, "font_color": "#9C0006", "bg_color": "#FFC7CE"})
    sheet.set_column(0, 0, 120, book.add_format({"text_wrap": True}))
    sheet.write(0, 0, f"coopscope: cooperation report {result.a}–{result.b}, {result.year}", title)
    row = 1
    if synthetic_note:
        sheet.write(row, 0, synthetic_note, warn)
        row += 1
    lines = [
        f"Supplier group S: {', '.join(result.suppliers)}; dependence method: {result.params.method}; "
        f"parameters {result.params.version}.",
        "",
        "Key findings:",
        *[f"• {f}" for f in findings],
        "",
        *[f"Note: {n}" for n in result.notes],
        "",
        "Sheets:",
        *[f"{name}: {note}" for name, note in TABLE_NOTES.items()],
    ]
    for line in lines:
        sheet.write(row, 0, line)
        row += 1


def _series(sheet: str, column: int, first: int, last: int) -> list[Any]:
    return [sheet, first, column, last, column]


def add_charts(book: Workbook, sheets: dict[str, Worksheet], tables: dict[str, pa.Table]) -> None:
    """Native charts: the cooperation balance per AI area and the dependence trend."""
    balance = tables["cooperation_balance"]
    if balance.num_rows:
        chart = book.add_chart({"type": "column"})
        first, last = HEADER_ROW + 1, HEADER_ROW + balance.num_rows
        names = balance.column_names
        for column in ("cooperation_usd", "competing_usd"):
            j = names.index(column)
            chart.add_series(
                {
                    "name": column,
                    "categories": _series("cooperation_balance", names.index("group"), first, last),
                    "values": _series("cooperation_balance", j, first, last),
                }
            )
        chart.set_title({"name": "Cooperation balance per AI area"})
        chart.set_y_axis({"name": "USD", "num_format": "#,##0"})
        sheets["cooperation_balance"].insert_chart(HEADER_ROW + 1, len(names) + 1, chart)
    trend = tables["dependence_trend"]
    if trend.num_rows:
        sheets["dependence_trend"].insert_chart(HEADER_ROW + 1, trend.num_columns + 1, _trend_chart(book, trend))


def _trend_chart(book: Workbook, trend: pa.Table) -> Any:
    """A line per importer; the table is sorted by importer, then year, so each importer's rows are contiguous."""
    chart = book.add_chart({"type": "line"})
    names, importers = trend.column_names, trend["importer"].to_pylist()
    for importer in dict.fromkeys(importers):
        first = HEADER_ROW + 1 + importers.index(importer)
        last = HEADER_ROW + len(importers) - importers[::-1].index(importer)
        chart.add_series({"name": importer, "categories": _series("dependence_trend", names.index("year"), first, last),
                          "values": _series("dependence_trend", names.index("n_products"), first, last),
                          "marker": {"type": "circle"}})  # fmt: skip
    chart.set_title({"name": "Dependent products per year"})
    return chart


def write_workbook(
    path: Path,
    result: PairResult,
    tables: dict[str, pa.Table],
    findings: list[str],
    *,
    synthetic_note: str,
    sources: str,
    extra: dict[str, pa.Table] | None = None,
) -> Path:
    """Write the whole workbook to ``path`` (the caller writes to a staging folder and moves it)."""
    method = (
        f"coopscope pair analysis, parameters {result.params.version}, dependence method "
        f"{result.params.method}; formulas in METHODS.md §3.2 (WITS)."
    )
    book = new_workbook(path)  # strings stay strings: a firm name "=…" is never a formula
    write_summary(book, result, findings, synthetic_note=synthetic_note)
    sheets = {
        name: write_sheet(book, name, table, method=method, sources=sources)
        for name, table in {**tables, **(extra or {})}.items()
    }
    add_charts(book, sheets, tables)
    book.close()
    return path
