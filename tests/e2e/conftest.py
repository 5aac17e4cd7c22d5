"""The web explorer in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

The app runs under uvicorn on a loopback port over the seed graph; the browser is started once
per session with a fresh profile and the flags a closed network needs. Every page a test opens
records what it requested and the script errors it raised, so a test can assert that nothing
left the machine and that no page broke. Screenshots go to ``test-output/screenshots/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from skillscape.build import build
from skillscape.settings import Settings
from tests.conftest import ROOT, make_settings
from tests.servers import LiveApi, live_api

if TYPE_CHECKING:  # imported by the fixtures: a missing Playwright fails these tests, not the suite
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "test-output" / "screenshots"
#: what this closed network needs: no background traffic, no QUIC, no first-run work, no sandbox (root)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (.ci/install-browser installs Debian's chromium)"
    if os.environ.get("SKILLSCAPE_REQUIRE_BROWSER"):  # CI: a missing browser is a failure
        raise pytest.UsageError(reason)
    skip = pytest.mark.skip(reason=reason)
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and "browser_context" in getattr(item, "fixturenames", ()):
            item.add_marker(skip)


@dataclass
class Watched:
    """A page and what it did: requests, script errors, console errors."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)

    def open(self, path: str) -> int:
        response = self.page.goto(self.base + path)
        assert response is not None
        return response.status

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.base + "/", "blob:", "data:"))]

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


def api_settings(base: Settings) -> Settings:
    return base.model_copy(update={"query_workers": 2, "query_queue": 32})


@pytest.fixture(scope="session")
def web(seed_settings: Settings) -> Iterator[LiveApi]:
    """The whole app (API and pages) over the seed graph, on a loopback port."""
    with live_api(api_settings(seed_settings)) as live:
        yield live


@pytest.fixture(scope="session")
def pathway_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApi]:
    """The app over a small graph in which pivots exist: the pathway tests' sources (the real
    rows of ten occupations from O*NET 30.1, the exposure and wage tables, and the seeds)."""
    from tests.pathways.conftest import small_entries

    root = tmp_path_factory.mktemp("e2e-pathways")
    settings = make_settings(root)
    build(settings, entries=small_entries(root / "sources"))
    with live_api(api_settings(settings)) as live:
        yield live


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


def watch(context: BrowserContext, base: str) -> Iterator[Watched]:
    page = context.new_page()
    watched = Watched(page, base)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.console.append(message.text)

    def on_request(request: Request) -> None:
        watched.requests.append(request.url)

    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("console", on_console)
    page.on("request", on_request)
    try:
        yield watched
    finally:
        page.close()
    assert not watched.errors, f"script errors: {watched.errors}"
    assert not watched.foreign_requests(), f"requests that left the app: {watched.foreign_requests()}"


@pytest.fixture
def browser_page(browser_context: BrowserContext, web: LiveApi) -> Iterator[Watched]:
    """A fresh tab on the seed app; fails the test on a script error or a request to another host."""
    yield from watch(browser_context, web.url)


@pytest.fixture
def pivot_tab(browser_context: BrowserContext, pathway_web: LiveApi) -> Iterator[Watched]:
    """A fresh tab on the app over the small pathway graph."""
    yield from watch(browser_context, pathway_web.url)


@pytest.fixture(scope="session")
def pivot_api(pathway_web: LiveApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pathway_web.url, timeout=120) as http:
        yield http


@pytest.fixture(scope="session")
def client(web: LiveApi) -> Iterator[httpx.Client]:
    """The same app's REST API, read directly (what the pages show is checked against it)."""
    with httpx.Client(base_url=web.url, timeout=30) as http:
        yield http


def text_of(page: Page, selector: str) -> str:
    return re.sub(r"\s+", " ", page.locator(selector).first.inner_text()).strip()
