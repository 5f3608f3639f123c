"""Cells that reach a spreadsheet or a CSV file are data, never formulas.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (OWASP "CSV injection"). Firm names, country
labels from a release's country table or any other text from a source file may start that way,
so every writer of CSV or Excel goes through this module:

* :func:`safe_cell` — one value: such text gets a leading apostrophe (the spreadsheets' own
  "this is text" mark); numbers, and text that is just a number such as ``-5``, stay as they are;
* :func:`write_csv` — an Arrow table as CSV with every text column made safe;
* :func:`new_workbook` — an xlsxwriter workbook that writes every string as a string
  (``strings_to_formulas`` off), never as a formula or a link.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
_NUMBER = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
_NUMBER_PATTERN = _NUMBER.pattern
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}


def safe_cell(value: Any) -> Any:
    """``value``, with a leading apostrophe when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def safe_column(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A column with :func:`safe_cell` applied to every text value (other types unchanged)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = pc.cast(column, kind.value_type)
        kind = kind.value_type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return column
    risky = pc.and_(
        pc.match_substring_regex(column, _FORMULA_PATTERN),
        pc.invert(pc.match_substring_regex(column, _NUMBER_PATTERN)),
    )
    quoted = pc.binary_join_element_wise(pa.scalar("'", kind), column, pa.scalar("", kind))
    return pc.if_else(pc.fill_null(risky, False), quoted, column)


def safe_table(table: pa.Table) -> pa.Table:
    """The table with every text column made safe (:func:`safe_column`); column names too."""
    columns = [safe_column(table[name]) for name in table.column_names]
    return pa.table(columns, names=[str(safe_cell(name)) for name in table.column_names])


def write_csv(table: pa.Table, sink: str | Path | IO[bytes]) -> None:
    """Write an Arrow table as CSV (header line, UTF-8) with every text cell safe."""
    pacsv.write_csv(safe_table(table), sink if not isinstance(sink, Path) else str(sink))


def new_workbook(path: str | Path, **options: Any) -> Any:
    """An xlsxwriter workbook that never turns a string into a formula or a link."""
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {**WORKBOOK_OPTIONS, **options})
