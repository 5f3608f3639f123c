"""The cooperation evidence model: one :class:`Cooperation` per pair.

It is the only input of the brief, the workbook, the dashboard and the JSON API.

Public API: :func:`build_cooperation` (store → model), :class:`Cooperation`, :class:`Section`,
:class:`Statement`, :class:`Table`, :data:`SECTION_NAMES`.
"""

from coopscope.evidence.build import build_cooperation, cooperation_from_inputs
from coopscope.evidence.model import SECTION_NAMES, Cooperation, Section, Statement, Table

__all__ = [
    "SECTION_NAMES",
    "Cooperation",
    "Section",
    "Statement",
    "Table",
    "build_cooperation",
    "cooperation_from_inputs",
]
