"""Against R ``economiccomplexity`` on the real 1998–2000 world export matrix (226 × 785 SITC2-4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pytest
from complexity_helpers import DATA
from scipy.stats import spearmanr

from coopscope.indicators.complexity import compute_complexity
from coopscope.indicators.complexity_kernels import balassa_rca
from coopscope.indicators.fitness import fitness_complexity
from coopscope.indicators.matrix import long_to_matrix

R_OUT = DATA / "economiccomplexity"


@pytest.fixture(scope="module")
def world():
    options = pacsv.ConvertOptions(column_types={"country": "string", "product": "string"})
    return long_to_matrix(
        pacsv.read_csv(DATA / "world-exports-sitc2-4d-avg-1998-2000.csv", convert_options=options), value="value"
    )


@pytest.fixture(scope="module")
def r_presence(world):
    """R's binary Balassa index (RCA ≥ 1) as a 0/1 matrix in our label order."""
    ones = pd.read_csv(R_OUT / "balassa-binary-ones.csv", dtype={"product": str})
    m = np.zeros(world.values.shape)
    m[np.searchsorted(world.countries, ones["country"]), np.searchsorted(world.products, ones["product"])] = 1.0
    return m


def test_binary_rca_equals_r_cell_for_cell(world, r_presence):
    ours = (balassa_rca(world.values) >= 1.0).astype(float)  # R's convention is ≥ 1 (ours defaults to Stata's > 1)
    assert ours.sum() == r_presence.sum() == 31951
    assert (ours == r_presence).all()


def _r_fitness():
    return (
        pd.read_csv(R_OUT / "fitness-country.csv").set_index("country")["fitness"],
        pd.read_csv(R_OUT / "complexity-product.csv", dtype={"product": str}).set_index("product")["complexity"],
    )


def test_fitness_with_r_iterations_equals_r(world, r_presence):
    fitness, complexity = _r_fitness()
    got = fitness_complexity(r_presence, max_iter=19, tol=0.0)  # R fills 20 columns from a start of ones
    np.testing.assert_allclose(got.fitness, fitness.loc[list(world.countries)], rtol=1e-10)
    np.testing.assert_allclose(got.complexity, complexity.loc[list(world.products)], rtol=1e-10)


def test_converged_fitness_ranks_like_r(world):
    fitness, complexity = _r_fitness()
    table = pd.DataFrame(
        {
            "year": 2000,
            "country": np.repeat(world.countries, len(world.products)),
            "product": np.tile(world.products, len(world.countries)),
            "export_value_usd": world.values.reshape(-1),
        }
    )
    result = compute_complexity(table, threshold=1.0 - 1e-12)  # > 1 − ε reproduces R's ≥ 1 here
    countries = result.countries.to_pandas().set_index("country")["fitness"]
    products = result.products.to_pandas().set_index("product")["complexity"]
    assert spearmanr(countries.loc[fitness.index], fitness).statistic >= 0.999
    assert spearmanr(products.loc[complexity.index], complexity).statistic >= 0.999
