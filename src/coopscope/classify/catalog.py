"""Look products up: text search, one code's card with every lens, and class counts per lens."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa

from coopscope.classify import hs, mpe
from coopscope.classify.areas import load_areas
from coopscope.classify.lenses import lenses
from coopscope.classify.names import chinese_names, korean_names
from coopscope.classify.tech import TECH_CLASSES
from coopscope.errors import UnknownCodeError
from coopscope.options import HsRevision, check_option


def search_products(
    query: str, *, hs_revision: str = "HS22", areas_file: Path | None = None, limit: int = 50
) -> pa.Table:
    """Codes found by code (``8542``, ``854231``: the code and the codes under it) or by words.

    Words match case-insensitively when every word occurs in the English description, the Korean
    name (관세청 HSK: ``반도체``), the Chinese name (海关总署: ``半导体``) or the AI-area reason
    (``photoresist`` finds 370790). HS22 searches the 2-, 4- and 6-digit nomenclature; other
    revisions their six-digit codes. Output columns: product, level (2/4/6), description,
    description_ko, description_zh, ai_areas, matched_in ('code', 'description', 'korean',
    'chinese' or 'ai-area reason'); 6-digit codes first, then by code; at most ``limit`` rows.
    """
    check_option("hs_revision", hs_revision, HsRevision)
    table = lenses(hs_revision, areas_file=areas_file)
    areas = {row["product"]: row["ai_areas"] for row in table.select(["product", "ai_areas"]).to_pylist()}
    english, korean, chinese = _texts(hs_revision, table), korean_names(hs_revision), chinese_names(hs_revision)
    texts = {"description": english, "korean": korean, "chinese": chinese}
    code = query.strip().replace(".", "")
    if code.isdigit():
        hits = [(c, "code") for c in english if c.startswith(code)]
    else:
        hits = _matches([w.casefold() for w in query.split()], texts, _area_reasons(areas_file, hs_revision))
    hits.sort(key=lambda h: (-len(h[0]), h[0]))
    hits = hits[:limit]
    return pa.table(
        {
            "product": [h[0] for h in hits],
            "level": pa.array([len(h[0]) for h in hits], pa.int8()),
            "description": [english.get(h[0], "") for h in hits],
            "description_ko": [korean.get(h[0], "") for h in hits],
            "description_zh": [chinese.get(h[0], "") for h in hits],
            "ai_areas": [areas.get(h[0], "") for h in hits],
            "matched_in": [h[1] for h in hits],
        }
    )


def _matches(words: list[str], texts: dict[str, dict[str, str]], reasons: dict[str, str]) -> list[tuple[str, str]]:
    """(code, where) for codes whose text in some language, or whose area reason, holds every word."""
    if not words:
        return []
    hits = []
    for code in texts["description"]:
        where = next(
            (lang for lang, names in texts.items() if all(w in names.get(code, "").casefold() for w in words)),
            None,
        )
        reason = reasons.get(code, "").casefold()
        if where is None and reason and all(w in reason for w in words):
            where = "ai-area reason"
        if where is not None:
            hits.append((code, where))
    return hits


def _texts(revision: str, table: pa.Table) -> dict[str, str]:
    if revision == "HS22":
        return dict(
            zip(
                hs.nomenclature().column("code").to_pylist(),
                hs.nomenclature().column("description").to_pylist(),
                strict=True,
            )
        )
    return dict(zip(table.column("product").to_pylist(), table.column("description").to_pylist(), strict=True))


def _area_reasons(areas_file: Path | None, revision: str) -> dict[str, str]:
    source = revision if revision in ("HS22", "HS17") else "HS22"
    out: dict[str, str] = {}
    for row in load_areas(areas_file, revision=source).to_pylist():
        out[row["product"]] = f"{out.get(row['product'], '')} {row['reason']}".strip()
    return out


def product_card(code: str, hs_revision: str = "HS22", *, areas_file: Path | None = None) -> pa.Table:
    """Everything known about one six-digit code, as rows of (field, value).

    Fields: product, description, heading, chapter, section, each lens column, the UNSD BEC5 axes
    (HS12/HS17 codes directly, HS22 codes through their HS2017 links) and the codes it maps to in
    other revisions. Raises UnknownCodeError for a code that is not in the revision.
    """
    check_option("hs_revision", hs_revision, HsRevision)
    code = code.strip()
    table = lenses(hs_revision, areas_file=areas_file)
    rows = table.filter(pa.compute.equal(table.column("product"), code)).to_pylist()
    if not rows:
        raise UnknownCodeError.codes(
            f"{hs_revision} product",
            [code],
            "products show",
            "use a six-digit code; `coopscope products search` finds one.",
        )
    lens = rows[0]
    fields = [("product", code), ("hs_revision", hs_revision), ("description", lens["description"])]
    fields += _hierarchy(code)
    fields += [
        (k, str(v)) for k, v in lens.items() if k not in ("product", "hs_revision", "description", "chapter", "section")
    ]
    fields += _bec5_fields(code, hs_revision)
    if hs_revision == "HS22":
        bec4 = mpe.bec4_table("HS22").filter(pa.compute.equal(pa.compute.field("product"), code)).to_pylist()
        fields += [("bec4 (HS22)", "; ".join(f"{r['bec4_code']} {r['bec4_description']}" for r in bec4) or "-")]
    fields += _links(code, hs_revision)
    return pa.table({"field": [f for f, _ in fields], "value": [v for _, v in fields]})


def _hierarchy(code: str) -> list[tuple[str, str]]:
    section = hs.section_of_chapter().get(code[:2], "")
    out = []
    for label, part in (("heading", code[:4]), ("chapter", code[:2])):
        try:
            out.append((label, f"{part} {hs.describe(part)}"))
        except UnknownCodeError:
            out.append((label, part))
    out.append(("section", f"{section} {hs.section_names().get(section, '')}".strip()))
    return out


def _bec5_fields(code: str, revision: str) -> list[tuple[str, str]]:
    if revision in ("HS12", "HS17"):
        sources = [(code, revision)]
    elif revision == "HS22":
        sources = [(c, "HS17") for c in hs.hs22_to_hs17().get(code, ())[:3]]
    else:
        sources = []
    out = []
    for source, rev in sources:
        row = mpe.bec5_rows(rev).get(source)
        if row:
            axes = ", ".join(f"{a}={row[a]}" for a in mpe.BEC5_AXES if row[a])
            out.append((f"bec5 ({rev} {source})", axes))
    return out


def _links(code: str, revision: str) -> list[tuple[str, str]]:
    links = hs.correspondences(code) if revision == "HS22" else {"HS22": hs.hs22_codes_for(code, revision)}
    return [(f"maps to {rev}", " ".join(codes) or "-") for rev, codes in links.items()]


def lens_stats(hs_revision: str = "HS22", *, areas_file: Path | None = None) -> pa.Table:
    """Number of codes per class of each lens for one revision.

    Output columns: hs_revision, lens ('mpe_class', 'tech_class' or 'ai_area'), class, codes
    (int64). Every class of the mpe and tech lenses is listed, with 0 where no code has it.
    """
    table = lenses(hs_revision, areas_file=areas_file)
    rows = []
    for lens, classes in (("mpe_class", mpe.MPE_CLASSES), ("tech_class", (*TECH_CLASSES, "unclassified"))):
        counts = Counter(table.column(lens).to_pylist())
        rows += [(lens, cls, counts.get(cls, 0)) for cls in classes]
    area_counts = Counter(a for cell in table.column("ai_areas").to_pylist() for a in cell.split(";") if a)
    rows += [("ai_area", area, n) for area, n in sorted(area_counts.items())]
    return pa.table(
        {
            "hs_revision": [hs_revision] * len(rows),
            "lens": [r[0] for r in rows],
            "class": [r[1] for r in rows],
            "codes": pa.array([r[2] for r in rows], pa.int64()),
        }
    )
