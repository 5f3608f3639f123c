"""``coopscope fetch baci|comtrade`` and ``coopscope ingest comtrade|table``: thin adapters over coopscope.sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pyarrow as pa

from coopscope.cli.common import emit_table, format_option, parse_map, parse_years, resolve_store, store_option


def register(main: click.Group) -> None:
    """Add the ``fetch`` group and the ``ingest comtrade`` / ``ingest table`` commands."""

    @main.group("fetch")
    def fetch() -> None:
        """Download real data (BACI from CEPII, UN Comtrade through its API) into the store."""

    fetch.add_command(_baci)
    fetch.add_command(_comtrade)
    if "ingest" not in main.commands:

        @main.group("ingest")
        def ingest() -> None:
            """Read trade files into the store."""

    group = main.commands["ingest"]
    assert isinstance(group, click.Group)
    group.add_command(_ingest_comtrade)
    group.add_command(_ingest_table)


@click.command("baci")
@click.option("--revision", default="HS17", show_default=True, help="HS revision of the release (HS92 … HS22).")
@click.option("--release", default=None, help="BACI release (default V202401b; see --list).")
@click.option("--base-url", default=None, help="Download address (default: the 'baci_base_url' setting).")
@click.option("--sha256", default=None, help="Expected SHA-256 of the zip, if you have it.")
@click.option("--any-release", is_flag=True, help="Allow a release this version does not list.")
@click.option("--download-only", is_flag=True, help="Download and verify, but do not ingest.")
@click.option("--replace", is_flag=True, help="Replace data of the same years and revision already in the store.")
@click.option("--list", "list_", is_flag=True, help="Show the releases and revisions this version knows.")
@store_option
@format_option
def _baci(
    revision: str,
    release: str | None,
    base_url: str | None,
    sha256: str | None,
    any_release: bool,
    download_only: bool,
    replace: bool,
    list_: bool,
    store: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Download a BACI release from CEPII (resumable, verified, cached) and ingest it."""
    from coopscope.sources import fetch_baci as fb
    from coopscope.sources.config import load_config

    if list_:
        base = base_url or load_config().get("baci_base_url")
        rows = [
            {"release": rel, "hs_revision": rev, "url": fb.release_url(rev, rel, base)}
            for rel, rev in fb.known_releases()
        ]
        emit_table(pa.Table.from_pylist(rows), fmt, output, title="BACI releases")
        return
    store_dir = None if download_only else resolve_store(store)
    got = fb.fetch_baci(
        revision.upper(),
        store_dir,
        release=release or fb.DEFAULT_RELEASE,
        base_url=base_url,
        sha256=sha256,
        replace=replace,
        allow_unknown=any_release,
    )
    how = "from the cache" if got.download.from_cache else f"downloaded, {got.download.resumes} resume(s)"
    click.echo(f"{got.download.path} ({got.download.size_bytes:,} bytes, {how}; sha256 {got.download.sha256})")
    if got.ingested is not None:
        _echo_ingest(got.ingested)


def _echo_ingest(result: Any) -> None:
    record = getattr(result, "record", result)
    if getattr(result, "already_ingested", False):
        click.echo(f"Already ingested as source {record.source_id}; nothing changed.")
        return
    flag = " [SYNTHETIC]" if record.synthetic else ""
    click.echo(
        f"Ingested source {record.source_id}: {record.row_count:,} rows, years {record.years}, "
        f"{record.hs_revision}, basis {record.basis}, total USD {record.value_total_usd:,.0f}{flag}."
    )


def _codes(text: str | None) -> list[str] | None:
    return None if text is None or text.strip().lower() == "all" else [c.strip() for c in text.split(",") if c.strip()]


