"""Hand-computed cases for every criterion and edge, on DuckDB and on PySpark.

The tiny world below is computed once per engine; each test reads the rows it needs. Every
expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from dependence_helpers import trade_table

from coopscope.engine import engine_name, from_arrow, to_arrow
from coopscope.indicators.dependence import apply_methods, dependence_indicators, supplier_shares

M = 1e6
BLOCS = {"EU": ("DEU", "FRA")}
ROWS = [
    # 010101: KOR buys CHN 60, USA 20, JPN 20; KOR sells 50 to VNM.
    (2022, "CHN", "KOR", "010101", 60 * M), (2022, "USA", "KOR", "010101", 20 * M),
    (2022, "JPN", "KOR", "010101", 20 * M), (2022, "KOR", "VNM", "010101", 50 * M),
    (2022, "KOR", "KOR", "010101", 999 * M),  # a flow from a country to itself is ignored everywhere
    # 020202: a single supplier (CHN) of exactly the KITA floor (10 M), every year; KOR exports nothing.
    *[(y, "CHN", "KOR", "020202", 10 * M) for y in (2020, 2021, 2022)],
    # 030303: imported in 2020 and 2022 only (two of three years).
    (2020, "CHN", "KOR", "030303", 5 * M), (2022, "CHN", "KOR", "030303", 5 * M),
    # 040404: dependent in 2020 and 2021; in 2022 KOR exports 100 against 5 of imports.
    *[(y, "CHN", "KOR", "040404", 5 * M) for y in (2020, 2021, 2022)], (2022, "KOR", "USA", "040404", 100 * M),
    # 050505: bloc EU = DEU + FRA. DEU→FRA 100 is internal.
    (2022, "DEU", "FRA", "050505", 100 * M), (2022, "CHN", "FRA", "050505", 60 * M),
    (2022, "CHN", "DEU", "050505", 30 * M), (2022, "USA", "DEU", "050505", 10 * M),
    (2022, "DEU", "KOR", "050505", 20 * M),
    # 060606: EU buys 80 from CHN (foreign) and 20 inside (FRA→DEU); no EU exports.
    (2022, "CHN", "DEU", "060606", 80 * M), (2022, "FRA", "DEU", "060606", 20 * M),
    # 070707: imports equal exports (ratio exactly 1).
    (2022, "CHN", "KOR", "070707", 30 * M), (2022, "KOR", "USA", "070707", 30 * M),
    # 080808: KITA bands / KIET classes by importer; a zero-value flow is ignored.
    (2022, "CHN", "JPN", "080808", 70 * M), (2022, "KOR", "JPN", "080808", 30 * M),
    (2022, "CHN", "USA", "080808", 80 * M), (2022, "KOR", "USA", "080808", 20 * M),
    (2022, "KOR", "CHN", "080808", 90 * M), (2022, "JPN", "CHN", "080808", 10 * M),
    (2022, "USA", "VNM", "080808", 50 * M), (2022, "CHN", "VNM", "080808", 50 * M),
    (2022, "JPN", "VNM", "080808", 0.0), (2022, "CHN", "DEU", "080808", 8 * M),
]  # fmt: skip

_CACHE: dict[str, pd.DataFrame] = {}


@pytest.fixture
def world(engine) -> pd.DataFrame:
    key = engine_name(engine)
    if key not in _CACHE:
        trade = from_arrow(engine, trade_table(ROWS))
        table = apply_methods(dependence_indicators(trade, blocs=BLOCS))
        frame = to_arrow(engine, table).to_pandas()
        _CACHE[key] = frame.set_index(["year", "importer", "product"]).sort_index()
    return _CACHE[key]


def row(world: pd.DataFrame, year: int, importer: str, product: str) -> pd.Series:
    return world.loc[(year, importer, product)]


def test_three_suppliers_indicators(world):
    r = row(world, 2022, "KOR", "010101")
    assert r.import_value_usd == 100 * M and r.n_suppliers == 3
    assert (r.top_supplier, r.second_supplier, r.third_supplier) == ("CHN", "JPN", "USA")  # JPN/USA tie: by code
    assert r.top_supplier_share == pytest.approx(0.6) and r.top3_share == pytest.approx(1.0)
    assert r.hhi == pytest.approx(0.36 + 0.04 + 0.04)
    assert r.group_share == pytest.approx(0.4)
    assert (r.share_usa, r.share_jpn, r.share_deu) == pytest.approx((0.2, 0.2, 0.0))
    assert r.export_value_usd == 50 * M and r.import_export_ratio == pytest.approx(2.0)
    assert r.trade_balance_usd == -50 * M
    # world exports: CHN 60, USA 20, JPN 20, KOR 50 = 150 → (3600+400+400+2500)/22500
    assert r.world_export_hhi == pytest.approx(6900 / 22500)
    assert r.world_import_share == pytest.approx(100 / 150)


def test_three_suppliers_flags(world):
    r = row(world, 2022, "KOR", "010101")
    assert r.eu2021 and r.eu2021_c1 and r.eu2021_c2 and r.eu2021_c3
    assert not r.geodep_c2 and not r.geodep_met  # world supply 0.31 is not concentrated
    assert r.kita_band == pytest.approx(0.5) and r.kita_supplier == "CHN"
    assert r.kiet_class == "watch" and r.kiet_supplier == "CHN"


def test_single_supplier_with_zero_exports(world):
    r = row(world, 2022, "KOR", "020202")
    assert r.n_suppliers == 1 and r.hhi == 1.0 and r.top_supplier_share == 1.0
    assert pd.isna(r.second_supplier) and r.top3_share == 1.0
    assert r.export_value_usd == 0 and pd.isna(r.import_export_ratio)
    assert r.eu2021_c3 and r.geodep_c3  # exports of zero count as dependent
    assert r.world_export_hhi == 1.0 and r.geodep_met
    assert r.kita_band == pytest.approx(0.9)  # 10 M is exactly the floor (>=)
    assert r.kiet_class == "vulnerable"


@pytest.mark.parametrize(
    ("year", "met", "observed", "flag"),
    [
        (2020, 1, 1, None),  # only 2020 of 2018–2020 is in the table: 1 met, 2 unknown → undecided
        (2021, 2, 2, True),
        (2022, 3, 3, True),
    ],
    ids=["first-year-undecided", "two-of-two", "three-of-three"],
)
def test_geodep_window_single_supplier(world, year, met, observed, flag):
    r = row(world, year, "KOR", "020202")
    assert (r.geodep_years_met, r.geodep_years_observed) == (met, observed)
    assert (None if pd.isna(r.geodep) else bool(r.geodep)) is flag


def test_product_present_in_two_of_three_years(world):
    assert (2021, "KOR", "030303") not in world.index
    r = row(world, 2022, "KOR", "030303")
    assert r.geodep_years_met == 2 and r.geodep  # 2020 and 2022 met; 2021 absent counts as not met
    assert pd.isna(r.kita_band)  # 5 M is under the 10 M floor


def test_geodep_persists_after_a_year_not_met(world):
    r = row(world, 2022, "KOR", "040404")
    assert not r.geodep_c3 and not r.geodep_met  # 5 / 100 < 1
    assert r.import_export_ratio == pytest.approx(0.05) and r.trade_balance_usd == 95 * M
    assert r.geodep_years_met == 2 and r.geodep  # 2020, 2021 met: 2 of the last 3
    assert not r.eu2021  # the EC test has no window


def test_flagging_one_year_at_a_time_equals_the_window(engine, world):
    from coopscope.indicators.dependence_core import union_all
    from coopscope.indicators.dependence_flags import earlier_years_met

    trade, years, window = from_arrow(engine, trade_table(ROWS)), [2020, 2021, 2022], 3
    flagged: dict[int, object] = {}
    for year in years:
        indicators = dependence_indicators(trade, years=[year], blocs=BLOCS)
        earlier = [flagged[y] for y in years if year - window < y < year]
        met = earlier_years_met(union_all(earlier), year, window) if earlier else None  # type: ignore[arg-type]
        flagged[year] = apply_methods(indicators, years_present=years, earlier_met=met)
        got = to_arrow(engine, flagged[year]).to_pandas().set_index(["year", "importer", "product"]).sort_index()
        want = world.loc[[year]]
        assert list(got.index) == list(want.index)
        for column in ("geodep_met", "geodep_years_met", "geodep_years_observed", "geodep", "eu2021", "kita_band"):
            pd.testing.assert_series_equal(got[column], want[column], check_dtype=False, obj=f"{year} {column}")
    assert got.loc[(2022, "KOR", "030303")].geodep_years_met == 2  # counted across the absent 2021


def test_earlier_years_met_counts_only_the_years_before_inside_the_window(engine):
    from coopscope.indicators.dependence_flags import earlier_years_met

    met = [True, True, False, True, True]  # 2018 … 2022; 2020 not met
    flagged = from_arrow(
        engine,
        pd.DataFrame({"year": range(2018, 2023), "importer": "KOR", "product": "020202", "hs_revision": "HS17",
                      "geodep_met": met}),
    )  # fmt: skip
    counts = {year: to_arrow(engine, earlier_years_met(flagged, year, 3)).to_pylist() for year in range(2019, 2026)}
    assert counts[2019] == [{"year": 2019, "importer": "KOR", "product": "020202", "hs_revision": "HS17",
                             "earlier_years_met": 1}]  # fmt: skip  # 2018 (2017 is absent)
    by_year = {year: [r["earlier_years_met"] for r in rows] for year, rows in counts.items()}
    # Met in 2018, 2019, 2021, 2022 (not 2020); each year counts the two years before it:
    # 2020 ← 2018+2019, 2021 ← 2019, 2022 ← 2021, 2023 ← 2021+2022, 2024 ← 2022, 2025 ← none.
    assert by_year == {2019: [1], 2020: [2], 2021: [1], 2022: [1], 2023: [2], 2024: [1], 2025: []}


def test_bloc_excludes_internal_trade(world):
    r = row(world, 2022, "EU", "050505")
    assert r.import_value_usd == 100 * M and r.total_import_value_usd == 200 * M
    assert r.n_suppliers == 2 and r.top_supplier == "CHN" and r.top_supplier_share == pytest.approx(0.9)
    assert r.hhi == pytest.approx(0.81 + 0.01)
    assert r.share_deu == 0.0 and r.group_share == pytest.approx(0.1)  # DEU→FRA is internal
    assert r.export_value_usd == 20 * M and r.import_export_ratio == pytest.approx(5.0)  # extra-EU only
    assert r.foreign_import_share == pytest.approx(0.5)
    assert r.eu2021_c1 and not r.eu2021_c2 and r.eu2021_c3 and not r.eu2021  # 0.5 is not > 0.5


def test_bloc_members_as_countries(world):
    deu = row(world, 2022, "DEU", "050505")
    assert deu.import_value_usd == 40 * M and deu.hhi == pytest.approx((900 + 100) / 1600)
    assert deu.export_value_usd == 120 * M and deu.import_export_ratio == pytest.approx(1 / 3)
    fra = row(world, 2022, "FRA", "050505")
    assert fra.top_supplier == "DEU" and fra.share_deu == pytest.approx(100 / 160)
    # world exports DEU 120, CHN 90, USA 10
    assert fra.world_export_hhi == pytest.approx((120**2 + 90**2 + 10**2) / 220**2)


def test_bloc_dependent_under_eu2021(world):
    r = row(world, 2022, "EU", "060606")
    assert r.foreign_import_share == pytest.approx(0.8) and r.hhi == 1.0 and r.export_value_usd == 0
    assert r.eu2021


def test_ratio_of_exactly_one_is_not_dependent(world):
    r = row(world, 2022, "KOR", "070707")
    assert r.import_export_ratio == 1.0 and not r.eu2021_c3 and not r.eu2021
    assert r.trade_balance_usd == 0 and pd.isna(r.kiet_class)  # no deficit, no KIET class


@pytest.mark.parametrize(
    ("importer", "band", "kiet", "top"),
    [
        ("VNM", 0.5, "watch", "CHN"),  # CHN 50 / USA 50 tie → CHN by code; a zero flow ignored
        ("JPN", 0.7, "vulnerable", "CHN"),
        ("USA", 0.8, "vulnerable", "CHN"),
        ("CHN", 0.9, None, "KOR"),  # CHN exports 208 against 100 of imports: no deficit
        ("DEU", None, "vulnerable", "CHN"),  # 8 M: under the KITA floor, KIET has none
    ],
    ids=["band50-tie", "band70", "band80", "band90", "under-floor"],
)
def test_kita_bands_and_kiet_classes(world, importer, band, kiet, top):
    r = row(world, 2022, importer, "080808")
    assert r.top_supplier == top
    assert (None if pd.isna(r.kita_band) else pytest.approx(band)) == band
    assert (None if pd.isna(r.kiet_class) else r.kiet_class) == kiet


def test_zero_value_flows_are_not_suppliers(world):
    r = row(world, 2022, "VNM", "080808")
    assert r.n_suppliers == 2 and r.hhi == pytest.approx(0.5)


def test_supplier_shares_of_a_bloc(engine):
    trade = from_arrow(engine, trade_table(ROWS))
    got = to_arrow(engine, supplier_shares(trade, importer="EU", blocs=BLOCS, years=[2022])).to_pandas()
    got = got[got["product"] == "050505"].sort_values("supplier")
    assert got.supplier.tolist() == ["CHN", "USA"]
    assert got.share.tolist() == pytest.approx([0.9, 0.1])
    assert math.fsum(got.import_value_usd) == 100 * M


def test_top_supplier_without_the_top_three_sort(engine, world):
    trade = from_arrow(engine, trade_table(ROWS))
    fast = to_arrow(engine, dependence_indicators(trade, blocs=BLOCS, top_three=False)).to_pandas()
    fast = fast.set_index(["year", "importer", "product"]).sort_index()
    assert fast.index.equals(world.index)
    assert fast.top_supplier.tolist() == world.top_supplier.tolist()  # ties (VNM 080808) to the first code too
    assert fast.top_supplier_share.tolist() == pytest.approx(world.top_supplier_share.tolist())
    assert fast.second_supplier.isna().all() and fast.top3_share.isna().all()
    assert fast.hhi.tolist() == pytest.approx(world.hhi.tolist())
