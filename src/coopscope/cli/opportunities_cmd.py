"""``coopscope opportunities A B``: products each could develop next, close to the other's strengths."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api import co_development
from coopscope.api.choices import STRATEGIES
from coopscope.cli.common import (
    emit_table,
    engine_option,
    format_option,
    resolve_engine,
    resolve_store,
    store_option,
    to_option,
)

COMPACT = ("country", "group", "rank", "product", "description", "density", "pci", "cog", "partner_rca", "mark",
           "score")  # fmt: skip


def register(main: click.Group) -> None:
    """Add the ``opportunities`` command."""

    @main.command("opportunities")
    @click.argument("a", default="KOR")
    @click.argument("b", default="CHN")
    @click.option("--year", default=None, help="Year, e.g. 2022 (default: the latest in the store).")
    @click.option("--strategy", "preset", type=click.Choice(list(STRATEGIES)), default="balanced", show_default=True,
                  help="Weights on density, PCI and opportunity gain (shown with the result).")  # fmt: skip
    @click.option("--area", default=None, help="Only this AI area (e.g. robotics).")
    @click.option("--top", type=int, default=20, show_default=True, help="Candidates kept per country and group.")
    @store_option
    @engine_option
    @to_option
    @format_option
    def opportunities_command(
        a: str,
        b: str,
        year: str | None,
        preset: str,
        area: str | None,
        top: int,
        store: Path | None,
        engine: str | None,
        to_revision: str | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Co-development opportunities per AI area, marked where the partner leads (METHODS.md §B3)."""
        result = co_development(
            resolve_store(store),
            a=a,
            b=b,
            year=year,
            preset=preset,
            area=area,
            top=top,
            engine=resolve_engine(engine),
            to=to_revision,
        )
        table = result.table
        if fmt == "table":
            table = table.select([c for c in COMPACT if c in table.column_names])
        notes = [*(["SYNTHETIC DATA: not real trade figures"] if result.synthetic else []), *result.notes]
        title = f"Co-development opportunities {result.a}–{result.b}, {result.year} ({preset})"
        emit_table(table, fmt, output, title=title, note=" ".join(notes))
