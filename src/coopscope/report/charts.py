"""Charts of the HTML brief as inline SVG strings.

matplotlib's SVG backend draws text as paths, so the SVG needs no font and no network.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib
import pyarrow.compute as pc
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from coopscope.pair.run import PairResult
from coopscope.report.tables import balance_table, top_shared, top_suppliers

COLOURS = ("#1f5fa8", "#d9822b", "#5a9e4b", "#8c6bb1")


def to_svg(fig: Figure) -> str:
    """The figure as an ``<svg>`` element (no XML prolog, deterministic ids, no date)."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "coopscope", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _empty(fig: Figure, message: str) -> str:
    fig.text(0.5, 0.5, message, ha="center", va="center", color="#666666")
    return to_svg(fig)


def supplier_chart(result: PairResult) -> str:
    """Horizontal bars: the largest suppliers' shares of each partner's imports."""
    fig = Figure(figsize=(8, 3.2))
    for i, country in enumerate((result.a, result.b)):
        ax = fig.add_subplot(1, 2, i + 1)
        rows = top_suppliers(result, country).to_pylist()[::-1]
        ax.barh([r["supplier"] for r in rows], [100 * r["share"] for r in rows], color=COLOURS[i])
        ax.set_title(f"Suppliers of {country}, {result.year}")
        ax.set_xlabel("share of imports, %")
    fig.tight_layout()
    return to_svg(fig)


def dependence_chart(result: PairResult) -> str:
    """Lines: dependent products of each partner per year."""
    fig = Figure(figsize=(8, 3))
    ax = fig.add_subplot(1, 1, 1)
    trend = result.dependence_trend
    if trend.num_rows == 0:
        return _empty(fig, "No dependent products under this method.")
    for i, country in enumerate((result.a, result.b)):
        rows = trend.filter(pc.equal(trend["importer"], country)).to_pylist()
        ax.plot([r["year"] for r in rows], [r["n_products"] for r in rows], marker="o", color=COLOURS[i], label=country)
    ax.set_ylabel(f"dependent HS6 products ({result.params.method})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend()
    return to_svg(fig)


def balance_chart(result: PairResult) -> str:
    """Paired bars per AI area: value in cooperative classes against value in competing products."""
    fig = Figure(figsize=(8, 3.6))
    ax = fig.add_subplot(1, 1, 1)
    rows = [r for r in balance_table(result).to_pylist() if r["group"] != "all"]
    if not rows:
        return _empty(fig, "No AI-area lenses for these products.")
    labels = [r["group"].removeprefix("ai:") for r in rows]
    xs = range(len(rows))
    ax.bar(
        [x - 0.2 for x in xs], [r["cooperation_usd"] / 1e9 for r in rows], 0.4, label="cooperation", color=COLOURS[2]
    )
    ax.bar([x + 0.2 for x in xs], [r["competing_usd"] / 1e9 for r in rows], 0.4, label="competition", color=COLOURS[1])
    ax.set_xticks(list(xs), labels, rotation=30, ha="right")
    ax.set_ylabel("USD bn")
    ax.set_title(f"Cooperation balance per AI area, {result.year}")
    ax.legend()
    return to_svg(fig)


def shared_chart(result: PairResult) -> str:
    """Horizontal bars: the largest shared vulnerabilities."""
    fig = Figure(figsize=(8, 3.6))
    rows: list[dict[str, Any]] = top_shared(result).to_pylist()[::-1]
    if not rows:
        return _empty(fig, "No shared vulnerabilities under this method and year.")
    ax = fig.add_subplot(1, 1, 1)
    ax.barh(
        [f"{r['product']} {str(r.get('description') or '')[:30]}" for r in rows],
        [float(r["value_usd"]) / 1e9 for r in rows],
        color=COLOURS[0],
    )  # type: ignore[arg-type]
    ax.set_xlabel("imports of both from third countries, USD bn")
    ax.set_title("Largest shared vulnerabilities")
    return to_svg(fig)


def all_charts(result: PairResult) -> dict[str, str]:
    """Every chart of the brief by name: suppliers, dependence, balance, shared."""
    return {
        "suppliers": supplier_chart(result),
        "dependence": dependence_chart(result),
        "balance": balance_chart(result),
        "shared": shared_chart(result),
    }
