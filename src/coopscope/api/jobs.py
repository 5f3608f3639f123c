"""``ingest`` (a file into a store) and ``build`` (the stored analysis tables of a store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from coopscope.api.build import GROUPS, build_store
from coopscope.api.result import Result, make_notes
from coopscope.api.workspace import Workspace, open_store, workspace
from coopscope.errors import OptionError
from coopscope.options import DataBasis, EngineName, check_option

IngestKind = Literal["baci", "comtrade", "table"]
_SOURCE_COLUMNS = ("source_id", "kind", "basis", "hs_revision", "years", "row_count", "value_total_usd", "synthetic")


def ingest(
    path: Path | str,
    *,
    kind: IngestKind = "baci",
    store: Workspace | Path | str | None = None,
    replace: bool = False,
    **options: Any,
) -> Result:
    """Read a trade file into the store (created if needed); all or nothing, the same file twice changes nothing.

    ``kind``: ``baci`` (a release zip, folder or yearly CSV; options of
    :func:`coopscope.sources.baci.ingest_baci`), ``comtrade`` (an API or bulk file; ``product_digits``)
    or ``table`` (any customs table: ``spec=`` a :class:`coopscope.sources.tables.TableSpec`, or
    its fields — ``mapping``, ``hs_revision``, ``reporter``, ``flow``, ``country_style``,
    ``encoding`` …). Output columns: source_id, kind, basis, hs_revision, years, row_count,
    value_total_usd, synthetic, already_ingested — one row per source the file gave.
    """
    check_option("kind", kind, IngestKind)
    root = store.root if isinstance(store, Workspace) else store
    ws = workspace(store) if root is None else open_store(root, create=True)
    records = _ingest(Path(path), kind, ws.root, replace, options)
    rows = [{**{c: getattr(r, c) for c in _SOURCE_COLUMNS}, "already_ingested": done} for r, done in records]
    table = pa.Table.from_pylist(rows)
    synthetic = any(r.synthetic for r, _ in records)
    bases = sorted({r.basis for r, _ in records})
    params = {"path": str(path), "kind": kind, "store": str(ws.root), "replace": replace, **_plain(options)}
    return Result("ingest", table, params, make_notes(synthetic=synthetic, basis=",".join(bases)), synthetic,
                  ",".join(bases), f"Ingested {path}")  # fmt: skip


def _ingest(path: Path, kind: str, root: Path, replace: bool, options: dict[str, Any]) -> list[tuple[Any, bool]]:
    result: Any
    if kind == "baci":
        from coopscope.sources.baci import ingest_baci

        one = ingest_baci(path, root, replace=replace, **options)
        return [(one.record, one.already_ingested)]
    if kind == "comtrade":
        from coopscope.sources.comtrade import ingest_comtrade

        result = ingest_comtrade(path, root, replace=replace, **options)
    else:
        from coopscope.sources.tables import TableSpec, ingest_table

        spec = options.pop("spec", None) or TableSpec()
        spec = spec.merged(**options)
        result = ingest_table(path, root, spec, replace=replace)
    return [(c.record, c.already_ingested) for c in result.sources]


def _plain(options: dict[str, Any]) -> dict[str, Any]:
    return {k: v if isinstance(v, str | int | float | bool | dict | type(None)) else str(v) for k, v in options.items()}


def build(
    store: Workspace | Path | str | None = None,
    *,
    groups: Sequence[Literal["dependence", "complexity", "products"]] = ("dependence", "complexity", "products"),
    hs_revision: str | None = None,
    basis: DataBasis | None = None,
    engine: EngineName | None = None,
    rebuild: bool = False,
) -> Result:
    """Build and store the dependence, complexity and product tables of every year (:mod:`coopscope.api.build`).

    ``basis`` chooses the data basis when the store holds several (see :meth:`Workspace.choose_basis`).
    Years whose inputs are unchanged since the last build are kept (``params["computed"]`` lists,
    per table group, the years computed now); ``rebuild`` computes every year again.
    Output columns: table, rows (rows written per table).
    """
    ws = workspace(store, engine)
    for group in groups:
        if group not in GROUPS:
            raise OptionError(f"groups: '{group}' is not a table group.", f"use {', '.join(GROUPS)}.")
    chosen = ws.choose_basis(basis)
    report = build_store(ws.root, engine=ws.engine, con=ws.con, hs_revision=hs_revision, groups=list(groups),
                         basis=chosen, rebuild=rebuild)  # fmt: skip
    table = pa.table({"table": list(report.rows), "rows": pa.array(list(report.rows.values()), pa.int64())})
    params = {"store": str(ws.root), "groups": list(groups), "hs_revision": hs_revision, "basis": chosen,
              "years": report.years, "rebuild": rebuild, "computed": report.built or {}}  # fmt: skip
    return Result("build", table, params, make_notes(synthetic=report.synthetic, basis=chosen), report.synthetic,
                  chosen, f"Built years {', '.join(map(str, report.years))}")  # fmt: skip
