"""Output of every command: a readable terminal table, or CSV, JSON lines or Parquet with every column.

The terminal view shows a short set of columns (``--columns`` to choose, ``--wide`` for all),
numbers with their units (US$ 1.2 bn, 45.3 %), fitted to the terminal's width. CSV, JSON and
Parquet carry every column, unformatted; a SYNTHETIC result says so in every format.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from coopscope.api.result import Result
from coopscope.errors import OptionError

SHARE_WORDS = ("share", "ratio_pct")
ROW_LIMIT = 50


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
        _write_text(output, lambda sink: pacsv.write_csv(table, sink))
    elif fmt == "json":
        _write_text(output, lambda sink: sink.write(_json_lines(table).encode()))
    else:
        _print_rich(table, title, note, output, synthetic)


def _json_lines(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in table.to_pylist())


def _write_text(output: Path | None, write: Callable[[Any], None]) -> None:
    if output is None:
        write(sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with open(output, "wb") as sink:
            write(sink)


def _print_rich(table: pa.Table, title: str, note: str, output: Path | None, synthetic: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    file = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    # a terminal gets its own width; a pipe or a file that of $COLUMNS, else 160 characters
    console = Console(file=file, width=None if file is None and sys.stdout.isatty() else _pipe_width())
    rows = [{k: format_cell(k, v) for k, v in r.items()} for r in table.slice(0, ROW_LIMIT).to_pylist()]
    shown, dropped = fit_columns(table, rows, console.width)
    texts = [n for n in shown if _is_text(n)]
    spare = console.width - 1 - sum(shown[n] + 3 for n in shown if n not in texts)
    view = Table(title=title or None)
    for name, need in shown.items():
        text = name in texts
        width = max(12, spare // len(texts) - 3) if text else need
        view.add_column(name.replace("_", "\n"), overflow="ellipsis", no_wrap=True, min_width=None if text else need,
                        max_width=min(width, 60) if text else None,
                        justify="right" if _numeric(table.schema.field(name).type) else "left")  # fmt: skip
    for row in rows:
        view.add_row(*[row[name] for name in shown])
    console.print(view)
    if dropped:
        note = f"{note} Not shown for want of width: {', '.join(dropped)} (--columns to choose).".strip()
    if note:  # below the table at full width (a caption would wrap to the table's width)
        console.print(note, style="bold red" if synthetic else "italic", soft_wrap=True, markup=False)
    if table.num_rows > ROW_LIMIT:
        Console(file=file, stderr=file is None).print(
            f"… {table.num_rows - ROW_LIMIT} more rows; use --format csv for all."
        )
    if file:
        file.close()


def _pipe_width() -> int:
    return shutil.get_terminal_size((160, 24)).columns


def _is_text(name: str) -> bool:
    return name.startswith("description") or name.endswith("reasons") or name == "reason"


def fit_columns(table: pa.Table, rows: list[dict[str, str]], width: int) -> tuple[dict[str, int], list[str]]:
    """The columns that fit in ``width`` characters, in order, with the width each needs.

    Codes and numbers are never cut; text columns count 12 characters here and share what is left.
    """
    shown: dict[str, int] = {}
    used = 1
    for name in table.column_names:
        header = max(len(word) for word in name.split("_"))
        need = max([header] + [_cells(r[name]) for r in rows])
        if used + (min(need, 12) if _is_text(name) else need) + 3 > width and shown:
            break
        shown[name] = need
        used += (min(need, 12) if _is_text(name) else need) + 3
    return shown, [c for c in table.column_names if c not in shown]


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def _numeric(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_floating(kind)


def format_cell(column: str, value: Any) -> str:
    """A value as the terminal shows it: US$ with k/M/bn, shares as %, other numbers to 4 digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, int | float) and column.endswith("_usd"):
        return usd(float(value))
    if isinstance(value, float) and any(w in column for w in SHARE_WORDS):
        return f"{100 * value:.1f} %"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, int) and column != "year" and abs(value) >= 1e4:
        return f"{value:,}"
    return str(value)


def usd(value: float) -> str:
    """US dollars with a unit: US$ 1.2 bn, US$ 45.3 M, US$ 12.0 k, US$ 950."""
    for size, unit in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"US$ {value / size:,.1f} {unit}"
    return f"US$ {value:,.0f}"
