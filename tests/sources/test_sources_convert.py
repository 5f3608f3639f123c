"""HS revision conversion through the UN HS2022↔HS2017 correlation table.

Real extract: tests/data/baci-hs92-V202301-2021-exports-afg-zaf.csv (BACI HS92, 2021, every export
flow of Afghanistan and South Africa). Choice, documented: the rows whose HS92 code is also a
valid HS2017 code (in the UN table) are treated as HS17-coded. This tests accounting — that every
dollar arrives somewhere — not classification; it keeps chapter 84/85 codes with 1:n and n:n links.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from click.testing import CliRunner
from sources_helpers import DATA

from coopscope.classify.convert import convert_trade, correlation_links, link_weights
from coopscope.cli import main
from coopscope.engine import engine_name, from_arrow, to_arrow
from coopscope.errors import OptionError, UnknownCodeError
from coopscope.schema import TRADE_SCHEMA
from coopscope.sources.baci import load_country_table
from coopscope.sources.ingest_common import Group, commit_groups
from coopscope.store import Store


def _afg_zaf_as_hs17() -> pa.Table:
    hs17 = set(correlation_links("HS17", "HS22")["source_code"].to_pylist())
    countries = load_country_table(None)
    rows = []
    with open(DATA / "baci-hs92-V202301-2021-exports-afg-zaf.csv", newline="") as fh:
        for r in csv.DictReader(fh):
            k = r["k"].strip().zfill(6)
            if k in hs17:
                q = r["q"].strip()
                rows.append(
                    (
                        2021,
                        countries[r["i"]],
                        countries[r["j"]],
                        k,
                        "HS17",
                        float(r["v"]) * 1000.0,
                        None if q in ("", "NA") else float(q),
                    )
                )
    return pa.Table.from_pylist([dict(zip(TRADE_SCHEMA.names, r, strict=True)) for r in rows], schema=TRADE_SCHEMA)


@pytest.fixture(scope="module")
def afg_zaf() -> pa.Table:
    return _afg_zaf_as_hs17()


def _total(table: pa.Table) -> float:
    return float(pc.sum(table["value_usd"]).as_py())


def test_round_trip_hs17_hs22_hs17_keeps_the_world_total(engine: ibis.BaseBackend, afg_zaf: pa.Table) -> None:
    assert afg_zaf.num_rows > 60_000
    if engine_name(engine) == "spark":  # the full extract on DuckDB; a slice with 1:n and n:n codes on Spark (speed)
        afg_zaf = afg_zaf.filter(pc.match_substring_regex(afg_zaf["product"], "^(0802|0307|0704|8506)"))
    there = convert_trade(from_arrow(engine, afg_zaf), source="HS17", target="HS22")
    back = convert_trade(there.table, source="HS22", target="HS17")
    out = to_arrow(engine, back.table)
    total_in = _total(afg_zaf)
    assert abs(_total(to_arrow(engine, there.table)) - total_in) < 0.01  # to the cent
    assert abs(_total(out) - total_in) < 0.01
    assert set(out["hs_revision"].to_pylist()) == {"HS17"}
    report = there.report
    assert abs(sum(report.by_link.values()) - total_in) < 0.01
    assert report.by_link["n:n"] > 0 and report.by_link["1:n"] > 0 and report.by_link["1:1"] > 0
    assert abs(back.report.value_in_usd - total_in) < 0.01


def test_one_to_one_codes_pass_unchanged(afg_zaf: pa.Table) -> None:
    weights = link_weights(correlation_links("HS17", "HS22"))
    one = weights.filter(pc.equal(weights["link"], "1:1"))
    to_target = dict(zip(one["source_code"].to_pylist(), one["target_code"].to_pylist(), strict=True))
    got = convert_trade(afg_zaf, source="HS17", target="HS22").table
    assert isinstance(got, pa.Table)
    before = sorted(
        (r["exporter"], r["importer"], to_target[r["product"]], r["value_usd"])
        for r in afg_zaf.to_pylist()
        if r["product"] in to_target
    )
    targets = set(to_target.values())
    after = sorted(
        (r["exporter"], r["importer"], r["product"], r["value_usd"]) for r in got.to_pylist() if r["product"] in targets
    )
    assert len(before) > 1000
    assert before == after


@pytest.mark.parametrize(("source", "target"), [("HS17", "HS22"), ("HS22", "HS17")], ids=["17to22", "22to17"])
@pytest.mark.parametrize("weights", ["equal", "trade"])
def test_weights_of_each_source_code_sum_to_one(source: str, target: str, weights: str) -> None:
    totals = {t: float(i % 7) for i, t in enumerate(correlation_links(source, target)["target_code"].to_pylist())}
    w = link_weights(correlation_links(source, target), weights=weights, target_totals=totals)
    sums: dict[str, float] = defaultdict(float)
    for s, x in zip(w["source_code"].to_pylist(), w["weight"].to_pylist(), strict=True):
        sums[s] += x
    assert len(sums) > 5000
    assert all(abs(v - 1.0) < 1e-12 for v in sums.values())


def test_equal_split_keeps_batteries_out_of_the_ewaste_catch_all() -> None:
    flows = pa.Table.from_pylist(
        [
            {
                "year": 2021,
                "exporter": "KOR",
                "importer": "CHN",
                "product": "850610",
                "hs_revision": "HS17",
                "value_usd": 700.0,
                "quantity_t": 7.0,
            }
        ],
        schema=TRADE_SCHEMA,
    )
    equal = convert_trade(flows, source="HS17", target="HS22").table
    assert equal.to_pylist() == [{**flows.to_pylist()[0], "hs_revision": "HS22"}]
    no_rule = convert_trade(flows, source="HS17", target="HS22", catch_all=()).table
    assert no_rule.num_rows == 7 and abs(_total(no_rule) - 700.0) < 1e-9


def test_trade_weights_follow_the_target_revisions_world_trade() -> None:
    flows = pa.Table.from_pylist(
        [
            {
                "year": 2021,
                "exporter": "KOR",
                "importer": "CHN",
                "product": "070490",
                "hs_revision": "HS17",
                "value_usd": 100.0,
                "quantity_t": None,
            }
        ],
        schema=TRADE_SCHEMA,
    )
    world = pa.Table.from_pylist(
        [
            {
                "year": 2022,
                "exporter": "JPN",
                "importer": "USA",
                "product": p,
                "hs_revision": "HS22",
                "value_usd": v,
                "quantity_t": None,
            }
            for p, v in (("070410", 30.0), ("070490", 10.0))
        ],
        schema=TRADE_SCHEMA,
    )
    links = sorted(
        correlation_links("HS17", "HS22")
        .filter(pc.equal(correlation_links("HS17", "HS22")["source_code"], "070490"))["target_code"]
        .to_pylist()
    )
    assert links == ["070410", "070490"]
    got = convert_trade(flows, source="HS17", target="HS22", weights="trade", target_trade=world)
    assert dict(zip(got.table["product"].to_pylist(), got.table["value_usd"].to_pylist(), strict=True)) == {
        "070410": 75.0,
        "070490": 25.0,
    }
    assert got.report.by_link["n:n"] == 100.0
    with pytest.raises(OptionError, match="target_trade"):
        convert_trade(flows, source="HS17", target="HS22", weights="trade")


def test_unknown_codes_and_pairs_are_clear_errors() -> None:
    flows = pa.Table.from_pylist(
        [
            {
                "year": 2021,
                "exporter": "KOR",
                "importer": "CHN",
                "product": code,
                "hs_revision": "HS17",
                "value_usd": 1.0,
                "quantity_t": None,
            }
            for code in ("850610", "847120", "999998")
        ],
        schema=TRADE_SCHEMA,
    )
    with pytest.raises(UnknownCodeError, match=r"2 product code\(s\) not known: 847120, 999998.*Hint"):
        convert_trade(flows, source="HS17", target="HS22")
    with pytest.raises(OptionError, match="HS92→HS22"):
        convert_trade(flows, source="HS92", target="HS22")


def _store_with(tmp_path: Path, table: pa.Table) -> Path:
    store = tmp_path / "store"
    commit_groups(store, [Group("reconciled", "HS17", [table])], file_sha256="a" * 64, location="test", kind="baci")
    return store


def test_convert_command_adds_hs22_and_reports(tmp_path: Path, afg_zaf: pa.Table) -> None:
    store = _store_with(tmp_path, afg_zaf.slice(0, 3000))
    result = CliRunner().invoke(main, ["convert", "--to", "HS22", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"from": "HS17"' in result.output and '"status": "added"' in result.output
    sources = Store.open(store).sources()
    converted = next(s for s in sources if s.kind == "converted")
    assert converted.hs_revision == "HS22" and converted.details["conversion"]["source"] == "HS17"
    assert abs(converted.value_total_usd - _total(afg_zaf.slice(0, 3000))) < 0.01
    again = CliRunner().invoke(main, ["convert", "--to", "HS22", "--store", str(store), "--format", "json"])
    assert '"status": "already converted"' in again.output


def test_convert_command_with_a_bad_code_leaves_the_store_unchanged(tmp_path: Path) -> None:
    bad = pa.Table.from_pylist(
        [
            {
                "year": 2021,
                "exporter": "KOR",
                "importer": "CHN",
                "product": p,
                "hs_revision": "HS17",
                "value_usd": 1.0,
                "quantity_t": None,
            }
            for p in ("850610", "847120")
        ],
        schema=TRADE_SCHEMA,
    )
    store = _store_with(tmp_path, bad)
    before = (store / "manifest.json").read_text()
    result = CliRunner().invoke(main, ["convert", "--to", "HS22", "--store", str(store)])
    assert result.exit_code == 1
    assert "847120" in result.output and "Hint:" in result.output
    assert (store / "manifest.json").read_text() == before


def test_convert_auto_uses_the_stores_own_target_revision_shares(tmp_path: Path) -> None:
    flows = pa.Table.from_pylist(
        [{"year": 2021, "exporter": "KOR", "importer": "CHN", "product": "070490", "hs_revision": "HS17",
          "value_usd": 100.0, "quantity_t": None}], schema=TRADE_SCHEMA)  # fmt: skip
    world = pa.Table.from_pylist(
        [{"year": 2022, "exporter": "JPN", "importer": "USA", "product": p, "hs_revision": "HS22", "value_usd": v,
          "quantity_t": None} for p, v in (("070410", 30.0), ("070490", 10.0))], schema=TRADE_SCHEMA)  # fmt: skip
    store = _store_with(tmp_path, flows)
    commit_groups(store, [Group("reconciled", "HS22", [world])], file_sha256="b" * 64, location="t", kind="baci")
    result = CliRunner().invoke(main, ["convert", "--to", "HS22", "--from", "HS17", "--store", str(store),
                                       "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"weights": "trade"' in result.output and '"via_n:n_usd": 100.0' in result.output
    (converted,) = [s for s in Store.open(store).sources() if s.kind == "converted"]
    assert converted.details["conversion"]["weights"] == "trade" and converted.years == [2021]


def test_every_hs17_code_of_a_synthetic_world_converts_and_back(tmp_path: Path) -> None:
    from coopscope.classify.convert import correlation_links
    from coopscope.classify.hs import valid_hs6_codes

    forward = set(correlation_links("HS17", "HS22")["source_code"].to_pylist())
    assert set(valid_hs6_codes("HS17")) <= forward
    result = CliRunner().invoke(main, ["synth", "--out", str(tmp_path / "w"), "--scale", "tiny", "--years", "2022"])
    assert result.exit_code == 0
    store = tmp_path / "s"
    assert (
        CliRunner()
        .invoke(main, ["ingest", "baci", str(tmp_path / "w" / "BACI_HS17_V202401b.zip"), "--store", str(store)])
        .exit_code
        == 0
    )
    converted = CliRunner().invoke(main, ["convert", "--to", "HS22", "--store", str(store)])
    assert converted.exit_code == 0, converted.output


@pytest.mark.slow
def test_to_on_the_analyses_converts_first(tmp_path: Path) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(main, ["synth", "--out", str(tmp_path / "w"), "--scale", "tiny", "--years", "2022"]).exit_code
        == 0
    )
    store = str(tmp_path / "s")
    assert (
        runner.invoke(
            main, ["ingest", "baci", str(tmp_path / "w" / "BACI_HS17_V202401b.zip"), "--store", store]
        ).exit_code
        == 0
    )
    args = [
        "dependence",
        "--store",
        store,
        "--importer",
        "KOR",
        "--year",
        "2022",
        "--method",
        "kita",
        "--format",
        "csv",
    ]
    as_hs17 = runner.invoke(main, args)
    as_hs22 = runner.invoke(main, [*args, "--to", "HS22"])
    assert as_hs17.exit_code == 0 and as_hs22.exit_code == 0, as_hs22.output
    rows17 = list(csv.DictReader(as_hs17.stdout.splitlines()))
    rows22 = list(csv.DictReader(as_hs22.stdout.splitlines()))
    from coopscope.engine import connect

    con = connect("duckdb")
    opened = Store.open(store)
    kor = [t.filter(t.importer == "KOR").value_usd.sum() for t in (opened.trade(con), opened.trade(con, to="HS22"))]
    assert con.execute(kor[1]) == pytest.approx(con.execute(kor[0]), rel=1e-12)
    from coopscope.classify.hs import valid_hs6_codes

    assert {r["product"] for r in rows22} <= set(valid_hs6_codes("HS22"))
    assert {r["product"] for r in rows22} != {r["product"] for r in rows17}
    cx = runner.invoke(
        main,
        ["complexity", "--store", store, "--year", "2022", "--to", "HS22", "--level", "product", "--format", "csv"],
    )
    assert cx.exit_code == 0 and {r["product"] for r in csv.DictReader(cx.stdout.splitlines())} <= set(
        valid_hs6_codes("HS22")
    )


@pytest.mark.slow
def test_to_on_pair_and_report(tmp_path: Path) -> None:
    from coopscope.classify.hs import valid_hs6_codes

    runner = CliRunner()
    assert (
        runner.invoke(main, ["synth", "--out", str(tmp_path / "w"), "--scale", "tiny", "--years", "2022"]).exit_code
        == 0
    )
    store = str(tmp_path / "s")
    zip_path = str(tmp_path / "w" / "BACI_HS17_V202401b.zip")
    assert runner.invoke(main, ["ingest", "baci", zip_path, "--store", store]).exit_code == 0
    result = runner.invoke(
        main, ["pair", "KOR", "CHN", "--store", store, "--method", "kita", "--to", "HS22", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    products = {r["product"] for r in csv.DictReader(result.stdout.splitlines())}
    assert products and products <= set(valid_hs6_codes("HS22"))
    report = runner.invoke(
        main,
        ["report", "KOR", "CHN", "--store", store, "--method", "kita", "--to", "HS22", "--out", str(tmp_path / "r")],
    )
    assert report.exit_code == 0 and (tmp_path / "r" / "coopscope-KOR-CHN-2022.xlsx").exists()
