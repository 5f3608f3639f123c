"""Cross-border firm matching: rank (country A firm, country B firm) pairs per AI area, with reasons.

Score (rule set ``match``, weights and points in package data) of a pair in an area =

    w_fit·product_fit + w_comp·complementarity + w_scale·scale + w_tech·tech + w_area·area_focus

- product weight w_p = points(pair_class) × (0.5 + 0.5·log1p(value_usd)/log1p(max value_usd)),
  1 × points when the value is unknown; a firm's fit in an area = max over its linked products of
  the area of (link strength × w_p) (:mod:`coopscope.firms.products`); product_fit = mean of both.
- complementarity = points of the two chain positions (materials ↔ parts ↔ equipment ↔ final).
- scale = 0.5·mean(size points of each firm's legal class) + 0.5·revenue similarity.
- tech = mean technology-content score (:mod:`coopscope.firms.tech_score`; unknown counts 0).
- area_focus = mean share of each firm's linked products that fall in the area.
A firm is only paired with firms of the other country, never with itself.

Pairs are ranked on product evidence first, then on the score. Evidence tiers (``evidence``):
2 — a shared HS6 product that both firms state themselves (declared HS code or product keyword);
1 — a supplier→buyer chain: adjacent chain positions (materials → parts → equipment → final) and
both firms state products of the area; 0 — area fit only (industry links). Each row's reasons
name the evidence, the products, the chain and every component's number, as data (a code and
its parameters, :mod:`coopscope.i18n.reasons`) and as the matcher's English text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from coopscope.errors import OptionError, SchemaError
from coopscope.firms.refdata import load_rule_set

CHAIN = ("materials", "parts", "equipment", "final")
PRODUCT_COLUMNS = ("product", "pair_class", "value_usd", "ai_areas")
FIT_COLUMNS = [
    "firm_id",
    "area",
    "fit",
    "n_products",
    "top_products",
    "top_links",
    "products",
    "direct",
    "n_linked",
    "focus",
]
DIRECT = 1.0  # link strength of a firm's own statement (declared HS code or product keyword)


def product_weights(products: pa.Table, points: dict[str, float]) -> pd.DataFrame:
    """One row per (product, area): product, area, pair_class, mpe_class, weight (0–1).

    Input: the pair analysis product table (product, pair_class, value_usd, ai_areas; mpe_class optional).
    """
    missing = [c for c in PRODUCT_COLUMNS if c not in products.column_names]
    if missing:
        raise SchemaError(
            f"product table: missing column(s) {', '.join(missing)}.",
            "pass the pair analysis product table (product, pair_class, value_usd, ai_areas).",
        )
    df = products.to_pandas()
    if "mpe_class" not in df:
        df["mpe_class"] = None
    unknown = sorted(set(df["pair_class"]) - set(points))
    if unknown:
        raise SchemaError(
            f"product table: pair_class {', '.join(map(str, unknown[:5]))} not known.",
            f"use one of {', '.join(points)}.",
        )
    value = pd.to_numeric(df["value_usd"], errors="coerce")
    top = float(np.log1p(value.max())) if value.notna().any() and value.max() > 0 else 0.0
    factor = (0.5 + 0.5 * np.log1p(value.fillna(0)) / top) if top else pd.Series(1.0, index=df.index)
    df["weight"] = df["pair_class"].map(points) * factor.where(value.notna(), 1.0)
    df["area"] = df["ai_areas"].fillna("").str.split(";")
    df = df.explode("area")
    df = df[df["area"].str.len() > 0]
    return df[["product", "area", "pair_class", "mpe_class", "weight"]].reset_index(drop=True)


def firm_area_fit(links: pa.Table, weights: pd.DataFrame) -> pd.DataFrame:
    """Per (firm_id, area): fit, n_products, focus, top_products (text), top_links, products and direct.

    fit = max strength × weight; top_links = the three best links as (product, pair_class, link)
    tuples (top_products is their text); products and direct are frozensets of all linked
    products and of those the firm states itself.

    Input: links (LINK_SCHEMA of :func:`coopscope.firms.products.firm_product_links`), weights from
    :func:`product_weights`.
    """
    lk = links.to_pandas()
    total = lk.groupby("firm_id")["product"].nunique().rename("n_linked")
    df = lk.merge(weights, on="product")
    if df.empty:
        return pd.DataFrame(columns=FIT_COLUMNS)
    df["score"] = df["strength"] * df["weight"]
    df["direct"] = df["product"].where(df["strength"] >= DIRECT)
    df = df.sort_values(["firm_id", "area", "score", "product"], ascending=[True, True, False, True])
    label = df["product"] + " (" + df["pair_class"] + ", " + df["link"] + ")"
    triple = list(zip(df["product"], df["pair_class"], df["link"], strict=True))
    g = df.assign(label=label, triple=triple).groupby(["firm_id", "area"])
    out = g.agg(
        fit=("score", "max"),
        n_products=("product", "nunique"),
        top_products=("label", lambda s: "; ".join(s.head(3))),
        top_links=("triple", lambda s: tuple(s.head(3))),
        products=("product", lambda s: frozenset(s)),
        direct=("direct", lambda s: frozenset(s.dropna())),
    ).reset_index()
    out = out.merge(total, left_on="firm_id", right_index=True)
    out["focus"] = out["n_products"] / out["n_linked"]
    return out[FIT_COLUMNS]


def position_points(a: str | None, b: str | None, points: dict[str, float]) -> tuple[float, str]:
    """Complementarity points of two chain positions and a label such as ``parts → equipment``."""
    if a not in CHAIN or b not in CHAIN:
        return points["services"], f"{a or 'unknown'} / {b or 'unknown'} (service or unknown position)"
    if a == b:
        return points["same"], f"both {a}"
    lo, hi = sorted((a, b), key=CHAIN.index)
    return points.get(f"{lo}|{hi}", points["same"]), f"{a} ↔ {b}"


def chain_reason(a: str | None, b: str | None) -> dict[str, object]:
    """The chain positions of two firms as a reason (:mod:`coopscope.i18n.reasons`)."""
    if a not in CHAIN or b not in CHAIN:
        return {"code": "chain_unknown", "position_a": a or "unknown", "position_b": b or "unknown"}
    if a == b:
        return {"code": "chain_same", "position_a": a}
    return {"code": "chain_pair", "position_a": a, "position_b": b}


def evidence_tier(fa: pd.Series, fb: pd.Series) -> tuple[int, dict[str, object]]:
    """Evidence tier of a pair (module docstring) and its reason (:mod:`coopscope.i18n.reasons`)."""
    shared = sorted(fa["direct"] & fb["direct"])
    if shared:
        return 2, {"code": "evidence_shared", "products": shared[:5]}
    a, b = fa["chain_position"], fb["chain_position"]
    if a in CHAIN and b in CHAIN and abs(CHAIN.index(a) - CHAIN.index(b)) == 1 and fa["direct"] and fb["direct"]:
        supplier, buyer = (fa, fb) if CHAIN.index(a) < CHAIN.index(b) else (fb, fa)
        return 1, {
            "code": "evidence_chain",
            "supplier_position": supplier["chain_position"],
            "supplier": supplier["country"],
            "buyer_position": buyer["chain_position"],
            "buyer": buyer["country"],
        }
    return 0, {"code": "evidence_area"}


def check_pair(a: str, b: str) -> None:
    """Two different ISO3 codes, or an OptionError."""
    if a == b:
        raise OptionError(
            f"pair {a}–{b}: a firm is only matched with firms of another country.",
            "give two different countries, e.g. KOR CHN.",
        )


def match_rules() -> dict[str, object]:
    """The parameters of the ``match`` rule set, with its label."""
    rules = load_rule_set("match")
    return {**rules.params, "label": rules.label}
