"""``coopscope complexity`` through the click runner, and ``exports_by_country`` on every engine."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest
from click.testing import CliRunner
from complexity_helpers import STATA, read_stata

from coopscope.cli import main
from coopscope.engine import from_arrow, to_arrow
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.complexity_filters import CountryFilter

MAP = "country=origin,product=hs92,export_value_usd=export_val"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["complexity", *args])
    return result.exit_code, result.output


def _stdout(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["complexity", *args])
    return result.exit_code, result.stdout if result.exit_code == 0 else result.output


def test_country_level_csv_from_a_mapped_input_file():
    code, out = _run("--year", "1995", "--input", str(STATA / "trade_data_sample.csv"), "--map", MAP, "--format", "csv")
    assert code == 0, out
    got = pd.read_csv(io.StringIO(out)).set_index("country")
    want = read_stata("stata_ground_truth.csv").query("year == 1995").groupby("origin")["eci"].first()
    assert list(got.columns) == ["year", "diversity", "eci", "coi", "fitness"]
    np.testing.assert_allclose(got.loc[want.index, "eci"], want, rtol=1e-6)


def test_cell_level_keeps_leading_zeros_and_every_cell():
    code, out = _run(
        "--year",
        "1996",
        "--input",
        str(STATA / "trade_data_sample.csv"),
        "--map",
        MAP,
        "--level",
        "cell",
        "--format",
        "csv",
        "--proximity",
        "continuous",
        "--knn",
        "5",
    )
    assert code == 0, out
    cells = pacsv.read_csv(
        io.BytesIO(out.encode()), convert_options=pacsv.ConvertOptions(column_types={"product": pa.string()})
    )
    assert cells.num_rows == 10 * 30
    assert cells.column_names == ["year", "country", "product", "export_value_usd", "rca", "m", "density", "cog"]


def test_a_wrong_map_is_a_one_line_error():
    code, out = _run("--year", "1995", "--input", str(STATA / "trade_data_sample.csv"), "--map", "country=nope")
    assert code == 1
    assert "no column(s) nope" in out and "Hint:" in out


def test_rpop_without_population_is_an_option_error():
    code, out = _run(
        "--year", "1995", "--input", str(STATA / "trade_data_sample.csv"), "--map", MAP, "--presence", "rpop"
    )
    assert code == 1 and "needs a population table" in out


def test_filters_drop_countries_before_computing_and_report_them(stata_exports, stata_population):
    flt = CountryFilter(min_population=6e6, exclude=("DNK",))
    result = compute_complexity(stata_exports, year=1995, population=stata_population, filters=flt)
    dropped = dict(zip(result.filtered["country"].to_pylist(), result.filtered["reason"].to_pylist(), strict=True))
    assert dropped["dnk"] == "excluded by name"
    assert dropped["blx"] == "no population"
    small = stata_population.query("year == 1995 and population < 6e6 and country != 'dnk'")["country"]
    assert set(small) <= set(dropped) and len(small) > 0
    assert not set(dropped) & set(result.countries["country"].to_pylist())
    assert result.cells.num_rows == result.countries.num_rows * result.products.num_rows


def test_exports_by_country_sums_over_importers(engine):
    trade = pa.table(
        {
            "year": pa.array([2022, 2022, 2022, 2023], pa.int64()),
            "exporter": ["KOR", "KOR", "CHN", "KOR"],
            "importer": ["CHN", "USA", "KOR", "CHN"],
            "product": ["010121", "010121", "010121", "010121"],
            "hs_revision": ["HS17"] * 4,
            "value_usd": [1.5, 2.0, 4.0, 8.0],
            "quantity_t": pa.array([None] * 4, pa.float64()),
        }
    )
    got = to_arrow(engine, exports_by_country(from_arrow(engine, trade))).to_pandas()
    got = got.sort_values(["year", "country"]).reset_index(drop=True)
    assert list(got.columns) == ["year", "country", "product", "export_value_usd"]
    assert got.values.tolist() == [
        [2022, "CHN", "010121", 4.0],
        [2022, "KOR", "010121", 3.5],
        [2023, "KOR", "010121", 8.0],
    ]


@pytest.mark.slow
def test_from_a_synthetic_store_says_so(tmp_path):
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.synth import write_world

    ingest_baci(write_world(tmp_path / "release", scale="tiny", years=[2022]), tmp_path / "store")
    code, out = _run("--year", "2022", "--store", str(tmp_path / "store"), "--level", "product", "--format", "json")
    assert code == 0, out
    assert "SYNTHETIC" in out
    rows = [line for line in out.splitlines() if line.startswith("{")]
    assert len(rows) > 100 and '"pci"' in rows[0]


def test_a_population_filter_without_population_is_an_error():
    code, out = _run("--year", "1995", "--input", str(STATA / "trade_data_sample.csv"), "--map", MAP, "--atlas-filter")
    assert code == 1 and "minimum population" in out


def test_named_exclusions_and_thresholds_from_the_command_line(stata_exports):
    sample = str(STATA / "trade_data_sample.csv")
    code, out = _stdout(
        "--year", "1995", "--input", sample, "--map", MAP, "--exclude", "AUT,blx", "--min-exports-usd", "2e9",
        "--level", "filtered", "--format", "csv",
    )  # fmt: skip
    assert code == 0, out
    dropped = pd.read_csv(io.StringIO(out)).set_index("country")["reason"]
    totals = stata_exports.query("year == 1995").groupby("country")["export_value_usd"].sum()
    small = sorted(set(totals[totals < 2e9].index) - {"aut", "blx"})
    assert small, "the threshold must drop at least one country besides the named ones"
    assert sorted(dropped.index) == sorted(["aut", "blx", *small])
    assert dropped["aut"] == dropped["blx"] == "excluded by name"
    assert all(dropped[c].startswith("exports below US$2,000,000,000") for c in small)
    code, out = _stdout("--year", "1995", "--input", sample, "--map", MAP, "--exclude", "aut,blx", "--format", "csv")
    kept = pd.read_csv(io.StringIO(out))
    assert code == 0 and sorted(kept["country"]) == sorted(set(totals.index) - {"aut", "blx"})
    want = compute_complexity(stata_exports, year=1995, filters=CountryFilter(exclude=("AUT", "BLX")))
    np.testing.assert_allclose(kept["eci"], want.countries.to_pandas()["eci"], rtol=1e-12)


def test_the_atlas_2011_filter_by_name_with_an_override_and_a_negative_threshold():
    sample, pop = str(STATA / "trade_data_sample.csv"), STATA / "population_data_sample.csv"
    args = ["--year", "1995", "--input", sample, "--map", MAP, "--level", "filtered", "--format", "csv"]
    code, out = _stdout(*args, "--country-filter", "atlas2011", "--population", str(pop), "--min-population", "5.5e6")
    assert code == 0, out
    dropped = pd.read_csv(io.StringIO(out)).set_index("country")["reason"]
    population = pd.read_csv(pop).query("year == 1995").set_index("origin")["population"]
    small = sorted(population[population < 5.5e6].index)
    assert small and sorted(dropped.index) == sorted(["blx", *small])
    assert dropped["blx"] == "no population"  # blx has no population row; --map renamed origin there too
    assert all(dropped[c] == "population below 5,500,000" for c in small)
    code, out = _run(*args, "--min-population", "-1")
    assert code == 1 and "min_population: -1 is negative" in out
