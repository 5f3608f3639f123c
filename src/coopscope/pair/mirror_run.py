"""Run the mirror diagnostics on a store holding both Comtrade bases (METHODS.md §B5).

:func:`mirror_diagnostics` is the library call behind ``coopscope mirror``: the store's
``reported_imports`` (importers' declarations) against its ``mirror_exports`` (partners' declarations).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.classify.countries import to_iso3
from coopscope.engine import connect, to_arrow
from coopscope.errors import StoreError
from coopscope.indicators.mirror import BAND, CIF_FOB_MARGIN, mirror_gaps, mirror_summary
from coopscope.store import Store

BASES = ("reported_imports", "mirror_exports")


@dataclass(frozen=True)
class MirrorResult:
    """``flows``: :func:`indicators.mirror.mirror_gaps` rows (largest |gap| first); ``summary`` per status."""

    importers: tuple[str, ...]
    year: int
    margin: float
    band: float
    flows: pa.Table
    summary: pa.Table
    synthetic: bool


def mirror_diagnostics(
    store: Store | Path | str,
    *,
    importers: Sequence[str],
    year: int | None = None,
    margin: float = CIF_FOB_MARGIN,
    band: float = BAND,
    engine: str = "duckdb",
    con: ibis.BaseBackend | None = None,
) -> MirrorResult:
    """Reported imports of ``importers`` against partners' mirror exports in ``year`` (default: latest both hold)."""
    store = store if isinstance(store, Store) else Store.open(store)
    codes = tuple(c.strip().upper() for c in importers if c.strip())
    to_iso3(list(codes), style="iso3", source="importers")
    both = sorted(set(store.years(basis=BASES[0])) & set(store.years(basis=BASES[1])))
    if not both:
        raise StoreError(
            f"{store.root}: mirror diagnostics need both reported imports and mirror exports.",
            "ingest a Comtrade file with flows M and X (coopscope ingest comtrade …).",
        )
    year = int(year) if year is not None else both[-1]
    if year not in both:
        raise StoreError(f"{store.root}: no year {year} with both bases.", f"years with both: {both}.")
    con = con or connect(engine)
    reported, mirror = (store.trade(con, years=[year], basis=b) for b in BASES)
    gaps = mirror_gaps(reported, mirror, importers=codes, margin=margin, band=band)
    flows = to_arrow(con, gaps.mutate(abs_gap=gaps.gap_usd.abs()).order_by(ibis.desc("abs_gap")).drop("abs_gap"))
    summary = to_arrow(con, mirror_summary(gaps))
    order = pc.sort_indices(summary, sort_keys=[("importer", "ascending"), ("status", "ascending")])
    return MirrorResult(codes, year, margin, band, flows, summary.take(order), store.is_synthetic())
