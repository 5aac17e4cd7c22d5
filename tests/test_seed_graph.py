"""The graph built from the five seed documents, checked against the documents themselves."""

from __future__ import annotations

import re
from pathlib import Path

from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.settings import Settings
from skillscape.store.factory import open_store
from tests import seed_documents as docs


def run(settings: Settings, name: str, **params: str) -> list[dict]:
    with open_store(settings) as store:
        return to_records(named.load(name).run(store, params))


def test_progression_lists_every_level_statement_in_level_order(seed_settings: Settings) -> None:
    rows = run(seed_settings, "progression", occupation="25-4031.00")
    occupational = [r for r in rows if r["scale"] == "Occupational proficiency"]
    per_level: dict[str, int] = {}
    for row in occupational:
        per_level[row["level"]] = per_level.get(row["level"], 0) + 1
    assert per_level == docs.proficiency_items_per_level()
    assert [r["rank"] for r in occupational] == sorted(r["rank"] for r in occupational)
    assert [r["level"] for r in occupational][:: len(occupational) // 4] == [
        "Emerging",
        "Developing",
        "Proficient",
        "Advanced",
    ]
    durable = [r for r in rows if r["scale"] != "Occupational proficiency"]
    per_domain: dict[str, int] = {}
    for row in durable:
        per_domain[row["domain"]] = per_domain.get(row["domain"], 0) + 1
    assert per_domain == docs.durable_items_per_domain()
    # within each durable domain, levels ascend
    for domain in per_domain:
        ranks = [r["rank"] for r in durable if r["domain"] == domain]
        assert ranks == sorted(ranks)
    assert all(r["citations"] for r in durable), "every durable statement cites its sources"


def test_plain_soc_code_resolves_to_its_00_occupation(seed_settings: Settings) -> None:
    assert run(seed_settings, "progression", occupation="25-4031") == run(
        seed_settings, "progression", occupation="25-4031.00"
    )


def test_ai_use_returns_every_statement_with_citations(seed_settings: Settings) -> None:
    rows = run(seed_settings, "ai-use", occupation="25-4031.00")
    items = docs.ai_use_items()
    assert len(rows) == len(items) == 10
    text = docs.framework_text()
    for row in rows:
        assert row["citations"], row
        assert row["text"] in text
        for citation in row["citations"].split(" | "):
            assert citation in text
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)


def test_no_statement_without_source(seed_settings: Settings) -> None:
    assert run(seed_settings, "statements-without-source") == []


def test_every_quote_matches_its_document(seed_settings: Settings) -> None:
    assert run(seed_settings, "checks/passage-quote-violation") == []


def test_the_two_occupations_stay_distinct(seed_settings: Settings) -> None:
    technicians = run(seed_settings, "ai-use", occupation="43-4121.00")
    assert technicians == [], "the framework is about 25-4031.00 only"


def test_conflicting_outlook_figures_stand_side_by_side(seed_settings: Settings) -> None:
    rows = run(seed_settings, "conflicting-claims")
    outlook = [r for r in rows if r["code"] == "25-4031.00" and r["property"].endswith("#percentChange")]
    documents = {r["document"] for r in outlook}
    assert len(documents) >= 2, rows
    values = {r["value"] for r in outlook}
    # both figures as the documents state them: -7 % (exposure page) and 3 % (career page)
    for path, pattern in (
        (docs.SEEDS / "000_50567291eebd7c67.txt", r"Decline \((-?\d+)%\)"),
        (docs.SEEDS / "001_4286515a91cf1d9e.txt", r"growth of about (\d+)%"),
    ):
        match = re.search(pattern, Path(path).read_text(encoding="utf-8"))
        assert match is not None
        assert float(match.group(1)) in values
