"""Output of every command: a readable terminal table, or CSV, JSON lines or Parquet with every column.

The terminal view shows a short set of columns (``--columns`` to choose, ``--wide`` for all),
numbers with their units (US$ 1.2 bn, 45.3 %), fitted to the terminal's width. CSV, JSON and
Parquet carry every column, unformatted; a SYNTHETIC result says so in every format.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.api.result import Result
from coopscope.cli.terminal import print_table
from coopscope.errors import OptionError
from coopscope.report.cells import write_csv


def emit_result(
    result: Result, fmt: str, output: Path | None, *, default: Sequence[str] = (), columns: str | None = None,
    wide: bool = False,
) -> None:  # fmt: skip
    """Write a job's result: its table, title and notes (see the module docstring)."""
    note = result.note_text()
    if fmt != "table":
        if note and not result.synthetic:  # emit_table itself says SYNTHETIC
            click.echo(f"Note: {note}", err=True)
        emit_table(result.to_arrow(), fmt, output, title=result.title, note=note, synthetic=result.synthetic)
        return
    table = result.table.select(pick_columns(result.table, default, columns, wide))
    if not wide and columns is None and table.num_columns < result.table.num_columns:
        note = f"{note} Key columns; --wide or --columns for more, --format csv for all.".strip()
    emit_table(table, fmt, output, title=result.title, note=note, synthetic=result.synthetic)


def pick_columns(table: pa.Table, default: Sequence[str], columns: str | None, wide: bool) -> list[str]:
    """The columns to show: ``--columns`` (each must exist), all with ``--wide``, else ``default`` present."""
    if columns:
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in table.column_names]
        if unknown:
            raise OptionError(
                f"--columns: {', '.join(unknown)} not in the table.", f"columns: {', '.join(table.column_names)}."
            )
        return wanted
    chosen = [c for c in default if c in table.column_names]
    return table.column_names if wide or not chosen else chosen


def emit_table(
    table: pa.Table, fmt: str, output: Path | None, *, title: str = "", note: str = "", synthetic: bool | None = None
) -> None:
    """Write an Arrow table as a terminal table, CSV, JSON lines or Parquet.

    A SYNTHETIC result (``synthetic``, else a note saying SYNTHETIC) is shown in every format: the
    table's note, a line on stderr for csv/json/parquet (stdout stays clean for pipes), and
    Parquet schema metadata (``coopscope.synthetic = true``).
    """
    synthetic = "SYNTHETIC" in note.upper() if synthetic is None else synthetic
    check_output(output)
    if synthetic and fmt != "table":
        click.echo(f"Note: {note.strip()}", err=True)
    if fmt == "parquet":
        if output is None:
            raise OptionError("--format parquet needs --output FILE.", "pass -o result.parquet.")
        if synthetic:
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"coopscope.synthetic": b"true"})
        pq.write_table(table, output, compression="zstd")
        click.echo(f"Wrote {table.num_rows} rows to {output}", err=True)
    elif fmt == "csv":
        _write_text(output, lambda sink: write_csv(table, sink))
    elif fmt == "json":
        _write_text(output, lambda sink: sink.write(_json_lines(table).encode()))
    else:
        print_table(table, title, note, output, synthetic)


def _json_lines(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in table.to_pylist())


def _write_text(output: Path | None, write: Callable[[Any], None]) -> None:
    if output is None:
        write(sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with open(output, "wb") as sink:
            write(sink)


def check_output(output: Path | None) -> None:
    """``-o FILE`` must name a file in an existing folder (not a folder itself)."""
    if output is None:
        return
    if output.is_dir():
        raise OptionError(f"-o {output}: is a folder.", "give a file name, e.g. -o result.csv.")
    if not output.parent.is_dir():
        raise OptionError(f"-o {output}: the folder {output.parent} does not exist.", "create it first.")
