import pyarrow as pa
import pytest

from coopscope.classify.tech import TECH_CLASSES, oecd_taxonomy, tech_class_of_isic


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2611", "high"),  # division 26
        ("261", "high"),
        ("26", "high"),
        ("303", "high"),  # aircraft, its own row
        ("3030", "high"),
        ("3091", "medium-high"),  # 30X = 30 except 301, 303
        ("302", "medium-high"),
        ("301", "medium"),  # ships
        ("252", "medium-high"),  # weapons
        ("2599", "medium-low"),  # 25X
        ("3250", "medium-high"),  # medical instruments
        ("3290", "medium"),  # 32X
        ("72", "high"),  # scientific R&D beats the 69–75X set
        ("7490", "medium-low"),  # 69–75X
        ("631", "medium-high"),  # 62–63 range
        ("0510", "medium-low"),  # 05–09
        ("1104", "medium-low"),  # 10–12
        ("5820", "high"),
        ("5811", "medium-low"),
        ("0111", "low"),
        ("3510", "low"),
    ],
)
def test_tech_class_resolves_groups_ranges_and_x_sets(code, expected):
    assert tech_class_of_isic(code) == expected


@pytest.mark.parametrize("code", ["30", "25", "32", "58", "", "ab", "20115", "2", "57"], ids=repr)
def test_mixed_or_invalid_codes_have_no_class(code):
    assert tech_class_of_isic(code) is None


def test_taxonomy_table_resolves_x_sets():
    table = oecd_taxonomy()
    rows = {r["isic4"]: r for r in table.to_pylist()}
    assert table.schema.field("rd_intensity_pct").type == pa.float64()
    assert rows["30X"]["excludes"] == "301;303"
    assert rows["69–75X"]["excludes"] == "72"
    assert rows["62–63"]["covers"] == "62;63"
    assert set(table.column("category").to_pylist()) == set(TECH_CLASSES)
    assert table.num_rows == 44


def test_a_class_agrees_with_its_group_and_division():
    from coopscope.classify.mpe import bec5_rows

    codes = {r["isic4"] for r in bec5_rows("HS17").values() if len(r["isic4"]) == 4}
    assert len(codes) > 150
    for code in codes:
        for parent in (code[:3], code[:2]):
            if tech_class_of_isic(parent) is not None:
                assert tech_class_of_isic(code) == tech_class_of_isic(parent), (code, parent)
        assert tech_class_of_isic(code) in TECH_CLASSES, code
