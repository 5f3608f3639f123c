"""``coopscope synth``: write a realistic synthetic world in BACI's release layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from coopscope.api.choices import SYNTH_SCALES
from coopscope.api.data import synth as write_synth
from coopscope.cli.common import parse_years


def _scales() -> str:
    return ", ".join(f"{name} {n / 1e6:g}M" if n >= 1e6 else f"{name} {n // 1000}k" for name, n in SYNTH_SCALES.items())


def register(main: click.Group) -> None:
    """Add the ``synth`` command."""

    @main.command("synth")
    @click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to write the release into.")
    @click.option(
        "--scale",
        type=click.Choice(list(SYNTH_SCALES)),
        default="demo",
        show_default=True,
        help=f"Flows per year: {_scales()} (full: BACI's real density).",
    )
    @click.option("--years", default="2019-2023", show_default=True, help="Years, e.g. 2019-2023.")
    @click.option("--seed", type=int, default=0, show_default=True, help="Random seed (same seed, same world).")
    @click.option("--revision", type=click.Choice(["HS17", "HS22"]), default="HS17", show_default=True)
    @click.option(
        "--firms",
        is_flag=True,
        help="Also write firm tables: invented Korean and Chinese SYNTHETIC demo firms "
        "(Parquet files in --out, and into --store when given).",
    )
    @click.option(
        "--store",
        type=click.Path(path_type=Path),
        default=None,
        help="With --firms: also put the firm tables into this store.",
    )
    def synth(out: Path, scale: str, years: str, seed: int, revision: str, firms: bool, store: Path | None) -> None:
        """Write a SYNTHETIC world (BACI layout) calibrated on the real world export matrix."""
        chosen: Any = {"scale": scale, "revision": revision}  # checked by click's choices
        result = write_synth(out, years=parse_years(years, "--years"), seed=seed, firms=firms, store=store, **chosen)
        for row in result.table.to_pylist():
            click.echo(f"Wrote SYNTHETIC {'world' if row['kind'] == 'world' else 'firms'} {row['path']}")
