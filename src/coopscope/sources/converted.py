"""``coopscope convert``: add a store's trade data in another HS revision, as new sources.

Each (basis, revision) group of the store is read, converted with :func:`coopscope.classify.convert.convert_trade`
and written back as a source of kind ``converted`` whose details carry the conversion report. The
originals stay; analyses pick a revision with ``hs_revision=``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from coopscope.classify.convert import ConversionReport, convert_trade, supported_pairs
from coopscope.engine import connect, read_parquet, to_arrow
from coopscope.errors import StoreError
from coopscope.options import check_option
from coopscope.schema import check_trade_arrow
from coopscope.sources.ingest_common import Committed, Group, commit_groups
from coopscope.store import Store


@dataclass(frozen=True)
class StoreConversion:
    """One converted group: its report and the new source (or the existing one if done before)."""

    basis: str
    source_revision: str
    report: ConversionReport
    committed: Committed


def convert_store(
    store_dir: Path | str,
    *,
    target: str,
    source: str | None = None,
    weights: str = "auto",
    engine: str = "duckdb",
    replace: bool = False,
) -> list[StoreConversion]:
    """Convert every (basis, revision) group that has a correlation table to ``target``; returns one entry each.

    ``weights="auto"`` splits by world trade shares when the store holds reconciled trade in
    ``target`` that was not itself converted (e.g. BACI HS22), else equally.
    """
    check_option("--weights", weights, Literal["auto", "equal", "trade"])
    store = Store.open(store_dir)
    con = connect(engine)  # type: ignore[arg-type]
    files = [
        store.root / f
        for s in store.sources()
        if s.hs_revision == target and s.basis == "reconciled" and s.kind != "converted"
        for f in s.files
    ]
    if weights == "trade" and not files:
        raise StoreError(
            f"{store.root}: no reconciled {target} trade to take world shares from.",
            f"ingest {target} data (e.g. `coopscope fetch baci --revision {target}`) or use --weights equal.",
        )
    weights = "trade" if files and weights in ("auto", "trade") else "equal"
    target_trade = read_parquet(con, sorted(files)) if weights == "trade" else None
    return [
        _convert_group(store, con, basis, revision, target, weights, target_trade, replace)
        for basis, revision in _groups_to_convert(store, target, source)
    ]


def _groups_to_convert(store: Store, target: str, source: str | None) -> list[tuple[str, str]]:
    groups = {(s.basis, s.hs_revision) for s in store.sources() if s.hs_revision != target}
    todo = sorted((b, r) for b, r in groups if (r, target) in supported_pairs() and source in (None, r))
    if not todo:
        raise StoreError(
            f"{store.root}: nothing to convert to {target} (revisions present: "
            f"{', '.join(store.revisions()) or 'none'}).",
            f"this version converts {', '.join(f'{a}→{b}' for a, b in supported_pairs())}.",
        )
    return todo


def _convert_group(
    store: Store, con: Any, basis: str, revision: str, target: str, weights: str, target_trade: Any, replace: bool
) -> StoreConversion:
    trade = store.trade(con, hs_revision=revision, basis=basis)
    converted = convert_trade(trade, source=revision, target=target, weights=weights, target_trade=target_trade)
    table = check_trade_arrow(to_arrow(con, converted.table), f"{revision}→{target} conversion")  # type: ignore[arg-type]
    parents = sorted(s.sha256 for s in store.sources() if s.basis == basis and s.hs_revision == revision)
    sha = hashlib.sha256(f"convert:{target}:{weights}:{','.join(parents)}".encode()).hexdigest()
    details = {"conversion": converted.report.as_dict(), "parents": parents}
    committed = commit_groups(
        store.root,
        [Group(basis, target, [table], details)],
        file_sha256=sha,
        location=f"converted from {revision} ({basis})",
        kind="converted",
        synthetic=any(s.synthetic for s in store.sources() if s.sha256 in parents),
        replace=replace,
    )
    return StoreConversion(basis, revision, converted.report, committed[0])
