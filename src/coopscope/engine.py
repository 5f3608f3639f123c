"""The engine seam: the one place that opens an Ibis backend.

DuckDB (embedded, the default) runs in-process on a database file or in memory; PySpark runs
in local mode by default or against the master URL given in the settings. Nothing else in
coopscope knows which engine is in use.
"""

from __future__ import annotations

import shutil
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.errors import EngineError
from coopscope.options import EngineName, check_option


def quiet_library_warnings() -> None:
    """Silence the known third-party deprecation warnings (and nothing else).

    Ibis 12 and PySpark 4.0 under pandas 3 raise ``Pandas4Warning`` (pandas' own deprecation
    class), and Ibis under DuckDB 2 calls the deprecated ``fetch_arrow_table``. Not ours to fix.
    """
    try:
        from pandas.errors import Pandas4Warning
    except ImportError:  # pragma: no cover - pandas < 3
        pass
    else:
        warnings.filterwarnings("ignore", category=Pandas4Warning)
    warnings.filterwarnings("ignore", message=r"fetch_arrow_table\(\) is deprecated.*")


quiet_library_warnings()


def connect(
    engine: str = "duckdb",
    *,
    database: str | Path = ":memory:",
    spark_master: str | None = None,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> ibis.BaseBackend:
    """Open an Ibis backend.

    ``engine`` is ``duckdb`` (``database`` is a file path or ``:memory:``; ``memory_limit`` such as
    ``"2GB"`` caps DuckDB, which otherwise may use 80 % of RAM) or ``spark`` (``spark_master``
    defaults to ``local[*]``).
    """
    name: EngineName = check_option("engine", engine, EngineName)  # type: ignore[assignment]
    if name == "duckdb":
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = int(threads)
        if memory_limit:
            config["memory_limit"] = str(memory_limit)
        return ibis.duckdb.connect(str(database), **config)
    return _connect_spark(spark_master or "local[*]")


def java_available() -> bool:
    """Whether a Java runtime is on the PATH (PySpark needs one)."""
    return shutil.which("java") is not None


def _connect_spark(master: str) -> ibis.BaseBackend:
    if not java_available():
        raise EngineError(
            "the spark engine needs Java, and no 'java' is on the PATH.",
            "install Java 17 (e.g. apt-get install openjdk-17-jre-headless) or use --engine duckdb.",
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a declared dependency
        raise EngineError("PySpark is not installed.", "pip install 'pyspark>=4.0,<4.1'.") from exc
    session = (
        SparkSession.builder.master(master)
        .appName("coopscope")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return ibis.pyspark.connect(session)


def engine_name(con: ibis.BaseBackend) -> str:
    """``duckdb`` or ``spark`` for an open backend."""
    return "spark" if con.name == "pyspark" else con.name


def read_parquet(con: ibis.BaseBackend, paths: Sequence[Path]) -> ibis.Table:
    """A lazy table over the given Parquet files (all with the same schema)."""
    if not paths:
        raise EngineError("no Parquet files to read.", "ingest data into the store first.")
    files = [str(p) for p in paths]
    if engine_name(con) == "duckdb":
        return con.read_parquet(files, hive_partitioning=False)
    session: Any = con._session  # type: ignore[attr-defined]
    frame = session.read.parquet(*files)
    view = f"coopscope_{uuid.uuid4().hex[:12]}"
    frame.createOrReplaceTempView(view)
    return con.table(view)


def from_arrow(con: ibis.BaseBackend, table: pa.Table | Any) -> ibis.Table:
    """Load an in-memory table (Arrow or pandas) into the backend as a temporary table.

    On Spark the Arrow table goes straight to ``createDataFrame`` (not through pandas, which would
    turn null text into 'NaN') and is registered as a temporary view.
    """
    name = f"coopscope_mem_{uuid.uuid4().hex[:12]}"
    if engine_name(con) == "duckdb":
        return con.create_table(name, table, temp=True)
    arrow = table if isinstance(table, pa.Table) else pa.Table.from_pandas(table, preserve_index=False)
    session: Any = con._session  # type: ignore[attr-defined]
    session.createDataFrame(arrow).createOrReplaceTempView(name)
    return con.table(name)


def to_arrow(con: ibis.BaseBackend, expr: ibis.Table) -> pa.Table:
    """Execute a lazy expression and return an Arrow table."""
    return con.to_pyarrow(expr)


def write_parquet(con: ibis.BaseBackend, expr: ibis.Table, path: Path) -> int:
    """Execute a lazy expression into one zstd-compressed Parquet file at ``path``; returns its rows.

    The engine writes the file itself (DuckDB ``COPY … TO``; Spark's writer into one partition),
    so the result never passes through Python's memory. The file is written under a temporary
    name and renamed, so ``path`` is either whole or absent.
    """
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if engine_name(con) == "duckdb":
            con.to_parquet(expr, partial, compression="zstd")
        else:
            _spark_write_one_file(con, expr, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return int(pq.read_metadata(path).num_rows)


def _spark_write_one_file(con: ibis.BaseBackend, expr: ibis.Table, target: Path) -> None:
    folder = target.with_name(f"{target.name}.d")
    try:
        session: Any = con._session  # type: ignore[attr-defined]
        con._run_pre_execute_hooks(expr)  # type: ignore[attr-defined]  # registers in-memory tables
        frame = session.sql(str(con.compile(expr)))
        frame.repartition(1).write.mode("overwrite").option("compression", "zstd").parquet(folder.as_uri())
        parts = sorted(folder.glob("part-*.parquet"))
        if len(parts) != 1:
            raise EngineError(
                f"{folder}: Spark wrote {len(parts)} Parquet part files where one was expected.",
                "the folder must be on a file system this machine and Spark's executors share.",
            )
        parts[0].replace(target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
