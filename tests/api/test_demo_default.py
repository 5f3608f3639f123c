"""After `coopscope demo`, its store is the default: the next command needs no --store."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from coopscope.cli import main


@pytest.mark.slow
def test_dependence_right_after_the_demo(tmp_path: Path) -> None:
    runner = CliRunner()
    before = runner.invoke(main, ["dependence", "--importer", "KOR", "--year", "2022"])
    assert before.exit_code == 1 and "coopscope demo" in before.output
    demo = runner.invoke(main, ["demo", "--scale", "tiny", "--out", str(tmp_path)])
    assert demo.exit_code == 0, demo.output
    assert f"export COOPSCOPE_STORE={tmp_path / 'SYNTHETIC-store-tiny-seed0'}" in demo.output
    after = runner.invoke(main, ["dependence", "--importer", "KOR", "--year", "2022", "--format", "csv"])
    assert after.exit_code == 0, after.output
    assert after.stdout.startswith('"year","importer","product"') and "SYNTHETIC" in after.output
    assert len(after.stdout.splitlines()) > 10
