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
    assert len(re.findall(r'<svg class="spark"', html)) == 5


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
