"""Constructed trade, dependence and lens tables for the pair and report tests."""

from __future__ import annotations

import pyarrow as pa

M = 1e6
YEAR = 2022

# (exporter, importer, product, USD millions) — each product built to fall in one designed class.
FLOWS = [
    # 100001 shared vulnerability: both dependent, same third top supplier JPN
    ("JPN", "KOR", "100001", 100),
    ("JPN", "CHN", "100001", 200),
    ("USA", "KOR", "100001", 10),
    # 100002 shared vulnerability by group: tops differ (USA, DEU) but both draw > 50 % from USA+JPN+DEU
    ("USA", "KOR", "100002", 60),
    ("DEU", "KOR", "100002", 20),
    ("DEU", "CHN", "100002", 70),
    ("USA", "CHN", "100002", 10),
    # 100003 no shared vulnerability: tops differ, CHN's group share exactly 0.5 (not more than half)
    ("JPN", "KOR", "100003", 30),
    ("VNM", "CHN", "100003", 30),
    ("USA", "CHN", "100003", 30),
    # 100004 substitution KOR→CHN: CHN dependent on USA; KOR exports at scale with RCA > 1
    ("KOR", "VNM", "100004", 50),
    ("KOR", "BRA", "100004", 30),
    ("USA", "CHN", "100004", 40),
    ("JPN", "CHN", "100004", 10),
    ("KOR", "CHN", "100004", 5),
    # 100005 complementary CHN→KOR: CHN strong exporter, KOR big importer
    ("CHN", "USA", "100005", 100),
    ("CHN", "KOR", "100005", 30),
    ("VNM", "KOR", "100005", 20),
    # 100006 competing: both strong, same third markets (USA, JPN) in similar proportions
    ("KOR", "USA", "100006", 40),
    ("KOR", "JPN", "100006", 20),
    ("CHN", "USA", "100006", 50),
    ("CHN", "JPN", "100006", 30),
    # 100007 both strong but in different third markets: not competing
    ("KOR", "BRA", "100007", 40),
    ("CHN", "DEU", "100007", 40),
    # 999999 the rest of the world's trade
    ("USA", "DEU", "999999", 2000),
    ("DEU", "USA", "999999", 2000),
    ("JPN", "BRA", "999999", 1000),
    ("VNM", "BRA", "999999", 500),
    ("BRA", "DEU", "999999", 500),
    ("BRA", "KOR", "999999", 5),
    ("BRA", "CHN", "999999", 5),
]


def trade_table(flows=FLOWS, year=YEAR, revision="HS17") -> pa.Table:
    return pa.table(
        {
            "year": pa.array([year] * len(flows), pa.int64()),
            "exporter": [f[0] for f in flows],
            "importer": [f[1] for f in flows],
            "product": [f[2] for f in flows],
            "hs_revision": [revision] * len(flows),
            "value_usd": [f[3] * M for f in flows],
            "quantity_t": pa.array([None] * len(flows), pa.float64()),
        }
    )


# Constructed dependence rows: (importer, product, dependent, top_supplier, top_supplier_share, group_share)
DEPENDENCE = [
    ("KOR", "100001", True, "JPN", 100 / 110, 1.0),
    ("CHN", "100001", True, "JPN", 1.0, 1.0),
    ("KOR", "100002", True, "USA", 0.75, 1.0),
    ("CHN", "100002", True, "DEU", 0.875, 1.0),
    ("KOR", "100003", True, "JPN", 1.0, 1.0),
    ("CHN", "100003", True, "USA", 0.5, 0.5),
    ("CHN", "100004", True, "USA", 40 / 55, 50 / 55),
    ("KOR", "100005", False, "CHN", 0.6, 0.0),
]


def dependence_table(rows=DEPENDENCE, year=YEAR) -> pa.Table:
    return pa.table(
        {
            "year": pa.array([year] * len(rows), pa.int64()),
            "importer": [r[0] for r in rows],
            "product": [r[1] for r in rows],
            "top_supplier": [r[3] for r in rows],
            "top_supplier_share": [r[4] for r in rows],
            "hhi": [r[4] ** 2 for r in rows],
            "group_share": [r[5] for r in rows],
            "geodep": [r[2] for r in rows],
            "eu2021": [False] * len(rows),
            "kita_band": pa.array([None] * len(rows), pa.float64()),
            "kiet_class": pa.array([None] * len(rows), pa.string()),
        }
    )


LENSES = pa.table(
    {
        "product": ["100001", "100002", "100004", "100006"],
        "description": ["wafers", "chips", "cells", "boards"],
        "mpe_class": ["materials", "parts", "equipment", "parts"],
        "tech_class": ["high", "high", "medium-high", "high"],
        "ai_areas": ["semiconductors", "semiconductors;batteries", "batteries", "semiconductors"],
    }
)

YEARS = (2020, 2021, 2022)


def write_store(folder, *, synthetic=True, years=YEARS):
    """A small store of FLOWS over several years (values drift by 10 % a year)."""
    from coopscope.store import Store

    parts = [trade_table(year=y) for y in years]
    table = pa.concat_tables(
        [
            t.set_column(
                t.schema.get_field_index("value_usd"),
                "value_usd",
                pa.array([v * (1 + 0.1 * i) for v in t["value_usd"].to_pylist()]),
            )
            for i, t in enumerate(parts)
        ]
    )
    store = Store.open(folder, create=True)
    with store.transaction() as tx:
        tx.write_trade(table)
        tx.commit_source(location="test", sha256=("ab" * 32), kind="test", hs_revision="HS17", synthetic=synthetic)
    return store
