"""Bilateral flows of the SYNTHETIC world, year by year, vectorised with NumPy.

Each year (see :mod:`coopscope.sources.synth` for the whole model):

1. **cells**: (exporter, product) cells are drawn ∝ mass^CELL_POWER, so small cells get some flows;
2. **importers** ∝ demand[j, group(p)] × gravity[i, j], by sampling-importance-resampling: ``CANDIDATES``
   importers drawn from the demand group of p, one kept with weights gravity[i, j]
   (1 / (distance + 5), × ``REGION_TIE`` inside a region; a country never imports from itself);
3. **heavy tails**: each draw carries a log-normal weight (σ = ``SPLIT_SIGMA``); repeated draws of
   one flow add up;
4. **persistence**: from the second year on, a flow survives with probability 0.80 (0.95 when
   above USD 10,000) and drifts log-normally (σ = 0.15); new draws fill the rest;
5. **calibration**: each (exporter, product) cell's flows are scaled to the year's mass times a
   persistent cell noise, AR(1) in logs (ρ = ``NOISE_RHO``, σ = ``NOISE_SIGMA``), so exporter
   totals keep the calibrated structure; every product is traded every year (a product with no
   draw gets one flow from its largest exporter to its largest importer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CANDIDATES = 6
CELL_POWER = 0.35  # below 0.5 so that small exporters keep a few flows, as in BACI
REGION_TIE = 2.5
SPLIT_SIGMA = 1.1
NOISE_RHO, NOISE_SIGMA = 0.8, 0.25
CHUNK = 500_000  # draws per block: bounds the candidate arrays' memory


@dataclass(frozen=True)
class Flows:
    """One year's flows as parallel arrays of country indices, product indices and USD values."""

    exporter: np.ndarray
    importer: np.ndarray
    product: np.ndarray
    value_usd: np.ndarray


_FIELDS = ("exporter", "importer", "product", "value_usd")


def gravity(position: np.ndarray, region: np.ndarray) -> np.ndarray:
    """(n_c, n_c) gravity weights: 1 / (distance + 5), × REGION_TIE within a region, 0 on the diagonal.

    ``region``: (n_c,) region index, −1 for none.
    """
    dist = np.linalg.norm(position[:, None, :] - position[None, :, :], axis=2)
    same = (region[:, None] == region[None, :]) & (region[:, None] >= 0)
    g = np.where(same, REGION_TIE, 1.0) / (dist + 5.0)
    np.fill_diagonal(g, 0.0)
    return g


@dataclass(frozen=True)
class YearInputs:
    """One year's inputs: mass (n_c, n_p) and demand (n_c, n_g) in USD, group_of (n_p,), gravity (n_c, n_c)."""

    mass: np.ndarray
    demand: np.ndarray
    group_of: np.ndarray
    gravity: np.ndarray


def first_year(inputs: YearInputs, n: int, rng: np.random.Generator) -> tuple[Flows, np.ndarray]:
    """The first year's flows and its cell noise (n_c, n_p)."""
    noise = rng.normal(0.0, NOISE_SIGMA, size=inputs.mass.shape)
    return _calibrate(inputs, _sample(inputs, n, rng), noise), noise


