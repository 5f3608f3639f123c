"""The Harmonized System: HS2022 nomenclature, sections, valid codes and links between revisions.

Sources (``data/SOURCES.md``): the HS2022 nomenclature and sections (WCO / UN Comtrade lists via
``datasets/harmonized-system``); the UNSD HS2022→HS2017 correlation; one-to-one conversions
HS2022→HS2012 and HS2022→HS1992 (R package ``concordance``); UNSD HS2012/HS2017→BEC Rev.5, which
also carries the official HS2012 and HS2017 six-digit descriptions.

Revisions are named as in the trade schema: HS92, HS96, HS02, HS07, HS12, HS17, HS22.
"""

from __future__ import annotations

from functools import cache

import pyarrow as pa

from coopscope.classify._data import data_rows, data_table
from coopscope.errors import UnknownCodeError
from coopscope.options import HsRevision, check_option

LISTED_REVISIONS = ("HS92", "HS12", "HS17", "HS22")
# UN Comtrade's "commodities not specified" code, carried by the correlation tables; not an HS code.
NOT_SPECIFIED = "999999"
_CONVERSION = {"HS92": ("hs2022-hs1992.csv", "HS0_6d"), "HS12": ("hs2022-hs2012.csv", "HS4_6d")}


def sections() -> pa.Table:
    """The 21 HS sections. Output columns: section (Roman numeral), name."""
    return data_table("hs2022-sections.csv").rename_columns(["section", "name"])


def nomenclature() -> pa.Table:
    """HS2022 codes at 2, 4 and 6 digits (WCO). Output columns: code, level (2/4/6), description, parent, section."""
    rows = [r for r in data_rows("hs2022-nomenclature.csv") if r["level"] in ("2", "4", "6")]
    return pa.table(
        {
            "code": [r["hscode"] for r in rows],
            "level": pa.array([int(r["level"]) for r in rows], pa.int8()),
            "description": [r["description"] for r in rows],
            "parent": [r["parent"] for r in rows],
            "section": [r["section"] for r in rows],
        }
    )


@cache
def _hs22() -> dict[str, dict[str, str]]:
    return {r["hscode"]: r for r in data_rows("hs2022-nomenclature.csv") if r["level"] in ("2", "4", "6")}


@cache
def section_of_chapter() -> dict[str, str]:
    """Chapter (2 digits) → section (Roman numeral), from the HS2022 nomenclature."""
    return {code: r["section"] for code, r in _hs22().items() if len(code) == 2}


@cache
def section_names() -> dict[str, str]:
    """Section (Roman numeral) → its name."""
    return {r["section"]: r["name"].strip() for r in data_rows("hs2022-sections.csv")}


@cache
def bec5_descriptions(revision: str) -> dict[str, str]:
    """Six-digit code → UNSD description for HS12 or HS17 (from the BEC5 correlation)."""
    return {r["hs6"]: r["description"] for r in data_rows("unsd-hs-bec5.csv") if r["hs_revision"] == revision}


@cache
def hs22_to_hs17() -> dict[str, tuple[str, ...]]:
    """HS2022 six-digit code → the HS2017 codes it correlates with (UNSD correlation, sorted)."""
    links: dict[str, set[str]] = {}
    for row in data_rows("hs2022-hs2017-correlation.csv"):
        links.setdefault(row["HS2022"].strip(), set()).add(row[" HS2017"].strip())
    return {k: tuple(sorted(v)) for k, v in links.items()}


@cache
def hs22_conversion(revision: str) -> dict[str, str]:
    """HS2022 six-digit code → its one HS1992 ('HS92') or HS2012 ('HS12') code (R ``concordance``)."""
    name, column = _CONVERSION[revision]
    return {r["HS6_6d"]: r[column] for r in data_rows(name)}


@cache
def _older_codes() -> frozenset[str]:
    """Codes of the combined HS→ISIC Rev.4 table less those introduced in HS2017 or HS2022."""
    combined = {r["HS_6d"] for r in data_rows("hs-isic4.csv")}
    newer = (_listed("HS22") - _listed("HS17")) | (_listed("HS17") - _listed("HS12"))
    return frozenset(combined - newer - {NOT_SPECIFIED})


