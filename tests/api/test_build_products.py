"""``coopscope build`` group ``products``: the flows sorted by product, resumable, never read when stale."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from api_data import trade_arrow

from coopscope.api.build import build_store
from coopscope.api.build_products import (
    COLUMNS,
    PRODUCT_TABLE,
    ROW_GROUP_ROWS,
    SORT,
    product_flows,
    product_flows_current,
)
from coopscope.engine import engine_name
from coopscope.store import Store


def _store(root, trade: pa.Table, sha: str = "ab") -> Store:
    store = Store.open(root, create=True)
    with store.transaction() as tx:
        tx.write_trade(trade)
        tx.commit_source(location="api_data", sha256=sha * 32, kind="test", hs_revision="HS17", synthetic=True)
    return store


def _sorted(t: pa.Table) -> list[dict]:
    keys = [("year", "ascending"), *((c, "ascending") for c in SORT)]
    return t.select(list(COLUMNS)).sort_by(keys).to_pylist()


def test_product_flows_hold_the_flows_sorted_by_product_per_year(tmp_path, engine):
    store = _store(tmp_path / "store", trade_arrow())
    report = build_store(store.root, engine=engine_name(engine), con=engine, groups=["products"])
    assert report.built == {"products": [2020, 2021, 2022]}
    assert report.rows[PRODUCT_TABLE] == trade_arrow().num_rows
    files = store.table_files(PRODUCT_TABLE)
    assert len(files) == 3
    for path in files:
        t = pq.read_table(path)
        assert t.select(SORT).to_pylist() == t.select(SORT).sort_by([(c, "ascending") for c in SORT]).to_pylist()
        meta = pq.ParquetFile(path).metadata
        assert all(meta.row_group(i).num_rows <= ROW_GROUP_ROWS for i in range(meta.num_row_groups))
    built = pa.concat_tables([pq.read_table(p) for p in files])
    assert _sorted(built) == _sorted(trade_arrow())
    assert product_flows_current(store)
    assert build_store(store.root, engine=engine_name(engine), con=engine, groups=["products"]).built == {
        "products": []
    }


def test_a_stale_product_table_is_never_read(tmp_path):
    import ibis

    store = _store(tmp_path / "store", trade_arrow())
    build_store(store.root, groups=["products"])
    more = trade_arrow().filter(pc.equal(trade_arrow()["year"], 2022))
    more = more.set_column(0, "year", pa.array([2023] * more.num_rows, pa.int64()))
    _store(store.root, more, sha="ef")  # a new source after the build: the table is stale
    store = Store.open(store.root)
    assert not product_flows_current(store)
    con = ibis.duckdb.connect()
    rows = con.to_pyarrow(product_flows(store, con))
    assert _sorted(rows) == _sorted(pa.concat_tables([trade_arrow(), more]))
    build_store(store.root, groups=["products"])
    assert product_flows_current(Store.open(store.root))
