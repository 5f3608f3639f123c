"""Run by the cluster test in its own process: build, pair and report through the CLI and the API.

    python cluster_job.py STORE OUT ENGINE [MASTER [RELEASE]]

With ``spark`` and a master URL, every step runs on that cluster (``--spark-master``), starting
with the ingest of RELEASE when given. Writes the trade rows, the built tables and the pair
analysis's tables as Parquet into OUT for comparison.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.cli import main as cli
from coopscope.pair.run import analyse_pair
from coopscope.store import Store

TABLES = ("dependence", "complexity_cells", "complexity_countries", "complexity_products")
PAIR = ("products", "sides", "indicators", "dependence_trend", "supplier_shares")


def run(store: str, out: Path, engine: str, master: str | None = None, release: str | None = None) -> None:
    spark = ["--spark-master", master] if master else []
    common = ["--store", store, "--engine", engine, *spark]
    if release:
        cli(["ingest", "baci", release, *common], standalone_mode=False)
    cli(["build", *common], standalone_mode=False)
    cli(["report", "KOR", "CHN", *common, "--out", str(out / "report")], standalone_mode=False)
    result = analyse_pair(store, a="KOR", b="CHN", engine=engine)
    for name in PAIR:
        pq.write_table(getattr(result, name), out / f"pair-{name}.parquet")
    built = Store.open(store)
    trade = sorted(built.trade_files())
    pq.write_table(pa.concat_tables([pq.ParquetFile(f).read() for f in trade]), out / "trade.parquet")
    for name in TABLES:
        pq.write_table(pq.read_table([str(p) for p in built.table_files(name)]), out / f"{name}.parquet")


if __name__ == "__main__":
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    run(sys.argv[1], out, sys.argv[3], *sys.argv[4:6])
