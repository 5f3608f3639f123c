"""`coopscope demo` end to end on the tiny synthetic world: every step runs and says SYNTHETIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopscope.cli import main
from coopscope.store import Store


@pytest.mark.slow
def test_demo_runs_every_analysis_and_marks_results_synthetic(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--scale", "tiny", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "SYNTHETIC" in result.output
    store = Store.open(tmp_path / "SYNTHETIC-store-tiny-seed0")
    assert store.is_synthetic()
    for table in ("dependence", "complexity_cells", "complexity_countries", "complexity_products"):
        assert store.has_table(table), table
    html = next((tmp_path / "report").rglob("*.html"))
    assert "SYNTHETIC" in html.read_text(encoding="utf-8").upper()
    assert store.years() == list(range(2017, 2023))  # six consecutive years at the smallest scale
    firms = store.manifest()["tables"]
    assert any("firm" in name for name in firms), firms
    again = CliRunner().invoke(main, ["demo", "--scale", "tiny", "--out", str(tmp_path)])
    assert again.exit_code == 0 and len(store.sources()) == 1
    assert "Reusing" in again.output and "build:" not in again.output
    html.unlink()  # an output gone: the run is redone
    third = CliRunner().invoke(main, ["demo", "--scale", "tiny", "--out", str(tmp_path)])
    assert third.exit_code == 0 and "build:" in third.output and html.exists()
