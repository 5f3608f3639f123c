"""Mirror diagnostics: an importer's reported imports against its partners' reported (mirror) exports.

Both inputs are canonical trade tables (``schema.py``) of the same flows seen from the two ends:
``reported`` from the importer's declarations (CIF, exporter = partner of origin) and ``mirror``
from the exporter's declarations (FOB, importer = declared destination), e.g. Comtrade's M and X
flows (store bases ``reported_imports`` and ``mirror_exports``). Lazy Ibis; DuckDB and PySpark.

Rule (METHODS.md §B5): imports are expected to exceed exports by the CIF/FOB margin
(default 6 %); a flow is a ``discrepancy`` when reported / mirror lies outside
[(1 + margin)(1 − band), (1 + margin)(1 + band)] (band default 25 %), ``only-reported`` or
``only-mirror`` when one side is missing, else ``agree``. Re-exports are suspected where the
importer reports more than the band allows and the exporter declared exports of the product to
an entrepôt (Hong Kong, Singapore): goods routed through it are often recorded by origin on the
import side but by the entrepôt as destination on the export side.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis
import ibis.expr.types as ir

from coopscope.errors import OptionError
from coopscope.indicators.concentration import left_join
from coopscope.indicators.exact import exact_sum

KEYS = ("year", "hs_revision", "importer", "exporter", "product")
ENTREPOTS = ("HKG", "SGP")
CIF_FOB_MARGIN = 0.06
BAND = 0.25


def _summed(trade: ir.Table, name: str, importers: Sequence[str] | None) -> ir.Table:
    rows = trade.filter((trade.value_usd > 0) & (trade.exporter != trade.importer))
    if importers is not None:
        rows = rows.filter(rows.importer.isin(list(importers)))
    return rows.group_by(list(KEYS)).aggregate(**{name: exact_sum(rows.value_usd)})


def mirror_gaps(
    reported: ir.Table,
    mirror: ir.Table,
    *,
    importers: Sequence[str] | None = None,
    margin: float = CIF_FOB_MARGIN,
    band: float = BAND,
    entrepots: Sequence[str] = ENTREPOTS,
) -> ir.Table:
    """Per (year, hs_revision, importer, exporter, product): both sides, the gap and its diagnosis.

    Output columns: year, hs_revision, importer, exporter, product, reported_usd, mirror_usd (0 when
    absent), gap_usd (reported − mirror), ratio (reported / mirror, null without mirror),
    expected_ratio (1 + margin), status (agree, discrepancy, only-reported, only-mirror),
    partner_is_entrepot, entrepot_exports_usd (the exporter's mirror exports of the product to
    ``entrepots``), re_export_suspected.
    """
    if margin < 0 or not 0 <= band < 1:
        raise OptionError(f"margin {margin:g} / band {band:g} out of range.", "use e.g. margin 0.06 and band 0.25.")
    left = _summed(reported, "reported_usd", importers)
    right = _summed(mirror, "mirror_usd", importers)
    # every flow either side knows (a union of keys, then two left joins: no outer-join key coalescing)
    flows = ibis.union(left.select(*KEYS), right.select(*KEYS), distinct=True)
    t = left_join(left_join(flows, left, KEYS), right, KEYS)
    t = t.mutate(reported_usd=t.reported_usd.fill_null(0.0), mirror_usd=t.mirror_usd.fill_null(0.0))
    t = _with_entrepot(t, mirror, entrepots)
    ratio = t.reported_usd / t.mirror_usd.nullif(0.0)
    low, high = (1 + margin) * (1 - band), (1 + margin) * (1 + band)
    status = ibis.cases(
        (t.mirror_usd == 0, "only-reported"),
        (t.reported_usd == 0, "only-mirror"),
        ((ratio < low) | (ratio > high), "discrepancy"),
        else_="agree",
    )
    above = (t.mirror_usd == 0) | (ratio > high)
    return t.mutate(
        gap_usd=t.reported_usd - t.mirror_usd,
        ratio=ratio,
        expected_ratio=ibis.literal(1 + margin),
        status=status,
        partner_is_entrepot=t.exporter.isin(list(entrepots)),
        re_export_suspected=(t.reported_usd > 0) & above.fill_null(False) & (t.entrepot_exports_usd > 0),
    )


def _with_entrepot(t: ir.Table, mirror: ir.Table, entrepots: Sequence[str]) -> ir.Table:
    """Add entrepot_exports_usd: the exporter's declared exports of the product to the entrepôts."""
    other = mirror.view()  # the mirror table is joined a second time
    via = other.filter(other.importer.isin(list(entrepots)) & (other.value_usd > 0))
    via = via.group_by(["year", "hs_revision", "exporter", "product"]).aggregate(
        entrepot_exports_usd=exact_sum(via.value_usd)
    )
    out = left_join(t, via, ("year", "hs_revision", "exporter", "product"))
    return out.mutate(entrepot_exports_usd=out.entrepot_exports_usd.fill_null(0.0))


def mirror_summary(gaps: ir.Table) -> ir.Table:
    """Per (year, importer, status): flows, reported_usd, mirror_usd, gap_usd, re-exports suspected.

    Input: :func:`mirror_gaps`. Output columns: year, importer, status, flows, reported_usd,
    mirror_usd, gap_usd, re_export_suspected (count).
    """
    return gaps.group_by(["year", "importer", "status"]).aggregate(
        flows=gaps.count(),
        reported_usd=exact_sum(gaps.reported_usd),
        mirror_usd=exact_sum(gaps.mirror_usd),
        gap_usd=exact_sum(gaps.gap_usd),
        re_export_suspected=gaps.re_export_suspected.cast("int64").sum(),
    )
