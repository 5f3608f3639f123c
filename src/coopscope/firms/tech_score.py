"""Technology content of a firm: OECD class of its industry, plus a 0–1 technology-content score.

Score (rule set ``tech-score``, weights in package data) =

    ( w_ind · points(OECD class of the firm's ISIC Rev.4 industry)       high 1, medium-high 0.75, medium 0.5,
                                                                         medium-low 0.25, low 0
    + w_rd  · min(R&D expense / revenue ÷ 10 %, 1)
    + w_pat · min(invention patents per 100 employees ÷ 5, 1) )  ÷  (sum of the weights of known components)

A component whose data is missing is left out and the weights of the others are rescaled; the
``tech_reason`` says which components were used. No component known → score null, with the reason.
Industry class: Galindo-Rueda & Verger (2016), OECD STI WP 2016/04 (METHODS.md §4.4), through
:func:`coopscope.classify.tech.tech_class_of_isic`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coopscope.classify.tech import tech_class_of_isic
from coopscope.firms.refdata import load_rule_set


@dataclass(frozen=True)
class TechResult:
    """OECD class of the industry (or None), score in [0, 1] (or None) and the reason."""

    tech_class: str | None
    score: float | None
    reason: str


def _components(isic4: str | None, last: dict[str, Any], p: dict[str, Any]) -> list[tuple[str, float, float]]:
    parts = []
    cls = tech_class_of_isic(isic4) if isic4 else None
    if cls is not None:
        parts.append((f"industry {isic4} {cls}", p["industry_points"][cls], p["weight_industry"]))
    rd, rev = last.get("rd_expense"), last.get("revenue")
    if rd is not None and rev:
        parts.append((f"R&D/revenue {rd / rev:.1%}", min(rd / rev / p["rd_intensity_full"], 1.0), p["weight_rd"]))
    pat, emp = last.get("invention_patents"), last.get("employees")
    if pat is not None and emp:
        per100 = 100 * pat / emp
        full = p["patents_per_100_employees_full"]
        parts.append((f"{per100:.2f} invention patents/100 staff", min(per100 / full, 1.0), p["weight_patents"]))
    return parts


def tech_content(isic4: str | None, last: dict[str, Any]) -> TechResult:
    """Technology class and score of a firm from its ISIC code and latest financial row."""
    rules = load_rule_set("tech-score")
    cls = tech_class_of_isic(isic4) if isic4 else None
    parts = _components(isic4, last, rules.params)
    if not parts:
        industry = f"ISIC {isic4} has no OECD R&D-intensity class" if isic4 else "missing industry (ISIC)"
        return TechResult(cls, None, f"cannot score: {industry}; missing R&D/revenue and patents/employees")
    weight = sum(w for _, _, w in parts)
    score = sum(v * w for _, v, w in parts) / weight
    used = "; ".join(f"{label} → {value:.2f}×{w:g}" for label, value, w in parts)
    return TechResult(cls, round(score, 4), f"{rules.label}: {used}; weights rescaled by {weight:g}")
