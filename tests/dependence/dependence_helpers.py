"""Helpers of the dependence tests: canonical trade tables from tuples and from the seafood extract."""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from coopscope.schema import TRADE_SCHEMA

DATA_FILE = "baci-hs12-2018-seafood-extract.csv"


def trade_table(rows: Iterable[tuple[int, str, str, str, float]], revision: str = "HS17") -> pa.Table:
    """Canonical trade rows from (year, exporter, importer, product, value_usd) tuples."""
    rows = list(rows)
    return pa.table(
        {
            "year": [r[0] for r in rows],
            "exporter": [r[1] for r in rows],
            "importer": [r[2] for r in rows],
            "product": [r[3] for r in rows],
            "hs_revision": [revision] * len(rows),
            "value_usd": [float(r[4]) for r in rows],
            "quantity_t": [None] * len(rows),
        },
        schema=TRADE_SCHEMA,
    )


def seafood_arrow(data_dir) -> pa.Table:
    raw = pacsv.read_csv(
        data_dir / DATA_FILE,
        convert_options=pacsv.ConvertOptions(
            column_types={"hs6": pa.string(), "total_v": pa.float64(), "total_q": pa.float64()}
        ),
    )
    return pa.table(
        {
            "year": raw["year"].cast(pa.int64()),
            "exporter": raw["exporter_iso3c"],
            "importer": raw["importer_iso3c"],
            "product": raw["hs6"],
            "hs_revision": raw["hs_version"],
            "value_usd": pc.multiply(raw["total_v"], 1000.0),
            "quantity_t": raw["total_q"],
        },
        schema=TRADE_SCHEMA,
    )
