"""``coopscope demo``: the main job, end to end, on a synthetic world it makes itself.

Steps: write the demo-scale SYNTHETIC world (BACI layout, 2020–2022, about a million flows a
year), ingest it through the BACI loader, build every analysis table, and write the Korea–China
cooperation report (Excel workbook, HTML brief, tables). Re-running reuses what is already there.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coopscope.api.build import build_store
from coopscope.sources.baci import ingest_baci
from coopscope.sources.fetch_baci import zip_name
from coopscope.sources.synth import RELEASE, write_world

DEMO_YEARS = [2020, 2021, 2022]


@dataclass(frozen=True)
class DemoResult:
    """Where the demo put things and how long each step took (seconds)."""

    world: Path
    store: Path
    report: Path
    outputs: dict[str, Path]
    seconds: dict[str, float] = field(default_factory=dict)


def run_demo(
    out: Path,
    *,
    seed: int = 0,
    scale: str = "demo",
    engine: str = "duckdb",
    say: Callable[[str], None] = lambda _msg: None,
) -> DemoResult:
    """Run every analysis on the synthetic demo world under ``out``; ``say`` receives progress lines."""
    out = Path(out)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now
        say(f"  {name}: {seconds[name]:.1f} s")

    world = out / f"world-{scale}-seed{seed}"
    zip_path = world / zip_name("HS17", RELEASE)
    if not zip_path.exists():
        say(f"Writing the SYNTHETIC {scale} world into {world} …")
        write_world(world, scale=scale, years=DEMO_YEARS, seed=seed)
    step("world")
    store = out / f"store-{scale}-seed{seed}"
    say(f"Ingesting it into the store {store} …")
    ingest_baci(zip_path, store)
    step("ingest")
    say("Building dependence and complexity tables for every importer, product and year …")
    build_store(store, engine=engine)
    step("build")
    say("Adding firms: the real KRX listing with SYNTHETIC financials and a SYNTHETIC Chinese list …")
    _firms(store, seed)
    step("firms")
    report_dir = out / "report"
    say("Writing the Korea–China cooperation report …")
    outputs = _report(store, report_dir, engine)
    step("report")
    return DemoResult(zip_path, store, report_dir, outputs, seconds)


def _firms(store: Path, seed: int) -> None:
    from coopscope.firms.synth import synthetic_firms
    from coopscope.sources.firm_tables import write_store_firms

    write_store_firms(store, synthetic_firms(seed))


def _report(store: Path, out: Path, engine: str) -> dict[str, Path]:
    from coopscope.report import write_report

    paths = write_report(
        store,
        out,
        a="KOR",
        b="CHN",
        year=DEMO_YEARS[-1],
        suppliers=("USA", "JPN", "DEU"),
        method="geodep",
        engine=engine,
    )
    return {k: Path(v) for k, v in vars(paths).items() if isinstance(v, str | Path)}
