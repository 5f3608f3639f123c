"""Charts of the brief as inline SVG, drawn from the :class:`~coopscope.evidence.Cooperation` model.

matplotlib's SVG backend draws text as paths (a font with Hangul and Han glyphs is chosen for
Korean and Chinese), so the SVG needs no font and makes no request. Every text comes from the
message catalogs.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from coopscope.evidence import Cooperation
from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS
from coopscope.i18n import N_, country_name, group_name, rule_name, translator

COLOURS = ("#1f5fa8", "#d9822b", "#5a9e4b", "#8c6bb1", "#c44e52")
FONTS = {"en": "DejaVu Sans", "ko": "Noto Sans CJK KR", "zh": "Noto Sans CJK SC"}


@cache
def _families(lang: str) -> tuple[str, ...]:
    known = {f.name for f in font_manager.fontManager.ttflist}
    # One CJK font (the language's) before DejaVu: every extra fallback font slows text layout.
    wanted = (FONTS[lang], "DejaVu Sans")
    return tuple(dict.fromkeys(f for f in wanted if f in known)) or ("sans-serif",)


def to_svg(fig: Figure, lang: str) -> str:
    """The figure as an ``<svg>`` element (no XML prolog, deterministic ids, no date)."""
    buffer = io.StringIO()
    rc: dict[str, Any] = {"svg.hashsalt": "coopscope", "svg.fonttype": "path", "font.family": list(_families(lang))}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _draw(lang: str, size: tuple[float, float], paint: Callable[[Figure], None]) -> str:
    with matplotlib.rc_context({"font.family": list(_families(lang)), "font.size": 9}):
        fig = Figure(figsize=size, layout="constrained")
        paint(fig)
        return to_svg(fig, lang)


def _bars(ax: Axes, labels: Sequence[str], series: dict[str, list[float]], *, horizontal: bool = False) -> None:
    n = max(len(series), 1)
    width = 0.8 / n
    for i, (name, values) in enumerate(series.items()):
        pos = [x - 0.4 + width * (i + 0.5) for x in range(len(labels))]
        draw = ax.barh if horizontal else ax.bar
        draw(pos, values, width, label=name, color=COLOURS[i % len(COLOURS)])
    (ax.set_yticks if horizontal else ax.set_xticks)(list(range(len(labels))), labels)


def supplier_chart(c: Cooperation, lang: str) -> str:
    """Small multiples: the group's share of each class of imports, per year, both countries side by side."""
    _ = translator(lang).gettext
    table = c.section("dependence").table("group_shares")

    def paint(fig: Figure) -> None:
        groups = (*MPE_GROUPS, "mpe:all")
        for k, group in enumerate(groups):
            ax = fig.add_subplot(1, len(groups), k + 1)
            rows = table.where(group=group).records()
            series = {country_name(x, lang): [_pct(r, x) for r in rows if r["country"] == x] for x in (c.a, c.b)}
            years = sorted({r["year"] for r in rows})
            _bars(ax, [str(y) for y in years], {k2: v for k2, v in series.items() if len(v) == len(years)})
            ax.set_title(group_name(group, lang))
            ax.set_ylim(0, 100)
            ax.yaxis.set_major_formatter(PercentFormatter())
        fig.axes[0].legend(loc="upper left", fontsize=8)
        fig.suptitle(_("Share of imports bought from the supplier group, by class and year"))

    return _draw(lang, (10, 3.2), paint)


def _pct(row: dict[str, Any], country: str) -> float:
    return 100 * (row["group_share"] or 0.0) if row["country"] == country else 0.0


