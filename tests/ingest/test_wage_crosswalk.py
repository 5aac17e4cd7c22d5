"""Wages of occupations whose code changed in 2019, through the O*NET-SOC 2010→2019 crosswalk."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.soc_crosswalk import read_crosswalk
from skillscape.ingest.wages import WageDataAdapter
from skillscape.model import iri
from skillscape.model.namespaces import PROV, SS
from tests.onet_fixtures import write_release
from tests.pathways.conftest import onet_option, release_rows

CODES = ("15-1252.00", "25-4022.00", "43-4171.00", "47-2031.00")
HEADER = "SOCcode,JobName,JobFamily,isBright,isGreen,JobZone,MedianSalary,JobForecast,ChanceAuto,WageGroup\n"
WAGES = (
    "15-1132.00,Software Developers Applications,x,True,False,4,100000.0,1,-1,\n"
    "15-1133.00,Software Developers Systems Software,x,True,False,4,110000.0,1,-1,\n"
    "25-4021.00,Librarians,x,False,False,5,60000.0,1,-1,\n"
    "47-2031.00,Carpenters,x,False,False,2,50000.0,1,-1,\n"
    "99-9999.00,Nowhere,x,False,False,2,1000.0,1,-1,\n"
)
CROSSWALK = (
    "O*NET-SOC 2010 Code,O*NET-SOC 2010 Title,O*NET-SOC 2019 Code,O*NET-SOC 2019 Title\n"
    "15-1132.00,Apps,15-1252.00,Software Developers\n"  # many-to-one ...
    "15-1133.00,Systems,15-1252.00,Software Developers\n"  # ... the mean of both
    "25-4021.00,Librarians,25-4022.00,Librarians and Media Collections Specialists\n"  # one-to-many ...
    "25-4021.00,Librarians,43-4171.00,Receptionists and Information Clerks\n"  # ... each gets it
    "47-2031.00,Carpenters,47-2031.00,Carpenters\n"
)


def _entry(root: Path, crosswalk: str = CROSSWALK) -> SourceEntry:
    folder = write_release(root / "onet", release_rows(CODES), release="30.1")
    (root / "wage_data.csv").write_text(HEADER + WAGES, encoding="utf-8")
    (root / "crosswalk.csv").write_text(crosswalk, encoding="utf-8")
    sha = hashlib.sha256(CROSSWALK.encode()).hexdigest()
    options = {"onet": onet_option(folder), "crosswalk": {"path": "crosswalk.csv", "sha256": sha}}
    return SourceEntry("wages", root / "wage_data.csv", "aei-wage-data", options=options)


def _wages(entry: SourceEntry) -> dict[str, tuple[float, str | None, int]]:
    quads = list(
        WageDataAdapter().ingest(entry, iri.source_graph("wages"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    )
    by = {}
    for q in quads:
        by.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object.value)
    found = {}
    for node in by.values():
        if SS.medianValue.value in node:
            code = node[SS.occupation.value][0].rpartition("/")[2]
            method = node.get(SS.method.value, [None])[0]
            derived = len(node[PROV.wasDerivedFrom.value])
            assert derived == 1  # exactly one passage; the others are evidence
            found[code] = (float(node[SS.medianValue.value][0]), method, len(node.get(SS.evidence.value, [])))
    return found


def test_many_to_one_takes_the_mean_and_one_to_many_gives_each_the_wage(tmp_path: Path) -> None:
    wages = _wages(_entry(tmp_path))
    assert set(wages) == set(CODES)
    value, method, sources = wages["15-1252.00"]
    assert value == pytest.approx(105000.0)
    assert (
        method is not None
        and "mean of the median wages of the 2" in method
        and "15-1132.00, 15-1133.00" in method
    )
    assert sources == 3  # the second wage row and both crosswalk rows
    assert wages["25-4022.00"][:1] == (60000.0,) and wages["43-4171.00"][:1] == (60000.0,)
    assert "25-4021.00" in str(wages["43-4171.00"][1])
    assert wages["47-2031.00"] == (50000.0, None, 0)  # its own row: not mapped


def test_a_crosswalk_that_is_not_the_pinned_one_is_an_error(tmp_path: Path) -> None:
    entry = _entry(tmp_path, CROSSWALK.replace("110000", "1").replace("Systems", "Other"))
    with pytest.raises(SourceError, match="sha256"):
        _wages(entry)


def test_a_bad_code_in_the_crosswalk_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(CROSSWALK + "15-1132,Apps,15-1252.00,Software Developers\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not an O\\*NET-SOC code") as raised:
        read_crosswalk(path)
    assert "c.csv" in str(raised.value) and "7" in str(raised.value)
    assert read_crosswalk(_ok(tmp_path)).from_2010("15-1252.00") == [
        "15-1132.00",
        "15-1133.00",
    ]


def _ok(root: Path) -> Path:
    path = root / "ok.csv"
    path.write_text(CROSSWALK, encoding="utf-8")
    return path
