"""Shared fixtures: the engine fixture every relational test uses, system tools, and the Hypothesis profiles.

Random tests never make CI flaky: under ``CI=true`` Hypothesis is derandomized (the same examples
every run); locally it draws new examples each run, and a failure found becomes an ``@example``.
Test artefacts (Hypothesis' example database, Spark's warehouse folder) go to a temporary folder,
never into the repository.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import ibis
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from coopscope.engine import connect, java_available, quiet_library_warnings
from local_server import LocalServer, serving

quiet_library_warnings()
DATA = Path(__file__).parent / "data"
ARTEFACTS = Path(tempfile.gettempdir()) / "coopscope-test-artefacts"
os.environ.setdefault("COOPSCOPE_PROGRESS", "off")
UNDER_CI = os.environ.get("CI") == "true"

# Hypothesis keeps its example database and caches here, not in .hypothesis/ of the working directory
set_hypothesis_home_dir(ARTEFACTS / "hypothesis")
settings.register_profile("ci", derandomize=True, max_examples=50, deadline=None, database=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if UNDER_CI else "dev")


def require_tool(name: str, what: str) -> str:
    """The path of a system tool a test needs: a skip locally when it is missing, a failure under CI."""
    path = shutil.which(name)
    if path is None:
        reason = f"{what} needs '{name}', which is not on the PATH"
        if UNDER_CI:
            pytest.fail(f"{reason}; under CI a skipped test is a failure")
        pytest.skip(reason)
    return path


@pytest.fixture
def system_tool() -> object:
    """``system_tool("libreoffice", "opening the workbook")``: see :func:`require_tool`."""
    return require_tool


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
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        here = os.getcwd()
        os.chdir(ARTEFACTS)  # Spark puts its warehouse folder in the working directory
        try:
            con = connect("spark", spark_master="local[2]")
        finally:
            os.chdir(here)
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


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A threaded HTTP server on 127.0.0.1 (tests/local_server.py); its ``route`` answers each request."""
    with serving() as state:
        yield state
