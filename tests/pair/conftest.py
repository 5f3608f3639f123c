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
