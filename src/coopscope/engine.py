"""The engine seam: the one place that opens an Ibis backend.

DuckDB (embedded, the default) runs in-process on a database file or in memory; PySpark runs
in local mode by default or against the master URL given in the settings. Nothing else in
coopscope knows which engine is in use.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    temp_directory: str | Path | None = None,
) -> ibis.BaseBackend:
    """Open an Ibis backend.

    ``engine`` is ``duckdb`` (``database`` is a file path or ``:memory:``; ``memory_limit`` such as
    ``"2GB"`` caps DuckDB, which otherwise may use 80 % of RAM, and ``temp_directory`` is where it
    spills what does not fit) or ``spark``. Spark's master is ``spark_master``, else
    ``$COOPSCOPE_SPARK_MASTER``, else the one ``spark-submit`` gave, else ``local[*]``; see
    :func:`spark_settings` for the configuration.
    """
    name: EngineName = check_option("engine", engine, EngineName)  # type: ignore[assignment]
    if name == "duckdb":
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = int(threads)
        if memory_limit:
            config["memory_limit"] = str(memory_limit)
        if temp_directory:
            config["temp_directory"] = str(temp_directory)
        con = ibis.duckdb.connect(str(database), **config)
        con.con.execute("SET enable_progress_bar = false")  # type: ignore[attr-defined]  # coopscope shows its own
        return con
    return _connect_spark(spark_master or os.environ.get(SPARK_MASTER_ENV) or None)


def java_available() -> bool:
    """Whether a Java runtime is on the PATH (PySpark needs one)."""
    return shutil.which("java") is not None


SPARK_MASTER_ENV = "COOPSCOPE_SPARK_MASTER"
SPARK_CONF_ENV = "COOPSCOPE_SPARK_CONF"
LOOPBACK = "127.0.0.1"


def is_loopback_master(master: str) -> bool:
    """Whether Spark's master runs on this machine only (``local…`` or a loopback address)."""
    if master.startswith("local"):
        return True
    host = urlsplit(master).hostname or ""
    return host in ("127.0.0.1", "localhost", "::1")


def spark_settings(master: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Spark configuration coopscope asks for (``extra`` wins, e.g. from ``$COOPSCOPE_SPARK_CONF``).

    A local or loopback master keeps the driver on 127.0.0.1 (address and bind address); only a
    master elsewhere lets Spark pick the driver's address, which its executors must reach. The UI
    is off unless asked for; local mode gets 8 shuffle partitions (two cores), a cluster Spark's
    own default unless ``spark.sql.shuffle.partitions`` is given.
    """
    settings = {
        "spark.app.name": "coopscope",
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",  # coopscope shows its own progress
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "false",
    }
    if master.startswith("local"):
        settings |= {"spark.sql.shuffle.partitions": "8", "spark.driver.memory": "4g"}
    if is_loopback_master(master):
        settings |= {"spark.driver.host": LOOPBACK, "spark.driver.bindAddress": LOOPBACK}
    return settings | dict(extra or {})


def parse_spark_conf(text: str) -> dict[str, str]:
    """``key=value,key=value`` (``$COOPSCOPE_SPARK_CONF``) as a dict; a malformed item is an error."""
    conf = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip().startswith("spark."):
            raise EngineError(
                f"{SPARK_CONF_ENV}: '{item}' is not of the form spark.key=value.",
                "e.g. spark.executor.memory=8g,spark.sql.shuffle.partitions=200.",
            )
        conf[key.strip()] = value.strip()
    return conf


def _connect_spark(master: str | None) -> ibis.BaseBackend:
    if not java_available():
        raise EngineError(
            "the spark engine needs Java, and no 'java' is on the PATH.",
            "install Java 17 (e.g. apt-get install openjdk-17-jre-headless) or use --engine duckdb.",
        )
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - pyspark is a declared dependency
        raise EngineError("PySpark is not installed.", "pip install 'pyspark>=4.0,<4.1'.") from exc
    submitted = master is None and "PYSPARK_GATEWAY_PORT" in os.environ  # under spark-submit: its master
    master = master or ("" if submitted else "local[*]")
    settings = spark_settings(master, parse_spark_conf(os.environ.get(SPARK_CONF_ENV, "")))
    if master and is_loopback_master(master):
        os.environ["SPARK_LOCAL_IP"] = LOOPBACK  # read by the JVM that PySpark starts next
    if not submitted:
        # Python tasks (ingest's year readers) run in this interpreter's path on every executor,
        # unless PYSPARK_PYTHON names another (docs/spark.md)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder if submitted else SparkSession.builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
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
