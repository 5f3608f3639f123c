"""The cooperation evidence of a pair and the report written from it (one model behind every face)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from coopscope.api.common import choose_years
from coopscope.api.result import Result, make_notes
from coopscope.api.workspace import Workspace, workspace
from coopscope.classify.countries import ADVANCED, resolve_countries
from coopscope.errors import OptionError
from coopscope.evidence import Cooperation, build_cooperation
from coopscope.evidence.inputs import RULES
from coopscope.options import EngineName, HsRevision

Store = Workspace | Path | str | None


def cooperation(
    a: str = "KOR",
    b: str = "CHN",
    *,
    store: Store = None,
    years: int | str | Sequence[int | str] | None = None,
    suppliers: str | Sequence[str] = ADVANCED,
    rules: str | Sequence[str] = RULES,
    to: HsRevision | None = None,
    engine: EngineName | None = None,
) -> Cooperation:
    """The :class:`~coopscope.evidence.Cooperation` model of partners ``a`` and ``b`` (codes or names).

    ``years``: the years used (default every year in the store; the latest is the report year).
    ``suppliers``: the supplier group (default USA, JPN, DEU); ``rules``: the dependence rules shown
    side by side (EU 2021, GeoDep, KITA, KIET: docs/METHODS.md §1–§2). ``.to_json()`` serialises it;
    the brief, the workbook, the dashboard and ``/api/v1/cooperation`` all render this one model.
    """
    ws = workspace(store, engine)
    first, second = _partners(a, b)
    wanted = choose_years(years, ws.years("reconciled"), every=True, option="years")
    return build_cooperation(
        ws.store, first, second, years=wanted, suppliers=resolve_countries(suppliers, option="suppliers"),
        rules=_rules(rules), engine=ws.engine, to=to,
    )  # fmt: skip


def report(
    a: str = "KOR",
    b: str = "CHN",
    *,
    out: Path | str,
    store: Store = None,
    year: int | str | None = None,
    suppliers: str | Sequence[str] = ADVANCED,
    rules: str | Sequence[str] = RULES,
    method: str | None = None,
    lang: str = "en",
    to: HsRevision | None = None,
    engine: EngineName | None = None,
) -> Result:
    """Write the cooperation report of ``a`` and ``b`` into ``out``: HTML brief, workbook, model JSON, tables.

    Built from the :func:`cooperation` model up to ``year`` (default the latest); ``method`` lists
    one rule first (all ``rules`` are still shown); ``lang``: en, ko or zh.
    Output columns: file, path — each file written.
    """
    from coopscope.report import write_report

    ws = workspace(store, engine)
    first, second = _partners(a, b)
    chosen = choose_years(year, ws.years("reconciled"))[0]
    paths = write_report(
        ws.store, out, a=first, b=second, year=chosen, suppliers=resolve_countries(suppliers, option="suppliers"),
        rules=_rules(rules), method=method, engine=ws.engine, to=to, lang=lang,
    )  # fmt: skip
    rows = [("brief", paths.html), ("workbook", paths.workbook), ("model", paths.model)]
    rows += [(f"{k}.parquet", v) for k, v in paths.parquet.items()]
    table = pa.table({"file": [r[0] for r in rows], "path": [str(r[1]) for r in rows]})
    params = {"a": first, "b": second, "year": chosen, "rules": _rules(rules), "method": method, "lang": lang,
              "to": to, "store": str(ws.root), "out": str(out)}  # fmt: skip
    notes = make_notes(synthetic=ws.synthetic, basis="reconciled")
    title = f"Report {first}–{second} {chosen}"
    return Result("report", table, params, notes, ws.synthetic, "reconciled", title, {}, paths)


def _partners(a: str, b: str) -> tuple[str, str]:
    first, second = (resolve_countries(x, option=o)[0] for x, o in ((a, "partner A"), (b, "partner B")))
    if first == second:
        raise OptionError(f"partners: {first} and {second} are the same country.", "name two different countries.")
    return first, second


def _rules(rules: str | Sequence[str]) -> list[str]:
    chosen = [r.strip() for r in (rules.split(",") if isinstance(rules, str) else rules) if r.strip()]
    unknown = [r for r in chosen if r not in RULES]
    if unknown or not chosen:
        raise OptionError(
            f"rules: {', '.join(unknown) or 'none given'} not known.", f"use some of: {', '.join(RULES)}."
        )
    return chosen
