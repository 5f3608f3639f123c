"""Shared CLI pieces: common options, ``--map`` parsing and table output in every format."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from coopscope.engine import SPARK_MASTER_ENV
from coopscope.errors import OptionError, StoreError
from coopscope.options import OUTPUT_FORMATS
from coopscope.sources.config import Config, load_config

F = TypeVar("F", bound=Callable[..., Any])


def parse_years(text: str, option: str = "--years") -> list[int]:
    """``2019-2023`` or ``2019,2021`` into a list of years; a clear OptionError otherwise."""
    try:
        if "-" in text:
            first, last = (int(x) for x in text.split("-", 1))
            return list(range(first, last + 1))
        return [int(x) for x in text.split(",")]
    except ValueError:
        raise OptionError(
            f"{option}: '{text}' is not a year range or list.", "write e.g. 2019-2023 or 2019,2021."
        ) from None


def store_option(f: F) -> F:
    """``--store DIR`` (falls back to the ``store`` setting)."""
    return click.option(
        "--store",
        "store",
        type=click.Path(path_type=Path),
        default=None,
        help="Store folder (default: the 'store' setting).",
    )(f)


def engine_option(f: F) -> F:
    """``--engine duckdb|spark`` (falls back to the ``engine`` setting) and ``--spark-master URL``."""
    f = click.option(
        "--spark-master",
        default=None,
        expose_value=False,
        callback=_set_spark_master,
        help="Spark master URL for --engine spark, e.g. spark://host:7077 (default: the 'spark_master' setting).",
    )(f)
    return click.option(
        "--engine",
        type=click.Choice(["duckdb", "spark"]),
        default=None,
        help="Engine for relational work (default: the 'engine' setting, else duckdb).",
    )(f)


def _set_spark_master(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    # The engine seam reads the master from the setting's environment variable; the option wins.
    if value:
        os.environ[SPARK_MASTER_ENV] = value


def to_option(f: F) -> F:
    """``--to HS22``: convert the flows to another HS revision before the analysis."""
    return click.option(
        "--to",
        "to_revision",
        type=click.Choice(["HS17", "HS22"]),
        default=None,
        help="Convert the flows to this HS revision first (UN correlation table, equal split of 1:n links).",
    )(f)


def format_option(f: F) -> F:
    """``--format table|csv|json|parquet`` and ``--output FILE``."""
    f = click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path),
        default=None,
        help="Write to this file instead of standard output (required for parquet).",
    )(f)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(OUTPUT_FORMATS)),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def resolve_store(store: Path | None, config: Config | None = None) -> Path:
    """The store folder from the option or the settings, or a clear error."""
    if store is not None:
        return store
    config = config or load_config()
    if not config.get("store"):
        raise StoreError("no store given.", "pass --store DIR or set 'store' in the config file / $COOPSCOPE_STORE.")
    return Path(config.get("store"))


def resolve_engine(engine: str | None, config: Config | None = None) -> str:
    """The engine from the option or the settings (a configured ``spark_master`` is passed on)."""
    config = config or load_config()
    master = config.get("spark_master")
    if master and config.origins.get("spark_master") != "default":
        os.environ.setdefault(SPARK_MASTER_ENV, master)
    return engine or config.get("engine")


def parse_map(text: str | None) -> dict[str, str]:
    """Parse ``canonical=source,canonical=source`` into {canonical: source column}."""
    if not text:
        return {}
    mapping = {}
    for item in text.split(","):
        if "=" not in item:
            raise OptionError(
                f"--map: '{item}' is not of the form column=source.", "e.g. --map year=연도,value_usd=금액."
            )
        key, value = item.split("=", 1)
        mapping[key.strip()] = value.strip()
    return mapping


def emit_table(table: pa.Table, fmt: str, output: Path | None, *, title: str = "", note: str = "") -> None:
    """Write an Arrow table as a rich table, CSV, JSON lines or Parquet.

    A ``note`` that says SYNTHETIC is shown in every format: the table's caption, a line on
    stderr for csv/json/parquet (stdout stays clean for pipes), and Parquet schema metadata
    (``coopscope.synthetic = true``).
    """
    synthetic = "SYNTHETIC" in note.upper()
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
        _print_rich(table, title, note, output)


def _json_lines(table: pa.Table) -> str:
    return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in table.to_pylist())


def _write_text(output: Path | None, write: Callable[[Any], None]) -> None:
    if output is None:
        write(sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with open(output, "wb") as sink:
            write(sink)


def _print_rich(table: pa.Table, title: str, note: str, output: Path | None, limit: int = 50) -> None:
    from rich.console import Console
    from rich.table import Table

    view = Table(title=title or None)
    for name in table.column_names:
        view.add_column(name, overflow="fold")
    for row in table.slice(0, limit).to_pylist():
        view.add_row(*[_fmt_cell(v) for v in row.values()])
    file = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    # a pipe or a file gets a wide page; a terminal its own width
    console = Console(file=file, width=None if file is None and sys.stdout.isatty() else 200)
    console.print(view)
    if note:  # below the table at full width (a caption would wrap to the table's width)
        console.print(note, style="bold red" if "SYNTHETIC" in note.upper() else "italic", soft_wrap=True)
    if table.num_rows > limit:
        Console(file=file, stderr=file is None).print(
            f"… {table.num_rows - limit} more rows; use --format csv for all."
        )
    if file:
        file.close()


def _fmt_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    return str(value)
