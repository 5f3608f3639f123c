"""``build`` commits year by year: a killed build keeps every completed year and a rerun resumes.

The child process below is killed with SIGKILL after it wrote the second year's file but
before it committed it (mid-year); the store must read as the first year's table, and the rerun
must build only the missing years and equal an uninterrupted build.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from coopscope.api.build import build_store
from coopscope.engine import connect, to_arrow
from coopscope.sources.baci import ingest_baci
from coopscope.sources.synth import write_world
from coopscope.store import Store

YEARS = [2019, 2020, 2021, 2022]
SRC = Path(__file__).resolve().parents[2] / "src"

KILLER = textwrap.dedent(
    """
    import importlib, os, signal, sys
    build = importlib.import_module("coopscope.api.build")  # the module (coopscope.api.build is also the job)

    written = []
    original = build.write_parquet

    def write_then_die(con, expr, path):
        rows = original(con, expr, path)
        written.append(path)
        if len(written) == 2:  # the second year's file is staged, not committed
            os.kill(os.getpid(), signal.SIGKILL)
        return rows

    build.write_parquet = write_then_die
    build.build_store(sys.argv[1], groups=["dependence"])
    """
)


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_world(tmp_path_factory.mktemp("w"), scale="tiny", years=YEARS, seed=5)


def _table(store: Path) -> pa.Table:
    con = connect("duckdb")
    table = to_arrow(con, Store.open(store).table(con, "dependence"))
    return table.sort_by([(k, "ascending") for k in ("year", "importer", "product")])


def _assert_equal(got: pa.Table, want: pa.Table) -> None:
    assert got.column_names == want.column_names and got.num_rows == want.num_rows
    for name in got.column_names:
        a, b = got[name].to_pylist(), want[name].to_pylist()
        if pa.types.is_floating(got.schema.field(name).type):
            assert [v is None for v in a] == [v is None for v in b], name
            pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None]
            np.testing.assert_allclose(*zip(*pairs, strict=True), rtol=1e-12, err_msg=name)
        else:
            assert a == b, name


@pytest.mark.slow
def test_a_killed_build_keeps_its_completed_years_and_the_rerun_resumes(release: Path, tmp_path: Path) -> None:
    whole, killed = tmp_path / "whole", tmp_path / "killed"
    ingest_baci(release, whole)
    ingest_baci(release, killed)
    build_store(whole, groups=["dependence"])
    env = {**os.environ, "PYTHONPATH": str(SRC), "COOPSCOPE_PROGRESS": "off"}
    child = subprocess.run([sys.executable, "-c", KILLER, str(killed)], env=env, capture_output=True, timeout=600)
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]

    after_kill = _table(killed)  # readable, with exactly the completed first year
    assert sorted(set(after_kill["year"].to_pylist())) == [YEARS[0]]
    _assert_equal(after_kill, _table(whole).filter(pa.compute.equal(_table(whole)["year"], YEARS[0])))

    report = build_store(killed, groups=["dependence"])
    assert report.built == {"dependence": YEARS[1:]}
    _assert_equal(_table(killed), _table(whole))
    assert Store.open(killed).manifest()["tables"]["dependence"]["years"] == YEARS
    assert build_store(killed, groups=["dependence"]).built == {"dependence": []}  # nothing left to do
    assert build_store(killed, groups=["dependence"], rebuild=True).built == {"dependence": YEARS}
    _assert_equal(_table(killed), _table(whole))
    assert not [p for p in (killed / ".staging").rglob("*") if p.is_file()]


@pytest.mark.slow
def test_a_changed_year_is_rebuilt_with_the_years_whose_window_reads_it(release: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest_baci(release, store)
    first = build_store(store)
    assert first.built == {"dependence": YEARS, "complexity": YEARS, "products": YEARS}
    manifest = Store.open(store).manifest()
    source = next(s for s in manifest["sources"] if any("year=2020" in f for f in s["files"]))
    old = next(f for f in source["files"] if "year=2020" in f)
    new = str(Path(old).with_name("0123456789abcdef.parquet"))  # a new file name of the store's own shape
    (store / old).rename(store / new)  # as if 2020 had been ingested again (new file, same rows)
    source["files"] = [new if f == old else f for f in source["files"]]
    (store / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    again = build_store(store)
    assert again.built == {
        "dependence": [2020, 2021, 2022],
        "complexity": [2020],
        "products": [2020],
    }  # GeoDep: 3 years


@pytest.mark.slow
def test_the_build_command_keeps_unchanged_years_and_rebuilds_on_request(release: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from coopscope.cli import main

    store = tmp_path / "store"
    ingest_baci(release, store)
    run = CliRunner()
    first = run.invoke(main, ["build", "--store", str(store), "--only", "complexity"])
    assert first.exit_code == 0 and f"complexity: computed {len(YEARS)} year(s), kept 0 unchanged." in first.output
    again = run.invoke(main, ["build", "--store", str(store), "--only", "complexity"])
    assert again.exit_code == 0 and f"computed 0 year(s), kept {len(YEARS)} unchanged." in again.output
    forced = run.invoke(main, ["build", "--store", str(store), "--only", "complexity", "--rebuild"])
    assert forced.exit_code == 0 and f"computed {len(YEARS)} year(s), kept 0 unchanged." in forced.output
