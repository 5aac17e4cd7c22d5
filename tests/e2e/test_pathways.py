"""The pivot explorer and the adjacent-occupations page in headless Chromium, over a small graph
of real O*NET rows (the pathway tests' sources), checked against what the API answers."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.conftest import Watched, text_of

ORIGIN = "25-4031.00"


def pivots(client: httpx.Client, **params: Any) -> dict[str, Any]:
    response = client.get(f"/occupations/{ORIGIN}/pivots", params=params)
    response.raise_for_status()
    return dict(response.json())


def unique_steps(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    steps: dict[str, dict[str, Any]] = {}
    for path in answer["paths"]:
        for step in path["steps"]:
            steps.setdefault(f"{step['from']['code']}→{step['to']['code']}", step)
    return steps


def submit(page: Any, **fields: str) -> None:
    for selector, value in fields.items():
        page.fill(f"#{selector}", value)
    page.click("#pivot-form button[type=submit]")
    page.wait_for_selector("#pivot-results[data-ready] #pivot-summary")


def test_pivot_explorer_finds_paths_and_explains_a_step(pivot_tab: Watched, pivot_api: httpx.Client) -> None:
    page = pivot_tab.page
    answer = pivots(pivot_api, max_hops=3, k=5)
    assert answer["paths"], "the small graph has pivots from the seed occupation"
    assert pivot_tab.open("/pivots") == 200
    # the origin chosen by title from the suggestions
    page.fill("#origin", "Library Tech")
    page.locator(f"[role=option][data-code='{ORIGIN}']").click()
    assert page.input_value("#origin") == ORIGIN
    submit(page, **{"max-hops": "3", "paths-k": "5"})
    assert f"origin={ORIGIN}" in page.url

    destinations = [li.get_attribute("data-destination") for li in page.locator("#path-list > li").all()]
    assert destinations == [p["destination"]["code"] for p in answer["paths"]]
    summary = text_of(page, "#pivot-summary")
    assert f"{len(answer['paths'])} paths found" in summary
    assert answer["measure"] in summary
    for excluded in answer["excluded"]:
        if excluded["count"]:
            assert f"{excluded['count']} occupation" in summary

    # the graph: one arrow per distinct step, one box per occupation on the paths
    steps = unique_steps(answer)
    graph = page.locator("[data-testid=pivot-graph]")
    assert sorted(g.get_attribute("data-step") or "" for g in graph.locator("g.edge").all()) == sorted(steps)
    codes = {ORIGIN} | {s["to"]["code"] for s in steps.values()}
    assert {g.get_attribute("data-code") for g in graph.locator("g.node").all()} == codes
    pivot_tab.screenshot("pivots")

    # a step opened from the keyboard: its gap, exposure, wage and job-zone change
    key, step = next(iter(steps.items()))
    edge = graph.locator(f"g.edge[data-step='{key}']")
    edge.focus()
    page.keyboard.press("Enter")
    details = page.locator("#step-details")
    details.wait_for()
    assert step["to"]["title"] in text_of(page, "#step-heading")
    assert "selected" in (edge.get_attribute("class") or "")
    gaps = [li.inner_text() for li in details.locator(".gap-list > li").all()]
    assert [g.split(" ")[0] for g in gaps] == [g["name"].split(" ")[0] for g in step["gaps"]]
    changes = text_of(page, "#step-details table")
    exposure, zone = step["exposure"], step["job_zone"]
    assert f"{exposure['from']:.2f} → {exposure['to']:.2f}" in changes
    assert f"{zone['from']} → {zone['to']}" in changes
    if step["wage"]["from"] is not None:
        assert f"${step['wage']['from']:,.0f} →" in changes
    for citation in step["citations"]:
        assert details.locator(f"a.trace-link[data-statement='{citation['iri']}']").count() == 1
    pivot_tab.screenshot("pivot-step")


def test_paths_to_a_target_teach_from_the_framework(pivot_tab: Watched, pivot_api: httpx.Client) -> None:
    """Paths to the seed occupation end in its proficiency statements, each traced to its passage."""
    page = pivot_tab.page
    start = "43-4121.00"
    params = {"to": ORIGIN, "max_hops": 2, "k": 3}
    answer = pivot_api.get(f"/occupations/{start}/pivots", params=params).json()
    assert answer["paths"]
    pivot_tab.open(f"/pivots?origin={start}&to={ORIGIN}&max_hops=2&k=3")
    page.wait_for_selector("#pivot-results[data-ready] #path-list")
    assert page.locator("#path-list > li").count() == len(answer["paths"])
    last = answer["paths"][0]["steps"][-1]
    taught = [s for entry in last["curriculum"] for s in entry["statements"]]
    assert taught, "the framework's level statements are the curriculum of a step into 25-4031.00"
    page.locator("#path-list > li").first.locator("[data-step-button]").last.click()
    link = page.locator(f"#step-details .curriculum a.trace-link[data-statement='{taught[0]['iri']}']")
    page.locator("#step-details .curriculum summary").first.click()
    link.click()
    trace = pivot_api.get("/provenance", params={"iri": taught[0]["iri"]}).json()
    quote = page.locator("dialog.trace-dialog [data-testid=exact-quote]")
    quote.wait_for()
    assert quote.inner_text() == trace["quote"]["exact"]


def test_pivot_constraints_narrow_the_destinations(pivot_tab: Watched, pivot_api: httpx.Client) -> None:
    page = pivot_tab.page
    loose = pivots(pivot_api, max_hops=3, k=20)
    floor = pivots(pivot_api, max_hops=3, k=20, min_wage_ratio=1.0)
    origin_wage = floor["origin"]["wage"]
    assert all(p["destination"]["wage"] >= origin_wage for p in floor["paths"])
    pivot_tab.open(f"/pivots?origin={ORIGIN}&max_hops=3&k=20&min_wage_ratio=1.0")
    page.wait_for_selector("#pivot-results[data-ready] #pivot-summary")
    shown = [li.get_attribute("data-destination") for li in page.locator("#path-list > li").all()]
    assert shown == [p["destination"]["code"] for p in floor["paths"]]
    assert len(shown) <= len(loose["paths"])
    wage_constraints = ("wage_unknown", "min_wage_ratio")
    wage_excluded = sum(e["count"] for e in floor["excluded"] if e["constraint"] in wage_constraints)
    if wage_excluded:
        assert "wage" in text_of(page, "#pivot-summary")

    # a ceiling nothing meets: no path, and a message saying which constraint excluded what
    none = pivots(pivot_api, max_hops=1, k=5, max_exposure=0.0)
    assert none["paths"] == []
    pivot_tab.open(f"/pivots?origin={ORIGIN}&max_hops=1&k=5&max_exposure=0")
    page.wait_for_selector("#pivot-results[data-ready] .notice")
    assert none["message"].startswith("No occupation meets all the conditions")
    assert none["message"].split(". ")[0] in text_of(page, "#pivot-results")

    # an origin nobody has: said plainly
    pivot_tab.open("/pivots")
    page.fill("#origin", "qqzzxxqq")
    page.click("#pivot-form button[type=submit]")
    page.locator("#pivot-results .notice.error").wait_for()
    assert "No occupation matches" in text_of(page, "#pivot-results")


def test_adjacent_occupations_show_what_transfers_and_what_is_missing(
    pivot_tab: Watched, pivot_api: httpx.Client
) -> None:
    page = pivot_tab.page
    adjacent = pivot_api.get(f"/occupations/{ORIGIN}/adjacent", params={"k": 20}).json()
    assert adjacent
    pivot_tab.open(f"/occupation/{ORIGIN}/adjacent")
    page.wait_for_selector("#page[data-ready]")
    cards = page.locator("#adjacent-list > li")
    assert [c.get_attribute("data-code") for c in cards.all()] == [a["code"] for a in adjacent]
    first, card = adjacent[0], cards.first
    assert [li.inner_text().split("\n")[0].strip() for li in card.locator(".transfer-list > li").all()] == [
        f"{t['name']} {t['kind']}".replace("dwa", "work activity").replace("work-style", "work style").strip()
        for t in first["transfers"]
    ]
    assert card.locator(".gap-list > li").count() == len(first["gaps"])
    pivot_tab.screenshot("adjacent")
    # the similarity is a derived statement: its trace is the derivation, not a passage
    card.locator("a.trace-link").first.click()
    dialog = page.locator("dialog.trace-dialog")
    dialog.get_by_role("heading", name="A derived statement").wait_for()
    assert "occupation-similarity" in dialog.inner_text()
