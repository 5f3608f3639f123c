"""``coopscope build``: compute and store the analysis tables for every year of a store."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.build import GROUPS, build_store
from coopscope.cli.common import engine_option, resolve_engine, resolve_store, store_option


def register(main: click.Group) -> None:
    """Add the ``build`` command."""

    @main.command("build")
    @store_option
    @engine_option
    @click.option("--hs-revision", default=None, help="Revision to build, when the store holds several.")
    @click.option(
        "--only",
        "groups",
        type=click.Choice(GROUPS),
        multiple=True,
        help="Build only these tables (repeatable); default: dependence and complexity.",
    )
    def build(store: Path | None, engine: str | None, hs_revision: str | None, groups: tuple[str, ...]) -> None:
        """Compute dependence and complexity tables for every importer, product and year."""
        report = build_store(
            resolve_store(store), engine=resolve_engine(engine), hs_revision=hs_revision, groups=groups or GROUPS
        )
        flag = " [built from SYNTHETIC data]" if report.synthetic else ""
        for name, rows in report.rows.items():
            click.echo(f"{name}: {rows:,} rows")
        click.echo(f"Built years {', '.join(map(str, report.years))}{flag}.")
