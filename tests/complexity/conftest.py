"""Fixtures for the complexity tests: the Stata sample as coopscope input."""

from __future__ import annotations

import pandas as pd
import pytest
from complexity_helpers import read_stata, single_precision


@pytest.fixture(scope="session")
def raw_exports() -> pd.DataFrame:
    """trade_data_sample.csv as year, country, product, export_value_usd, unrounded."""
    raw = read_stata("trade_data_sample.csv")
    return raw.rename(columns={"origin": "country", "hs92": "product", "export_val": "export_value_usd"})


@pytest.fixture(scope="session")
def stata_exports(raw_exports: pd.DataFrame) -> pd.DataFrame:
    """The sample exports as Stata computed with them (single precision)."""
    return raw_exports.assign(export_value_usd=single_precision(raw_exports["export_value_usd"]))


@pytest.fixture(scope="session")
def stata_population() -> pd.DataFrame:
    """population_data_sample.csv as year, country, population, in single precision like Stata."""
    raw = read_stata("population_data_sample.csv").rename(columns={"origin": "country"})
    return raw.assign(population=single_precision(raw["population"]))
