"""The occupation page's AI-use and durable-skill sections, in a browser, over the three-occupation
store of tests/frameworks (measured AI use on tasks and activities, derived domain profiles)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import Watched, api_settings, watch
from tests.frameworks.conftest import (
    FrameworkStore,
    frameworks,  # noqa: F401  (the session fixture)
)
from tests.servers import LiveApi, live_api


@pytest.fixture(scope="module")
def frameworks_web(frameworks: FrameworkStore) -> Iterator[LiveApi]:  # noqa: F811
    with live_api(api_settings(frameworks.settings)) as live:
        yield live


@pytest.fixture
def tab(browser_context: object, frameworks_web: LiveApi) -> Iterator[Watched]:
    yield from watch(browser_context, frameworks_web.url)  # type: ignore[arg-type]


def rows(base: str, code: str, name: str) -> list[dict[str, object]]:
    return httpx.get(f"{base}/occupations/{code}/{name}", params={"limit": 10_000}, timeout=30).json()["rows"]


@pytest.mark.parametrize("code", ["25-4031.00", "15-1252.00"])
def test_ai_use_and_durable_skills_show_every_row_with_its_source(
    tab: Watched, frameworks_web: LiveApi, code: str
) -> None:
    ai_use = rows(frameworks_web.url, code, "ai-use")
    durable = rows(frameworks_web.url, code, "durable-skills")
    page = tab.page
    tab.open(f"/occupation/{code}")
    page.wait_for_selector("#page[data-ready]")
    for kind, block in (("task", "#ai-use-tasks"), ("activity", "#ai-use-activities")):
        subjects = {r["subject_label"] for r in ai_use if r["kind"] == kind}
        assert page.locator(f"{block} details").count() == len(subjects)
    assert page.locator("#ai-use-levels").count() == (1 if any(r["kind"] == "level" for r in ai_use) else 0)
    assert page.locator("#ai-use a.trace-link").count() == len(ai_use) > 0
    text = page.locator("#ai-use").inner_text()
    assert "Source: " in text
    derived = [r for r in durable if r["kind"] == "derived"]
    assert page.locator("#durable-skills tbody tr").count() == len(derived) == 10
    for row in derived:
        assert page.locator(f"#durable-skills a.trace-link[data-statement='{row['statement']}']").count() == 1
    framework = [r for r in durable if r["kind"] == "framework"]
    assert page.locator("#durable-framework details").count() == len({r["domain"] for r in framework})
