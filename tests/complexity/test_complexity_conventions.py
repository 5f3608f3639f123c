"""Complexity conventions side by side: R ``economiccomplexity`` reproduced on the 1998–2000 world matrix.

R's reflections are transcribed here literally from ``reflections_method_`` (src/code.cpp of
pachadotdev/economiccomplexity): no centring, every column kept, ECI from column N − 2 and PCI from
column N − 1 (0-based), each standardised with its own mean and sd (ddof 1), here in extended
precision (long double). coopscope's kernel computes the same numbers another way (centred double
steps), so agreement to 1e-9 tests both. R's own float64 arithmetic loses digits as N grows: the
spread of k_c,18 is 5e-8 of its mean on this matrix, so R's N = 20 results carry ~7e-9 of rounding
error (measured below), and from N ≈ 36 on they are rounding noise; coopscope's centred steps are not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pytest
from complexity_helpers import DATA

from coopscope.errors import OptionError
from coopscope.indicators.complexity import compute_complexity
from coopscope.indicators.matrix import long_to_matrix

R_OUT = DATA / "economiccomplexity"
R_PRESENCE = 1.0 - 1e-12  # > 1 − ε reproduces R's RCA ≥ 1 on this matrix (see test_complexity_reference_r.py)


@pytest.fixture(scope="module")
def world():
    options = pacsv.ConvertOptions(column_types={"country": "string", "product": "string"})
    table = pacsv.read_csv(DATA / "world-exports-sitc2-4d-avg-1998-2000.csv", convert_options=options)
    return long_to_matrix(table, value="value")


@pytest.fixture(scope="module")
def world_long(world):
    return pd.DataFrame(
        {
            "year": 2000,
            "country": np.repeat(world.countries, len(world.products)),
            "product": np.tile(world.products, len(world.countries)),
            "export_value_usd": world.values.reshape(-1),
        }
    )


def r_reflections(m: np.ndarray, iterations: int, dtype: type = np.longdouble) -> tuple[np.ndarray, np.ndarray]:
    """R economiccomplexity's reflections_method_, line by line (in ``dtype`` arithmetic)."""
    m = m.astype(dtype)
    rows, cols = m.sum(axis=1), m.sum(axis=0)
    kx, ky = np.zeros((m.shape[0], iterations), dtype), np.zeros((m.shape[1], iterations), dtype)
    kx[:, 0], ky[:, 0] = rows, cols
    for j in range(1, iterations):
        kx[:, j] = (m @ ky[:, j - 1]) / rows
        ky[:, j] = (m.T @ kx[:, j - 1]) / cols
    x, y = kx[:, iterations - 2], ky[:, iterations - 1]
    eci, pci = (x - x.mean()) / x.std(ddof=1), (y - y.mean()) / y.std(ddof=1)
    return eci.astype(np.float64), pci.astype(np.float64)


def _r_presence(world) -> np.ndarray:
    ones = pd.read_csv(R_OUT / "balassa-binary-ones.csv", dtype={"product": str})
    m = np.zeros(world.values.shape)
    m[np.searchsorted(world.countries, ones["country"]), np.searchsorted(world.products, ones["product"])] = 1.0
    return m


@pytest.mark.parametrize("iterations", [2, 4, 10, 20], ids=lambda n: f"N={n}")
def test_reflections_with_own_scale_equal_r(world, world_long, iterations):
    eci_r, pci_r = r_reflections(_r_presence(world), iterations)
    got = compute_complexity(
        world_long, threshold=R_PRESENCE, method="reflections", iterations=iterations, pci_scale="own"
    )
    np.testing.assert_allclose(got.countries["eci"].to_numpy(), eci_r, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got.products["pci"].to_numpy(), pci_r, rtol=0, atol=1e-9)


