"""Section 3a: how robust the headline shared vulnerabilities are to the thresholds (METHODS.md §B4).

The shared vulnerabilities of section 3 (:func:`coopscope.evidence.shared.shared_rows`) are
recomputed under a one-at-a-time grid: the defaults; the group-share threshold scaled by each
factor; and every setting of each rule's own grid (its thresholds scaled by every combination of
the factors, :func:`coopscope.indicators.sensitivity.threshold_grid`) with the other rules at their
defaults. Per headline product (materials, parts and equipment at the defaults): the settings, how
many of them keep it, the share and a label (``robust`` ≥ 80 %, ``fragile`` > 0, ``never``).

Tables: ``products`` (product, description, mpe_class, ai_areas, value_usd, basis, n_settings,
n_held, share, label), ``grid`` (setting, varied, setting_label, n_products, value_usd, n_all:
materials, parts and equipment products, their value, and all products, under each setting) and
``by_threshold`` (varied, n_settings, n_min, n_default, n_max).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from coopscope.evidence.common import MPE, Row, flagged, rows_of
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table
from coopscope.indicators.sensitivity import ROBUST_SHARE, scaled
from coopscope.pair.params import PairParams

PRODUCT_COLUMNS = ("product", "description", "mpe_class", "ai_areas", "value_usd", "basis", "n_settings", "n_held",
                   "share", "label")  # fmt: skip
GRID_COLUMNS = ("setting", "varied", "setting_label", "n_products", "value_usd", "n_all")
SUMMARY_COLUMNS = ("varied", "n_settings", "n_min", "n_default", "n_max")
Setting = tuple[str, str, float, str | None, int | None]  # varied, label, group_share_min, rule, rule setting


def _latest(inputs: Inputs) -> dict[str, dict[str, Row]]:
    out: dict[str, dict[str, Row]] = {inputs.a: {}, inputs.b: {}}
    for r in rows_of(inputs.dependence):
        if r["year"] == inputs.year and r["importer"] in out:
            out[r["importer"]][r["product"]] = r
    return out


def settings_of(inputs: Inputs, rules: Sequence[str], group_share_min: float) -> list[Setting]:
    """The one-at-a-time grid: the defaults, the group share scaled, then each rule's settings."""
    assert inputs.beyond is not None
    out: list[Setting] = [("default", "default", group_share_min, None, None)]
    for f in sorted(f for f in inputs.beyond.factors if f != 1.0):
        value = scaled(group_share_min, f, share=True)
        out.append(("group_share_min", f"group_share_min={value:g}", value, None, None))
    labels = {(r["rule"], r["setting"]): r["setting_label"] for r in rows_of(inputs.beyond.settings)}
    for rule in rules:
        for (r, k), label in sorted(labels.items(), key=lambda x: x[0][1]):
            if r == rule and k != 0:
                out.append((rule, f"{rule}: {label}", group_share_min, rule, k))
    return out


def _shared(ra: Row, rb: Row, rules: Sequence[str], flags: dict[Any, bool], s: Setting, pair: tuple[str, str]) -> bool:
    """Whether a product is a shared vulnerability under setting ``s`` (the rule of section 3)."""
    _, _, share_min, varied_rule, k = s

    def held(row: Row, rule: str) -> bool:
        if rule == varied_rule:
            return flags.get((rule, k, row["importer"], row["product"]), False)
        return flagged(row, rule)

    if (ra["group_share"] or 0) > share_min and (rb["group_share"] or 0) > share_min:
        return True
    top = ra["top_supplier"]
    if top is None or top != rb["top_supplier"] or top in pair:
        return False
    return any(held(ra, rule) and held(rb, rule) for rule in rules)


def _evaluate(inputs: Inputs, rules: Sequence[str], grid: list[Setting]) -> Iterator[tuple[int, str, Row]]:
    """(setting index, product, a's row) for every product that is shared under each setting."""
    assert inputs.beyond is not None
    latest = _latest(inputs)
    flags = {(r["rule"], r["setting"], r["importer"], r["product"]): bool(r["holds"])
             for r in rows_of(inputs.beyond.settings)}  # fmt: skip
    for product in sorted(set(latest[inputs.a]) & set(latest[inputs.b])):
        ra, rb = latest[inputs.a][product], latest[inputs.b][product]
        for i, s in enumerate(grid):
            if _shared(ra, rb, rules, flags, s, (inputs.a, inputs.b)):
                yield i, product, ra | {"value_usd": (ra["import_value_usd"] or 0) + (rb["import_value_usd"] or 0)}


