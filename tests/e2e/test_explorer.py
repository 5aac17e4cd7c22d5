"""The explorer's main flows in headless Chromium, checked against the API and the seed documents."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx

from tests import seed_documents as docs
from tests.conftest import SEED_DIR
from tests.e2e.conftest import Watched, text_of

CODE = "25-4031.00"


def api_rows(client: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    response = client.get(path, params={"limit": 1000, **params})
    response.raise_for_status()
    body = response.json()
    assert body["next"] is None, "more rows than one page"
    return list(body["rows"])


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def progression_by_scale(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per scale: its levels in rank order and, per domain and level, the statement texts."""
    scales: dict[str, dict[str, Any]] = {}
    for row in rows:
        scale = scales.setdefault(row["scale"], {"levels": {}, "cells": {}})
        scale["levels"][row["level"]] = row["rank"]
        scale["cells"].setdefault(row["domain"], {}).setdefault(row["level"], []).append(row["text"])
    for scale in scales.values():
        scale["levels"] = sorted(scale["levels"], key=scale["levels"].get)
    return scales


def test_search_occupation_progression_and_provenance(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    profile = client.get(f"/occupations/{CODE}").json()
    progression = api_rows(client, f"/occupations/{CODE}/progression")

    # search by keyboard: skip link, the search field, a suggestion picked with the arrow keys
    assert browser_page.open("/") == 200
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type(profile["title"][:12])
    option = page.locator(f"[role=option][data-code='{CODE}']")
    option.wait_for()
    assert page.get_attribute("#q", "aria-expanded") == "true"
    options = page.locator("[role=option]")
    index = [options.nth(i).get_attribute("data-code") for i in range(options.count())].index(CODE)
    for _ in range(index + 1):
        page.keyboard.press("ArrowDown")
    assert page.get_attribute("#q", "aria-activedescendant") == option.get_attribute("id")
    browser_page.screenshot("search-suggestions", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/occupation/{CODE}")
    page.wait_for_selector("#page[data-ready]")
    assert profile["title"] in text_of(page, "h1")
    assert CODE in text_of(page, "h1")

    # the progression table: one table per scale, domains as rows, levels (in rank order) as columns
    scales = progression_by_scale(progression)
    tables = page.locator("#progression table.progression")
    assert tables.count() == len(scales)
    for i in range(tables.count()):
        table = tables.nth(i)
        scale = scales[table.get_attribute("data-scale") or ""]
        headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
        assert headers == ["Skill domain", *scale["levels"]]
        domains = [d.strip() for d in table.locator("tbody th[scope=row]").all_inner_texts()]
        assert domains == list(scale["cells"])
    assert page.locator("#progression li[data-statement]").count() == len(progression)
    # the occupational scale shows as many statements per level as the framework page lists
    per_level = docs.proficiency_items_per_level()
    occupational = next(s for s in scales.values() if set(per_level) <= set(s["levels"]))
    for level, count in per_level.items():
        assert sum(len(cells.get(level, [])) for cells in occupational["cells"].values()) == count
    browser_page.screenshot("occupation")

    # CSV export of a table as shown, and of every statement
    first_scale = tables.first.get_attribute("data-scale") or ""
    with page.expect_download() as download:
        page.locator(f"button[data-csv='{first_scale}']").click()
    shown = read_csv(Path(download.value.path()))
    expected = scales[first_scale]
    assert shown[0] == ["Domain", *expected["levels"]]
    assert [row[0] for row in shown[1:]] == list(expected["cells"])
    for row in shown[1:]:
        for level, cell in zip(expected["levels"], row[1:], strict=True):
            assert cell == "\n".join(expected["cells"][row[0]].get(level, []))
    with page.expect_download() as download:
        page.locator("#progression-csv-all").click()
    every = read_csv(Path(download.value.path()))
    assert every[0][:3] == ["scale", "domain", "level"]
    assert sorted(r[-1] for r in every[1:]) == sorted(r["statement"] for r in progression)

    # a statement's provenance: the exact quote, highlighted in its document's text
    statement = progression[0]["statement"]
    trace = client.get("/provenance", params={"iri": statement}).json()
    document = (SEED_DIR / trace["document"]["identifier"]).read_text(encoding="utf-8")
    exact = document[trace["quote"]["start"] : trace["quote"]["end"]]
    assert exact == trace["quote"]["exact"]
    page.locator(f"#progression li[data-statement='{statement}'] a.trace-link").click()
    dialog = page.locator("dialog.trace-dialog")
    dialog.locator("[data-testid=exact-quote]").wait_for()
    assert dialog.locator("[data-testid=exact-quote]").inner_text() == exact
    assert dialog.locator("mark#quoted-passage").inner_text() == exact
    assert "exactly the document's text" in dialog.locator(".notice.ok").inner_text()
    assert trace["document"]["sha256"] in dialog.inner_text()
    for source in trace["citedSources"]:
        assert source["title"] in dialog.locator(".cited-sources").inner_text()
    browser_page.screenshot("provenance-dialog", full_page=False)
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.dataset.statement") == statement


def test_occupation_sections_show_what_the_api_holds(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    tasks = client.get("/queries/occupation-tasks", params={"occupation": CODE, "limit": 1000}).json()["rows"]
    exposure = api_rows(client, f"/occupations/{CODE}/ai-exposure")
    ai_use = api_rows(client, f"/occupations/{CODE}/ai-use")
    browser_page.open(f"/occupation/{CODE}")
    page.wait_for_selector("#page[data-ready]")
    for row in tasks:
        assert page.locator(f"#tasks a.trace-link[data-statement='{row['statement']}']").count() == 1
    whole = [r for r in exposure if not r["task"]]
    assert page.locator("#exposure-cards > article").count() == len(whole)
    for row in exposure:
        assert page.locator(f"#exposure a.trace-link[data-statement='{row['statement']}']").count() == 1
    levels = sorted({r["level"]: r["rank"] for r in ai_use}.items(), key=lambda item: item[1])
    assert page.locator("#ai-use-levels h3").all_inner_texts() == [level for level, _ in levels]
    assert page.locator("#ai-use a.trace-link").count() == len(ai_use)
    # every statement on the page opens its trace
    links = page.locator("main a.trace-link")
    assert links.count() > len(tasks) + len(exposure) + len(ai_use)
    for i in range(links.count()):
        assert (links.nth(i).get_attribute("href") or "").startswith("/trace?iri=")


def test_trace_page_highlights_the_quote(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    statement = api_rows(client, f"/occupations/{CODE}/ai-use")[0]["statement"]
    trace = client.get("/provenance", params={"iri": statement}).json()
    document = (SEED_DIR / trace["document"]["identifier"]).read_text(encoding="utf-8")
    exact = document[trace["quote"]["start"] : trace["quote"]["end"]]
    assert browser_page.open(f"/trace?{httpx.QueryParams({'iri': statement})}") == 200
    page.wait_for_selector("#trace[data-ready]")
    assert page.locator("mark#quoted-passage").inner_text() == exact
    # the highlighted passage sits in the whole document's text, and is scrolled into view there
    assert page.locator("pre.document-text").text_content() == document
    assert page.locator("mark#quoted-passage").is_visible()
    browser_page.screenshot("trace")


def test_unknown_codes_and_empty_searches_are_helpful(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    assert browser_page.open("/occupation/99-9999.99") == 404
    page.locator("h1", has_text="Occupation not found").wait_for()
    assert "99-9999.99" in text_of(page, "main")
    browser_page.screenshot("unknown-occupation", full_page=False)

    expected = client.get("/occupations/library technican").json()["suggestions"]
    assert expected, "the API suggests the closest occupations"
    assert browser_page.open("/occupation/library technican") == 404
    page.locator("#suggested").wait_for()
    suggested = [a.get_attribute("href") for a in page.locator("#suggested a").all()]
    assert suggested == [f"/occupation/{s['code']}" for s in expected]

    assert browser_page.open("/occupation/25-4031.00/adjacent".replace("25-4031.00", "00-0000.00")) == 404
    page.locator("h1", has_text="Occupation not found").wait_for()

    browser_page.open("/search?q=")
    page.locator("#results .notice").wait_for()
    assert "Type part of an occupation" in text_of(page, "#results")

    browser_page.open("/search?q=qqzzxxqq")
    page.locator("#results .notice").wait_for()
    assert "No occupation has “qqzzxxqq”" in text_of(page, "#results")

    browser_page.open("/trace")
    page.locator("#trace .notice").wait_for()
    assert "source" in text_of(page, "#trace")
    browser_page.open("/trace?iri=https://example.org/no-such-statement")
    page.locator("#trace .notice.error").wait_for()
    assert "No statement" in text_of(page, "#trace")
    for text in (text_of(page, "body"),):
        assert "Traceback" not in text
    # what the browser logged are the 404 answers these pages are about, nothing else
    assert all("404" in message for message in browser_page.console), browser_page.console


def test_search_results_page(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    expected = client.get("/occupations", params={"q": "library", "limit": 50}).json()
    browser_page.open("/search?q=library")
    page.locator("#result-list").wait_for()
    hrefs = [a.get_attribute("href") for a in page.locator("#result-list a").all()]
    assert hrefs == [f"/occupation/{item['code']}" for item in expected["items"]]
    assert page.input_value("#q") == "library"


def test_sparql_page_runs_a_named_query_and_the_editor(browser_page: Watched, client: httpx.Client) -> None:
    page = browser_page.page
    expected = client.get("/queries/progression", params={"occupation": CODE, "limit": 1000}).json()
    browser_page.open("/sparql-editor")
    page.wait_for_selector("body[data-ready]")
    page.select_option("#named-query", "progression")
    page.get_by_label("occupation").fill(CODE)
    page.click("#run-named")
    page.locator("#result-summary").wait_for()
    assert f"{expected['total']} rows" in text_of(page, "#result-summary")
    table = page.locator("#sparql-results table")
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == expected["columns"]
    assert table.locator("tbody tr").count() == len(expected["rows"])
    csv_href = page.get_attribute("#sparql-results a[download$='.csv']", "href") or ""
    downloaded = list(csv.reader(io.StringIO(client.get(csv_href).text)))
    assert downloaded[0] == expected["columns"] and len(downloaded) - 1 == expected["total"]
    browser_page.screenshot("sparql-named", full_page=False)

    # the editor: a named query's text copied in, run through /sparql, results as a table and JSON
    summary = client.get("/queries/summary").json()
    page.select_option("#named-query", "summary")
    page.click("#load-example")
    page.wait_for_function("document.getElementById('sparql-text').value.includes('SELECT')")
    page.click("#run-sparql")
    page.locator("#result-summary", has_text="rows").wait_for()
    rows = page.locator("#sparql-results table tbody tr")
    assert rows.count() == summary["total"]
    shown = {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text() for r in rows.all()}
    assert shown == {str(r["what"]): str(r["count"]) for r in summary["rows"]}
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    results = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert len(results["results"]["bindings"]) == summary["total"]

    # a malformed query is explained, not a stack trace
    page.fill("#sparql-text", "SELECT WHERE {")
    page.click("#run-sparql")
    page.locator("#sparql-results .notice.error").wait_for()
    assert "not valid SPARQL" in text_of(page, "#sparql-results")
    assert all("400" in message for message in browser_page.console), browser_page.console
