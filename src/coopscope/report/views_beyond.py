"""The views of sections 3a (robustness), 3b (what-if) and 5a (opportunities), cut from the model (pure)."""

from __future__ import annotations

from collections.abc import Callable

from coopscope.evidence import Cooperation
from coopscope.i18n import N_
from coopscope.report.views import TOP_ROWS, View, _pivot, _view

TOP_PER_COUNTRY = 8


def robustness_views(c: Cooperation) -> list[View]:
    """Section 3a: the headline count's range per threshold family, and each headline product's share."""
    s = c.section("robustness")
    if not s.tables:
        return []
    return [
        _view(
            N_("How the number of shared vulnerabilities moves with the thresholds"),
            ("varied", "n_settings", "n_min", "n_default", "n_max"),
            s.table("by_threshold").records(),
        ),
        _view(
            N_("Headline shared vulnerabilities: share of threshold settings under which each holds"),
            ("product", "mpe_class", "value_usd", "n_held", "n_settings", "share", "label"),
            s.table("products").records(),
            TOP_ROWS,
        ),
    ]


def whatif_views(c: Cooperation) -> list[View]:
    """Section 3b: exposure per class and AI area, the largest net exposures, the products exposed in both."""
    s = c.section("whatif")
    if not s.tables:
        return []
    totals = s.table("totals")
    rows = _pivot(totals, ("group",), c.a, c.b, ("exposed_usd", "net_exposed_usd", "net_share_of_imports"))
    products = s.table("products").records()
    largest = [r for x in (c.a, c.b) for r in [p for p in products if p["country"] == x][:TOP_PER_COUNTRY]]
    return [
        _view(
            N_("Exposure to the supplier's loss, by class and AI area"),
            (
                "group",
                "exposed_usd_a",
                "net_exposed_usd_a",
                "net_share_of_imports_a",
                "exposed_usd_b",
                "net_exposed_usd_b",
                "net_share_of_imports_b",
            ),
            rows,
        ),
        _view(
            N_("Largest net exposures"),
            ("country", "product", "mpe_class", "exposed_usd", "exposed_share", "net_exposed_usd", "first_alternative"),
            largest,
        ),
        _view(
            N_("Products exposed in both countries"),
            ("product", "mpe_class", "exposed_usd_a", "exposed_usd_b", "joint_net_exposed_usd", "extra_shortfall_usd"),
            s.table("shared").records(),
            TOP_ROWS,
        ),
    ]


def opportunities_views(c: Cooperation) -> list[View]:
    """Section 5a: candidates per AI area, the best three of each, the presets' weights."""
    s = c.section("opportunities")
    if not s.tables:
        return []
    best = [r for r in s.table("candidates").records() if (r["rank"] or 99) <= 3]
    return [
        _view(
            N_("Products to grow into, per AI area"),
            ("country", "area", "n_candidates", "n_partner_leads", "n_joint", "best_product"),
            s.table("by_area").records(),
        ),
        _view(
            N_("Best candidates per AI area"),
            (
                "country",
                "area",
                "rank",
                "product",
                "density_index",
                "pci_index",
                "cog_index",
                "weighted_score_index",
                "mark",
            ),
            best,
        ),
        _view(
            N_("Strategy presets and their weights"),
            ("preset", "weight_density_index", "weight_pci_index", "weight_cog_index", "used"),
            s.table("presets").records(),
        ),
    ]


BEYOND_VIEWS: dict[str, Callable[[Cooperation], list[View]]] = {
    "robustness": robustness_views,
    "whatif": whatif_views,
    "opportunities": opportunities_views,
}
