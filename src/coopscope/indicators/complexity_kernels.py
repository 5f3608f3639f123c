"""Pure NumPy kernels of economic complexity, with the semantics of Harvard's Stata ``ecomplexity``.

Arrays: ``x`` exports (C × P, USD), ``m`` presence (C × P, 0/1), ``phi`` proximity (P × P),
``density`` (C × P), ``kc``/``kp`` raw (un-normalised) country and product complexity (C,) / (P,).
Definitions: METHODS.md §3.3, from the Stata ado files (complexity_rca, complexity_rpop, proxdiscrete,
proxcontinous, calculate_density, ecipci, coicog) of cid-harvard/ecomplexity. A NaN result
reproduces Stata's missing values (e.g. a product nobody exports with advantage makes the
proximity, hence every density, missing; a country with no advantage makes ECI/PCI missing).
"""

from __future__ import annotations

import numpy as np

_BLOCK = 512  # columns per block in the k-nearest-neighbour step, to bound memory


def balassa_rca(x: np.ndarray) -> np.ndarray:
    """Balassa RCA_cp = (X_cp / Σ_p X_cp) / (Σ_c X_cp / Σ_cp X_cp); C × P → C × P (Balassa 1965)."""
    total = x.sum()
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero total gives NaN, Stata's missing
        return (x / x.sum(axis=1, keepdims=True)) / (x.sum(axis=0, keepdims=True) / total)


def rpop(x: np.ndarray, population: np.ndarray) -> np.ndarray:
    """Revealed per-capita advantage RPOP_cp = (X_cp / pop_c) / (Σ_c X_cp / Σ_c pop_c); C × P, (C,) → C × P.

    As Stata's ``complexity_rpop``: (X_cp / X_p) / (pop_c / Σ_c pop_c).
    """
    pop = population.reshape(-1, 1)
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero total gives NaN, Stata's missing
        return (x / x.sum(axis=0, keepdims=True)) / (pop / pop.sum())


def presence(levels: np.ndarray, threshold: float) -> np.ndarray:
    """Presence M_cp = 1 if level > threshold (strict, as Stata ``RCA :> threshold``), else 0."""
    return (levels > threshold).astype(np.float64)


