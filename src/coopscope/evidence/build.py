"""Build the :class:`~coopscope.evidence.model.Cooperation` model: read the store once, then the ten sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from coopscope.classify.countries import ADVANCED
from coopscope.errors import OptionError
from coopscope.evidence.balance import balance_section
from coopscope.evidence.dependence import dependence_section
from coopscope.evidence.firms import firms_section
from coopscope.evidence.inputs import REGION, RULES, Inputs, read_inputs
from coopscope.evidence.methods import methods_section
from coopscope.evidence.model import Cooperation
from coopscope.evidence.opportunities import opportunities_section
from coopscope.evidence.robustness import robustness_section
from coopscope.evidence.rules import rules_section
from coopscope.evidence.shared import shared_section, substitution_section
from coopscope.evidence.whatif import whatif_section
from coopscope.pair.params import PairParams


def build_cooperation(
    store: Any,
    a: str,
    b: str,
    *,
    years: Sequence[int] | None = None,
    suppliers: Sequence[str] = ADVANCED,
    rules: Sequence[str] = RULES,
    region: Sequence[str] = REGION,
    params: PairParams | None = None,
    engine: str = "duckdb",
    to: str | None = None,
) -> Cooperation:
    """The evidence on cooperation between ``a`` and ``b`` from a store (a path or a Store).

    ``years``: the years to use (default: every year in the store; the latest is the report year).
    ``suppliers``: the supplier group (default USA, JPN, DEU). ``rules``: the dependence rules shown
    side by side (METHODS.md §1–§2; all four by default, none is a silent default). ``region``: the
    economies of the regional supply-chain test (default CHN, KOR, JPN, TWN). ``params``: the
    thresholds of coopscope.pair.params (its ``method`` is not used). Uses the store's built
    tables when they exist (``coopscope build``); ``to`` converts the flows to that HS revision first.
    """
    unknown = [r for r in rules if r not in RULES]
    if unknown or not rules:
        raise OptionError(
            f"rules: {', '.join(unknown) or 'none given'} not known.", f"use some of: {', '.join(RULES)}."
        )
    params = params or PairParams(method="eu2021")
    inputs = read_inputs(store, a, b, years=years, suppliers=suppliers, engine=engine, params=params, to=to)
    return cooperation_from_inputs(inputs, rules=tuple(rules), region=tuple(s.upper() for s in region), params=params)


def cooperation_from_inputs(
    inputs: Inputs,
    *,
    rules: tuple[str, ...] = RULES,
    region: tuple[str, ...] = REGION,
    params: PairParams | None = None,
) -> Cooperation:
    """The model from already read :class:`~coopscope.evidence.inputs.Inputs` (pure)."""
    params = params or PairParams(method="eu2021")
    synthetic = any(s.get("synthetic") for s in inputs.manifest.get("sources", []))
    shared = shared_section(inputs, rules, params)
    substitution = substitution_section(inputs, rules, params)
    sections = (
        dependence_section(inputs, majority_share=params.group_share_min),
        rules_section(inputs, rules),
        shared,
        robustness_section(inputs, rules, shared, params),
        whatif_section(inputs),
        substitution,
        balance_section(inputs, region),
        opportunities_section(inputs),
        firms_section(inputs, shared.table("products"), substitution.table("products")),
        methods_section(inputs, rules, params, synthetic),
    )
    kept = {k: v for k, v in asdict(params).items() if k != "method"}
    return Cooperation(
        a=inputs.a,
        b=inputs.b,
        years=inputs.years,
        year=inputs.year,
        suppliers=inputs.suppliers,
        rules=rules,
        region=region,
        hs_revision=inputs.hs_revision,
        synthetic=synthetic,
        params=kept,
        sections=sections,
    )
