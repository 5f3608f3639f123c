"""``pair`` and ``report``: where two economies share vulnerabilities, substitute, complement or compete.

The analysis is :func:`coopscope.pair.analyse_pair` (METHODS.md §3.2, §5, §6.2); these calls resolve the
names, choose the data basis and the year, filter by class and area, and carry the notes.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.compute as pc

from coopscope.api.common import check_area, choose_years, split_class, with_descriptions
from coopscope.api.result import Result, as_arrow, make_notes
from coopscope.api.workspace import Workspace, workspace
from coopscope.classify.countries import ADVANCED, resolve_countries
from coopscope.errors import OptionError, StoreError
from coopscope.options import DataBasis, DependenceMethod, EngineName, HsRevision, check_option
from coopscope.pair import PairParams, PairResult, analyse_pair

# loaded here, so that the package is in place before ``coopscope.report`` is bound to the function below
from coopscope.schema import check_trade_arrow
from coopscope.store import Store

PairLevel = Literal["products", "indicators"]


def pair(
    a: str = "KOR",
    b: str = "CHN",
    *,
    store: Workspace | Path | str | None = None,
    year: int | str | None = None,
    suppliers: str | Sequence[str] = ADVANCED,
    method: DependenceMethod = "geodep",
    level: PairLevel = "products",
    product_class: str | None = None,
    area: str | None = None,
    basis: DataBasis | None = None,
    to: HsRevision | None = None,
    trade: Any = None,
    params: PairParams | None = None,
    engine: EngineName | None = None,
) -> Result:
    """The partner-pair table of ``a`` and ``b`` (ISO3, numbers or names: ``한국``, ``中国``) for one year.

    ``level`` products: year, product, description, pair_class, direction, value_usd, mpe_class,
    ai_areas, top_supplier_a/b, rca_a/b … (:func:`coopscope.pair.classes.pair_classes`);
    indicators: one row per year and group (:mod:`coopscope.pair.indicators`). ``tables`` also
    holds products, sides, indicators, dependence_trend and supplier_shares; ``detail`` the
    :class:`~coopscope.pair.PairResult`. ``trade=``: a canonical trade table instead of a store.
    """
    check_option("level", level, PairLevel)
    result, chosen = _analyse(a, b, store, year, suppliers, method, basis, to, trade, params, engine)
    mpe_class, tech_class = split_class(product_class)
    check_area(area)
    table = select_rows(result.indicators if level == "indicators" else result.products, level=level,
                        mpe_class=mpe_class, tech_class=tech_class, area=area)  # fmt: skip
    if level == "products":
        table = with_descriptions(table, result.hs_revision)
    tables = {name: getattr(result, name) for name in ("products", "sides", "indicators", "dependence_trend",
                                                       "supplier_shares")}  # fmt: skip
    return Result("pair", table, _params(result, level, product_class, area, chosen, to),
                  make_notes(synthetic=result.synthetic, basis=chosen, extra=result.notes), result.synthetic,
                  chosen, f"{result.a}–{result.b} {level}, {result.year}", tables, result)  # fmt: skip


def _analyse(
    a: str, b: str, store: Any, year: Any, suppliers: Any, method: str, basis: str | None, to: str | None,
    trade: Any, params: PairParams | None, engine: EngineName | None,
) -> tuple[PairResult, str | None]:  # fmt: skip
    """Names resolved, basis and year chosen, the pair analysed (on a scratch store for ``trade``)."""
    first, second = (resolve_countries(x, option=o)[0] for x, o in ((a, "partner A"), (b, "partner B")))
    if first == second:
        raise OptionError(f"partners: {first} and {second} are the same country.", "name two different countries.")
    codes = resolve_countries(suppliers, option="suppliers")
    check_option("method", method, DependenceMethod)
    if params is not None and params.method != method:
        method = params.method
    if trade is not None:
        return _on_table(first, second, trade, year, codes, method, params, engine, to), None
    ws = workspace(store, engine)
    chosen = ws.choose_basis(basis)
    wanted = choose_years(year, ws.years(chosen))
    if len(wanted) != 1:
        raise OptionError("year: the pair analysis takes one year.", "pass e.g. year=2022.")
    _check_trading(ws, first, second, wanted[0], chosen)
    result = analyse_pair(ws.store, a=first, b=second, year=wanted[0], suppliers=codes,
                          params=params or PairParams(method=method), engine=ws.engine, con=ws.con, to=to,
                          basis=chosen)  # fmt: skip
    return result, chosen


def _check_trading(ws: Workspace, a: str, b: str, year: int, basis: str) -> None:
    """An error when a partner has no flow at all in ``year`` (a pair table would be empty)."""
    flows = ws.store.trade(ws.con, years=[year], basis=basis)
    for code in (a, b):
        rows = flows.filter((flows.importer == code) | (flows.exporter == code)).count()
        if int(ws.con.execute(rows)) == 0:
            raise StoreError(
                f"pair: {code} has no trade in {year} in {ws.root}.",
                "check the partner, or the year (`coopscope store info` lists what the store holds).",
            )


def _on_table(
    a: str, b: str, trade: Any, year: Any, codes: list[str], method: str, params: PairParams | None,
    engine: EngineName | None, to: str | None,
) -> PairResult:  # fmt: skip
    arrow = check_trade_arrow(as_arrow(trade, "trade"), "trade")
    present = sorted({int(y) for y in pc.unique(arrow["year"]).to_pylist()})
    wanted = choose_years(year, present)
    with tempfile.TemporaryDirectory(prefix="coopscope-pair-") as scratch:
        store = Store.open(Path(scratch) / "store", create=True)
        with store.transaction() as tx:
            tx.write_trade(arrow)
            revision = str(arrow["hs_revision"][0])
            tx.commit_source(location="table passed in", sha256="0" * 64, kind="table", hs_revision=revision)
        return analyse_pair(store, a=a, b=b, year=wanted[0], suppliers=codes,
                            params=params or PairParams(method=method), engine=engine or "duckdb", to=to)  # fmt: skip


def _params(result: PairResult, level: str, product_class: str | None, area: str | None, basis: str | None,
            to: str | None) -> dict[str, Any]:  # fmt: skip
    return {"a": result.a, "b": result.b, "year": result.year, "suppliers": list(result.suppliers),
            "method": result.params.method, "level": level, "product_class": product_class, "area": area,
            "basis": basis, "to": to, "hs_revision": result.hs_revision,
            "store": str(result.store_root) if result.store_root else None}  # fmt: skip


def select_rows(
    table: pa.Table, *, level: str, mpe_class: str | None, tech_class: str | None, area: str | None
) -> pa.Table:
    """Rows of a products or indicators table in a 소재·부품·장비 or technology class and an AI area."""
    if level == "indicators":
        wanted = {f"mpe:{mpe_class}", f"tech:{tech_class}", f"ai:{area}"}
        if mpe_class or tech_class or area:
            table = table.filter(pc.is_in(table["group"], pa.array(sorted(wanted | {"all"}))))
        return table
    if mpe_class:
        table = table.filter(pc.equal(table["mpe_class"], mpe_class))
    if tech_class:
        table = table.filter(pc.equal(table["tech_class"], tech_class))
    if area:
        areas = pc.split_pattern(pc.fill_null(table["ai_areas"], ""), ";")
        table = table.filter(pa.array([area in v for v in areas.to_pylist()], pa.bool_()))
    return table
