"""Stores of every kind for the API tests: synthetic (reconciled), a Korean customs table, a Comtrade file."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_data import KOREAN_MAP, trade_arrow, write_comtrade_file, write_korean_customs_table

import coopscope as cs
from coopscope.store import Store


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "store"
    store = Store.open(root, create=True)
    with store.transaction() as tx:
        tx.write_trade(trade_arrow())
        tx.commit_source(location="api_data", sha256="cd" * 32, kind="test", hs_revision="HS17", synthetic=True)
    return root


@pytest.fixture(scope="session")
def customs_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("customs")
    path = write_korean_customs_table(folder / "수입실적.csv")
    cs.ingest(path, kind="table", store=folder / "store", mapping=KOREAN_MAP, basis="reported_imports",
              country_style="name", value_unit="kusd", hs_revision="HS17")  # fmt: skip
    return folder / "store"


@pytest.fixture(scope="session")
def comtrade_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("comtrade")
    cs.ingest(write_comtrade_file(folder / "comtrade.csv"), kind="comtrade", store=folder / "store")
    return folder / "store"
