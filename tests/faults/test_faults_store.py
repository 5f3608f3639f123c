"""Fault catalogue, the store: replace, adoption, links, crafted manifests, readers, stale tables, full disks.

Each test is one cause of issue 19 and failed before its fix.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from faults_helpers import ROWS, logical_state, one_line_error, run, snapshot, write_release, write_year_csv, year_rows

from coopscope.errors import StoreError
from coopscope.sources.baci import ingest_baci
from coopscope.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Path:
    ingest_baci(write_release(tmp_path / "rel", {y: year_rows(y) for y in (2019, 2020, 2021, 2022)}), tmp_path / "s")
    return tmp_path / "s"


def test_cause01_replace_swaps_exactly_the_given_year_and_says_so(tmp_path: Path, store: Path) -> None:
    one = write_year_csv(tmp_path / "one", 2021, ["2021,410,156,854231,7,1"], name="V202501")
    result = run("ingest", "baci", one, "--store", store, "--replace")
    assert result.exit_code == 0, result.output
    assert "Replaced years 2021 of" in result.output
    opened = Store.open(store)
    assert opened.years() == [2019, 2020, 2021, 2022]
    rows = opened.trade_arrow().to_pylist()
    assert [r["value_usd"] for r in rows if r["year"] == 2021] == [7000.0]
    assert sum(r["year"] == 2019 for r in rows) == len(ROWS)
    trimmed = next(s for s in opened.sources() if 2019 in s.years)
    assert trimmed.years == [2019, 2020, 2022] and trimmed.row_count == 3 * len(ROWS)
    assert not [f for f in opened.trade_files() if not f.exists()]


def test_cause02_a_folder_that_is_not_a_store_is_never_adopted(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "trade").mkdir(parents=True)
    pq.write_table(pa.table({"x": [1]}), folder / "trade" / "precious.parquet")
    (folder / "tables" / "t").mkdir(parents=True)
    pq.write_table(pa.table({"x": [1]}), folder / "tables" / "t" / "mine.parquet")
    (folder / ".staging").mkdir()
    (folder / ".staging" / "notes.txt").write_text("keep")
    before = snapshot(folder)
    release = write_release(tmp_path / "rel", {2022: ROWS})
    one_line_error(run("ingest", "baci", release, "--store", folder), "not empty and not a coopscope store")
    assert snapshot(folder) == before


def test_cause03_a_crafted_manifest_never_reaches_outside(tmp_path: Path, store: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    manifest = json.loads((store / "manifest.json").read_text())
    manifest["sources"][0]["files"].append("../victim.txt")
    manifest["tables"]["dependence"] = {"files": ["../victim.txt"], "rows": 1, "built_at": "x"}
    (store / "manifest.json").write_text(json.dumps(manifest))
    one = write_year_csv(tmp_path / "one", 2021, ["2021,410,156,854231,7,1"], name="V202501")
    one_line_error(run("ingest", "baci", one, "--store", store, "--replace"), "../victim.txt")
    one_line_error(run("build", "--store", store), "not a file this store writes")
    assert victim.read_text() == "precious"


def test_cause03_a_lock_link_is_never_followed(tmp_path: Path, store: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("precious")
    (store / ".lock").unlink()
    (store / ".lock").symlink_to(target)
    release = write_release(tmp_path / "new", {2023: year_rows(2023)}, name="V202501")
    one_line_error(run("ingest", "baci", release, "--store", store), ".lock: is a link")
    assert target.read_text() == "precious"
    (store / ".lock").unlink()
    os.link(target, store / ".lock")
    one_line_error(run("ingest", "baci", release, "--store", store), "hard link")
    assert target.read_text() == "precious"


def test_cause03_staging_and_trade_links_are_refused(tmp_path: Path, store: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (store / ".staging").rmdir()
    (store / ".staging").symlink_to(outside)
    release = write_release(tmp_path / "new", {2023: year_rows(2023)}, name="V202501")
    one_line_error(run("ingest", "baci", release, "--store", store), "is a link or a file")
    assert list(outside.iterdir()) == []


def test_cause13_a_reader_keeps_its_snapshot_during_replace(tmp_path: Path, store: Path) -> None:
    reader = Store.open(store)
    files = reader.trade_files(years=[2021])
    one = write_year_csv(tmp_path / "one", 2021, ["2021,410,156,854231,7,1"], name="V202501")
    ingest_baci(one, store, replace=True)
    assert all(f.exists() for f in files), "deleted under a reader"
    assert pq.read_table([str(f) for f in files], partitioning=None).num_rows == len(ROWS)
    assert json.loads((store / "manifest.json").read_text())["retired"]
    reader.close()
    ingest_baci(write_release(tmp_path / "n", {2023: year_rows(2023)}, name="V202502"), store)
    assert not any(f.exists() for f in files), "a later writer removes retired files once no reader needs them"
    assert json.loads((store / "manifest.json").read_text())["retired"] == []


@pytest.mark.slow
def test_cause08_tables_go_stale_when_the_trade_data_changes(tmp_path: Path, store: Path) -> None:
    from coopscope.api.build import build_store

    build_store(store, groups="dependence")
    opened = Store.open(store)
    assert opened.has_table("dependence")
    ingest_baci(
        write_year_csv(tmp_path / "one", 2021, ["2021,410,156,854231,7,1"], name="V202501"), store, replace=True
    )
    assert opened.table_state("dependence") == "stale" and not opened.has_table("dependence")
    with pytest.raises(StoreError, match=r"stale.*Hint: run `coopscope build"):
        opened.table_files("dependence")
    assert "STALE" in run("store", "info", "--store", store).output
    build_store(store, groups="dependence")
    assert opened.has_table("dependence")


@pytest.mark.parametrize("text", ["{}", "[]", '{"sources": [], "tables": {}, "x": NaN}', "{", ""], ids=str)
def test_cause16_a_damaged_manifest_is_one_line(store: Path, text: str) -> None:
    (store / "manifest.json").write_text(text)
    one_line_error(run("store", "info", "--store", store), "manifest.json")


def test_cause16_a_store_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    release = write_release(tmp_path / "rel", {2022: ROWS})
    one_line_error(run("ingest", "baci", release, "--store", tmp_path / "f"), "is a file")


def test_cause16_a_read_only_store(tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only(path, flags, *args):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(store) in str(path):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    release = write_release(tmp_path / "new", {2023: year_rows(2023)}, name="V202501")
    one_line_error(run("ingest", "baci", release, "--store", store), "read-only")


def test_cause16_19_disk_full_while_writing_leaves_the_store_and_no_temporary(
    tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(store)
    release = write_release(tmp_path / "new", {2023: year_rows(2023)}, name="V202501")

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the manifest's write fails
    one_line_error(run("ingest", "baci", release, "--store", store), "No space left", "free some space")
    assert snapshot(store) == before
    assert not list(store.glob(".manifest.json.*.tmp"))
    monkeypatch.undo()
    monkeypatch.setattr(pq.ParquetWriter, "write_table", lambda *a, **k: full())  # the data's write fails
    one_line_error(run("ingest", "baci", release, "--store", store), "No space left")
    assert snapshot(store) == before


def test_logical_state_ignores_only_names_and_times(store: Path) -> None:
    state = logical_state(store)
    assert [s[1] for s in state["sources"]] == [(2019, 2020, 2021, 2022)]
