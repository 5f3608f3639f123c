"""``coopscope ingest comtrade|table``: a UN Comtrade file or any customs table into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api import Result
from coopscope.api.jobs import ingest
from coopscope.cli.common import parse_map, resolve_store, store_option


def register(main: click.Group) -> None:
    """Add ``ingest comtrade`` and ``ingest table`` to the ``ingest`` group."""
    group = main.commands["ingest"]
    assert isinstance(group, click.Group)
    group.add_command(_ingest_comtrade)
    group.add_command(_ingest_table)


def echo_ingest(row: dict[str, Any]) -> None:
    """One line for an ingested source (a row of an ingest result), or that it was already there."""
    if row["already_ingested"]:
        click.echo(f"Already ingested as source {row['source_id']}; nothing changed.")
        return
    flag = " [SYNTHETIC]" if row["synthetic"] else ""
    click.echo(
        f"Ingested source {row['source_id']}: {row['row_count']:,} rows, years {row['years']}, "
        f"{row['hs_revision']}, basis {row['basis']}, total USD {row['value_total_usd']:,.0f}{flag}."
    )


def echo_sources(result: Result, *, dropped: bool = True) -> None:
    """The rows dropped by reason (when ``dropped``), then one line per source of an ingest or fetch result."""
    counts = result.params.get("dropped") or {}
    if dropped and counts:
        click.echo("Dropped rows: " + ", ".join(f"{n:,} {r.replace('_', ' ')}" for r, n in sorted(counts.items())))
    for row in result.table.to_pylist():
        echo_ingest(row)


@click.command("comtrade")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--digits", default=6, show_default=True, help="Product code length to keep (6 = HS6).")
@click.option("--replace", is_flag=True, help="Replace data of the same years, basis and revision in the store.")
@store_option
def _ingest_comtrade(file: Path, digits: int, replace: bool, store: Path | None) -> None:
    """Read a UN Comtrade file (API snake_case or bulk camelCase layout): imports and mirror exports."""
    echo_sources(ingest(file, kind="comtrade", store=resolve_store(store), product_digits=digits, replace=replace))


@click.command("table")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--map",
    "map_text",
    default=None,
    help="Columns for the fields, e.g. year=연도,partner=국가명,product=HSK,value=수입금액.",
)
@click.option("--profile", default=None, help="Start from a saved profile (options given here override it).")
@click.option("--save-profile", default=None, help="Save the mapping and options under this name after a good ingest.")
@click.option("--hs-revision", default=None, help="HS revision of the product codes (HS92 … HS22).")
@click.option(
    "--value-unit",
    type=click.Choice(["usd", "kusd", "musd"]),
    default=None,
    help="Unit of the value column (default usd).",
)
@click.option(
    "--country-style",
    type=click.Choice(["iso3", "iso_numeric", "name"]),
    default=None,
    help="How countries are written (names: English, Korean or Chinese). Default iso3.",
)
@click.option("--reporter", default=None, help="ISO3 of the reporting country, for a table with a partner column.")
@click.option("--flow", default=None, help="import or export, when the table has no flow column.")
@click.option("--basis", default=None, help="Basis of an exporter/importer table (default reconciled).")
@click.option("--sheet", default=None, help="Excel sheet (default: the first).")
@click.option("--encoding", default=None, help="Text encoding (default: try UTF-8, CP949, GB18030).")
@click.option("--skip-rows", type=int, default=None, help="Lines above the header to skip.")
@click.option("--replace", is_flag=True, help="Replace data of the same years, basis and revision in the store.")
@store_option
def _ingest_table(
    file: Path,
    map_text: str | None,
    profile: str | None,
    save_profile: str | None,
    hs_revision: str | None,
    value_unit: str | None,
    country_style: str | None,
    reporter: str | None,
    flow: str | None,
    basis: str | None,
    sheet: str | None,
    encoding: str | None,
    skip_rows: int | None,
    replace: bool,
    store: Path | None,
) -> None:
    """Read a national customs table or any trade table (CSV, TSV, Excel) through a column mapping."""
    result = ingest(file, kind="table", store=resolve_store(store), replace=replace, profile=profile,
                    save_profile=save_profile, mapping=parse_map(map_text), hs_revision=(hs_revision or "").upper(),
                    value_unit=value_unit, country_style=country_style, reporter=(reporter or "").upper(), flow=flow,
                    basis=basis, sheet=sheet, encoding=encoding, skip_rows=skip_rows)  # fmt: skip
    p = result.params
    click.echo(
        f"Read {p['lines_read']:,} lines; {p['lines_merged']:,} merged when summing to HS6"
        + "".join(f"; {n:,} dropped ({r.replace('_', ' ')})" for r, n in p["dropped"].items())
        + "."
    )
    echo_sources(result, dropped=False)
    if save_profile:
        click.echo(f"Saved profile '{save_profile}' to {p['profile_saved']}.")
