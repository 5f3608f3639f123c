"""Every six-digit code of an HS revision with its lenses: section, 소부장 class, technology, AI areas.

Per code: the materials/parts/equipment class (:mod:`coopscope.classify.mpe`), the ISIC Rev.4
industry and its OECD technology class (:mod:`coopscope.classify.tech`) and the AI cooperation
areas (:mod:`coopscope.classify.areas`).

Where the industry comes from: HS17 and HS12 codes read UNSD's HS→BEC5 table directly (its ISIC
Rev.4 column); if that ISIC code has no single OECD class, the combined HS→ISIC Rev.4 table
(manufacturing industries only) is tried. HS22 codes go through the UNSD HS2022→HS2017
correlation and HS92 codes through the HS2022→HS1992 conversion, or where no HS2022 code converts
to them through the same code in HS2012 (:func:`_via`): a code linked to itself or to a single
code takes that code's lenses; a code split across several (up to FANOUT_LIMIT) takes the class
held by more than half of them, else 'unclassified' with the tally as its reason; codes spread
wider take curated classes from ``data/mpe-overrides.csv``. See ``classify/CLASSIFICATIONS.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pyarrow as pa

from coopscope.classify import hs, mpe
from coopscope.classify._data import data_rows
from coopscope.classify.areas import areas_by_product
from coopscope.classify.tech import tech_class_of_isic
from coopscope.errors import CoopscopeError, InputError, OptionError
from coopscope.options import HsRevision, check_option

LENS_REVISIONS = ("HS92", "HS12", "HS17", "HS22")
# A code linked to more codes than this is a catch-all (HS2022 8524 display modules: 483 HS2017
# parts headings); a vote over its links means nothing, so it needs a curated line in mpe-overrides.csv.
FANOUT_LIMIT = 20
LENS_COLUMNS = (
    "product", "hs_revision", "description", "chapter", "section", "mpe_class", "mpe_reason", "isic4",
    "tech_class", "tech_reason", "ai_areas", "ai_stage",
)  # fmt: skip


@dataclass(frozen=True)
class Lens:
    """The classification of one code (without description and AI areas)."""

    mpe_class: str
    mpe_reason: str
    isic4: str
    tech_class: str
    tech_reason: str


def lenses(
    hs_revision: str = "HS22", *, areas_file: Path | None = None, mpe_method: mpe.MpeMethod = "motie-industry"
) -> pa.Table:
    """One row per six-digit code of ``hs_revision`` (HS92, HS12, HS17 or HS22) with its lenses.

    Output columns: product, hs_revision, description, chapter, section (Roman numeral),
    mpe_class ('materials'|'parts'|'equipment'|'consumer'|'unclassified'), mpe_reason, isic4,
    tech_class (OECD class or 'unclassified'), tech_reason, ai_areas (area ids ';'-joined, '' if
    none), ai_stage (stages ';'-joined in the same order). Sorted by product; cached per arguments.
    Sources: UNSD HS→BEC5 (end use, ISIC Rev.4), OECD R&D-intensity taxonomy, the AI-area file.
    """
    check_option("hs_revision", hs_revision, HsRevision)
    if hs_revision not in LENS_REVISIONS:
        raise OptionError(f"no product lenses for {hs_revision}.", f"use one of {', '.join(LENS_REVISIONS)}.")
    check_option("mpe_method", mpe_method, mpe.MpeMethod)
    return _lenses_cached(hs_revision, mpe_method, _file_key(areas_file))


def _file_key(path: Path | None) -> tuple[str, int] | None:
    """Cache key of a user file: its resolved path and modification time (edits invalidate the cache)."""
    if path is None:
        return None
    if not Path(path).is_file():
        raise InputError.at(str(path), "area file not found", "pass an existing CSV with product,area,stage,reason.")
    return str(Path(path).resolve()), Path(path).stat().st_mtime_ns


@cache
def _lenses_cached(revision: str, method: mpe.MpeMethod, areas_key: tuple[str, int] | None) -> pa.Table:
    records = _records(revision, method)
    areas = areas_by_product(Path(areas_key[0]) if areas_key else None, revision=revision)
    chapters = hs.section_of_chapter()
    codes = sorted(records)
    area_cells = [areas.get(c, ((), ())) for c in codes]
    columns = {
        "product": codes,
        "hs_revision": [revision] * len(codes),
        "description": [_description(c, revision) for c in codes],
        "chapter": [c[:2] for c in codes],
        "section": [chapters.get(c[:2], "") for c in codes],
        "mpe_class": [records[c].mpe_class for c in codes],
        "mpe_reason": [records[c].mpe_reason for c in codes],
        "isic4": [records[c].isic4 for c in codes],
        "tech_class": [records[c].tech_class for c in codes],
        "tech_reason": [records[c].tech_reason for c in codes],
        "ai_areas": [";".join(a) for a, _ in area_cells],
        "ai_stage": [";".join(s) for _, s in area_cells],
    }
    return pa.table(columns)


def _description(code: str, revision: str) -> str:
    try:
        return hs.describe(code, revision)
    except (CoopscopeError, KeyError):  # a code without any description keeps an empty cell, never a failure
        return ""


@cache
def _records(revision: str, method: mpe.MpeMethod) -> dict[str, Lens]:
    if revision in ("HS12", "HS17"):
        rows = mpe.bec5_rows(revision)
        return {code: _direct(code, rows.get(code), method) for code in hs.valid_hs6_codes(revision) or ()}
    if revision == "HS22":
        linked = hs.hs22_to_hs17()
        base = _records("HS17", method)
        found = {c: _via(c, linked.get(c, ()), base, "HS2017") for c in hs.valid_hs6_codes("HS22") or ()}
        return found | _overrides("HS22")
    return {c: _hs92(c, method) for c in hs.valid_hs6_codes("HS92") or ()}


def _hs92(code: str, method: mpe.MpeMethod) -> Lens:
    """An HS92 code through the HS2022 codes converting to it, else the same code in HS2012."""
    linked = hs.hs22_codes_for(code, "HS92")
    hs12 = _records("HS12", method)
    if not linked and code in hs12:
        return _via(code, (code,), hs12, "HS2012")
    return _via(code, linked, _records("HS22", method), "HS2022")


def _direct(code: str, row: Mapping[str, str] | None, method: mpe.MpeMethod) -> Lens:
    if row is None:
        isic4, tech, why = _tech_fallback(code)
        return Lens("unclassified", "no UNSD BEC5 row for this code", isic4, tech, why)
    mpe_class, reason = mpe.classify_mpe(
        row["end_use"], row["isic4"], processing=row["processing"], specification=row["specification"], method=method
    )
    direct = tech_class_of_isic(row["isic4"])
    if direct is not None:
        return Lens(mpe_class, reason, row["isic4"], direct, f"ISIC {row['isic4']} (UNSD BEC5 table)")
    isic4, tech_class, why = _tech_fallback(code)
    return Lens(mpe_class, reason, isic4 or row["isic4"], tech_class, why)


@cache
def _isic_links() -> dict[str, tuple[str, ...]]:
    links: dict[str, list[str]] = {}
    for row in data_rows("hs-isic4.csv"):
        links.setdefault(row["HS_6d"], []).append(row["ISIC4_4d"])
    return {k: tuple(sorted(set(v))) for k, v in links.items()}


def _tech_fallback(code: str) -> tuple[str, str, str]:
    """(isic4, tech class, reason) from the combined HS→ISIC table, manufacturing industries only."""
    found = [i for i in _isic_links().get(code, ()) if "10" <= i[:2] <= "32"]
    classes = {tech_class_of_isic(i) for i in found}
    if len(classes) == 1 and None not in classes:
        return found[0], classes.pop() or "", f"ISIC {'/'.join(found)} (HS→ISIC Rev.4 concordance)"
    if not found:
        return "", "unclassified", "no manufacturing ISIC Rev.4 industry for this code"
    return found[0], "unclassified", f"ISIC {'/'.join(found)} fall in different OECD classes"


def _via(code: str, linked: tuple[str, ...], base: Mapping[str, Lens], label: str) -> Lens:
    """Lens of a code from the lenses of the codes it is linked to in another revision."""
    known = [c for c in linked if c in base]
    if not known:
        isic4, tech, why = _tech_fallback(code)
        return Lens("unclassified", f"no {label} code linked to it", isic4, tech, why)
    if len(known) > FANOUT_LIMIT:
        isic4, tech, why = _tech_fallback(code)
        return Lens(
            "unclassified", f"spread over {len(known)} {label} codes by a catch-all correlation", isic4, tech, why
        )
    if code in known or len(known) == 1:
        same = code if code in known else known[0]
        one = base[same]
        return replace(
            one, mpe_reason=f"{label} {same}: {one.mpe_reason}", tech_reason=f"{label} {same}: {one.tech_reason}"
        )
    return _majority([base[c] for c in known], code, label)


@cache
def _overrides(revision: str) -> dict[str, Lens]:
    """Curated classes for codes the correlations cannot place (``data/mpe-overrides.csv``)."""
    out = {}
    for row in data_rows("mpe-overrides.csv"):
        if row["hs_revision"] == revision:
            tech = tech_class_of_isic(row["isic4"]) or "unclassified"
            reason = f"curated: {row['reason']}"
            out[row["product"]] = Lens(row["mpe_class"], reason, row["isic4"], tech, f"curated: ISIC {row['isic4']}")
    return out


def _majority(parts: list[Lens], code: str, label: str) -> Lens:
    n = len(parts)
    mpe_class, k = Counter(p.mpe_class for p in parts).most_common(1)[0]
    tally = ", ".join(f"{c} {m}" for c, m in Counter(p.mpe_class for p in parts).most_common())
    if 2 * k > n:
        mpe_reason = f"split across {n} {label} codes, {k} of them {mpe_class}"
    else:
        mpe_class, mpe_reason = "unclassified", f"split across {n} {label} codes with no majority ({tally})"
    isic4, tech, why = _tech_fallback(code)
    if tech == "unclassified":
        tech, t = Counter(p.tech_class for p in parts).most_common(1)[0]
        if 2 * t > n:
            isic4 = Counter(p.isic4 for p in parts if p.tech_class == tech).most_common(1)[0][0]
            why = f"split across {n} {label} codes, {t} of them {tech}"
        else:
            tech, why = "unclassified", f"split across {n} {label} codes with no majority technology class"
    return Lens(mpe_class, mpe_reason, isic4, tech, why)
