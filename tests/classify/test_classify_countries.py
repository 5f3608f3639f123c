import csv
import io
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopscope.classify._data import data_rows
from coopscope.classify.countries import (
    country_name,
    country_table,
    group_members,
    load_groups,
    normalise_name,
    to_iso3,
)
from coopscope.errors import InputError, OptionError, UnknownCodeError


def test_table_has_every_baci_economy_with_three_names():
    table = country_table()
    assert table.column_names == ["iso3", "iso_numeric", "name_en", "name_ko", "name_zh"]
    assert table.num_rows >= 250
    rows = table.to_pylist()
    assert all(r["name_en"] and r["name_ko"] and r["name_zh"] for r in rows)
    assert len({r["iso3"] for r in rows}) == len(rows)
    assert len({r["iso_numeric"] for r in rows}) == len(rows)
    iso3 = {r["iso3"] for r in rows}
    # BACI table shipped by the package: every ISO3 it names is known
    text = (
        resources.files("coopscope.sources")
        .joinpath("data", "baci_country_codes_V202201.csv")
        .read_text(encoding="utf-8")
    )
    baci_iso3 = {r["iso_3digit_alpha"] for r in csv.DictReader(io.StringIO(text)) if r["iso_3digit_alpha"]}
    assert baci_iso3 <= iso3


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Korea, Rep.", "KOR"),
        ("Republic of Korea", "KOR"),
        ("south korea", "KOR"),
        ("  SOUTH   KOREA ", "KOR"),
        ("대한민국", "KOR"),
        ("韩国", "KOR"),
        ("China, People's Republic of", "CHN"),
        ("중국", "CHN"),
        ("中国", "CHN"),
        ("USA", "USA"),
        ("United States of America", "USA"),
        ("미국", "USA"),
        ("Viet Nam", "VNM"),
        ("Rep. of Moldova", "MDA"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Other Asia, nes", "TWN"),
        ("Dem. People's Rep. of Korea", "PRK"),
    ],
)
def test_names_match_in_three_languages(name, iso3):
    assert to_iso3([name], style="name", source="t") == [iso3]


def test_unknown_name_suggests_a_close_spelling():
    with pytest.raises(UnknownCodeError, match=r"'Vietnm' → VNM"):
        to_iso3(["Vietnm", "Japan"], style="name", source="names.csv")


def test_iso_numeric_uses_iso_not_baci_numbers():
    got = to_iso3(["250", "380", "578", "356", "756", "840", "158", "4", "004"], style="iso_numeric", source="t")
    assert got == ["FRA", "ITA", "NOR", "IND", "CHE", "USA", "TWN", "AFG", "AFG"]
    with pytest.raises(UnknownCodeError, match=r"x\.csv: 2 country code\(s\) not known: 251, 842.*BACI"):
        to_iso3(["251", "842", "250"], style="iso_numeric", source="x.csv")


def test_unknown_iso3_lists_offenders():
    with pytest.raises(UnknownCodeError, match=r"f\.csv: 2 country code.*XXX, ZZZ.*Hint"):
        to_iso3(["KOR", "XXX", "ZZZ", "XXX"], style="iso3", source="f.csv")
    assert to_iso3(["kor", "chn"], style="iso3", source="t") == ["KOR", "CHN"]
    with pytest.raises(OptionError):
        to_iso3(["KOR"], style="alpha2", source="t")  # type: ignore[arg-type]


def test_normalised_names_are_unambiguous():
    seen: dict[str, str] = {}
    for row in data_rows("countries.csv"):
        for col in ("name_en", "name_ko", "name_zh"):
            key = normalise_name(row[col])
            assert seen.setdefault(key, row["iso3"]) == row["iso3"], row[col]
    for row in data_rows("country_aliases.csv"):
        key = normalise_name(row["alias"])
        assert seen.setdefault(key, row["iso3"]) == row["iso3"], row["alias"]


def test_country_name_languages():
    assert country_name("KOR") == "South Korea"
    assert country_name("chn", "ko") == "중국"
    assert country_name("JPN", "zh") == "日本"
    with pytest.raises(UnknownCodeError):
        country_name("XYZ")


def test_builtin_groups():
    assert len(group_members("EU27")) == 27
    assert set(group_members("g7")) == {"USA", "JPN", "DEU", "GBR", "FRA", "ITA", "CAN"}
    assert group_members("advanced") == ("USA", "JPN", "DEU")
    assert "VNM" in group_members("ASEAN")
    assert len(group_members("OECD")) == 38
    with pytest.raises(UnknownCodeError, match="known groups"):
        group_members("NATO")


def test_user_groups_from_toml_and_csv(tmp_path):
    toml = tmp_path / "g.toml"
    toml.write_text('[groups]\nchips = ["TWN", "kor"]\nadvanced = ["USA", "NLD"]\n', encoding="utf-8")
    groups = load_groups(toml)
    assert group_members("chips", groups=groups) == ("TWN", "KOR")
    assert group_members("advanced", groups=groups) == ("USA", "NLD")
    assert len(group_members("EU27", groups=groups)) == 27
    csvf = tmp_path / "g.csv"
    csvf.write_text("group,iso3\nnear,JPN\nnear,CHN\n", encoding="utf-8")
    assert group_members("near", groups=load_groups(csvf)) == ("JPN", "CHN")


def test_bad_group_files_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("group,iso3\nnear,JPN\nnear,XXX\n", encoding="utf-8")
    with pytest.raises(UnknownCodeError, match=r"bad\.csv, line 3.*XXX"):
        load_groups(bad)
    badt = tmp_path / "bad.toml"
    badt.write_text('mine = ["KOR", "QQQ"]\n', encoding="utf-8")
    with pytest.raises(UnknownCodeError, match="QQQ"):
        load_groups(badt)
    with pytest.raises(InputError, match="not found"):
        load_groups(tmp_path / "missing.toml")


ROWS = country_table().to_pylist()


@given(row=st.sampled_from(ROWS), column=st.sampled_from(["name_en", "name_ko", "name_zh"]), upper=st.booleans())
def test_any_name_in_any_case_and_spacing_round_trips(row, column, upper):
    name = row[column].upper() if upper else row[column].lower()
    assert to_iso3([f"  {name.replace(' ', '  ')} "], style="name", source="t") == [row["iso3"]]


def test_every_code_round_trips():
    assert to_iso3([r["iso_numeric"] for r in ROWS], style="iso_numeric", source="t") == [r["iso3"] for r in ROWS]
    assert to_iso3([r["iso3"].lower() for r in ROWS], style="iso3", source="t") == [r["iso3"] for r in ROWS]