def next_year(
    inputs: YearInputs, last: Flows, noise: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[Flows, np.ndarray]:
    """The next year's flows from the last (survival, drift, new draws) and its cell noise."""
    noise = NOISE_RHO * noise + np.sqrt(1 - NOISE_RHO**2) * rng.normal(0.0, NOISE_SIGMA, size=noise.shape)
    survive = rng.random(last.value_usd.size) < np.where(last.value_usd > 1e4, 0.95, 0.80)
    drift = rng.lognormal(0.0, 0.15, int(survive.sum()))
    kept = Flows(last.exporter[survive], last.importer[survive], last.product[survive], last.value_usd[survive] * drift)
    fresh = _sample(inputs, max(n - kept.value_usd.size, 1), rng)
    n_c, n_p = inputs.mass.shape
    return _calibrate(inputs, _dedupe(_concat(kept, fresh), n_c, n_p), noise), noise


def _concat(a: Flows, b: Flows) -> Flows:
    return Flows(*(np.concatenate([getattr(a, f), getattr(b, f)]) for f in _FIELDS))


def _sample(inputs: YearInputs, n: int, rng: np.random.Generator) -> Flows:
    """About ``n`` distinct flows with raw (uncalibrated) weights."""
    n_c, n_p = inputs.mass.shape
    cell_p = np.cumsum(inputs.mass.ravel() ** CELL_POWER)
    cell_p /= cell_p[-1]
    cdf = _demand_cdf(inputs.demand)
    flows = _draw(inputs, int(n * 1.1), cell_p, cdf, rng)
    for _ in range(3):  # repeated draws merge; top up until about n distinct flows
        if flows.exporter.size >= 0.98 * n:
            break
        more = _draw(inputs, int((n - flows.exporter.size) * 1.3) + 1, cell_p, cdf, rng)
        flows = _dedupe(_concat(flows, more), n_c, n_p)
    return flows


def _demand_cdf(demand: np.ndarray) -> np.ndarray:
    """Per demand group, the cumulative demand over importers, offset by the group index: (n_g · n_c,)."""
    d = demand.T + 1e-300
    cdf = np.cumsum(d, axis=1)
    cdf /= cdf[:, -1:]
    cdf[:, -1] = 1.0
    return (cdf + np.arange(d.shape[0])[:, None]).ravel()


def _draw(inputs: YearInputs, n: int, cell_p: np.ndarray, cdf: np.ndarray, rng: np.random.Generator) -> Flows:
    n_c, n_p = inputs.mass.shape
    # sorted uniforms make the lookups cache-friendly; order is irrelevant (flows are deduplicated)
    cells = np.minimum(np.searchsorted(cell_p, np.sort(rng.random(n))), cell_p.size - 1)
    exporter, product = np.divmod(cells, n_p)
    group = inputs.group_of[product]
    importer = np.concatenate(
        [
            _importers(inputs.gravity, exporter[k : k + CHUNK], group[k : k + CHUNK], cdf, rng)
            for k in range(0, n, CHUNK)
        ]
    )
    value = rng.lognormal(0.0, SPLIT_SIGMA, size=n)
    return _dedupe(Flows(exporter, importer, product, value), n_c, n_p)


def _importers(
    grav: np.ndarray, exporter: np.ndarray, group: np.ndarray, cdf: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """One importer per draw: CANDIDATES from the group's demand, one kept by gravity weight."""
    n, n_c = exporter.size, grav.shape[0]
    u = group[:, None] + rng.random((n, CANDIDATES))
    cand = np.clip(np.searchsorted(cdf, u) - group[:, None] * n_c, 0, n_c - 1)
    weight = grav[exporter[:, None], cand] + 1e-12 * (cand != exporter[:, None])
    cum = np.cumsum(weight, axis=1)
    pick = (cum < rng.random(n)[:, None] * cum[:, -1:]).sum(axis=1)
    importer = cand[np.arange(n), np.minimum(pick, CANDIDATES - 1)]
    self_trade = importer == exporter
    importer[self_trade] = (exporter[self_trade] + rng.integers(1, n_c, int(self_trade.sum()))) % n_c
    return importer


def _dedupe(flows: Flows, n_c: int, n_p: int) -> Flows:
    """Merge repeated (exporter, importer, product) draws, summing their values."""
    key = (flows.exporter.astype(np.int64) * n_c + flows.importer) * n_p + flows.product
    uniq, inverse = np.unique(key, return_inverse=True)
    value = np.bincount(inverse, weights=flows.value_usd)
    rest, product = np.divmod(uniq, n_p)
    exporter, importer = np.divmod(rest, n_c)
    return Flows(exporter, importer, product, value)


def _calibrate(inputs: YearInputs, flows: Flows, noise: np.ndarray) -> Flows:
    """Cover every product, then scale each (exporter, product) cell to mass × exp(noise)."""
    flows = _cover_products(inputs, flows)
    n_c, n_p = inputs.mass.shape
    cell = flows.exporter * n_p + flows.product
    cell_sum = np.bincount(cell, weights=flows.value_usd, minlength=n_c * n_p)
    target = (inputs.mass * np.exp(noise)).ravel()
    value = flows.value_usd * target[cell] / cell_sum[cell]
    return Flows(flows.exporter, flows.importer, flows.product, np.maximum(value, 1.0))


def _cover_products(inputs: YearInputs, flows: Flows) -> Flows:
    n_c, n_p = inputs.mass.shape
    missing = np.flatnonzero(np.bincount(flows.product, minlength=n_p) == 0)
    if missing.size == 0:
        return flows
    exporter = inputs.mass[:, missing].argmax(axis=0)
    wants = inputs.demand[:, inputs.group_of[missing]].copy()
    wants[exporter, np.arange(missing.size)] = -1.0
    extra = Flows(exporter, wants.argmax(axis=0), missing, np.ones(missing.size))
    return _dedupe(_concat(flows, extra), n_c, n_p)
