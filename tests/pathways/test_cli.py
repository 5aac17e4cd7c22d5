"""`skillscape adjacent` and `skillscape pivots`, run as a user runs them (installed script, subprocess)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.pathways.conftest import CODES, SmallStore
from tests.test_cli import cli


def test_adjacent_json_is_a_ranked_list(small: SmallStore) -> None:
    result = cli(small.settings, "adjacent", "25-4031", "--k", "4", "--format", "json", check=True)
    found = json.loads(result.stdout)
    assert [item["rank"] for item in found] == [1, 2, 3, 4]
    assert all({"code", "title", "score", "transfers", "gaps"} <= set(item) for item in found)
    assert {item["code"] for item in found} <= set(CODES) - {"25-4031.00"}


def test_adjacent_table_names_the_occupations(small: SmallStore) -> None:
    result = cli(small.settings, "adjacent", "43-4121.00", "--k", "3", check=True)
    first = json.loads(cli(small.settings, "adjacent", "43-4121.00", "--k", "1", "--format", "json").stdout)[
        0
    ]
    assert first["code"] in result.stdout and "3 occupation(s)" in result.stdout


def test_an_unknown_code_is_an_error_with_the_closest_codes(small: SmallStore) -> None:
    result = cli(small.settings, "adjacent", "25-4O31")
    assert result.returncode == 2
    assert "25-4031.00" in result.stderr and "Library Technicians" in result.stderr
    pivots = cli(small.settings, "pivots", "99-9999.00")
    assert pivots.returncode == 2 and "no occupation" in pivots.stderr


def test_pivots_json_and_drawing(small: SmallStore, tmp_path: Path) -> None:
    drawing = tmp_path / "paths.svg"
    result = cli(
        small.settings, "pivots", "43-4071.00", "--max-hops", "2", "--k", "2",
        "--min-wage-ratio", "0.9", "--format", "json", "--plot", str(drawing),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["origin"]["code"] == "43-4071.00" and 1 <= len(answer["paths"]) <= 2
    assert answer["constraints"]["min_wage_ratio"] == 0.9
    svg = ET.parse(drawing).getroot()
    assert answer["paths"][0]["destination"]["code"] in ET.tostring(svg, encoding="unicode")


def test_pivots_nothing_can_meet_is_an_empty_answer_not_an_error(small: SmallStore) -> None:
    result = cli(small.settings, "pivots", "43-4071.00", "--max-exposure", "-1")
    assert result.returncode == 0, result.stderr
    assert "No occupation meets all the conditions" in result.stdout
    assert "are more exposed to AI than -1.00" in result.stdout and "max_exposure" not in result.stdout
    assert "With no exposure ceiling:" in result.stdout


def test_pivots_refuses_an_unknown_measure_and_a_non_svg_drawing(small: SmallStore) -> None:
    measure = cli(small.settings, "pivots", "43-4071.00", "--measure", "vibes")
    assert measure.returncode == 2 and "dv_rating_beta" in measure.stderr
    drawing = cli(small.settings, "pivots", "43-4071.00", "--plot", "paths.png")
    assert drawing.returncode == 2 and ".svg" in drawing.stderr
