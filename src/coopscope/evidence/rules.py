"""Section 2: the four dependence rules side by side on the same products and years (METHODS.md §1–§2).

Tables: ``counts`` (year, country, rule, group, decided, n_products, import_value_usd),
``agreement`` (country, rule_a, rule_b, n_both, n_either, jaccard — report year; jaccard null
when a rule cannot decide), ``robust`` (country, product, description, mpe_class,
import_value_usd, top_supplier, top_supplier_share — flagged by every rule that decides in the
report year), ``persistence`` (country, rule, years_decided, n_products, n_every_year,
persistent_share — products flagged now and in every decided year).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS, Row, decided, flagged, groups_of, ratio, rows_of
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table

COUNT_GROUPS = ("all", "mpe:all", *MPE_GROUPS, *AREA_GROUPS)
ROBUST_COLUMNS = (
    "country",
    "product",
    "description",
    "mpe_class",
    "import_value_usd",
    "top_supplier",
    "top_supplier_share",
)


def count_rows(dep: Sequence[Row], rules: Sequence[str], years: Sequence[int], countries: Sequence[str]) -> list[Row]:
    """Dependent products and their imports per year, country, rule and group."""
    out = []
    for year in years:
        for country in countries:
            rows = [r for r in dep if r["year"] == year and r["importer"] == country]
            for rule in rules:
                can = any(decided(r, rule) for r in rows)
                hits = [(r, set(groups_of(r))) for r in rows if flagged(r, rule)]
                for group in COUNT_GROUPS:
                    chosen = [r for r, groups in hits if group in groups]
                    out.append(
                        {
                            "year": year,
                            "country": country,
                            "rule": rule,
                            "group": group,
                            "decided": can,
                            "n_products": len(chosen) if can else None,
                            "import_value_usd": sum(r["import_value_usd"] or 0.0 for r in chosen) if can else None,
                        }
                    )
    return out


def flagged_sets(dep: Sequence[Row], rules: Sequence[str], year: int, country: str) -> dict[str, set[str] | None]:
    """Products flagged by each rule in ``year``; None for a rule that cannot decide then."""
    rows = [r for r in dep if r["year"] == year and r["importer"] == country]
    return {
        rule: ({r["product"] for r in rows if flagged(r, rule)} if any(decided(r, rule) for r in rows) else None)
        for rule in rules
    }


def agreement_rows(sets: dict[str, dict[str, set[str] | None]]) -> list[Row]:
    """Jaccard index |A ∩ B| / |A ∪ B| of every pair of rules, per country (null if a rule cannot decide)."""
    out = []
    for country, by_rule in sets.items():
        for ra, rb in combinations(by_rule, 2):
            sa, sb = by_rule[ra], by_rule[rb]
            both = None if sa is None or sb is None else len(sa & sb)
            either = None if sa is None or sb is None else len(sa | sb)
            out.append(
                {
                    "country": country,
                    "rule_a": ra,
                    "rule_b": rb,
                    "n_both": both,
                    "n_either": either,
                    "jaccard": ratio(both, either) if either else (None if either is None else 1.0),
                }
            )
    return out


def robust_rows(dep: Sequence[Row], sets: dict[str, dict[str, set[str] | None]], year: int) -> list[Row]:
    """Products flagged by every rule that decides in ``year``, largest imports first."""
    out = []
    for country, by_rule in sets.items():
        deciding = [s for s in by_rule.values() if s is not None]
        common = set.intersection(*deciding) if deciding else set()
        rows = [r for r in dep if r["year"] == year and r["importer"] == country and r["product"] in common]
        out += [{**r, "country": country} for r in sorted(rows, key=lambda r: -(r["import_value_usd"] or 0.0))]
    return out


def persistence_rows(
    dep: Sequence[Row], rules: Sequence[str], years: Sequence[int], countries: Sequence[str]
) -> list[Row]:
    """Per country and rule: products flagged in the report year and in every year the rule decides."""
    out = []
    for country in countries:
        for rule in rules:
            per_year = {y: flagged_sets(dep, [rule], y, country)[rule] for y in years}
            known = [s for s in per_year.values() if s is not None]
            now = per_year[years[-1]]
            every = set.intersection(*known) if known else set()
            out.append(
                {
                    "country": country,
                    "rule": rule,
                    "years_decided": len(known),
                    "n_products": None if now is None else len(now),
                    "n_every_year": None if now is None else len(every),
                    "persistent_share": None if now is None else ratio(len(every), len(now)),
                }
            )
    return out


def rules_section(inputs: Inputs, rules: Sequence[str]) -> Section:
    """Section 2 (module docstring)."""
    dep, countries, year = rows_of(inputs.dependence), (inputs.a, inputs.b), inputs.year
    sets = {c: flagged_sets(dep, rules, year, c) for c in countries}
    counts = count_rows(dep, rules, inputs.years, countries)
    agreement = agreement_rows(sets)
    tables = {
        "counts": Table.from_records(
            ("year", "country", "rule", "group", "decided", "n_products", "import_value_usd"), counts
        ),
        "agreement": Table.from_records(("country", "rule_a", "rule_b", "n_both", "n_either", "jaccard"), agreement),
        "robust": Table.from_records(ROBUST_COLUMNS, robust_rows(dep, sets, year)),
        "persistence": Table.from_records(
            ("country", "rule", "years_decided", "n_products", "n_every_year", "persistent_share"),
            persistence_rows(dep, rules, inputs.years, countries),
        ),
    }
    statements = [_rule_statement(counts, rule, inputs) for rule in rules]
    statements.append(_agreement_statement(agreement, inputs))
    notes = _undecided_notes(dep, rules, inputs.years, countries)
    return Section("rules", _headline(sets, inputs), tuple(statements), tuple(notes), tables)


def _headline(sets: dict[str, dict[str, set[str] | None]], inputs: Inputs) -> Statement:
    sizes = [len(s) for by in sets.values() for s in by.values() if s is not None]
    robust = {c: _robust_count(by) for c, by in sets.items()}
    return Statement(
        "How many products count as dependent depends on the rule: in {year} the rules flag between {n_min} and "
        "{n_max} products per country; {a_n} of {a}'s and {b_n} of {b}'s are flagged by every rule that can decide.",
        {
            "year": inputs.year,
            "n_min": min(sizes, default=0),
            "n_max": max(sizes, default=0),
            "a": inputs.a,
            "b": inputs.b,
            "a_n": robust[inputs.a],
            "b_n": robust[inputs.b],
        },
    )


def _robust_count(by_rule: dict[str, set[str] | None]) -> int:
    deciding = [s for s in by_rule.values() if s is not None]
    return len(set.intersection(*deciding)) if deciding else 0


def _rule_statement(counts: Sequence[Row], rule: str, inputs: Inputs) -> Statement:
    rows = {r["country"]: r for r in counts if r["year"] == inputs.year and r["rule"] == rule and r["group"] == "all"}
    ra, rb = rows[inputs.a], rows[inputs.b]
    if not ra["decided"]:
        return Statement(
            "{rule} cannot decide for {year}: it needs earlier years of data.", {"rule": rule, "year": inputs.year}
        )
    return Statement(
        "{rule}: {a} depends on {a_n} products ({a_usd} of imports), {b} on {b_n} ({b_usd}).",
        {
            "rule": rule,
            "a": inputs.a,
            "b": inputs.b,
            "a_n": ra["n_products"],
            "a_usd": ra["import_value_usd"],
            "b_n": rb["n_products"],
            "b_usd": rb["import_value_usd"],
        },
    )


def _agreement_statement(agreement: Sequence[Row], inputs: Inputs) -> Statement:
    known = [r for r in agreement if r["jaccard"] is not None and r["country"] == inputs.a]
    if not known:
        return Statement("Agreement between rules cannot be measured: fewer than two rules can decide.", {})
    low, high = min(known, key=lambda r: r["jaccard"]), max(known, key=lambda r: r["jaccard"])
    return Statement(
        "For {a}, the closest rules are {rule_a} and {rule_b} (Jaccard {high_index}); the furthest apart are "
        "{rule_c} and {rule_d} ({low_index}).",
        {
            "a": inputs.a,
            "rule_a": high["rule_a"],
            "rule_b": high["rule_b"],
            "high_index": high["jaccard"],
            "rule_c": low["rule_a"],
            "rule_d": low["rule_b"],
            "low_index": low["jaccard"],
        },
    )


def _undecided_notes(
    dep: Sequence[Row], rules: Sequence[str], years: Sequence[int], countries: Sequence[str]
) -> list[Statement]:
    out = []
    for rule in rules:
        missing = tuple(y for y in years if flagged_sets(dep, [rule], y, countries[0])[rule] is None)
        if missing and missing != (years[-1],):  # the report year alone is already said in the rule's statement
            out.append(
                Statement(
                    "{rule} cannot decide for {years}: its window needs earlier years, so those years "
                    "show no count for it.",
                    {"rule": rule, "years": missing},
                )
            )
    return out
