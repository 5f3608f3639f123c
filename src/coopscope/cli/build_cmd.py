"""``coopscope build``: compute and store the analysis tables for every year (:func:`coopscope.api.build`)."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api.build import GROUPS
from coopscope.api.jobs import build
from coopscope.cli.common import basis_option, engine_option, store_option


def register(main: click.Group) -> None:
    """Add the ``build`` command."""

    @main.command("build")
    @store_option
    @engine_option
    @basis_option
    @click.option("--hs-revision", default=None, help="Revision to build, when the store holds several.")
    @click.option(
        "--only",
        "groups",
        type=click.Choice(GROUPS),
        multiple=True,
        help="Build only these tables (repeatable); default: dependence, complexity, products, KOR–CHN evidence.",
    )
    @click.option("--rebuild", is_flag=True, help="Compute every year again (default: only years whose input changed).")
    def build_cmd(
        store: Path | None,
        engine: str | None,
        basis: str | None,
        hs_revision: str | None,
        groups: tuple[str, ...],
        rebuild: bool,
    ) -> None:
        """Compute the dependence, complexity and product tables for every year; keep the KOR–CHN evidence."""
        result = build(store, groups=groups or GROUPS, hs_revision=hs_revision, basis=basis, engine=engine,  # type: ignore[arg-type]
                       rebuild=rebuild)  # fmt: skip
        for name, rows in zip(result.table["table"].to_pylist(), result.table["rows"].to_pylist(), strict=True):
            click.echo(f"{name}: {rows:,} rows")
        flag = " [built from SYNTHETIC data]" if result.synthetic else ""
        click.echo(f"Built years {', '.join(map(str, result.params['years']))} ({result.basis}){flag}.")
        for group, years in result.params["computed"].items():
            kept = len(result.params["years"]) - len(years)
            click.echo(f"{group}: computed {len(years)} year(s), kept {kept} unchanged.")
