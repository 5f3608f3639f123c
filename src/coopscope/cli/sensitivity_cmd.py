"""``coopscope sensitivity A B``: how far each dependence flag and pair class depends on its thresholds."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.api import robustness
from coopscope.api.choices import METHODS
from coopscope.cli.common import emit_table, engine_option, format_option, resolve_engine, resolve_store, store_option

LEVELS = {
    "dependence": "dependence",
    "dependence-headline": "dependence_headline",
    "pair": "pair_classes",
    "headline": "headline",
}


def register(main: click.Group) -> None:
    """Add the ``sensitivity`` command."""

    @main.command("sensitivity")
    @click.argument("a", default="KOR")
    @click.argument("b", default="CHN")
    @click.option("--year", default=None, help="Year, e.g. 2022 (default: the latest in the store).")
    @click.option("--method", type=click.Choice(METHODS), default="geodep", show_default=True)
    @click.option(
        "--suppliers", default="USA,JPN,DEU", show_default=True, help="Supplier group S (ISO3, comma-separated)."
    )
    @click.option("--factors", default="0.8,1,1.25", show_default=True, help="Each threshold is scaled by these.")
    @click.option("--level", type=click.Choice(list(LEVELS)), default="dependence", show_default=True,
                  help="per product (dependence, pair) or per setting (dependence-headline, headline).")  # fmt: skip
    @store_option
    @engine_option
    @format_option
    def sensitivity_command(
        a: str,
        b: str,
        year: str | None,
        method: str,
        suppliers: str,
        factors: str,
        level: str,
        store: Path | None,
        engine: str | None,
        fmt: str,
        output: Path | None,
    ) -> None:
        """Share of threshold settings under which each finding holds: robust (≥ 80 %) or fragile (§B4)."""
        try:
            grid = tuple(float(f) for f in factors.split(",") if f.strip())
        except ValueError as exc:
            raise click.BadParameter(f"{factors!r} is not a list of numbers, e.g. 0.8,1,1.25.") from exc
        result = robustness(
            resolve_store(store),
            a=a,
            b=b,
            year=year,
            method=method,
            suppliers=[s.strip().upper() for s in suppliers.split(",") if s.strip()],
            factors=grid,
            engine=resolve_engine(engine),
        )
        note = "SYNTHETIC DATA: not real trade figures" if result.synthetic else ""
        title = f"Robustness of {method} and the pair classes, {result.a}–{result.b} {result.year} ({level})"
        emit_table(getattr(result, LEVELS[level]), fmt, output, title=title, note=note)
