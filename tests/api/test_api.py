"""coopscope.api: one call per job, frozen results, names in any form, stores from any source."""

from __future__ import annotations

import dataclasses

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from api_data import trade_arrow
from click.testing import CliRunner

import coopscope as cs
from coopscope.cli import main
from coopscope.errors import CoopscopeError, OptionError, StoreError


def test_module_call_and_workspace_method_give_the_same_frozen_result(synthetic_store):
    by_call = cs.dependence(store=synthetic_store, importer="KOR", year=2022)
    by_method = cs.open_store(synthetic_store).dependence(importer="KOR", year=2022)
    pd.testing.assert_frame_equal(by_call.to_pandas(), by_method.to_pandas())  # equal up to float summation order
    assert by_call.params["importer"] == ["KOR"] and by_call.params["years"] == [2022]
    assert by_call.params["window_years"] == 3  # from the method file
    assert by_call.synthetic is True and by_call.basis == "reconciled"
    assert by_call.notes[0].startswith("Built from SYNTHETIC data")
    assert by_call.to_arrow().schema.metadata[b"coopscope.synthetic"] == b"true"
    with pytest.raises(dataclasses.FrozenInstanceError):
        by_call.synthetic = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        by_call.params["year"] = 2021  # type: ignore[index]


def test_the_table_in_arrow_pandas_and_polars(synthetic_store):
    dep = cs.dependence(store=synthetic_store, importer="KOR", year=2022)
    assert isinstance(dep.to_pandas(), pd.DataFrame) and isinstance(dep.to_polars(), pl.DataFrame)
    assert len(dep) == len(dep.to_pandas()) == dep.to_polars().height == 6
    assert dep.columns[:4] == ["year", "importer", "product", "description"]
    # a real HS17 code gets its description; 854231 is a processor
    described = dict(zip(dep.table["product"].to_pylist(), dep.table["description"].to_pylist(), strict=True))
    assert "processor" in described["854231"].lower()


@pytest.mark.parametrize("name", ["KOR", "kor", "410", "Korea", "South Korea", "한국", "대한민국", "韩国"])
def test_a_country_by_any_of_its_names(synthetic_store, name):
    dep = cs.dependence(store=synthetic_store, importer=name, year=2022)
    assert dep.params["importer"] == ["KOR"] and set(dep.table["importer"].to_pylist()) == {"KOR"}


def test_years_as_a_range_or_a_list(synthetic_store):
    ranged = cs.dependence(store=synthetic_store, importer="KOR", year="2021-2022")
    listed = cs.dependence(store=synthetic_store, importer="KOR", years=[2021, 2022])
    assert ranged.params["years"] == listed.params["years"] == [2021, 2022]
    assert sorted(set(ranged.table["year"].to_pylist())) == [2021, 2022]


@pytest.mark.parametrize(
    "convert", [lambda t: t, lambda t: t.to_pandas(), pl.from_arrow], ids=["arrow", "pandas", "polars"]
)
def test_a_trade_table_in_any_form_gives_the_store_result(synthetic_store, convert):
    from_table = cs.dependence(trade=convert(trade_arrow()), importer="KOR", year=2022)
    from_store = cs.dependence(store=synthetic_store, importer="KOR", year=2022)
    pd.testing.assert_frame_equal(from_table.to_pandas(), from_store.to_pandas())
    assert from_table.synthetic is False and from_table.basis is None


def test_pair_by_names_and_its_tables(synthetic_store):
    result = cs.pair("한국", "中国", store=synthetic_store, year=2022)
    assert (result.params["a"], result.params["b"], result.params["year"]) == ("KOR", "CHN", 2022)
    assert result.table.num_rows > 0 and {"products", "indicators", "supplier_shares"} <= set(result.tables)
    assert set(result.table["pair_class"].to_pylist()) <= {
        "shared_vulnerability", "substitution_a_to_b", "substitution_b_to_a", "complementary", "competing"
    }  # fmt: skip
    assert result.to_arrow("indicators").num_rows > 0


@pytest.mark.slow
def test_complexity_products_and_report(synthetic_store, tmp_path):
    eci = cs.complexity(store=synthetic_store, year=2022)
    assert {"KOR", "CHN"} <= set(eci.table["country"].to_pylist()) and "eci" in eci.columns
    assert cs.products("반도체").table.num_rows > 0 and cs.products("半导体").table.num_rows > 0
    written = cs.report("KOR", "CHN", store=synthetic_store, out=tmp_path / "report", year=2022)
    assert all((tmp_path / "report").joinpath(p).exists() for p in written.table["path"].to_pylist())


