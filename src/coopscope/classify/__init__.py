"""Reference classifications as package data: HS nomenclature, 소재·부품·장비, technology, AI areas, countries.

Entry points: :func:`lenses` (every six-digit code of a revision with all its classes),
:mod:`~coopscope.classify.hs`, :mod:`~coopscope.classify.mpe`, :mod:`~coopscope.classify.tech`,
:mod:`~coopscope.classify.areas` and :mod:`~coopscope.classify.countries`. Provenance and licences
of the data files: ``classify/data/SOURCES.md``.
"""

from __future__ import annotations

from coopscope.classify.lenses import lenses

__all__ = ["lenses"]
