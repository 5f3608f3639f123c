"""Synthetic firm data for the demo: real Korean listing, SYNTHETIC financials, a SYNTHETIC Chinese list.

Every synthetic row has ``synthetic=True`` and its ``source`` says "SYNTHETIC"; outputs built from it
say so. The Korean firms themselves (names, codes, industries, products) are the real KRX listing;
only their financials are invented. The Chinese firms are invented entirely (names say 合成/synthetic,
no registration numbers). Distributions are plausible orders of magnitude, not estimates.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

import numpy as np
import pyarrow as pa

from coopscope.classify.tech import tech_class_of_isic
from coopscope.firms.currency import add_usd
from coopscope.firms.krx import load_krx_listing
from coopscope.firms.products import infer_hs_codes
from coopscope.firms.refdata import gbt4754_divisions
from coopscope.firms.schema import FirmData, concat_firm_data, make_firm_data

YEARS = (2022, 2023, 2024)
SOURCE = "SYNTHETIC (coopscope.firms.synth)"
_KR_MEDIAN_REVENUE = {"KOSPI": 3.0e11, "KOSDAQ": 8.0e10, "KONEX": 1.5e10}  # won
_RD_MEDIAN = {"high": 0.08, "medium-high": 0.04, "medium": 0.02}  # else 0.01
_CN_DIVISIONS = ("26", "27", "29", "30", "32", "34", "35", "36", "38", "39", "40", "65", "73")
_CN_PRODUCTS = {
    "26": "锂电池正极材料、电解液",
    "27": "原料药、诊断试剂",
    "29": "工程塑料、隔膜",
    "30": "光学玻璃、陶瓷基板",
    "32": "稀土永磁材料、铜箔",
    "34": "减速器、伺服电机",
    "35": "半导体设备、数控机床",
    "36": "汽车零部件、新能源汽车电驱",
    "38": "动力电池、逆变器、电机",
    "39": "集成电路、传感器、摄像头模组",
    "40": "医疗器械、激光雷达、传感器",
    "65": "工业软件、机器人控制系统",
    "73": "芯片设计研发、机器人研发",
}
_CN_REGIONS = ("广东省", "江苏省", "浙江省", "上海市", "北京市", "山东省", "安徽省", "湖北省", "四川省", "福建省")


def synthetic_firms(seed: int = 0, *, years: tuple[int, ...] = YEARS, n_china: int = 160) -> FirmData:
    """Real KRX firms with synthetic financials plus ``n_china`` synthetic Chinese firms, all marked synthetic."""
    rng = np.random.default_rng(seed)
    korea = load_krx_listing()
    kr_fin = _financials(korea.firms, years, rng, currency="KRW", medians=_kr_medians(korea.firms))
    china = _china_firms(n_china, rng)
    cn_fin = _financials(china, years, rng, currency="CNY", medians=np.full(n_china, 1.5e8))
    kr = make_firm_data(korea.firms, add_usd(kr_fin, SOURCE), SOURCE)
    cn = make_firm_data(china, add_usd(cn_fin, SOURCE), SOURCE)
    return concat_firm_data([kr, cn], SOURCE)


def _kr_medians(firms: pa.Table) -> np.ndarray:
    return np.array([_KR_MEDIAN_REVENUE.get(m, 5e10) for m in firms["listing_market"].to_pylist()])


def _china_firms(n: int, rng: np.random.Generator) -> pa.Table:
    divisions = {r["gbt_division"]: r for r in gbt4754_divisions().to_pylist()}
    picks = rng.choice(_CN_DIVISIONS, size=n)
    rows = [
        {
            "firm_id": f"CHN:SYN{i + 1:04d}",
            "country": "CHN",
            "name": f"合成示例企业{i + 1:03d}(synthetic)",
            "name_romanised": f"Synthetic Example Co. {i + 1:03d}",
            "industry_name": divisions[d]["name_zh"],
            "industry_system": "GB/T4754-2017",
            "industry_code": d,
            "isic4": divisions[d]["isic4"],
            "chain_position": divisions[d]["chain_position"],
            "products_text": _CN_PRODUCTS[d],
            "hs_codes": infer_hs_codes(_CN_PRODUCTS[d]),
            "region": str(rng.choice(_CN_REGIONS)),
            "listing_market": str(rng.choice(["SSE", "SZSE", "BSE", "unlisted"])),
            "entity_type": "company",
            "founded_year": int(rng.integers(1995, 2021)),
            "synthetic": True,
            "source": SOURCE,
        }
        for i, d in enumerate(picks)
    ]
    return pa.Table.from_pylist(rows)


def _financials(
    firms: pa.Table, years: tuple[int, ...], rng: np.random.Generator, *, currency: str, medians: np.ndarray
) -> pa.Table:
    n = firms.num_rows
    base = medians * rng.lognormal(0.0, 1.0, n)
    rd_med = np.array(
        [_RD_MEDIAN.get(tech_class_of_isic(c) or "", 0.01) if c else 0.01 for c in firms["isic4"].to_pylist()]
    )
    traits = {
        "rd": rd_med * rng.lognormal(0.0, 0.5, n),
        "asset_ratio": rng.uniform(0.6, 1.8, n),
        "debt": rng.uniform(0.15, 0.85, n),
        "main": rng.uniform(0.55, 1.0, n),
        "per_staff": (5e8 if currency == "KRW" else 1.5e6) * rng.uniform(0.5, 2.0, n),
        "holder": rng.uniform(0.1, 0.6, n),
        "corporate": rng.random(n) < 0.3,
    }
    rows = []
    for k, year in enumerate(years):
        revenue = base * np.prod(rng.normal(1.05, 0.12, (k + 1, n)), axis=0)
        rows += _year_rows(firms, year, revenue, traits, rng, currency)
    return pa.Table.from_pylist(rows)


@cache
def _group_prefixes() -> tuple[str, ...]:
    text = resources.files("coopscope.firms.data").joinpath("kr_business_groups.csv").read_text("utf-8")
    return tuple(row["prefix"] for row in csv.DictReader(io.StringIO(text)))


def _in_large_group(name: str | None) -> bool:
    """Whether a real KRX firm is an affiliate of a large business group (name-prefix heuristic)."""
    return bool(name) and str(name).startswith(_group_prefixes())


def _year_rows(
    firms: pa.Table, year: int, revenue: np.ndarray, t: dict[str, np.ndarray], rng: np.random.Generator, currency: str
) -> list[dict[str, object]]:
    assets = revenue * t["asset_ratio"]
    employees = np.maximum(np.round(revenue / t["per_staff"]), 5)
    rd = revenue * t["rd"]
    patents = rng.poisson(employees * np.minimum(t["rd"], 0.3) * 0.3)
    holder_assets = np.where(t["corporate"], 1e12 * rng.lognormal(0.0, 1.5, len(revenue)), 0.0)
    korean = currency == "KRW"
    grouped = [_in_large_group(name) for name in firms["name"].to_pylist()] if korean else [False] * len(revenue)
    if not korean:
        holder_assets = holder_assets / 190.0
    return [
        {
            "firm_id": fid,
            "fiscal_year": year,
            "currency": currency,
            "revenue": float(revenue[i]),
            "main_business_revenue": float(revenue[i] * t["main"][i]),
            "total_assets": float(assets[i]),
            "total_liabilities": float(assets[i] * t["debt"][i]),
            "rd_expense": float(rd[i]),
            "employees": float(employees[i]),
            "rd_staff_share": float(min(t["rd"][i] * 4, 0.9)),
            "equity_financing": float(revenue[i] * 0.2),
            "invention_patents": float(patents[i]),
            "utility_patents": float(patents[i] * 2),
            "in_disclosure_group": bool(assets[i] >= 5e12 or grouped[i]) if korean else None,
            "in_restricted_group": bool(assets[i] >= 1e13 or grouped[i]) if korean else None,
            "largest_holder_share": float(t["holder"][i]),
            "largest_holder_assets": float(holder_assets[i]),
            "synthetic": True,
            "source": SOURCE,
        }
        for i, fid in enumerate(firms["firm_id"].to_pylist())
    ]
