"""Names in each language: countries, products, AI areas, product classes, groups and rules.

Countries come from CLDR through Babel, products from the packaged customs nomenclatures, the
rest from the message catalogs.

Product names: Korean from the Korea Customs Service table (HS2022; the path form where the label
alone is 기타; the heading's name, marked "HS4", for codes the HS2022 table lacks), Chinese from
the China Customs table of the revision (the 8-digit names, joined with "；", where China has no
single HS6 line), English from coopscope.classify's descriptions.
See coopscope/classify/data/i18n/SOURCES.md.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

from babel import Locale

from coopscope.errors import CoopscopeError
from coopscope.i18n.catalog import BABEL_LOCALES, N_, check_lang, translator

AREA_NAMES = {
    "ai-semiconductors": N_("AI semiconductors"),
    "smart-mobility": N_("Smart mobility"),
    "digital-health": N_("Digital health"),
    "robotics": N_("Robotics"),
    "smart-city": N_("Smart city"),
}
CLASS_NAMES = {
    "materials": N_("Materials"),
    "parts": N_("Parts"),
    "equipment": N_("Equipment"),
    "consumer": N_("Consumer goods"),
    "unclassified": N_("Other goods"),
}
RULE_NAMES = {"eu2021": N_("EU 2021"), "geodep": N_("GeoDep (CEPII)"), "kita": N_("KITA"), "kiet": N_("KIET")}
GROUP_NAMES = {"all": N_("All products"), "mpe:all": N_("Materials, parts and equipment")}


def _data_rows(package: str, name: str) -> list[dict[str, str]]:
    root, _, folder = package.partition(".data")
    text = resources.files(root).joinpath("data" + folder.replace(".", "/")).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _iso2() -> dict[str, str]:
    return {r["iso3"]: r["iso2"] for r in _data_rows("coopscope.i18n.data", "iso3_iso2.csv")}


def country_name(iso3: str, lang: str = "en") -> str:
    """The country's name in ``lang`` from CLDR (Babel); the code itself when CLDR has no name."""
    check_lang(lang)
    code = _iso2().get(str(iso3).upper())
    names = Locale.parse(BABEL_LOCALES[lang]).territories
    if code and code in names:
        return str(names[code])
    from coopscope.classify.countries import country_name as packaged

    try:
        return packaged(str(iso3), lang)  # type: ignore[arg-type]
    except CoopscopeError:  # a code no table names (an old or a group code) reads as itself
        return str(iso3)


def area_name(area: str, lang: str = "en") -> str:
    """The AI area's name in ``lang``."""
    return translator(check_lang(lang)).gettext(AREA_NAMES.get(area, area))


def class_name(cls: str, lang: str = "en") -> str:
    """The product class's name (materials, parts, equipment …) in ``lang``."""
    return translator(check_lang(lang)).gettext(CLASS_NAMES.get(cls, cls))


def rule_name(rule: str, lang: str = "en") -> str:
    """The dependence rule's name in ``lang``."""
    return translator(check_lang(lang)).gettext(RULE_NAMES.get(rule, rule))


def group_name(group: str, lang: str = "en") -> str:
    """A product group (``all``, ``mpe:all``, ``mpe:<class>``, ``ai:<area>``) in ``lang``."""
    if group.startswith("ai:"):
        return area_name(group[3:], lang)
    if group.startswith("mpe:") and group != "mpe:all":
        return class_name(group[4:], lang)
    return translator(check_lang(lang)).gettext(GROUP_NAMES.get(group, group))


@cache
def _korean() -> dict[str, str]:
    out = {}
    for r in _data_rows("coopscope.classify.data.i18n", "hs6_ko_hs2022.csv"):
        out[r["hs6"]] = r["name_ko_path"] if r["name_ko"].strip() in ("기타", "") else r["name_ko"]
    return out


@cache
def _korean_headings() -> dict[str, str]:
    return {r["hs4"]: r["name_ko"] for r in _data_rows("coopscope.classify.data.i18n", "hs4_ko.csv")}


def _korean_heading(hs6: str) -> str:
    """The heading (HS4) name where the HS2022 table lacks the code (codes of older revisions)."""
    name = _korean_headings().get(hs6[:4], "")
    return f"{name} (HS4 {hs6[:4]})" if name else ""


@cache
def _chinese(revision: str) -> dict[str, str]:
    name = "hs6_zh_hs2017.csv" if revision == "HS17" else "hs6_zh_hs2022.csv"
    out = {}
    for r in _data_rows("coopscope.classify.data.i18n", name):
        children = "；".join(c.strip() for c in r["hs8_children_zh"].split("；") if c.strip())
        out[r["hs6"]] = r["name_zh"] or children
    return out


@cache
def _english(revision: str) -> dict[str, str]:
    from coopscope.classify.lenses import lenses

    try:
        table = lenses(revision)
    except CoopscopeError:  # a revision without a lens table: no English descriptions to offer
        return {}
    return dict(zip(table["product"].to_pylist(), table["description"].to_pylist(), strict=True))


def product_name(hs6: str, lang: str = "en", *, revision: str = "HS22") -> str:
    """The HS6 product's name in ``lang`` (module docstring); '' when the nomenclature lacks it."""
    check_lang(lang)
    if lang == "ko":
        return _korean().get(hs6) or _korean_heading(hs6)
    if lang == "zh":
        return _chinese(revision).get(hs6) or _chinese("HS22").get(hs6, "")
    return _english(revision).get(hs6) or _english("HS22").get(hs6, "")
