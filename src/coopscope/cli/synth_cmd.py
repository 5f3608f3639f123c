"""``coopscope synth``: write a realistic synthetic world in BACI's release layout."""

from __future__ import annotations

from pathlib import Path

import click

from coopscope.cli.common import parse_years
from coopscope.sources.synth import FLOWS_PER_YEAR, write_world


def register(main: click.Group) -> None:
    """Add the ``synth`` command."""

    @main.command("synth")
    @click.option("--out", type=click.Path(path_type=Path), required=True, help="Folder to write the release into.")
    @click.option(
        "--scale",
        type=click.Choice(list(FLOWS_PER_YEAR)),
        default="demo",
        show_default=True,
        help="Flows per year: tiny 20k, demo 1M, medium 4M, full 10M (BACI's real density).",
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
        path = write_world(out, scale=scale, years=parse_years(years, "--years"), seed=seed, revision=revision)
        click.echo(f"Wrote SYNTHETIC world {path}")
        if firms:
            for written in write_firm_files(out, seed, store):
                click.echo(f"Wrote SYNTHETIC firms {written}")


def write_firm_files(out: Path, seed: int, store: Path | None) -> list[Path]:
    """Write the synthetic firm tables as Parquet into ``out`` (and into ``store`` when given)."""
    import pyarrow.parquet as pq

    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth_firms import synthetic_firms

    data = synthetic_firms(seed)
    paths = [out / "SYNTHETIC_firms.parquet", out / "SYNTHETIC_firm_financials.parquet"]
    pq.write_table(data.firms, paths[0], compression="zstd")
    pq.write_table(data.financials, paths[1], compression="zstd")
    if store is not None:
        write_store_firms(store, data)
        paths.append(store)
    return paths
