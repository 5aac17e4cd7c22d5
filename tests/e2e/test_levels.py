"""O*NET level anchors in the explorer: the occupation page's progression table and the level
anchors of a pivot step's gaps, over the small graph of real O*NET rows (pathway tests' sources)."""

from __future__ import annotations

import re

import httpx

from tests.e2e.conftest import Watched, text_of
from tests.e2e.test_pathways import ORIGIN, pivots, submit, unique_steps

CODE = "15-1252.00"  # Software Developers


def test_occupation_page_shows_descriptors_by_importance_with_the_required_level_marked(
    pivot_tab: Watched, pivot_api: httpx.Client
) -> None:
    page = pivot_tab.page
    rows = pivot_api.get(f"/occupations/{CODE}/progression", params={"limit": 500}).json()["rows"]
    assert pivot_tab.open(f"/occupation/{CODE}") == 200
    page.wait_for_selector("#page[data-ready]")
    table = page.locator("#progression table.anchors[data-scale='O*NET skill level']")
    descriptors = [t.strip() for t in table.locator("tbody tr th").all_inner_texts()]
    expected: list[str] = []
    for row in rows:
        if row["scale"] == "O*NET skill level" and row["domain"] not in expected:
            expected.append(row["domain"])
    assert descriptors == expected  # most important first, as the query orders them
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    assert headers[:2] == ["Descriptor", "Importance (1–5)"]
    ranks = sorted({int(r["rank"]) for r in rows if r["scale"] == "O*NET skill level"})
    assert headers[2:] == [f"Level {n}" for n in ranks]  # the levels the anchors are at
    programming = table.locator("tbody tr", has_text="Programming")
    cells = programming.locator("td").all_inner_texts()
    level_4 = headers.index("Level 4") - 1  # the row header is a th
    assert "Required level 4.12" in cells[level_4]
    anchors = programming.locator("div.anchor")
    assert anchors.count() == 3
    assert "Next step" in (anchors.nth(2).inner_text())
    pivot_tab.screenshot("progression-anchors")


def test_a_pivot_step_lists_the_level_anchors_of_its_gaps(
    pivot_tab: Watched, pivot_api: httpx.Client
) -> None:
    page = pivot_tab.page
    answer = pivots(pivot_api, max_hops=3, k=5)
    steps = unique_steps(answer)
    key, step = next(
        (k, s) for k, s in steps.items() if any(g.get("anchors") for g in s["gaps"])
    )  # a step whose gaps have anchors
    assert pivot_tab.open(f"/pivots?origin={ORIGIN}") == 200
    submit(page, **{"max-hops": "3", "paths-k": "5"})
    edge = page.locator(f"[data-testid=pivot-graph] g.edge[data-step='{key}']")
    edge.focus()
    page.keyboard.press("Enter")
    details = page.locator("#step-details")
    details.wait_for()
    for index, gap in enumerate(step["gaps"]):
        item = details.locator(".gap-list > li").nth(index)
        anchors = gap.get("anchors") or []
        assert item.locator("details.gap-anchors").count() == (1 if anchors else 0)
        if anchors:
            item.locator("details.gap-anchors summary").click()
            shown = [re.sub(r"\s+", " ", t) for t in item.locator("details.gap-anchors li").all_inner_texts()]
            assert len(shown) == len(anchors)
            for text, anchor in zip(shown, anchors, strict=True):
                assert text.startswith(f"Level {anchor['rank']}") and anchor["text"] in text
    assert step["to"]["title"] in text_of(page, "#step-heading")
