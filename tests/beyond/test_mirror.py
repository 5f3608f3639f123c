"""Mirror diagnostics on hand-made tables, on every engine (METHODS.md §B5).

Expected CIF/FOB ratio 1.06; band ±25 % → agree when 0.795 ≤ reported / mirror ≤ 1.325.
"""

from __future__ import annotations

import pytest
from beyond_data import trade_arrow

from coopscope.engine import from_arrow, to_arrow
from coopscope.errors import OptionError
from coopscope.indicators.mirror import mirror_gaps, mirror_summary

P1, P2 = "854231", "870899"
REPORTED = [  # USA's declarations of its imports (CIF)
    ("CHN", "USA", P1, 1000.0),
    ("JPN", "USA", P1, 106.0),
    ("KOR", "USA", P2, 50.0),
    ("HKG", "USA", P1, 200.0),
    ("TWN", "USA", P2, 70.0),
]
MIRROR = [  # exporters' declarations (FOB)
    ("CHN", "USA", P1, 600.0),
    ("CHN", "HKG", P1, 500.0),  # routed through Hong Kong
    ("JPN", "USA", P1, 100.0),
    ("HKG", "USA", P1, 190.0),
    ("TWN", "USA", P2, 100.0),
    ("DEU", "USA", P2, 80.0),
]


@pytest.fixture
def gaps(engine):
    got = mirror_gaps(from_arrow(engine, trade_arrow(REPORTED)), from_arrow(engine, trade_arrow(MIRROR)),
                      importers=["USA"])  # fmt: skip
    return engine, got


def test_each_flow_diagnosed(gaps):
    con, got = gaps
    rows = {(r["exporter"], r["product"]): r for r in to_arrow(con, got).to_pylist()}
    assert {k: r["status"] for k, r in rows.items()} == {
        ("CHN", P1): "discrepancy",
        ("JPN", P1): "agree",
        ("KOR", P2): "only-reported",
        ("HKG", P1): "agree",
        ("TWN", P2): "discrepancy",
        ("DEU", P2): "only-mirror",
    }
    chn = rows[("CHN", P1)]
    assert (chn["gap_usd"], chn["entrepot_exports_usd"], chn["re_export_suspected"]) == (400.0, 500.0, True)
    assert chn["ratio"] == pytest.approx(1000 / 600)
    assert rows[("JPN", P1)]["gap_usd"] == pytest.approx(6.0) and rows[("JPN", P1)]["expected_ratio"] == 1.06
    assert rows[("HKG", P1)]["partner_is_entrepot"] and not rows[("HKG", P1)]["re_export_suspected"]
    assert rows[("KOR", P2)]["ratio"] is None and rows[("DEU", P2)]["reported_usd"] == 0.0
    assert not rows[("TWN", P2)]["re_export_suspected"]  # reported below the mirror


def test_summary_per_status(gaps):
    con, got = gaps
    rows = {r["status"]: r for r in to_arrow(con, mirror_summary(got)).to_pylist()}
    assert rows["discrepancy"]["flows"] == 2 and rows["discrepancy"]["gap_usd"] == pytest.approx(400 - 30)
    assert rows["discrepancy"]["re_export_suspected"] == 1
    assert rows["agree"]["reported_usd"] == 306.0


def test_wider_band_agrees_more(engine):
    got = mirror_gaps(from_arrow(engine, trade_arrow(REPORTED)), from_arrow(engine, trade_arrow(MIRROR)),
                      importers=["USA"], band=0.6)  # fmt: skip
    status = {r["exporter"]: r["status"] for r in to_arrow(engine, got).to_pylist()}
    assert status["CHN"] == "agree" and status["TWN"] == "agree"  # 1.667 ≤ 1.696; 0.7 ≥ 0.424


def test_bad_band_is_an_error(engine):
    with pytest.raises(OptionError):
        mirror_gaps(from_arrow(engine, trade_arrow(REPORTED)), from_arrow(engine, trade_arrow(MIRROR)), band=1.5)


@pytest.fixture(scope="module")
def comtrade_store(tmp_path_factory):
    from coopscope.store import Store

    store = Store.open(tmp_path_factory.mktemp("mirror"), create=True)
    for flows, basis, digest in ((REPORTED, "reported_imports", "ab"), (MIRROR, "mirror_exports", "cd")):
        with store.transaction() as tx:
            tx.write_trade(trade_arrow(flows))
            tx.commit_source(location=basis, sha256=digest * 32, kind="test", hs_revision="HS17", basis=basis)
    return store


def test_library_call_and_cli_on_a_store(comtrade_store):
    import io

    import pandas as pd
    from click.testing import CliRunner

    from coopscope.cli import main
    from coopscope.pair.mirror_run import mirror_diagnostics

    result = mirror_diagnostics(comtrade_store, importers=["usa"])
    assert result.year == 2022 and result.flows.num_rows == 6
    assert result.flows["exporter"][0].as_py() == "CHN"  # the largest gap first
    out = CliRunner().invoke(main, ["mirror", "--store", str(comtrade_store.root), "--importer", "USA",
                                    "--format", "csv"])  # fmt: skip
    assert out.exit_code == 0, out.output
    summary = pd.read_csv(io.StringIO(out.stdout))
    assert dict(zip(summary["status"], summary["flows"], strict=True)) == {
        "agree": 2, "discrepancy": 2, "only-mirror": 1, "only-reported": 1}  # fmt: skip


def test_a_store_without_mirror_exports_says_so(whatif_store):
    from click.testing import CliRunner

    from coopscope.cli import main

    out = CliRunner().invoke(main, ["mirror", "--store", str(whatif_store.root), "--importer", "KOR"])
    assert out.exit_code == 1 and "reported imports and mirror exports" in out.output and "Hint" in out.output
