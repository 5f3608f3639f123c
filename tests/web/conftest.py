"""Fixtures for the dashboard tests: a tiny synthetic store (world, ingest, build, firms) and an app over it."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import in_process_client

os.environ.setdefault("COOPSCOPE_PROGRESS", "off")
YEARS = [2020, 2021, 2022]


def build_tiny_store(folder: Path) -> Path:
    """The tiny SYNTHETIC world (seed 0) ingested, with firms, built as `coopscope build` does (evidence kept)."""
    from coopscope.api.build import GROUPS, build_store
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth import write_world
    from coopscope.sources.synth_firms import synthetic_firms

    archive = write_world(folder / "world", scale="tiny", years=YEARS, seed=0)
    store = folder / "store"
    ingest_baci(archive, store)
    write_store_firms(store, synthetic_firms(0))
    build_store(store, groups=GROUPS)
    return store


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def app(web_store: Path):
    from coopscope.web import WebSettings, create_app

    return create_app(WebSettings(store=web_store))


@pytest.fixture(scope="session")
def client(app):
    with in_process_client(app) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    """The app on uvicorn in a thread, on a free loopback port; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
