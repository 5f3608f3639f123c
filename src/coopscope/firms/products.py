"""Firm → HS6 product links: the firm's declared HS codes, its industry and the words of its main products.

Three documented relations, all restricted to the products of interest (``product_isic``):

- **declared**: an HS code or heading (4–6 digits) in the firm's ``hs_codes`` column links every
  product it prefixes. Strength 1.0: the firm's own product list.

- **industry**: a product is linked when its ISIC Rev.4 class (from the classify lenses table,
  UNSD HS→BEC5/ISIC) starts with the firm's ISIC code (firm ``26`` links every product of ISIC
  26xx, firm ``2610`` only ISIC 2610). Strength 0.6: an industry makes many products.
- **keyword**: a keyword of the packaged list (``data/product_keywords.csv``, Korean and Chinese)
  found in the firm's main-products text links every product whose HS code starts with the
  keyword's HS prefix. Strength 1.0: the firm says it makes it.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import pyarrow as pa

from coopscope.firms.refdata import product_keywords

INDUSTRY_STRENGTH = 0.6
KEYWORD_STRENGTH = 1.0
DECLARED_STRENGTH = 1.0
LINK_SCHEMA = pa.schema(
    [
        ("firm_id", pa.string()),
        ("product", pa.string()),
        ("link", pa.string()),
        ("strength", pa.float64()),
        ("evidence", pa.string()),
    ]
)


def _by_prefix(products: list[str], prefixes: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code in products:
        for n in range(2, 7):
            if code[:n] in prefixes:
                out[code[:n]].append(code)
    return out


def _industry_index(product_isic: pa.Table) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for product, isic in zip(product_isic["product"].to_pylist(), product_isic["isic4"].to_pylist(), strict=True):
        for n in range(2, len(isic or "") + 1):
            out[isic[:n]].append(product)
    return out


def firm_product_links(firms: pa.Table, product_isic: pa.Table, *, keywords: pa.Table | None = None) -> pa.Table:
    """Links of each firm to products of ``product_isic``.

    Input: firms (firm_id, isic4, products_text[, hs_codes]); product_isic (product HS6 text, isic4
    text or null); keywords (keyword, hs_prefix; default: the packaged list).
    Output: LINK_SCHEMA (firm_id, product, link 'declared'|'industry'|'keyword', strength, evidence); one row per
    firm and product (the stronger link kept, both evidences joined), sorted by firm_id and product.
    """
    keywords = keywords if keywords is not None else product_keywords()
    pairs = list(zip(keywords["keyword"].to_pylist(), keywords["hs_prefix"].to_pylist(), strict=True))
    codes = product_isic["product"].to_pylist()
    declared = _declared(firms)
    by_prefix = _by_prefix(codes, {p for _, p in pairs} | {p for d in declared.values() for p in d})
    by_isic = _industry_index(product_isic)
    best: dict[tuple[str, str], tuple[str, float, str]] = {}
    for firm in firms.select(["firm_id", "isic4", "products_text"]).to_pylist():
        found = _links_of(firm, by_isic, by_prefix, pairs) + [
            (p, "declared", DECLARED_STRENGTH, f"declared HS {prefix}")
            for prefix in declared.get(firm["firm_id"], ())
            for p in by_prefix.get(prefix, [])
        ]
        for product, link, strength, why in found:
            key = (firm["firm_id"], product)
            old = best.get(key)
            if old is None or strength > old[1]:
                best[key] = (link, strength, why if old is None else f"{why}; {old[2]}")
    rows = [
        {"firm_id": f, "product": p, "link": v[0], "strength": v[1], "evidence": v[2]}
        for (f, p), v in sorted(best.items())
    ]
    return pa.Table.from_pylist(rows, schema=LINK_SCHEMA)


def _declared(firms: pa.Table) -> dict[str, tuple[str, ...]]:
    """firm_id → its declared HS codes or headings (2–6 digits), from the ``hs_codes`` column when present."""
    if "hs_codes" not in firms.column_names:
        return {}
    out = {}
    for fid, text in zip(firms["firm_id"].to_pylist(), firms["hs_codes"].to_pylist(), strict=True):
        codes = tuple(c.strip() for c in (text or "").split(";") if c.strip().isdigit() and 2 <= len(c.strip()) <= 6)
        if codes:
            out[fid] = codes
    return out


def _links_of(
    firm: dict[str, str | None],
    by_isic: dict[str, list[str]],
    by_prefix: dict[str, list[str]],
    pairs: list[tuple[str, str]],
) -> list[tuple[str, str, float, str]]:
    out = []
    isic = firm.get("isic4")
    if isic:
        out += [(p, "industry", INDUSTRY_STRENGTH, f"industry ISIC {isic}") for p in by_isic.get(isic, [])]
    text = (firm.get("products_text") or "").upper()
    for word, prefix in pairs:
        if word.upper() in text:
            out += [
                (p, "keyword", KEYWORD_STRENGTH, f"'{word}' in products → HS {prefix}")
                for p in by_prefix.get(prefix, [])
            ]
    return out


def infer_hs_codes(text: str | None, keywords: pa.Table | None = None) -> str | None:
    """HS codes or headings (4–6 digits, ';'-joined, sorted) named by keywords of a main-products text, or None.

    Used to fill the ``hs_codes`` column of firms whose lists give no HS codes (marked as inferred by
    the keyword list, ``data/product_keywords.csv``).
    """
    pairs = _keyword_pairs() if keywords is None else _pairs_of(keywords)
    upper = (text or "").upper()
    return ";".join(sorted({prefix for word, prefix in pairs if word in upper})) or None


@cache
def _keyword_pairs() -> tuple[tuple[str, str], ...]:
    """The packaged keyword list as (upper-case keyword, HS prefix) pairs, built once."""
    return _pairs_of(product_keywords())


def _pairs_of(keywords: pa.Table) -> tuple[tuple[str, str], ...]:
    words, prefixes = keywords["keyword"].to_pylist(), keywords["hs_prefix"].to_pylist()
    return tuple((w.upper(), p) for w, p in zip(words, prefixes, strict=True))
