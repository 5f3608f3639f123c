"""The firms workflow in three calls: screen, match, and the firms sheet for the report.

Product relevance comes from the pair analysis product table when given (product, pair_class,
value_usd, mpe_class, ai_areas); otherwise from the AI-area mapping carried by the classify
lenses table (every product with an AI area, pair_class ``area_only``, value unknown). Products
reach firms through ISIC Rev.4 (lenses) and main-product keywords (:mod:`coopscope.firms.products`).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.firms.products import firm_product_links
from coopscope.firms.ranking import rank_pairs
from coopscope.firms.schema import FirmData
from coopscope.firms.screen import screen

SHEET_COLUMNS = (
    "area",
    "rank",
    "firm_a",
    "name_a",
    "firm_b",
    "name_b",
    "score",
    "evidence",
    "product_fit",
    "complementarity",
    "scale",
    "tech",
    "area_focus",
    "chain",
    "size_a",
    "size_b",
    "shared_products",
    "reasons",
    "synthetic",
)


def lens_table(hs_revision: str = "HS22") -> pa.Table:
    """Product → ISIC Rev.4, 소부장 class and AI areas (columns product, isic4, mpe_class, ai_areas)."""
    from coopscope.classify.lenses import lenses

    return lenses(hs_revision).select(["product", "isic4", "mpe_class", "ai_areas"])


def area_products(lens: pa.Table) -> pa.Table:
    """Products with an AI area as a product table.

    Columns: product, pair_class ('area_only'), value_usd (null), mpe_class, ai_areas.
    """
    rows = lens.filter(pc.not_equal(lens["ai_areas"], ""))
    return pa.table(
        {
            "product": rows["product"],
            "pair_class": pa.array(["area_only"] * rows.num_rows, pa.string()),
            "value_usd": pa.nulls(rows.num_rows, pa.float64()),
            "mpe_class": rows["mpe_class"],
            "ai_areas": rows["ai_areas"],
        }
    )


def match(
    data: FirmData,
    a: str = "KOR",
    b: str = "CHN",
    *,
    products: pa.Table | None = None,
    area: str | None = None,
    top: int = 50,
    year: int | None = None,
    lens: pa.Table | None = None,
    hs_revision: str = "HS22",
    max_per_firm: int = 2,
) -> pa.Table:
    """Ranked, explained firm pairs (MATCH_SCHEMA of :mod:`coopscope.firms.ranking`).

    ``products``: the pair analysis product table (e.g. ``PairResult.products``: product, pair_class,
    value_usd, ai_areas[, mpe_class]; ai_areas is taken from the lenses when absent); None → the
    products of the AI-area mapping. ``lens``: product → isic4 (default: the classify lenses of
    ``hs_revision``, which should be the revision of the product codes). ``year``: screen firms in
    their latest fiscal year up to it. A firm appears in at most ``max_per_firm`` pairs per area.
    Products of the AI-area mapping missing from the pair table are added as ``area_only`` (lower
    points), so that every area has candidates even when the pair table names few AI products.
    """
    lens = lens if lens is not None else lens_table(hs_revision)
    products = area_products(lens) if products is None else combined_products(with_areas(products, lens), lens)
    wanted = pc.is_in(lens["product"], products["product"])
    links = firm_product_links(data.firms, lens.filter(wanted).select(["product", "isic4"]))
    screened = screen(data, year=year)
    return rank_pairs(screened, links, products, a, b, area=area, top=top, max_per_firm=max_per_firm)


def with_areas(products: pa.Table, lens: pa.Table) -> pa.Table:
    """The product table with ``ai_areas`` (and ``mpe_class``) from the lenses where it lacks them."""
    missing = [c for c in ("ai_areas", "mpe_class") if c not in products.column_names]
    if not missing:
        return products
    return products.join(lens.select(["product", *missing]), "product", join_type="left outer")


_PRODUCT_SCHEMA = pa.schema(
    [
        ("product", pa.string()),
        ("pair_class", pa.string()),
        ("value_usd", pa.float64()),
        ("mpe_class", pa.string()),
        ("ai_areas", pa.string()),
    ]
)


def combined_products(products: pa.Table, lens: pa.Table) -> pa.Table:
    """The pair table's products plus the AI-area products it lacks (pair_class ``area_only``)."""
    extra = area_products(lens)
    extra = extra.filter(pc.invert(pc.is_in(extra["product"], products["product"])))
    own = products.select(_PRODUCT_SCHEMA.names).cast(_PRODUCT_SCHEMA)
    return pa.concat_tables([own, extra.select(_PRODUCT_SCHEMA.names).cast(_PRODUCT_SCHEMA)])


def firms_sheet(
    data: FirmData,
    a: str = "KOR",
    b: str = "CHN",
    *,
    products: pa.Table | None = None,
    top: int = 20,
    lens: pa.Table | None = None,
    hs_revision: str = "HS22",
) -> pa.Table:
    """The report's firms sheet: the top ``top`` pairs of every AI area with their numbers and reasons.

    Columns: SHEET_COLUMNS. ``synthetic`` is true on every row built from synthetic records.
    Arguments as :func:`match`.
    """
    table = match(data, a, b, products=products, top=top, lens=lens, hs_revision=hs_revision)
    return table.select(list(SHEET_COLUMNS))
