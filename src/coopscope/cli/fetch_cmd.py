"""``coopscope fetch baci|comtrade``: thin adapters over coopscope.sources (ingest: ``ingest_files_cmd``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pyarrow as pa

from coopscope.cli.common import emit_table, format_option, parse_years, resolve_store, store_option
from coopscope.cli.ingest_files_cmd import echo_comtrade, echo_ingest


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
        echo_ingest(got.ingested)


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
    echo_comtrade(result)


def _print_plan(plan: Any, days: int, fmt: str, output: Path | None) -> None:
    plan.check(days=days)
    rows = [
        {"call": n + 1, "reporter": r.reporter, "year": r.year, "flow": r.flow, "cmd_code": r.cmd_code,
         "partners": len(r.partner_codes), "max_records": r.max_records}
        for n, r in enumerate(plan.requests)
    ]  # fmt: skip
    emit_table(pa.Table.from_pylist(rows), fmt, output, title="UN Comtrade request plan")
    click.echo("; ".join(f"{k}={v}" for k, v in plan.summary().items()), err=True)
