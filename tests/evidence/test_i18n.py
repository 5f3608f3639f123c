"""Catalogs, names and formats in English, Korean and Chinese."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from coopscope.errors import OptionError
from coopscope.i18n import (
    area_name,
    class_name,
    country_name,
    format_money,
    format_percent,
    format_statement,
    product_name,
    rule_name,
    translator,
)
from coopscope.i18n.catalog import po_path
from coopscope.i18n.extract import extract_messages

FIELDS = re.compile(r"\{(\w+)\}")


@pytest.fixture(scope="module")
def messages():
    return extract_messages()


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_every_message_is_translated_with_the_same_fields(messages, lang):
    with po_path(lang).open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id: m.string for m in catalog if m.id}
    missing = sorted(set(messages) - {k for k, v in translated.items() if v})
    assert missing == [], f"{len(missing)} untranslated, first: {missing[:3]}"
    for msgid in messages:
        assert set(FIELDS.findall(msgid)) == set(FIELDS.findall(translated[msgid])), msgid


def test_messages_are_found_in_the_code(messages):
    assert "Key findings" in messages and "1. Dependence on the supplier group" in messages
    assert len(messages) > 150


@pytest.mark.parametrize(
    ("lang", "parts", "area", "rule"),
    [
        ("en", "Parts", "AI semiconductors", "EU 2021"),
        ("ko", "부품", "AI 반도체", "EU 2021"),
        ("zh", "零部件", "人工智能半导体", "欧盟2021"),
    ],
)
def test_catalogs_load_from_po_files(lang, parts, area, rule):
    assert translator(lang).gettext("Parts") == parts
    assert class_name("parts", lang) == parts
    assert area_name("ai-semiconductors", lang) == area
    assert rule_name("eu2021", lang) == rule


@pytest.mark.parametrize(
    ("iso3", "lang", "name"),
    [
        ("KOR", "en", "South Korea"),
        ("KOR", "ko", "대한민국"),
        ("CHN", "zh", "中国"),
        ("JPN", "ko", "일본"),
        ("TWN", "zh", "台湾"),
        ("USA", "zh", "美国"),
    ],
)
def test_country_names_from_cldr(iso3, lang, name):
    assert country_name(iso3, lang) == name


def test_product_names_from_the_customs_nomenclatures():
    # 기타 alone says nothing: the path form is used
    assert product_name("010129", "ko") == "살아 있는 말ㆍ당나귀ㆍ노새ㆍ버새 > 말 > 기타"
    assert product_name("010121", "ko") == "번식용"
    # no single Chinese HS6 line: the 8-digit names are listed
    assert product_name("010130", "zh") == "改良种用驴；其他驴，改良种用除外"
    assert product_name("010121", "zh", revision="HS17") == "改良种用马"
    assert product_name("854231", "en").startswith("Electronic integrated circuits")


@pytest.mark.parametrize(
    ("lang", "money", "percent"),
    [("en", "US$1.2B", "12.3%"), ("ko", "12.3억 달러", "12.3%"), ("zh", "12.3亿美元", "12.3%")],
)
def test_money_and_percent_per_locale(lang, money, percent):
    assert format_money(1.234e9, lang) == money
    assert format_percent(0.1234, lang) == percent
    assert format_money(None, lang) == "–"


def test_statement_is_translated_and_filled():
    from coopscope.evidence import Statement

    s = Statement("{group_name}: {a} buys {a_share} from the group, {b} {b_share}.",
                  {"group_name": "mpe:parts", "a": "KOR", "b": "CHN", "a_share": 0.25, "b_share": 0.5})  # fmt: skip
    assert s.text() == "Parts: South Korea buys 25.0% from the group, China 50.0%."
    assert format_statement(s, "ko") == "부품: 대한민국은 25.0%, 중국은 50.0%를 공급국 그룹에서 수입합니다."
    assert format_statement(s, "zh") == "零部件：韩国有25.0%来自供应国组，中国为50.0%。"


def test_unknown_language_is_an_option_error():
    with pytest.raises(OptionError, match="lang"):
        translator("fr")


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("대한민국는 중국와", ["대한민국", "중국"], "대한민국은 중국과"),
        ("일본가 미국를", ["일본", "미국"], "일본이 미국을"),
        ("독일는 타이완가", ["독일", "타이완"], "독일은 타이완이"),
        ("러시아는 스위스와", ["러시아", "스위스"], "러시아는 스위스와"),
    ],
)
def test_korean_particles_follow_the_last_syllable(text, names, expected):
    from coopscope.i18n.formats import korean_particles

    assert korean_particles(text, names) == expected


def test_korean_name_of_an_older_code_falls_back_to_its_heading():
    # 851770 (HS2017) is not in the HS2022 table: the heading 8517 names it, marked as such
    assert product_name("851770", "ko").endswith("(HS4 8517)")
    assert product_name("851770", "ko").startswith("전화기")


def test_long_product_names_are_cut_in_statements():
    from coopscope.i18n import format_arg

    text = format_arg("product", "846239", "ko")
    assert text.startswith("846239 ") and len(text) <= 100


def test_catalogs_need_no_compile_step():
    from coopscope.i18n.catalog import LOCALE_DIR

    assert not list(LOCALE_DIR.rglob("*.mo"))  # only .po files ship; they are compiled in memory
    assert translator("zh").gettext("Key findings") == "主要结论"