@click.command("comtrade")
@click.option("--reporters", required=True, help="Reporting economies as ISO3, e.g. KOR,CHN.")
@click.option("--years", "years_text", required=True, help="Years, e.g. 2019-2023 or 2019,2021.")
@click.option("--flow", default="M", show_default=True, help="M (imports), X (exports) or M,X.")
@click.option("--partners", default="all", show_default=True, help="Partners as ISO3, or 'all'.")
@click.option("--hs", default="HS6", show_default=True, type=click.Choice(["HS2", "HS4", "HS6"]), help="Product level.")
@click.option("--dry-run", is_flag=True, help="Print the request plan and the API limits it respects; fetch nothing.")
@click.option("--days", default=1, show_default=True, help="Allow a plan spread over this many days of the call limit.")
@click.option("--base-url", default="https://comtradeapi.un.org", show_default=True, help="API address (mirror/test).")
@click.option("--pause", "pause_s", default=1.0, show_default=True, help="Seconds between calls.")
@click.option("--replace", is_flag=True, help="Replace data of the same years, basis and revision in the store.")
@store_option
@format_option
def _comtrade(
    reporters: str,
    years_text: str,
    flow: str,
    partners: str,
    hs: str,
    dry_run: bool,
    days: int,
    base_url: str,
    pause_s: float,
    replace: bool,
    store: Path | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Download UN Comtrade data through its API (key from $COOPSCOPE_COMTRADE_KEY), resumably, and ingest it."""
    from coopscope.sources import comtrade_api as api

    reporter_list, years = _codes(reporters) or [], parse_years(years_text)
    flows = [f.strip().upper() for f in flow.split(",")]
    if dry_run:
        _print_plan(api.plan_requests(reporter_list, years, flows, partners=_codes(partners), hs=hs), days, fmt, output)
        return
    run, result = api.fetch_comtrade(
        reporter_list,
        years,
        flows,
        resolve_store(store),
        partners=_codes(partners),
        hs=hs,
        base_url=base_url,
        days=days,
        pause_s=pause_s,
        replace=replace,
    )
    click.echo(f"{run.calls_made} call(s) made, {run.calls_reused} reused from an interrupted run ({run.folder}).")
    _echo_comtrade(result)


def _print_plan(plan: Any, days: int, fmt: str, output: Path | None) -> None:
    plan.check(days=days)
    rows = [
        {"call": n + 1, "reporter": r.reporter, "year": r.year, "flow": r.flow, "cmd_code": r.cmd_code,
         "partners": len(r.partner_codes), "max_records": r.max_records}
        for n, r in enumerate(plan.requests)
    ]  # fmt: skip
    emit_table(pa.Table.from_pylist(rows), fmt, output, title="UN Comtrade request plan")
    click.echo("; ".join(f"{k}={v}" for k, v in plan.summary().items()), err=True)


def _echo_comtrade(result: Any) -> None:
    dropped = getattr(result, "dropped", {})
    if dropped:
        click.echo("Dropped rows: " + ", ".join(f"{n:,} {r.replace('_', ' ')}" for r, n in sorted(dropped.items())))
    for committed in getattr(result, "sources", []):
        _echo_ingest(committed)


@click.command("comtrade")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--digits", default=6, show_default=True, help="Product code length to keep (6 = HS6).")
@click.option("--replace", is_flag=True, help="Replace data of the same years, basis and revision in the store.")
@store_option
def _ingest_comtrade(file: Path, digits: int, replace: bool, store: Path | None) -> None:
    """Read a UN Comtrade file (API snake_case or bulk camelCase layout): imports and mirror exports."""
    from coopscope.sources.comtrade import ingest_comtrade

    _echo_comtrade(ingest_comtrade(file, resolve_store(store), product_digits=digits, replace=replace))


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
    from coopscope.sources import table_profiles, tables

    if save_profile:
        table_profiles.profile_path(save_profile)  # a bad name is refused before anything is written
    spec = table_profiles.load_profile(profile) if profile else tables.TableSpec()
    spec = spec.merged(
        mapping=parse_map(map_text),
        hs_revision=(hs_revision or "").upper(),
        value_unit=value_unit,
        country_style=country_style,
        reporter=(reporter or "").upper(),
        flow=flow,
        basis=basis,
        sheet=sheet,
        encoding=encoding,
        skip_rows=skip_rows,
    )
    result = tables.ingest_table(file, resolve_store(store), spec, replace=replace)
    click.echo(
        f"Read {result.lines_read:,} lines; {result.lines_merged:,} merged when summing to HS6"
        + "".join(f"; {n:,} dropped ({r.replace('_', ' ')})" for r, n in result.dropped.items())
        + "."
    )
    for committed in result.sources:
        _echo_ingest(committed)
    if save_profile:
        click.echo(f"Saved profile '{save_profile}' to {table_profiles.save_profile(save_profile, spec)}.")
