"""Key findings in plain sentences, generated from the numbers of a pair analysis (pure)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.pair.run import PairResult
from coopscope.report.tables import balance_table


def money(value_usd: float | None) -> str:
    """USD in words a reader scans: $1.2 bn, $350 m, $12,000."""
    if value_usd is None:
        return "n/a"
    if abs(value_usd) >= 1e9:
        return f"${value_usd / 1e9:,.1f} bn"
    if abs(value_usd) >= 1e6:
        return f"${value_usd / 1e6:,.0f} m"
    return f"${value_usd:,.0f}"


def count(n: int, noun: str) -> str:
    """``1 product``, ``3 products``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def name_of(iso3: str) -> str:
    """English country name, or the code when the country table does not know it."""
    try:
        from coopscope.classify.countries import country_name

        return country_name(iso3, "en")
    except Exception:  # the name is decoration; an unknown code still reads as its code
        return iso3


def _class_rows(result: PairResult, pair_class: str, direction: str | None = None) -> pa.Table:
    t = result.products
    mask = pc.equal(t["pair_class"], pair_class)
    if direction:
        mask = pc.and_(mask, pc.equal(t["direction"], direction))
    return t.filter(mask)


def _total(t: pa.Table) -> float:
    return float(pc.sum(t["value_usd"]).as_py() or 0.0) if t.num_rows else 0.0


def short(text: str, limit: int = 70) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ;,") + "…"


def _label(row: dict[str, Any]) -> str:
    text = row.get("description") or ""
    return f"{short(text)} (HS {row['product']})" if text else f"HS {row['product']}"


def class_findings(result: PairResult) -> list[str]:
    """Sentences on shared vulnerabilities, substitution, complementarity and competition."""
    a, b, y = name_of(result.a), name_of(result.b), result.year
    shared = _class_rows(result, "shared_vulnerability")
    out = [
        f"In {y}, {a} and {b} share {count(shared.num_rows, 'vulnerable product')}, with {money(_total(shared))} "
        f"of imports from third countries (method: {result.params.method})."
    ]
    if shared.num_rows:
        top = shared.sort_by([("value_usd", "descending")]).slice(0, 1).to_pylist()[0]
        out.append(
            f"The largest shared vulnerability is {_label(top)}: {money(top['value_usd'])}, "
            f"top supplier {top['top_supplier_a']} for {a} and {top['top_supplier_b']} for {b}."
        )
    ab, ba = _class_rows(result, "substitution_a_to_b"), _class_rows(result, "substitution_b_to_a")
    out.append(
        f"{a} could replace third-country suppliers of {b} in {count(ab.num_rows, 'product')} "
        f"(up to {money(_total(ab))}); "
        f"{b} could do so for {a} in {count(ba.num_rows, 'product')} (up to {money(_total(ba))})."
    )
    c_ab, c_ba = _class_rows(result, "complementary", "a_to_b"), _class_rows(result, "complementary", "b_to_a")
    out.append(
        f"{a}'s export strength meets {b}'s import demand in {count(c_ab.num_rows, 'product')} "
        f"({money(_total(c_ab))}); "
        f"the reverse holds in {count(c_ba.num_rows, 'product')} ({money(_total(c_ba))})."
    )
    comp = _class_rows(result, "competing")
    out.append(
        f"They compete in the same third markets in {count(comp.num_rows, 'product')} "
        f"({money(_total(comp))} contested)."
    )
    return out


def balance_findings(result: PairResult) -> list[str]:
    """Sentences on the cooperation balance, overall, per AI area and over time."""
    rows = {r["group"]: r for r in balance_table(result).to_pylist()}
    out = []
    overall = rows.get("all")
    if overall:
        ratio = overall["cooperation_ratio"]
        verdict = "no product competes" if ratio is None else f"{ratio:,.1f} times the value in competing products"
        out.append(
            f"Across all products, the value in cooperative classes ({money(overall['cooperation_usd'])}) is "
            f"{verdict} ({money(overall['competing_usd'])}). Each product counts once on each side, at its largest "
            "value; the classes measure different things (see the method notes), so read the ratio as an order "
            "of magnitude."
        )
    areas = {g[3:]: r for g, r in rows.items() if g.startswith("ai:")}
    if areas:
        ahead = [k for k, r in areas.items() if r["cooperation_usd"] > r["competing_usd"]]
        out.append(
            f"In {len(ahead)} of {len(areas)} AI areas the foundation for cooperation is larger than for "
            f"competition{': ' + ', '.join(sorted(ahead)) if ahead else ''}."
        )
    return out + _trend_findings(result)


def _trend_findings(result: PairResult) -> list[str]:
    rows = [r for r in result.indicators.to_pylist() if r["group"] == "all" and r["cooperation_ratio"] is not None]
    if len(rows) < 2:
        return []
    first, last = rows[0], rows[-1]
    return [
        f"Over {first['year']}–{last['year']}, the cooperation ratio of all products moved from "
        f"{first['cooperation_ratio']:,.1f} to {last['cooperation_ratio']:,.1f}."
    ]


def indicator_findings(result: PairResult) -> list[str]:
    """Sentences on TCI, ESI, GL, TII and ECI of the report year (group ``all``)."""
    rows = [r for r in result.indicators.to_pylist() if r["group"] == "all" and r["year"] == result.year]
    if not rows:
        return []
    r, a, b = rows[0], result.a, result.b

    def num(v: float | None, fmt: str = ",.1f") -> str:
        return "n/a" if v is None else format(v, fmt)

    return [
        f"Trade complementarity {a}→{b} is {num(r['tci_a_to_b'])} and {b}→{a} {num(r['tci_b_to_a'])} (0–100); "
        f"export similarity in the world market is {num(r['esi_world'])}; intra-industry trade (Grubel–Lloyd) "
        f"{num(r['gl_bilateral'], '.2f')}; trade intensity {a}→{b} {num(r['tii_a_to_b'], '.2f')} and "
        f"{b}→{a} {num(r['tii_b_to_a'], '.2f')}; ECI {a} {num(r['eci_a'], '.2f')}, {b} {num(r['eci_b'], '.2f')}."
    ]


def key_findings(result: PairResult) -> list[str]:
    """All key findings, in reading order."""
    return [*class_findings(result), *balance_findings(result), *indicator_findings(result)]
