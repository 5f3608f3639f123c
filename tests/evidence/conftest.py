"""A small synthetic BACI world (real lenses, the real loader and indicators) and its evidence model."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def world_store(tmp_path_factory):
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth import write_world
    from coopscope.sources.synth_firms import synthetic_firms

    root = tmp_path_factory.mktemp("evidence-world")
    store = root / "store"
    ingest_baci(write_world(root / "release", scale="tiny", years=[2020, 2021, 2022], seed=3), store)
    write_store_firms(store, synthetic_firms(0))
    return store


@pytest.fixture(scope="session")
def cooperation(world_store):
    from coopscope.evidence import build_cooperation

    return build_cooperation(world_store, "KOR", "CHN")


@pytest.fixture(scope="session")
def one_year_store(tmp_path_factory):
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.synth import write_world

    root = tmp_path_factory.mktemp("evidence-one-year")
    ingest_baci(write_world(root / "release", scale="tiny", years=[2022], seed=5), root / "store")
    return root / "store"
