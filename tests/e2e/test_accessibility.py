"""Accessibility of every page at 375 px: no sideways scrolling, labelled controls, text contrast
(WCAG AA), landmarks, and a keyboard path through an occupation page to a statement's trace."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Watched

CODE = "25-4031.00"
PAGES = [
    "/",
    "/search?q=library",
    f"/occupation/{CODE}",
    f"/occupation/{CODE}/adjacent",
    "/pivots",
    "/sparql-editor",
    "/trace",
]

CHECKS = Path(__file__).parent / "checks"


def check(name: str) -> str:
    """A check of ``checks/``: one arrow function, run in the page (its leading comments left out)."""
    lines = (CHECKS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("//"))


#: form controls without an accessible name
UNLABELLED = check("unlabelled.js")
#: visible text below WCAG AA contrast
LOW_CONTRAST = check("low-contrast.js")


def settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", PAGES)
def test_page_at_375_px(browser_page: Watched, path: str) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": 375, "height": 800})
    browser_page.open(path)
    settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways"
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(LOW_CONTRAST) == []
    assert page.locator("h1").count() == 1
    assert page.locator("main#main").count() == 1
    assert page.locator("nav[aria-label=Main]").count() == 1
    assert page.evaluate("document.documentElement.lang") == "en"
    if path in ("/", f"/occupation/{CODE}", "/pivots"):
        name = {"/": "home", "/pivots": "pivots"}.get(path, "occupation")
        browser_page.screenshot(f"{name}-375px", full_page=False)


def test_keyboard_reaches_a_trace_and_back(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    page.set_viewport_size({"width": 375, "height": 800})
    browser_page.open(f"/occupation/{CODE}")
    page.wait_for_selector("#page[data-ready]")
    first = page.locator("main a.trace-link").first
    statement = first.get_attribute("data-statement")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('trace-link')"):
            break
    assert page.evaluate("document.activeElement.dataset.statement") == statement
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.trace-dialog")
    dialog.locator("[data-testid=exact-quote]").wait_for()
    trace = client.get("/provenance", params={"iri": statement}).json()
    assert dialog.locator("[data-testid=exact-quote]").inner_text() == trace["quote"]["exact"]
    assert page.evaluate("document.activeElement.closest('dialog') !== null"), "focus moves into the dialog"
    assert page.evaluate(LOW_CONTRAST) == []
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.statement") == statement


def test_pages_send_a_content_security_policy(client: httpx.Client) -> None:
    for path in ("/", f"/occupation/{CODE}", "/pivots", "/sparql-editor", "/trace"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
