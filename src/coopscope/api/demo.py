"""``coopscope demo``: the main job, end to end, on a SYNTHETIC world it makes itself.

Steps: write the SYNTHETIC world (BACI layout; ten consecutive years at the ``demo`` scale, six
at ``tiny``), ingest it through the BACI loader, build every analysis table, add SYNTHETIC demo
firms and write the Korea–China cooperation report (Excel workbook, HTML brief, tables).

Every folder it makes is named ``SYNTHETIC-…`` (the world's zip keeps BACI's file name so that
the loader reads it, and carries the SYNTHETIC marker inside).

Re-running reuses what is already there: the world is written once per scale, seed and years;
ingesting a known release changes nothing; and when the store's manifest is the one recorded
after the last complete run (``report/demo-done.json``) and every output still exists, the
build, firms and report steps are skipped.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coopscope.api.build import build_store
from coopscope.classify.countries import ADVANCED
from coopscope.sources.baci import ingest_baci
from coopscope.sources.fetch_baci import zip_name
from coopscope.sources.synth import GENERATOR_VERSION, RELEASE, write_world
from coopscope.store import Store

DEMO_YEARS = {"tiny": list(range(2017, 2023)), "demo": list(range(2013, 2023))}
SUPPLIERS = ADVANCED


@dataclass(frozen=True)
class DemoResult:
    """Where the demo put things, how long each step took and whether it reused a run.

    ``seconds``: wall-clock seconds per step; ``cpu_seconds``: the process's CPU seconds per step
    (every thread; steadier than wall time on a busy machine).
    """

    world: Path
    store: Path
    report: Path
    outputs: dict[str, Path]
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False
    cpu_seconds: dict[str, float] = field(default_factory=dict)


def demo_years(scale: str) -> list[int]:
    """The consecutive years of the demo world at ``scale`` (ten; six at ``tiny``)."""
    return DEMO_YEARS.get(scale, DEMO_YEARS["demo"])


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
    years = demo_years(scale)
    clock = _Clock(say)
    world = out / f"SYNTHETIC-world-{scale}-seed{seed}-{years[0]}-{years[-1]}-g{GENERATOR_VERSION}"
    zip_path = world / zip_name("HS17", RELEASE)
    if not zip_path.exists():
        say(f"Writing the SYNTHETIC {scale} world ({years[0]}–{years[-1]}) into {world} …")
        write_world(world, scale=scale, years=years, seed=seed)
    clock.step("world")
    store = out / f"SYNTHETIC-store-{scale}-seed{seed}"
    say(f"Ingesting it into the store {store} …")
    ingest_baci(zip_path, store)
    clock.step("ingest")
    report_dir = out / "report"
    outputs = _reusable(store, report_dir)
    if outputs is not None:
        say("Reusing the tables, SYNTHETIC firms and report of the last run (nothing changed).")
        return DemoResult(zip_path, store, report_dir, outputs, clock.seconds, True, clock.cpu)
    say("Building dependence and complexity tables for every importer, product and year …")
    build_store(store, engine=engine)
    clock.step("build")
    say("Adding SYNTHETIC demo firms (Korean and Chinese, invented names) …")
    _firms(store, seed, years)
    clock.step("firms")
    say("Writing the Korea–China cooperation report …")
    outputs = _report(store, report_dir, engine, years[-1])
    clock.step("report")
    _remember(store, report_dir, outputs)
    return DemoResult(zip_path, store, report_dir, outputs, clock.seconds, False, clock.cpu)


class _Clock:
    def __init__(self, say: Callable[[str], None]) -> None:
        self.say, self.last, self.last_cpu = say, time.perf_counter(), time.process_time()
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def step(self, name: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        self.seconds[name], self.cpu[name] = now - self.last, cpu - self.last_cpu
        self.last, self.last_cpu = now, cpu
        self.say(f"  {name}: {self.seconds[name]:.1f} s")


def _stamp_path(report_dir: Path) -> Path:
    return report_dir / "demo-done.json"


def _manifest_digest(store: Path) -> str:
    text = json.dumps(Store.open(store).manifest(), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reusable(store: Path, report_dir: Path) -> dict[str, Path] | None:
    """The last run's outputs when the store is unchanged and they all exist, else None."""
    try:
        stamp = json.loads(_stamp_path(report_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    outputs = {k: Path(v) for k, v in stamp.get("outputs", {}).items()}
    if stamp.get("store") != str(store.resolve()) or stamp.get("manifest") != _manifest_digest(store):
        return None
    return outputs if outputs and all(p.exists() for p in outputs.values()) else None


def _remember(store: Path, report_dir: Path, outputs: dict[str, Path]) -> None:
    stamp = {
        "note": "SYNTHETIC demo run record (coopscope demo): lets a second run reuse the results.",
        "store": str(store.resolve()),
        "manifest": _manifest_digest(store),
        "outputs": {k: str(v) for k, v in outputs.items()},
    }
    path = _stamp_path(report_dir)
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    tmp.replace(path)


def _firms(store: Path, seed: int, years: list[int]) -> None:
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth_firms import synthetic_firms

    write_store_firms(store, synthetic_firms(seed, years=tuple(years[-3:])))


def _report(store: Path, out: Path, engine: str, year: int) -> dict[str, Path]:
    from coopscope.report import write_report

    paths = write_report(store, out, a="KOR", b="CHN", year=year, suppliers=SUPPLIERS, method="geodep", engine=engine)
    return {k: Path(v) for k, v in vars(paths).items() if isinstance(v, str | Path)}
