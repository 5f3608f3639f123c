"""Fitness–Complexity algorithm of Tacchella, Cristelli, Caldarelli, Gabrielli & Pietronero (2012).

Scientific Reports 2, 723 ("A new metrics for countries' fitness and products' complexity"):

    F̃_c(n) = Σ_p M_cp Q_p(n−1)          F_c(n) = F̃_c(n) / mean_c F̃_c(n)
    Q̃_p(n) = 1 / Σ_c M_cp / F_c(n−1)    Q_p(n) = Q̃_p(n) / mean_p Q̃_p(n)

from F(0) = Q(0) = 1, both updated from the previous step (as R ``economiccomplexity``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FitnessResult:
    """Fitness (C,) and complexity (P,), each with mean 1 over the rows that have presence.

    Countries with no presence and products nobody has are NaN (undefined). ``iterations`` is the
    number of updates made; ``converged`` whether the last change fell below the tolerance.
    """

    fitness: np.ndarray
    complexity: np.ndarray
    iterations: int
    converged: bool


def fitness_complexity(m: np.ndarray, *, max_iter: int = 1000, tol: float = 1e-10) -> FitnessResult:
    """Iterate the Fitness–Complexity map on the presence matrix ``m`` (C × P, 0/1).

    Stops when the largest absolute change of F and Q (both mean-normalised) is below ``tol``,
    after ``max_iter`` updates (``tol=0`` runs exactly ``max_iter``), or before a step whose values
    would underflow to 0 (then ``converged`` is False; the ranking is already settled by then,
    Pugliese, Zaccaria & Pietronero 2016).
    """
    rows, cols = m.sum(axis=1) > 0, m.sum(axis=0) > 0
    core = m[np.ix_(rows, cols)]
    f, q = np.ones(core.shape[0]), np.ones(core.shape[1])
    done, n = False, 0
    while n < max_iter and not done:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            f_new = core @ q
            q_new = 1.0 / (core.T @ (1.0 / f))
            f_new /= f_new.mean()
            q_new /= q_new.mean()
        if not (np.isfinite(f_new).all() and np.isfinite(q_new).all() and (f_new > 0).all() and (q_new > 0).all()):
            break  # on a non-nested matrix some values shrink towards 0 until they underflow: keep the last step
        done = max(np.abs(f_new - f).max(), np.abs(q_new - q).max()) < tol
        f, q, n = f_new, q_new, n + 1
    fitness, complexity = np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    fitness[rows], complexity[cols] = f, q
    return FitnessResult(fitness, complexity, n, bool(done))
