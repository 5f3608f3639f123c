"""The cooperation evidence model: frozen dataclasses, serialisable to JSON and back.

A :class:`Cooperation` holds everything the brief, the workbook, the dashboard and the JSON API
show for one pair of countries: ten :class:`Section` objects in a fixed order
(:data:`SECTION_NAMES`: the seven of the first edition, with the robustness of the shared
vulnerabilities and the supplier-loss what-if after section 3 and the co-development
opportunities after section 5), each with a headline :class:`Statement`, further statements, notes and
named :class:`Table` objects. Statements carry a message id (English, ``str.format`` fields) and
raw arguments, so each renderer translates and formats them for its language
(:mod:`coopscope.i18n`). Field names are stable: the dashboard reads them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopscope.errors import CoopscopeError

SECTION_NAMES = (
    "dependence",
    "rules",
    "shared",
    "robustness",
    "whatif",
    "substitution",
    "balance",
    "opportunities",
    "firms",
    "methods",
)
MODEL_VERSION = "cooperation/1"


@dataclass(frozen=True)
class Table:
    """A small table: column names and rows (tuples of JSON values), in display order."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...] = ()

    @classmethod
    def from_records(cls, columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> Table:
        """A table of ``columns`` from dicts (missing keys become None; floats that are not finite too)."""
        return cls(tuple(columns), tuple(tuple(_clean(r.get(c)) for c in columns) for r in records))

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        """One column's values."""
        j = self.columns.index(name)
        return [row[j] for row in self.rows]

    def where(self, **equal: Any) -> Table:
        """The rows whose columns equal the given values."""
        idx = [(self.columns.index(k), v) for k, v in equal.items()]
        return Table(self.columns, tuple(r for r in self.rows if all(r[j] == v for j, v in idx)))

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.rows)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return _clean(value.item())
    return value


@dataclass(frozen=True)
class Statement:
    """One sentence: a message id with ``str.format`` fields and the raw values that fill them.

    Renderers translate ``key`` and format each argument for their language by its name
    (:func:`coopscope.i18n.format_statement`); :meth:`text` is the plain English form.
    """

    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        """The statement in English with plain number formatting."""
        from coopscope.i18n import format_statement

        return format_statement(self, "en")


@dataclass(frozen=True)
class Section:
    """One section of the evidence: a headline finding, statements, notes and named tables."""

    name: str
    headline: Statement
    statements: tuple[Statement, ...] = ()
    notes: tuple[Statement, ...] = ()
    tables: Mapping[str, Table] = field(default_factory=dict)

    def table(self, name: str) -> Table:
        """A table of the section by name."""
        if name not in self.tables:
            raise CoopscopeError(
                f"section '{self.name}': no table '{name}'.", f"tables: {', '.join(self.tables) or 'none'}."
            )
        return self.tables[name]


@dataclass(frozen=True)
class Cooperation:
    """The evidence on cooperation between ``a`` and ``b`` (see the module docstring).

    ``years``: every year used; ``year``: the latest (the report year); ``suppliers``: the
    supplier group; ``rules``: the dependence rules shown side by side; ``region``: the
    Northeast Asian economies of the supply-chain test; ``params``: every threshold used.
    """

    a: str
    b: str
    years: tuple[int, ...]
    year: int
    suppliers: tuple[str, ...]
    rules: tuple[str, ...]
    region: tuple[str, ...]
    hs_revision: str | None
    synthetic: bool
    params: Mapping[str, Any]
    sections: tuple[Section, ...]
    version: str = MODEL_VERSION

    def section(self, name: str) -> Section:
        """A section by name (:data:`SECTION_NAMES`)."""
        for s in self.sections:
            if s.name == name:
                return s
        raise CoopscopeError(f"cooperation: no section '{name}'.", f"sections: {', '.join(SECTION_NAMES)}.")

    def to_dict(self) -> dict[str, Any]:
        """The model as plain JSON values."""
        return {
            "version": self.version,
            **{k: _plain(getattr(self, k)) for k in _TOP_FIELDS},
            "sections": [_section_dict(s) for s in self.sections],
        }

    def to_json(self, indent: int | None = None) -> str:
        """The model as JSON text (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cooperation:
        """The model from :meth:`to_dict` output."""
        if data.get("version") != MODEL_VERSION:
            raise CoopscopeError(
                f"cooperation JSON: version {data.get('version')!r} is not {MODEL_VERSION}.",
                "rebuild the evidence with this coopscope version.",
            )
        top = {k: data[k] for k in _TOP_FIELDS}
        for k in ("years", "suppliers", "rules", "region"):
            top[k] = tuple(top[k])
        return cls(**top, sections=tuple(_section_from(s) for s in data["sections"]))

    @classmethod
    def from_json(cls, text: str) -> Cooperation:
        """The model from :meth:`to_json` text."""
        return cls.from_dict(json.loads(text))


_TOP_FIELDS = ("a", "b", "years", "year", "suppliers", "rules", "region", "hs_revision", "synthetic", "params")


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return _clean(value)


def _statement_dict(s: Statement) -> dict[str, Any]:
    return {"key": s.key, "args": _plain(s.args), "text": s.text()}


def _section_dict(s: Section) -> dict[str, Any]:
    return {
        "name": s.name,
        "headline": _statement_dict(s.headline),
        "statements": [_statement_dict(x) for x in s.statements],
        "notes": [_statement_dict(x) for x in s.notes],
        "tables": {k: {"columns": list(t.columns), "rows": _plain(t.rows)} for k, t in s.tables.items()},
    }


def _statement_from(d: Mapping[str, Any]) -> Statement:
    return Statement(d["key"], {k: tuple(v) if isinstance(v, list) else v for k, v in d["args"].items()})


def _section_from(d: Mapping[str, Any]) -> Section:
    return Section(
        name=d["name"],
        headline=_statement_from(d["headline"]),
        statements=tuple(_statement_from(x) for x in d["statements"]),
        notes=tuple(_statement_from(x) for x in d["notes"]),
        tables={k: Table(tuple(t["columns"]), tuple(tuple(r) for r in t["rows"])) for k, t in d["tables"].items()},
    )
