"""Options, errors and edge cases of compute_complexity and its kernels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from scipy.stats import spearmanr

from coopscope.errors import InputError, OptionError, SchemaError, UnknownCodeError
from coopscope.indicators import complexity_kernels as k
from coopscope.indicators.complexity import compute_complexity
from coopscope.indicators.matrix import long_to_matrix


def test_presence_is_strict_as_in_stata():
    rca = np.array([[1.0, 1.0 + 1e-12], [0.5, 2.0]])
    assert k.presence(rca, 1.0).tolist() == [[0.0, 1.0], [0.0, 1.0]]


def test_reflections_rank_like_the_eigenvector_when_iterated_long(stata_exports):
    eigen = compute_complexity(stata_exports, year=1996).countries.to_pandas()
    short = compute_complexity(stata_exports, year=1996, method="reflections").countries.to_pandas()
    long = compute_complexity(stata_exports, year=1996, method="reflections", iterations=200).countries.to_pandas()
    assert spearmanr(long["eci"], eigen["eci"]).statistic == pytest.approx(1.0)
    np.testing.assert_allclose(long["eci"], eigen["eci"], rtol=1e-6)
    assert not np.allclose(short["eci"], eigen["eci"], rtol=1e-6)  # 20 reflections are not yet converged here


def test_eci_is_the_mean_pci_after_normalisation_too(stata_exports):
    result = compute_complexity(stata_exports, year=1995)
    cells = result.cells.to_pandas().merge(result.products.to_pandas(), on=["year", "product"])
    mean_pci = cells[cells["m"] == 1].groupby("country")["pci"].mean()
    eci = result.countries.to_pandas().set_index("country")["eci"]
    np.testing.assert_allclose(mean_pci.loc[eci.index], eci, rtol=1e-12, atol=1e-12)


def test_zero_exporters_are_dropped_and_reported(stata_exports):
    silent = stata_exports.assign(
        export_value_usd=np.where(stata_exports["country"] == "aut", 0.0, stata_exports["export_value_usd"])
    )
    result = compute_complexity(silent, year=1995)
    assert result.filtered.to_pylist() == [{"year": 1995, "country": "aut", "reason": "no exports"}]
    assert "aut" not in result.countries["country"].to_pylist()


def test_duplicate_cells_are_an_error_naming_them():
    table = pa.table({"country": ["kor", "kor"], "product": ["8542", "8542"], "v": [1.0, 2.0]})
    with pytest.raises(InputError, match=r"1 country × product cell.*\(kor, 8542\)"):
        long_to_matrix(table, value="v")


def test_empty_values_are_an_error_with_the_line():
    table = pa.table({"country": ["kor", "chn"], "product": ["8542", "8542"], "v": pa.array([1.0, None])})
    with pytest.raises(InputError, match="line 3, column 'v'"):
        long_to_matrix(table, value="v", source="x.csv")


def test_missing_columns_are_a_schema_error():
    with pytest.raises(SchemaError, match="missing column"):
        compute_complexity(pd.DataFrame({"year": [1], "country": ["a"], "value": [1.0]}))


def test_options_are_checked_once(stata_exports):
    with pytest.raises(OptionError, match="presence"):
        compute_complexity(stata_exports, presence="gdp")
    with pytest.raises(OptionError, match="continuous"):
        compute_complexity(stata_exports, presence="both", proximity="continuous", population=stata_exports)


def test_manual_presence_with_unknown_codes_is_an_error(stata_exports):
    given = pd.DataFrame({"year": [1995], "country": ["xxx"], "product": ["1704"], "m": [1]})
    with pytest.raises(UnknownCodeError, match="xxx"):
        compute_complexity(stata_exports, year=1995, presence="manual", manual_m=given)


def test_negative_exports_are_an_error(stata_exports):
    bad = stata_exports.assign(export_value_usd=-stata_exports["export_value_usd"])
    with pytest.raises(InputError, match="negative"):
        compute_complexity(bad, year=1995)
