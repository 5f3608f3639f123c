"""Small stores from every kind of source: a Korean customs table (CP949), a Comtrade file, a synthetic store."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pyarrow as pa

YEARS = (2020, 2021, 2022)
PRODUCTS = ("854231", "854232", "381800", "848620", "280461", "901380")
KO = {"CHN": "중국", "USA": "미국", "JPN": "일본", "DEU": "독일", "VNM": "베트남", "TWN": "대만", "KOR": "한국"}
SUPPLIERS = {"KOR": ("CHN", "USA", "JPN", "DEU", "VNM", "TWN"), "CHN": ("KOR", "USA", "JPN", "DEU", "TWN", "VNM")}


def flows(seed: int = 1) -> list[tuple[int, str, str, str, float]]:
    """(year, exporter, importer, product, value in USD): KOR's and CHN's imports, one dominant supplier each."""
    rng = random.Random(seed)
    out = []
    for importer, suppliers in SUPPLIERS.items():
        for k, product in enumerate(PRODUCTS):
            top = suppliers[k % len(suppliers)]
            for year in YEARS:
                for exporter in suppliers:
                    base = 80e6 if exporter == top else rng.uniform(1e6, 9e6)
                    out.append((year, exporter, importer, product, round(base * (1 + 0.05 * (year - 2020)), 0)))
    return out


def write_korean_customs_table(path: Path) -> Path:
    """Imports of Korea and China as a Korean table: Korean headers and country names, HSK10 codes, CP949."""
    with open(path, "w", newline="", encoding="cp949") as fh:
        out = csv.writer(fh)
        out.writerow(["연도", "보고국", "상대국", "HSK", "수입금액(천달러)"])
        for year, exporter, importer, product, value in flows():
            hsk = f"{product[:4]}.{product[4:]}-0000"
            out.writerow([f"{year}년", KO[importer], KO[exporter], hsk, f"{value / 1e3:,.3f}"])
    return path


KOREAN_MAP = {"year": "연도", "importer": "보고국", "exporter": "상대국", "product": "HSK", "value": "수입금액(천달러)"}


_HEADER_TEXT = (
    "type_code,freq_code,ref_period_id,ref_year,ref_month,period,reporter_code,reporter_iso,reporter_desc,flow_code,"
    "flow_desc,partner_code,partner_iso,partner_desc,partner2code,partner2iso,partner2desc,classification_code,"
    "classification_search_code,is_original_classification,cmd_code,cmd_desc,aggr_level,is_leaf,customs_code,"
    "customs_desc,mos_code,mot_code,mot_desc,qty_unit_code,qty_unit_abbr,qty,is_qty_estimated,alt_qty_unit_code,"
    "alt_qty_unit_abbr,alt_qty,is_alt_qty_estimated,net_wgt,is_net_wgt_estimated,gross_wgt,is_gross_wgt_estimated,"
    "cifvalue,fobvalue,primary_value,legacy_estimation_flag,is_reported,is_aggregate"
)
COMTRADE_HEADER = _HEADER_TEXT.split(",")
NUMERIC = {"KOR": "410", "CHN": "156", "USA": "842", "JPN": "392", "DEU": "276", "VNM": "704", "TWN": "490"}


def write_comtrade_file(path: Path) -> Path:
    """A UN Comtrade API file (snake_case): KOR's and CHN's imports (M) and the partners' exports to them (X)."""
    rows = []
    for year, exporter, importer, product, value in flows():
        for flow, reporter, partner in (("M", importer, exporter), ("X", exporter, importer)):
            rows.append(_comtrade_row(year, flow, reporter, partner, product, value))
    with open(path, "w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COMTRADE_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _comtrade_row(year: int, flow: str, reporter: str, partner: str, product: str, value: float) -> dict[str, str]:
    row = dict.fromkeys(COMTRADE_HEADER, "")
    row.update(
        type_code="C", freq_code="A", ref_period_id=f"{year}0101", ref_year=str(year), ref_month="52",
        period=str(year), reporter_code=NUMERIC[reporter], reporter_iso=reporter, reporter_desc=reporter,
        flow_code=flow, flow_desc="Import" if flow == "M" else "Export", partner_code=NUMERIC[partner],
        partner_iso=partner, partner_desc=partner, partner2code="0", partner2iso="W00", partner2desc="World",
        classification_code="H5", classification_search_code="HS", is_original_classification="True",
        cmd_code=product, cmd_desc="", aggr_level="6", is_leaf="True", customs_code="C00", mos_code="0",
        mot_code="0", primary_value=f"{value:.1f}", cifvalue=f"{value:.1f}", is_reported="True", is_aggregate="False",
    )  # fmt: skip
    return row


def trade_arrow() -> pa.Table:
    """The same flows as a canonical (reconciled) trade table."""
    rows = flows()
    return pa.table(
        {
            "year": pa.array([r[0] for r in rows], pa.int64()),
            "exporter": [r[1] for r in rows],
            "importer": [r[2] for r in rows],
            "product": [r[3] for r in rows],
            "hs_revision": ["HS17"] * len(rows),
            "value_usd": [r[4] for r in rows],
            "quantity_t": pa.nulls(len(rows), pa.float64()),
        }
    )
