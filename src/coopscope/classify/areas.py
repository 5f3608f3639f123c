"""The five AI cooperation areas: a curated, editable mapping of HS six-digit codes to areas.

The shipped file ``data/ai-areas.csv`` (its rationale is in ``data/AI_AREAS.md``) has one line per
(code, area) with columns ``product, area, stage, reason`` and an optional ``revisions`` column:
blank for a code valid in every revision the file is used with, else the revisions it holds for
(``HS22`` or ``HS17``, ';'-joined) where the code changed in HS2022 (cameras 8525.80 → 8525.89,
diagnostic reagents 3822.00 → 3822.1x). Lines starting with ``#`` are comments. A user file with
the same columns replaces it (``--areas my-areas.csv``); it may use its own area ids.

Default area ids: ai-semiconductors, smart-mobility, digital-health, robotics, smart-city.
Stages: materials, parts, equipment.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

import pyarrow as pa

from coopscope.classify import hs
from coopscope.errors import InputError, UnknownCodeError
from coopscope.options import HS_REVISIONS, HsRevision, check_option

AREA_IDS = ("ai-semiconductors", "smart-mobility", "digital-health", "robotics", "smart-city")
STAGES = ("materials", "parts", "equipment")
DEFAULT_FILE = "ai-areas.csv"
REQUIRED = ("product", "area", "stage", "reason")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _read_text(path: Path | None) -> tuple[str, str]:
    if path is None:
        return resources.files("coopscope.classify.data").joinpath(DEFAULT_FILE).read_text("utf-8"), DEFAULT_FILE
    path = Path(path)
    if not path.is_file():
        raise InputError.at(str(path), "area file not found", "pass an existing CSV with product,area,stage,reason.")
    return path.read_text(encoding="utf-8-sig"), str(path)


def _lines(text: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every data line, comments and blank lines skipped."""
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1)]
    kept = [(n, line) for n, line in numbered if line.strip() and not line.lstrip().startswith("#")]
    if not kept:
        return []
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in kept)))
    return [(kept[i + 1][0], row) for i, row in enumerate(reader)]


def load_areas(path: Path | None = None, *, revision: str = "HS22") -> pa.Table:
    """Read and validate an AI-area file for one HS revision (default: the shipped file).

    Output columns: product, area, stage, reason (sorted by area, stage, product). Lines whose
    ``revisions`` cell names other revisions are left out. Errors name the file, line and code:
    a missing column, a code that is not six digits or not a code of ``revision``, an unknown stage,
    a malformed area id, an empty reason, or the same (product, area) twice.
    """
    check_option("revision", revision, HsRevision)
    text, source = _read_text(path)
    rows = _lines(text)
    header = set(rows[0][1]) if rows else set()
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError.at(
            source, f"missing column(s) {', '.join(missing)}", "the header is product,area,stage,reason."
        )
    kept = [(n, r) for n, r in rows if _applies(r.get("revisions") or "", revision, source, n)]
    records = [_check_row(r, source, n) for n, r in kept]
    _check_codes(records, revision, source)
    _check_duplicates(records, source)
    records.sort(key=lambda r: (r[1], STAGES.index(r[2]), r[0]))
    return pa.table({name: [r[i] for r in records] for i, name in enumerate(REQUIRED)})


def _applies(cell: str, revision: str, source: str, line: int) -> bool:
    wanted = [v.strip() for v in cell.split(";") if v.strip()]
    bad = [v for v in wanted if v not in HS_REVISIONS]
    if bad:
        raise InputError.at(source, f"unknown revision {bad[0]!r}", "write e.g. HS22 or HS17;HS22.", line=line)
    return not wanted or revision in wanted


def _check_row(row: dict[str, str], source: str, line: int) -> tuple[str, str, str, str, int]:
    if None in row:
        raise InputError.at(
            source, "more fields than the header", "put a reason with commas in double quotes.", line=line
        )
    product, area = (row["product"] or "").strip(), (row["area"] or "").strip()
    stage, reason = (row["stage"] or "").strip(), (row["reason"] or "").strip()
    if not (product.isdigit() and len(product) == 6):
        raise InputError.at(source, f"product {product!r} is not a six-digit HS code", "keep leading zeros.", line=line)
    if not _SLUG.match(area):
        raise InputError.at(source, f"area id {area!r} is not a lower-case slug", f"e.g. {AREA_IDS[0]}.", line=line)
    if stage not in STAGES:
        raise InputError.at(source, f"stage {stage!r} is not known", f"use {', '.join(STAGES)}.", line=line)
    if not reason:
        raise InputError.at(source, f"product {product} has no reason", "give a one-line reason.", line=line)
    return product, area, stage, reason, line


def _check_codes(records: list[tuple[str, str, str, str, int]], revision: str, source: str) -> None:
    valid = hs.valid_hs6_codes(revision)
    if valid is None:
        raise InputError.at(source, f"no code list for {revision}", "load areas for HS92, HS12, HS17 or HS22.")
    bad = [f"{r[0]} (line {r[4]})" for r in records if r[0] not in valid]
    if bad:
        hint = f"use {revision} codes, or mark revision-specific lines in a 'revisions' column."
        raise UnknownCodeError.codes(f"{revision} product", bad, source, hint)


def _check_duplicates(records: list[tuple[str, str, str, str, int]], source: str) -> None:
    seen: dict[tuple[str, str], int] = {}
    for product, area, _, _, line in records:
        first = seen.setdefault((product, area), line)
        if first != line:
            raise InputError.at(
                source, f"product {product} is listed twice for area {area} (first on line {first})",
                "keep one line per product and area.", line=line,
            )  # fmt: skip


def areas_by_product(path: Path | None = None, *, revision: str = "HS22") -> dict[str, tuple[tuple[str, ...], ...]]:
    """Code → (area ids, stages) in that order, for any lens revision.

    HS22 and HS17 read the file for that revision; HS12 and HS92 read it for HS22 and carry each
    code over by the one-to-one HS2022→HS2012 / HS2022→HS1992 conversion.
    """
    source_rev = revision if revision in ("HS22", "HS17") else "HS22"
    table = load_areas(path, revision=source_rev).to_pylist()
    convert = hs.hs22_conversion(revision) if revision in ("HS12", "HS92") else None
    pairs: dict[str, list[tuple[str, str]]] = {}
    for row in table:
        code = convert.get(row["product"], "") if convert is not None else row["product"]
        if code and (row["area"], row["stage"]) not in pairs.setdefault(code, []):
            pairs[code].append((row["area"], row["stage"]))
    return {code: (tuple(a for a, _ in v), tuple(s for _, s in v)) for code, v in pairs.items()}
