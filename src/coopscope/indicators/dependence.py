"""Supply-chain dependence of every importer on its suppliers, per HS6 product and year.

Implements the indicators of METHODS.md §3.2 (shares, HHI) and the named methods of §1–§2:
``eu2021`` (EC SWD(2021) 352), ``geodep`` (CEPII GeoDep), ``kita`` (KITA/MOTIE bands) and ``kiet``
(KIET watch/vulnerable items). Everything is a lazy Ibis expression that runs on DuckDB and PySpark.

Input: a canonical trade table (:mod:`coopscope.schema`), unique on (year, exporter, importer,
product, hs_revision). Flows of value 0 and flows from a country to itself (BACI's few
re-imports) are ignored. Blocs (e.g. EU27) are importers whose intra-bloc flows count in
``total_import_value_usd`` only (METHODS.md §1.5).

Output of :func:`build_dependence` — one row per (year, importer, product, hs_revision), columns
in this order (the pair analysis joins on them; the names are stable):

=========================  =======  ===========================================================
year, importer, product    key      importer is an ISO3 country or a bloc name (e.g. EU27)
import_value_usd           float    foreign imports (a bloc's extra-bloc imports), USD
n_suppliers                int      supplier countries with a positive value
top_supplier(_share)       str/f    largest supplier and its share (CR1); ties by code
hhi                        float    Σ s² of foreign supplier shares, 0–1 (null if none)
group_share                float    share of the named supplier group (default USA, JPN, DEU)
import_export_ratio        float    foreign imports / (extra-bloc) exports; null if exports 0
trade_balance_usd          float    exports − foreign imports
world_export_hhi           float    HHI of world exports of the product by exporting country
eu2021, geodep             bool     method flags (geodep null while the window lacks years)
kita_band                  float    0.5/0.7/0.8/0.9 band of the top share, or null
kiet_class                 str      'watch', 'vulnerable' or null
mpe_class, tech_class,     str      lenses from coopscope.classify (null when unavailable)
ai_areas
second/third_supplier(_share), top3_share, share_<code> per group member,
total_import_value_usd (incl. intra-bloc), foreign_import_share, export_value_usd,
world_import_share, world_export_value_usd, hs_revision,
eu2021_c1..c3, geodep_c1..c3, geodep_met, geodep_years_met, geodep_years_observed,
kita_supplier, kiet_supplier  — the criteria behind each flag.
=========================  =======  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import ibis
import ibis.expr.types as ir

from coopscope.classify.countries import ADVANCED
from coopscope.indicators.concentration import left_join, shares
from coopscope.indicators.dependence_core import (
    KEYS,
    PRODUCT_KEYS,
    TOP_NAMES,
    exports_by_exporter,
    import_statistics,
    positive_flows,
    unit_exports,
    unit_supplier_values,
    world_supply,
)
from coopscope.indicators.dependence_flags import CRITERIA_COLUMNS, FLAG_COLUMNS, flag_all
from coopscope.indicators.dependence_lenses import LENS_COLUMNS, join_lenses, resolve_blocs
from coopscope.indicators.dependence_methods import DependenceMethods, load_methods
from coopscope.indicators.dependence_summary import summarise

__all__ = [
    "ADVANCED_SUPPLIERS",
    "DependenceMethods",
    "apply_methods",
    "build_dependence",
    "dependence_indicators",
    "load_methods",
    "order_columns",
    "summarise",
    "supplier_shares",
    "top_suppliers",
]

ADVANCED_SUPPLIERS = ADVANCED  # the one definition: coopscope.classify.countries
MAIN_COLUMNS = (
    "year",
    "importer",
    "product",
    "import_value_usd",
    "n_suppliers",
    "top_supplier",
    "top_supplier_share",
    "hhi",
    "group_share",
    "import_export_ratio",
    "trade_balance_usd",
    "world_export_hhi",
    *FLAG_COLUMNS,
    *LENS_COLUMNS,
)
DETAIL_COLUMNS = ("second_supplier", "second_supplier_share", "third_supplier", "third_supplier_share", "top3_share")
TAIL_COLUMNS = (
    "total_import_value_usd",
    "foreign_import_share",
    "export_value_usd",
    "world_import_share",
    "world_export_value_usd",
    "hs_revision",
    *CRITERIA_COLUMNS,
)

Blocs = Mapping[str, Sequence[str]] | Sequence[str] | None


def dependence_indicators(
    trade: ir.Table,
    *,
    importer: str | Sequence[str] | None = None,
    years: Iterable[int] | None = None,
    suppliers: Sequence[str] = ADVANCED_SUPPLIERS,
    blocs: Blocs = None,
    top_three: bool = True,
) -> ir.Table:
    """The indicators (no method flags) per (year, importer, product, hs_revision); lazy.

    ``importer`` None computes every importing country plus the ``blocs``; names of blocs (a
    mapping name → member ISO3 codes, or group names known to ``coopscope.classify.countries``
    such as ``EU27``) are computed as blocs. ``suppliers`` is the named supplier group behind
    ``group_share`` and the ``share_<code>`` columns. ``top_three`` False skips the second and
    third suppliers and top3_share (left null), which saves a sort of every flow (about half
    the time on DuckDB). Output columns: see the module docstring.
    """
    flows = positive_flows(trade, years)
    countries, bloc_map = resolve_blocs(importer, blocs)
    codes = [str(s).upper() for s in suppliers]
    stats = import_statistics(unit_supplier_values(flows, countries, bloc_map), codes, top_three=top_three)
    out_flows = positive_flows(trade, years, side="export")
    by_exporter = exports_by_exporter(out_flows)
    table = left_join(stats, unit_exports(out_flows, by_exporter, countries, bloc_map), KEYS)
    table = left_join(table, world_supply(by_exporter), PRODUCT_KEYS)
    table = _derive(table, codes)
    return order_columns(table if top_three else table.mutate(top3_share=ibis.null("float64")))


def _derive(t: ir.Table, codes: Sequence[str]) -> ir.Table:
    imports = t.import_value_usd.nullif(0.0)
    exports = t.export_value_usd.fill_null(0.0)
    top = {f"{name}_share": t[f"{name}_value_usd"] / imports for name in TOP_NAMES}
    top3 = sum((t[f"{name}_value_usd"].fill_null(0.0) for name in TOP_NAMES), ibis.literal(0.0))
    members = {f"share_{c.lower()}": t[f"value_{c.lower()}"].fill_null(0.0) / imports for c in codes}
    return t.mutate(
        **top,
        **members,
        top3_share=top3 / imports,
        group_share=t.group_value_usd.fill_null(0.0) / imports,
        foreign_import_share=t.import_value_usd / t.total_import_value_usd,
        export_value_usd=exports,
        import_export_ratio=t.import_value_usd / exports.nullif(0.0),
        trade_balance_usd=exports - t.import_value_usd,
        world_import_share=t.total_import_value_usd / t.world_export_value_usd,
    )


def order_columns(t: ir.Table) -> ir.Table:
    """The documented column order (module docstring); helper columns are dropped."""
    known = [*MAIN_COLUMNS, *DETAIL_COLUMNS]
    shares_cols = sorted(c for c in t.columns if c.startswith("share_"))
    order = [c for c in (*known, *shares_cols, *TAIL_COLUMNS) if c in t.columns]
    return t.select(*order)


def apply_methods(
    indicators: ir.Table,
    methods: DependenceMethods | None = None,
    *,
    years_present: Sequence[int] | None = None,
    earlier_met: ir.Table | None = None,
) -> ir.Table:
    """Add every method's flag and the criteria behind it (METHODS.md §1–§2); lazy.

    Input: the output of :func:`dependence_indicators`, either with every year the GeoDep window
    needs, or — to flag one year at a time — that one year and ``earlier_met``: the GeoDep
    years met earlier in its window
    (:func:`~coopscope.indicators.dependence_flags.earlier_years_met` of the earlier years'
    flagged tables). ``years_present``: the years the data cover (default: the table's years,
    found lazily).
    Adds eu2021, geodep, kita_band, kiet_class and the criteria columns of the module docstring.
    """
    return order_columns(flag_all(indicators, methods or load_methods(), years_present, earlier_met))


def build_dependence(
    con: ibis.BaseBackend,
    trade: ir.Table,
    *,
    methods: DependenceMethods | None = None,
    suppliers: Sequence[str] = ADVANCED_SUPPLIERS,
    blocs: Blocs = None,
    hs_revisions: Sequence[str] | None = None,
    importer: str | Sequence[str] | None = None,
    years: Iterable[int] | None = None,
    top_three: bool = True,
) -> ir.Table:
    """The full dependence table for every importer, product and year, with flags and lenses; lazy.

    ``con`` is the backend ``trade`` lives on (the lenses are loaded into it). One small query
    finds the years and HS revisions present (the GeoDep window needs the years). Lenses are
    joined for ``hs_revisions`` (default: the revisions present); where a revision has no
    lenses the lens columns are null. ``top_three``: see :func:`dependence_indicators`.
    Columns: the module docstring.
    """
    present = con.execute(trade.select("year", "hs_revision").distinct())
    wanted = None if years is None else {int(y) for y in years}
    present_years = [int(y) for y in present["year"].unique() if wanted is None or int(y) in wanted]
    indicators = dependence_indicators(
        trade, importer=importer, years=years, suppliers=suppliers, blocs=blocs, top_three=top_three
    )
    table = apply_methods(indicators, methods, years_present=present_years)
    if hs_revisions is None:
        hs_revisions = sorted(str(r) for r in present["hs_revision"].unique())
    return order_columns(join_lenses(con, table, hs_revisions))


def supplier_shares(
    trade: ir.Table,
    *,
    importer: str | Sequence[str] | None = None,
    years: Iterable[int] | None = None,
    blocs: Blocs = None,
) -> ir.Table:
    """Each supplier's share of an importer's foreign imports of a product; lazy.

    Output columns: year, importer, product, supplier, import_value_usd, share, hs_revision.
    Intra-bloc flows are left out; the shares of each (year, importer, product) sum to 1.
    """
    flows = positive_flows(trade, years)
    countries, bloc_map = resolve_blocs(importer, blocs)
    values = unit_supplier_values(flows, countries, bloc_map)
    foreign = values.filter(~values.internal).rename(import_value_usd="value_usd")
    out = shares(foreign, by=KEYS, unit="supplier", value="import_value_usd")
    return out.select("year", "importer", "product", "supplier", "import_value_usd", "share", "hs_revision")


def top_suppliers(trade: ir.Table, **options: object) -> ir.Table:
    """The three largest suppliers per (year, importer, product) and their shares; lazy.

    Takes the options of :func:`dependence_indicators`. Output columns: year, importer, product,
    import_value_usd, top_supplier, top_supplier_share, second_supplier, second_supplier_share,
    third_supplier, third_supplier_share, top3_share, hs_revision.
    """
    t = dependence_indicators(trade, **options)  # type: ignore[arg-type]
    return t.select(
        "year",
        "importer",
        "product",
        "import_value_usd",
        "top_supplier",
        "top_supplier_share",
        *DETAIL_COLUMNS,
        "hs_revision",
    )
