"""Convert trade between adjacent HS revisions through the UN correlation tables.

The links come from the UN Statistics Division correlation HS2022 ↔ HS2017 (package data
``classify/data/hs2022-hs2017-correlation.csv``, plus the links it omits in ``hs2022-hs2017-supplement.csv``;
see their SOURCES.md); they are used in both directions. Each source code
sends its value to its target codes with weights that sum to 1, so every dollar is accounted for
and the world total is kept (up to floating-point rounding).

Split rule (documented choice, not a UN rule — UNSD publishes links, not shares):

* ``weights="equal"``: a source code linked to n target codes gives 1/n of its value (and
  quantity) to each.
* ``weights="trade"``: shares proportional to each target code's world trade in the target
  revision (``target_trade``, e.g. the store's BACI HS22 data); a source code whose targets have
  no trade falls back to the equal split.

One exception under ``"equal"``: HS2022 heading 8549 (electrical and electronic waste and
scrap, new in 2022) is linked to some 1,019 HS2017 codes, because such waste could be classified
under each of them before. An equal split would move most of the value of batteries, machines
and instruments into scrap, so links *into* a ``catch_all`` heading are used only for a source
code that has no other target. Under ``"trade"`` the observed 8549 share decides instead.

Link kinds are read from the links used: 1:1, n:1 (codes merge; no split), 1:n (one code splits
into codes that have no other source) and n:n (everything else). The report gives the value
that went through each kind.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import ibis
import pyarrow as pa

from coopscope.engine import connect, from_arrow, to_arrow
from coopscope.errors import OptionError, UnknownCodeError
from coopscope.options import HS_REVISIONS, HsRevision, check_option
from coopscope.schema import TRADE_COLUMNS, TRADE_SCHEMA, check_trade_columns, ibis_trade_schema

Weights = Literal["equal", "trade"]
LINK_KINDS = ("1:1", "n:1", "1:n", "n:n")
# (newer, older) -> package file whose first column is the newer revision's code
# The UNSD table is packaged once, with the classifications; the links it omits sit beside it.
CORRELATION_FILES: dict[tuple[str, str], str] = {("HS22", "HS17"): "hs2022-hs2017-correlation.csv"}
SUPPLEMENT_FILES: dict[tuple[str, str], str] = {("HS22", "HS17"): "hs2022-hs2017-supplement.csv"}


@dataclass(frozen=True)
class ConversionReport:
    """What a conversion did. Values in USD; ``by_link`` maps a link kind to the value that went through it."""

    source: str
    target: str
    weights: str
    value_in_usd: float
    value_out_usd: float
    by_link: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """A plain dict for the manifest and JSON output."""
        return {
            "source": self.source,
            "target": self.target,
            "weights": self.weights,
            "value_in_usd": self.value_in_usd,
            "value_out_usd": self.value_out_usd,
            "by_link_usd": dict(self.by_link),
        }


@dataclass(frozen=True)
class Converted:
    """The converted trade table (lazy Ibis table, or Arrow when Arrow went in) and its report."""

    table: ibis.Table | pa.Table
    report: ConversionReport


def supported_pairs() -> list[tuple[str, str]]:
    """(source, target) revision pairs with a packaged correlation table, both directions."""
    return [p for newer, older in CORRELATION_FILES for p in ((older, newer), (newer, older))]


@cache
def correlation_links(source: str, target: str) -> pa.Table:
    """Links from ``source`` to ``target`` codes. Output columns: source_code, target_code (6-digit text)."""
    if (source, target) not in supported_pairs():
        pairs = ", ".join(f"{a}→{b}" for a, b in supported_pairs())
        raise OptionError(
            f"no correlation table for {source}→{target}.",
            f"this version converts {pairs}; convert step by step between adjacent revisions.",
        )
    newer, older = (source, target) if (source, target) in CORRELATION_FILES else (target, source)
    text = resources.files("coopscope.classify.data").joinpath(CORRELATION_FILES[(newer, older)])
    rows = list(csv.reader(io.StringIO(text.read_text("utf-8"))))[1:]
    rows += _supplement(SUPPLEMENT_FILES[(newer, older)])
    links = sorted({(r[0].strip(), r[1].strip()) for r in rows if len(r) >= 2})
    src, tgt = (0, 1) if newer == source else (1, 0)
    return pa.table({"source_code": [p[src] for p in links], "target_code": [p[tgt] for p in links]})


def _supplement(name: str) -> list[list[str]]:
    """Links the UNSD table omits (``classify/data/<name>``, each with its reason)."""
    extra = resources.files("coopscope.classify").joinpath("data").joinpath(name)
    return list(csv.reader(io.StringIO(extra.read_text("utf-8"))))[1:] if extra.is_file() else []


def link_weights(
    links: pa.Table,
    *,
    weights: str = "equal",
    target_totals: dict[str, float] | None = None,
    catch_all: Sequence[str] = ("8549",),
) -> pa.Table:
    """Split weights per link (they sum to 1 for each source code) and the link kind.

    Input columns: source_code, target_code. ``target_totals``: world trade (USD) per target code,
    for ``weights="trade"``. Output columns: source_code, target_code, weight, link.
    """
    check_option("weights", weights, Weights)
    targets: dict[str, list[str]] = defaultdict(list)
    for s, t in zip(links["source_code"].to_pylist(), links["target_code"].to_pylist(), strict=True):
        targets[s].append(t)
    if weights == "equal":
        targets = {s: _drop_catch_all(ts, catch_all) for s, ts in targets.items()}
    sources_of: dict[str, int] = defaultdict(int)
    for ts in targets.values():
        for t in ts:
            sources_of[t] += 1
    rows = []
    for s, ts in sorted(targets.items()):
        kind = _kind(ts, sources_of)
        for t, w in zip(ts, _shares(ts, target_totals if weights == "trade" else None), strict=True):
            rows.append((s, t, w, kind))
    return pa.table(
        {
            "source_code": [r[0] for r in rows],
            "target_code": [r[1] for r in rows],
            "weight": pa.array([r[2] for r in rows], pa.float64()),
            "link": [r[3] for r in rows],
        }
    )


def _drop_catch_all(targets: list[str], catch_all: Sequence[str]) -> list[str]:
    kept = [t for t in targets if not t.startswith(tuple(catch_all))]
    return kept or targets


def _kind(targets: list[str], sources_of: dict[str, int]) -> str:
    if len(targets) == 1:
        return "1:1" if sources_of[targets[0]] == 1 else "n:1"
    return "1:n" if all(sources_of[t] == 1 for t in targets) else "n:n"


def _shares(targets: list[str], totals: dict[str, float] | None) -> list[float]:
    if totals is not None:
        mass = [max(totals.get(t, 0.0), 0.0) for t in targets]
        whole = sum(mass)
        if whole > 0:
            return [m / whole for m in mass]
    return [1.0 / len(targets)] * len(targets)


def convert_trade(
    trade: ibis.Table | pa.Table,
    *,
    source: str = "HS17",
    target: str = "HS22",
    weights: str = "equal",
    target_trade: ibis.Table | pa.Table | None = None,
    catch_all: Sequence[str] = ("8549",),
) -> Converted:
    """Convert a canonical trade table from revision ``source`` to ``target``.

    Input and output columns: the canonical trade columns (``coopscope.schema``); rows of the
    output are summed per year, exporter, importer and target product. ``target_trade`` (any
    canonical table in the target revision) is needed for ``weights="trade"``. A product code
    that is not a ``source`` code is an error listing the first few.
    """
    for rev in (source, target):
        check_option("revision", rev, HsRevision)
    check_option("weights", weights, Weights)
    arrow_in = isinstance(trade, pa.Table)
    con = connect("duckdb") if arrow_in else trade.get_backend()
    table = check_trade_columns(from_arrow(con, trade) if arrow_in else trade, f"{source} trade")
    totals = _target_totals(con, target_trade, target) if weights == "trade" else None
    w = from_arrow(
        con, link_weights(correlation_links(source, target), weights=weights, target_totals=totals, catch_all=catch_all)
    )
    _check_known(con, table, w, source)
    joined = table.join(w, table["product"] == w["source_code"])
    out = joined.group_by(["year", "exporter", "importer", "target_code"]).aggregate(
        value_usd=(joined["value_usd"] * joined["weight"]).sum(),
        quantity_t=(joined["quantity_t"] * joined["weight"]).sum(),
    )
    out = out.select(
        year=out["year"],
        exporter=out["exporter"],
        importer=out["importer"],
        product=out["target_code"],
        hs_revision=ibis.literal(target),
        value_usd=out["value_usd"],
        quantity_t=out["quantity_t"],
    )
    out = out.cast(ibis_trade_schema()).order_by(list(TRADE_COLUMNS)[:4])
    report = _report(con, table, joined, source, target, weights)
    return Converted(to_arrow(con, out).cast(TRADE_SCHEMA) if arrow_in else out, report)


def _target_totals(con: ibis.BaseBackend, target_trade: ibis.Table | pa.Table | None, target: str) -> dict[str, float]:
    if target_trade is None:
        raise OptionError(
            f"weights='trade' needs world trade in {target} (target_trade).",
            f"ingest {target} data (e.g. `coopscope fetch baci --revision {target}`) or use equal weights.",
        )
    t = from_arrow(con, target_trade) if isinstance(target_trade, pa.Table) else target_trade
    agg = to_arrow(con, t.group_by("product").aggregate(value_usd=t["value_usd"].sum()))
    return dict(zip(agg["product"].to_pylist(), agg["value_usd"].to_pylist(), strict=True))


def _check_known(con: ibis.BaseBackend, table: ibis.Table, w: ibis.Table, source: str) -> None:
    missing = table.anti_join(w, table["product"] == w["source_code"]).select("product").distinct()
    codes = to_arrow(con, missing)["product"].to_pylist()
    if codes:
        raise UnknownCodeError.codes(
            "product",
            codes,
            f"{source} trade table",
            f"these are not {source} codes in the UN correlation table; check --from "
            f"(one of {', '.join(HS_REVISIONS)}) or the product codes.",
        )


def _report(
    con: ibis.BaseBackend, table: ibis.Table, joined: ibis.Table, source: str, target: str, weights: str
) -> ConversionReport:
    by = to_arrow(con, joined.group_by("link").aggregate(v=(joined["value_usd"] * joined["weight"]).sum()))
    by_link = {k: 0.0 for k in LINK_KINDS} | dict(zip(by["link"].to_pylist(), by["v"].to_pylist(), strict=True))
    value_in = to_arrow(con, table.aggregate(v=table["value_usd"].sum()))["v"][0].as_py() or 0.0
    return ConversionReport(
        source,
        target,
        weights,
        float(value_in),
        float(sum(v or 0.0 for v in by_link.values())),
        {k: float(v or 0.0) for k, v in by_link.items()},
    )
