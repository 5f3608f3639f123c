"""Pages in process: every page in every language, Accept-Language, state kept in the URL, labels complete."""

from __future__ import annotations

import re

import pytest

from coopscope.web import params as P
from coopscope.web.text import LABELS, LANG_INDEX

PAGES = ["/", "/dependence", "/product/854290", "/complexity", "/firms", "/methods"]


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
@pytest.mark.parametrize("path", PAGES, ids=[p.strip("/").split("/")[0] or "overview" for p in PAGES])
def test_every_page_renders_in_every_language(client, path, lang):
    r = client.get(path, params={"lang": lang})
    assert r.status_code == 200, r.text[:300]
    assert f'<html lang="{lang}">' in r.text
    assert r.headers["content-language"] == lang
    assert LABELS["synthetic"][LANG_INDEX[lang]] in r.text
    assert "<script>" not in r.text and "onclick" not in r.text  # no inline script
    for src in re.findall(r'<script[^>]* src="([^"]+)"', r.text):
        assert src.startswith("/static/")


@pytest.mark.parametrize(
    ("header", "lang"), [("ko-KR,ko;q=0.9,en;q=0.8", "ko"), ("zh-CN,zh;q=0.9", "zh"), ("fr-FR,fr", "en"), ("", "en")]
)
def test_accept_language_picks_the_page_language(client, header, lang):
    r = client.get("/methods", headers={"Accept-Language": header})
    assert f'<html lang="{lang}">' in r.text
    assert '<html lang="zh">' in client.get("/methods?lang=zh", headers={"Accept-Language": header}).text


