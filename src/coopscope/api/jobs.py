"""``ingest`` (a file into a store) and ``build`` (the stored analysis tables of a store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from coopscope.api.build import GROUPS, build_store
from coopscope.api.result import Result, make_notes
from coopscope.api.workspace import Workspace, store_root, workspace
from coopscope.errors import InputError, OptionError
from coopscope.options import DataBasis, EngineName, check_option
from coopscope.store import Store

IngestKind = Literal["baci", "comtrade", "table"]
SOURCE_COLUMNS = ("source_id", "kind", "basis", "hs_revision", "years", "row_count", "value_total_usd", "synthetic",
                  "ingested_at", "location")  # fmt: skip


def ingest(
    path: Path | str,
    *,
    kind: IngestKind = "baci",
    store: Workspace | Store | Path | str | None = None,
    replace: bool = False,
    engine: EngineName | str | None = None,
    **options: Any,
) -> Result:
    """Read a trade file into the store (created if needed); all or nothing, the same file twice changes nothing.

    ``kind``: ``baci`` (a release zip, folder or yearly CSV; options of
    :func:`coopscope.sources.baci.ingest_baci`: ``unknown_countries``, ``hs_revision``,
    ``synthetic``), ``comtrade`` (an API or bulk file; ``product_digits``) or ``table`` (any
    customs table: ``spec=`` a :class:`coopscope.sources.tables.TableSpec`, ``profile=`` a saved
    profile's name, or its fields — ``mapping``, ``hs_revision``, ``reporter``, ``flow``,
    ``country_style``, ``encoding`` … —, and ``save_profile=`` a name to save the mapping under
    after a good ingest). ``store`` None: the ``store`` setting. ``engine="spark"`` (``baci``
    only) reads each yearly file in a task on the Spark cluster (master from the
    ``spark_master`` setting; ``docs/spark.md``): the same rows, checks and errors.

    Output columns: source_id, kind, basis, hs_revision, years, row_count, value_total_usd,
    synthetic, ingested_at, location, already_ingested — one row per source the file gave.
    ``tables["replaced"]`` (source_id, location, years): data replaced with ``replace``.
    ``params`` add what the reader counted: ``lines_read``, ``lines_merged``, ``rows_read``,
    ``dropped`` (rows dropped by reason), ``profile_saved``.
    """
    check_option("kind", kind, IngestKind)
    root = store_root(store)
    check_option("engine", engine or "duckdb", EngineName)
    if engine == "spark" and kind != "baci":
        raise InputError(f"--engine spark reads BACI releases; {kind} files are read on this machine.",
                         "drop --engine spark for this file.")  # fmt: skip
    spark = {"spark": _spark_session()} if engine == "spark" else {}
    committed, counts = _ingest(Path(path), kind, root, replace, {**dict(options), **spark})
    options = {**dict(options), **({"engine": engine} if engine else {})}
    params = {"path": str(path), "kind": kind, "store": str(root), "replace": replace, **_plain(options), **counts}
    return sources_result("ingest", committed, params, f"Ingested {path}")


def _spark_session() -> Any:
    """The Spark session ingest tasks run on (master from the ``spark_master`` setting or environment)."""
    from coopscope.engine import connect

    return connect("spark")._session  # type: ignore[attr-defined]


def sources_result(kind: str, committed: Sequence[Any], params: dict[str, Any], title: str) -> Result:
    """A :class:`Result` with one row per committed source (see :func:`ingest` for the columns)."""
    records = [(c.record, c.already_ingested) for c in committed]
    rows = [{**{c: getattr(r, c) for c in SOURCE_COLUMNS}, "already_ingested": done} for r, done in records]
    schema = pa.schema([("source_id", pa.string()), ("kind", pa.string()), ("basis", pa.string()),
                        ("hs_revision", pa.string()), ("years", pa.list_(pa.int64())), ("row_count", pa.int64()),
                        ("value_total_usd", pa.float64()), ("synthetic", pa.bool_()), ("ingested_at", pa.string()),
                        ("location", pa.string()), ("already_ingested", pa.bool_())])  # fmt: skip
    replaced = [{"source_id": r.source_id, "location": old["location"], "years": old["years"]}
                for r, done in records if not done for old in r.details.get("replaced", [])]  # fmt: skip
    replaced_schema = pa.schema(
        [("source_id", pa.string()), ("location", pa.string()), ("years", pa.list_(pa.int64()))]
    )
    synthetic = any(r.synthetic for r, _ in records)
    basis = ",".join(sorted({r.basis for r, _ in records})) or None
    return Result(kind, pa.Table.from_pylist(rows, schema), params, make_notes(synthetic=synthetic, basis=basis),
                  synthetic, basis, title, {"replaced": pa.Table.from_pylist(replaced, replaced_schema)},
                  list(committed))  # fmt: skip


def _ingest(path: Path, kind: str, root: Path, replace: bool, options: dict[str, Any]) -> tuple[list[Any], dict]:
    if kind == "baci":
        from coopscope.sources.baci import ingest_baci

        return [ingest_baci(path, root, replace=replace, **options)], {}
    if kind == "comtrade":
        from coopscope.sources.comtrade import ingest_comtrade

        got = ingest_comtrade(path, root, replace=replace, **options)
        return got.sources, {"rows_read": got.rows_read, "dropped": dict(got.dropped), "layout": got.layout}
    return _ingest_table(path, root, replace, options)


def _ingest_table(path: Path, root: Path, replace: bool, options: dict[str, Any]) -> tuple[list[Any], dict]:
    from coopscope.sources import table_profiles
    from coopscope.sources.tables import TableSpec, ingest_table

    save_as, profile = options.pop("save_profile", None), options.pop("profile", None)
    if save_as:
        table_profiles.profile_path(save_as)  # a bad name is refused before anything is written
    spec = options.pop("spec", None) or (table_profiles.load_profile(profile) if profile else TableSpec())
    spec = spec.merged(**options)
    got = ingest_table(path, root, spec, replace=replace)
    counts: dict[str, Any] = {"lines_read": got.lines_read, "lines_merged": got.lines_merged,
                              "dropped": dict(got.dropped)}  # fmt: skip
    if save_as:
        counts["profile_saved"] = str(table_profiles.save_profile(save_as, spec))
    return got.sources, counts


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
