"""Charts of sections 3a (robustness), 3b (what-if) and 5a (opportunities) as inline SVG (see charts.py)."""

from __future__ import annotations

from matplotlib.figure import Figure

from coopscope.evidence import Cooperation
from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS
from coopscope.i18n import area_name, country_name, group_name, rule_name, translator
from coopscope.report.charts import _bars, _draw
from coopscope.report.labels import VALUE_TEXTS


def robustness_chart(c: Cooperation, lang: str) -> str:
    """Grouped bars per threshold family: fewest, default and most shared MPE products over its settings."""
    _ = translator(lang).gettext
    rows = [r for r in c.section("robustness").table("by_threshold").records() if r["varied"] != "default"]

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        names = [_(VALUE_TEXTS[r["varied"]]) if r["varied"] in VALUE_TEXTS else rule_name(r["varied"], lang)
                 for r in rows]  # fmt: skip
        series = {_("fewest"): [r["n_min"] for r in rows], _("at the defaults"): [r["n_default"] for r in rows],
                  _("most"): [r["n_max"] for r in rows]}  # fmt: skip
        _bars(ax, names, series)
        ax.set_ylabel(_("shared vulnerable products"))
        ax.set_title(_("Shared vulnerabilities over each threshold grid, {year}").format(year=c.year))
        ax.legend(fontsize=8)

    return _draw(lang, (8, 3.0), paint)


def whatif_chart(c: Cooperation, lang: str) -> str:
    """Horizontal bars per class and AI area: each partner's exposure, before and after cover (US$ billion)."""
    _ = translator(lang).gettext
    totals = c.section("whatif").table("totals").records()
    groups = ("mpe:all", *MPE_GROUPS, *AREA_GROUPS)

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        value = {(r["country"], r["group"], k): (r[k] or 0.0) / 1e9 for r in totals
                 for k in ("exposed_usd", "net_exposed_usd")}  # fmt: skip
        series = {}
        exposed, after = _("exposed"), _("after cover")
        for x in (c.a, c.b):
            name = country_name(x, lang)
            series[f"{name}: {exposed}"] = [value.get((x, g, "exposed_usd"), 0.0) for g in groups]
            series[f"{name}: {after}"] = [value.get((x, g, "net_exposed_usd"), 0.0) for g in groups]
        _bars(ax, [group_name(g, lang) for g in groups], series, horizontal=True)
        ax.set_xlabel(_("US$ billion"))
        ax.invert_yaxis()
        ax.legend(fontsize=7)

    return _draw(lang, (8, 3.6), paint)


def opportunities_chart(c: Cooperation, lang: str) -> str:
    """Grouped bars per AI area: each partner's candidates where the partner leads or both are close."""
    _ = translator(lang).gettext
    rows = c.section("opportunities").table("by_area").records()
    areas = sorted({r["area"] for r in rows})

    def paint(fig: Figure) -> None:
        ax = fig.add_subplot(1, 1, 1)
        n = {(r["country"], r["area"]): (r["n_partner_leads"] or 0) + (r["n_joint"] or 0) for r in rows}
        series = {country_name(x, lang): [n.get((x, a), 0) for a in areas] for x in (c.a, c.b)}
        _bars(ax, [area_name(a, lang) for a in areas], series, horizontal=True)
        ax.set_xlabel(_("candidates where the partner leads or both are close"))
        ax.invert_yaxis()
        ax.legend(fontsize=8)

    return _draw(lang, (8, 3.0), paint)


def beyond_charts(c: Cooperation, lang: str) -> dict[str, str]:
    """The charts of sections 3a, 3b and 5a by name (those with rows)."""
    out = {}
    for name, draw in (("robustness", robustness_chart), ("whatif", whatif_chart),
                       ("opportunities", opportunities_chart)):  # fmt: skip
        if c.section(name).tables:
            out[name] = draw(c, lang)
    return out
