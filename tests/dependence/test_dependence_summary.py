"""Summaries, trends and growth on a hand-made dependence table, on DuckDB and PySpark."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from coopscope.engine import read_parquet, to_arrow
from coopscope.errors import OptionError
from coopscope.indicators.dependence import summarise
from coopscope.indicators.dependence_summary import dependence_growth, dependence_trends

COLUMNS = ("year", "importer", "product", "import_value_usd", "top_supplier", "top_supplier_share", "eu2021",
           "geodep", "kita_band", "kiet_class", "kita_supplier", "kiet_supplier", "mpe_class", "ai_areas")  # fmt: skip
ROWS = [
    (2021, "KOR", "p1", 10.0, "CHN", 0.95, True, None, 0.9, "vulnerable", "CHN", "CHN", "parts",
     "ai-semiconductors;robotics"),
    (2022, "KOR", "p1", 20.0, "CHN", 0.97, True, True, 0.9, "vulnerable", "CHN", "CHN", "parts",
     "ai-semiconductors;robotics"),
    (2022, "KOR", "p2", 5.0, "JPN", 0.6, True, False, None, None, None, None, "materials", None),
    (2021, "KOR", "p3", 7.0, "USA", 0.5, True, False, None, None, None, None, "materials", ""),
    (2022, "CHN", "p1", 30.0, "KOR", 0.55, False, True, 0.5, "watch", "KOR", "KOR", "equipment", "robotics"),
]  # fmt: skip


@pytest.fixture
def table(engine, tmp_path):
    data = {c: [r[i] for r in ROWS] for i, c in enumerate(COLUMNS)}
    arrow = pa.table(data).append_column("hs_revision", pa.array(["HS17"] * len(ROWS)))
    arrow = arrow.set_column(COLUMNS.index("geodep"), "geodep", pa.array(data["geodep"], pa.bool_()))
    # Through Parquet: engine.from_arrow turns null text into 'NaN' on PySpark (reported to the lead).
    pq.write_table(arrow, tmp_path / "dependence.parquet")
    return engine, read_parquet(engine, [tmp_path / "dependence.parquet"])


def rows_of(engine, expr) -> list[tuple]:
    return [tuple(r.values()) for r in to_arrow(engine, expr).to_pylist()]


def test_counts_by_year_and_importer(table):
    engine, t = table
    got = rows_of(engine, summarise(t, by=["year", "importer"]))
    assert got == [
        (2021, "KOR", "eu2021", 2, 17.0), (2021, "KOR", "kiet", 1, 10.0), (2021, "KOR", "kita", 1, 10.0),
        (2022, "CHN", "geodep", 1, 30.0), (2022, "CHN", "kiet", 1, 30.0), (2022, "CHN", "kita", 1, 30.0),
        (2022, "KOR", "eu2021", 2, 25.0), (2022, "KOR", "geodep", 1, 20.0), (2022, "KOR", "kiet", 1, 20.0),
        (2022, "KOR", "kita", 1, 20.0),
    ]  # fmt: skip


def test_counts_by_ai_area_and_supplier(table):
    engine, t = table
    got = rows_of(engine, summarise(t, by=["ai_area", "supplier"], methods=["geodep", "kita"]))
    assert got == [
        ("ai-semiconductors", "CHN", "geodep", 1, 20.0), ("ai-semiconductors", "CHN", "kita", 2, 30.0),
        ("robotics", "CHN", "geodep", 1, 20.0), ("robotics", "CHN", "kita", 2, 30.0),
        ("robotics", "KOR", "geodep", 1, 30.0), ("robotics", "KOR", "kita", 1, 30.0),
    ]  # fmt: skip


def test_counts_by_class(table):
    engine, t = table
    got = rows_of(engine, summarise(t, by=["mpe_class"], methods=["eu2021"]))
    assert got == [("materials", "eu2021", 2, 12.0), ("parts", "eu2021", 2, 30.0)]


def test_trends_entered_left_persistent(table):
    engine, t = table
    got = to_arrow(engine, dependence_trends(t, method="eu2021")).to_pylist()
    assert got == [{"year": 2022, "importer": "KOR", "dependent": 2, "entered": 1, "left": 1, "persistent": 1,
                    "method": "eu2021"}]  # fmt: skip


def test_growth_orders_by_change(table):
    engine, t = table
    got = to_arrow(engine, dependence_growth(t, since=2021, until=2022)).to_pylist()
    assert [(r["importer"], r["product"]) for r in got] == [("CHN", "p1"), ("KOR", "p2"), ("KOR", "p1")]
    assert [r["change"] for r in got] == pytest.approx([0.55, 0.6, 0.02])


def test_unknown_grouping_and_method_are_errors(table):
    _, t = table
    with pytest.raises(OptionError, match="unknown grouping"):
        summarise(t, by=["colour"])
    with pytest.raises(OptionError, match="not a dependence method"):
        summarise(t, methods=["oecd"])


def test_undecided_geodep_years_are_not_read_as_not_dependent() -> None:
    import ibis

    from coopscope.indicators.dependence_summary import decided_years, dependence_trends

    rows = ibis.memtable(
        {
            "year": [2020, 2021, 2022, 2022],
            "importer": ["KOR"] * 4,
            "product": ["854231", "854231", "854231", "848620"],
            "hs_revision": ["HS17"] * 4,
            "geodep": [None, True, True, False],
        },
        schema={
            "year": "int64",
            "importer": "string",
            "product": "string",
            "hs_revision": "string",
            "geodep": "boolean",
        },
    )
    assert sorted(decided_years(rows, "geodep").to_pyarrow()["year"].to_pylist()) == [2021, 2022]
    trends = dependence_trends(rows, method="geodep").to_pyarrow().to_pylist()
    assert [(r["year"], r["entered"], r["persistent"]) for r in trends] == [(2022, 0, 1)]
