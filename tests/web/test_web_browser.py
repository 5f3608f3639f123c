"""The dashboard in headless Chromium, in English, Korean and Chinese.

Each language: open every page, change filters, follow a product link, download a CSV and check its
rows against the library call; no console error and no request to another host (every request is
intercepted); screenshots are kept in a temporary folder (or $COOPSCOPE_ARTIFACTS).
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LANGS = ["en", "ko", "zh"]
TITLES = {"en": "Dependence explorer", "ko": "의존도 탐색", "zh": "依赖度浏览"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        reason = "headless Chromium is not installed at /usr/bin/chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI a skipped browser test is a failure")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("COOPSCOPE_ARTIFACTS") or tmp_path_factory.mktemp("web-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A page whose requests off this server are aborted and recorded, with its console errors."""

    def __init__(self, browser, base: str, lang: str) -> None:
        self.base, self.off_host, self.errors = base, [], []
        self.context = browser.new_context(
            accept_downloads=True, locale={"en": "en-US", "ko": "ko-KR", "zh": "zh-CN"}[lang]
        )
        self.page = self.context.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        url = urlparse(route.request.url)
        if f"{url.scheme}://{url.netloc}" == self.base or url.scheme == "data":
            route.continue_()
        else:
            self.off_host.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        self.page.wait_for_load_state("load")

    def charts_drawn(self) -> int:
        charts = self.page.locator("div.chart")
        for i in range(charts.count()):
            assert charts.nth(i).get_attribute("data-drawn") is not None, f"chart {i} not drawn"
        return charts.count()


def read_csv(path: Path) -> pa.Table:
    text_columns = {c: pa.string() for c in ("product", "importer", "exporter")}
    return pacsv.read_csv(
        io.BytesIO(path.read_bytes()), convert_options=pacsv.ConvertOptions(column_types=text_columns)
    )


@pytest.mark.parametrize("lang", LANGS)
def test_dashboard_in_every_language(chromium, live_server, client, web_store, artefacts, lang):
    from coopscope.api import dependence
    from coopscope.web.text import area

    # The pair's evidence (ten sections) is built once per snapshot; build it before the page's 30 s timeout runs.
    assert client.get("/api/v1/cooperation?a=KOR&b=CHN").status_code == 200
    w = Watched(chromium, live_server, lang)
    page = w.page
    w.open(f"/?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#synthetic-banner").is_visible()
    assert page.locator("section.evidence").count() == 10
    assert w.charts_drawn() == 6
    page.screenshot(path=str(artefacts / f"overview-{lang}.png"), full_page=True)

    w.open(f"/dependence?lang={lang}")
    assert TITLES[lang] in page.locator("#page-title").inner_text()
    page.select_option("#rule", "geodep")
    page.select_option("#from", "2022")
    page.select_option("#to", "2022")
    page.click("#apply")
    page.wait_for_load_state("load")
    assert "rule=geodep" in page.url and "from=2022" in page.url
    assert w.charts_drawn() == 2
    assert page.locator("#table-products tbody tr").count() > 0
    page.screenshot(path=str(artefacts / f"dependence-{lang}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("a.download-csv[data-table=products]")
    rows = read_csv(Path(download.value.path()))
    library = dependence(web_store, importer="KOR", year=2022, method="geodep").to_arrow()
    assert sorted(rows["product"].to_pylist()) == sorted(library["product"].to_pylist())
    assert rows.num_rows == library.num_rows > 0

    w.open(f"/dependence?importer=KOR,CHN&per_page=12&lang={lang}")  # both side by side, rows aligned
    tables = [page.locator(f"#{t} tbody tr") for t in ("table-names", "table-products-KOR", "table-products-CHN")]
    assert tables[0].count() == tables[1].count() == tables[2].count() > 0
    for i in (0, tables[0].count() - 1):
        tops = [t.nth(i).bounding_box()["y"] for t in tables]
        assert max(tops) - min(tops) < 2, tops
    assert w.charts_drawn() == 4
    page.screenshot(path=str(artefacts / f"dependence-both-{lang}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#side-CHN a.download-csv[data-table=products]")
    assert set(read_csv(Path(download.value.path()))["importer"].to_pylist()) == {"CHN"}

    first = page.locator("a.product-link").first
    code = first.inner_text()
    first.click()
    page.wait_for_load_state("load")
    assert f"/product/{code}" in page.url
    assert page.locator("#name-en").inner_text() != "–"
    assert page.locator("#table-flags tbody tr").count() > 0
    assert w.charts_drawn() == 3
    page.screenshot(path=str(artefacts / f"product-{lang}.png"), full_page=True)

    w.open(f"/complexity?lang={lang}")
    page.select_option("#area", "ai-semiconductors")
    page.click("#apply")
    page.wait_for_load_state("load")
    assert "area=ai-semiconductors" in page.url
    assert w.charts_drawn() == 3
    page.screenshot(path=str(artefacts / f"complexity-{lang}.png"), full_page=True)

    w.open(f"/firms?lang={lang}")
    page.select_option("#area", "robotics")
    page.click("#apply")
    page.wait_for_load_state("load")
    assert page.locator("#table-matches tbody tr").count() > 0
    assert set(page.locator("#table-matches tbody tr td:first-child").all_inner_texts()) == {area("robotics", lang)}
    page.screenshot(path=str(artefacts / f"firms-{lang}.png"), full_page=True)

    w.open(f"/methods?lang={lang}")
    assert page.locator("#table-sources tbody tr").count() == 1
    assert page.locator("#definition-list dt").count() == 11
    page.click(f"#lang-{LANGS[(LANGS.index(lang) + 1) % 3]}")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == LANGS[(LANGS.index(lang) + 1) % 3]
    page.screenshot(path=str(artefacts / f"methods-{lang}.png"), full_page=True)

    assert w.off_host == []
    assert w.errors == []
    assert all((artefacts / f"{p}-{lang}.png").stat().st_size > 5_000 for p in ("overview", "dependence", "product"))
    w.context.close()


def test_an_unknown_product_page_says_so_with_the_nearest_codes(chromium, live_server):
    w = Watched(chromium, live_server, "en")
    response = w.page.goto(live_server + "/product/854299")
    assert response is not None and response.status == 404
    assert "854290" in w.page.locator("#error").inner_text()
    w.context.close()


def test_api_docs_use_the_vendored_swagger_ui_offline(chromium, live_server, artefacts):
    w = Watched(chromium, live_server, "en")
    w.open("/api/v1/docs")
    w.page.wait_for_selector(".opblock", timeout=30_000)
    assert w.page.locator(".opblock").count() == 7
    w.page.screenshot(path=str(artefacts / "api-docs.png"), full_page=True)
    assert w.off_host == [] and w.errors == []
    w.context.close()
