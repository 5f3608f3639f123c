"""``coopscope whatif`` and the library call behind it, on a small store."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from beyond_data import P1, P2
from click.testing import CliRunner

from coopscope.cli import main
from coopscope.errors import OptionError
from coopscope.pair.whatif_run import whatif


def _csv(*args: str) -> pd.DataFrame:
    result = CliRunner().invoke(main, ["whatif", *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return pd.read_csv(io.StringIO(result.stdout), dtype={"product": str})


def test_library_call_returns_every_table(whatif_store):
    result = whatif(whatif_store, importers=["KOR", "CHN"], suppliers=["JPN"])
    assert result.year == 2022 and result.synthetic
    assert result.products.column_names[:4] == ["year", "hs_revision", "importer", "product"]
    kor = [r for r in result.products.to_pylist() if r["importer"] == "KOR"]
    assert [(r["product"], r["net_exposed_usd"]) for r in kor] == [(P1, 45.0), (P2, 0.0)]  # largest net first
    assert kor[0]["mpe_class"] == "parts" and "ai-semiconductors" in kor[0]["ai_areas"]
    first = result.alternatives.to_pylist()[0]
    assert (first["importer"], first["exporter"], first["rank"]) == ("CHN", "TWN", 1)  # KOR sells CHN no P1
    assert result.shared is not None and result.shared["joint_net_exposed_usd"].to_pylist() == [120.0]
    assert "10%" in result.notes[0]


def test_cli_products_for_korea_with_china_named_first(whatif_store):
    got = _csv("--store", str(whatif_store.root), "--importer", "KOR", "--supplier", "JPN", "--partner", "CHN",
               "--level", "alternatives")  # fmt: skip
    p1 = got[got["product"] == P1]
    assert p1["exporter"].tolist() == ["CHN", "TWN", "USA"]


def test_cli_shared_and_stricter_rule(whatif_store):
    got = _csv("--store", str(whatif_store.root), "--importer", "KOR,CHN", "--supplier", "JPN", "--level", "shared",
               "--redirect", "0.2")  # fmt: skip
    assert got["joint_net_exposed_usd"].tolist() == [90.0]  # 20 % of TWN's 300


def test_cli_totals_by_group(whatif_store):
    got = _csv("--store", str(whatif_store.root), "--importer", "KOR", "--supplier", "JPN", "--level", "totals")
    totals = dict(zip(got["group"], got["exposed_usd"], strict=True))
    assert totals == {"all": 140.0, "mpe:parts": 140.0, "tech:high": 100.0, "tech:medium-high": 40.0,
                      "ai:ai-semiconductors": 100.0, "ai:smart-mobility": 140.0}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--importer", "KOR", "--supplier", "KOR"], "an importer among them"),
        (["--importer", "KOR,CHN,USA", "--supplier", "JPN"], "3 given"),
        (["--importer", "KOR", "--supplier", "JPN", "--redirect", "2"], "redirect"),
        (["--importer", "KOR", "--supplier", "JPN", "--class", "gadgets"], "--class: 'gadgets'"),
        (["--importer", "KOR", "--supplier", "JPN", "--year", "1990"], "no trade data for 1990"),
    ],
    ids=["supplier-is-importer", "three-importers", "bad-redirect", "unknown-class", "missing-year"],
)
def test_bad_requests_are_one_line_errors(whatif_store, args, message):
    result = CliRunner().invoke(main, ["whatif", "--store", str(whatif_store.root), *args])
    assert result.exit_code == 1 and message in result.output and "Hint" in result.output


def test_class_filter_keeps_those_products(whatif_store):
    parts = whatif(whatif_store, importers=["KOR"], suppliers=["JPN"], product_class="parts")
    assert sorted(parts.products["product"].to_pylist()) == [P1, P2]
    chips = whatif(whatif_store, importers=["KOR"], suppliers=["JPN"], area="ai-semiconductors")
    assert chips.products["product"].to_pylist() == [P1]
    totals = {r["group"]: r["exposed_usd"] for r in chips.totals.to_pylist()}
    assert totals["all"] == 100.0 and totals["ai:smart-mobility"] == 100.0
    with pytest.raises(OptionError):
        whatif(whatif_store, importers=["KOR"], suppliers=["JPN"], area="no-such-area")
