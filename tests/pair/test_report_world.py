"""The report on a tiny synthetic BACI world in three languages: names, sections and files."""

from __future__ import annotations

import re

import markupsafe
import pyarrow.parquet as pq

from coopscope.classify.areas import AREA_IDS
from coopscope.evidence import SECTION_NAMES, Cooperation
from coopscope.i18n import area_name, country_name, product_name

HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_section_is_in_the_brief_with_its_finding(world_reports, world_model):
    html = world_reports["en"].html.read_text(encoding="utf-8")
    for name in SECTION_NAMES:
        assert f'<section id="{name}">' in html
        headline = world_model.section(name).headline.text()
        assert headline.split(":")[0].replace("'", "&#39;") in html


def test_ai_areas_and_countries_are_named_in_each_language(world_reports):
    for lang, paths in world_reports.items():
        html = paths.html.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in html
        for area in AREA_IDS:
            assert area_name(area, lang) in html, (lang, area)
        assert country_name("KOR", lang) in html and country_name("CHN", lang) in html
    assert len(HANGUL.findall(world_reports["ko"].html.read_text(encoding="utf-8"))) > 500
    assert len(HAN.findall(world_reports["zh"].html.read_text(encoding="utf-8"))) > 500


def test_products_carry_names_from_the_customs_nomenclatures(world_reports, world_model):
    top = world_model.section("dependence").table("top_products").records()[0]["product"]
    for lang in ("ko", "zh"):
        name = product_name(top, lang, revision=world_model.hs_revision or "HS22")
        assert name and str(markupsafe.escape(name)) in world_reports[lang].html.read_text(encoding="utf-8")


def test_model_json_and_tables_agree(world_reports, world_model):
    paths = world_reports["en"]
    assert Cooperation.from_json(paths.model.read_text(encoding="utf-8")) == world_model
    shares = pq.read_table(paths.parquet["dependence__group_shares"])
    assert shares.num_rows == len(world_model.section("dependence").table("group_shares"))
    assert {"year", "country", "group", "group_share"} <= set(shares.column_names)


def test_the_area_balance_chart_has_no_all_bar(world_model):
    from coopscope.report.charts import area_balance, balance_chart

    bars = area_balance(world_model)
    assert [b[0] for b in bars] == [f"ai:{a}" for a in AREA_IDS]
    latest = {r["group"]: r for r in world_model.section("balance").table("indicators").where(year=2022).records()}
    assert all(b[1] == (latest[b[0]]["complementary_usd"] or 0.0) for b in bars)
    assert balance_chart(world_model, "en").startswith("<svg")


def test_the_regional_claim_is_a_key_finding(world_reports, world_model):
    from coopscope.report.brief import regional_claim

    claim = regional_claim(world_model, "en")
    assert claim.startswith("The claim that cooperation declined")
    html = world_reports["en"].html.read_text(encoding="utf-8")
    findings = html[html.index('class="findings"') : html.index("</ul>", html.index('class="findings"'))]
    assert str(markupsafe.escape(claim)) in findings
