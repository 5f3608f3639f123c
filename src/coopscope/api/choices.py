"""The choices and defaults the faces (CLI, web) offer, read from where each is defined.

The command line builds its options and ``--help`` from these, so it never reaches into the
indicators, the pair analysis or the sources itself.
"""

from __future__ import annotations

from coopscope.api.build import GROUPS
from coopscope.api.data import SYNTH_SCALES
from coopscope.classify.countries import ADVANCED
from coopscope.classify.lenses import LENS_REVISIONS
from coopscope.indicators.complexity import EXPORT_COLUMNS
from coopscope.indicators.dependence_summary import GROUPINGS, METHODS
from coopscope.indicators.mirror import BAND, CIF_FOB_MARGIN
from coopscope.indicators.opportunities import STRATEGIES
from coopscope.indicators.whatif import CoverRule
from coopscope.pair.analysis import INDICATOR_ORDER

__all__ = [
    "ADVANCED",
    "BAND",
    "CIF_FOB_MARGIN",
    "EXPORT_COLUMNS",
    "GROUPINGS",
    "GROUPS",
    "INDICATOR_ORDER",
    "LENS_REVISIONS",
    "METHODS",
    "STRATEGIES",
    "SYNTH_SCALES",
    "CoverRule",
]
