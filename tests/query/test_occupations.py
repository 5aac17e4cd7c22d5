"""Search by the words people use, and the same closest matches everywhere (issue 17, items 6, 9).

The index is built from the rows the ``occupation-names`` query returns; here from the real
O*NET 30.1 files (Occupation Data, Alternate Titles, Sample of Reported Titles), read with
nothing but ``str.split``, so the ranking is checked on every real title, not on a toy list.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skillscape.query.occupations import OccupationIndex, UnknownOccupation
from tests.onet_fixtures import read_rows


def _rows() -> Iterator[dict[str, str]]:
    _header, rows = read_rows("30.1", "Occupation Data.txt")
    for row in rows:
        yield {"code": row[0], "title": row[1]}
    for name, kind in (
        ("Alternate Titles.txt", "alternate title"),
        ("Sample of Reported Titles.txt", "reported title"),
    ):
        _header, rows = read_rows("30.1", name)
        for row in rows:
            yield {"code": row[0], "title": "", "kind": kind, "name": row[1]}


@pytest.fixture(scope="module")
def index() -> OccupationIndex:
    return OccupationIndex.from_rows(_rows())


def top(index: OccupationIndex, text: str, n: int = 3) -> list[str]:
    return [hit.occupation.code for hit in index.search(text)[:n]]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("circulation clerk", "25-4031.00"),  # an alternate title (issue 17: returned nothing)
        ("staff nurse", "29-1141.00"),
        ("coder", "29-2072.00"),
        ("nurse", "29-1141.00"),  # was tenth
        ("Library Technicians", "25-4031.00"),
        ("25-4031", "25-4031.00"),
    ],
)
def test_people_s_words_find_the_occupation_in_the_top_three(
    index: OccupationIndex, text: str, code: str
) -> None:
    assert code in top(index, text), index.search(text)[:5]


def test_ranking_exact_then_prefix_then_words(index: OccupationIndex) -> None:
    hits = index.search("library tech")
    tiers = [hit.tier for hit in hits]
    assert tiers == sorted(tiers)
    assert hits[0].occupation.code == "25-4031.00" and hits[0].tier == 1  # "Library Technicians" starts so
    words = index.search("clerk circulation")  # all words, any order
    assert "25-4031.00" in [h.occupation.code for h in words] and all(h.tier == 2 for h in words)
    exact = index.search("Registered Nurses")[0]
    assert (exact.occupation.code, exact.tier, exact.kind) == ("29-1141.00", 0, "title")


def test_a_reported_title_is_found_and_says_what_matched() -> None:
    # 30.1 lists every sample reported title among the alternate titles too: index the titles
    # and the reported titles only, so the match can only come from the reported title
    index = OccupationIndex.from_rows(r for r in _rows() if r.get("kind") != "alternate title")
    _header, rows = read_rows("30.1", "Sample of Reported Titles.txt")
    code, name = next((r[0], r[1]) for r in rows if r[1] == "Staff Nurse")
    hit = next(h for h in index.search("staff nurse") if h.occupation.code == code)
    assert (hit.tier, hit.kind, hit.matched) == (0, "reported title", name)


def test_unknown_code_names_the_closest_matches(index: OccupationIndex) -> None:
    with pytest.raises(UnknownOccupation) as caught:
        index.resolve("99-9999.00", "occupation")
    assert "no occupation '99-9999.00'" in str(caught.value) and caught.value.suggestions
    with pytest.raises(UnknownOccupation) as caught:
        index.resolve("staff nurse", "occupation")
    message = str(caught.value)
    assert message.startswith("parameter occupation='staff nurse': expected an O*NET-SOC code")
    assert "29-1141.00 Registered Nurses" in message
    assert index.resolve("25-4031").code == "25-4031.00"
