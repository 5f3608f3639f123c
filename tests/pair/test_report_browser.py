"""The HTML brief in headless Chromium: renders, makes no request off the machine, no console errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

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


def test_brief_renders_offline_without_errors(chromium, report_paths):
    page = chromium.new_page()
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
    page.goto(report_paths.html.as_uri())
    page.wait_for_load_state("load")
    assert [u for u in requests if not u.startswith("file://")] == []
    assert errors == []
    assert page.locator("#synthetic-banner").is_visible()
    assert page.locator("svg").count() == 4
    assert page.locator("h2", has_text="Key findings").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-brief.png"), full_page=True)
    assert (ARTIFACTS / "report-brief.png").stat().st_size > 10_000
    page.close()
