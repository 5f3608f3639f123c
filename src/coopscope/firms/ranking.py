"""Ranking of cross-border firm pairs per AI area (the scoring is documented in :mod:`coopscope.firms.match`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from coopscope.errors import OptionError
from coopscope.firms.match import (
    chain_reason,
    check_pair,
    evidence_tier,
    firm_area_fit,
    match_rules,
    position_points,
    product_weights,
)
from coopscope.i18n.reasons import format_reasons, reasons_to_json

MATCH_SCHEMA = pa.schema(
    [
        ("area", pa.string()),
        ("rank", pa.int64()),
        ("firm_a", pa.string()),
        ("name_a", pa.string()),
        ("firm_b", pa.string()),
        ("name_b", pa.string()),
        ("score", pa.float64()),
        ("evidence", pa.int64()),
        ("product_fit", pa.float64()),
        ("complementarity", pa.float64()),
        ("scale", pa.float64()),
        ("tech", pa.float64()),
        ("area_focus", pa.float64()),
        ("shared_products", pa.string()),
        ("products_a", pa.string()),
        ("products_b", pa.string()),
        ("chain", pa.string()),
        ("size_a", pa.string()),
        ("size_b", pa.string()),
        ("revenue_usd_a", pa.float64()),
        ("revenue_usd_b", pa.float64()),
        ("tech_score_a", pa.float64()),
        ("tech_score_b", pa.float64()),
        ("reasons", pa.string()),
        ("rule", pa.string()),
        ("synthetic", pa.bool_()),
        ("reason_items", pa.string()),
    ]
)
_FIRM_COLS = ["country", "name", "chain_position", "size_class", "revenue_usd", "tech_score", "synthetic"]


def rank_pairs(
    screened: pa.Table,
    links: pa.Table,
    products: pa.Table,
    a: str,
    b: str,
    *,
    area: str | None = None,
    top: int = 50,
    max_per_firm: int = 2,
) -> pa.Table:
    """Top ``top`` pairs (firm of ``a``, firm of ``b``) per AI area (or in ``area`` only).

    Ranked by product evidence tier, then score (:mod:`coopscope.firms.match`). A firm appears in at
    most ``max_per_firm`` pairs of an area, so that the list shows many partners.
    Input: screened (SCREEN_SCHEMA of :func:`coopscope.firms.screen.screen`), links (firm → product,
    :func:`coopscope.firms.products.firm_product_links`), products (pair table: product, pair_class,
    value_usd, ai_areas[, mpe_class]). Output: MATCH_SCHEMA sorted by area, rank.
    """
    check_pair(a, b)
    p = match_rules()
    weights = product_weights(products, p["pair_class_points"])  # type: ignore[arg-type]
    areas = sorted(set(weights["area"]))
    if area is not None and area not in areas:
        raise OptionError(f"--area: '{area}' is not an area of the product table.", f"use one of {', '.join(areas)}.")
    fit = firm_area_fit(links, weights).join(screened.to_pandas().set_index("firm_id")[_FIRM_COLS], on="firm_id")
    parts = [
        _rank_area(
            fit[(fit["area"] == ar) & (fit["country"] == a)].reset_index(drop=True),
            fit[(fit["area"] == ar) & (fit["country"] == b)].reset_index(drop=True),
            ar,
            p,
            top,
            max_per_firm,
        )
        for ar in ([area] if area else areas)
    ]
    rows = [r for part in parts for r in part]
    return pa.Table.from_pylist(rows, schema=MATCH_SCHEMA)


def _size_points(df: pd.DataFrame, p: dict[str, Any]) -> np.ndarray:
    table = p["size_points"]
    return np.array(
        [
            table.get(c, {}).get(s, table.get(c, {}).get("cannot decide", 0.3))
            for c, s in zip(df["country"], df["size_class"], strict=True)
        ],
        dtype=float,
    )


def _components(A: pd.DataFrame, B: pd.DataFrame, p: dict[str, Any]) -> dict[str, np.ndarray]:
    comp = _complementarity(A["chain_position"], B["chain_position"], p["position_points"])
    la = np.log10(A["revenue_usd"].astype(float).where(A["revenue_usd"] > 0).to_numpy())
    lb = np.log10(B["revenue_usd"].astype(float).where(B["revenue_usd"] > 0).to_numpy())
    sim = np.nan_to_num(np.clip(1 - np.abs(la[:, None] - lb[None, :]) / 2, 0, 1), nan=0.0)
    size = (_size_points(A, p)[:, None] + _size_points(B, p)[None, :]) / 2
    ta, tb = A["tech_score"].astype(float).fillna(0).to_numpy(), B["tech_score"].astype(float).fillna(0).to_numpy()
    return {
        "product_fit": (A["fit"].to_numpy()[:, None] + B["fit"].to_numpy()[None, :]) / 2,
        "complementarity": comp,
        "scale": 0.5 * size + 0.5 * sim,
        "tech": (ta[:, None] + tb[None, :]) / 2,
        "area_focus": (A["focus"].to_numpy()[:, None] + B["focus"].to_numpy()[None, :]) / 2,
    }


def _complementarity(a: pd.Series, b: pd.Series, points: dict[str, float]) -> np.ndarray:
    """position_points of every (a, b) pair, computed once per pair of distinct positions."""
    codes, positions = pd.factorize(pd.concat([a, b], ignore_index=True), use_na_sentinel=False)
    table = np.array([[position_points(x, y, points)[0] for y in positions] for x in positions], dtype=float)
    return table[codes[: len(a), None], codes[None, len(a) :]]


def _rank_area(
    A: pd.DataFrame, B: pd.DataFrame, area: str, p: dict[str, Any], top: int, max_per_firm: int
) -> list[dict[str, Any]]:
    if A.empty or B.empty:
        return []
    comps = _components(A, B, p)
    score = sum(p[f"weight_{k}"] * v for k, v in comps.items())
    tiers = [[evidence_tier(A.iloc[i], B.iloc[j]) for j in range(len(B))] for i in range(len(A))]
    tier = np.array([[t[0] for t in row] for row in tiers])
    ia, ib = np.meshgrid(np.arange(len(A)), np.arange(len(B)), indexing="ij")
    keys = (B["firm_id"].to_numpy()[ib].ravel(), A["firm_id"].to_numpy()[ia].ravel(), -score.ravel(), -tier.ravel())
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for flat in np.lexsort(keys):
        i, j = divmod(int(flat), len(B))
        ids = (str(A["firm_id"].iat[i]), str(B["firm_id"].iat[j]))
        if any(seen.get(f, 0) >= max_per_firm for f in ids):
            continue
        for f in ids:
            seen[f] = seen.get(f, 0) + 1
        values = {k: round(float(v[i, j]), 4) for k, v in comps.items()}
        row = _row(A.iloc[i], B.iloc[j], area, len(out) + 1, round(float(score[i, j]), 4), values, p)
        items = [tiers[i][j][1], *row.pop("items")]
        out.append(
            {**row, "evidence": tiers[i][j][0], "reasons": format_reasons(items, plain=True)}
            | {"reason_items": reasons_to_json(items)}
        )
        if len(out) == top:
            break
    return out


def _row(
    fa: pd.Series, fb: pd.Series, area: str, rank: int, score: float, v: dict[str, float], p: dict[str, Any]
) -> dict[str, Any]:
    shared = sorted(fa["products"] & fb["products"])
    chain = position_points(fa["chain_position"], fb["chain_position"], p["position_points"])[1]
    ra, rb = _num(fa["revenue_usd"]), _num(fb["revenue_usd"])
    return {
        "area": area,
        "rank": rank,
        "firm_a": fa["firm_id"],
        "name_a": fa["name"],
        "firm_b": fb["firm_id"],
        "name_b": fb["name"],
        "score": score,
        **v,
        "shared_products": ";".join(shared),
        "products_a": fa["top_products"],
        "products_b": fb["top_products"],
        "chain": chain,
        "size_a": fa["size_class"],
        "size_b": fb["size_class"],
        "revenue_usd_a": ra,
        "revenue_usd_b": rb,
        "tech_score_a": _num(fa["tech_score"]),
        "tech_score_b": _num(fb["tech_score"]),
        "items": _reasons(fa, fb, shared, ra, rb),
        "rule": p["label"],
        "synthetic": bool(fa["synthetic"]) or bool(fb["synthetic"]),
    }


def _reasons(
    fa: pd.Series, fb: pd.Series, shared: list[str], ra: float | None, rb: float | None
) -> list[dict[str, Any]]:
    """The reasons after the evidence: each firm's links, shared products, chain, size, tech, focus."""
    pair = {"a": fa["country"], "b": fb["country"]}
    links = [{"code": "links", "firm": f["name"], "links": [list(x) for x in f["top_links"]], **pair} for f in (fa, fb)]
    return [
        *links,
        *([{"code": "shared", "products": shared[:5]}] if shared else []),
        chain_reason(fa["chain_position"], fb["chain_position"]),
        {
            "code": "size",
            "size_a": fa["size_class"],
            "size_b": fb["size_class"],
            "revenue_a_usd": ra,
            "revenue_b_usd": rb,
        },
        {"code": "tech", "tech_a": _num(fa["tech_score"]) or 0.0, "tech_b": _num(fb["tech_score"]) or 0.0},
        {"code": "focus", "focus_a": float(fa["focus"]), "focus_b": float(fb["focus"])},
    ]


def _num(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)
