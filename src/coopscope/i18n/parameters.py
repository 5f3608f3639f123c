"""Thresholds, parameters, citations and data sources of the methods section, in each language.

The evidence keeps each threshold under its code name (``import_hhi_min``, ``group_share_min`` …)
and each rule's citation as the method file states it; the report shows them through these
catalog entries: a name per threshold, values as money, percentages or plain numbers by their
names, the citations and the kinds of data source.
"""

from __future__ import annotations

from typing import Any

from coopscope.i18n.catalog import N_, check_lang, translator
from coopscope.i18n.formats import format_money, format_number, format_percent, join_list

PARAMETER_NAMES = {
    # pair analysis (coopscope.pair.params)
    "rca_min": N_("Minimum RCA for a comparative advantage"),
    "scale_min_usd": N_("Minimum exports for exports at scale"),
    "scale_min_world_share": N_("Minimum share of world exports for exports at scale"),
    "strength_min_usd": N_("Minimum exports for export strength"),
    "demand_min_usd": N_("Minimum imports for import demand"),
    "import_rca_min": N_("Minimum revealed import intensity"),
    "group_share_min": N_("Share from the supplier group above which both are vulnerable"),
    "market_similarity_min": N_("Minimum similarity of third markets (0–100)"),
    "version": N_("Parameter set"),
    # dependence rules (coopscope/indicators/data/dependence-methods.toml)
    "import_hhi_min": N_("import concentration (HHI) above"),
    "foreign_import_share_min": N_("share of imports from abroad above"),
    "import_export_ratio_min": N_("imports over exports at least"),
    "world_export_hhi_min": N_("world export concentration (HHI) above"),
    "window_years": N_("window (years)"),
    "min_years_met": N_("years the criteria must be met"),
    "bands": N_("bands of the top supplier's share"),
    "min_import_value_usd": N_("minimum imports"),
    "watch_share_min": N_("top supplier's share for a watch item"),
    "vulnerable_share_min": N_("top supplier's share for a vulnerable item"),
}
CITATIONS = (
    N_(
        "SWD(2021) 352, bottom-up HS6 mapping, criteria 1-3; thresholds as applied by CEPII GeoDep "
        "(Lefebvre & Wibaux, CEPII PB 2024-47)"
    ),
    N_("CEPII GeoDep data page https://cepii.fr/cepii/en/bdd_modele/bdd_modele_item.asp?id=41 (variables c1_M..c4_M)"),
    N_(
        "KITA via Rep. Han Moo-kyung (kita.net, 2021-11-08); KITA in Naeil 2022-08 (article 429574); MOTIE data "
        "via National Assembly members (2022 H1, 2023 Jan-Oct)"
    ),
    N_("KIET 2021 report as summarised by Ajunews and Etoday (2021-11-18); METHODS.md §2.2"),
)
SOURCE_KINDS = {
    "baci": N_("BACI (CEPII)"),
    "comtrade": N_("UN Comtrade"),
    "converted": N_("converted to another HS revision"),
    "table": N_("customs or statistics table"),
    "firms": N_("firm tables"),
}
SHARE_KEYS = ("share", "bands")


def parameter_name(key: str, lang: str = "en") -> str:
    """The threshold's or parameter's name in ``lang`` (its code name when the catalog has none)."""
    return translator(check_lang(lang)).gettext(PARAMETER_NAMES[key]) if key in PARAMETER_NAMES else key


def format_parameter(key: str, value: Any, lang: str = "en") -> str:
    """A threshold's value by its name: US$ for ``*_usd``, % for shares and bands, else a number."""
    if isinstance(value, list | tuple):
        return join_list([format_parameter(key, v, lang) for v in value], lang)
    number = _number(value)
    if number is None:
        return str(value)
    if key.endswith("_usd"):
        return format_money(number, lang)
    if any(k in key for k in SHARE_KEYS):
        return format_percent(number, lang, 0 if number * 100 == round(number * 100) else 1)
    if key in ("window_years", "min_years_met"):
        return format_number(int(number), lang)
    return format_number(number, lang, 2 if abs(number) < 10 else 0)


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def thresholds_text(text: str, lang: str = "en") -> str:
    """``"k = v; k = v"`` (the methods section's thresholds) with names and values in ``lang``."""
    parts = []
    for part in str(text).split("; "):
        key, sep, value = part.partition(" = ")
        if not sep:
            parts.append(part)
            continue
        items = value.strip("()[]").split(", ") if value.startswith(("(", "[")) else value
        parts.append(f"{parameter_name(key, lang)} {format_parameter(key, items, lang)}")
    return ("；" if lang == "zh" else "; ").join(parts)


def citation(text: str, lang: str = "en") -> str:
    """A rule's citation in ``lang`` (the method file's text where the catalog has no translation)."""
    return translator(check_lang(lang)).gettext(text)


def source_kind(kind: str, lang: str = "en") -> str:
    """The kind of a data source (``baci``, ``comtrade`` …) in ``lang``."""
    return translator(check_lang(lang)).gettext(SOURCE_KINDS[kind]) if kind in SOURCE_KINDS else kind
