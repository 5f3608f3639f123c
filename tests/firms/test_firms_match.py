"""Cross-border matching: explained pairs, scoring, and the invariant that firms only meet foreign firms."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopscope.errors import OptionError, SchemaError
from coopscope.firms.api import area_products, match
from coopscope.firms.currency import add_usd
from coopscope.firms.schema import FirmData, make_firm_data

ISIC = {
    "847950": "2829",
    "848340": "2814",
    "850152": "2710",
    "854231": "2610",
    "848620": "2824",
    "850760": "2720",
    "901812": "2660",
    "852589": "2630",
}


def firm_data(firms: list[dict[str, Any]]) -> FirmData:
    fins = []
    for f in firms:
        cur = "KRW" if f["country"] == "KOR" else "CNY"
        fins.append(
            {
                "firm_id": f["firm_id"],
                "fiscal_year": 2024,
                "currency": cur,
                "revenue": f.pop("revenue"),
                "total_assets": 1e9 if cur == "CNY" else 1e11,
                "employees": 300.0,
                "rd_expense": None,
                "in_disclosure_group": False if cur == "KRW" else None,
                "largest_holder_share": 0.2,
                "largest_holder_assets": 0.0,
            }
        )
    table = pa.Table.from_pylist(
        [{"industry_system": "test", "synthetic": False, "source": "test", **f} for f in firms]
    )
    return make_firm_data(table, add_usd(pa.Table.from_pylist(fins), "test"), "test")


def demo_firms() -> FirmData:
    return firm_data(
        [
            {
                "firm_id": "KOR:000001",
                "country": "KOR",
                "name": "한국로봇",
                "industry_code": "C29",
                "isic4": "282",
                "chain_position": "equipment",
                "products_text": "협동로봇, 감속기",
                "revenue": 1500e8,
            },
            {
                "firm_id": "KOR:000002",
                "country": "KOR",
                "name": "한국반도체",
                "industry_code": "C26",
                "isic4": "261",
                "chain_position": "parts",
                "products_text": "시스템반도체",
                "revenue": 900e8,
            },
            {
                "firm_id": "KOR:000003",
                "country": "KOR",
                "name": "한국금융",
                "industry_code": "K64",
                "isic4": "649",
                "chain_position": "services",
                "products_text": "투자",
                "revenue": 500e8,
            },
            {
                "firm_id": "CHN:C1",
                "country": "CHN",
                "name": "减速器公司",
                "industry_code": "34",
                "isic4": "281",
                "chain_position": "parts",
                "products_text": "精密减速器、伺服电机",
                "revenue": 6e8,
            },
            {
                "firm_id": "CHN:C2",
                "country": "CHN",
                "name": "芯片公司",
                "industry_code": "39",
                "isic4": "26",
                "chain_position": "parts",
                "products_text": "集成电路",
                "revenue": 3e8,
            },
        ]
    )


def pair_table() -> pa.Table:
    rows = [
        ("847950", "shared_vulnerability", 5e8, "equipment", "robotics"),
        ("848340", "substitution_a_to_b", 2e8, "parts", "robotics;smart-mobility"),
        ("850152", "competing", 1e9, "parts", "robotics"),
        ("854231", "complementary", 3e9, "parts", "ai-semiconductors"),
    ]
    return pa.Table.from_pylist(
        [dict(zip(("product", "pair_class", "value_usd", "mpe_class", "ai_areas"), r, strict=True)) for r in rows]
    )


def test_matches_are_explained_with_their_numbers(tiny_lens: pa.Table) -> None:
    table = match(demo_firms(), "KOR", "CHN", products=pair_table(), lens=tiny_lens, top=5)
    rows = table.to_pylist()
    assert {r["area"] for r in rows} == {"robotics", "ai-semiconductors", "smart-mobility"}
    top = next(r for r in rows if r["area"] == "robotics" and r["rank"] == 1)
    assert (top["firm_a"], top["firm_b"]) == ("KOR:000001", "CHN:C1")
    assert top["shared_products"] == "848340"  # both name reducers (감속기 / 减速器)
    assert top["chain"] == "equipment ↔ parts" and top["complementarity"] == 1.0
    expected = (
        0.35 * top["product_fit"]
        + 0.20 * top["complementarity"]
        + 0.15 * top["scale"]
        + 0.20 * top["tech"]
        + 0.10 * top["area_focus"]
    )
    assert top["score"] == pytest.approx(expected, abs=1e-3)
    for word in ("한국로봇 links", "847950 (shared_vulnerability", "chain equipment ↔ parts", "revenue $", "tech "):
        assert word in top["reasons"], top["reasons"]
    for r in rows:
        for col in ("product_fit", "complementarity", "scale", "tech", "area_focus", "score"):
            assert 0.0 <= r[col] <= 1.0
    assert "KOR:000003" not in table["firm_a"].to_pylist()  # a finance firm links no product


def test_product_class_and_value_set_the_fit(tiny_lens: pa.Table) -> None:
    table = match(demo_firms(), "KOR", "CHN", products=pair_table(), lens=tiny_lens, area="robotics")
    fit = {(r["firm_a"], r["firm_b"]): r["product_fit"] for r in table.to_pylist()}

    def weight(points: float, value: float) -> float:
        return points * (0.5 + 0.5 * math.log1p(value) / math.log1p(3e9))  # 3e9: the largest value

    # 한국로봇 names robots (shared vulnerability 1.0, keyword link 1.0); 减速器公司 names reducers
    # (substitution 0.8, keyword) and servo motors (competing 0.2): its best is the reducer.
    robot, reducer = weight(1.0, 5e8), weight(0.8, 2e8)
    assert fit[("KOR:000001", "CHN:C1")] == pytest.approx((max(robot, reducer) + reducer) / 2, abs=1e-3)


def test_without_a_pair_table_the_area_mapping_is_used(tiny_lens: pa.Table) -> None:
    products = area_products(tiny_lens)
    assert set(products["pair_class"].to_pylist()) == {"area_only"} and "040110" not in products["product"].to_pylist()
    table = match(demo_firms(), "KOR", "CHN", lens=tiny_lens)
    assert "robotics" in table["area"].to_pylist() and "ai-semiconductors" in table["area"].to_pylist()


@pytest.mark.parametrize(
    ("kw", "error", "words"),
    [
        ({"area": "space"}, OptionError, "robotics"),
        ({"b": "KOR"}, OptionError, "another country"),
    ],
)
def test_bad_options(tiny_lens: pa.Table, kw: dict[str, Any], error: type, words: str) -> None:
    args: dict[str, Any] = {"a": "KOR", "b": "CHN", "products": pair_table(), "lens": tiny_lens, **kw}
    with pytest.raises(error, match=words):
        match(demo_firms(), **args)


def test_unknown_pair_class_is_a_schema_error(tiny_lens: pa.Table) -> None:
    bad = pair_table().set_column(1, "pair_class", pa.array(["friendly"] * 4))
    with pytest.raises(SchemaError, match=r"friendly.*shared_vulnerability"):
        match(demo_firms(), "KOR", "CHN", products=bad, lens=tiny_lens)


WORDS = ["로봇", "감속기", "반도체", "机器人", "减速器", "集成电路", "배터리", "医疗器械", "摄像头", "없음"]
firm_strategy = st.fixed_dictionaries(
    {
        "country": st.sampled_from(["KOR", "CHN", "JPN"]),
        "isic4": st.sampled_from([*sorted(set(ISIC.values())), "649", "26", "28"]),
        "chain_position": st.sampled_from(["materials", "parts", "equipment", "final", "services"]),
        "products_text": st.lists(st.sampled_from(WORDS), max_size=3).map(", ".join),
        "revenue": st.floats(1e7, 1e12),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(firms=st.lists(firm_strategy, min_size=2, max_size=12), pair=st.permutations(["KOR", "CHN", "JPN"]))
def test_a_firm_never_matches_itself_or_its_own_country(
    tiny_lens: pa.Table, firms: list[dict[str, Any]], pair: list[str]
) -> None:
    rows = [
        {**f, "firm_id": f"{f['country']}:F{i}", "name": f"F{i}", "industry_code": None} for i, f in enumerate(firms)
    ]
    country = {r["firm_id"]: r["country"] for r in rows}
    table = match(firm_data(rows), pair[0], pair[1], lens=tiny_lens, top=100)
    for r in table.to_pylist():
        assert r["firm_a"] != r["firm_b"]
        assert country[r["firm_a"]] == pair[0] and country[r["firm_b"]] == pair[1]


def test_pair_products_outrank_area_only_products(tiny_lens: pa.Table) -> None:
    table = match(demo_firms(), "KOR", "CHN", products=pair_table(), lens=tiny_lens, area="robotics")
    top = table.to_pylist()[0]
    assert "shared_vulnerability" in top["products_a"] and "area_only" not in top["products_a"].split(";")[0]


def test_pair_table_without_areas_takes_them_from_the_lenses(tiny_lens: pa.Table) -> None:
    bare = pair_table().drop_columns(["ai_areas", "mpe_class"])
    table = match(demo_firms(), "KOR", "CHN", products=bare, lens=tiny_lens, area="robotics")
    top = table.to_pylist()[0]
    assert (top["firm_a"], top["firm_b"], top["shared_products"]) == ("KOR:000001", "CHN:C1", "848340")


def test_no_linked_product_gives_an_empty_table(tiny_lens: pa.Table) -> None:
    only_milk = pa.table(
        {"product": ["040110"], "pair_class": ["complementary"], "value_usd": [1e6], "ai_areas": ["robotics"]}
    )
    milk_lens = tiny_lens.filter(pc.equal(tiny_lens["product"], "040110"))
    table = match(demo_firms(), "KOR", "CHN", products=only_milk, lens=milk_lens)
    assert table.num_rows == 0 and table.schema.names[:3] == ["area", "rank", "firm_a"]


def test_reasons_are_data_with_the_same_english_text(tiny_lens: pa.Table) -> None:
    from coopscope.i18n.reasons import format_reasons, reasons_from_json

    rows = match(demo_firms(), "KOR", "CHN", products=pair_table(), lens=tiny_lens, top=5).to_pylist()
    for r in rows:
        items = reasons_from_json(r["reason_items"])
        assert format_reasons(items, plain=True) == r["reasons"]
        assert [i["code"] for i in items][:3] == [items[0]["code"], "links", "links"]
        assert items[0]["code"] == {2: "evidence_shared", 1: "evidence_chain", 0: "evidence_area"}[r["evidence"]]
    top = next(r for r in rows if r["area"] == "robotics" and r["rank"] == 1)
    ko = format_reasons(reasons_from_json(top["reason_items"]), "ko")
    assert "한국로봇" in ko and "장비 ↔ 부품" in ko and "공동 취약" in ko and "links" not in ko


@pytest.mark.parametrize(("pos_a", "pos_b", "supplier"), [("parts", "equipment", "KOR"), ("equipment", "parts", "CHN")])
def test_chain_evidence_names_the_supplier_side(pos_a: str, pos_b: str, supplier: str) -> None:
    import pandas as pd

    from coopscope.firms.match import evidence_tier

    fa = pd.Series({"direct": frozenset({"848340"}), "chain_position": pos_a, "country": "KOR"})
    fb = pd.Series({"direct": frozenset({"850152"}), "chain_position": pos_b, "country": "CHN"})
    tier, item = evidence_tier(fa, fb)
    assert tier == 1 and item["supplier"] == supplier and item["supplier_position"] == "parts"
    assert item["buyer_position"] == "equipment"
