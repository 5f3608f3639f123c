"""``coopscope demo`` cold and warm, the full synthetic world, and the world's calibration figures.

Usage: ``python -m benchmarks demo [--work DIR] [--repeat 3] [--scale demo] [--full] [--full-years 1995-2023]
[--calibration]``

* cold: the whole demo into an empty folder (median of ``--repeat`` runs, each in a fresh process);
  goal ≤ 60 s; the median wall and CPU seconds of each step (world, ingest, build, firms, report)
  are printed below the table;
* warm: the demo again on the folder of a finished run (reuses everything); goal ≤ 10 s;
* ``--full``: ``synth --scale full --years 1995-2023`` once: seconds and peak memory
  (``--full-years 1995-1996`` times fewer years, e.g. to check the benchmark itself);
* ``--calibration``: the written world against the aggregates it is calibrated on (no timing):
  per-HS4 exporter rank correlation with the noiseless blend of the two aggregates, Korea's and
  China's export-mix correlation with it, chapter shares against the 2017 aggregate, and the
  base year's chapter shares against the 1998–2000 SITC2 matrix.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path

import numpy as np

from benchmarks.common import measure, report


def _cold(work: Path, scale: str) -> None:
    from coopscope.api.demo import run_demo

    out = Path(tempfile.mkdtemp(prefix="cold-", dir=work))
    try:
        result = run_demo(out, scale=scale)
        steps = {"seconds": result.seconds, "cpu_seconds": result.cpu_seconds}
        (work / f"steps-{out.name}.json").write_text(json.dumps(steps), encoding="utf-8")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _steps(work: Path) -> None:
    """Print the median wall and CPU seconds of each step over the cold runs' records."""
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(work.glob("steps-cold-*.json"))]
    if not runs:
        return
    print(f"\ncold demo by step (median of {len(runs)}){'wall s':>18}{'cpu s':>9}")
    for step in runs[0]["seconds"]:
        wall = statistics.median(r["seconds"][step] for r in runs)
        cpu = statistics.median(r["cpu_seconds"][step] for r in runs)
        print(f"  {step:<38}{wall:>9.1f}{cpu:>9.1f}")


def _warm(folder: Path, scale: str) -> None:
    from coopscope.api.demo import run_demo

    assert run_demo(folder, scale=scale).reused


def _full(work: Path, years: list[int]) -> None:
    from coopscope.sources.synth import write_world

    try:
        write_world(work / "full", scale="full", years=years)
    finally:
        shutil.rmtree(work / "full", ignore_errors=True)


def _years(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def _hs4(values: np.ndarray, products: list[str]) -> tuple[np.ndarray, np.ndarray]:
    keys, inverse = np.unique([p[:4] for p in products], return_inverse=True)
    out = np.zeros((values.shape[0], keys.size))
    np.add.at(out, (slice(None), inverse), values)
    return keys, out


def _written(world: object, year: int, scale: str) -> np.ndarray:
    """(n_c, n_p) exports of the written world in ``year`` (the year after a first one: persistence)."""
    from coopscope.sources.synth import FLOWS_PER_YEAR, yearly_flows

    rng = np.random.default_rng(year)
    *_, (_, flows) = yearly_flows(world, [year - 1, year], FLOWS_PER_YEAR[scale], rng)  # type: ignore[arg-type]
    got = np.zeros(world.mass.shape)  # type: ignore[attr-defined]
    np.add.at(got, (flows.exporter, flows.product), flows.value_usd)
    return got


def calibration_figures(scale: str = "demo") -> dict[str, float]:
    """Internal checks of the written world against the calibration targets (see module docstring)."""
    from scipy.stats import pearsonr, spearmanr

    from coopscope.sources.synth import build_world
    from coopscope.sources.synth_calibration import chapter_exports

    world = build_world("HS17", np.random.default_rng(0))
    cal = world.calibration
    out: dict[str, float] = {}
    for year, target in ((2017, cal.share_2017), (1999, cal.share_1999)):
        got = _written(world, year, scale)
        if year == 2017:
            _, got4 = _hs4(got, world.products)
            _, blend4 = _hs4(world.mass_in(year), world.products)
            top = np.argsort(-blend4.sum(axis=0))[:300]
            rho = [spearmanr(got4[:, k], blend4[:, k])[0] for k in top]
            present = [spearmanr(got4[got4[:, k] > 0, k], blend4[got4[:, k] > 0, k])[0] for k in top]
            out["hs4_exporter_spearman_vs_blend_all_countries"] = float(np.mean(rho))
            out["hs4_exporter_spearman_vs_blend_exporters_present"] = float(np.mean(present))
            for code in ("KOR", "CHN"):
                k = world.iso3.index(code)
                out[f"{code}_hs4_mix_pearson_vs_blend"] = float(pearsonr(got4[k], blend4[k])[0])
        chapters = np.zeros((got.shape[0], len(cal.chapters)))
        np.add.at(chapters, (slice(None), cal.chapter_of), got)
        largest = np.argsort(-chapter_exports(cal, year).sum(axis=1))[:25]
        tv = 0.5 * np.abs(_shares(chapters[largest]) - target[largest]).sum(axis=1)
        source = "2017_aggregate" if year == 2017 else "sitc2_1998_2000"
        out[f"chapter_tv_{year}_vs_{source}_median_top25"] = float(np.median(tv))
        out[f"chapter_tv_{year}_vs_{source}_max_top25"] = float(tv.max())
    return out


def _shares(values: np.ndarray) -> np.ndarray:
    return values / values.sum(axis=1, keepdims=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks demo", description=__doc__)
    parser.add_argument("--work", type=Path, default=None, help="Scratch folder (default: a temporary one).")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="demo", choices=["tiny", "demo"])
    parser.add_argument("--full", action="store_true", help="Also time synth --scale full --years 1995-2023 once.")
    parser.add_argument("--full-years", default="1995-2023", help="Years of --full (default 1995-2023).")
    parser.add_argument("--no-demo", action="store_true", help="Skip the cold and warm demo (with --full).")
    parser.add_argument("--calibration", action="store_true", help="Only print the calibration figures.")
    args = parser.parse_args(argv)
    if args.calibration:
        for name, value in calibration_figures(args.scale).items():
            print(f"{name:<56}{value:>8.3f}")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="coopscope-bench-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = [] if args.no_demo else _demo_rows(work, args.scale, args.repeat)
    if args.full:
        years = _years(args.full_years)
        label = f"synth --scale full --years {years[0]}-{years[-1]} (once)"
        rows.append((label, *measure(_full, work, years, repeat=1)))
    if not rows:
        return 0
    report(f"demo benchmark (scale {args.scale})", rows, baseline=rows[0][0])
    _steps(work)
    print("goals: cold ≤ 60 s, warm ≤ 10 s (issue 15); cpu s = CPU seconds of every thread of the run")
    return 0


def _demo_rows(work: Path, scale: str, repeat: int) -> list[tuple[str, float, float]]:
    from coopscope.api.demo import run_demo

    cold = measure(_cold, work, scale, repeat=repeat)
    run_demo(work / "warm", scale=scale)
    warm = measure(_warm, work / "warm", scale, repeat=repeat)
    return [("coopscope demo, cold", *cold), ("coopscope demo, warm (reuses the last run)", *warm)]