def area_share_chart(c: Cooperation, lang: str) -> str:
    """Horizontal bars: the group's share of each AI area's imports, both countries, report year."""
    _ = translator(lang).gettext
    table = c.section("dependence").table("group_shares").where(year=c.year)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        share = {(r["group"], r["country"]): 100 * (r["group_share"] or 0.0) for r in table.records()}
        series = {country_name(x, lang): [share.get((g, x), 0.0) for g in AREA_GROUPS] for x in (c.a, c.b)}
        _bars(ax, [group_name(g, lang) for g in AREA_GROUPS], series, horizontal=True)
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(PercentFormatter())
        ax.set_title(_("Share of imports bought from the supplier group, by AI area"))
        ax.legend(fontsize=8)

    return _draw(lang, (8, 3.0), paint)


def agreement_chart(c: Cooperation, lang: str) -> str:
    """Heatmaps: Jaccard agreement between every pair of rules, one panel per country."""
    _ = translator(lang).gettext
    table = c.section("rules").table("agreement")

    def paint(fig: Figure) -> None:
        for k, country in enumerate((c.a, c.b)):
            ax = fig.add_subplot(1, 2, k + 1)
            values = [[_jaccard(table.where(country=country).records(), x, y) for y in c.rules] for x in c.rules]
            grid = [[v if v is not None else float("nan") for v in row] for row in values]
            ax.imshow(grid, vmin=0, vmax=1, cmap="Blues")
            names = [rule_name(r, lang) for r in c.rules]
            ax.set_xticks(range(len(names)), names, rotation=30, ha="right")
            ax.set_yticks(range(len(names)), names)
            for i, row in enumerate(values):
                for j, v in enumerate(row):
                    text = _("n/a") if v is None else f"{v:.2f}"
                    ax.text(j, i, text, ha="center", va="center", color="white" if (v or 0) > 0.6 else "black")
            ax.set_title(country_name(country, lang))
        fig.suptitle(_("Agreement between rules (Jaccard, 1 = the same products)"))

    return _draw(lang, (9, 4.0), paint)


def _jaccard(rows: Sequence[dict[str, Any]], x: str, y: str) -> float | None:
    if x == y:
        return 1.0 if any(x in (r["rule_a"], r["rule_b"]) and r["n_either"] is not None for r in rows) else None
    return next((r["jaccard"] for r in rows if {r["rule_a"], r["rule_b"]} == {x, y}), None)


def rule_count_chart(c: Cooperation, lang: str) -> str:
    """Grouped bars: dependent products under each rule, both countries, report year."""
    _ = translator(lang).gettext
    counts = c.section("rules").table("counts").where(year=c.year, group="all").records()

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        n = {(r["rule"], r["country"]): r["n_products"] or 0 for r in counts}
        series = {country_name(x, lang): [n.get((rule, x), 0) for rule in c.rules] for x in (c.a, c.b)}
        _bars(ax, [rule_name(r, lang) for r in c.rules], series)
        ax.tick_params(axis="x", labelrotation=15)
        ax.set_ylabel(_("dependent products"))
        ax.set_title(_("Dependent products under each rule, {year}").format(year=c.year))
        ax.legend(fontsize=8)

    return _draw(lang, (7, 3.0), paint)


def group_value_chart(c: Cooperation, lang: str, section: str) -> str:
    """Horizontal bars: value per class and AI area (no 'all' bar) of shared or substitution products."""
    _ = translator(lang).gettext
    table = c.section(section).table("by_group")
    groups = (*MPE_GROUPS, *AREA_GROUPS)
    directions = ("a_to_b", "b_to_a") if section == "substitution" else (None,)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        series = {}
        for d in directions:
            rows = table.where(direction=d).records() if d else table.records()
            value = {r["group"]: (r["value_usd"] or 0.0) / 1e9 for r in rows}
            series[_direction(c, d, lang)] = [value.get(g, 0.0) for g in groups]
        _bars(ax, [group_name(g, lang) for g in groups], series, horizontal=True)
        ax.set_xlabel(_("US$ billion"))
        ax.invert_yaxis()
        if section == "substitution":
            ax.legend(fontsize=8)

    return _draw(lang, (8, 3.2), paint)


