"""``coopscope demo``: generate the demo world, ingest it, run every analysis, write the report."""

from __future__ import annotations

import time
from pathlib import Path

import click

from coopscope.api.demo import run_demo
from coopscope.api.settings import cache_dir
from coopscope.api.workspace import remember_demo_store


def register(main: click.Group) -> None:
    """Add the ``demo`` command."""

    @main.command("demo")
    @click.option(
        "--out",
        type=click.Path(path_type=Path),
        default=None,
        help="Folder for the world, store and report (default: the cache folder's demo/).",
    )
    @click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic world.")
    @click.option(
        "--scale",
        type=click.Choice(["tiny", "demo"]),
        default="demo",
        show_default=True,
        help="Size of the synthetic world (tiny: 20k flows a year, for a quick look).",
    )
    @click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True)
    def demo(out: Path | None, seed: int, scale: str, engine: str) -> None:
        """Run coopscope's main job end to end on a SYNTHETIC world it makes itself."""
        out = out or cache_dir() / "demo"
        start = time.perf_counter()
        click.echo("coopscope demo — all data below are SYNTHETIC (made by `coopscope synth`), not real trade.")
        result = run_demo(out, seed=seed, scale=scale, engine=engine, say=click.echo)
        click.echo(f"\nDone in {time.perf_counter() - start:.0f} s. Results (SYNTHETIC data):")
        click.echo(f"  store:   {result.store}   (coopscope store info --store {result.store})")
        for name, path in result.outputs.items():
            click.echo(f"  {name + ':':<8} {path}")
        remember_demo_store(result.store)
        click.echo(
            "\nThis store is now the default (until you set another): try\n"
            "  coopscope dependence --importer KOR --year 2022\n"
            f"To keep it in another shell or script:\n  export COOPSCOPE_STORE={result.store}"
        )
