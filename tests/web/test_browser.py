"""End-to-end tests of the dashboard in headless Chromium (Debian's) driven by Playwright."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import REPO
from web_server import TOKEN, ingest_samples, serving

from dotterel import Coder, Settings
from dotterel.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = REPO / "docs" / "dashboard.png"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's chromium is not at /usr/bin/chromium (.ci/run installs it: apt-get install "
    "chromium)",
)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

# Text that would run script if it ever reached the page as HTML. Each payload sets a flag.
PAYLOADS = [
    "<script>window.__pwned = 'script'</script>",
    '"><img src=x onerror="window.__pwned=\'img\'">',
    "' onmouseover='window.__pwned=\"attr\"' x='",
    "<svg onload=window.__pwned='svg'></svg>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<a href=\"javascript:window.__pwned='href'\">link</a>",
    "</mark><b onmouseover=alert(1)>bold</b>",
]
HOSTILE = (
    "Norway threatened Denmark " + PAYLOADS[0] + " over the fishing quotas on Monday. "
    "The Danish government " + PAYLOADS[1] + " criticized Norway " + " ".join(PAYLOADS[2:]) + "."
)


@pytest.fixture(scope="module")
def base(coder: Coder, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a store holding the sample corpus and one hostile article."""
    path = tmp_path_factory.mktemp("web-e2e") / "events.duckdb"
    # The hostile article is mostly markup, which the learned models rightly doubt: code it
    # with the rules alone, for this test is about escaping.
    plain = replace(coder, resources=replace(coder.resources, relevance=None,
                                             relation_model=None))
    with serving(create_app(Settings(), path, TOKEN, coder=plain)) as url:
        ingest_samples(url)
        hostile = {
            "text": HOSTILE,
            "id": PAYLOADS[1],
            "title": PAYLOADS[0],
            "published": "2011-09-20",
        }
        response = httpx.post(
            f"{url}/v1/articles",
            json={"articles": [hostile]},
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=60,
        )
        assert response.json()["events"] >= 1, response.text
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian, launched by its path (no downloaded browsers)."""
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@contextmanager
def dashboard(browser: Any, base: str, bypass_csp: bool = False) -> Iterator[Any]:
    """A fresh tab on the dashboard that records dialogs and errors; none may happen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=bypass_csp)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    # Any request off the loopback server would mean the page is not self-contained.
    tab.on("request", lambda r: r.url.startswith(base) or problems.append(f"request: {r.url}"))
    tab.goto(base + "/")
    tab.wait_for_selector("body[data-ready]", timeout=30_000)
    yield tab
    assert problems == []
    assert tab.evaluate("window.__pwned") is None
    context.close()


@pytest.fixture()
def page(browser: Any, base: str) -> Iterator[Any]:
    """The dashboard under its own Content-Security-Policy."""
    with dashboard(browser, base) as tab:
        yield tab


def shows(page: Any, pattern: str) -> None:
    """Wait until the pager reads like ``pattern`` (a regular expression)."""
    sync_api.expect(page.locator("#page-info")).to_have_text(re.compile(pattern))


def test_dashboard_shows_charts_and_a_paginated_table(page: Any) -> None:
    assert page.locator("#timeline .main-svg").count() >= 1
    assert page.locator("#timeline .barlayer .trace").count() >= 3  # quad classes
    assert page.locator("#network .main-svg").count() >= 1
    assert page.locator("#network .annotation").count() >= 5  # dyad arrows
    rows = page.locator("#events tbody tr")
    assert rows.count() == 25
    info = page.locator("#page-info").inner_text()
    assert info.startswith("1–25 of ")
    total = int(info.split(" of ")[1])
    page.click("#next")
    shows(page, "^26–")
    assert rows.count() == total - 25
    # Filters: type and actor.
    page.select_option("#f-type", "THREATEN")
    page.fill("input[name=actor]", "RUS")
    page.click("#filters button[type=submit]")
    shows(page, "^1–2 of 2$")
    assert set(page.locator("#events tbody td:nth-child(2)").all_inner_texts()) == {"THREATEN"}
    page.click("#filters button[type=reset]")
    shows(page, f"^1–25 of {total}$")


