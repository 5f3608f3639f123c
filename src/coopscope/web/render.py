"""Turning a :class:`~coopscope.web.pages.PageData` into JSON, CSV, Excel or Parquet (one code path).

The JSON body of every API answer has one shape (:class:`TableAnswer`): the checked parameters, the
synthetic flag, notes, page info, the name of the table sent, the names of the others, and one page
of its rows. Downloads carry the whole table (up to ``MAX_DOWNLOAD_ROWS``) and a synthetic marker.
"""

from __future__ import annotations

import io
import math
from typing import Any, Literal

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from pydantic import BaseModel, Field

from coopscope.web import params as P
from coopscope.web.pages import PageData

Format = Literal["json", "csv", "xlsx", "parquet"]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


class PageInfo(BaseModel):
    """Where this page of rows sits in the table."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=P.MAX_PER_PAGE)
    total: int = Field(ge=0)


class TableAnswer(BaseModel):
    """The one JSON shape of every API answer with rows."""

    page: str
    params: dict[str, Any]
    synthetic: bool
    notes: list[str]
    info: dict[str, Any]
    table: str
    tables: list[str]
    columns: list[str]
    paging: PageInfo
    rows: list[dict[str, Any]]


class ErrorDetail(BaseModel):
    """What went wrong, what to do, and the nearest valid values."""

    status: int
    code: str
    message: str
    hint: str
    param: str = ""
    nearest: list[str] = []


class ErrorAnswer(BaseModel):
    """The one JSON shape of every error."""

    error: ErrorDetail


def pick_table(data: PageData, table: str | None) -> str:
    """The requested table name (the page's first table by default), checked."""
    names = list(data.tables)
    return P.choice(table, names, "table", names[0]) or names[0]


def answer(data: PageData, table: str, paging: P.Paging) -> dict[str, Any]:
    """The JSON answer for one page of ``table``."""
    rows = data.tables[table]
    if table in data.totals:
        total, shown = data.totals[table], rows
    else:
        total, shown = rows.num_rows, rows.slice(paging.offset, paging.per_page)
    return {
        "page": data.page,
        "params": jsonable(data.params),
        "synthetic": data.synthetic,
        "notes": list(data.notes),
        "info": jsonable({k: v for k, v in data.info.items() if k not in ("query", "sparklines")}),
        "table": table,
        "tables": list(data.tables),
        "columns": rows.schema.names,
        "paging": {"page": paging.page, "per_page": paging.per_page, "total": total},
        "rows": jsonable(shown.to_pylist()),
    }


def full_table(data: PageData, table: str) -> pa.Table:
    """The whole table behind a download (every page), refusing more than MAX_DOWNLOAD_ROWS rows."""
    query = data.info.get("query")
    if table in data.totals and query is not None:
        if data.totals[table] > P.MAX_DOWNLOAD_ROWS:
            raise P.WebError(
                f"{data.totals[table]} rows match: more than the {P.MAX_DOWNLOAD_ROWS} a download may hold.",
                "narrow the filters (one importer, fewer years, a class or an area).",
                status=413,
                param="format",
            )
        return query()  # type: ignore[no-any-return]
    return data.tables[table]


def download(table: pa.Table, fmt: str, synthetic: bool) -> bytes:
    """The table as CSV (UTF-8 with BOM, for Excel), Excel or Parquet bytes."""
    if synthetic:
        table = table.append_column("synthetic", pa.array([True] * table.num_rows, pa.bool_()))
    if fmt == "csv":
        out = io.BytesIO()
        out.write("\ufeff".encode())
        pacsv.write_csv(_plain(table), out)
        return out.getvalue()
    if fmt == "parquet":
        buffer = io.BytesIO()
        pq.write_table(table, buffer, compression="zstd")
        return buffer.getvalue()
    return _xlsx(table)


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary and nested columns as plain text, so CSV writers accept them."""
    cols = [
        c.cast(pa.string()) if pa.types.is_dictionary(c.type) or pa.types.is_nested(c.type) else c
        for c in table.columns
    ]
    return pa.table(cols, names=table.schema.names)


def _xlsx(table: pa.Table) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "nan_inf_to_errors": True})
    sheet = book.add_worksheet("data")
    sheet.write_row(0, 0, table.schema.names)
    for r, row in enumerate(_plain(table).to_pylist(), start=1):
        sheet.write_row(r, 0, [_cell(v) for v in row.values()])
    book.close()
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def jsonable(value: Any) -> Any:
    """Plain JSON values: NaN and infinities become null, tuples become lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)
