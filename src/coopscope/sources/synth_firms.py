"""SYNTHETIC demo firms, Korean and Chinese, drawn from the SYNTHETIC world's specialisations.

Every firm is invented: names say "Demo" in three languages (``데모소재 KR-12``,
``演示材料 CN-12``, romanised ``Demo Materials KR-12``), no stock code or registration number, every
row ``synthetic=True`` with a SYNTHETIC ``source``. The real KRX listing stays a loader for users'
own data (:mod:`coopscope.sources.krx`); the demo never pairs a real name with invented numbers.

For each country and AI area (``classify/data/ai-areas.csv``, codes valid in HS2017 and HS2022),
firms are made at each stage of the area (materials, parts, equipment). A firm's main product is
drawn with probability ∝ the country's export value of the product in the SYNTHETIC world
(:mod:`coopscope.sources.synth`), so firms sit where the country specialises; one or two more
products of the same area and stage follow. Its industry is the KSIC (Korea) or GB/T 4754 (China)
industry whose ISIC Rev.4 code is the longest prefix of the product's ISIC class.

Size and growth follow the statutes' classes: a target class is drawn (Korea: SME 55 %,
mid-sized candidate 35 %, large 10 % — an affiliate of a restricted business group, hence
excluded — against the KSIC tier's sales ceiling of ``rules/kr-sme.toml``; China: small 30 %,
medium 50 %, large 20 %, against the industrial bands of ``rules/cn-miit-2011.toml``), revenue
and staff are set inside the class's band, and mid-sized candidates grow faster (≈ 18 % a year)
than the rest (≈ 5 %). Orders of magnitude, not estimates.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyarrow as pa

from coopscope.firms.currency import add_usd
from coopscope.firms.products import infer_hs_codes
from coopscope.firms.refdata import gbt4754_divisions, ksic_industries, product_keywords
from coopscope.firms.schema import FirmData, concat_firm_data, make_firm_data

YEARS = (2020, 2021, 2022)
SOURCE = "SYNTHETIC (coopscope.sources.synth_firms)"
STAGES = {"materials": 4, "parts": 5, "equipment": 4}  # firms per country, area and stage
STAGE_NAMES = {
    "materials": ("Materials", "소재", "材料"),
    "parts": ("Parts", "부품", "零部件"),
    "equipment": ("Equipment", "장비", "装备"),
}
AREA_NAMES = {
    "ai-semiconductors": ("Chip", "반도체", "芯片"),
    "smart-mobility": ("Mobility", "모빌리티", "出行"),
    "digital-health": ("Health", "헬스", "健康"),
    "robotics": ("Robot", "로봇", "机器人"),
    "smart-city": ("City", "시티", "城市"),
}
COUNTRIES = {"KOR": ("KR", "KRW", 1), "CHN": ("CN", "CNY", 2)}
_KR_CLASSES = {"SME": (0.55, 0.05, 0.8), "mid-sized": (0.35, 1.3, 4.0), "large": (0.10, 20.0, 80.0)}
_CN_CLASSES = {
    "small": (0.30, 5e6, 1.9e7, 20, 299),
    "medium": (0.50, 3e7, 3.9e8, 300, 999),
    "large": (0.20, 5e8, 5e9, 1000, 8000),
}
KR_GROUP_MEMBER_KRW = 1.5e12  # Korean "large" draws (≥ 20 × the SME ceiling): restricted-group affiliates
_CN_REGIONS = ("广东省", "江苏省", "浙江省", "上海市", "北京市", "山东省", "安徽省", "湖北省", "四川省", "福建省")
_KR_REGIONS = ("경기도", "서울특별시", "충청남도", "경상북도", "경상남도", "인천광역시", "대전광역시", "울산광역시")


def synthetic_firms(
    seed: int = 0, *, years: tuple[int, ...] = YEARS, per_stage: dict[str, int] | None = None
) -> FirmData:
    """SYNTHETIC Korean and Chinese demo firms with yearly financials, all marked synthetic."""
    rng = np.random.default_rng(seed)
    parts = []
    for country in COUNTRIES:
        firms = _firms(country, rng, per_stage or STAGES)
        parts.append(make_firm_data(firms, add_usd(_financials(firms, years, rng), SOURCE), SOURCE))
    return concat_firm_data(parts, SOURCE)


@cache
def _area_products() -> dict[tuple[str, str], tuple[str, ...]]:
    """(area, stage) → HS6 codes valid in HS2017 and HS2022."""
    from coopscope.classify.areas import load_areas

    h17, h22 = (load_areas(revision=r).to_pylist() for r in ("HS17", "HS22"))
    both = {r["product"] for r in h17} & {r["product"] for r in h22}
    out: dict[tuple[str, str], list[str]] = {}
    for r in h22:
        if r["product"] in both:
            out.setdefault((r["area"], r["stage"]), []).append(r["product"])
    return {k: tuple(sorted(v)) for k, v in out.items()}


@cache
def _exports(country: str) -> dict[str, float]:
    """The country's export value per HS6 in the SYNTHETIC world's reference year."""
    from coopscope.sources.synth import build_world

    world = build_world("HS17", np.random.default_rng(0))
    row = world.mass[world.iso3.index(country)]
    return dict(zip(world.products, row.tolist(), strict=True))


@cache
def _isic_of() -> dict[str, str]:
    from coopscope.classify.lenses import lenses

    table = lenses("HS22").select(["product", "isic4"]).to_pylist()
    return {r["product"]: r["isic4"] or "" for r in table}


def _firms(country: str, rng: np.random.Generator, per_stage: dict[str, int]) -> pa.Table:
    tag = COUNTRIES[country][0]
    exports = _exports(country)
    rows: list[dict[str, object]] = []
    for (area, stage), codes in sorted(_area_products().items()):
        value = np.array([exports.get(c, 0.0) for c in codes]) + 1e3
        for _ in range(per_stage.get(stage, 0)):
            main = str(rng.choice(codes, p=value / value.sum()))
            others = [c for c in codes if c != main]
            extra = list(rng.choice(others, size=min(len(others), int(rng.integers(0, 3))), replace=False))
            rows.append(_firm_row(country, tag, len(rows) + 1, area, stage, [main, *map(str, extra)], rng))
    return pa.Table.from_pylist(rows)


def _firm_row(
    country: str, tag: str, k: int, area: str, stage: str, codes: list[str], rng: np.random.Generator
) -> dict[str, object]:
    (a_en, a_ko, a_zh), (s_en, s_ko, s_zh) = AREA_NAMES[area], STAGE_NAMES[stage]
    local = f"데모{a_ko}{s_ko} {tag}-{k}" if country == "KOR" else f"演示{a_zh}{s_zh} {tag}-{k}"
    industry = _industry(country, _isic_of().get(codes[0], ""))
    return {
        "firm_id": f"{country}:DEMO-{k:03d}",
        "country": country,
        "name": local,
        "name_romanised": f"Demo {a_en} {s_en} {tag}-{k}",
        "chain_position": stage,
        "products_text": _products_text(country, codes),
        "hs_codes": ";".join(codes),
        "region": str(rng.choice(_KR_REGIONS if country == "KOR" else _CN_REGIONS)),
        "listing_market": "unlisted",
        "entity_type": "company",
        "founded_year": int(rng.integers(1990, 2019)),
        "synthetic": True,
        "source": SOURCE,
        **industry,
    }


def _industry(country: str, isic: str) -> dict[str, object]:
    """Industry columns of the KSIC or GB/T 4754 industry whose ISIC code best prefixes ``isic``."""
    if country == "KOR":
        rows = [r for r in ksic_industries().to_pylist() if r["ksic_section"] == "C"]
        best = max(rows, key=lambda r: (isic.startswith(r["isic4"]) * len(r["isic4"]), r["industry_name"]))
        code = f"C{best['ksic_division']}"
        return {
            "industry_name": best["industry_name"],
            "industry_system": "KSIC10",
            "industry_code": code,
            "isic4": best["isic4"],
        }
    rows = [r for r in gbt4754_divisions().to_pylist() if r["miit_sector"] == "工业"]
    best = max(rows, key=lambda r: (isic.startswith(r["isic4"]) * len(r["isic4"]), r["gbt_division"]))
    return {
        "industry_name": best["name_zh"],
        "industry_system": "GB/T4754-2017",
        "industry_code": best["gbt_division"],
        "isic4": best["isic4"],
    }


def _products_text(country: str, codes: list[str]) -> str:
    """Main products in the firm's language: packaged keywords that name only its own HS codes, then the codes.

    A keyword is kept only when every HS prefix the whole text then implies prefixes one of ``codes``
    (so "반도체 장비" is not written for an equipment maker: it would also name chips).
    """
    korean = country == "KOR"
    words, prefixes = product_keywords()["keyword"].to_pylist(), product_keywords()["hs_prefix"].to_pylist()
    kept: list[str] = []
    for w, prefix in zip(words, prefixes, strict=True):
        if w in kept or _is_korean(w) != korean or not any(c.startswith(prefix) for c in codes):
            continue
        implied = (infer_hs_codes(", ".join([*kept, w])) or "").split(";")
        if all(any(c.startswith(i) for c in codes) for i in implied if i):
            kept.append(w)
    named = ", ".join(kept) or ("데모 제품" if korean else "演示产品")
    return f"{named} (HS {', '.join(codes)})"


def _is_korean(word: str) -> bool:
    return any("\uac00" <= ch <= "\ud7a3" for ch in word)


def _financials(firms: pa.Table, years: tuple[int, ...], rng: np.random.Generator) -> pa.Table:
    """Yearly financials inside each firm's drawn size class (module docstring)."""
    korean = firms["country"][0].as_py() == "KOR"
    n = firms.num_rows
    base, staff, growth = _kr_sizes(firms, rng) if korean else _cn_sizes(n, rng)
    rd = rng.uniform(0.01, 0.09, n)
    rows = []
    for k, year in enumerate(years):
        revenue = base * growth ** (k - len(years) + 1) * rng.lognormal(0.0, 0.03, n)
        rows += [
            _year_row(fid, year, float(revenue[i]), float(staff[i]), float(rd[i]), korean)
            for i, fid in enumerate(firms["firm_id"].to_pylist())
        ]
    return pa.Table.from_pylist(rows)


