"""``--sensitivity`` on ``coopscope dependence`` and ``coopscope pair`` (via :func:`coopscope.api.robustness`).

Each dependence row gains ``<method>_share`` (share of the method's threshold settings under
which the product is dependent) and ``<method>_label`` (robust, fragile or never); each pair-class
row gains ``class_share`` and ``class_label`` (METHODS.md §B4).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.api import robustness
from coopscope.api.analyses import with_shares
from coopscope.api.choices import METHODS
from coopscope.cli.common import resolve_engine, resolve_store
from coopscope.errors import OptionError

F = TypeVar("F", bound=Callable[..., Any])
DEPENDENCE_KEYS = ("year", "importer", "product")


def sensitivity_option(f: F) -> F:
    """``--sensitivity``: add the share of threshold settings under which each finding holds, and its label."""
    return click.option(
        "--sensitivity",
        is_flag=True,
        help="Recompute over the threshold grid (×0.8/1/1.25): add the share of settings and robust/fragile.",
    )(f)


def _codes(text: str | Sequence[str]) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    return [s.strip().upper() for s in items if s.strip()]


def dependence_sensitivity(result: Any, o: dict[str, Any]) -> Any:
    """The dependence result with ``<method>_share`` and ``<method>_label`` per row (one method or all four)."""
    if o["input_path"] is not None or o["summary_by"] or o["trends"] or o["grew"]:
        raise OptionError("--sensitivity: shares are computed per product from a store.",
                          "drop --input, --summary, --trends and --grew.")  # fmt: skip
    table = result.table
    importers = sorted(set(table["importer"].to_pylist()))
    if len(importers) > 2:
        raise OptionError(f"--sensitivity: {len(importers)} importers.", "name one or two with --importer.")
    store, engine = resolve_store(o["store"]), resolve_engine(o["engine"])
    pair = importers + [None] * (2 - len(importers))
    for method in [o["method"]] if o["method"] else METHODS:
        parts = [
            robustness(store, a=pair[0], b=pair[1], year=year, method=method, suppliers=_codes(o["suppliers"]),
                       pair_classes=False, engine=engine).dependence
            for year in sorted(set(table["year"].to_pylist()))
        ] if importers else []  # fmt: skip
        if parts:
            names = {"share": f"{method}_share", "label": f"{method}_label"}
            table = with_shares(table, pa.concat_tables(parts), DEPENDENCE_KEYS, names)
    return dataclasses.replace(result, table=table)


def pair_sensitivity(result: Any, a: str, b: str, o: dict[str, Any]) -> Any:
    """The pair products with ``class_share`` and ``class_label``: how robust each product's class is."""
    if o["input_path"] is not None or o["level"] != "products":
        raise OptionError("--sensitivity: class shares are per product, from a store.",
                          "use --level products with --store.")  # fmt: skip
    table = result.table
    found = robustness(
        resolve_store(o["store"]), a=str(result.params.get("a", a)), b=str(result.params.get("b", b)),
        year=int(pc.max(table["year"]).as_py()) if table.num_rows else o["year"], method=o["method"],
        suppliers=_codes(o["suppliers"]), engine=resolve_engine(o["engine"]),
    )  # fmt: skip
    flag = pc.if_else(
        pc.equal(table["pair_class"], "complementary"),
        pc.binary_join_element_wise("complementary", table["direction"], "_"),
        table["pair_class"],
    )
    keyed = table.append_column("class_flag", flag.cast(pa.string()))
    shares = found.pair_classes.rename_columns(["class_flag" if c == "pair_class" else c
                                                for c in found.pair_classes.column_names])  # fmt: skip
    names = {"share": "class_share", "label": "class_label"}
    out = with_shares(keyed, shares, ("year", "product", "class_flag"), names).drop_columns(["class_flag"])
    return dataclasses.replace(result, table=out)
