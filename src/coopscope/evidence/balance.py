"""Section 5: complement or compete, over time, and the test of the regional supply-chain claim.

Indicators follow WITS (METHODS.md §3.2): TCI (Michaely), ESI (Finger–Kreinin), Grubel–Lloyd,
trade intensity. The cooperation balance here is the value where one partner's export strength
meets the other's import demand (``complementary_usd``, both directions) against the value of
products where both compete in the same third markets (``competing_usd``); neither depends on a
dependence rule.

Tables: ``indicators`` (year, group, tci_a_to_b, tci_b_to_a, esi_world, gl_bilateral, tii_a_to_b,
tii_b_to_a, complementary_usd, competing_usd, balance_ratio) for all, MPE and AI-area groups;
``regional`` (year, country, import_value_usd, regional_value_usd, regional_share: each
partner's imports of materials, parts and equipment, and the part bought from the other
Northeast Asian economies of ``region``).
"""

from __future__ import annotations

from collections.abc import Sequence

from coopscope.evidence.common import AREA_GROUPS, MPE_GROUPS, Row, ratio, rows_of, total_by
from coopscope.evidence.inputs import Inputs
from coopscope.evidence.model import Section, Statement, Table
from coopscope.i18n.catalog import N_

INDICATOR_GROUPS = ("all", *MPE_GROUPS, *AREA_GROUPS)
INDICATOR_COLUMNS = (
    "year",
    "group",
    "tci_a_to_b",
    "tci_b_to_a",
    "esi_world",
    "gl_bilateral",
    "tii_a_to_b",
    "tii_b_to_a",
    "complementary_usd",
    "competing_usd",
    "balance_ratio",
)


def indicator_rows(inputs: Inputs) -> list[Row]:
    """The pair indicators per year and group, with the cooperation balance (module docstring)."""
    rows = [r for r in rows_of(inputs.indicators) if r["group"] in INDICATOR_GROUPS and r["year"] in inputs.years]
    out = [{**r, "balance_ratio": ratio(r["complementary_usd"], r["competing_usd"])} for r in rows]
    order = {g: i for i, g in enumerate(INDICATOR_GROUPS)}
    return sorted(out, key=lambda r: (r["year"], order[r["group"]]))


def regional_rows(inputs: Inputs, region: Sequence[str]) -> list[Row]:
    """Each partner's MPE imports and the share bought from the rest of ``region``, per year."""
    mpe = [r for r in rows_of(inputs.flows) if r["group"] in MPE_GROUPS]
    whole = total_by(mpe, ("year", "importer"), lambda r: r["import_value_usd"])
    inside = total_by(
        [r for r in mpe if r["exporter"] in region and r["exporter"] != r["importer"]],
        ("year", "importer"),
        lambda r: r["import_value_usd"],
    )
    return [
        {
            "year": y,
            "country": c,
            "import_value_usd": v,
            "regional_value_usd": inside.get((y, c), 0.0),
            "regional_share": ratio(inside.get((y, c), 0.0), v),
        }
        for (y, c), v in sorted(whole.items())
    ]


def balance_section(inputs: Inputs, region: Sequence[str]) -> Section:
    """Section 5 (module docstring)."""
    indicators, regional = indicator_rows(inputs), regional_rows(inputs, region)
    latest = {r["group"]: r for r in indicators if r["year"] == inputs.year}
    overall = latest.get("all")
    statements = [_reading(overall, inputs)] if overall else []
    statements += [_area_statement(latest.get(g), g) for g in (*MPE_GROUPS, *AREA_GROUPS)]
    statements.append(_claim(indicators, regional, inputs, region))
    tables = {
        "indicators": Table.from_records(INDICATOR_COLUMNS, indicators),
        "regional": Table.from_records(
            ("year", "country", "import_value_usd", "regional_value_usd", "regional_share"), regional
        ),
    }
    return Section("balance", _headline(latest.get("all")), tuple(statements), (), tables)


