"""The reference tables of a BACI release: its country table (BACI code -> ISO3) and product table.

Both are checked row by row (a label that is not an ISO3-style code, a code that is not a number,
a table without its key column is an error naming the member and line); without them the
packaged V202201 country table and, for HS17/HS22, the packaged HS6 lists are used.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

from coopscope.errors import InputError
from coopscope.sources.baci_files import Member
from coopscope.sources.baci_values import shown

ISO3 = r"[A-Z][A-Z0-9]{2}"  # BACI labels: ISO3, or its own three-character codes for former economies
# Packaged HS6 lists that are complete (the HS2022 nomenclature and the HS2022-HS2017 correlation);
# older revisions are only known through one-to-one concordances, which miss codes.
COMPLETE_CODE_LISTS = ("HS17", "HS22")


def load_country_table(member: Member | None) -> dict[str, str]:
    """BACI numeric code (text, no padding) -> ISO3, from the release's table or the packaged one."""
    if member is None:
        text = (
            resources.files("coopscope.sources").joinpath("data", "baci_country_codes_V202201.csv").read_text("utf-8")
        )
    else:
        with member.open() as fh:
            raw = fh.read()
        text = raw.decode("utf-8") if _is_utf8(raw) else raw.decode("latin-1")
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError(
            f"{member.name if member else 'country table'}: not a CSV table ({exc}).", "use BACI's own table."
        ) from None
    key = next((k for k in ("country_code", "code") if rows and k in rows[0]), None)
    iso = next((k for k in ("iso_3digit_alpha", "country_iso3") if rows and k in rows[0]), None)
    if key is None or iso is None:
        where = member.name if member else "packaged country table"
        raise InputError(f"{where}: no country_code / iso_3digit_alpha columns.", "use BACI's own country_codes file.")
    where = member.name if member else "packaged country table"
    table = _supplement()
    for n, r in enumerate(rows, start=2):
        code, label = (r.get(key) or "").strip(), (r.get(iso) or "").strip().upper()
        if not code or not label:
            continue  # a code without an ISO3 label (e.g. 490 "Other Asia, nes") stays unknown
        if not (code.isdigit() and len(code) <= 3 and re.fullmatch(ISO3, label)):
            raise InputError.at(
                where, f"not a BACI code and ISO3 label: {code!r}, {label[:40]!r}", "use BACI's own table", line=n
            )
        table[str(int(code))] = label
    return table


def _supplement() -> dict[str, str]:
    """Codes the packaged V202201 table lacks or that later releases changed (see data/SOURCES.md)."""
    text = resources.files("coopscope.sources").joinpath("data", "baci_country_codes_supplement.csv").read_text("utf-8")
    return {r["country_code"]: r["iso_3digit_alpha"] for r in csv.DictReader(io.StringIO(text))}


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def product_codes(member: Member | None, revision: str) -> frozenset[str] | None:
    """The release's HS6 codes, the packaged complete list of ``revision``, or None (older revisions)."""
    if member is not None:
        return _product_table(member)
    if revision not in COMPLETE_CODE_LISTS:
        return None
    from coopscope.classify.hs import valid_hs6_codes

    return valid_hs6_codes(revision)


def _product_table(member: Member) -> frozenset[str]:
    """The HS6 codes of a release's product table; a table without them is an error naming its line."""
    with member.open() as fh:
        text = fh.read().decode("utf-8", errors="replace").replace("\x00", "")
    rows = csv.DictReader(io.StringIO(text))
    if "code" not in (rows.fieldnames or []):
        raise InputError.at(member.name, "no 'code' column", "use BACI's own product_codes table.", line=1)
    codes = set()
    for row in rows:
        code = str(row.get("code") or "").strip()
        if code and not (code.isdigit() and 5 <= len(code) <= 6):
            raise InputError.at(
                member.name, f"not an HS6 code: {shown(code)}", "use BACI's own table.", line=rows.line_num
            )
        codes |= {code.zfill(6)} if code else set()
    if not codes:
        raise InputError(f"{member.name}: lists no product code.", "use BACI's own product_codes table.")
    return frozenset(codes)