def test_opening_an_event_shows_its_article_highlighted(page: Any) -> None:
    page.fill("input[name=recipient]", "SYR")
    page.select_option("#f-type", "THREATEN")
    page.click("#filters button[type=submit]")
    shows(page, "^1–1 of 1$")
    page.click("#events tbody tr")
    page.wait_for_selector("#article-card:not([hidden]) #article-text mark")
    marks = page.locator("#article-text mark")
    assert marks.all_inner_texts() == ["Russia", "threatened", "Syria"]
    assert [marks.nth(i).get_attribute("class") for i in range(3)] == [
        "actor",
        "trigger",
        "recipient",
    ]
    marks.nth(0).hover()
    assert marks.nth(0).get_attribute("title").startswith("actor: RUS")
    assert "THREATEN (CAMEO 1" in marks.nth(1).get_attribute("title")
    # Another event of the same article.
    events = page.locator("#article-events li")
    assert events.count() == 2
    events.nth(1).click()
    assert page.locator("#article-text mark.actor").inner_text() == "The United States"


def test_pasting_an_article_codes_it_live(page: Any) -> None:
    page.fill("#code-text", "Iran accused Israel of the attack on Monday. Israel denied it.")
    page.fill("#code-date", "2020-05-06")
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#code-events li")
    assert re.search(r"\d+ events?$", page.locator("#code-status").inner_text())
    assert page.locator("#code-text-out mark.actor").inner_text() == "Iran"
    assert page.locator("#code-text-out mark.recipient").inner_text() == "Israel"
    assert "2020-05-04" in page.locator("#code-events li").first.inner_text()  # Monday
    health = httpx.get(page.url + "healthz").json()
    assert health["store"]["articles"] == 15, "coding a pasted article stores nothing"


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_article_text_never_runs(browser: Any, base: str, bypass_csp: bool) -> None:
    # Without the page's CSP too: escaping alone must keep the payloads inert.
    with dashboard(browser, base, bypass_csp) as page:
        hostile_article(page)


def hostile_article(page: Any) -> None:
    """Open the hostile article and code it pasted; hover and click everything."""
    page.fill("input[name=actor]", "NOR")
    page.click("#filters button[type=submit]")
    shows(page, "^1–[0-9] of [0-9]$")
    assert PAYLOADS[1] in page.locator("#events tbody").inner_text()  # the doc id, as text
    page.click("#events tbody tr")
    page.wait_for_selector("#article-text mark")
    text = page.locator("#article-text")
    assert text.inner_text() == HOSTILE
    assert page.locator("#article-title").inner_text() == PAYLOADS[0]
    for i in range(page.locator("#article-text mark").count()):
        page.locator("#article-text mark").nth(i).hover()
    for li in page.locator("#article-events li").all():
        li.click()
    assert page.locator("#article-card :is(script, img, svg, iframe, a, b)").count() == 0
    # The same text pasted into the live coder.
    page.fill("#code-text", HOSTILE)
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#code-events li")
    assert page.locator("#code-text-out").inner_text() == HOSTILE
    page.locator("#code-text-out mark").first.hover()
    assert page.locator("#code-text-out :is(script, img, svg, iframe, a, b)").count() == 0


def test_screenshot_for_the_readme(page: Any, tmp_path: Path) -> None:
    page.click("#events tbody tr:nth-child(3)")
    page.wait_for_selector("#article-text mark")
    page.evaluate("window.scrollTo(0, 0)")
    # The README's picture is rewritten only on request, so a test run leaves the tree clean.
    shot = SCREENSHOT if os.environ.get("DOTTEREL_SCREENSHOT") else tmp_path / "dashboard.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