def _direction(c: Cooperation, direction: str | None, lang: str) -> str:
    if direction is None:
        return translator(lang).gettext(N_("both countries"))
    sup, imp = (c.a, c.b) if direction == "a_to_b" else (c.b, c.a)
    return f"{country_name(sup, lang)} → {country_name(imp, lang)}"


def area_balance(c: Cooperation) -> list[tuple[str, float, float]]:
    """(AI area group, complementary US$, competing US$) of the report year; no 'all' row."""
    rows = {r["group"]: r for r in c.section("balance").table("indicators").where(year=c.year).records()}
    return [
        (g, rows.get(g, {}).get("complementary_usd") or 0.0, rows.get(g, {}).get("competing_usd") or 0.0)
        for g in AREA_GROUPS
    ]


def balance_chart(c: Cooperation, lang: str) -> str:
    """Paired bars per AI area (no 'all' bar): complementary trade against contested exports."""
    _ = translator(lang).gettext
    bars = area_balance(c)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        series = {_("complementary"): [b[1] / 1e9 for b in bars], _("competing"): [b[2] / 1e9 for b in bars]}
        _bars(ax, [group_name(b[0], lang) for b in bars], series, horizontal=True)
        ax.set_xlabel(_("US$ billion"))
        ax.invert_yaxis()
        ax.set_title(_("Cooperation balance per AI area, {year}").format(year=c.year))
        ax.legend(fontsize=8)

    return _draw(lang, (8, 3.0), paint)


def trend_chart(c: Cooperation, lang: str) -> str:
    """Small multiples over time: complementarity both ways, export similarity, two-way trade, regional shares."""
    _ = translator(lang).gettext
    s = c.section("balance")
    rows = s.table("indicators").where(group="all").records()
    regional = s.table("regional").records()
    a, b = country_name(c.a, lang), country_name(c.b, lang)
    panels: list[tuple[str, dict[str, list[tuple[int, float]]]]] = [
        (
            _("Complementarity (0–100)"),
            {f"{a}→{b}": _series(rows, "tci_a_to_b"), f"{b}→{a}": _series(rows, "tci_b_to_a")},
        ),
        (_("Export similarity (0–100)"), {"": _series(rows, "esi_world")}),
        (_("Two-way trade (%)"), {"": [(y, 100 * v) for y, v in _series(rows, "gl_bilateral")]}),
        (
            _("MPE imports from the region (%)"),
            {
                name: [(r["year"], 100 * (r["regional_share"] or 0)) for r in regional if r["country"] == x]
                for x, name in ((c.a, a), (c.b, b))
            },
        ),
    ]

    def paint(fig: Figure) -> None:
        for k, (title, series) in enumerate(panels):
            ax = fig.add_subplot(1, len(panels), k + 1)
            for i, (name, points) in enumerate(series.items()):
                ax.plot(
                    [p[0] for p in points], [p[1] for p in points], marker="o", color=COLOURS[i], label=name or None
                )
            ax.set_title(title, fontsize=9)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            if len(series) > 1:
                ax.legend(fontsize=7)

    return _draw(lang, (11, 2.8), paint)


def _series(rows: Sequence[dict[str, Any]], column: str) -> list[tuple[int, float]]:
    return [(r["year"], r[column]) for r in rows if r[column] is not None]


def all_charts(c: Cooperation, lang: str) -> dict[str, str]:
    """Every chart of the brief by name (with those of :mod:`coopscope.report.charts_beyond`)."""
    from coopscope.report.charts_beyond import beyond_charts

    return beyond_charts(c, lang) | {
        "suppliers": supplier_chart(c, lang),
        "areas": area_share_chart(c, lang),
        "agreement": agreement_chart(c, lang),
        "rule_counts": rule_count_chart(c, lang),
        "shared": group_value_chart(c, lang, "shared"),
        "substitution": group_value_chart(c, lang, "substitution"),
        "balance": balance_chart(c, lang),
        "trends": trend_chart(c, lang),
    }
