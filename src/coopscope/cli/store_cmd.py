"""``coopscope store info``: what a store holds, from its manifest."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.workspace import default_store
from coopscope.cli.common import store_option
from coopscope.store import Store


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
        opened = Store.open(store or default_store())
        if as_json:
            import json

            click.echo(json.dumps(opened.manifest(), indent=2, ensure_ascii=False))
            return
        click.echo(f"Store {opened.root}")
        if opened.is_synthetic():
            click.echo("!! Contains SYNTHETIC data: results built from it are not real figures.")
        for s in opened.sources():
            flag = " SYNTHETIC" if s.synthetic else ""
            click.echo(
                f"- {s.kind} {s.hs_revision} {s.release} [{s.basis}]{flag}: {s.row_count:,} rows, "
                f"USD {s.value_total_usd:,.0f}, years {', '.join(map(str, s.years))}"
            )
            click.echo(
                f"  from {s.location}\n  sha256 {s.sha256}; ingested {s.ingested_at} by coopscope {s.coopscope_version}"
            )
        for name, t in sorted(opened.manifest()["tables"].items()):
            click.echo(f"- table {name}: {t['rows']:,} rows, built {t['built_at']}")
