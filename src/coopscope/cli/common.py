"""Shared CLI pieces: common options and ``--map`` parsing (output: :mod:`coopscope.cli.output`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from coopscope.api.settings import configured_engine, configured_store, use_spark_master
from coopscope.cli.output import emit_result, emit_table
from coopscope.errors import OptionError
from coopscope.options import OUTPUT_FORMATS, parse_years

__all__ = [
    "basis_option",
    "columns_option",
    "emit_result",
    "emit_table",
    "engine_option",
    "format_option",
    "parse_map",
    "parse_years",
    "resolve_engine",
    "resolve_store",
    "store_option",
    "to_option",
]

F = TypeVar("F", bound=Callable[..., Any])


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
    if value:  # the option wins over the setting
        use_spark_master(value)


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


def columns_option(f: F) -> F:
    """``--columns a,b,c`` and ``--wide`` for the terminal table."""
    f = click.option("--wide", is_flag=True, help="Show every column in the terminal table.")(f)
    return click.option("--columns", default=None, help="Columns of the terminal table, comma-separated.")(f)


def basis_option(f: F) -> F:
    """``--basis``: which trade data to read when the store holds several."""
    return click.option(
        "--basis",
        default=None,
        help="Data basis: reconciled, reported_imports or mirror_exports (default: the store's only one, "
        "else reconciled).",
    )(f)


def resolve_store(store: Path | None) -> Path:
    """The store folder from the option or the settings, or a clear error (``api.settings.configured_store``)."""
    return configured_store(store)


def resolve_engine(engine: str | None) -> str:
    """The engine from the option or the settings (:func:`coopscope.api.settings.configured_engine`)."""
    return configured_engine(engine)


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
