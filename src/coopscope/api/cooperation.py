"""The cooperation evidence of a pair and the report written from it (one model behind every face).

The model of a pair takes seconds to minutes to build, so ``coopscope build`` keeps the model of the
default pair (:data:`DEFAULT_PAIRS`) in the store's ``evidence`` table (:func:`keep_cooperation`),
and :func:`cooperation` reads it back when nothing it was built from has changed: every row is keyed
by :func:`evidence_key` — the partners, years, supplier group, rules and HS revision asked for, the
store's state (its sources and every other built table) and the code that builds the model. The
table itself carries the trade fingerprint (``from_trade``), so after ``ingest --replace`` or a new
year it is stale and never read; a row whose key differs is never read either.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from coopscope.api.common import choose_years
from coopscope.api.result import Result, make_notes
from coopscope.api.workspace import Workspace, workspace
from coopscope.classify.countries import ADVANCED, resolve_countries
from coopscope.errors import OptionError
from coopscope.evidence import Cooperation, build_cooperation
from coopscope.evidence.inputs import RULES
from coopscope.options import EngineName, HsRevision
from coopscope.sources.progress import progress
from coopscope.store import Store as StoreFolder

Store = Workspace | StoreFolder | Path | str | None
EVIDENCE_TABLE = "evidence"
DEFAULT_PAIRS = (("KOR", "CHN"),)


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
    cached: bool = True,
) -> Cooperation:
    """The :class:`~coopscope.evidence.Cooperation` model of partners ``a`` and ``b`` (codes or names).

    ``years``: the years used (default every year in the store; the latest is the report year).
    ``suppliers``: the supplier group (default USA, JPN, DEU); ``rules``: the dependence rules shown
    side by side (EU 2021, GeoDep, KITA, KIET: docs/METHODS.md §1–§2). ``.to_json()`` serialises it;
    the brief, the workbook, the dashboard and ``/api/v1/cooperation`` all render this one model.
    ``cached``: read the model kept by ``coopscope build`` when it was built from exactly this
    store state, these options and this code (see the module docstring); otherwise build it now.
    """
    ws = workspace(store, engine)
    request = _request(ws, a, b, years, suppliers, rules, to)
    if cached:
        kept = cached_cooperation(ws.store, request)
        if kept is not None:
            return kept
    return _build(ws, request)


def _request(
    ws: Workspace, a: str, b: str, years: Any, suppliers: str | Sequence[str], rules: Any, to: HsRevision | None
) -> dict[str, Any]:
    """The checked options of one model (what :func:`evidence_key` hashes with the store state)."""
    first, second = _partners(a, b)
    wanted = choose_years(years, ws.years("reconciled"), every=True, option="years")
    chosen = resolve_countries(suppliers, option="suppliers")
    return {"a": first, "b": second, "years": [int(y) for y in wanted], "suppliers": list(chosen),
            "rules": _rules(rules), "to": to}  # fmt: skip


def _build(ws: Workspace, r: dict[str, Any]) -> Cooperation:
    return build_cooperation(
        ws.store, r["a"], r["b"], years=r["years"], suppliers=r["suppliers"], rules=r["rules"], engine=ws.engine,
        to=r["to"],
    )  # fmt: skip


def evidence_key(store: StoreFolder, request: dict[str, Any]) -> str:
    """SHA-256 of the options (:func:`_request`), the store's state and the model-building code.

    The state covers every source (checksum, years, basis, revision) and every built table but
    ``evidence`` (its files, which change whenever the table is rebuilt), so firms added or a table
    rebuilt after the model was kept make a different key.
    """
    manifest = store.manifest()
    sources = sorted(
        f"{s['sha256']}:{s['basis']}:{s.get('hs_revision')}:{sorted(s['years'])}" for s in manifest["sources"]
    )
    tables = {n: sorted(t["files"]) for n, t in sorted(manifest["tables"].items()) if n != EVIDENCE_TABLE}
    text = json.dumps({"request": request, "sources": sources, "tables": tables, "code": code_fingerprint()},
                      sort_keys=True)  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def code_fingerprint() -> str:
    """SHA-256 over coopscope's own files that can change a model (all but cli, web, report, catalogs)."""
    import coopscope

    root = Path(coopscope.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if path.is_file() and "__pycache__" not in parts and parts[0] not in ("cli", "web", "report", "i18n"):
            digest.update("/".join(parts).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cached_cooperation(store: StoreFolder, request: dict[str, Any], key: str | None = None) -> Cooperation | None:
    """The kept model of ``request`` when the ``evidence`` table is fresh and holds its key, else None.

    ``key``: :func:`evidence_key` of the request, when the caller has it already.
    """
    if not store.has_table(EVIDENCE_TABLE):
        return None
    key = key or evidence_key(store, request)
    files = [str(f) for f in store.table_files(EVIDENCE_TABLE)]
    rows = pq.read_table(files, columns=["model"], filters=[("key", "=", key)])
    return Cooperation.from_json(rows["model"][0].as_py()) if rows.num_rows else None


def keep_cooperation(
    store: Store = None,
    pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS,
    *,
    engine: EngineName | None = None,
) -> Result:
    """Build the model of each pair (default options) and keep it in the store's ``evidence`` table.

    Pairs whose model is already kept for this store state are not built again; a pair with a
    partner the store has no trade data for is skipped. Rows of other pairs still valid are kept.
    Written in one store transaction (readers see the old table or the new one, never a mix).
    Output columns: a, b, status (``built``, ``kept`` or ``skipped``).
    """
    ws = workspace(store, engine)
    present = _importers(ws)
    status: list[tuple[str, str, str]] = []
    rows: list[dict[str, Any]] = []
    with progress(
        "Keeping the evidence of " + ", ".join(f"{a}–{b}" for a, b in pairs), len(pairs), unit="pairs"
    ) as advance:
        for a, b in pairs:
            status.append((a, b, _keep_one(ws, a, b, present, rows)))
            advance(1)
    if any(s == "built" for *_, s in status):
        _commit(ws.store, rows)
    table = pa.table({"a": [s[0] for s in status], "b": [s[1] for s in status], "status": [s[2] for s in status]})
    params = {"pairs": [list(p) for p in pairs], "store": str(ws.root)}
    notes = make_notes(synthetic=ws.synthetic, basis="reconciled")
    return Result("keep_cooperation", table, params, notes, ws.synthetic, "reconciled", "Evidence kept", {}, None)


def _keep_one(ws: Workspace, a: str, b: str, present: set[str], rows: list[dict[str, Any]]) -> str:
    """Add the pair's row (kept or built now) to ``rows``; its status (built, kept, skipped)."""
    if not {a, b} <= present:
        return "skipped"
    request = _request(ws, a, b, None, ADVANCED, RULES, None)
    key = evidence_key(ws.store, request)
    kept = cached_cooperation(ws.store, request, key)
    model = kept or _build(ws, request)
    rows.append(_row(key, request, model))
    return "kept" if kept else "built"


def _importers(ws: Workspace) -> set[str]:
    flows = ws.store.trade(ws.con)
    return set(flows.select("importer").distinct().to_pyarrow().column(0).to_pylist())


def _row(key: str, request: dict[str, Any], model: Cooperation) -> dict[str, Any]:
    text = json.dumps(request, sort_keys=True)
    return {"key": key, "a": model.a, "b": model.b, "year": model.year, "request": text, "model": model.to_json()}


def _commit(store: StoreFolder, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` (and the still valid rows of other pairs) as the ``evidence`` table, atomically."""
    mine = {r["key"] for r in rows}
    if store.has_table(EVIDENCE_TABLE):
        old = pq.read_table([str(f) for f in store.table_files(EVIDENCE_TABLE)]).to_pylist()
        valid = {evidence_key(store, json.loads(r["request"])) for r in old if r.get("request")}
        rows = rows + [r for r in old if r["key"] in valid and r["key"] not in mine]
    schema = pa.schema([("key", pa.string()), ("a", pa.string()), ("b", pa.string()), ("year", pa.int64()),
                        ("request", pa.string()), ("model", pa.large_string())])  # fmt: skip
    table = pa.Table.from_pylist(rows, schema=schema)
    with StoreFolder.open(store.root).transaction() as tx:
        tx.commit_table(EVIDENCE_TABLE, table, details={"synthetic": store.is_synthetic()}, from_trade=True)


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
