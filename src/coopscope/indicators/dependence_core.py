"""Building blocks of the dependence indicators.

Importer units (countries and blocs), their supplier values, import statistics, exports and
world supply concentration.

An importer *unit* is a country or a bloc. For a bloc, flows between two members are
"internal": they count in total imports but not in foreign imports, the supplier shares or the
HHI, and the bloc's exports are its extra-bloc exports (METHODS.md §1.5, EC SWD(2021) 352).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import ibis
import ibis.common.exceptions
import ibis.expr.datatypes as dt
import ibis.expr.types as ir

from coopscope.indicators.concentration import herfindahl, top_k_ranks
from coopscope.indicators.exact import exact_square_sum, exact_sum

KEYS = ("year", "importer", "product", "hs_revision")
PRODUCT_KEYS = ("year", "product", "hs_revision")
TOP_NAMES = ("top_supplier", "second_supplier", "third_supplier")
IMPORT_SIDE = ("year", "hs_revision", "exporter", "importer", "product", "value_usd")
EXPORT_SIDE = ("exporter", "year", "hs_revision", "importer", "product", "value_usd")


def positive_flows(trade: ir.Table, years: Iterable[int] | None = None, *, side: str = "import") -> ir.Table:
    """Flows between two different countries with a positive value, optionally of some years.

    Output columns: year, hs_revision, exporter, importer, product, value_usd (``side`` "import")
    or the same with exporter first ("export"). BACI records a few "imports from oneself" (e.g.
    China's re-imports of its own goods); they are neither foreign supply nor exports, so they
    are left out of imports, exports and world supply alike.
    """
    # The two sides are built as different expressions on purpose: one shared sub-expression
    # becomes a CTE that DuckDB materialises (a full copy of the flows).
    order = IMPORT_SIDE if side == "import" else EXPORT_SIDE
    flows = trade.select(*order)
    flows = flows.filter((flows.value_usd > 0) & (flows.exporter != flows.importer))
    if years is not None:
        flows = flows.filter(flows.year.isin([int(y) for y in years]))
    return flows


def unit_supplier_values(
    flows: ir.Table, countries: Sequence[str] | None, blocs: Mapping[str, Sequence[str]]
) -> ir.Table:
    """Import value per importer unit, product and supplier country.

    ``countries`` None means every importing country. Output columns: year, hs_revision, importer,
    product, supplier, value_usd, internal (true for a bloc's intra-bloc flows). Countries' rows
    are the flows themselves (the trade key is unique), blocs' rows are summed over members.
    """
    own, bloc_parts = unit_supplier_parts(flows, countries, blocs)
    return union_all([p for p in (own, *bloc_parts) if p is not None])


def unit_supplier_parts(
    flows: ir.Table, countries: Sequence[str] | None, blocs: Mapping[str, Sequence[str]]
) -> tuple[ir.Table | None, list[ir.Table]]:
    """The parts of :func:`unit_supplier_values`, each with its columns.

    The countries' rows (None if no country is asked for; ``internal`` always false) and one
    table per bloc.
    """
    own = None
    if countries is None or countries:
        mine = flows if countries is None else flows.filter(flows.importer.isin(list(countries)))
        own = mine.select(
            "year",
            "hs_revision",
            "importer",
            "product",
            supplier=mine.exporter,
            value_usd=mine.value_usd,
            internal=ibis.literal(False),
        )
    return own, [_bloc_supplier_values(flows, name, members) for name, members in sorted(blocs.items())]


def union_all(parts: list[ir.Table]) -> ir.Table:
    """UNION ALL of tables with the same columns.

    Types are made nullable so that literals and non-null source columns line up on every engine.
    """
    loose = [p.cast({c: p[c].type().copy(nullable=True) for c in p.columns}) for p in parts]
    return loose[0] if len(loose) == 1 else ibis.union(*loose, distinct=False)


def _bloc_supplier_values(flows: ir.Table, name: str, members: Sequence[str]) -> ir.Table:
    inside = flows.filter(flows.importer.isin(list(members)))
    summed = inside.group_by("year", "hs_revision", "product", supplier=inside.exporter).aggregate(
        value_usd=exact_sum(inside.value_usd)
    )
    return summed.select(
        "year",
        "hs_revision",
        importer=ibis.literal(name),
        product=summed["product"],
        supplier=summed.supplier,
        value_usd=summed.value_usd,
        internal=summed.supplier.isin(list(members)),
    )


def import_statistics(
    values: ir.Table, suppliers: Sequence[str], *, top_three: bool = True, all_foreign: bool = False
) -> ir.Table:
    """Per (year, importer, product, hs_revision): foreign and total imports, HHI, top suppliers.

    Input: the output of :func:`unit_supplier_values` (or one of its parts; ``all_foreign`` says
    that no row is internal, which spares a filter on every aggregate). Output columns: KEYS,
    import_value_usd (foreign), total_import_value_usd, n_suppliers, hhi (null without foreign
    imports), top/second/third supplier and their values, group_value_usd and one
    ``value_<code>`` per supplier in ``suppliers``. Everything comes from one grouped aggregation
    (the flows are unique per supplier). The top three are, on DuckDB, a bounded top-3 aggregate
    of the narrow key (-value, supplier) in that same aggregation; elsewhere a rank of the flows
    (:func:`~coopscope.indicators.concentration.top_k_ranks`). Both order by value, then code,
    so they pick the same suppliers. ``top_three`` False finds only the top supplier (an
    arg-min); second and third are then null.
    """
    ranked = top_three and not bounded_top_k(values)
    if ranked:
        values = values.mutate(rank=top_k_ranks(values, by=KEYS, unit="supplier", last=[values.internal]))
    foreign = None if all_foreign else ~values.internal
    v = values.value_usd
    if not top_three:
        picks = _top_pick(values, foreign)
    else:
        picks = _top_picks(values, foreign) if ranked else {"top_keys": _min_n(_top_key(values), 3, where=foreign)}
    members = {f"value_{c.lower()}": exact_sum(v, where=_and(foreign, values.supplier == c)) for c in suppliers}
    stats = values.group_by(list(KEYS)).aggregate(
        import_value_usd=exact_sum(v, where=foreign),
        total_import_value_usd=exact_sum(v),
        foreign_squares=exact_square_sum(v, where=foreign),
        n_suppliers=v.count(where=foreign),
        group_value_usd=exact_sum(v, where=_and(foreign, values.supplier.isin(list(suppliers)))),
        **picks,
        **members,
    )
    stats = _unpack_top_keys(stats) if "top_keys" in stats.columns else stats
    if not top_three:
        stats = stats.mutate(**{f"{n}{s}": ibis.null(t) for n in TOP_NAMES[1:]
                                for s, t in (("", "string"), ("_value_usd", "float64"))})  # fmt: skip
    imports = stats.import_value_usd.fill_null(0.0)
    hhi = stats.foreign_squares / (imports * imports).nullif(0.0)
    return stats.mutate(import_value_usd=imports, hhi=hhi).drop("foreign_squares")


def _and(a: ir.BooleanValue | None, b: ir.BooleanValue) -> ir.BooleanValue:
    return b if a is None else a & b


_TOP_KEY = dt.Struct({"negative_value": dt.float64, "supplier": dt.string})


@ibis.udf.agg.builtin(name="min", signature=((_TOP_KEY, dt.int64), dt.Array(_TOP_KEY)))
def _min_n(key, n):  # type: ignore[no-untyped-def]  # DuckDB's min(arg, n): the n smallest, in order
    ...


def bounded_top_k(table: ir.Table) -> bool:
    """Whether ``table``'s engine has a bounded top-n aggregate (DuckDB's ``min(arg, n)``)."""
    try:
        return table._find_backend(use_default=False).name == "duckdb"
    except ibis.common.exceptions.IbisError:
        return False


def _top_key(values: ir.Table) -> ir.StructValue:
    # The smallest (-value, supplier) is the largest value, ties to the first code: as top_k_ranks.
    return ibis.struct({"negative_value": -values.value_usd, "supplier": values.supplier})


def _unpack_top_keys(stats: ir.Table) -> ir.Table:
    keys = stats.top_keys
    picks = {}
    for k, name in enumerate(TOP_NAMES):
        picks[name] = keys[k].supplier
        picks[f"{name}_value_usd"] = -keys[k].negative_value
    return stats.mutate(**picks).drop("top_keys")


def _top_picks(ranked: ir.Table, foreign: ir.BooleanValue | None) -> dict[str, ir.Value]:
    picks = {}
    for k, name in enumerate(TOP_NAMES):
        chosen = _and(foreign, ranked["rank"] == k)
        picks[name] = ranked.supplier.max(where=chosen)
        picks[f"{name}_value_usd"] = ranked.value_usd.max(where=chosen)
    return picks


def _top_pick(values: ir.Table, foreign: ir.BooleanValue | None) -> dict[str, ir.Value]:
    return {
        "top_supplier": values.supplier.argmin(_top_key(values), where=foreign),
        "top_supplier_value_usd": values.value_usd.max(where=foreign),
    }


def exports_by_exporter(flows: ir.Table) -> ir.Table:
    """Exports per (year, product, hs_revision, exporter): column export_value_usd."""
    return flows.group_by(*PRODUCT_KEYS, "exporter").aggregate(export_value_usd=exact_sum(flows.value_usd))


def unit_exports(
    flows: ir.Table, by_exporter: ir.Table, countries: Sequence[str] | None, blocs: Mapping[str, Sequence[str]]
) -> ir.Table:
    """Exports of each importer unit: KEYS, export_value_usd (a bloc's are extra-bloc exports)."""
    parts = []
    if countries is None or countries:
        own = by_exporter if countries is None else by_exporter.filter(by_exporter.exporter.isin(list(countries)))
        parts.append(
            own.select(
                "year",
                importer=own.exporter,
                product=own["product"],
                hs_revision=own.hs_revision,
                export_value_usd=own.export_value_usd,
            )
        )
    for name, members in sorted(blocs.items()):
        out = flows.filter(flows.exporter.isin(list(members)) & ~flows.importer.isin(list(members)))
        summed = out.group_by(*PRODUCT_KEYS).aggregate(export_value_usd=exact_sum(out.value_usd))
        parts.append(
            summed.select(
                "year",
                importer=ibis.literal(name),
                product=summed["product"],
                hs_revision=summed.hs_revision,
                export_value_usd=summed.export_value_usd,
            )
        )
    return union_all(parts)


def world_supply(by_exporter: ir.Table) -> ir.Table:
    """World exports of each product and their HHI across exporting countries (CEPII GeoDep C2).

    Output columns: year, product, hs_revision, world_export_value_usd, world_export_hhi.
    World imports of a product equal its world exports (the same flows).
    """
    world = herfindahl(by_exporter, by=PRODUCT_KEYS, value="export_value_usd")
    return world.select(*PRODUCT_KEYS, world_export_value_usd=world.total, world_export_hhi=world.hhi)
