"""Firms: size classes by law, technology content and cross-border matching of partner firms.

Public entry points: :func:`coopscope.firms.screen.screen`, :func:`coopscope.firms.api.match`,
:func:`coopscope.firms.api.firms_sheet`, :func:`coopscope.sources.synth_firms.synthetic_firms`; the
canonical tables are in :mod:`coopscope.firms.schema`.
"""
