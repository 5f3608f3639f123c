"""Write the report files atomically: everything goes to a staging folder, then moves into place.

Files: ``coopscope-<a>-<b>-<year>[-<lang>].html`` (brief), ``….xlsx`` (workbook), ``….json`` (the
evidence model) and ``tables/<section>__<table>.parquet|.csv`` for every table of the model.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from coopscope.classify.countries import ADVANCED
from coopscope.errors import CoopscopeError, OptionError
from coopscope.evidence import Cooperation, build_cooperation
from coopscope.evidence.inputs import RULES
from coopscope.i18n import check_lang
from coopscope.pair.params import PairParams
from coopscope.pair.run import PairResult
from coopscope.report.brief import render_brief
from coopscope.report.charts import all_charts
from coopscope.report.workbook import write_workbook


@dataclass(frozen=True)
class ReportPaths:
    """Where the report was written: workbook, HTML brief, model JSON, and the tables by name."""

    out_dir: Path
    workbook: Path
    html: Path
    model: Path
    parquet: dict[str, Path]
    csv: dict[str, Path]


def write_report(
    store: Any,
    out_dir: Path | str,
    *,
    a: str = "KOR",
    b: str = "CHN",
    year: int | None = None,
    suppliers: Sequence[str] = ADVANCED,
    method: str | None = None,
    rules: Sequence[str] = RULES,
    engine: str = "duckdb",
    params: PairParams | None = None,
    to: str | None = None,
    lang: str = "en",
) -> ReportPaths:
    """Build the evidence on ``a`` and ``b`` from ``store`` and write the report into ``out_dir``.

    ``year``: the report year (default the latest; every earlier year of the store is used for the
    views over time). ``rules``: the dependence rules shown side by side; ``method`` names one rule
    to list first (it is never the only one). ``lang``: en, ko or zh. Nothing is left half-written.
    """
    check_lang(lang)
    if method is not None:
        if method not in RULES:
            raise OptionError(f"method: '{method}' is not a dependence rule.", f"use one of: {', '.join(RULES)}.")
        rules = (method, *[r for r in rules if r != method])
    years = _years_up_to(store, year)
    model = build_cooperation(
        store, a, b, years=years, suppliers=suppliers, rules=rules, params=params, engine=engine, to=to
    )
    return write_report_files(model, out_dir, lang=lang)


def _years_up_to(store: Any, year: int | None) -> list[int] | None:
    if year is None:
        return None
    from coopscope.store import Store

    present = (store if isinstance(store, Store) else Store.open(store)).years()
    if int(year) not in present:
        raise OptionError(f"year: no trade data for {year} in the store.", f"years present: {present or 'none'}.")
    return [y for y in present if y <= int(year)]


def write_report_files(model: Cooperation | PairResult, out_dir: Path | str, *, lang: str = "en") -> ReportPaths:
    """Write the brief, the workbook, the model and its tables into ``out_dir`` (created if needed).

    Given a :class:`~coopscope.pair.run.PairResult` (the older input), the evidence is built from
    the store it came from, for the same partners, supplier group and years up to its year, with
    its method listed first among the rules.
    """
    check_lang(lang)
    if isinstance(model, PairResult):
        model = _from_pair_result(model)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staging = out / f".staging-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        return _publish(staging, out, _write_all(model, staging, lang))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _from_pair_result(result: PairResult) -> Cooperation:
    if result.store_root is None:
        raise OptionError(
            "report: the pair analysis did not come from a store.", "build the evidence with coopscope.evidence."
        )
    rules = (result.params.method, *[r for r in RULES if r != result.params.method])
    return build_cooperation(
        result.store_root,
        result.a,
        result.b,
        years=_years_up_to(result.store_root, result.year),
        suppliers=result.suppliers,
        rules=rules,
        params=result.params,
    )


def _write_all(model: Cooperation, folder: Path, lang: str) -> list[Path]:
    stem = f"coopscope-{model.a}-{model.b}-{model.year}" + ("" if lang == "en" else f"-{lang}")
    html = folder / f"{stem}.html"
    html.write_text(render_brief(model, all_charts(model, lang), lang), encoding="utf-8")
    files = [html, write_workbook(folder / f"{stem}.xlsx", model, lang)]
    (folder / f"{stem}.json").write_text(model.to_json(), encoding="utf-8")
    files.append(folder / f"{stem}.json")
    (folder / "tables").mkdir()
    for section in model.sections:
        for name, table in section.tables.items():
            arrow = pa.Table.from_pylist(table.records()) if table.rows else _empty(table.columns)
            base = folder / "tables" / f"{section.name}__{name}"
            pq.write_table(arrow, base.with_suffix(".parquet"), compression="zstd")
            pacsv.write_csv(csv_safe(arrow), base.with_suffix(".csv"))
            files += [base.with_suffix(".parquet"), base.with_suffix(".csv")]
    return files


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(table: pa.Table) -> pa.Table:
    """Text cells that a spreadsheet would run as a formula (= + - @ tab CR first) get a leading apostrophe.

    Only the CSV copies change; the Parquet tables and the model keep the values as they are.
    """
    columns = {}
    for name in table.column_names:
        column = table[name]
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            values = [
                ("'" + v) if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in column.to_pylist()
            ]
            column = pa.array(values, column.type)
        columns[name] = column
    return pa.table(columns)


def _empty(columns: Sequence[str]) -> pa.Table:
    return pa.table({c: pa.array([], pa.string()) for c in columns})


def _publish(staging: Path, out: Path, files: list[Path]) -> ReportPaths:
    for path in files:
        target = out / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    moved = [out / p.relative_to(staging) for p in files]
    parquet = {p.stem: p for p in moved if p.suffix == ".parquet"}
    if not parquet:
        raise CoopscopeError("report: no tables were written.", "this is a bug; please report it.")
    return ReportPaths(
        out_dir=out,
        workbook=next(p for p in moved if p.suffix == ".xlsx"),
        html=next(p for p in moved if p.suffix == ".html"),
        model=next(p for p in moved if p.suffix == ".json"),
        parquet=parquet,
        csv={p.stem: p for p in moved if p.suffix == ".csv"},
    )