def test_r_in_float64_carries_its_rounding_error_at_twenty(world, world_long):
    eci_r64, _ = r_reflections(_r_presence(world), 20, np.float64)
    eci_exact, _ = r_reflections(_r_presence(world), 20)
    got = compute_complexity(world_long, threshold=R_PRESENCE, method="reflections", iterations=20, pci_scale="own")
    error_r = np.abs(eci_r64 - eci_exact).max()
    assert 1e-10 < error_r < 1e-7
    assert np.abs(got.countries["eci"].to_numpy() - eci_exact).max() < error_r / 10


def test_stata_scale_differs_from_r_by_the_long_sd_and_ecis_mean(world, world_long):
    eci_r, pci_r = r_reflections(_r_presence(world), 20)
    got = compute_complexity(world_long, threshold=R_PRESENCE, method="reflections", iterations=20)
    eci, pci = got.countries["eci"].to_numpy(), got.products["pci"].to_numpy()
    c, p = world.values.shape
    np.testing.assert_allclose(eci, eci_r * np.sqrt((c * p - 1) / (p * (c - 1))), atol=1e-9)
    assert np.abs(pci - pci_r).max() > 0.01  # PCI on ECI's scale is another number


def test_fitness_with_a_fixed_count_equals_r(world, world_long):
    fitness = pd.read_csv(R_OUT / "fitness-country.csv").set_index("country")["fitness"]
    complexity = pd.read_csv(R_OUT / "complexity-product.csv", dtype={"product": str}).set_index("product")
    got = compute_complexity(world_long, threshold=R_PRESENCE, fitness_iterations=20)
    countries = got.countries.to_pandas().set_index("country")["fitness"]
    products = got.products.to_pandas().set_index("product")["complexity"]
    np.testing.assert_allclose(countries.loc[fitness.index], fitness, rtol=1e-9)
    np.testing.assert_allclose(products.loc[complexity.index], complexity["complexity"], rtol=1e-9)
    converged = compute_complexity(world_long, threshold=R_PRESENCE).countries["fitness"].to_numpy()
    assert np.abs(converged - countries.to_numpy()).max() > 1e-6  # 19 updates are not convergence


@pytest.mark.parametrize(
    "options",
    [{"method": "reflections", "iterations": 19}, {"fitness_iterations": 1}, {"pci_scale": "r"}],
    ids=["odd-reflections", "one-fitness-column", "unknown-scale"],
)
def test_bad_convention_options_are_errors(world_long, options):
    with pytest.raises(OptionError):
        compute_complexity(world_long.head(20), **options)


def test_own_scale_gives_each_index_mean_zero_and_sd_one(world_long):
    got = compute_complexity(world_long, threshold=R_PRESENCE, pci_scale="own")
    for values in (got.countries["eci"].to_numpy(), got.products["pci"].to_numpy()):
        assert values.mean() == pytest.approx(0.0, abs=1e-12)
        assert values.std(ddof=1) == pytest.approx(1.0, rel=1e-12)


def test_cli_reproduces_r_with_its_conventions(tmp_path, world_long):
    import io

    from click.testing import CliRunner

    from coopscope.cli import main

    path = tmp_path / "world.csv"
    world_long.to_csv(path, index=False)
    args = ["complexity", "--input", str(path), "--year", "2000", "--threshold", str(R_PRESENCE), "--format", "csv"]
    result = CliRunner().invoke(main, [*args, "--method", "reflections", "--iterations", "20", "--pci-scale", "own",
                                       "--fitness-iterations", "20"])  # fmt: skip
    assert result.exit_code == 0, result.output
    got = pd.read_csv(io.StringIO(result.stdout)).set_index("country")
    fitness = pd.read_csv(R_OUT / "fitness-country.csv").set_index("country")["fitness"]
    np.testing.assert_allclose(got.loc[fitness.index, "fitness"], fitness, rtol=1e-9)
    assert got["eci"].std(ddof=1) == pytest.approx(1.0)
    odd = CliRunner().invoke(main, [*args, "--method", "reflections", "--iterations", "19"])
    assert odd.exit_code == 1 and "not an even number" in odd.output
