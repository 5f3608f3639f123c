"""The Cooperation model on a small synthetic world: every section answers, and the numbers hold together."""

from __future__ import annotations

import pytest

from coopscope.classify.areas import AREA_IDS
from coopscope.errors import CoopscopeError
from coopscope.evidence import SECTION_NAMES, Cooperation
from coopscope.evidence.common import flagged
from coopscope.pair.params import PairParams

MPE = ("mpe:materials", "mpe:parts", "mpe:equipment")


def test_sections_in_order_and_each_non_empty(cooperation):
    assert tuple(s.name for s in cooperation.sections) == SECTION_NAMES
    for section in cooperation.sections:
        assert section.headline.text(), section.name
        assert any(len(t) for t in section.tables.values()), section.name
    assert cooperation.suppliers == ("USA", "JPN", "DEU")
    assert cooperation.rules == ("eu2021", "geodep", "kita", "kiet")
    assert cooperation.years == (2020, 2021, 2022) and cooperation.year == 2022


def test_dependence_shows_both_countries_group_shares_for_each_class(cooperation):
    shares = cooperation.section("dependence").table("group_shares")
    for year in cooperation.years:
        for country in ("KOR", "CHN"):
            for group in (*MPE, "mpe:all"):
                rows = shares.where(year=year, country=country, group=group).records()
                assert len(rows) == 1, (year, country, group)
                assert 0.0 <= rows[0]["group_share"] <= 1.0


def test_group_share_is_the_sum_of_its_members(cooperation):
    section = cooperation.section("dependence")
    members = section.table("member_shares").records()
    for row in section.table("group_shares").records():
        parts = [
            m["share"]
            for m in members
            if (m["year"], m["country"], m["group"]) == (row["year"], row["country"], row["group"])
        ]
        assert len(parts) == 3
        assert sum(parts) == pytest.approx(row["group_share"])


def test_majority_products_are_mpe_and_group_led(cooperation):
    majority = cooperation.section("dependence").table("majority").where(year=2022, group="mpe:all").records()
    classes = cooperation.section("dependence").table("majority").where(year=2022)
    for row in majority:
        per_class = [r["n_products"] for r in classes.where(country=row["country"]).records() if r["group"] in MPE]
        assert row["n_products"] == sum(per_class)
    for r in cooperation.section("dependence").table("top_products").records():
        assert r["group_share"] > 0 and r["rank"] <= 5


def test_every_ai_area_has_a_statement(cooperation):
    from coopscope.i18n import area_name

    for name in ("dependence", "balance", "firms"):
        texts = " ".join(s.text() for s in cooperation.section(name).statements)
        for area in AREA_IDS:
            assert area_name(area) in texts, (name, area)


def test_rules_side_by_side_and_agreement(cooperation):
    rules = cooperation.section("rules")
    counts = rules.table("counts").where(year=2022, group="all")
    assert {r["rule"] for r in counts.records()} == {"eu2021", "geodep", "kita", "kiet"}
    for row in rules.table("agreement").records():
        assert row["jaccard"] is None or 0.0 <= row["jaccard"] <= 1.0
        if row["n_either"]:
            assert row["jaccard"] == pytest.approx(row["n_both"] / row["n_either"])
    # GeoDep needs 2 of the last 3 years, so the first year is undecided, and said so
    geodep_2020 = rules.table("counts").where(year=2020, rule="geodep", group="all").records()
    assert all(r["decided"] is False and r["n_products"] is None for r in geodep_2020)
    assert any(n.args.get("rule") == "geodep" for n in rules.notes)


def test_robust_products_are_flagged_by_every_deciding_rule(cooperation, world_store):
    from coopscope.evidence.inputs import read_inputs

    inputs = read_inputs(world_store, "KOR", "CHN")
    latest = {(r["importer"], r["product"]): r for r in inputs.dependence.to_pylist() if r["year"] == 2022}
    robust = cooperation.section("rules").table("robust").records()
    assert robust
    for r in robust:
        row = latest[(r["country"], r["product"])]
        assert all(flagged(row, rule) for rule in ("eu2021", "geodep", "kita", "kiet"))


