"""Shared fixtures: the engine fixture every relational test uses, and small data helpers."""

from __future__ import annotations

import gc
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest

from coopscope.engine import connect, java_available, quiet_library_warnings

quiet_library_warnings()
DATA = Path(__file__).parent / "data"
os.environ.setdefault("COOPSCOPE_PROGRESS", "off")


@pytest.fixture(scope="session")
def spark_backend() -> Iterator[ibis.BaseBackend]:
    if not java_available():
        reason = "the Spark leg needs Java (no 'java' on the PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI a skipped Spark leg is a failure")
        pytest.skip(reason)
    with warnings.catch_warnings():
        # PySpark's gateway launch drops a pipe it opened; collect it here, not in some later test
        warnings.simplefilter("ignore", ResourceWarning)
        con = connect("spark", spark_master="local[2]")
        gc.collect()
    yield con


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest) -> ibis.BaseBackend:
    """An Ibis backend: every relational test runs once on DuckDB and once on PySpark."""
    if request.param == "spark":
        return request.getfixturevalue("spark_backend")
    return connect("duckdb")


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read the developer's own config or cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for var in (
        "COOPSCOPE_CONFIG",
        "COOPSCOPE_STORE",
        "COOPSCOPE_ENGINE",
        "COOPSCOPE_COMTRADE_KEY",
        "COOPSCOPE_OPENDART_KEY",
        "COOPSCOPE_CACHE_DIR",
    ):
        monkeypatch.delenv(var, raising=False)