def test_dependence_page_keeps_its_filters_in_links(client):
    r = client.get("/dependence?importer=KOR,CHN&rule=kita&mpe_class=parts&per_page=5&lang=ko")
    assert r.status_code == 200
    html = r.text
    assert 'value="kita" selected' in html and 'value="parts" selected' in html
    next_link = re.search(r'id="next" href="([^"]+)"', html)
    assert next_link is not None
    assert all(k in next_link.group(1) for k in ("rule=kita", "mpe_class=parts", "page=2", "lang=ko", "per_page=5"))
    csv = re.search(r'class="download-csv" data-table="products" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "method=kita" in csv and "mpe_class=parts" in csv and "format=csv" in csv and "importer=KOR%2CCHN" in csv
    one = client.get("/dependence?importer=KOR&rule=kita&mpe_class=parts&per_page=5&lang=ko").text
    assert len(re.findall(r'<svg class="spark"', one)) == 5


def test_two_importers_side_by_side_aligned_by_product(client):
    from coopscope.web.text import column

    r = client.get("/dependence?importer=KOR,CHN&rule=geodep&from=2021&to=2022&per_page=8&lang=zh")
    assert r.status_code == 200
    html = r.text
    assert 'id="table-products"' not in html  # not one merged table
    keys = {}
    for table in ("table-names", "table-products-KOR", "table-products-CHN"):
        body = re.search(rf'id="{table}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
        keys[table] = re.findall(r'<tr data-product="(\d{6})" data-year="(\d{4})">', body)
    assert keys["table-names"] == keys["table-products-KOR"] == keys["table-products-CHN"]
    assert 0 < len(keys["table-names"]) <= 8
    api = client.get("/api/v1/dependence?importer=KOR,CHN&from=2021&to=2022&method=geodep&per_page=500").json()
    flagged = {(row["product"], str(row["year"])) for row in api["rows"]}
    assert set(keys["table-names"]) <= flagged  # every key is flagged for one of the two at least
    for c in ("KOR", "CHN"):
        assert f'id="chart-trend-count-{c}"' in html and f'id="chart-trend-value-{c}"' in html
    links = re.findall(r'class="download-csv" data-table="products" href="([^"]+)"', html)
    importers = sorted(re.search(r"importer=([^&]+)&", link).group(1) for link in links)
    assert importers == ["CHN", "KOR", "KOR%2CCHN"]  # both (the long rows), then each country's own
    assert all("method=geodep" in link and "from=2021" in link for link in links)
    assert column("import_value_usd", "zh") in html
    assert "page=2" in re.search(r'id="next" href="([^"]+)"', html).group(1)


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_area_class_and_column_names_are_in_the_page_language(client, lang):
    from coopscope.i18n import area_name, class_name
    from coopscope.web.text import column, value

    html = client.get(f"/dependence?importer=KOR&area=robotics&dependent=0&per_page=20&lang={lang}").text
    assert f'<option value="robotics" selected>{area_name("robotics", lang)}</option>' in html
    assert f'<option value="high">{value("tech_class", "high", lang)}</option>' in html
    cells = re.search(r'id="table-products".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    assert area_name("robotics", lang) in cells and ">robotics<" not in cells and "robotics," not in cells
    assert any(class_name(c, lang) in cells for c in ("materials", "parts", "equipment", "consumer", "unclassified"))
    for col in ("hhi", "kiet_class", "ai_areas", "import_value_usd"):
        assert f">{column(col, lang)}" in html
    firms = client.get(f"/firms?lang={lang}").text
    assert f'<option value="large">{value("size", "large", lang)}</option>' in firms


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_firm_match_reasons_are_told_in_the_page_language(client, lang):
    from html import escape

    from coopscope.i18n import format_reasons, reasons_from_json

    rows = client.get("/api/v1/firms/matches?a=KOR&b=CHN&page_size=5").json()["rows"]
    assert rows and all(r["reason_items"] for r in rows)
    firms = client.get(f"/firms?lang={lang}").text
    cells = re.search(r'id="table-matches".*?<tbody>(.*?)</tbody>', firms, re.S).group(1)
    for row in rows[:3]:
        told = format_reasons(reasons_from_json(row["reason_items"]), lang, revision="HS22")
        assert escape(told, quote=False) in cells or escape(told) in cells
        assert row["reasons"] not in cells  # the matcher's English text is not shown


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_methods_page_defines_every_rule_and_indicator_as_the_brief_does(client, web_store, lang):
    from html import unescape

    from coopscope.api import cooperation
    from coopscope.i18n import format_statement

    html = unescape(client.get(f"/methods?lang={lang}").text)
    section = cooperation("KOR", "CHN", store=web_store).section("methods")  # the kept model: no build
    assert len(section.statements) == 11
    for statement in section.statements:
        assert format_statement(statement, lang) in html
    assert html.count('<dt id="def-rule-') == 4 and html.count('<dt id="def-indicator-') == 7
    rows = client.get(f"/api/v1/methods?table=definitions&lang={lang}").json()["rows"]
    assert [r["definition"] for r in rows] == [format_statement(s, lang) for s in section.statements]


def test_every_dashboard_message_has_korean_and_chinese():
    from babel.messages.pofile import read_po

    from coopscope.i18n.catalog import po_path
    from coopscope.web.text import VALUE_NAMES, WEB_HEADERS

    wanted = [*WEB_HEADERS.values(), *(m for names in VALUE_NAMES.values() for m in names.values())]
    for lang in ("ko", "zh"):
        with po_path(lang).open("rb") as fh:
            translated = {m.id: m.string for m in read_po(fh) if m.id}
        missing = [m for m in wanted if not translated.get(m)]
        assert missing == [], (lang, missing[:3])
        for m in wanted:
            assert set(re.findall(r"\{(\w+)\}", m)) == set(re.findall(r"\{(\w+)\}", translated[m])), m


def test_a_bad_number_in_a_page_url_is_a_4xx_page_not_a_crash(client):
    r = client.get("/dependence?page=two")
    assert r.status_code == 422 and 'id="error"' in r.text and "page" in r.text


def test_every_label_has_three_languages():
    for key, values in LABELS.items():
        assert len(values) == 3 and all(v.strip() for v in values), key


@pytest.mark.parametrize(
    ("value", "header", "expected"), [("ko", None, "ko"), ("xx", "zh-TW", "zh"), (None, "de, ko;q=0.5", "ko")]
)
def test_language_choice(value, header, expected):
    assert P.lang(value, header, "en") == expected


def test_nearest_prefers_shared_prefixes():
    assert P.nearest("854299", ["010121", "854290", "854231", "870323"]) == ["854290", "854231"]
    with pytest.raises(P.WebError) as info:
        P.country("KORR", "a", allowed=["KOR", "CHN"])
    assert info.value.status == 422 and "KOR" in info.value.nearest


def test_overview_shows_the_issue_18_sections_with_charts_and_downloads(client):
    import io
    import json

    import openpyxl

    html = client.get("/?lang=ko").text
    charts = {"robustness": "robustness-grid", "whatif": "whatif-totals", "opportunities": "opportunities-areas"}
    for section, chart in charts.items():
        block = html[html.index(f'id="section-{section}"') :]
        block = block[: block.index("</section>")]
        assert f'id="chart-{chart}"' in block and 'class="download-csv"' in block and 'class="download-xlsx"' in block
        spec = json.loads(
            re.search(rf'<script type="application/json" id="spec-{chart}">(.*?)</script>', html).group(1)
        )
        assert spec["rows"] and spec["kind"] == "bar"

    def total(table: str) -> int:
        body = client.get(f"/api/v1/cooperation?a=KOR&b=CHN&table={table}").json()
        return int(body["paging"]["total"])

    csv = client.get("/api/v1/cooperation?a=KOR&b=CHN&table=whatif.totals&format=csv")
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").count("\n") == total("whatif.totals") + 1 > 1
    xlsx = client.get("/api/v1/cooperation?a=KOR&b=CHN&table=opportunities.by_area&format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == total("opportunities.by_area") + 1 > 1
