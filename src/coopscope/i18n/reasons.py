"""Why two firms are matched, as data and as text in each language.

The firm matcher (:mod:`coopscope.firms.ranking`) states each reason as a dict: ``code`` (a key of
:data:`REASONS`) and its parameters — HS6 codes, chain positions, countries, firm names, size
classes, revenues (US$), technology scores and area shares. :func:`format_reasons` renders the
list in a language through the message catalogs, with product and country names of that language;
``plain=True`` gives the matcher's own English form with bare codes (the CLI and CSV column
``reasons``). :func:`reasons_to_json` / :func:`reasons_from_json` carry the list in a text column.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coopscope.i18n.catalog import N_, check_lang, translator
from coopscope.i18n.formats import format_money, format_number, format_percent, shorten
from coopscope.i18n.names import country_name, product_name

REASONS = {
    "evidence_shared": N_("evidence: shared HS6 {products} stated by both firms"),
    "evidence_chain": N_(
        "evidence: supplier → buyer chain {supplier_position} ({supplier}) → {buyer_position} ({buyer}) "
        "between stated products"
    ),
    "evidence_area": N_("evidence: area fit only (industry links)"),
    "links": N_("{firm} links {links}"),
    "shared": N_("shared HS6 {products}"),
    "chain_pair": N_("chain {position_a} ↔ {position_b}"),
    "chain_same": N_("chain both {position_a}"),
    "chain_unknown": N_("chain {position_a} / {position_b} (service or unknown position)"),
    "size": N_("size {size_a} / {size_b}, revenue {revenue_a_usd} vs {revenue_b_usd}"),
    "tech": N_("tech {tech_a} / {tech_b}"),
    "focus": N_("area focus {focus_a} / {focus_b}"),
}
LINK = N_("{product} ({pair_class}, {link})")
POSITIONS = {
    "materials": N_("materials"),
    "parts": N_("parts"),
    "equipment": N_("equipment"),
    "final": N_("final goods"),
    "services": N_("services"),
    "unknown": N_("unknown"),
}
SIZE_CLASSES = {
    "SME": N_("SME"),
    "mid-sized": N_("mid-sized"),
    "large": N_("large"),
    "medium": N_("medium"),
    "small": N_("small"),
    "micro": N_("micro"),
    "excluded": N_("excluded"),
    "cannot decide": N_("size cannot be decided"),
}
PAIR_CLASSES = {
    "shared_vulnerability": N_("shared vulnerability"),
    "substitution_a_to_b": N_("substitution {a}→{b}"),
    "substitution_b_to_a": N_("substitution {b}→{a}"),
    "complementary": N_("complementary"),
    "competing": N_("competing"),
    "area_only": N_("AI area only"),
}
LINK_KINDS = {
    "declared": N_("declared HS code"),
    "keyword": N_("product keyword"),
    "industry": N_("industry"),
}
UNKNOWN = N_("unknown")
SEPARATORS = {"en": "; ", "ko": "; ", "zh": "；"}
PRODUCT_NAME_LIMIT = {"en": 36, "ko": 22, "zh": 18}
COUNTRY_KEYS = {"supplier", "buyer"}


def reasons_to_json(items: Sequence[Mapping[str, Any]]) -> str:
    """The reasons as JSON text (a list of objects with ``code``)."""
    return json.dumps([dict(i) for i in items], ensure_ascii=False, separators=(",", ":"))


def reasons_from_json(text: str | None) -> list[dict[str, Any]]:
    """The reasons from :func:`reasons_to_json` text ([] for empty text); ValueError for other text."""
    items = json.loads(text) if text else []
    if not isinstance(items, list) or not all(isinstance(i, dict) and "code" in i for i in items):
        raise ValueError("not a list of reasons")
    return items


def format_reasons(
    items: Sequence[Mapping[str, Any]], lang: str = "en", *, revision: str = "HS22", plain: bool = False
) -> str:
    """The reasons as one text in ``lang`` (module docstring); ``plain``: the English form with bare codes."""
    lang = "en" if plain else check_lang(lang)
    named: set[str] = set()  # a product is named where it first appears, then cited by its code
    return SEPARATORS[lang].join(format_reason(i, lang, revision=revision, plain=plain, named=named) for i in items)


def format_reason(
    item: Mapping[str, Any],
    lang: str = "en",
    *,
    revision: str = "HS22",
    plain: bool = False,
    named: set[str] | None = None,
) -> str:
    """One reason (a dict with ``code`` and parameters) as a sentence part in ``lang``.

    ``named``: codes already named in this text (they are cited by code only); updated in place.
    """
    code = str(item["code"])
    if code not in REASONS:
        return code
    template = REASONS[code] if plain else translator(lang).gettext(REASONS[code])
    ctx = _Context(lang, revision, plain, set() if named is None else named)
    args = {k: _arg(k, v, item, ctx) for k, v in item.items() if k != "code"}
    return template.format(**args)


@dataclass(frozen=True)
class _Context:
    lang: str
    revision: str
    plain: bool
    named: set[str]


def _arg(key: str, value: Any, item: Mapping[str, Any], ctx: _Context) -> str:
    lang, plain = ctx.lang, ctx.plain
    if key == "products":
        return ", ".join(_product(str(p), ctx) for p in value)
    if key == "links":
        return ("; " if plain else ", ").join(_link(link, item, ctx) for link in value)
    if key.startswith("position") or key.endswith("_position"):
        return str(value or "unknown") if plain else _catalog(POSITIONS, value, lang)
    if key.startswith("size_"):
        return str(value) if plain else _catalog(SIZE_CLASSES, value, lang)
    if key in COUNTRY_KEYS or key in ("a", "b"):
        return str(value) if plain else country_name(str(value), lang)
    return _number(key, value, lang, plain)


def _number(key: str, value: Any, lang: str, plain: bool) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return _unknown(lang, plain) if value is None else str(value)
    if key.endswith("_usd"):
        return f"${value / 1e6:,.1f}M" if plain else format_money(float(value), lang)
    if key.startswith("focus"):
        return f"{value:.0%}" if plain else format_percent(float(value), lang, 0)
    return f"{value:.2f}" if plain else format_number(float(value), lang, 2)


def _unknown(lang: str, plain: bool) -> str:
    return "unknown" if plain else translator(lang).gettext(UNKNOWN)


def _catalog(names: Mapping[str, str], value: Any, lang: str) -> str:
    key = str(value) if value not in (None, "") else "unknown"
    return translator(lang).gettext(names[key]) if key in names else key


def _product(code: str, ctx: _Context) -> str:
    if ctx.plain or code in ctx.named:
        return code
    ctx.named.add(code)
    name = short_product_name(code, ctx.lang, revision=ctx.revision)
    return f"{code} {name}" if name else code


def short_product_name(code: str, lang: str = "en", *, revision: str = "HS22") -> str:
    """The product's name cut short for a list: its first customs line only (``等`` / ``…`` when more)."""
    name = product_name(code, lang, revision=revision)
    first, _, rest = name.partition("；")
    if rest:
        first += "等" if lang == "zh" else "…"
    return shorten(first, PRODUCT_NAME_LIMIT[lang])


def _link(link: Sequence[Any], item: Mapping[str, Any], ctx: _Context) -> str:
    product, pair_class, kind = (str(x) for x in link)
    lang = ctx.lang
    if ctx.plain:
        return f"{product} ({pair_class}, {kind})"
    names = {k: country_name(str(item.get(k, "")), lang) for k in ("a", "b")}
    label = translator(lang).gettext(PAIR_CLASSES[pair_class]).format(**names) if pair_class in PAIR_CLASSES else ""
    return (
        translator(lang)
        .gettext(LINK)
        .format(
            product=_product(product, ctx),
            pair_class=label or pair_class,
            link=_catalog(LINK_KINDS, kind, lang),
        )
    )
