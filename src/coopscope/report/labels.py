"""Human column headers (with units), section titles and cell display, in each language.

A column id's kind follows from its name (:func:`column_kind`); headers are message ids with
``{a}``/``{b}`` for the partners' names.
"""

from __future__ import annotations

from typing import Any

from coopscope.i18n import (
    N_,
    area_name,
    class_name,
    country_name,
    format_money,
    format_number,
    format_percent,
    group_name,
    product_name,
    rule_name,
    translator,
)
from coopscope.i18n.formats import shorten
from coopscope.i18n.parameters import citation, format_parameter, parameter_name, source_kind, thresholds_text
from coopscope.i18n.reasons import format_reasons, reasons_from_json

SECTION_TITLES = {
    "dependence": N_("1. Dependence on the supplier group"),
    "rules": N_("2. The rules side by side"),
    "shared": N_("3. Shared vulnerabilities"),
    "robustness": N_("3a. Robustness of the shared vulnerabilities"),
    "whatif": N_("3b. What if a supplier stopped"),
    "substitution": N_("4. Substitution"),
    "balance": N_("5. Complement or compete"),
    "opportunities": N_("5a. Co-development opportunities"),
    "firms": N_("6. Partner firms"),
    "methods": N_("7. Methods and sources"),
}
HEADERS = {
    "group": N_("Product group"),
    "group_share_a": N_("{a}: share from the group (%)"),
    "group_share_b": N_("{b}: share from the group (%)"),
    "import_value_usd_a": N_("{a}: imports (US$)"),
    "import_value_usd_b": N_("{b}: imports (US$)"),
    "n_products_a": N_("{a}: products"),
    "n_products_b": N_("{b}: products"),
    "country": N_("Country"),
    "product": N_("Product (HS6)"),
    "group_share": N_("Share from the group (%)"),
    "import_value_usd": N_("Imports (US$)"),
    "top_supplier": N_("Largest supplier"),
    "top_supplier_share": N_("Largest supplier's share (%)"),
    "second_supplier": N_("Second supplier"),
    "rule": N_("Rule"),
    "n_mpe_a": N_("{a}: of which materials, parts, equipment"),
    "n_mpe_b": N_("{b}: of which materials, parts, equipment"),
    "n_every_year_a": N_("{a}: flagged every year"),
    "n_every_year_b": N_("{b}: flagged every year"),
    "persistent_share_a": N_("{a}: persistent (%)"),
    "persistent_share_b": N_("{b}: persistent (%)"),
    "mpe_class": N_("Class"),
    "value_usd": N_("Value (US$)"),
    "n_products": N_("Products"),
    "top_supplier_a": N_("{a}: largest supplier"),
    "top_supplier_b": N_("{b}: largest supplier"),
    "rules": N_("Rules under which both depend"),
    "rca_index": N_("Supplier's RCA"),
    "world_share": N_("Share of world exports (%)"),
    "export_value_usd": N_("Exports to the world (US$)"),
    "replaced_supplier": N_("Supplier replaced"),
    "replaced_share": N_("Its share of imports (%)"),
    "tci_ab_index": N_("Complementarity {a}→{b} (0–100)"),
    "tci_ba_index": N_("Complementarity {b}→{a} (0–100)"),
    "esi_index": N_("Export similarity (0–100)"),
    "gl_share": N_("Two-way trade, Grubel–Lloyd (%)"),
    "complementary_usd": N_("Complementary trade (US$)"),
    "competing_usd": N_("Contested exports (US$)"),
    "year": N_("Year"),
    "regional_share_a": N_("{a}: share from the region (%)"),
    "regional_share_b": N_("{b}: share from the region (%)"),
    "area": N_("AI area"),
    "rank": N_("Rank"),
    "name_a": N_("Firm in {a}"),
    "name_b": N_("Firm in {b}"),
    "score_index": N_("Score (0–1)"),
    "reasons": N_("Reasons"),
    "reason_items": N_("Reasons"),
    "source": N_("Source"),
    "thresholds": N_("Thresholds"),
    "parameter": N_("Parameter"),
    "value": N_("Value"),
    "parameter_value": N_("Value"),
    "kind": N_("Kind"),
    "location": N_("Location"),
    "release": N_("Release"),
    "years": N_("Years"),
    "row_count": N_("Rows"),
    "sha256": N_("SHA-256"),
    "varied": N_("Thresholds varied"),
    "n_settings": N_("Settings"),
    "n_min": N_("Fewest products"),
    "n_default": N_("At the defaults"),
    "n_max": N_("Most products"),
    "n_held": N_("Settings where it holds"),
    "share": N_("Share of settings (%)"),
    "label": N_("Verdict"),
    "exposed_usd_a": N_("{a}: exposed (US$)"),
    "exposed_usd_b": N_("{b}: exposed (US$)"),
    "net_exposed_usd_a": N_("{a}: exposed after cover (US$)"),
    "net_exposed_usd_b": N_("{b}: exposed after cover (US$)"),
    "net_share_of_imports_a": N_("{a}: share of all imports after cover (%)"),
    "net_share_of_imports_b": N_("{b}: share of all imports after cover (%)"),
    "exposed_usd": N_("Exposed (US$)"),
    "exposed_share": N_("Share of the product's imports (%)"),
    "net_exposed_usd": N_("Exposed after cover (US$)"),
    "first_alternative": N_("First alternative supplier"),
    "joint_net_exposed_usd": N_("Joint exposure after cover (US$)"),
    "extra_shortfall_usd": N_("Extra shortfall when both replace it (US$)"),
    "n_candidates": N_("Candidates"),
    "n_partner_leads": N_("Partner already exports with advantage"),
    "n_joint": N_("Both close: joint development"),
    "best_product": N_("Best candidate"),
    "density_index": N_("Density"),
    "pci_index": N_("PCI"),
    "cog_index": N_("Opportunity gain"),
    "weighted_score_index": N_("Score"),
    "mark": N_("Mark"),
    "preset": N_("Preset"),
    "weight_density_index": N_("Weight on density"),
    "weight_pci_index": N_("Weight on PCI"),
    "weight_cog_index": N_("Weight on opportunity gain"),
    "used": N_("Used here"),
}
# Values shown translated (robustness verdicts, opportunity marks, presets, varied thresholds).
VALUE_TEXTS = {
    "robust": N_("robust"),
    "fragile": N_("fragile"),
    "never": N_("never"),
    "partner-has-advantage": N_("partner leads"),
    "joint-development": N_("joint development"),
    "low-hanging-fruit": N_("low-hanging fruit"),
    "balanced": N_("balanced"),
    "long-jumps": N_("long jumps"),
    "default": N_("defaults"),
    "group_share_min": N_("group share threshold"),
}
COUNTRY_COLUMNS = {
    "country",
    "top_supplier",
    "second_supplier",
    "top_supplier_a",
    "top_supplier_b",
    "replaced_supplier",
    "first_alternative",
}

