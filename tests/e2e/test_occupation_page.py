"""The occupation page a person reads (issue 17, item 8), in headless Chromium, on the small
pathway graph (real O*NET 30.1 rows and exposure tables of ten occupations, and the seeds)."""

from __future__ import annotations

import re

import httpx

from tests.e2e.conftest import Watched

CODE = "29-1141.00"  # Registered Nurses: scored by the Eloundou et al. table of the small graph


def test_exposure_headline_in_plain_words_with_percentile_and_details_folded(
    pivot_tab: Watched, pivot_api: httpx.Client
) -> None:
    summary = pivot_api.get("/queries/occupation-exposure-summary", params={"occupation": CODE}).json()[
        "rows"
    ]
    assert summary, "the small graph scores this occupation"
    page = pivot_tab.page
    assert pivot_tab.open(f"/occupation/{CODE}") == 200
    page.wait_for_selector("#page[data-ready=true]")
    headline = page.locator("#exposure-headline")
    text = re.sub(r"\s+", " ", headline.inner_text())
    assert "dv_rating" not in text and "human_rating" not in text  # plain words, not column names
    assert "rated by GPT-4" in text
    for row in summary:
        assert f"{row['score']:.2f}" in text
        assert f"higher than {round(row['percentile'])}% of the {row['occupations']} occupations" in text
    # one line per measure: as many lines as the summary has rows
    assert headline.locator("li").count() == len(summary)
    assert page.locator("#exposure-details").get_attribute("open") is None  # details folded
    ids = page.eval_on_selector_all("main section[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), "no section twice"
    assert not page.locator("text=occ_level.csv").first.is_visible()  # no file names as titles
    pivot_tab.screenshot("occupation-exposure")
