"""``coopscope fetch baci|comtrade``: :func:`coopscope.api.fetch` (--dry-run: ``fetch_plan``; --list: releases)."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.fetch import baci_releases, fetch, fetch_plan
from coopscope.cli.common import emit_table, format_option, parse_years, resolve_store, store_option
from coopscope.cli.ingest_files_cmd import echo_sources


def register(main: click.Group) -> None:
    """Add the ``fetch`` group."""

    @main.group("fetch")
    def fetch() -> None:
        """Download real data (BACI from CEPII, UN Comtrade through its API) into the store."""

    fetch.add_command(_baci)
    fetch.add_command(_comtrade)


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
    if list_:
        emit_table(baci_releases(base_url).table, fmt, output, title="BACI releases")
        return
    got = fetch("baci", store=None if download_only else resolve_store(store), download_only=download_only,
                revision=revision, release=release, base_url=base_url, sha256=sha256, replace=replace,
                allow_unknown=any_release)  # fmt: skip
    p = got.params
    how = "from the cache" if p["from_cache"] else f"downloaded, {p['resumes']} resume(s)"
    click.echo(f"{p['path']} ({p['size_bytes']:,} bytes, {how}; sha256 {p['sha256']})")
    echo_sources(got, dropped=False)


@click.command("comtrade")
@click.option(
    "--reporters", required=True, help="Reporting economies: ISO3, number or name, e.g. KOR,CHN or 한국,中国."
)
@click.option("--years", "years_text", required=True, help="Years, e.g. 2019-2023 or 2019,2021.")
@click.option("--flow", default="M", show_default=True, help="M (imports), X (exports) or M,X.")
@click.option("--partners", default="all", show_default=True, help="Partners (ISO3, number or name), or 'all'.")
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
    years = parse_years(years_text, "--years")
    if dry_run:
        plan = fetch_plan(reporters, years, flow, partners=partners, hs=hs, days=days)
        emit_table(plan.table, fmt, output, title=plan.title)
        click.echo("; ".join(f"{k}={v}" for k, v in plan.params["summary"].items()), err=True)
        return
    result = fetch("comtrade", store=resolve_store(store), reporters=reporters, years=years, flows=flow,
                   partners=partners, hs=hs, base_url=base_url, days=days, pause_s=pause_s,
                   replace=replace)  # fmt: skip
    p = result.params
    click.echo(f"{p['calls_made']} call(s) made, {p['calls_reused']} reused from an interrupted run ({p['folder']}).")
    echo_sources(result)
