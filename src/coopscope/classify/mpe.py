"""Materials, parts and equipment (소재·부품·장비): HS six-digit codes by end use and industry.

Two named methods (METHODS.md §2.5; longer notes in ``classify/CLASSIFICATIONS.md``):

``motie-industry`` (default) follows the logic of MOTIE's 소재·부품 statistics, which class goods
by producing industry (KSIC, here its ISIC Rev.4 equivalent taken from the UNSD HS→BEC5 table):

* BEC5 end use INT (intermediate) and ISIC division 13, 20, 22, 23 or 24 → **materials**
  (MOTIE 소재: 섬유제품, 화합물·화학제품, 고무·플라스틱, 비금속광물, 1차금속);
* INT and ISIC division 25–30 or group 325 → **parts** (MOTIE 부품: 금속가공, 전자부품, 컴퓨터·
  사무기기, 영상·음향·통신기기, 정밀기기, 전기기계, 일반기계, 수송기계);
* INT in any other industry (farming, mining, food, wood, paper, petroleum, pharmaceuticals …)
  → **unclassified**, because MOTIE's list has no such industry (primary and resource goods);
* CAP (capital good) made in manufacturing (ISIC 10–33) → **equipment** (MOTIE 장비, added 2020);
  CAP outside manufacturing (breeding animals) → unclassified;
* CONS → **consumer**.

Mixed end uses (``CAP/INT``, ``INT/CONS`` …): the first-listed end use decides (UNSD lists the
predominant use first: parts of computers are ``INT/CAP``, washing machines ``CAP/CONS``).

``bec5-axes`` uses the UNSD axes only (the fallback named in METHODS.md §2.5): INT that is
GENERIC or PRIMARY → materials; INT that is SPECIFIC or GEN/SPEC → parts; CAP → equipment;
CONS → consumer; first-listed end use decides mixed codes.

Departures from MOTIE: MOTIE classes HSK 10-digit lines through its own concordance (published
on mctnet, not available offline) and a ministerial list of items; here HS6 lines go through
UNSD's one ISIC code per line, so an HS6 line that MOTIE splits between 소재·부품 and other goods
takes the class of its UNSD industry as a whole.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import pyarrow as pa

from coopscope.classify._data import data_rows

MpeClass = Literal["materials", "parts", "equipment", "consumer", "unclassified"]
MpeMethod = Literal["motie-industry", "bec5-axes"]
MPE_CLASSES: tuple[str, ...] = ("materials", "parts", "equipment", "consumer", "unclassified")

MATERIALS_INDUSTRIES = {
    "13": "textiles (섬유제품)",
    "20": "chemicals (화합물·화학제품)",
    "22": "rubber and plastics (고무·플라스틱)",
    "23": "non-metallic minerals (비금속광물)",
    "24": "basic metals (1차금속)",
}
PARTS_INDUSTRIES = {
    "25": "fabricated metal (금속가공)",
    "261": "electronic components (전자부품)",
    "262": "computers and peripherals (컴퓨터·사무기기부품)",
    "263": "communication equipment (영상·음향·통신기기부품)",
    "264": "consumer electronics (영상·음향·통신기기부품)",
    "26": "measuring, optical and precision instruments (정밀기기부품)",
    "27": "electrical equipment (전기기계부품)",
    "28": "machinery (일반기계부품)",
    "29": "motor vehicles (수송기계부품)",
    "30": "other transport equipment (수송기계부품)",
    "325": "medical and precision instruments (정밀기기부품)",
}
BEC5_AXES = (
    "bec5_code", "bec5_code2", "end_use", "processing", "specification", "durability", "isic4", "bec4_code",
    "bec4_end_use",
)  # fmt: skip


@cache
def bec5_rows(revision: str) -> dict[str, dict[str, str]]:
    """Six-digit code → its UNSD BEC5 row (columns BEC5_AXES and description) for HS12 or HS17."""
    return {r["hs6"]: r for r in data_rows("unsd-hs-bec5.csv") if r["hs_revision"] == revision}


def bec5_axes(revision: str) -> pa.Table:
    """The raw UNSD HS→BEC5 axes for HS12 or HS17 (UNSD BEC5Correlations, 2018).

    Output columns: product, hs_revision, then bec5_code, bec5_code2, end_use (CAP/INT/CONS or a
    mix such as 'INT/CAP'), processing (PRIMARY/PROCESSED), specification (GENERIC/SPECIFIC/
    GEN/SPEC), durability, isic4, bec4_code, bec4_end_use; '' where UNSD gives no value.
    """
    rows = sorted(bec5_rows(revision).items())
    columns = {"product": [k for k, _ in rows], "hs_revision": [revision] * len(rows)}
    columns |= {axis: [r[axis] for _, r in rows] for axis in BEC5_AXES}
    return pa.table(columns)


def _industry(isic4: str, table: dict[str, str]) -> str | None:
    for width in (3, 2):
        if isic4[:width] in table:
            return table[isic4[:width]]
    return None


def classify_mpe(
    end_use: str, isic4: str, *, processing: str = "", specification: str = "", method: MpeMethod = "motie-industry"
) -> tuple[str, str]:
    """(class, one-line reason) of one HS line from its BEC5 end use and ISIC Rev.4 code.

    ``end_use`` is UNSD's BEC5 end use (first-listed use decides a mix); see the module docstring
    for both methods. Returns ('unclassified', reason) when the rule gives no class.
    """
    first = end_use.split("/")[0].strip()
    if first == "CONS":
        return "consumer", f"BEC5 end use {end_use}: consumption good"
    if first == "CAP":
        return _capital(end_use, isic4, method)
    if first != "INT":
        return "unclassified", "UNSD gives no BEC5 end use"
    if method == "bec5-axes":
        return _intermediate_by_axes(end_use, processing, specification)
    return _intermediate_by_industry(end_use, isic4)


def _capital(end_use: str, isic4: str, method: MpeMethod) -> tuple[str, str]:
    if method == "motie-industry" and not ("10" <= isic4[:2] <= "33"):
        return "unclassified", f"BEC5 end use {end_use} but ISIC {isic4} is not manufacturing (no 장비 industry)"
    return "equipment", f"BEC5 end use {end_use}: capital good (장비)"


def _intermediate_by_industry(end_use: str, isic4: str) -> tuple[str, str]:
    material = _industry(isic4, MATERIALS_INDUSTRIES)
    if material:
        return "materials", f"BEC5 {end_use}, ISIC {isic4}: {material}, a materials industry"
    part = _industry(isic4, PARTS_INDUSTRIES)
    if part:
        return "parts", f"BEC5 {end_use}, ISIC {isic4}: {part}, a parts industry"
    return "unclassified", f"BEC5 {end_use}, ISIC {isic4}: intermediate outside MOTIE's 소재·부품 industries"


def _intermediate_by_axes(end_use: str, processing: str, specification: str) -> tuple[str, str]:
    if specification in ("SPECIFIC", "GEN/SPEC"):
        return "parts", f"BEC5 {end_use}, {specification}: specific intermediate (parts)"
    if specification == "GENERIC" or processing == "PRIMARY":
        return "materials", f"BEC5 {end_use}, {specification or processing}: generic intermediate (materials)"
    return "unclassified", f"BEC5 {end_use} without processing or specification"


# UN BEC Rev.4 categories by basic class of goods in the SNA (UN, Classification by Broad Economic
# Categories Rev.4, 2002, Annex): 51 passenger cars and 321 motor spirit are dual use, 7 is not classified.
BEC4_END_USE = {
    **dict.fromkeys(("111", "121", "21", "22", "31", "322", "42", "53"), "INT"),
    **dict.fromkeys(("41", "521"), "CAP"),
    **dict.fromkeys(("112", "122", "522", "61", "62", "63"), "CONS"),
    **dict.fromkeys(("51", "321"), "DUAL-USE"),
    "7": "",
}


def bec4_table(revision: str) -> pa.Table:
    """HS six-digit codes → BEC Rev.4 categories (UNSD).

    HS22 from the UNSD HS2022→BEC4 table (a code may have several rows, see ``relationship``);
    HS12 and HS17 from the BEC4 column of the UNSD BEC5 table. Output columns: product,
    hs_revision, bec4_code, bec4_description, bec4_end_use (INT/CAP/CONS/DUAL-USE or ''),
    relationship ('1:1', 'n:1', … for HS22; '' otherwise).
    """
    names = {r["code"]: r["desc"] for r in data_rows("bec4-descriptions.csv")}
    if revision == "HS22":
        # the source has blank ",," lines and the "not specified" code 999999: both dropped
        rows = [
            (r["HS 2022"], r["BEC 4"], r["Relationship"])
            for r in data_rows("hs2022-bec4.csv")
            if r["HS 2022"] not in ("", "999999")
        ]
    else:
        rows = [(code, r["bec4_code"], "") for code, r in bec5_rows(revision).items()]
    rows.sort()
    return pa.table(
        {
            "product": [r[0] for r in rows],
            "hs_revision": [revision] * len(rows),
            "bec4_code": [r[1] for r in rows],
            "bec4_description": [names.get(r[1], "") for r in rows],
            "bec4_end_use": [BEC4_END_USE.get(r[1], "") for r in rows],
            "relationship": [r[2] for r in rows],
        }
    )
