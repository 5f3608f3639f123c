"""``products``: find HS codes by code or by words in English, Korean or Chinese; one code's card.

Searches the WCO HS2022 texts and the packaged Korean (관세청 HSK) and Chinese (海关总署) names
(``classify/data/i18n``, see SOURCES.md there): ``반도체`` and ``半导体`` find the semiconductor headings.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import pyarrow as pa

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


def product_lenses(
    hs_revision: HsRevision = "HS22",
    *,
    areas_file: Path | str | None = None,
    mpe_method: Literal["motie-industry", "bec5-axes"] = "motie-industry",
) -> Result:
    """Every six-digit code of ``hs_revision`` with all its lenses (:func:`coopscope.classify.lenses`).

    Output columns: product, hs_revision, description, chapter, section, mpe_class, mpe_reason,
    isic4, tech_class, tech_reason, ai_areas, ai_stage (METHODS.md §1, classify/CLASSIFICATIONS.md).
    """
    from coopscope.classify import lenses

    check_option("hs_revision", hs_revision, HsRevision)
    check_option("mpe_method", mpe_method, Literal["motie-industry", "bec5-axes"])
    table = lenses(hs_revision, areas_file=Path(areas_file) if areas_file else None, mpe_method=mpe_method)
    params = {"hs_revision": hs_revision, "mpe_method": mpe_method}
    return Result("product_lenses", table, params, (), False, None, f"{hs_revision} product lenses")


def class_counts(revisions: Sequence[str] = ("HS17", "HS22"), *, areas_file: Path | str | None = None) -> Result:
    """Codes per 소재·부품·장비 class, technology class and AI area, for each revision.

    Output columns: hs_revision, lens (mpe_class, tech_class or ai_area), class, codes.
    """
    from coopscope.classify.catalog import lens_stats
    from coopscope.classify.lenses import LENS_REVISIONS

    for revision in revisions:
        check_option("revisions", revision, Literal[LENS_REVISIONS])  # type: ignore[valid-type]
    path = Path(areas_file) if areas_file else None
    table = pa.concat_tables([lens_stats(rev, areas_file=path) for rev in revisions])
    return Result("class_counts", table, {"revisions": list(revisions)}, (), False, None, "Codes per class")


def ai_areas(hs_revision: HsRevision = "HS22", *, areas_file: Path | str | None = None) -> Result:
    """The AI-area file (the shipped one, or ``areas_file``), read and validated for ``hs_revision``.

    Output columns: product, area, stage, reason (:func:`coopscope.classify.areas.load_areas`).
    """
    from coopscope.classify.areas import load_areas

    table = load_areas(Path(areas_file) if areas_file else None, revision=hs_revision)
    return Result("ai_areas", table, {"hs_revision": hs_revision}, (f"{table.num_rows} lines",), False, None,
                  f"AI cooperation areas ({hs_revision})")  # fmt: skip
