"""Languages of the report and the dashboard: English, Korean and Chinese.

Public API: :func:`translator` (gettext catalogs through Babel), :func:`country_name` (CLDR),
:func:`product_name` (the packaged customs nomenclatures), :func:`area_name`, :func:`class_name`,
:func:`group_name`, :func:`rule_name`, :func:`format_money`, :func:`format_percent`,
:func:`format_number`, :func:`format_date`, :func:`format_statement`, :data:`LANGS`, :data:`FONT_STACK`,
:func:`format_reasons` / :func:`reasons_from_json` (a firm pair's reasons, stored as data, in a language).
"""

from coopscope.i18n.catalog import LANGS, N_, check_lang, translator
from coopscope.i18n.formats import (
    format_arg,
    format_date,
    format_money,
    format_number,
    format_percent,
    format_statement,
    join_list,
)
from coopscope.i18n.names import area_name, class_name, country_name, group_name, product_name, rule_name
from coopscope.i18n.reasons import format_reasons, reasons_from_json

# Fonts with Hangul and Han glyphs first for the language, then system fallbacks (no tofu).
FONT_STACK = {
    "en": '"Noto Sans", system-ui, -apple-system, "Segoe UI", "Noto Sans CJK KR", "Noto Sans CJK SC", sans-serif',
    "ko": '"Noto Sans CJK KR", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans CJK SC", sans-serif',
    "zh": '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK KR", sans-serif',
}
EXCEL_FONT = {"en": "Calibri", "ko": "Noto Sans CJK KR", "zh": "Noto Sans CJK SC"}

__all__ = [
    "EXCEL_FONT",
    "FONT_STACK",
    "LANGS",
    "N_",
    "area_name",
    "check_lang",
    "class_name",
    "country_name",
    "format_arg",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "format_reasons",
    "format_statement",
    "group_name",
    "join_list",
    "product_name",
    "reasons_from_json",
    "rule_name",
    "translator",
]
