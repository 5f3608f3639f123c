"""``coopscope pair`` and ``coopscope report`` through the click runner."""

from __future__ import annotations

import io

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from pair_data import trade_table

from coopscope.cli import main


def _csv(output: str):
    return pacsv.read_csv(io.BytesIO(output.encode())).to_pylist()


def test_pair_indicators_as_csv(small_store):
    result = CliRunner().invoke(
        main,
        [
            "pair",
            "KOR",
            "CHN",
            "--year",
            "2022",
            "--store",
            str(small_store.root),
            "--level",
            "indicators",
            "--format",
            "csv",
            "--method",
            "geodep",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    # group "all" only (the toy products have no lenses); 2020 left out: GeoDep cannot decide there
    assert [r["year"] for r in rows] == [2021, 2022]
    assert list(rows[0])[:13] == [
        "year",
        "group",
        "tci_a_to_b",
        "tci_b_to_a",
        "esi_world",
        "gl_bilateral",
        "tii_a_to_b",
        "tii_b_to_a",
        "eci_a",
        "eci_b",
        "cooperation_usd",
        "competing_usd",
        "cooperation_ratio",
    ]
    assert {"cooperation_usd", "competing_usd", "cooperation_ratio", "esi_usa"} <= set(rows[0])


def test_pair_products_from_an_input_file_with_map(tmp_path):
    table = trade_table().rename_columns(
        ["yr", "exporter", "importer", "hs6", "hs_revision", "value_usd", "quantity_t"]
    )
    pq.write_table(table, tmp_path / "flows.parquet")
    result = CliRunner().invoke(
        main,
        [
            "pair",
            "KOR",
            "CHN",
            "--input",
            str(tmp_path / "flows.parquet"),
            "--map",
            "year=yr,product=hs6",
            "--method",
            "eu2021",
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    classes = {(r["product"], r["pair_class"]) for r in _csv(result.stdout)}
    assert (100006, "competing") in classes and (100004, "substitution_a_to_b") in classes


def test_pair_input_with_a_missing_mapped_column_is_a_clear_error(tmp_path):
    pq.write_table(trade_table(), tmp_path / "flows.parquet")
    result = CliRunner().invoke(
        main, ["pair", "KOR", "CHN", "--input", str(tmp_path / "flows.parquet"), "--map", "year=jahr"]
    )
    assert result.exit_code == 1
    assert "no column(s) jahr" in result.output and "Hint:" in result.output


@pytest.mark.slow
def test_report_command_writes_every_file(small_store, tmp_path):
    from coopscope.evidence import Cooperation

    out = tmp_path / "report"
    args = [
        "report",
        "KOR",
        "CHN",
        "--year",
        "2022",
        "--store",
        str(small_store.root),
        "--suppliers",
        "USA,JPN",
        "--rules",
        "kita,eu2021",
        "--method",
        "eu2021",
        "--lang",
        "ko",
        "--out",
        str(out),
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    stem = out / "coopscope-KOR-CHN-2022-ko"
    for suffix in (".xlsx", ".html", ".json"):
        assert stem.with_suffix(suffix).exists(), suffix
    model = Cooperation.from_json(stem.with_suffix(".json").read_text(encoding="utf-8"))
    assert model.suppliers == ("USA", "JPN") and model.rules == ("eu2021", "kita")
    members = pq.read_table(out / "tables" / "dependence__member_shares.parquet")
    assert set(members["supplier"].to_pylist()) == {"USA", "JPN"}
    assert '<html lang="ko">' in stem.with_suffix(".html").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


def test_report_command_rejects_an_unknown_rule(small_store, tmp_path):
    args = ["report", "KOR", "CHN", "--store", str(small_store.root), "--rules", "oecd", "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "oecd" in result.output and "Hint:" in result.output


def test_unknown_partner_or_importer_is_an_error_not_an_empty_table(small_store):
    store = str(small_store.root)
    result = CliRunner().invoke(main, ["pair", "KOR", "XXX", "--store", store, "--year", "2022"])
    assert result.exit_code == 1 and "XXX" in result.output and "Hint:" in result.output
    for unknown in ("XXX", "EU"):  # 'EU' is no group (EU27 is) and no country
        result = CliRunner().invoke(main, ["dependence", "--store", store, "--importer", unknown])
        assert result.exit_code == 1 and unknown in result.output


def test_pair_sensitivity_adds_each_class_share_and_label(small_store):
    from coopscope.pair.sensitivity_run import robustness

    args = ["pair", "KOR", "CHN", "--year", "2022", "--store", str(small_store.root), "--method", "eu2021"]
    result = CliRunner().invoke(main, [*args, "--sensitivity", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = _csv(result.stdout)
    library = robustness(small_store, a="KOR", b="CHN", year=2022, method="eu2021").pair_classes.to_pylist()
    share = {(r["product"], r["pair_class"]): (r["share"], r["label"]) for r in library}
    assert rows and {"class_share", "class_label"} <= set(rows[0])
    for r in rows:
        flag = f"complementary_{r['direction']}" if r["pair_class"] == "complementary" else r["pair_class"]
        assert (r["class_share"], r["class_label"]) == share[(str(r["product"]), flag)]
        assert r["class_share"] > 0  # every class shown holds at the defaults, so in some setting
    table = CliRunner().invoke(main, [*args, "--sensitivity"])
    labels = {r["class_label"] for r in rows}
    assert table.exit_code == 0 and all(label in table.output for label in labels)  # shown in the terminal too
    bad = CliRunner().invoke(main, [*args, "--level", "indicators", "--sensitivity"])
    assert bad.exit_code == 1 and "--sensitivity" in bad.output and "Hint:" in bad.output
