"""The product page's suppliers and world exporters: from the built ``product_flows`` as from the trade flows."""

from __future__ import annotations

import pytest


def _rows(table) -> list[tuple]:
    return [(r["year"], r["importer"], r["exporter"], r["value_usd"], r["share"]) for r in table.to_pylist()]


def _same(built, flows) -> None:
    got, want = _rows(built), _rows(flows)
    assert [r[:3] for r in got] == [r[:3] for r in want]
    assert [r[3:] for r in got] == [pytest.approx(r[3:], rel=1e-12) for r in want]


def test_product_tables_from_the_built_table_equal_those_from_the_flows(web_store, monkeypatch):
    from coopscope.api.build_products import product_flows_current
    from coopscope.web import analyses as an
    from coopscope.web.snapshot import StoreReader

    snap = StoreReader(web_store).current()
    assert product_flows_current(snap)  # the store is built with every group: the page reads the table
    flows = snap.con().to_pyarrow(snap.trade(snap.con()).filter(lambda t: t.importer == "KOR"))
    codes = sorted(set(flows["product"].to_pylist()))
    chosen = [codes[0], codes[len(codes) // 2], codes[-1]]
    built = {c: (an.product_suppliers(snap, c, ("KOR", "CHN")), an.world_exporters(snap, c)) for c in chosen}
    monkeypatch.setattr(an, "product_rows", lambda s: s.trade(s.con()))
    for code in chosen:
        suppliers, exporters = built[code]
        assert suppliers.num_rows and exporters.num_rows
        _same(suppliers, an.product_suppliers(snap, code, ("KOR", "CHN")))
        _same(exporters, an.world_exporters(snap, code))


def test_product_flags_from_the_importers_rows_equal_those_of_the_built_table(web_store):
    from coopscope.web import analyses as an
    from coopscope.web.library import FLAG_COLUMNS
    from coopscope.web.snapshot import StoreReader

    snap = StoreReader(web_store).current()
    t = snap.built("dependence")
    codes = sorted(
        snap.con().to_pyarrow(t.filter(t.importer == "KOR").select("product").distinct())["product"].to_pylist()
    )
    for code in (codes[0], codes[-1]):
        want = t.filter(t.product == code, t.importer.isin(["KOR", "CHN"])).select(*FLAG_COLUMNS)
        want = snap.con().to_pyarrow(want.order_by(["importer", "year"]))
        got = an.product_flags(snap, code, ("KOR", "CHN"))
        assert got.num_rows and got.to_pylist() == want.to_pylist()
