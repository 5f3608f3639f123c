"""Read the classification tables shipped in ``coopscope/classify/data`` (see SOURCES.md there)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import pyarrow as pa
import pyarrow.csv as pacsv

PACKAGE = "coopscope.classify.data"


def data_text(name: str) -> str:
    """The UTF-8 text of one package data file (a leading byte-order mark is dropped)."""
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8-sig")


@cache
def data_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a package CSV file as dicts of text (every column read as text)."""
    return tuple(csv.DictReader(io.StringIO(data_text(name))))


@cache
def data_table(name: str) -> pa.Table:
    """A package CSV file as an Arrow table with every column read as text."""
    return text_table(resources.files(PACKAGE).joinpath(name))


def text_table(ref: Traversable) -> pa.Table:
    """A CSV file (any package's data) as an Arrow table with every column read as text."""
    raw = ref.read_bytes()
    header = raw.decode("utf-8-sig").split("\n", 1)[0]
    names = next(csv.reader([header]))
    convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names})
    return pacsv.read_csv(pa.py_buffer(raw.removeprefix(b"\xef\xbb\xbf")), convert_options=convert)
