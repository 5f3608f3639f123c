"""Supplier-loss what-if on a hand-made world, on every engine (METHODS.md §B2).

Exports: JPN 190 (P1 150, P2 40), CHN 230 (P1), TWN 350 (P1), USA 20 (P1), DEU 400 (P2), KOR 100 (P2);
P1 750, P2 540, world 1290, so RCA of CHN, TWN, USA in P1 = 1290/750 = 1.72, DEU in P2 = 1290/540.
"""

from __future__ import annotations

import pytest
from beyond_data import P1, P2

from coopscope.engine import from_arrow, to_arrow
from coopscope.errors import OptionError
from coopscope.indicators.whatif import (
    CoverRule,
    alternatives,
    exposure,
    exposure_totals,
    net_exposure,
    shared_exposure,
    year_flows,
)


def _rows(con, expr, keys):
    return {tuple(r[k] for k in keys): r for r in to_arrow(con, expr).to_pylist()}


@pytest.fixture
def tables(engine, whatif_trade):
    flows = year_flows(from_arrow(engine, whatif_trade), 2022)
    exposed = exposure(flows, importers=["KOR", "CHN"], suppliers=["JPN"])
    return engine, flows, exposed


def test_exposure_is_the_value_from_the_lost_suppliers(tables):
    con, _, exposed = tables
    got = _rows(con, exposed, ["importer", "product"])
    assert set(got) == {("KOR", P1), ("KOR", P2), ("CHN", P1)}
    kor = got[("KOR", P1)]
    assert (kor["imports_usd"], kor["exposed_usd"], kor["total_imports_usd"]) == (150.0, 100.0, 190.0)
    assert kor["exposed_share"] == pytest.approx(2 / 3)
    assert kor["exposed_share_of_imports"] == pytest.approx(100 / 190)
    assert got[("CHN", P1)]["exposed_share"] == pytest.approx(0.5)


def test_alternatives_name_the_partner_first_with_spare_capacity(tables):
    con, flows, exposed = tables
    alt = alternatives(flows, exposed.filter(exposed.importer == "KOR"), suppliers=["JPN"], partner="CHN")
    got = sorted(to_arrow(con, alt).to_pylist(), key=lambda r: (r["product"], r["rank"]))
    p1 = [(r["exporter"], r["rank"], r["spare_usd"], r["to_importer_usd"]) for r in got if r["product"] == P1]
    assert p1 == [("CHN", 1, 200.0, 30.0), ("TWN", 2, 350.0, 0.0), ("USA", 3, 0.0, 20.0)]
    chn = got[0]
    assert chn["is_partner"] and chn["rca"] == pytest.approx(1290 / 750)
    assert chn["world_export_share"] == pytest.approx(230 / 750)
    p2 = [(r["exporter"], r["rca"]) for r in got if r["product"] == P2]
    assert p2 == [("DEU", pytest.approx(1290 / 540))]  # KOR itself is no alternative for KOR


def test_net_exposure_follows_the_stated_rule(tables):
    con, flows, exposed = tables
    alt = alternatives(flows, exposed, suppliers=["JPN"], partner=None)
    got = _rows(con, net_exposure(exposed, alt), ["importer", "product"])
    kor = got[("KOR", P1)]  # capacity 200 + 350 + 0 = 550; cover min(100, 55)
    assert (kor["n_alternatives"], kor["capacity_usd"], kor["cover_usd"], kor["net_exposed_usd"]) == (3, 550, 55, 45)
    assert kor["net_share"] == pytest.approx(45 / 150)
    assert got[("KOR", P2)]["net_exposed_usd"] == 0.0  # DEU's 10 % of 400 covers all 40
    assert got[("CHN", P1)]["net_exposed_usd"] == pytest.approx(18.0)  # TWN 300 + USA 20 → cover 32


def test_a_stricter_rule_covers_less(tables):
    con, flows, exposed = tables
    alt = alternatives(flows, exposed, suppliers=["JPN"], partner="CHN")
    got = _rows(con, net_exposure(exposed, alt, CoverRule(redirect=0.05, min_rca=2.0)), ["importer", "product"])
    assert got[("KOR", P1)]["n_alternatives"] == 0 and got[("KOR", P1)]["net_exposed_usd"] == 100.0
    assert got[("KOR", P2)]["cover_usd"] == pytest.approx(20.0)  # DEU (RCA 2.39) redirects 5 % of 400


def test_partner_cover_is_what_the_partner_alone_could_give(tables):
    con, flows, exposed = tables
    kor = exposed.filter(exposed.importer == "KOR")
    got = _rows(con, net_exposure(kor, alternatives(flows, kor, suppliers=["JPN"], partner="CHN")), ["product"])
    assert got[(P1,)]["partner_cover_usd"] == pytest.approx(20.0)  # 10 % of CHN's 200 to third countries
    assert got[(P2,)]["partner_cover_usd"] == 0.0


def test_totals_per_group(tables, groups):
    con, flows, exposed = tables
    net = net_exposure(exposed, alternatives(flows, exposed, suppliers=["JPN"]))
    got = _rows(con, exposure_totals(net, from_arrow(con, groups)), ["importer", "group"])
    assert (got[("KOR", "all")]["exposed_usd"], got[("KOR", "all")]["net_exposed_usd"]) == (140.0, 45.0)
    assert got[("KOR", "mpe:parts")]["products"] == 2
    assert got[("KOR", "ai:ai-semiconductors")]["exposed_usd"] == 100.0
    assert got[("KOR", "all")]["net_share_of_imports"] == pytest.approx(45 / 190)
    assert got[("CHN", "all")]["exposed_usd"] == 50.0


def test_two_importers_share_p1_and_compete_for_its_spare_capacity(tables):
    con, flows, exposed = tables
    net = net_exposure(exposed, alternatives(flows, exposed, suppliers=["JPN"]))
    shared = to_arrow(con, shared_exposure(flows, net, importers=["KOR", "CHN"], suppliers=["JPN"])).to_pylist()
    assert len(shared) == 1  # only P1: CHN imports no P2 from JPN
    row = shared[0]
    assert (row["product"], row["exposed_a_usd"], row["exposed_b_usd"], row["combined_exposed_usd"]) == (
        P1,
        100,
        50,
        150,
    )
    # joint alternatives: TWN (350 − 50 sold to CHN) and USA (20 − 20 sold to KOR): capacity 300, cover 30
    assert (row["joint_capacity_usd"], row["joint_cover_usd"], row["joint_net_exposed_usd"]) == (300, 30, 120)
    assert row["extra_shortfall_usd"] == pytest.approx(120 - 45 - 18)


@pytest.mark.parametrize("rule", [{"redirect": 1.5}, {"redirect": -0.1}, {"min_rca": -1.0}], ids=str)
def test_bad_rules_are_errors(rule):
    with pytest.raises(OptionError, match="Hint"):
        CoverRule(**rule)
