"""Real BACI 2018 seafood flows: the table for KOR, CHN, JPN, USA and DEU against plain Python.

The reference below never touches coopscope's code: it loops over the CSV rows with dicts. As
documented in ``positive_flows``, BACI's few flows from a country to itself are left out.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from dependence_helpers import DATA_FILE

from coopscope.engine import from_arrow, to_arrow
from coopscope.indicators.dependence import build_dependence

IMPORTERS = ("KOR", "CHN", "JPN", "USA", "DEU")
GROUP = ("USA", "JPN", "DEU")


def _flows() -> list[tuple[str, str, str, float]]:
    with open(Path(__file__).parent.parent / "data" / DATA_FILE, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [(r["exporter_iso3c"], r["importer_iso3c"], r["hs6"], float(r["total_v"]) * 1000) for r in rows
            if float(r["total_v"]) > 0 and r["exporter_iso3c"] != r["importer_iso3c"]]  # fmt: skip


def _band(share: float, value: float) -> float | None:
    if value < 10e6:
        return None
    return next((b for b in (0.9, 0.8, 0.7, 0.5) if share >= b), None)


def reference() -> dict[tuple[str, str], dict[str, object]]:
    imports: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    exports: dict[tuple[str, str], float] = defaultdict(float)
    world: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for exporter, importer, product, value in _flows():
        imports[(importer, product)][exporter] = value
        exports[(exporter, product)] += value
        world[product][exporter] += value
    out = {}
    for (importer, product), by_supplier in imports.items():
        if importer not in IMPORTERS:
            continue
        total = sum(by_supplier.values())
        top, top_value = min(by_supplier.items(), key=lambda kv: (-kv[1], kv[0]))
        hhi = sum((v / total) ** 2 for v in by_supplier.values())
        exp = exports[(importer, product)]
        ratio = total / exp if exp else None
        w = world[product]
        w_total = sum(w.values())
        share = top_value / total
        balance = exp - total
        kiet = None if balance >= 0 or share < 0.5 else ("vulnerable" if share >= 0.7 else "watch")
        out[(importer, product)] = {
            "import_value_usd": total, "n_suppliers": len(by_supplier), "top_supplier": top,
            "top_supplier_share": share, "hhi": hhi,
            "group_share": sum(v for s, v in by_supplier.items() if s in GROUP) / total,
            "export_value_usd": exp, "import_export_ratio": ratio, "trade_balance_usd": balance,
            "world_export_hhi": sum((v / w_total) ** 2 for v in w.values()),
            "world_import_share": total / w_total,
            "eu2021": hhi > 0.4 and (ratio is None or ratio > 1),
            "kita_band": _band(share, total), "kiet_class": kiet,
        }  # fmt: skip
    return out


def test_seafood_table_matches_plain_python(engine, seafood):
    expected = reference()
    assert len(expected) > 20
    trade = from_arrow(engine, seafood)
    got = to_arrow(engine, build_dependence(engine, trade, importer=list(IMPORTERS))).to_pandas()
    got = got.set_index(["importer", "product"])
    assert sorted(got.index) == sorted(expected)
    for key, want in expected.items():
        row = got.loc[key]
        for column, value in want.items():
            have = row[column]
            if value is None:
                assert pd.isna(have), (key, column, have)
            elif isinstance(value, float):
                assert have == pytest.approx(value, rel=1e-9, abs=1e-12), (key, column)
            else:
                assert have == value, (key, column, have, value)
    assert set(got.year) == {2018} and got.geodep.isna().all()  # one year cannot decide GeoDep's 2-of-3


def test_lenses_joined_late_and_null_without_them(engine, seafood):
    from coopscope.classify import lenses

    kor = seafood.filter(pc.equal(seafood["importer"], "KOR"))
    relabelled = kor.set_column(kor.column_names.index("hs_revision"), "hs_revision",
                                pa.array(["HS07"] * kor.num_rows))  # fmt: skip
    both = pa.concat_tables([kor, relabelled.cast(kor.schema)])
    got = to_arrow(engine, build_dependence(engine, from_arrow(engine, both), importer="KOR")).to_pylist()
    want = {r["product"]: r for r in lenses("HS12").to_pylist()}
    hs12 = [r for r in got if r["hs_revision"] == "HS12"]
    assert len(hs12) == len(got) / 2 > 0
    for row in hs12:
        lens = want[row["product"]]
        assert [row[c] for c in ("mpe_class", "tech_class", "ai_areas")] == [
            lens[c] or None for c in ("mpe_class", "tech_class", "ai_areas")]  # fmt: skip
    assert all(r["mpe_class"] is None and r["ai_areas"] is None for r in got if r["hs_revision"] == "HS07")
