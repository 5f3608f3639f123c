"""The evidence model kept in the store by `coopscope build`: read when current, never when stale."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from web_helpers import in_process_client

from coopscope.errors import CoopscopeError
from coopscope.store import Store

COOPERATION = importlib.import_module("coopscope.api.cooperation")  # the module (the package exports the job)
GROUP_SHARES = "/api/v1/cooperation?a=KOR&b=CHN&table=dependence.group_shares&per_page=500"


def kept_models(store: Path) -> list[dict]:
    s = Store.open(store)
    return pq.read_table([str(f) for f in s.table_files("evidence")]).to_pylist()


def refuse_to_build(monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise CoopscopeError("cooperation: built again instead of read from the store.", "a test refused it.")

    monkeypatch.setattr(COOPERATION, "build_cooperation", refused)


@pytest.fixture
def store_copy(web_store: Path, tmp_path: Path) -> Path:
    """A copy of the session store that a test may change (the session's stays as it is)."""
    target = tmp_path / "store"
    shutil.copytree(web_store, target, ignore=shutil.ignore_patterns(".lock", ".readers*"))
    return target


def test_build_keeps_the_default_pair_and_the_job_reads_it(web_store, monkeypatch):
    from coopscope.api import cooperation

    (row,) = kept_models(web_store)
    assert (row["a"], row["b"]) == ("KOR", "CHN")
    assert Store.open(web_store).table_state("evidence") == "fresh"
    refuse_to_build(monkeypatch)
    model = cooperation("KOR", "CHN", store=web_store)
    assert model.to_json() == row["model"]
    with pytest.raises(CoopscopeError, match="built again"):
        cooperation("KOR", "CHN", store=web_store, years="2021-2022")  # other options: not the kept model
    with pytest.raises(CoopscopeError, match="built again"):
        cooperation("KOR", "CHN", store=web_store, cached=False)


def test_the_dashboard_serves_the_kept_model(store_copy, monkeypatch):
    from coopscope.web import WebSettings, create_app

    refuse_to_build(monkeypatch)
    kept = json.loads(kept_models(store_copy)[0]["model"])
    (section,) = [s for s in kept["sections"] if s["name"] == "dependence"]
    with in_process_client(create_app(WebSettings(store=store_copy))) as client:
        r = client.get(GROUP_SHARES)
    assert r.status_code == 200, r.text[:300]
    assert [list(row.values()) for row in r.json()["rows"]] == section["tables"]["group_shares"]["rows"]


def test_a_stale_model_is_never_served(store_copy, tmp_path, monkeypatch):
    from coopscope.sources.baci import ingest_baci
    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth import write_world
    from coopscope.sources.synth_firms import synthetic_firms
    from coopscope.web import WebSettings, create_app

    request = COOPERATION._request(COOPERATION.workspace(store_copy), "KOR", "CHN", None, ("USA", "JPN", "DEU"),
                                   COOPERATION.RULES, None)  # fmt: skip
    assert COOPERATION.cached_cooperation(Store.open(store_copy), request) is not None
    refuse_to_build(monkeypatch)
    app = create_app(WebSettings(store=store_copy))
    with in_process_client(app) as client:
        assert client.get(GROUP_SHARES).status_code == 200
        write_store_firms(store_copy, synthetic_firms(1))  # firm data changed after the model was kept
        assert COOPERATION.cached_cooperation(Store.open(store_copy), request) is None
        r = client.get(GROUP_SHARES)
        assert r.status_code == 422 and "built again" in r.json()["error"]["message"]
    ingest_baci(write_world(tmp_path / "world", scale="tiny", years=[2023], seed=0), store_copy)  # a new year
    assert Store.open(store_copy).table_state("evidence") == "stale"
    assert COOPERATION.cached_cooperation(Store.open(store_copy), request) is None


def test_keeping_again_builds_nothing_when_current(store_copy, monkeypatch):
    before = Store.open(store_copy).manifest()["tables"]["evidence"]["files"]
    refuse_to_build(monkeypatch)
    result = COOPERATION.keep_cooperation(store_copy, [("KOR", "CHN"), ("KOR", "ZZZ")])
    assert result.table.to_pylist() == [
        {"a": "KOR", "b": "CHN", "status": "kept"},
        {"a": "KOR", "b": "ZZZ", "status": "skipped"},
    ]
    assert Store.open(store_copy).manifest()["tables"]["evidence"]["files"] == before
