"""``coopscope store info``: what a store holds, from its manifest (:func:`coopscope.api.store_info`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from coopscope.api.data import store_info
from coopscope.cli.common import store_option


def register(main: click.Group) -> None:
    """Add the ``store`` group."""

    @main.group("store")
    def store_group() -> None:
        """Inspect a store."""

    @store_group.command("info")
    @store_option
    @click.option("--json", "as_json", is_flag=True, help="Print the raw manifest as JSON.")
    def info(store: Path | None, as_json: bool) -> None:
        """Print the manifest: every ingested source and every built table."""
        result = store_info(store)
        if as_json:
            click.echo(json.dumps(result.detail, indent=2, ensure_ascii=False))
            return
        click.echo(f"Store {result.params['store']}")
        if result.synthetic:
            click.echo("!! Contains SYNTHETIC data: results built from it are not real figures.")
        for s in result.table.to_pylist():
            flag = " SYNTHETIC" if s["synthetic"] else ""
            click.echo(
                f"- {s['kind']} {s['hs_revision']} {s['release']} [{s['basis']}]{flag}: {s['row_count']:,} rows, "
                f"USD {s['value_total_usd']:,.0f}, years {', '.join(map(str, s['years']))}"
            )
            click.echo(
                f"  from {s['location']}\n  sha256 {s['sha256']}; ingested {s['ingested_at']} "
                f"by coopscope {s['coopscope_version']}"
            )
        for t in result.tables["tables"].to_pylist():
            stale = " STALE (trade data changed since; run `coopscope build`)" if t["state"] == "stale" else ""
            click.echo(f"- table {t['name']}: {t['rows']:,} rows, built {t['built_at']}{stale}")