@cache
def _listed(revision: str) -> frozenset[str]:
    return frozenset(c for c in _linked(revision) if c != NOT_SPECIFIED)


def _linked(revision: str) -> frozenset[str]:
    if revision == "HS22":
        return frozenset(c for c in _hs22() if len(c) == 6)
    if revision == "HS17":
        return frozenset(bec5_descriptions("HS17")) | {c for v in hs22_to_hs17().values() for c in v}
    conversion = frozenset(hs22_conversion(revision).values())
    return conversion | frozenset(bec5_descriptions("HS12")) if revision == "HS12" else conversion


def valid_hs6_codes(revision: str) -> frozenset[str] | None:
    """The six-digit codes of an HS revision, or None where the package has no list.

    HS22: the WCO nomenclature (5,613). HS17: the UNSD HS2022→HS2017 correlation and BEC5 (5,387).
    HS12: the HS2022→HS2012 conversion and the UNSD HS2012→BEC5 table. HS92: the codes reached by
    the HS2022→HS1992 conversion plus the codes of the combined HS→ISIC Rev.4 table that were not
    introduced in HS2017 or HS2022; a tolerant list (it accepts every HS92 code of a real BACI
    file but also some codes introduced between HS1996 and HS2012). HS96, HS02, HS07: None.
    """
    check_option("revision", revision, HsRevision)
    if revision not in LISTED_REVISIONS:
        return None
    if revision == "HS92":
        return _listed("HS92") | _older_codes()
    return _listed(revision)


def describe(code: str, revision: str = "HS22") -> str:
    """English description of an HS code.

    HS22: 2, 4 or 6 digits from the WCO nomenclature. HS17 and HS12 six-digit codes: the UNSD
    description (BEC5 table), else the HS2022 codes that convert to them. HS92: the descriptions
    of the HS2022 codes that convert to it ('; '-joined). Unknown codes raise UnknownCodeError.
    """
    check_option("revision", revision, HsRevision)
    code = code.strip()
    text: str | None = None
    if revision == "HS22":
        text = _hs22().get(code, {}).get("description")
    elif revision in ("HS17", "HS12"):
        text = bec5_descriptions(revision).get(code)
    if text is None and len(code) == 6:
        sources = hs22_codes_for(code, revision)
        text = "; ".join(_hs22()[c]["description"] for c in sources) or None
    if text is None:
        raise UnknownCodeError.codes(
            "HS", [code], f"describe({revision})", "use a 2, 4 or 6-digit HS2022 code or a 6-digit code of HS92/12/17."
        )
    return text


@cache
def _reverse(revision: str) -> dict[str, tuple[str, ...]]:
    links: dict[str, list[str]] = {}
    if revision == "HS17":
        pairs = [(hs17, hs22) for hs22, many in hs22_to_hs17().items() for hs17 in many]
    elif revision in _CONVERSION:
        pairs = [(old, hs22) for hs22, old in hs22_conversion(revision).items()]
    else:
        pairs = [(c, c) for c in _listed("HS22")]
    for old, hs22 in pairs:
        links.setdefault(old, []).append(hs22)
    return {k: tuple(sorted(v)) for k, v in links.items()}


def hs22_codes_for(code: str, revision: str) -> tuple[str, ...]:
    """The HS2022 six-digit codes linked to a six-digit code of another revision (empty if none)."""
    check_option("revision", revision, HsRevision)
    return _reverse(revision).get(code.strip(), ()) if revision in (*_CONVERSION, "HS17", "HS22") else ()


def correspondences(code: str) -> dict[str, tuple[str, ...]]:
    """Codes an HS2022 six-digit code maps to: {'HS17': (...), 'HS12': (...), 'HS92': (...)}."""
    code = code.strip()
    return {
        "HS17": hs22_to_hs17().get(code, ()),
        "HS12": tuple(c for c in [hs22_conversion("HS12").get(code)] if c),
        "HS92": tuple(c for c in [hs22_conversion("HS92").get(code)] if c),
    }
