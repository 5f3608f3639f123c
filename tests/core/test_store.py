"""The store: manifest, atomic writes, the writer lock, and a SIGKILL in the middle of an ingest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from core_helpers import snapshot

from coopscope.cli import main
from coopscope.errors import StoreError, StoreLockedError
from coopscope.sources.baci import ingest_baci
from coopscope.store import Store


def _rows(year: int, n: int = 3) -> pa.Table:
    return pa.table(
        {
            "year": [year] * n,
            "exporter": ["KOR"] * n,
            "importer": ["CHN"] * n,
            "product": [f"{854231 + k:06d}" for k in range(n)],
            "hs_revision": ["HS17"] * n,
            "value_usd": [1.0 * (k + 1) for k in range(n)],
            "quantity_t": [None] * n,
        }
    )


def test_manifest_records_every_field_the_issue_names(tmp_path: Path, release: Path) -> None:
    record = ingest_baci(release, tmp_path / "s").record
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text())
    source = manifest["sources"][0]
    for key in (
        "location",
        "sha256",
        "hs_revision",
        "release",
        "row_count",
        "value_total_usd",
        "synthetic",
        "coopscope_version",
        "ingested_at",
    ):
        assert key in source
    assert source["row_count"] == record.row_count == 6
    assert source["release"] == "V202401b"
    assert sorted(p.parent.name for p in (tmp_path / "s" / "trade").rglob("*.parquet")) == ["year=2021", "year=2022"]


def test_opening_a_folder_that_is_not_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"not a coopscope store.*Hint: ingest"):
        Store.open(tmp_path)


def test_an_error_inside_a_transaction_leaves_the_store_unchanged(tmp_path: Path, release: Path) -> None:
    ingest_baci(release, tmp_path / "s")
    store = Store.open(tmp_path / "s")
    before = snapshot(store.root)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.write_trade(_rows(2023))
        raise RuntimeError("boom")
    assert snapshot(store.root) == before
    assert (store.root / ".lock").read_text() == ""  # released: no pid left behind


def test_built_tables_are_replaced_atomically(tmp_path: Path, engine) -> None:
    store = Store.open(tmp_path / "s", create=True)
    with store.transaction() as tx:
        tx.commit_table("demo", pa.table({"x": [1, 2]}))
    with store.transaction() as tx:
        tx.commit_table("demo", pa.table({"x": [3]}))
    assert engine.to_pyarrow(store.table(engine, "demo")).column("x").to_pylist() == [3]
    assert len(list((store.root / "tables" / "demo").glob("*.parquet"))) == 1


HOLD_LOCK = textwrap.dedent("""
    import sys, time
    from coopscope.store import Store
    with Store.open(sys.argv[1]).transaction():
        print("locked", flush=True)
        time.sleep(60)
""")


def test_a_second_writer_gets_store_is_locked_by_pid(tmp_path: Path, release: Path) -> None:
    ingest_baci(release, tmp_path / "s")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "s")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(StoreLockedError, match=f"store is locked by pid {holder.pid}"),
            Store.open(tmp_path / "s").transaction(),
        ):
            pass
        other = tmp_path / "other.csv"
        other.write_text("t,i,j,k,v,q\n2030,410,156,854231,1,1\n")
        result = CliRunner().invoke(
            main, ["ingest", "baci", str(other), "--hs-revision", "HS17", "--store", str(tmp_path / "s")]
        )
        assert result.exit_code == 1 and f"locked by pid {holder.pid}" in result.output
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()


SLOW_INGEST = textwrap.dedent("""
    import sys, time
    from coopscope import store
    original = store.Transaction._write_parts
    def slow(self, batch):
        original(self, batch)
        print("writing", flush=True)
        time.sleep(60)
    store.Transaction._write_parts = slow
    from coopscope.sources.baci import ingest_baci
    ingest_baci(sys.argv[1], sys.argv[2])
""")


def test_sigkill_mid_ingest_leaves_the_store_as_it_was(tmp_path: Path, release: Path) -> None:
    from core_helpers import write_release

    store_dir = tmp_path / "s"
    ingest_baci(release, store_dir)
    before = snapshot(store_dir)
    newer = write_release(tmp_path / "new", {2023: ["2023,410,156,854231,1,1"], 2024: ["2024,410,156,854231,2,1"]})
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, str(newer), str(store_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "writing"
    assert list((store_dir / ".staging").rglob("*.parquet")), "the child should be mid-write"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert Store.open(store_dir).trade_arrow().num_rows == 6
    assert {k: v for k, v in snapshot(store_dir).items() if not k.startswith(".staging")} == before
    time.sleep(0.05)
    record = ingest_baci(newer, store_dir).record  # the dead writer's lock is taken over, leftovers cleaned
    assert record.years == [2023, 2024]
    assert not list((store_dir / ".staging").rglob("*.parquet"))
