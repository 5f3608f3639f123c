"""Rebuilding the same store gives the same bits (issue 19: "rebuilding changes last digits").

DuckDB adds floats on several threads and merges the partial sums in whatever order the threads
finish; Spark does the same across partitions. A year's flows spread over many Parquet row groups
(as in every full-scale store) therefore gave a float ``sum`` whose last bits changed between two
builds of the same store: the HHIs first, and every other sum of values that are not whole
dollars. The indicators now sum exactly (``coopscope.indicators.exact``), so two builds and two
pair analyses of one store are equal bit for bit, and the Spark leg likewise.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from coopscope.api.build import build_store
from coopscope.classify.countries import ADVANCED, EU27
from coopscope.engine import connect, read_parquet, to_arrow
from coopscope.indicators.complexity import compute_complexity, exports_by_country
from coopscope.indicators.dependence import build_dependence
from coopscope.pair.analysis import load_lenses, pair_tables
from coopscope.pair.params import PairParams
from coopscope.pair.run import analyse_pair, dependence_trend
from coopscope.schema import STORED_TRADE_SCHEMA, TRADE_SCHEMA
from coopscope.store import Store

OTHERS = ("KOR", "CHN", "USA", "JPN", "GBR", "IND", "BRA", "CAN", "AUS", "MEX", "VNM", "SGP")
COUNTRIES = sorted({*EU27[:18], *OTHERS})
YEARS = (2021, 2022)
ROW_GROUP = 400  # rows per Parquet row group: many groups, so DuckDB scans them on every thread
RUNS = 2

# Values from 1/7 USD to about 1.4e10 USD, never whole dollars; about 80 % of the pairs trade.
FLOWS_SQL = """
SELECT y.year, e.code AS exporter, i.code AS importer, p.product, 'HS17' AS hs_revision,
       ((hash(y.year, e.code, i.code, p.product) % 999983) + 1) / 7.0
         * pow(10, hash(p.product, i.code, e.code, y.year) % 7) AS value_usd,
       NULL::DOUBLE AS quantity_t
FROM unnest($years) y(year), unnest($codes) e(code), unnest($codes) i(code), unnest($products) p(product)
WHERE e.code <> i.code AND hash(e.code, p.product, i.code, y.year) % 5 <> 0
ORDER BY y.year, e.code, i.code, p.product
"""


def _products() -> list[str]:
    lenses = load_lenses("HS17")
    ai = lenses.filter(pc.not_equal(lenses["ai_areas"], ""))["product"].to_pylist()
    return sorted({*ai[:: max(1, len(ai) // 15)], *lenses["product"].to_pylist()[::200]})


def _flows() -> pa.Table:
    con = duckdb.connect()
    params = {"years": list(YEARS), "codes": COUNTRIES, "products": _products()}
    return con.sql(FLOWS_SQL, params=params).to_arrow_table().cast(TRADE_SCHEMA)


def _split_into_row_groups(store: Store) -> None:
    """Rewrite each trade file (same rows) in small row groups, as a full-scale year is laid out."""
    for path in store.trade_files():
        table = pq.read_table(path).cast(STORED_TRADE_SCHEMA)
        pq.write_table(table, path, row_group_size=ROW_GROUP, compression="zstd")


@pytest.fixture(scope="module")
def flows() -> pa.Table:
    return _flows()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, flows: pa.Table) -> Store:
    store = Store.open(tmp_path_factory.mktemp("repro") / "store", create=True)
    with store.transaction() as tx:
        tx.write_trade(flows)
        tx.commit_source(location="test", sha256="cd" * 32, kind="test", hs_revision="HS17", synthetic=True)
    _split_into_row_groups(store)
    return store


def _sorted(table: pa.Table) -> pa.Table:
    keys = [
        c
        for c in ("year", "group", "importer", "country", "product", "supplier", "pair_class")
        if c in table.column_names
    ]
    return table.sort_by([(k, "ascending") for k in keys])


def _built(store: Store) -> dict[str, pa.Table]:
    con = connect("duckdb")
    names = ("dependence", "complexity_cells", "complexity_countries", "complexity_products")
    return {name: _sorted(to_arrow(con, store.table(con, name))) for name in names}


def _pair(store: Store) -> dict[str, pa.Table]:
    result = analyse_pair(store, a="KOR", b="CHN", con=connect("duckdb", threads=4))
    names = ("products", "sides", "indicators", "dependence_trend", "supplier_shares")
    return {name: _sorted(getattr(result, name)) for name in names}


def _differences(first: dict[str, pa.Table], other: dict[str, pa.Table]) -> list[str]:
    """Columns whose values differ in any bit (tables sorted by their keys)."""
    out = []
    for name, table in first.items():
        assert table.num_rows == other[name].num_rows, name
        out += [f"{name}.{c}" for c in table.column_names if not table[c].equals(other[name][c])]
    return out


def test_the_trade_file_is_scanned_in_many_row_groups(store: Store) -> None:
    # the premise of the tests below: without several row groups DuckDB reads a file on one thread
    assert all(pq.ParquetFile(p).metadata.num_row_groups >= 50 for p in store.trade_files())


def test_rebuilding_the_same_store_gives_the_same_bits(store: Store) -> None:
    builds = []
    for _ in range(RUNS):
        build_store(store.root, con=connect("duckdb", threads=4), rebuild=True)
        builds.append(_built(store))
    assert builds[0]["dependence"].num_rows > 1000
    for other in builds[1:]:
        assert _differences(builds[0], other) == []


def test_the_same_pair_analysis_gives_the_same_bits(store: Store) -> None:
    build_store(store.root, con=connect("duckdb", threads=4))
    runs = [_pair(store) for _ in range(RUNS)]
    assert runs[0]["sides"].num_rows > 10
    for other in runs[1:]:
        assert _differences(runs[0], other) == []


def _engine_run(con: ibis.BaseBackend, files: list[Path]) -> dict[str, pa.Table]:
    """Dependence, complexity and the pair tables computed from the flows in ``files``."""
    trade = read_parquet(con, files)
    dependence = build_dependence(con, trade, blocs=("EU27",))
    exports = _sorted(to_arrow(con, exports_by_country(trade)))
    complexity = compute_complexity(exports.filter(pc.equal(exports["year"], YEARS[-1])))
    pci = complexity.products.select(["year", "product", "pci"])
    tables = pair_tables(con, trade, dependence, a="KOR", b="CHN", suppliers=ADVANCED, params=PairParams(),
                         lenses=load_lenses("HS17"), pci=pci)  # fmt: skip
    out = {"dependence": dependence, "sides": tables.sides, "products": tables.products}
    out |= {"indicators": tables.indicators, "trend": dependence_trend(dependence, "eu2021")}
    result = {name: _sorted(to_arrow(con, table)) for name, table in out.items()}
    return result | {"exports": exports, "pci": complexity.products, "eci": complexity.countries}


@pytest.mark.spark
def test_spark_gives_the_same_bits_twice(tmp_path: Path, flows: pa.Table, spark_backend: ibis.BaseBackend) -> None:
    # several files: Spark reads each as its own partition and merges their partial sums
    bounds = [k * flows.num_rows // 4 for k in range(5)]
    files = [tmp_path / f"part-{k}.parquet" for k in range(4)]
    for k, path in enumerate(files):
        pq.write_table(flows.slice(bounds[k], bounds[k + 1] - bounds[k]), path, row_group_size=ROW_GROUP)
    first, second = (_engine_run(spark_backend, files) for _ in range(2))
    assert first["dependence"].num_rows > 1000
    assert _differences(first, second) == []
