"""Ingest, build, pair and report on a Spark standalone cluster (a master and two workers on 127.0.0.1).

The trade rows the cluster ingested equal DuckDB's ingest exactly; every column of the built
tables and of the pair analysis equals DuckDB's (floating point to
1e-9 relative). Slow (three JVMs); fails, not skips, under CI=true when Java is missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from coopscope.engine import java_available
from coopscope.sources.baci import ingest_baci
from coopscope.sources.synth import write_world

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from benchmarks.spark_cluster import local_cluster  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.spark]
JOB = Path(__file__).with_name("cluster_job.py")
TABLES = (
    "trade",
    "dependence",
    "complexity_cells",
    "complexity_countries",
    "complexity_products",
    "pair-products",
    "pair-sides",
    "pair-indicators",
    "pair-dependence_trend",
    "pair-supplier_shares",
)


def _need_java() -> None:
    if not java_available():
        reason = "the Spark cluster test needs Java (no 'java' on the PATH)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI a skipped Spark test is a failure")
        pytest.skip(reason)


def _job(store: Path, out: Path, engine: str, master: str | None = None, release: Path | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COOPSCOPE_PROGRESS": "off"}
    env["COOPSCOPE_SPARK_CONF"] = "spark.executor.memory=1g,spark.executor.cores=1,spark.sql.shuffle.partitions=4"
    args = [sys.executable, str(JOB), str(store), str(out), engine, *([master] if master else [])]
    args += [str(release)] if release else []
    done = subprocess.run(args, env=env, capture_output=True, timeout=1800, cwd=str(store.parent))
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]


def _sorted(table: pa.Table) -> pa.Table:
    keys = [n for n in table.column_names if not pa.types.is_floating(table.schema.field(n).type)]
    keys = [n for n in keys if not pa.types.is_nested(table.schema.field(n).type)]
    return table.sort_by([(k, "ascending") for k in keys])


def _assert_same(name: str, got: pa.Table, want: pa.Table) -> None:
    assert sorted(got.column_names) == sorted(want.column_names), name
    got, want = _sorted(got.select(want.column_names)), _sorted(want)
    assert got.num_rows == want.num_rows > 0, name
    for column in want.column_names:
        a, b = got[column].to_pylist(), want[column].to_pylist()
        if pa.types.is_floating(want.schema.field(column).type):
            assert [v is None for v in a] == [v is None for v in b], f"{name}.{column}"
            pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None]
            if pairs:
                x, y = zip(*pairs, strict=True)
                # relative to the column's scale: sums that cancel to ~0 differ in their last bits
                scale = float(np.max(np.abs(np.asarray(y, dtype=float)), initial=0.0))
                np.testing.assert_allclose(x, y, rtol=1e-9, atol=1e-9 * scale, err_msg=f"{name}.{column}")
        else:
            assert a == b, f"{name}.{column}"


def test_ingest_build_pair_and_report_on_a_two_worker_cluster_equal_duckdb(tmp_path: Path) -> None:
    _need_java()
    release = write_world(tmp_path / "world", scale="tiny", years=[2020, 2021, 2022], seed=3)
    ingest_baci(release, tmp_path / "duck")
    _job(tmp_path / "duck", tmp_path / "out-duck", "duckdb")
    with local_cluster(workers=2, work_dir=tmp_path / "cluster") as master:
        assert master.startswith("spark://127.0.0.1:")
        _job(tmp_path / "spark", tmp_path / "out-spark", "spark", master, release)
    logs = (tmp_path / "cluster" / "master.log").read_text(errors="replace")
    assert "Registering app coopscope" in logs  # the work ran on this cluster, not in local mode
    assert pq.read_table(tmp_path / "out-spark" / "trade.parquet").equals(
        pq.read_table(tmp_path / "out-duck" / "trade.parquet")
    )  # the cluster's ingest: the same rows in the same order, bit for bit
    for name in TABLES:
        _assert_same(name, pq.read_table(tmp_path / "out-spark" / f"{name}.parquet"),
                     pq.read_table(tmp_path / "out-duck" / f"{name}.parquet"))  # fmt: skip
    assert list((tmp_path / "out-spark" / "report").glob("*.xlsx"))