def _kr_sizes(firms: pa.Table, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Korean latest revenue (won), staff and yearly growth factor by drawn class and KSIC ceiling."""
    from coopscope.firms.refdata import load_rule_set
    from coopscope.firms.screen_kr import tier_of

    rules = load_rule_set("kr-sme")
    names = list(_KR_CLASSES)
    drawn = rng.choice(len(names), size=firms.num_rows, p=[_KR_CLASSES[c][0] for c in names])
    ceiling = np.array(
        [(tier_of(c, rules) or {}).get("sales_ceiling_krw", 1e11) for c in firms["industry_code"].to_pylist()],
        dtype=float,
    )
    lo, hi = (np.array([_KR_CLASSES[names[d]][j] for d in drawn]) for j in (1, 2))
    revenue = ceiling * np.exp(rng.uniform(np.log(lo), np.log(hi)))
    growth = np.where(
        drawn == names.index("mid-sized"), rng.uniform(1.16, 1.22, drawn.size), rng.uniform(0.98, 1.10, drawn.size)
    )
    return revenue, np.maximum(np.round(revenue / 4e8), 5), growth


def _cn_sizes(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chinese latest revenue (yuan), staff and yearly growth factor by drawn MIIT class."""
    names = list(_CN_CLASSES)
    drawn = rng.choice(len(names), size=n, p=[_CN_CLASSES[c][0] for c in names])
    band = np.array([_CN_CLASSES[names[d]][1:] for d in drawn], dtype=float)
    revenue = np.exp(rng.uniform(np.log(band[:, 0]), np.log(band[:, 1])))
    staff = np.round(rng.uniform(band[:, 2], band[:, 3]))
    return revenue, staff, rng.uniform(1.0, 1.15, n)


def _year_row(fid: str, year: int, revenue: float, staff: float, rd: float, korean: bool) -> dict[str, object]:
    assets = revenue * 1.1
    return {
        "firm_id": fid,
        "fiscal_year": year,
        "currency": "KRW" if korean else "CNY",
        "revenue": revenue,
        "main_business_revenue": revenue * 0.9,
        "total_assets": assets,
        "total_liabilities": assets * 0.45,
        "rd_expense": revenue * rd,
        "employees": staff,
        "rd_staff_share": min(rd * 4, 0.9),
        "equity_financing": revenue * 0.05,
        "invention_patents": float(round(staff * rd)),
        "utility_patents": float(round(staff * rd * 2)),
        "in_disclosure_group": (revenue >= KR_GROUP_MEMBER_KRW) if korean else None,
        "in_restricted_group": (revenue >= KR_GROUP_MEMBER_KRW) if korean else None,
        "largest_holder_share": 0.35,
        "largest_holder_assets": 0.0,
        "synthetic": True,
        "source": SOURCE,
    }
