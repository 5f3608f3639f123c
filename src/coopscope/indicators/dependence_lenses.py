"""Where the dependence table meets :mod:`coopscope.classify`: bloc members and product lenses.

The lenses (materials/parts/equipment class, OECD technology class and AI areas) are joined
late, on (product, hs_revision); a revision without lenses leaves the columns null.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify import lenses
from coopscope.classify.countries import group_members, to_iso3
from coopscope.errors import CoopscopeError
from coopscope.indicators.concentration import left_join

LENS_COLUMNS = ("mpe_class", "tech_class", "ai_areas")


BlocMap = dict[str, tuple[str, ...]]


def resolve_blocs(
    importer: str | Sequence[str] | None, blocs: Mapping[str, Sequence[str]] | Sequence[str] | None
) -> tuple[list[str] | None, BlocMap]:
    """Split the requested importers into countries and blocs (name → member ISO3 codes).

    ``importer`` None: every country (returned as None) and every bloc in ``blocs``. Otherwise
    each name is a bloc if ``blocs`` defines it or ``coopscope.classify.countries`` knows it as a
    group (e.g. EU27), else a country code.
    """
    known = _bloc_map(blocs)
    if importer is None:
        return None, known
    names = [importer] if isinstance(importer, str) else list(importer)
    countries, chosen = [], {}
    for name in names:
        members = known.get(name) or _group(name)
        if members:
            chosen[name] = members
        else:
            countries.append(name.upper())
    if countries:  # an unknown code is an error naming it, never an empty table
        to_iso3(countries, style="iso3", source="importer")
    return countries, chosen


def _bloc_map(blocs: Mapping[str, Sequence[str]] | Sequence[str] | None) -> dict[str, tuple[str, ...]]:
    if blocs is None:
        return {}
    if isinstance(blocs, Mapping):
        return {name: tuple(m.upper() for m in members) for name, members in blocs.items()}
    out = {}
    for name in [blocs] if isinstance(blocs, str) else blocs:
        members = _group(name)
        if not members:
            raise CoopscopeError(
                f"blocs: '{name}' is not a known country group.",
                "use a group such as EU27, or pass a mapping name -> member codes.",
            )
        out[name] = members
    return out


def _group(name: str) -> tuple[str, ...] | None:
    try:
        return group_members(name)
    except CoopscopeError:
        return None


def lens_table(hs_revisions: Sequence[str]) -> pa.Table:
    """Lenses of every product of the given revisions, as an Arrow table.

    Columns: product, hs_revision, mpe_class, tech_class, ai_areas (all strings). Revisions the
    classifier does not cover are left out.
    """
    parts = [t for t in (revision_lenses(rev) for rev in sorted(set(hs_revisions))) if t is not None]
    schema = pa.schema([(c, pa.string()) for c in ("product", "hs_revision", *LENS_COLUMNS)])
    if not parts:
        return schema.empty_table()
    return pa.concat_tables([p.select(schema.names).cast(schema) for p in parts])


def revision_lenses(revision: str) -> pa.Table | None:
    """:func:`coopscope.classify.lenses` of one revision; None when the classifier does not cover it."""
    try:
        return lenses(revision)
    except CoopscopeError:
        return None


def load_lens_table(con: ibis.BaseBackend, hs_revisions: Sequence[str]) -> ir.Table | None:
    """The lenses of ``hs_revisions`` loaded into ``con``; None when there are none.

    Pass it to :func:`join_lenses` as ``loaded`` to load the lenses once for many queries.
    """
    from coopscope.engine import from_arrow

    lenses = lens_table(hs_revisions)
    if lenses.num_rows == 0:
        return None
    # Null text does not survive every engine's loader (PySpark via pandas makes it 'NaN'), so
    # nulls travel as '' and come back as nulls; '' means nothing in any lens column.
    blank = pa.table({c: pc.fill_null(lenses[c], "") if c in LENS_COLUMNS else lenses[c] for c in lenses.column_names})
    return from_arrow(con, blank)


def join_lenses(
    con: ibis.BaseBackend, table: ir.Table, hs_revisions: Sequence[str], *, loaded: ir.Table | None = None
) -> ir.Table:
    """``table`` (with product, hs_revision) left-joined with the lenses of ``hs_revisions``.

    Adds mpe_class, tech_class and ai_areas (';'-joined area ids); null where no lens exists.
    ``loaded``: the result of :func:`load_lens_table` for the same revisions, to load them only once.
    """
    lenses = loaded if loaded is not None else load_lens_table(con, hs_revisions)
    table = table.drop(*[c for c in LENS_COLUMNS if c in table.columns])
    if lenses is None:
        return table.mutate(**{c: ibis.null("string") for c in LENS_COLUMNS})
    joined = left_join(table, lenses, ("product", "hs_revision"))
    return joined.mutate(**{c: joined[c].nullif("") for c in LENS_COLUMNS})
