"""Partner-pair analysis: where two economies share vulnerabilities, could substitute, complement or compete.

Public API: :func:`analyse_pair` (store → :class:`PairResult`), :func:`pair_tables` (lazy tables from
inputs), :class:`PairParams` (the versioned thresholds) and :data:`PAIR_CLASSES`.
"""

from coopscope.pair.analysis import PairTables, load_lenses, pair_tables
from coopscope.pair.classes import PAIR_CLASSES, pair_classes, pair_sides
from coopscope.pair.params import PARAMS_VERSION, PairParams
from coopscope.pair.run import PairResult, analyse_pair

__all__ = [
    "PAIR_CLASSES",
    "PARAMS_VERSION",
    "PairParams",
    "PairResult",
    "PairTables",
    "analyse_pair",
    "load_lenses",
    "pair_classes",
    "pair_sides",
    "pair_tables",
]
