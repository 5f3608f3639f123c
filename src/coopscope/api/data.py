"""The data in a store: what it holds, another HS revision of it, and a SYNTHETIC world to try.

:func:`store_info` (the manifest), :func:`convert` (the trade in another HS revision) and
:func:`synth` (a SYNTHETIC world in BACI's layout, for trying coopscope without real data).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from coopscope.api.result import SYNTHETIC_NOTE, Result, make_notes
from coopscope.api.settings import configured_engine
from coopscope.api.workspace import Workspace, store_root, workspace
from coopscope.options import HsRevision, SynthScale, check_option, parse_years
from coopscope.sources.synth import FLOWS_PER_YEAR
from coopscope.store import Store

ConvertWeights = Literal["auto", "equal", "trade"]
SYNTH_SCALES: dict[str, int] = dict(FLOWS_PER_YEAR)
"""Flows per year of each ``synth`` scale (``full`` is BACI's real density)."""
CONVERT_NOTE = "Value through 1:n and n:n links was split by the rule in coopscope.classify.convert."

__all__ = ["SYNTH_SCALES", "convert", "read_trade_table", "store_info", "synth"]

_SOURCE_SCHEMA = pa.schema([("source_id", pa.string()), ("kind", pa.string()), ("hs_revision", pa.string()),
                            ("release", pa.string()), ("basis", pa.string()), ("row_count", pa.int64()),
                            ("value_total_usd", pa.float64()), ("synthetic", pa.bool_()),
                            ("years", pa.list_(pa.int64())), ("location", pa.string()), ("sha256", pa.string()),
                            ("ingested_at", pa.string()), ("coopscope_version", pa.string())])  # fmt: skip
_TABLE_SCHEMA = pa.schema([("name", pa.string()), ("rows", pa.int64()), ("built_at", pa.string()),
                           ("state", pa.string())])  # fmt: skip


def store_info(store: Workspace | Store | Path | str | None = None) -> Result:
    """What a store holds, from its manifest (``store`` None: the setting, else the last demo's store).

    Output columns (one row per ingested source): source_id, kind, hs_revision, release, basis,
    row_count, value_total_usd, synthetic, years, location, sha256, ingested_at,
    coopscope_version. ``tables["tables"]``: name, rows, built_at, state (``fresh`` or ``stale``:
    built from trade data that changed since). ``detail``: the manifest as a dict.
    """
    opened = workspace(store).store
    sources = [{f: getattr(s, f) for f in _SOURCE_SCHEMA.names} for s in opened.sources()]
    manifest = opened.manifest()
    built = [{"name": name, "rows": t["rows"], "built_at": t["built_at"], "state": opened.table_state(name)}
             for name, t in sorted(manifest["tables"].items())]  # fmt: skip
    synthetic = any(s["synthetic"] for s in sources)
    return Result("store_info", pa.Table.from_pylist(sources, _SOURCE_SCHEMA), {"store": str(opened.root)},
                  make_notes(synthetic=synthetic, basis=None), synthetic, ",".join(opened.bases()) or None,
                  f"Store {opened.root}", {"tables": pa.Table.from_pylist(built, _TABLE_SCHEMA)}, manifest)  # fmt: skip


def convert(
    target: HsRevision,
    *,
    store: Workspace | Store | Path | str | None = None,
    source: HsRevision | None = None,
    weights: ConvertWeights = "auto",
    engine: str | None = None,
    replace: bool = False,
) -> Result:
    """Add the store's trade in HS revision ``target``, converted with the UN correlation tables.

    Every (basis, revision) group with a correlation table to ``target`` (only ``source`` when
    given) becomes a new source of kind ``converted``; the originals stay. ``weights``: split 1:n
    codes equally, or by ``target``'s world trade shares (``auto``: when the store has them).
    Output columns: basis, from, to, weights, value_in_usd, value_out_usd, via_<link>_usd (value
    through each kind of link), status (``added`` or ``already converted``).
    """
    from coopscope.sources.converted import convert_store

    root = store_root(store)
    done = convert_store(root, target=target.upper(), source=source.upper() if source else None, weights=weights,
                         engine=configured_engine(engine), replace=replace)  # fmt: skip
    rows = [{"basis": d.basis, "from": d.source_revision, "to": d.report.target, "weights": d.report.weights,
             "value_in_usd": d.report.value_in_usd, "value_out_usd": d.report.value_out_usd,
             **{f"via_{k}_usd": v for k, v in d.report.by_link.items()},
             "status": "already converted" if d.committed.already_ingested else "added"}
            for d in done]  # fmt: skip
    synthetic = any(d.committed.record.synthetic for d in done)
    params = {"target": target.upper(), "source": source.upper() if source else None, "weights": weights,
              "store": str(root), "replace": replace}  # fmt: skip
    return Result("convert", pa.Table.from_pylist(rows), params, make_notes(synthetic=synthetic, basis=None,
                  extra=[CONVERT_NOTE]), synthetic, None, f"Conversion to {target.upper()}", {}, done)  # fmt: skip


def synth(
    out: Path | str,
    *,
    scale: SynthScale = "demo",
    years: int | str | Sequence[int] = "2019-2023",
    seed: int = 0,
    revision: Literal["HS17", "HS22"] = "HS17",
    firms: bool = False,
    store: Path | str | None = None,
) -> Result:
    """Write a SYNTHETIC world in BACI's release layout into ``out``, calibrated on the real world export matrix.

    ``scale``: flows per year (:data:`SYNTH_SCALES`); ``years`` consecutive; the same ``seed``
    gives the same world. ``firms`` also writes invented Korean and Chinese demo firms as Parquet
    into ``out`` (and into ``store`` when given). Ingest the zip with :func:`coopscope.api.ingest`.
    Output columns: kind (``world``, ``firms``, ``firm_financials``, ``store``), path.
    """
    from coopscope.sources.synth import write_world

    check_option("scale", scale, SynthScale)
    check_option("revision", revision, Literal["HS17", "HS22"])
    year_list = parse_years(years, "years")
    rows = [{"kind": "world", "path": str(write_world(out, scale=scale, years=year_list, seed=seed,
                                                       revision=revision))}]  # fmt: skip
    if firms:
        rows += [{"kind": k, "path": str(p)} for k, p in _write_firms(Path(out), seed, store)]
    params = {"out": str(out), "scale": scale, "years": year_list, "seed": seed, "revision": revision,
              "firms": firms, "store": str(store) if store else None}  # fmt: skip
    return Result("synth", pa.Table.from_pylist(rows), params, (SYNTHETIC_NOTE,), True, None, "SYNTHETIC world")


def _write_firms(out: Path, seed: int, store: Path | str | None) -> list[tuple[str, Any]]:
    import pyarrow.parquet as pq

    from coopscope.sources.firm_tables import write_store_firms
    from coopscope.sources.synth_firms import synthetic_firms

    data = synthetic_firms(seed)
    paths = [("firms", out / "SYNTHETIC_firms.parquet"), ("firm_financials", out / "SYNTHETIC_firm_financials.parquet")]
    pq.write_table(data.firms, paths[0][1], compression="zstd")
    pq.write_table(data.financials, paths[1][1], compression="zstd")
    if store is not None:
        write_store_firms(Path(store), data)
        paths.append(("store", Path(store)))
    return paths


def read_trade_table(
    path: Path | str, mapping: dict[str, str] | None = None, hs_revision: str | None = None, value_unit: str = "usd"
) -> pa.Table:
    """A long trade table file (CSV/TSV/Excel/Parquet) as canonical trade rows, to pass as ``trade=`` to a job.

    Output columns: the canonical trade schema (year, exporter, importer, product, hs_revision,
    value_usd, quantity_t). ``mapping`` names the file's column of each canonical column
    (``{"year": "yr"}``); see :func:`coopscope.sources.trade_files.read_trade_table`.
    """
    from coopscope.sources.trade_files import read_trade_table as read

    return read(Path(path), mapping or {}, hs_revision, value_unit)