def _headline(row: Row | None) -> Statement:
    if row is None or not (row["complementary_usd"] or row["competing_usd"]):
        return Statement("The partners neither complement nor compete in the data.", {})
    args = {"c_usd": row["complementary_usd"], "k_usd": row["competing_usd"]}
    if (row["complementary_usd"] or 0) >= (row["competing_usd"] or 0):
        return Statement(
            "They complement more than they compete: {c_usd} of trade where one's export strength meets "
            "the other's demand, against {k_usd} where they compete in the same markets.",
            args,
        )
    return Statement(
        "They compete more than they complement: {k_usd} where they compete in the same markets, "
        "against {c_usd} where one's export strength meets the other's demand.",
        args,
    )


def _reading(row: Row, inputs: Inputs) -> Statement:
    return Statement(
        "In {year}, {a}'s exports match {b}'s imports with a complementarity index of {tci_ab_index} (0–100, higher "
        "is a closer match) and {b}'s match {a}'s at {tci_ba_index}; their exports to the world are {esi_index} "
        "similar (0–100); {gl_share} of their bilateral trade is two-way trade in the same products.",
        {
            "year": inputs.year,
            "a": inputs.a,
            "b": inputs.b,
            "tci_ab_index": row["tci_a_to_b"],
            "tci_ba_index": row["tci_b_to_a"],
            "esi_index": row["esi_world"],
            "gl_share": row["gl_bilateral"],
        },
    )


def _area_statement(row: Row | None, group: str) -> Statement:
    if row is None or not (row["complementary_usd"] or row["competing_usd"]):
        return Statement("{group_name}: no product where the partners complement or compete.", {"group_name": group})
    args = {"group_name": group, "c_usd": row["complementary_usd"], "k_usd": row["competing_usd"]}
    if (row["complementary_usd"] or 0) >= (row["competing_usd"] or 0):
        return Statement("{group_name}: cooperation outweighs competition ({c_usd} against {k_usd}).", args)
    return Statement("{group_name}: competition outweighs cooperation ({k_usd} against {c_usd}).", args)


def _claim(indicators: Sequence[Row], regional: Sequence[Row], inputs: Inputs, region: Sequence[str]) -> Statement:
    esi = {r["year"]: r["esi_world"] for r in indicators if r["group"] == "all"}
    years = sorted(esi)
    if len(years) < 2:
        return Statement(
            "The claim that regional supply chains contracted while competition grew cannot be tested "
            "with one year of data.",
            {},
        )
    first, last = years[0], years[-1]
    share = {(r["year"], r["country"]): r["regional_share"] for r in regional}
    fell = [
        share.get((last, c)) is not None and share.get((first, c)) is not None and share[(last, c)] < share[(first, c)]
        for c in (inputs.a, inputs.b)
    ]
    rose = esi[last] is not None and esi[first] is not None and esi[last] > esi[first]
    verdict = (
        N_("supported")
        if all(fell) and rose
        else (N_("partly supported") if any(fell) or rose else N_("not supported"))
    )
    return Statement(
        "The claim that cooperation declined and competition intensified as the Northeast Asian supply chain "
        "({region}) contracted is {verdict} by the data: from {year_from} to {year}, the regional share of {a}'s "
        "imports of materials, parts and equipment moved from {a_from_share} to {a_share}, {b}'s from {b_from_share} "
        "to {b_share}, and their export similarity from {esi_from_index} to {esi_index}.",
        {
            "region": tuple(region),
            "verdict": verdict,
            "year_from": first,
            "year": last,
            "a": inputs.a,
            "b": inputs.b,
            "a_from_share": share.get((first, inputs.a)),
            "a_share": share.get((last, inputs.a)),
            "b_from_share": share.get((first, inputs.b)),
            "b_share": share.get((last, inputs.b)),
            "esi_from_index": esi[first],
            "esi_index": esi[last],
        },
    )
