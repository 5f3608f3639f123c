"""``products``: find HS codes by code or by words in English, Korean or Chinese; one code's card.

Searches the WCO HS2022 texts and the packaged Korean (관세청 HSK) and Chinese (海关总署) names
(``classify/data/i18n``, see SOURCES.md there): ``반도체`` and ``半导体`` find the semiconductor headings.
"""

from __future__ import annotations

from pathlib import Path

from coopscope.api.result import Result
from coopscope.classify.catalog import product_card, search_products
from coopscope.options import HsRevision, check_option


def products(
    query: str, *, hs_revision: HsRevision = "HS22", limit: int = 50, areas_file: Path | str | None = None
) -> Result:
    """HS codes matching ``query``: six digits or a prefix (``8542``), or words (every word must occur).

    Output columns: product, level (2/4/6), description (English), description_ko, description_zh,
    ai_areas, matched_in ('code', 'description', 'korean', 'chinese' or 'ai-area reason').
    """
    check_option("hs_revision", hs_revision, HsRevision)
    path = Path(areas_file) if areas_file else None
    table = search_products(query, hs_revision=hs_revision, areas_file=path, limit=limit)
    notes = () if table.num_rows else (f"Nothing matches '{query}'; try fewer words, or another language.",)
    params = {"query": query, "hs_revision": hs_revision, "limit": limit}
    return Result("products", table, params, notes, False, None, f"{hs_revision} codes matching '{query}'")


def product(code: str, *, hs_revision: HsRevision = "HS22", areas_file: Path | str | None = None) -> Result:
    """One six-digit ``code``: description, chapter, section, every lens and the linked codes (field, value)."""
    check_option("hs_revision", hs_revision, HsRevision)
    table = product_card(code, hs_revision, areas_file=Path(areas_file) if areas_file else None)
    return Result(
        "product", table, {"code": code, "hs_revision": hs_revision}, (), False, None, f"{hs_revision} {code}"
    )
