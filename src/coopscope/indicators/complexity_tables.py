"""Arrays of one complexity year → the cell, country, product, filtered and proximity tables."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from coopscope.indicators.complexity_year import YearArrays
from coopscope.indicators.matrix import grid_labels


def _repeat(value: int, n: int) -> pa.Array:
    return pa.array(np.full(n, value, dtype=np.int64), pa.int64())


def _labels(labels: tuple[str, ...] | list[str] | np.ndarray) -> pa.Array:
    return pa.array(list(labels), pa.string())


def cells_table(r: YearArrays) -> pa.Table:
    """Columns: year, country, product, export_value_usd, rca, [rpop], m, density, cog (every C × P cell)."""
    n_c, n_p = r.m.shape
    countries, products = grid_labels(r.countries, r.products)
    columns: dict[str, pa.Array] = {
        "year": _repeat(r.year, n_c * n_p),
        "country": countries,
        "product": products,
        "export_value_usd": pa.array(r.exports_usd.reshape(-1)),
        "rca": pa.array(r.rca.reshape(-1)),
    }
    if r.rpop is not None:
        columns["rpop"] = pa.array(r.rpop.reshape(-1))
    columns["m"] = pa.array(r.m.reshape(-1).astype(np.int8))
    columns["density"] = pa.array(r.density.reshape(-1), from_pandas=True)
    columns["cog"] = pa.array(r.cog.reshape(-1), from_pandas=True)
    return pa.table(columns)


def countries_table(r: YearArrays) -> pa.Table:
    """Columns: year, country, diversity, eci, coi, fitness (one row per country kept)."""
    return pa.table(
        {
            "year": _repeat(r.year, len(r.countries)),
            "country": _labels(r.countries),
            "diversity": pa.array(r.diversity.astype(np.int64)),
            "eci": pa.array(r.eci, from_pandas=True),
            "coi": pa.array(r.coi, from_pandas=True),
            "fitness": pa.array(r.fitness, from_pandas=True),
        }
    )


def products_table(r: YearArrays) -> pa.Table:
    """Columns: year, product, ubiquity, pci, complexity (one row per product)."""
    return pa.table(
        {
            "year": _repeat(r.year, len(r.products)),
            "product": _labels(r.products),
            "ubiquity": pa.array(r.ubiquity.astype(np.int64)),
            "pci": pa.array(r.pci, from_pandas=True),
            "complexity": pa.array(r.complexity, from_pandas=True),
        }
    )


def filtered_table(r: YearArrays) -> pa.Table:
    """Columns: year, country, reason (countries left out before computing)."""
    return pa.table(
        {
            "year": _repeat(r.year, len(r.dropped)),
            "country": _labels([c for c, _ in r.dropped]),
            "reason": _labels([why for _, why in r.dropped]),
        }
    )


def proximity_edges(r: YearArrays | None) -> pa.Table:
    """Columns: year, product_1, product_2, proximity (every ordered pair; φ[product_1, product_2])."""
    if r is None:
        empty = pa.array([], pa.string())
        return pa.table(
            {
                "year": pa.array([], pa.int64()),
                "product_1": empty,
                "product_2": empty,
                "proximity": pa.array([], pa.float64()),
            }
        )
    n = len(r.products)
    product_1, product_2 = grid_labels(r.products, r.products)
    return pa.table(
        {
            "year": _repeat(r.year, n * n),
            "product_1": product_1,
            "product_2": product_2,
            "proximity": pa.array(r.proximity.reshape(-1), from_pandas=True),
        }
    )
