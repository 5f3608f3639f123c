"""The long ↔ matrix seam: country × product matrices that carry their labels.

Every complexity kernel works on a dense ``C × P`` NumPy array (countries in rows, products in
columns, both sorted). :func:`long_to_matrix` is the one place a long table becomes such an array;
:func:`matrix_to_long` is the one place it goes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from coopscope.errors import InputError


@dataclass(frozen=True)
class LabelledMatrix:
    """A dense matrix with its row and column labels.

    ``values`` has shape ``(len(countries), len(products))``; labels are sorted ascending.
    """

    values: np.ndarray
    countries: tuple[str, ...]
    products: tuple[str, ...]


def long_to_matrix(
    table: pa.Table, *, value: str, country: str = "country", product: str = "product", source: str = "exports"
) -> LabelledMatrix:
    """Rectangularise a long table into a ``C × P`` float64 matrix; absent cells are 0.

    Input columns: ``country``, ``product`` (text) and ``value`` (numeric, no nulls), one row per
    cell. Duplicate cells are an error: aggregate first (e.g. with ``exports_by_country``).
    """
    countries = _sorted_labels(table, country, source)
    products = _sorted_labels(table, product, source)
    row = pc.index_in(table[country].cast(pa.string()), value_set=pa.array(countries)).to_numpy()
    col = pc.index_in(table[product].cast(pa.string()), value_set=pa.array(products)).to_numpy()
    flat = row.astype(np.int64) * len(products) + col
    counts = np.bincount(flat, minlength=len(countries) * len(products))
    if (counts > 1).any():
        _raise_duplicates(counts, countries, products, source)
    values = np.zeros(len(countries) * len(products))
    values[flat] = _numbers(table, value, source)
    return LabelledMatrix(values.reshape(len(countries), len(products)), tuple(countries), tuple(products))


def grid_labels(rows: Sequence[str], columns: Sequence[str]) -> tuple[pa.Array, pa.Array]:
    """The row and column label of every cell of a ``len(rows) × len(columns)`` matrix, row-major.

    Built by index (``take``), not through Python lists: a year's matrix has millions of cells.
    """
    row_labels, column_labels = pa.array(list(rows), pa.string()), pa.array(list(columns), pa.string())
    n_rows, n_columns = len(rows), len(columns)
    return (
        row_labels.take(pa.array(np.repeat(np.arange(n_rows, dtype=np.int64), n_columns))),
        column_labels.take(pa.array(np.tile(np.arange(n_columns, dtype=np.int64), n_rows))),
    )


def matrix_to_long(matrix: LabelledMatrix, *, value: str) -> pa.Table:
    """Every cell of the matrix as rows ``country, product, <value>`` (countries, then products, sorted)."""
    countries, products = grid_labels(matrix.countries, matrix.products)
    return pa.table(
        {"country": countries, "product": products, value: pa.array(matrix.values.reshape(-1), pa.float64())}
    )


def _sorted_labels(table: pa.Table, name: str, source: str) -> list[str]:
    column = table[name]
    if column.null_count:
        line = int(pc.index(pc.is_null(column), True).as_py())
        raise InputError.at(source, "the code is empty", "every row needs a code.", line=line + 2, column=name)
    return sorted(pc.unique(column.cast(pa.string())).to_pylist())


def _numbers(table: pa.Table, value: str, source: str) -> np.ndarray:
    column = table[value]
    if column.null_count:
        line = int(pc.index(pc.is_null(column), True).as_py())
        raise InputError.at(
            source, "the value is empty", "fill missing values with 0 or drop those rows.", line=line + 2, column=value
        )
    return column.cast(pa.float64()).to_numpy()


def _raise_duplicates(counts: np.ndarray, countries: list[str], products: list[str], source: str) -> None:
    dup = np.flatnonzero(counts > 1)
    shown = ", ".join(f"({countries[i // len(products)]}, {products[i % len(products)]})" for i in dup[:5])
    raise InputError(
        f"{source}: {dup.size} country × product cell(s) appear more than once: {shown}.",
        "sum the rows of each cell first (one row per year, country and product).",
    )