METHOD_KINDS = {
    "thresholds": lambda v, lang: thresholds_text(str(v), lang),
    "citation": lambda v, lang: citation(str(v), lang),
    "source_kind": lambda v, lang: source_kind(str(v), lang),
    "parameter": lambda v, lang: parameter_name(str(v), lang),
    "parameter_value": lambda v, lang: format_parameter(str(v[0]), v[1], lang),
}


def column_kind(column: str) -> str:
    """money, percent, index, count, year, country, group, class, area, rule, rules, product, reasons_data or text."""
    if column.endswith("_usd") or "_usd_" in column:
        return "money"
    if column.endswith("share") or "_share_" in column:
        return "percent"
    if "_index" in column:
        return "index"
    if column.startswith("n_") or column in ("row_count", "rank"):
        return "count"
    if column in COUNTRY_COLUMNS:
        return "country"
    named = {
        "group": "group",
        "mpe_class": "class",
        "area": "area",
        "rule": "rule",
        "rules": "rules",
        "product": "product",
        "best_product": "product",
        "year": "year",
        "reason_items": "reasons_data",
        "thresholds": "thresholds",
        "source": "citation",
        "kind": "source_kind",
        "parameter": "parameter",
        "parameter_value": "parameter_value",
        "varied": "value",
        "label": "value",
        "mark": "value",
        "preset": "value",
        "used": "flag",
    }
    return named.get(column, "text")


def header(column: str, lang: str, a: str, b: str) -> str:
    """The column's header in ``lang`` with the partners' names filled in."""
    if column.startswith("n_rule_"):  # n_rule_<rule>_<a|b>: products under one rule, one country
        rule, side = column[len("n_rule_") : -2], column[-1]
        return f"{country_name(a if side == 'a' else b, lang)}: {rule_name(rule, lang)}"
    text = translator(lang).gettext(HEADERS.get(column, column))
    return text.format(a=country_name(a, lang), b=country_name(b, lang))


def display(column: str, value: Any, lang: str, *, revision: str = "HS22") -> str:
    """A cell as text for the brief (money compact, shares as %, names in ``lang``)."""
    if value is None or value == "":
        return ""
    kind = column_kind(column)
    if kind in ("money", "percent", "index", "count"):
        return _number(kind, value, lang)
    return _name(kind, column, value, lang, revision)


def _number(kind: str, value: Any, lang: str) -> str:
    if kind == "money":
        return format_money(float(value), lang)
    if kind == "percent":
        return format_percent(float(value), lang)
    if kind == "count":
        return format_number(value, lang)
    return format_number(float(value), lang, 2 if abs(float(value)) < 10 else 1)


def _name(kind: str, column: str, value: Any, lang: str, revision: str) -> str:
    if kind == "country":
        return country_name(str(value), lang)
    if kind == "group":
        return group_name(str(value), lang)
    if kind == "class":
        return class_name(str(value), lang)
    if kind == "area":
        return area_name(str(value), lang)
    if kind == "rule":
        return rule_name(str(value), lang)
    if kind == "rules":
        return ", ".join(rule_name(r, lang) for r in str(value).split(";") if r)
    if kind == "value":
        return _value(str(value), lang)
    if kind == "flag":
        return "✓" if value else ""
    if kind == "product":
        return shorten(f"{value} {product_name(str(value), lang, revision=revision)}".strip(), 160)
    if kind == "reasons_data":
        return reasons_text(str(value), lang, revision)
    if kind in METHOD_KINDS:
        return METHOD_KINDS[kind](value, lang)
    if column == "sha256":
        return str(value)[:12] + "…"
    return str(value)


def reasons_text(value: str, lang: str, revision: str) -> str:
    """A firm pair's reasons (JSON items of :mod:`coopscope.i18n.reasons`) in ``lang``; older text as it is."""
    try:
        items = reasons_from_json(value)
    except ValueError:  # a model written before the reasons were data: its English text
        return value
    return format_reasons(items, lang, revision=revision)


def _value(value: str, lang: str) -> str:
    if value in VALUE_TEXTS:
        return translator(lang).gettext(VALUE_TEXTS[value])
    return rule_name(value, lang)
