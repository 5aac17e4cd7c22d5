"""The curriculum view of a pivot step: the level anchors between the origin's level and the target's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from skillscape.pathways.curriculum import Anchor, climb, ladders, with_anchors
from skillscape.pathways.service import PathwayService, PivotRequest
from tests.onet_fixtures import read_rows
from tests.pathways.conftest import RELEASE, SmallStore

LADDER = [Anchor(2, "sort objects", "s2"), Anchor(4, "analyze data", "s4"), Anchor(6, "geology", "s6")]


@pytest.mark.parametrize(
    ("low", "high", "ranks"),
    [
        (0.0, 4.12, [2, 4, 6]),  # from nothing up to the first anchor at or above 4.12
        (2.3, 3.9, [4]),  # no anchor between the levels: the one that covers the target
        (2.0, 4.0, [4]),  # an origin on an anchor has it; a target on one needs no more
        (4.5, 7.0, [6]),  # no anchor reaches 7: up to the highest
        (5.0, 4.0, []),  # not a gap
    ],
)
def test_climb_from_the_origins_level_to_the_targets(low: float, high: float, ranks: list[int]) -> None:
    assert [a.rank for a in climb(LADDER, low, high)] == ranks


def test_ladders_keep_only_anchor_rows_by_kind_and_name() -> None:
    rows = [
        {"scale": "O*NET knowledge level", "domain": "Mathematics", "rank": "4", "text": "k4",
         "statement": "k4", "required_level": "3.1"},
        {"scale": "O*NET skill level", "domain": "Mathematics", "rank": "4", "text": "m4", "statement": "m4",
         "required_level": "2.5"},
        {"scale": "O*NET skill level", "domain": "Mathematics", "rank": "2", "text": "m2", "statement": "m2",
         "required_level": "2.5"},
        {"scale": "Durable skills", "domain": "Communication", "rank": "1", "text": "c1", "statement": "c1",
         "required_level": None},
    ]  # fmt: skip
    found = ladders(rows)
    assert set(found) == {("knowledge", "Mathematics"), ("skill", "Mathematics")}
    assert [a.statement for a in found["skill", "Mathematics"]] == ["m2", "m4"]
    gaps = [
        {"kind": "skill", "name": "Mathematics", "from_level": 1.0, "to_level": 3.0},
        {"kind": "dwa", "name": "Sort mail"},
    ]
    with_anchors(gaps, found)
    assert gaps[0]["anchors"] == [
        {"rank": 2, "text": "m2", "statement": "m2"},
        {"rank": 4, "text": "m4", "statement": "m4"},
    ]
    assert "anchors" not in gaps[1]


@pytest.fixture(scope="module")
def service(small: SmallStore) -> Iterator[PathwayService]:
    with small.open() as store:
        yield PathwayService(store)


def _anchor_file() -> dict[tuple[str, str], list[tuple[int, str]]]:
    """(kind, name) → [(anchor value, text)] from the release file itself."""
    _header, rows = read_rows(RELEASE, "Level Scale Anchors.txt")
    found: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for element, name, _scale, value, text in rows:
        kind = "knowledge" if element.startswith("2.C.") else "skill" if element.startswith("2.") else None
        if kind:
            found.setdefault((kind, name), []).append((int(value), text))
    return {key: sorted(anchors) for key, anchors in found.items()}


def test_a_pivot_from_library_technicians_shows_level_anchors_in_its_gaps(service: PathwayService) -> None:
    answer = service.pivots(PivotRequest("25-4031.00", max_hops=2, k=3))
    expected = _anchor_file()
    seen = 0
    for path in answer["paths"]:
        for step in path["steps"]:
            for gap in step["gaps"]:
                if gap["kind"] not in ("skill", "knowledge"):
                    continue
                file_anchors = expected[gap["kind"], gap["name"]]
                wanted = []
                for value, text in file_anchors:
                    if value > gap["from_level"]:
                        wanted.append((value, text))
                        if value >= gap["to_level"]:
                            break
                assert [(a["rank"], a["text"]) for a in gap["anchors"]] == wanted, gap
                assert all(
                    a["statement"].startswith("https://w3id.org/skillscape/id/") for a in gap["anchors"]
                )
                seen += len(gap["anchors"])
    assert seen > 0
