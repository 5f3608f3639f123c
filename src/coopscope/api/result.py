"""The one result shape of :mod:`coopscope.api`: a frozen table with its parameters and notes.

Every job returns a :class:`Result`. Its ``table`` is an Arrow table (``to_arrow``,
``to_pandas``, ``to_polars``); ``params`` are the parameters actually used (defaults filled in,
names resolved: ``한국`` → ``KOR``); ``notes`` are the sentences a reader must see; ``synthetic``
says, as data, whether any input was synthetic; ``basis`` names the trade data basis
(``reconciled``, ``reported_imports`` or ``mirror_exports``) where trade data were read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import pyarrow as pa

from coopscope.errors import InputError, OptionError

SYNTHETIC_NOTE = "Built from SYNTHETIC data — not real trade."
BASIS_NAMES = {
    "reconciled": "reconciled flows (BACI-style, both sides)",
    "reported_imports": "imports as reported by the importer",
    "mirror_exports": "exports as reported by the partners (mirror)",
}


@dataclass(frozen=True)
class Result:
    """A table with what produced it.

    ``tables`` holds any further named tables of the job; ``detail`` the job's own result object
    where it has one (e.g. :class:`coopscope.pair.PairResult`).
    """

    kind: str
    table: pa.Table
    params: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    synthetic: bool = False
    basis: str | None = None
    title: str = ""
    tables: Mapping[str, pa.Table] = field(default_factory=dict)
    detail: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        object.__setattr__(self, "tables", MappingProxyType(dict(self.tables)))
        object.__setattr__(self, "notes", tuple(self.notes))

    def __len__(self) -> int:
        return self.table.num_rows

    @property
    def columns(self) -> list[str]:
        """The column names of the main table."""
        return list(self.table.column_names)

    def _pick(self, name: str | None) -> pa.Table:
        if name is None:
            return self.table
        if name not in self.tables:
            raise OptionError(f"{self.kind}: no table '{name}'.", f"tables: {', '.join(self.tables) or 'none'}.")
        return self.tables[name]

    def to_arrow(self, name: str | None = None) -> pa.Table:
        """The main table (or the named one of ``tables``) as Arrow; SYNTHETIC results say so in its metadata."""
        table = self._pick(name)
        meta = {b"coopscope.kind": self.kind.encode(), b"coopscope.synthetic": str(self.synthetic).lower().encode()}
        if self.basis:
            meta[b"coopscope.basis"] = self.basis.encode()
        return table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})

    def to_pandas(self, name: str | None = None) -> Any:
        """The table as a pandas DataFrame."""
        return self._pick(name).to_pandas()

    def to_polars(self, name: str | None = None) -> Any:
        """The table as a Polars DataFrame (needs the ``polars`` extra)."""
        try:
            import polars as pl
        except ImportError as exc:
            raise OptionError("to_polars needs Polars.", "pip install 'coopscope[polars]'.") from exc
        return pl.from_arrow(self._pick(name))

    def note_text(self) -> str:
        """The notes as one paragraph (SYNTHETIC first)."""
        return " ".join(self.notes)


def as_arrow(table: Any, what: str = "table") -> pa.Table:
    """Arrow from an Arrow table, a pandas or Polars DataFrame, or anything with ``__arrow_c_stream__``."""
    if isinstance(table, pa.Table):
        return table
    if hasattr(table, "to_arrow") and type(table).__module__.startswith("polars"):
        return table.to_arrow()
    if type(table).__module__.startswith("pandas"):
        return pa.Table.from_pandas(table, preserve_index=False)
    if hasattr(table, "__arrow_c_stream__"):
        return pa.table(table)
    raise InputError(f"{what}: a {type(table).__name__} is not a table.", "pass an Arrow, pandas or Polars table.")


def basis_note(basis: str | None) -> str:
    """The sentence naming the data basis, for every output that read trade flows."""
    if not basis:
        return ""
    partial = (
        " Only the reporters in the store are covered: world measures (world_export_hhi, world shares) are partial."
        if basis != "reconciled"
        else ""
    )
    return f"Data basis: {BASIS_NAMES.get(basis, basis)}.{partial}"


def make_notes(*, synthetic: bool, basis: str | None, extra: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """The notes of a result: SYNTHETIC first, then the basis, then the job's own notes."""
    head = [SYNTHETIC_NOTE] if synthetic else []
    return tuple(n for n in (*head, basis_note(basis), *extra) if n)
