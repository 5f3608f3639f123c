"""Technology intensity of ISIC Rev.4 industries: the OECD R&D-intensity taxonomy.

Galindo-Rueda & Verger (2016), "OECD Taxonomy of Economic Activities Based on R&D Intensity",
OECD STI Working Paper 2016/04 (METHODS.md §4.4). The shipped table
(``data/oecd-rd-intensity-isic4.csv``) names industries as single ISIC codes (``21``, ``303``),
ranges of divisions (``62–63``) or "the rest of" sets marked ``X`` (``30X`` = division 30 except
the groups named on their own rows, 301 and 303; ``25X`` = 25 except 252; ``32X`` = 32 except
325; ``69–75X`` = 69–75 except 72).

Resolution rule: the longest table entry that is a prefix of the code wins; an explicit entry
beats an ``X`` set of the same length. A code that *contains* industries of different classes
(``30``, ``25``, ``32``, ``58``) has no single class and gives ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from coopscope.classify._data import data_rows, data_table

TECH_CLASSES = ("high", "medium-high", "medium", "medium-low", "low")
TAXONOMY_FILE = "oecd-rd-intensity-isic4.csv"


@dataclass(frozen=True)
class _Entry:
    label: str
    prefixes: tuple[str, ...]
    excludes: tuple[str, ...]
    category: str


def _expand(label: str) -> tuple[str, ...]:
    """``'62–63'`` → ('62', '63'); ``'30X'`` → ('30',); ``'303'`` → ('303',)."""
    core = label.rstrip("X")
    if "–" not in core:
        return (core,)
    first, last = core.split("–")
    return tuple(f"{n:0{len(first)}d}" for n in range(int(first), int(last) + 1))


@cache
def _entries() -> tuple[_Entry, ...]:
    rows = data_rows(TAXONOMY_FILE)
    plain = [(r["isic4"], _expand(r["isic4"]), r["category"]) for r in rows]
    entries = []
    for label, prefixes, category in plain:
        excludes: tuple[str, ...] = ()
        if label.endswith("X"):
            excludes = tuple(sorted(p for other, ps, _ in plain if other != label for p in ps if _under(p, prefixes)))
        entries.append(_Entry(label, prefixes, excludes, category))
    return tuple(entries)


def _under(code: str, prefixes: tuple[str, ...]) -> bool:
    return any(code.startswith(p) for p in prefixes)


def _match(code: str) -> tuple[int, bool, _Entry] | None:
    best: tuple[int, bool, _Entry] | None = None
    for entry in _entries():
        for prefix in entry.prefixes:
            if code.startswith(prefix):
                key = (len(prefix), not entry.label.endswith("X"), entry)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best


@cache
def tech_class_of_isic(isic4: str) -> str | None:
    """OECD R&D-intensity class of an ISIC Rev.4 division, group or class (2–4 digits).

    Returns 'high', 'medium-high', 'medium', 'medium-low' or 'low'; None when the code is not
    2–4 digits, not covered by the taxonomy, or spans industries of different classes (e.g.
    ``'30'`` holds ships (medium), aircraft (high) and railway stock (medium-high)).
    Examples: ``'2611'`` → 'high' (division 26); ``'3091'`` → 'medium-high' (30X);
    ``'252'`` → 'medium-high'; ``'2599'`` → 'medium-low' (25X).
    """
    code = (isic4 or "").strip()
    if not (code.isdigit() and 2 <= len(code) <= 4):
        return None
    found = _match(code)
    if found is None:
        return None
    entry = found[2]
    if any(x.startswith(code) for x in entry.excludes):
        return None
    return entry.category


def oecd_taxonomy() -> pa.Table:
    """The OECD taxonomy with its groups resolved.

    Output columns: isic4 (the table's own label, e.g. '30X', '62–63'), name, sector,
    rd_intensity_pct (float64, business R&D / gross value added in %), category, covers
    (the ISIC prefixes the row stands for, ';'-joined) and excludes (prefixes taken out of an
    'X' set, ';'-joined). Source: Galindo-Rueda & Verger (2016) via NSF SEI table SAKTI-1.
    """
    table = data_table(TAXONOMY_FILE)
    entries = {e.label: e for e in _entries()}
    labels = table.column("isic4").to_pylist()
    return (
        table.set_column(
            table.schema.get_field_index("rd_intensity_pct"),
            "rd_intensity_pct",
            table.column("rd_intensity_pct").cast(pa.float64()),
        )
        .append_column("covers", pa.array([";".join(entries[x].prefixes) for x in labels]))
        .append_column("excludes", pa.array([";".join(entries[x].excludes) for x in labels]))
    )