def robustness_tables(inputs: Inputs, rules: Sequence[str], headline: Sequence[Row], params: PairParams) -> dict:
    """The ``products``, ``grid`` and ``by_threshold`` tables (module docstring)."""
    grid = settings_of(inputs, rules, params.group_share_min)
    held: dict[str, int] = defaultdict(int)
    counts = [{"n_products": 0, "value_usd": 0.0, "n_all": 0} for _ in grid]
    for i, product, row in _evaluate(inputs, rules, grid):
        held[product] += 1
        counts[i]["n_all"] += 1
        if row.get("mpe_class") in MPE:
            counts[i]["n_products"] += 1
            counts[i]["value_usd"] += row["value_usd"]
    products = [_product(r, held[r["product"]], len(grid)) for r in headline]
    rows = [{"setting": i, "varied": s[0], "setting_label": s[1], **counts[i]} for i, s in enumerate(grid)]
    return {"products": products, "grid": rows, "by_threshold": _summary(rows)}


def _product(row: Row, n_held: int, n_settings: int) -> Row:
    share = n_held / n_settings
    label = "robust" if share >= ROBUST_SHARE else "fragile" if share > 0 else "never"
    keep = ("product", "description", "mpe_class", "ai_areas", "value_usd", "basis")
    return {**{k: row.get(k) for k in keep}, "n_settings": n_settings, "n_held": n_held, "share": share, "label": label}


def _summary(grid: Sequence[Row]) -> list[Row]:
    default = grid[0]["n_products"]
    out = []
    for varied in dict.fromkeys(r["varied"] for r in grid):
        n = [r["n_products"] for r in grid if r["varied"] in (varied, "default")]
        count = sum(1 for r in grid if r["varied"] == varied)
        out.append({"varied": varied, "n_settings": count, "n_min": min(n), "n_default": default, "n_max": max(n)})
    return out


def robustness_section(inputs: Inputs, rules: Sequence[str], shared: Section, params: PairParams) -> Section:
    """Section 3a (module docstring), from the shared vulnerabilities of section 3."""
    if inputs.beyond is None:
        return Section("robustness", Statement("The robustness of the shared vulnerabilities was not computed."))
    headline_rows = [r for r in shared.table("products").records() if r["mpe_class"] in MPE]
    tables = robustness_tables(inputs, rules, headline_rows, params)
    grid, products = tables["grid"], tables["products"]
    n = [r["n_products"] for r in grid]
    robust = sum(1 for r in products if r["label"] == "robust")
    args = {"a": inputs.a, "b": inputs.b, "n_settings": len(grid), "n_min": min(n), "n_max": max(n),
            "n_default": n[0], "n_robust": robust, "robust_share": ROBUST_SHARE}  # fmt: skip
    headline = Statement(
        "Over {n_settings} threshold settings {a} and {b} share between {n_min} and {n_max} vulnerable materials, "
        "parts and equipment products ({n_default} at the defaults); {n_robust} of the {n_default} hold under at "
        "least {robust_share} of the settings.",
        args,
    )
    if min(n) == max(n):
        headline = Statement(
            "Over {n_settings} threshold settings the number of vulnerable materials, parts and equipment products "
            "{a} and {b} share stays at {n_default}; {n_robust} of them hold under at least {robust_share} of the "
            "settings.",
            args,
        )
    statements = [_threshold_statement(r) for r in tables["by_threshold"] if r["varied"] != "default"]
    if products:
        top = products[0]
        args = {k: top[k] for k in ("product", "n_held", "n_settings", "share")}
        statements.insert(
            0, Statement("The largest, {product}, holds under {n_held} of {n_settings} settings ({share}).", args)
        )
    note = Statement(
        "One threshold family is varied at a time: the group share ({group_share_min}) and each rule's thresholds "
        "(every combination of ×{factors}), the others at their defaults; robust means at least {robust_share} of "
        "the settings.",
        {"group_share_min": params.group_share_min, "factors": " / ".join(f"{f:g}" for f in inputs.beyond.factors),
         "robust_share": ROBUST_SHARE},
    )  # fmt: skip
    out = {
        "products": Table.from_records(PRODUCT_COLUMNS, products),
        "grid": Table.from_records(GRID_COLUMNS, grid),
        "by_threshold": Table.from_records(SUMMARY_COLUMNS, tables["by_threshold"]),
    }
    return Section("robustness", headline, tuple(statements), (note,), out)


def _threshold_statement(row: Row) -> Statement:
    counts = {"rule": row["varied"], "n_min": row["n_min"], "n_max": row["n_max"]}
    if row["varied"] == "group_share_min":
        if row["n_min"] == row["n_max"]:
            return Statement("Varying the group share threshold: always {n_min} shared products.", counts)
        return Statement("Varying the group share threshold: from {n_min} to {n_max} shared products.", counts)
    if row["n_min"] == row["n_max"]:
        return Statement("Varying the thresholds of {rule}: always {n_min} shared products.", counts)
    return Statement("Varying the thresholds of {rule}: from {n_min} to {n_max} shared products.", counts)