def test_shared_vulnerabilities_meet_their_basis(cooperation):
    limit = PairParams().group_share_min
    products = cooperation.section("shared").table("products").records()
    values = [r["value_usd"] for r in products]
    assert values == sorted(values, reverse=True)
    for r in products:
        by_group = r["group_share_a"] > limit and r["group_share_b"] > limit
        same_top = r["top_supplier_a"] == r["top_supplier_b"] and bool(r["rules"])
        assert by_group or same_top
        assert r["basis"] == ("both" if by_group and same_top else "group" if by_group else "same_top")


def test_substitution_carries_capacity_evidence(cooperation):
    p = PairParams()
    rows = cooperation.section("substitution").table("products").records()
    assert {r["direction"] for r in rows} <= {"a_to_b", "b_to_a"}
    for r in rows:
        assert r["rca"] > p.rca_min and r["export_value_usd"] >= p.scale_min_usd
        assert r["world_share"] >= p.scale_min_world_share
        assert r["replaced_supplier"] not in ("KOR", "CHN") and r["rules"]


def test_balance_over_time_and_the_regional_claim(cooperation):
    balance = cooperation.section("balance")
    indicators = balance.table("indicators")
    assert {r["year"] for r in indicators.records()} == {2020, 2021, 2022}
    assert "all" in indicators.column("group") and all(f"ai:{a}" in indicators.column("group") for a in AREA_IDS)
    for r in balance.table("regional").records():
        assert 0.0 <= r["regional_share"] <= 1.0
    claim = [s for s in balance.statements if "verdict" in s.args]
    assert len(claim) == 1 and claim[0].args["verdict"] in ("supported", "partly supported", "not supported")
    assert claim[0].args["region"] == ("CHN", "KOR", "JPN", "TWN")


def test_firms_per_area_with_reasons(cooperation):
    matches = cooperation.section("firms").table("matches").records()
    assert matches and all(r["reasons"] for r in matches)
    assert {r["area"] for r in matches} <= set(AREA_IDS)


def test_methods_name_every_rule_and_the_synthetic_data(cooperation):
    methods = cooperation.section("methods")
    assert [r["rule"] for r in methods.table("rules").records()] == list(cooperation.rules)
    assert all(r["source"] and "=" in r["thresholds"] for r in methods.table("rules").records())
    assert cooperation.synthetic and "SYNTHETIC" in methods.notes[0].text()


def test_json_round_trip(cooperation):
    text = cooperation.to_json()
    again = Cooperation.from_json(text)
    assert again == cooperation
    assert again.to_json() == text


def test_unknown_section_and_table_are_clear_errors(cooperation):
    with pytest.raises(CoopscopeError, match="no section 'nope'"):
        cooperation.section("nope")
    with pytest.raises(CoopscopeError, match="no table 'nope'"):
        cooperation.section("rules").table("nope")


def test_one_year_store_still_gives_evidence(one_year_store):
    from coopscope.evidence import build_cooperation

    c = build_cooperation(one_year_store, "KOR", "CHN")
    assert c.years == (2022,)
    rules = c.section("rules")
    geodep = [s for s in rules.statements if s.args.get("rule") == "geodep"]
    assert geodep and "cannot decide" in geodep[0].text()
    eu = [s for s in rules.statements if s.args.get("rule") == "eu2021"]
    assert eu[0].args["a_n"] is not None
    assert "cannot be tested" in c.section("balance").statements[-1].text()


def test_unknown_rule_is_an_option_error(world_store):
    from coopscope.errors import OptionError
    from coopscope.evidence import build_cooperation

    with pytest.raises(OptionError, match="rules"):
        build_cooperation(world_store, "KOR", "CHN", rules=("eu2021", "oecd"))


@pytest.mark.slow
def test_report_command_on_a_one_year_store(one_year_store, tmp_path):
    from click.testing import CliRunner

    from coopscope.cli import main

    out = tmp_path / "report"
    args = ["report", "KOR", "CHN", "--year", "2022", "--store", str(one_year_store), "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    html = (out / "coopscope-KOR-CHN-2022.html").read_text(encoding="utf-8")
    assert "GeoDep (CEPII) cannot decide for 2022" in html
    assert "cannot be tested with one year of data" in html
