"""Helpers for the complexity tests: reading the Stata fixtures and comparing results with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from coopscope.indicators.complexity import ComplexityResult

DATA = Path(__file__).parents[1] / "data"
STATA = DATA / "ecomplexity-stata"


def read_stata(name: str) -> pd.DataFrame:
    """A Stata fixture, with hs92 kept as text."""
    return pd.read_csv(STATA / name, dtype={"hs92": str, "hs92_1": str, "hs92_2": str, "origin": str})


def single_precision(values: pd.Series) -> pd.Series:
    """Values as Stata holds them after ``import delimited``: rounded to single precision (float)."""
    return values.astype(np.float32).astype(np.float64)


def as_long(result: ComplexityResult) -> pd.DataFrame:
    """Cells joined with their country and product rows, named like the Stata output."""
    cells = result.cells.to_pandas()
    countries = result.countries.to_pandas()
    products = result.products.to_pandas()
    out = cells.merge(countries, on=["year", "country"]).merge(products, on=["year", "product"])
    return out.rename(columns={"country": "origin", "product": "hs92", "m": "M"})


def assert_matches(got: pd.DataFrame, want: pd.DataFrame, columns: dict[str, float]) -> None:
    """Every named column equal cell by cell within its relative tolerance (both missing counts as equal)."""
    key = ["year", "origin", "hs92"]
    merged = want.merge(got, on=key, how="outer", suffixes=("_stata", ""), indicator=True)
    assert (merged["_merge"] == "both").all(), merged.loc[merged["_merge"] != "both", key].head()
    for column, rtol in columns.items():
        stata = merged[f"{column}_stata"].to_numpy(dtype=float)
        ours = merged[column].to_numpy(dtype=float)
        assert (np.isnan(stata) == np.isnan(ours)).all(), f"{column}: missing values differ"
        ok = ~np.isnan(stata)
        np.testing.assert_allclose(ours[ok], stata[ok], rtol=rtol, atol=rtol * 1e-3, err_msg=column)