def diversity_ubiquity(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Diversity k_c0 = Σ_p M_cp (C,) and ubiquity k_p0 = Σ_c M_cp (P,)."""
    return m.sum(axis=1), m.sum(axis=0)


def eigen_complexity(m: np.ndarray, *, exports: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Raw ECI and PCI by the eigenvector method (Hidalgo & Hausmann 2009; Atlas 2011): (kc (C,), kp (P,)).

    kp is the eigenvector of the second-largest eigenvalue of M̃ = D_p⁻¹ M' D_c⁻¹ M and
    kc = D_c⁻¹ M kp (a country's mean product complexity). It is solved on the smaller side through
    the symmetric matrix A A' or A' A with A = D_c^-½ M D_p^-½, which shares M̃'s spectrum.
    The sign makes kc correlate positively with diversity (Stata flips unless the correlation is > 0);
    ``exports`` (C,), each country's total exports, breaks the ties that M alone cannot (see :func:`_signed`).
    """
    kc0, kp0 = diversity_ubiquity(m)
    if not (kc0 > 0).all() or not (kp0 > 0).all():
        return np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    a = m / np.sqrt(kc0)[:, None] / np.sqrt(kp0)[None, :]
    if m.shape[0] <= m.shape[1]:
        u = np.linalg.eigh(a @ a.T)[1][:, -2]
        kp = (m.T @ (u / np.sqrt(kc0))) / kp0
    else:
        kp = np.linalg.eigh(a.T @ a)[1][:, -2] / np.sqrt(kp0)
    return _signed(m, kc0, kp, exports)


def reflections_complexity(m: np.ndarray, *, iterations: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Raw ECI and PCI by the method of reflections, as R ``economiccomplexity`` takes them: (kc (C,), kp (P,)).

    k_c,N = Σ_p M_cp k_p,N−1 / k_c0 and k_p,N = Σ_c M_cp k_c,N−1 / k_p0, from k_c0, k_p0 (Hidalgo &
    Hausmann 2009, PNAS). With ``iterations`` = N (even, ≥ 2; R's column count, the start included)
    ECI is k_c,N−2 and PCI is k_p,N−1 = D_p⁻¹ M' k_c,N−2, so PCI is the mean ECI of a product's
    exporters (R ``reflections_method_``, src/code.cpp). No sign is imposed: the iteration fixes it.
    Its ranking tends to the eigenvector method's as N grows (Atlas 2011, Technical Box).
    """
    kc0, kp0 = diversity_ubiquity(m)
    if not (kc0 > 0).all() or not (kp0 > 0).all():
        return np.full(m.shape[0], np.nan), np.full(m.shape[1], np.nan)
    kc = kc0.astype(np.float64)
    for _ in range((iterations - 2) // 2):  # one pass is two reflections: k_c,n → k_p,n+1 → k_c,n+2
        kc = m @ ((m.T @ kc) / kp0) / kc0
        # Removing the trivial (constant) component changes no standardised value, but keeps the
        # shrinking non-trivial part from drowning in rounding error as N grows.
        kc -= (kc0 @ kc) / kc0.sum()
    return kc, (m.T @ kc) / kp0


def _signed(
    m: np.ndarray, kc0: np.ndarray, kp: np.ndarray, exports: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Orient the eigenvector: ECI correlates positively with diversity (Stata's rule).

    Where that correlation is 0 or undefined (e.g. every country equally diverse) Stata keeps the
    solver's arbitrary sign. Here the next rule that decides wins: PCI correlates negatively with
    ubiquity; ECI is skewed to the right; ECI correlates positively with total exports; the largest
    exporter with a non-zero ECI has ECI > 0. Each is a function of the values alone, never of row
    order or labels; only the last two can break a symmetry of M (an automorphism mapping kc to −kc).
    """
    kc = (m @ kp) / kc0
    pairs = [(kc0, kc, 1.0), (m.sum(axis=0), kp, -1.0)]
    for x, y, want in pairs:
        correlation = _covariance_sign(x, y)
        if correlation:
            return want * correlation * kc, want * correlation * kp
    sign = _skew_sign(kc) or (_exports_sign(kc, exports) if exports is not None else 0.0) or 1.0
    return sign * kc, sign * kp


def _skew_sign(kc: np.ndarray) -> float:
    """+1 or −1 by the sign of the third central moment, 0 when it is zero up to rounding."""
    centred = kc - kc.mean()
    skew = float((centred**3).sum())
    return 0.0 if abs(skew) <= 1e-12 * float(np.abs(centred).max() ** 3 * kc.size) else float(np.sign(skew))


def _exports_sign(kc: np.ndarray, exports: np.ndarray) -> float:
    """The sign that makes ECI correlate positively with exports, else the largest exporter's sign."""
    by_correlation = _covariance_sign(exports, kc)
    if by_correlation:
        return by_correlation
    scale = float(np.abs(kc).max())
    for i in np.argsort(-exports, kind="stable"):
        if abs(kc[i]) > 1e-12 * scale and np.count_nonzero(exports == exports[i]) == 1:
            return float(np.sign(kc[i]))
    return 0.0


def _covariance_sign(x: np.ndarray, y: np.ndarray) -> float:
    """+1, −1, or 0 when the covariance is zero up to rounding (or a series is constant)."""
    a, b = x - x.mean(), y - y.mean()
    scale = float(np.linalg.norm(a) * np.linalg.norm(b))
    covariance = float(a @ b)
    return 0.0 if scale == 0.0 or abs(covariance) <= 1e-12 * scale else float(np.sign(covariance))


def long_sd(kc: np.ndarray, n_products: int) -> tuple[float, float]:
    """Mean and sd (ddof 1) of a country value repeated over the C × P long rows, as Stata ``summarize``."""
    mean = float(kc.mean())
    n = kc.size * n_products
    return mean, float(np.sqrt(n_products * ((kc - mean) ** 2).sum() / (n - 1)))


def own_scale(values: np.ndarray) -> np.ndarray:
    """Standardise with the values' own mean and sd (ddof 1), as R ``stats::sd`` / Armadillo ``stddev``."""
    return (values - values.mean()) / values.std(ddof=1)


def proximity_discrete(m: np.ndarray, *, asymmetric: bool = False) -> np.ndarray:
    """Co-export proximity (Hidalgo et al. 2007, Science), P × P with a zero diagonal.

    Symmetric: φ_pp' = Σ_c M_cp M_cp' / max(k_p0, k_p'0). Asymmetric (Stata ``asym``):
    φ_pp' = Σ_c M_cp M_cp' / k_p0 = P(p' | p). Products with zero ubiquity give NaN.
    """
    binary = m.astype(np.float32)  # 0/1 counts ≤ 2^24 are exact in float32: half the memory, same numbers
    phi = (binary.T @ binary).astype(np.float64)
    del binary
    kp0 = m.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        for start in range(0, phi.shape[0], _BLOCK):  # by row blocks: no P × P temporary of divisors
            rows = slice(start, start + _BLOCK)
            phi[rows] /= kp0[rows, None] if asymmetric else np.maximum(kp0[rows, None], kp0[None, :])
    np.fill_diagonal(phi, 0.0)
    absent = kp0 == 0
    phi[absent, :] = np.nan  # Stata: 0/0 in P(p'|p) is missing, and min(missing, x) is missing
    if not asymmetric:
        phi[:, absent] = np.nan
    return phi


def proximity_continuous(levels: np.ndarray) -> np.ndarray:
    """Continuous proximity φ = (1 + corr(levels_p, levels_p')) / 2 with a zero diagonal; C × P → P × P.

    ``levels`` is RCA (or RPOP); the correlation is Pearson's over countries (Stata ``proxcontinous``).
    """
    centred = levels - levels.mean(axis=0, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        centred /= np.sqrt((centred**2).sum(axis=0, keepdims=True))
    phi = centred.T @ centred
    phi += 1.0
    phi *= 0.5
    np.fill_diagonal(phi, 0.0)
    return phi


def density(levels: np.ndarray, phi: np.ndarray, *, knn: int | None = None) -> np.ndarray:
    """Relatedness density ω_cp = Σ_p' L_cp' φ_pp' / Σ_p' φ_pp' (Hidalgo et al. 2007); C × P, P × P → C × P.

    ``levels`` L is M (discrete) or RCA/RPOP (continuous). With ``knn`` = k, only the entries of
    row p of φ that are ≥ its k-th largest value are kept (ties kept) before weighting, as Stata
    ``calculate_density, knn(k)`` documents. Any NaN proximity makes every density NaN, as a
    missing value spreads through Stata's matrix product. (Stata's own knn fixtures drop the k-th
    neighbour in some columns: in discrete runs exactly where the k-th largest proximity is 3/5,
    a floating-point artefact of its comparison; that is not imitated. See
    tests/complexity/test_complexity_stata.py.)
    For asymmetric φ_pp' = P(p' | p) this weights p's neighbours by how often p's exporters also
    export them, which is what Stata's results show.
    """
    if np.isnan(phi).any():
        return np.full((levels.shape[0], phi.shape[0]), np.nan)
    weights = phi.T  # a view: column p holds the proximities of product p
    if knn is not None:
        return _knn_density(levels, weights, knn)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (levels @ weights) / weights.sum(axis=0)[None, :]


def _knn_density(levels: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    out = np.empty((levels.shape[0], weights.shape[1]))
    rank = min(k, weights.shape[0]) - 1
    for start in range(0, weights.shape[1], _BLOCK):
        block = weights[:, start : start + _BLOCK]
        kth = -np.partition(-block, rank, axis=0)[rank]
        simi = np.where(block >= kth[None, :], block, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out[:, start : start + _BLOCK] = (levels @ simi) / simi.sum(axis=0)[None, :]
    return out


def complexity_outlook(m: np.ndarray, density_cp: np.ndarray, kp: np.ndarray) -> np.ndarray:
    """Raw complexity outlook index COI_c = Σ_p (1 − M_cp) ω_cp kp_p (Hausmann et al. 2014); → (C,)."""
    return ((1.0 - m) * density_cp) @ kp


def complexity_outlook_gain(m: np.ndarray, phi: np.ndarray, kp: np.ndarray) -> np.ndarray:
    """Raw complexity outlook gain, C × P (Stata ``coicog``).

    COG_cp = (1 − M_cp) Σ_p' (1 − M_cp') φ_p'p kp_p' / Σ_p'' φ_p'p''.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = kp / phi.sum(axis=1)
    return (1.0 - m) * (((1.0 - m) * weight[None, :]) @ phi)
