"""Notes that other modules hand to the evidence as plain English text, kept here as catalog entries.

The evidence turns such a note into a statement whose message id is the note itself, so the
report translates it like any other sentence; every note listed here has a Korean and a Chinese
translation (tests/evidence/test_i18n.py checks that the modules' notes are listed).
"""

from __future__ import annotations

from coopscope.i18n.catalog import N_

NOTES = (
    # coopscope.evidence.inputs.LENS_NOTE
    N_(
        "Product lenses (materials/parts/equipment, technology, AI areas) were not available; "
        "indicators are shown for all products only."
    ),
)
