"""Complexity kernels on a full-scale-like year against py-ecomplexity 0.5.3 in the same process.

Input: the synthetic world of ``coopscope.sources.synth`` (about 230 countries × 5,400 HS6 products,
calibrated on the real export matrix) with log-normal noise, fixed seed. The peer
(``pip install ecomplexity==0.5.3 --no-deps``, benchmark only) is run on the same long table with
NaNs filled; its k-NN import of scikit-learn is stubbed because the benchmark never asks for k-NN
from it. Prints medians, ratios to the peer and peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import types
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from benchmarks.common import measure, report
from coopscope.indicators import complexity_kernels as k
from coopscope.indicators.complexity import compute_complexity
from coopscope.indicators.fitness import fitness_complexity

PEER = "ecomplexity 0.5.3 (default options)"


def make_year(seed: int = 0) -> pd.DataFrame:
    """One heavy-tailed year in long form: year, country, product, export_value_usd."""
    from coopscope.sources.synth import build_world

    rng = np.random.default_rng(seed)
    world = build_world("HS17", rng)
    values = world.mass * rng.lognormal(0.0, 1.0, size=world.mass.shape)
    n_c, n_p = values.shape
    return pd.DataFrame(
        {
            "year": 2022,
            "country": np.repeat(world.iso3, n_p),
            "product": np.tile(world.products, n_c),
            "export_value_usd": values.reshape(-1),
        }
    )


def run_peer(table: pd.DataFrame) -> None:
    """py-ecomplexity 0.5.3, default options, NaNs filled (its pandas-3 path needs it)."""
    sys.modules.setdefault("sklearn", types.ModuleType("sklearn"))
    neighbours = types.ModuleType("sklearn.neighbors")
    neighbours.NearestNeighbors = object  # type: ignore[attr-defined]
    sys.modules.setdefault("sklearn.neighbors", neighbours)
    from ecomplexity import ecomplexity

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ecomplexity(
            table.fillna(0.0),
            {"time": "year", "loc": "country", "prod": "product", "val": "export_value_usd"},
            verbose=False,
        )


def kernels(x: np.ndarray) -> dict[str, Callable[[], Any]]:
    """Each kernel on the C × P matrix ``x`` (presence and proximity precomputed where needed)."""
    rca = k.balassa_rca(x)
    m = k.presence(rca, 1.0)
    phi = k.proximity_discrete(m)
    kp = k.eigen_complexity(m)[1]
    pop = np.random.default_rng(1).lognormal(15, 2, x.shape[0])
    return {
        "rca + presence": lambda: k.presence(k.balassa_rca(x), 1.0),
        "rpop + presence": lambda: k.presence(k.rpop(x, pop), 1.0),
        "eci/pci eigenvector (small side)": lambda: k.eigen_complexity(m),
        "eci/pci reflections (20)": lambda: k.reflections_complexity(m),
        "proximity symmetric": lambda: k.proximity_discrete(m),
        "proximity asymmetric": lambda: k.proximity_discrete(m, asymmetric=True),
        "proximity continuous": lambda: k.proximity_continuous(rca),
        "density": lambda: k.density(m, phi),
        "density knn 10": lambda: k.density(m, phi, knn=10),
        "coi + cog": lambda: (k.complexity_outlook(m, k.density(m, phi), kp), k.complexity_outlook_gain(m, phi, kp)),
        "fitness-complexity": lambda: fitness_complexity(m),
    }


def main(argv: list[str]) -> int:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks complexity")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each coopscope row (peer runs once)")
    args = parser.parse_args(argv)
    table = make_year()
    x = table["export_value_usd"].to_numpy().reshape(table["country"].nunique(), -1)
    parent_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"input: {x.shape[0]} countries × {x.shape[1]} products, {len(table):,} cells; "
        f"parent process {parent_mib:.0f} MiB before forking (included in each peak)"
    )
    # Forked, not served: the kernels are closures (they do not pickle), and this process never
    # opens DuckDB or Spark, so there are no engine threads to copy.
    rows = [(PEER, *measure(run_peer, table, repeat=1, start_method="fork"))]
    rows.append(
        (
            "coopscope compute_complexity (all tables)",
            *measure(compute_complexity, table, repeat=args.repeat, start_method="fork"),
        )
    )
    kernel_rows = [
        (f"  kernel: {name}", *measure(fn, repeat=args.repeat, start_method="fork")) for name, fn in kernels(x).items()
    ]
    rows.append(
        ("every kernel, one after another (sum)", sum(r[1] for r in kernel_rows), max(r[2] for r in kernel_rows))
    )
    rows.extend(kernel_rows)
    report("Economic complexity, one full-scale-like year", rows, PEER, goal_ratio=1 / 30, goal_mib=1024)
    return 0
