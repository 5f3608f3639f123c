"""``ingest baci --engine spark``: each year read by a Spark task; the same rows, checks and errors.

Runs on the session's local Spark (the two-worker cluster test in tests/spark ingests on a real
standalone cluster).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from coopscope.cli import main
from coopscope.errors import InputError
from coopscope.sources.baci import ingest_baci
from coopscope.sources.synth import write_world
from coopscope.store import Store

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def _trade(store: Path) -> pa.Table:
    files = sorted(Store.open(store).trade_files())
    return pa.concat_tables([pq.ParquetFile(f).read() for f in files])


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_world(tmp_path_factory.mktemp("world"), scale="tiny", years=[2020, 2021, 2022], seed=4)


def test_spark_ingest_writes_the_same_store_as_duckdb(
    release: Path, tmp_path: Path, spark_backend: ibis.BaseBackend
) -> None:
    duck = ingest_baci(release, tmp_path / "duck").record
    spark = ingest_baci(release, tmp_path / "spark", spark=spark_backend._session).record  # type: ignore[attr-defined]
    assert (spark.years, spark.row_count, spark.sha256, spark.synthetic) == (
        duck.years, duck.row_count, duck.sha256, duck.synthetic
    )  # fmt: skip
    assert spark.value_total_usd == pytest.approx(duck.value_total_usd, rel=1e-12)
    assert _trade(tmp_path / "spark").equals(_trade(tmp_path / "duck"))
    assert not list((tmp_path / "spark" / ".staging").glob("*/year=*"))  # staging emptied


def test_a_bad_line_in_one_year_stops_the_spark_ingest_with_the_same_one_line_error(
    release: Path, tmp_path: Path, spark_backend: ibis.BaseBackend
) -> None:
    folder = tmp_path / "release"
    with zipfile.ZipFile(release) as archive:
        archive.extractall(folder)
    (yearly,) = folder.glob("BACI_*_Y2021_*.csv")
    lines = yearly.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].rsplit(",", 2)[0] + ",12x4,1.0"  # line 6: a value that is no number
    yearly.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as local:
        ingest_baci(folder, tmp_path / "duck")
    store = tmp_path / "spark"
    with pytest.raises(InputError) as on_spark:
        ingest_baci(folder, store, spark=spark_backend._session)  # type: ignore[attr-defined]
    assert on_spark.value.message == local.value.message
    assert "Y2021" in on_spark.value.message and "line 6" in on_spark.value.message
    assert Store.open(store).sources() == []  # nothing of 2020 or 2022 reached the store
    assert not list((store / "trade").glob("**/*.parquet"))


def test_the_cli_ingests_on_spark(release: Path, tmp_path: Path, spark_backend: ibis.BaseBackend) -> None:
    store = tmp_path / "store"
    done = CliRunner().invoke(main, ["ingest", "baci", str(release), "--store", str(store), "--engine", "spark"])
    assert done.exit_code == 0, done.output
    assert "years 2020, 2021, 2022" in done.output and "[SYNTHETIC]" in done.output
    assert Store.open(store).sources()[0].row_count == _trade(store).num_rows > 0
