"""The HTML brief in headless Chromium, in English, Korean and Chinese.

It renders offline (no request leaves the machine), without console errors, without horizontal
scrolling at 1280 px, prints to A4, and draws Hangul and Han text with a font that has the glyphs.
Screenshots are kept in a temporary folder as test artefacts (in $COOPSCOPE_TEST_ARTEFACTS when set).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

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
SCRIPTS = {"ko": re.compile(r"[\uac00-\ud7a3]"), "zh": re.compile(r"[\u4e00-\u9fff]")}

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
def artefacts(tmp_path_factory):
    """A temporary folder, or $COOPSCOPE_TEST_ARTEFACTS/brief-screenshots when set (kept for review)."""
    keep = os.environ.get("COOPSCOPE_TEST_ARTEFACTS")
    if not keep:
        return tmp_path_factory.mktemp("brief-screenshots")
    folder = Path(keep) / "brief-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(chromium, path: Path):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    requests, errors = [], []

    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


@pytest.mark.parametrize("lang", ["en", "ko", "zh"])
def test_brief_renders_offline_without_errors(chromium, world_reports, artefacts, lang):
    page, requests, errors = _open(chromium, world_reports[lang].html)
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == []
    assert page.locator("#synthetic-banner").is_visible()
    assert page.locator("svg").count() == 11
    assert page.locator("section").count() == 10
    for name in ("robustness", "whatif", "opportunities"):  # issue 18's sections: finding, chart, tables
        heading = page.locator(f"section#{name} h2").inner_text()
        assert heading and (lang == "en" or SCRIPTS[lang].search(heading)), (name, heading)
        assert page.locator(f"section#{name} svg").count() == 1 and page.locator(f"section#{name} table").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot = artefacts / f"brief-{lang}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    pdf = artefacts / f"brief-{lang}.pdf"
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes()[:4] == b"%PDF"
    page.close()


@pytest.mark.parametrize("lang", ["ko", "zh"])
def test_hangul_and_han_are_drawn_with_a_font_that_has_them(chromium, world_reports, lang):
    page, _, _ = _open(chromium, world_reports[lang].html)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    for selector in ("h1", "section#dependence h2", "table th"):
        text = page.locator(selector).first.inner_text()
        wanted = len(SCRIPTS[lang].findall(text))
        assert wanted > 0, (selector, text)
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        cjk = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
        assert cjk >= wanted, (selector, fonts)
    page.close()
