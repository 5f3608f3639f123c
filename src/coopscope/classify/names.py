"""Korean and Chinese product names from the packaged nomenclatures (``data/i18n``, see SOURCES.md there).

Korean: the Korea Customs Service's HSK names (HS2022 chapters, headings and subheadings; a
subheading as its label, or "group > label" where the label alone reads 기타 "Other" and the
like). Chinese: China Customs' statistical code table (HS2022 and HS2017 six-digit codes; a code
with several national lines is named by those lines). Keys are zero-padded HS codes as text.
"""

from __future__ import annotations

from functools import cache

from coopscope.classify._data import data_rows

KOREAN_REVISIONS = ("HS22",)
CHINESE_REVISIONS = ("HS22", "HS17")


@cache
def korean_names(revision: str = "HS22") -> dict[str, str]:
    """HS code (2, 4 or 6 digits) → Korean name; empty for a revision without Korean names."""
    if revision not in KOREAN_REVISIONS:
        return {}
    out = {r["hs2"]: r["name_ko"] for r in data_rows("i18n/hs2_ko.csv")}
    out |= {r["hs4"]: r["name_ko"] for r in data_rows("i18n/hs4_ko.csv")}
    out |= {r["hs6"]: _subheading(r["name_ko"], r["name_ko_path"]) for r in data_rows("i18n/hs6_ko_hs2022.csv")}
    return out


def _subheading(name: str, path: str) -> str:
    """The label, with its group in front where it alone says little (기타 "Other", 부분품 "Parts")."""
    parts = [p.strip() for p in path.split(">") if p.strip()]
    if len(name) > 4 or len(parts) < 2:
        return name or path
    return " > ".join(parts[-2:])


@cache
def chinese_names(revision: str = "HS22") -> dict[str, str]:
    """Six-digit HS code → Simplified-Chinese name (or its national lines' names); empty if none packaged."""
    if revision not in CHINESE_REVISIONS:
        return {}
    name = "i18n/hs6_zh_hs2022.csv" if revision == "HS22" else "i18n/hs6_zh_hs2017.csv"
    return {r["hs6"]: r["name_zh"] or r["hs8_children_zh"] for r in data_rows(name)}