@pytest.mark.slow
def test_customs_table_store_gives_dependence_pair_and_build(customs_store):
    dep = cs.dependence(store=customs_store, importer="KOR", year=2022)
    assert dep.basis == "reported_imports" and "imports as reported by the importer" in dep.note_text()
    assert dep.table.num_rows == 6 and dep.synthetic is False
    pair = cs.pair("KOR", "CHN", store=customs_store)
    assert pair.basis == "reported_imports" and pair.table.num_rows > 0
    assert "shared_vulnerability" in pair.table["pair_class"].to_pylist()
    built = cs.build(store=customs_store, groups=["dependence"])
    assert built.params["basis"] == "reported_imports" and built.table["rows"][0].as_py() > 0
    again = cs.dependence(store=customs_store, importer="KOR", year=2022)
    assert again.table.select(["product", "top_supplier"]).equals(dep.table.select(["product", "top_supplier"]))


@pytest.mark.slow
def test_comtrade_store_needs_a_basis_and_gives_each(comtrade_store):
    with pytest.raises(OptionError, match=r"several data bases.*Hint: choose one with --basis"):
        cs.dependence(store=comtrade_store, importer="KOR")
    for basis in ("reported_imports", "mirror_exports"):
        dep = cs.dependence(store=comtrade_store, importer="KOR", basis=basis)
        pair = cs.pair("KOR", "CHN", store=comtrade_store, basis=basis)
        assert dep.basis == pair.basis == basis and dep.table.num_rows == 6 and pair.table.num_rows > 0
    with pytest.raises(OptionError, match="reconciled is not in"):
        cs.dependence(store=comtrade_store, basis="reconciled")


def test_the_cli_names_the_basis_of_a_customs_store(customs_store):
    result = CliRunner().invoke(main, ["dependence", "--store", str(customs_store), "--importer", "한국"])
    assert result.exit_code == 0, result.output
    assert "Data basis: imports as reported by the importer" in result.output


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: cs.dependence(store=s, importer="JAP"), "did you mean JPN"),
        (lambda s: cs.dependence(store=s, suppliers="USA,JAP,DEU"), "did you mean JPN"),
        (lambda s: cs.dependence(store=s, year=2019), "the data has: 2020, 2021, 2022"),
        (lambda s: cs.dependence(store=s, area="robot"), "areas: ai-semiconductors"),
        (lambda s: cs.pair("KORR", "CHN", store=s), "did you mean KOR"),
        (lambda s: cs.pair("KOR", "KOR", store=s), "same country"),
        (lambda s: cs.complexity(store=s, year="twenty"), "2019-2022"),
        (lambda s: cs.match_firms("KOR", "CHN", store=s, area="robot"), "areas:"),
    ],
)
def test_typos_are_errors_with_a_hint_never_empty_tables(synthetic_store, call, message):
    with pytest.raises(CoopscopeError) as caught:
        call(synthetic_store)
    assert message in str(caught.value) and caught.value.hint


def test_a_store_without_trade_data_says_so(tmp_path):
    from coopscope.store import Store

    Store.open(tmp_path / "empty", create=True)
    with pytest.raises(StoreError, match=r"no trade data.*Hint: ingest"):
        cs.dependence(store=tmp_path / "empty")


def test_results_built_from_tables_are_not_marked_synthetic():
    table = pa.table({"x": [1]})
    result = cs.Result("test", table, {"a": 1})
    assert result.synthetic is False and result.to_arrow().schema.metadata[b"coopscope.synthetic"] == b"false"


def test_pair_and_report_stay_the_jobs_when_their_packages_are_imported_later():
    import subprocess
    import sys

    code = "import coopscope as cs, coopscope.report.brief, coopscope.pair.run; assert callable(cs.report)"
    code += " and callable(cs.pair) and cs.report.__module__ == 'coopscope.api.cooperation'"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_a_country_without_data_is_an_error_listing_the_importers(synthetic_store):
    with pytest.raises(StoreError, match=r"no imports of ATA in 2022.*Hint: importers in the data: .*KOR"):
        cs.dependence(store=synthetic_store, importer="ATA", year=2022)
    with pytest.raises(StoreError, match="ATA has no trade in 2022"):
        cs.pair("ATA", "FJI", store=synthetic_store, year=2022)


@pytest.mark.spark
@pytest.mark.slow
def test_the_same_dependence_on_spark(synthetic_store, spark_backend):
    on_duckdb = cs.dependence(store=synthetic_store, importer="한국", year=2022)
    on_spark = cs.open_store(synthetic_store, engine="spark").dependence(importer="한국", year=2022)
    pd.testing.assert_frame_equal(on_duckdb.to_pandas(), on_spark.to_pandas(), check_dtype=False)
