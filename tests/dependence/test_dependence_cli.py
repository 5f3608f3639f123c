"""``coopscope dependence`` through the click runner (DuckDB; the library runs on both engines)."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from dependence_helpers import trade_table
from test_dependence_cases import ROWS

from coopscope.cli import main
from coopscope.engine import connect, to_arrow
from coopscope.indicators.dependence import build_dependence
from coopscope.store import Store

# csv, json and parquet carry every column: the main ones first, the product description after the code
HEADER = ["year", "importer", "product", "description", "import_value_usd", "n_suppliers", "top_supplier",
          "top_supplier_share", "hhi", "group_share", "import_export_ratio", "trade_balance_usd", "world_export_hhi",
          "eu2021", "geodep", "kita_band", "kiet_class", "mpe_class", "tech_class", "ai_areas"]  # fmt: skip


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def flows_parquet(tmp_path):
    path = tmp_path / "flows.parquet"
    pq.write_table(trade_table(ROWS), path)
    return path


@pytest.fixture
def store(tmp_path):
    root = tmp_path / "store"
    with Store.open(root, create=True).transaction() as tx:
        tx.write_trade(trade_table(ROWS))
        tx.commit_source(location="hand-made", sha256="0" * 64, kind="test", hs_revision="HS17")
    return root


def test_input_parquet_method_filter(flows_parquet):
    rows = csv_rows(run("dependence", "--input", str(flows_parquet), "--importer", "KOR", "--year", "2022",
                        "--method", "geodep", "--format", "csv"))  # fmt: skip
    assert list(rows[0])[: len(HEADER)] == HEADER and "geodep_years_met" in rows[0]
    assert [r["product"] for r in rows] == ["020202", "030303", "040404"]  # largest imports first
    assert {r["geodep"] for r in rows} == {"true"}


def test_input_csv_with_map_and_bloc(tmp_path):
    path = tmp_path / "flows.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["연도", "수출국", "수입국", "품목", "금액"])
        out.writerows([(y, e, i, p, v / 1e3) for y, e, i, p, v in ROWS if v > 0 and e != i])
    text = run("dependence", "--input", str(path), "--map", "year=연도,exporter=수출국,importer=수입국,product=품목,"
               "value=금액", "--value-unit", "kusd", "--hs-revision", "HS17", "--importer", "DEU",
               "--format", "json", "--detail")  # fmt: skip
    rows = [json.loads(line) for line in text.splitlines()]
    assert {r["importer"] for r in rows} == {"DEU"}
    deu = {r["product"]: r for r in rows}
    assert deu["050505"]["import_value_usd"] == pytest.approx(40e6)
    assert deu["050505"]["export_value_usd"] == pytest.approx(120e6)


def test_eu27_bloc_from_store(store):
    rows = csv_rows(run("dependence", "--store", str(store), "--importer", "EU27", "--format", "csv"))
    got = {r["product"]: r for r in rows}
    # DEU and FRA are both in the EU27: DEU→FRA is internal, as in the hand-made bloc EU.
    assert float(got["050505"]["import_value_usd"]) == pytest.approx(100e6)
    assert float(got["050505"]["hhi"]) == pytest.approx(0.82)


def test_built_table_is_used_when_it_answers(store):
    con = connect("duckdb")
    trade = Store.open(store).trade(con)
    built = to_arrow(con, build_dependence(con, trade))
    top = built["top_supplier"]
    marked = built.set_column(built.column_names.index("top_supplier"), "top_supplier",
                              pc.if_else(pc.equal(top, "CHN"), "ZZZ", top))  # fmt: skip
    with Store.open(store).transaction() as tx:
        tx.commit_table("dependence", marked)
    from_built = csv_rows(run("dependence", "--store", str(store), "--importer", "KOR", "--format", "csv"))
    assert {r["top_supplier"] for r in from_built} == {"ZZZ", "DEU"}
    recomputed = csv_rows(run("dependence", "--store", str(store), "--importer", "KOR", "--suppliers", "USA",
                              "--format", "csv"))  # fmt: skip
    assert {r["top_supplier"] for r in recomputed} == {"CHN", "DEU"}


def test_summary_by_importer(flows_parquet):
    rows = csv_rows(run("dependence", "--input", str(flows_parquet), "--year", "2022", "--summary", "importer",
                        "--method", "kita", "--format", "csv"))  # fmt: skip
    counts = {r["importer"]: int(r["n_products"]) for r in rows}
    # products with a top share >= 0.5 and imports >= 10 M in 2022:
    # KOR 010101 (0.6), 020202, 050505 (DEU only), 070707; USA 040404, 070707, 080808 (0.8);
    # DEU 050505 (30/40), 060606 (80/100); FRA 050505 (100/160); VNM 010101, 080808; JPN, CHN 080808
    assert counts == {"CHN": 1, "DEU": 2, "FRA": 1, "JPN": 1, "KOR": 4, "USA": 3, "VNM": 2}


def test_parquet_output_and_errors(flows_parquet, tmp_path):
    out = tmp_path / "out.parquet"
    run("dependence", "--input", str(flows_parquet), "--importer", "KOR", "--format", "parquet", "-o", str(out))
    assert pq.read_table(out).column_names[: len(HEADER)] == HEADER
    result = CliRunner().invoke(main, ["dependence", "--input", str(flows_parquet), "--year", "twenty"])
    assert result.exit_code == 1 and "year: 'twenty'" in result.output and "Hint" in result.output


def test_methods_file_changes_flags(flows_parquet, tmp_path):
    from importlib import resources

    text = (resources.files("coopscope.indicators") / "data" / "dependence-methods.toml").read_text("utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(text.replace("min_import_value_usd = 10_000_000.0", "min_import_value_usd = 1e9"))
    rows = csv_rows(run("dependence", "--input", str(flows_parquet), "--importer", "KOR", "--methods-file",
                        str(mine), "--format", "csv"))  # fmt: skip
    assert rows and all(r["kita_band"] == "" for r in rows)


def test_trends_year_on_year(flows_parquet):
    rows = csv_rows(run("dependence", "--input", str(flows_parquet), "--importer", "KOR", "--method", "geodep",
                        "--trends", "--format", "csv"))  # fmt: skip
    got = [(r["year"], r["dependent"], r["entered"], r["left"], r["persistent"]) for r in rows]
    # GeoDep for KOR: 2020 undecided (window incomplete), so 2021 has no decided year before it and is not
    # reported (products did not "enter" from an unknown state); 2022 adds 030303 (2020 + 2022) to 2021's two
    assert got == [("2022", "3", "1", "0", "2")]


def test_grew_most(flows_parquet):
    rows = csv_rows(run("dependence", "--input", str(flows_parquet), "--importer", "KOR", "--grew",
                        "top_supplier_share", "--format", "csv"))  # fmt: skip
    # 2020 → 2022; products not imported in 2020 start from 0
    assert [(r["product"], float(r["change"])) for r in rows] == [
        ("050505", 1.0),
        ("070707", 1.0),
        ("010101", 0.6),
        ("020202", 0.0),
        ("030303", 0.0),
        ("040404", 0.0),
    ]
