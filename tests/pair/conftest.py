"""Fixtures for the pair and report tests."""

from __future__ import annotations

import pytest
from pair_data import LENSES, dependence_table, trade_table, write_store


@pytest.fixture
def pair_inputs():
    return trade_table(), dependence_table(), LENSES


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    return write_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def report_paths(small_store, tmp_path_factory):
    from coopscope.report import write_report

    return write_report(small_store, tmp_path_factory.mktemp("report"), year=2022, method="eu2021")


@pytest.fixture(scope="session")
def world_model(tmp_path_factory):
    """The evidence on KOR and CHN in a tiny synthetic BACI world (three years, with firms)."""
    from coopscope.evidence import build_cooperation
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth import write_world
    from coopscope.sources.synth_firms import synthetic_firms

    root = tmp_path_factory.mktemp("world")
    ingest_baci(write_world(root / "release", scale="tiny", years=[2020, 2021, 2022], seed=3), root / "store")
    write_store_firms(root / "store", synthetic_firms(0))
    return build_cooperation(root / "store", "KOR", "CHN")


@pytest.fixture(scope="session")
def world_reports(world_model, tmp_path_factory):
    """The world's report written in English, Korean and Chinese: {lang: ReportPaths}."""
    from coopscope.report import write_report_files

    out = tmp_path_factory.mktemp("world-report")
    return {lang: write_report_files(world_model, out, lang=lang) for lang in ("en", "ko", "zh")}
