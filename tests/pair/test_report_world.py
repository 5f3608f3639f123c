"""The report on a tiny synthetic BACI world (real product lenses, the BACI loader, the real indicator modules)."""

from __future__ import annotations

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from coopscope.report import write_report


@pytest.fixture(scope="module")
def world_report(tmp_path_factory):
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.synth import write_world

    root = tmp_path_factory.mktemp("world")
    ingest_baci(write_world(root / "release", scale="tiny", years=[2021, 2022]), root / "store")
    return write_report(root / "store", root / "report", method="eu2021")


def test_groups_cover_classes_and_ai_areas(world_report):
    indicators = pq.read_table(world_report.parquet["pair_indicators"])
    groups = set(indicators["group"].to_pylist())
    assert {"all", "mpe:materials", "mpe:parts", "mpe:equipment"} <= groups
    assert any(g.startswith("tech:") for g in groups) and any(g.startswith("ai:") for g in groups)
    latest = indicators.filter(pc.equal(indicators["year"], 2022))
    assert pc.min(latest["tci_a_to_b"]).as_py() >= 0 and pc.max(latest["tci_a_to_b"]).as_py() <= 100
    assert latest.filter(pc.equal(latest["group"], "all"))["eci_a"][0].as_py() is not None


def test_brief_names_the_ai_areas(world_report):
    html = world_report.html.read_text(encoding="utf-8")
    balance = pq.read_table(world_report.parquet["cooperation_balance"])
    for group in balance["group"].to_pylist():
        assert f">{group}<" in html
    assert 'id="synthetic-banner"' in html


def test_product_table_is_usable_by_the_firms_matcher(world_report):
    products = pq.read_table(world_report.parquet["pair_products"])
    assert products.num_rows > 0
    assert {"product", "pair_class", "value_usd", "mpe_class", "ai_areas"} <= set(products.column_names)
    assert pc.all(pc.greater_equal(products["value_usd"], 0)).as_py()
