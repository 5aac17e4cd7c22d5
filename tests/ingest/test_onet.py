"""O*NET releases: the whole release in the graph, counted against the files; bad input.

The full-release tests share one store built once per session (``tests/onet_fixtures.py``) from
the committed O*NET 30.1 and 29.1 folders and the O*NET-SOC structure, by the real build with
validation. Every expected number is computed here from the files themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.build import build
from skillscape.ingest.document import SourceError
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.onet import OnetReleaseAdapter
from skillscape.ingest.soc import SocStructureAdapter
from skillscape.model import iri
from skillscape.query import named
from skillscape.store.factory import open_store
from skillscape.store.oxigraph import OxigraphStore
from tests.conftest import make_settings
from tests.onet_fixtures import (
    SOC_FILE,
    onet_entries,
    onet_store,  # noqa: F401 - session fixture
    read_rows,
    read_text,
    release_dir,
    release_entry,
    release_files,
    write_release,
)

P = (
    "PREFIX ss: <https://w3id.org/skillscape/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#> "
    "PREFIX dct: <http://purl.org/dc/terms/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
)
SS = "https://w3id.org/skillscape/ontology#"
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

#: file → the statement class each of its rows becomes
ROW_CLASSES = {
    "Occupation Data.txt": "DescriptionClaim",
    "Task Statements.txt": "Task",
    "Emerging Tasks.txt": "EmergingTask",
    "Tasks to DWAs.txt": "TaskActivityLink",
    "Alternate Titles.txt": "ReportedTitleClaim",
    "Sample of Reported Titles.txt": "ReportedTitleClaim",
    "Job Zones.txt": "JobZoneClaim",
    "Skills.txt": "Rating",
    "Knowledge.txt": "Rating",
    "Work Styles.txt": "Rating",
    "Interests.txt": "Rating",
    "Work Values.txt": "Rating",
    "Education, Training, and Experience.txt": "Rating",
    "Level Scale Anchors.txt": "LevelAnchor",
    "Technology Skills.txt": "TechnologySkillStatement",
    "Tools Used.txt": "TechnologySkillStatement",
}


def graph_of(release: str) -> ox.NamedNode:
    return iri.source_graph(f"onet-{release}")


def rows_of(store: OxigraphStore, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[tuple]:
    """The rows of a SELECT; the engine binds ``bindings`` (it wants them in the projection)."""
    projected = sparql.replace("SELECT ", "SELECT " + "".join(f"?{name} " for name in bindings), 1)
    result = store.query(P + projected, bindings)
    keep = [i for i, name in enumerate(result.variables) if name not in bindings]
    return [tuple(None if row[i] is None else row[i].value for i in keep) for row in result.rows]


@pytest.fixture(scope="module")
def full_store(onet_store: OxigraphStore) -> OxigraphStore:  # noqa: F811
    return onet_store


@pytest.mark.slow
def test_each_source_is_a_named_graph_with_its_metadata(full_store: OxigraphStore) -> None:
    for entry in onet_entries():
        found = rows_of(
            full_store,
            "SELECT ?kind ?sha ?release WHERE { GRAPH ?g { ?g ss:documentKind ?kind ; ss:sha256 ?sha "
            "OPTIONAL { ?g ss:release ?release } } }",
            g=iri.source_graph(entry.id),
        )
        assert found == [(entry.kind, entry.verify(), entry.release or None)]


@pytest.mark.slow
@pytest.mark.parametrize("release", ["30.1", "29.1"])
def test_every_row_of_every_file_is_one_statement(full_store: OxigraphStore, release: str) -> None:
    found = Counter(
        {
            (cls.removeprefix(SS), doc): int(n)
            for cls, doc, n in rows_of(
                full_store,
                "SELECT ?c ?d (COUNT(?s) AS ?n) "
                "WHERE { GRAPH ?g { ?s a ?c ; prov:wasDerivedFrom/oa:hasSource/"
                "dct:identifier ?d } } GROUP BY ?g ?c ?d",
                g=graph_of(release),
            )
        }
    )
    expected: Counter[tuple[str, str]] = Counter()
    for name, cls in ROW_CLASSES.items():
        if (release_dir(release) / f"{name}.gz").exists():
            expected[(cls, name)] += len(read_rows(release, name)[1])
    assert found == expected
    if release == "30.1":  # the numbers the release notes give
        assert expected[("Task", "Task Statements.txt")] == 18796
        assert expected[("TaskActivityLink", "Tasks to DWAs.txt")] == 23850
        assert expected[("Rating", "Skills.txt")] == 62580
        assert expected[("Rating", "Knowledge.txt")] == 59004
        assert expected[("TechnologySkillStatement", "Technology Skills.txt")] == 32773


@pytest.mark.slow
@pytest.mark.parametrize("release", ["30.1", "29.1"])
def test_reference_files_become_concepts(full_store: OxigraphStore, release: str) -> None:
    def notations(cls: str, document: str) -> set[str]:
        return {
            n
            for (n,) in rows_of(
                full_store,
                "SELECT ?n WHERE { GRAPH ?g { ?x a ?c ; skos:notation ?n ; dct:source/dct:identifier ?d } }",
                g=graph_of(release),
                c=ox.NamedNode(SS + cls),
                d=ox.Literal(document),
            )
        }

    def ids(name: str, header: str) -> set[str]:
        head, rows = read_rows(release, name)
        return {row[head.index(header)] for row in rows}

    occupations = ids("Occupation Data.txt", "O*NET-SOC Code")
    assert notations("Occupation", "Occupation Data.txt") == occupations
    assert len(occupations) == 1016
    assert notations("DetailedWorkActivity", "DWA Reference.txt") == ids("DWA Reference.txt", "DWA ID")
    assert notations("IntermediateWorkActivity", "IWA Reference.txt") == ids("IWA Reference.txt", "IWA ID")
    assert notations("MeasurementScale", "Scales Reference.txt") == ids("Scales Reference.txt", "Scale ID")
    assert notations("TechnologySkill", "UNSPSC Reference.txt") == ids(
        "UNSPSC Reference.txt", "Commodity Code"
    )
    elements = {
        n
        for (n,) in rows_of(
            full_store,
            "SELECT ?n WHERE { GRAPH ?g { ?x skos:notation ?n ; dct:source/dct:identifier "
            '"Content Model Reference.txt" } }',
            g=graph_of(release),
        )
    }
    assert elements == ids("Content Model Reference.txt", "Element ID")


@pytest.mark.slow
def test_nothing_is_left_unmapped_in_the_real_releases(full_store: OxigraphStore) -> None:
    assert rows_of(full_store, "SELECT ?i WHERE { ?i a ss:IngestIssue }") == []


@pytest.mark.slow
@pytest.mark.parametrize("release", ["30.1", "29.1"])
def test_documents_carry_the_sha256_of_the_official_files(full_store: OxigraphStore, release: str) -> None:
    found = dict(
        rows_of(
            full_store,
            "SELECT ?name ?sha "
            "WHERE { GRAPH ?g { ?d a ss:SourceDocument ; dct:identifier ?name ; ss:sha256 ?sha } }",
            g=graph_of(release),
        )
    )
    expected = {
        path.name.removesuffix(".gz"): hashlib.sha256(read_text(path).encode("utf-8")).hexdigest()
        for path in release_dir(release).iterdir()
    }
    assert found == expected


@pytest.mark.slow
def test_job_zones_row_by_row(full_store: OxigraphStore) -> None:
    found = {
        int(row.removeprefix("row=")): (code, int(zone), date)
        for row, code, zone, date in rows_of(
            full_store,
            "SELECT ?r ?code ?z ?date "
            "WHERE { GRAPH ?g { ?s a ss:JobZoneClaim ; ss:occupation/skos:notation ?code ; "
            "ss:jobZone ?z ; dct:date ?date ; prov:wasDerivedFrom/oa:hasSelector/rdf:value ?r } }",
            g=graph_of("30.1"),
        )
    }
    _, rows = read_rows("30.1", "Job Zones.txt")
    expected = {
        line: (code, int(zone), f"{date[3:]}-{date[:2]}")
        for line, (code, zone, date, _) in enumerate(rows, 2)
    }
    assert found == expected


@pytest.mark.slow
def test_skill_ratings_row_by_row(full_store: OxigraphStore) -> None:
    found = {
        int(row.removeprefix("row=")): (code, element, scale, Decimal(value))
        for row, code, element, scale, value in rows_of(
            full_store,
            "SELECT ?r ?code ?e ?sc ?v "
            "WHERE { GRAPH ?g { ?s a ss:Rating ; ss:occupation/skos:notation ?code ; "
            "ss:descriptor/skos:notation ?e ; ss:scale/skos:notation ?sc ; ss:dataValue ?v ; "
            "prov:wasDerivedFrom ?p . "
            '?p oa:hasSource/dct:identifier "Skills.txt" ; oa:hasSelector/rdf:value ?r } }',
            g=graph_of("30.1"),
        )
    }
    _, rows = read_rows("30.1", "Skills.txt")
    expected = {line: (row[0], row[1], row[3], Decimal(row[4])) for line, row in enumerate(rows, 2)}
    assert found == expected


@pytest.mark.slow
def test_tasks_are_release_scoped_by_task_id(full_store: OxigraphStore) -> None:
    for release in ("30.1", "29.1"):
        found = dict(
            rows_of(
                full_store,
                "SELECT ?t ?x WHERE { GRAPH ?g { ?t a ss:Task ; ss:text ?x } }",
                g=graph_of(release),
            )
        )
        head, rows = read_rows(release, "Task Statements.txt")
        at, text = head.index("Task ID"), head.index("Task")
        assert found == {iri.onet_task(release, row[at]).value: row[text] for row in rows}


@pytest.mark.slow
def test_releases_share_occupations_and_descriptors(full_store: OxigraphStore) -> None:
    def nodes(release: str, cls: str) -> set[str]:
        return {
            n
            for (n,) in rows_of(
                full_store,
                "SELECT ?n WHERE { GRAPH ?g { ?n a ?c } }",
                g=graph_of(release),
                c=ox.NamedNode(SS + cls),
            )
        }

    assert nodes("30.1", "Occupation") == nodes("29.1", "Occupation")
    assert len(nodes("30.1", "Occupation") | nodes("29.1", "Occupation")) == 1016
    # the same named work activity is one node, its notation the Element ID in both releases
    shared = nodes("30.1", "WorkActivity") & nodes("29.1", "WorkActivity")
    assert iri.descriptor("work-activity", "Getting Information").value in shared


@pytest.mark.slow
def test_soc_hierarchy(full_store: OxigraphStore) -> None:
    rows = list(csv.reader(io.StringIO(SOC_FILE.read_text(encoding="utf-8"))))[1:]
    groups = {next(v for v in row[:4] if v) for row in rows if any(row[:4])}
    graph = iri.source_graph("onet-soc-2019-structure")
    found = {
        n
        for (n,) in rows_of(
            full_store, "SELECT ?n WHERE { GRAPH ?g { ?x a ss:OccupationGroup ; skos:notation ?n } }", g=graph
        )
    }
    assert found == groups
    broader = dict(
        rows_of(
            full_store,
            "SELECT ?code ?group "
            "WHERE { GRAPH ?g { ?o a ss:Occupation ; skos:notation ?code ; "
            "skos:broader/skos:notation ?group } }",
            g=graph,
        )
    )
    assert set(broader) == {row[0] for row in read_rows("30.1", "Occupation Data.txt")[1]}
    assert all(broader[code] == code[:7] for code in broader)


# ---------------------------------------------------------------------- synthetic releases


def ingest(folder: Path, release: str = "99.1") -> list[ox.Quad]:
    entry = release_entry(folder, release)
    return list(OnetReleaseAdapter().ingest(entry, iri.source_graph(entry.id), NOW))


def store_of(quads: list[ox.Quad]) -> OxigraphStore:
    store = OxigraphStore()
    store.load(quads)
    return store


def issues(store: OxigraphStore) -> list[tuple]:
    return sorted(
        rows_of(
            store,
            "SELECT ?doc ?line ?col ?sev ?msg "
            "WHERE { ?i a ss:IngestIssue ; ss:document/dct:identifier ?doc ; "
            "ss:severity ?sev ; ss:message ?msg "
            "OPTIONAL { ?i ss:line ?line } OPTIONAL { ?i ss:column ?col } }",
        ),
        key=str,
    )


def count(store: OxigraphStore, cls: str) -> int:
    return len(rows_of(store, "SELECT ?s WHERE { ?s a ?c }", c=ox.NamedNode(SS + cls)))


def test_synthetic_release_maps_every_file(tmp_path: Path) -> None:
    files = release_files()
    store = store_of(ingest(write_release(tmp_path / "r", files, gz=True)))
    assert issues(store) == []
    ratings = sum(
        len(files[n]) - 1
        for n in ("Skills.txt", "Work Styles.txt", "Education, Training, and Experience.txt")
    )
    assert count(store, "Rating") == ratings
    assert count(store, "Task") == len(files["Task Statements.txt"]) - 1
    assert (
        count(store, "TechnologySkillStatement")
        == len(files["Technology Skills.txt"]) + len(files["Tools Used.txt"]) - 2
    )
    # an ETE category carries its label, its number and (for RL) the education level
    [(label, rank, level)] = rows_of(
        store, "SELECT ?l ?r ?e WHERE { ?s ss:responseCategory ?l ; ss:rank ?r ; ss:educationLevel ?e }"
    )
    assert (label, rank, level) == (
        "High School Diploma",
        "2",
        iri.descriptor("education-level", "High School Diploma").value,
    )
    # the revision links to the task it revises
    [(original,)] = rows_of(store, "SELECT ?t WHERE { ?s a ss:EmergingTask ; ss:task ?t }")
    assert original == iri.onet_task("99.1", "1002").value
    # a gzipped file is the official file: its sha256 is that of the text
    text = "".join("\t".join(r) + "\r\n" for r in files["Skills.txt"])
    [(sha,)] = rows_of(store, 'SELECT ?h WHERE { ?d dct:identifier "Skills.txt" ; ss:sha256 ?h }')
    assert sha == hashlib.sha256(text.encode()).hexdigest()


def test_both_work_styles_layouts_are_read(tmp_path: Path) -> None:
    files = release_files()
    files["Content Model Reference.txt"].append(["1.C", "Work Styles", "Old work styles."])
    files["Content Model Reference.txt"].append(
        ["1.C.5.b", "Attention to Detail", "Old attention to detail."]
    )
    files["Work Styles.txt"] = [
        ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value", "N", "Standard Error",
         "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date", "Domain Source"],
        ["25-4031.00", "1.C.5.b", "Attention to Detail", "IM", "4.50", "20", "0.1", "4.3", "4.7", "N",
         "08/2023", "Incumbent"],
    ]  # fmt: skip
    store = store_of(ingest(write_release(tmp_path / "r", files)))
    assert rows_of(
        store,
        "SELECT ?n "
        'WHERE { ?s a ss:Rating ; ss:descriptor/skos:prefLabel "Attention to Detail" ; ss:sampleSize ?n }',
    ) == [("20",)]


def test_level_anchors_become_a_ranked_scale_per_descriptor(tmp_path: Path) -> None:
    files = release_files()
    store = store_of(ingest(write_release(tmp_path / "r", files)))
    found = rows_of(
        store,
        "SELECT ?name ?label ?measure ?levelLabel ?rank ?text ?row WHERE { "
        "?scale a ss:ProficiencyScale ; skos:prefLabel ?label ; ss:descriptor ?d ; "
        "  ss:scale/skos:notation ?measure . "
        "?d skos:prefLabel ?name . "
        "?level a ss:ProficiencyLevel ; skos:inScheme ?scale ; skos:prefLabel ?levelLabel ; ss:rank ?rank . "
        "?anchor a ss:LevelAnchor ; ss:level ?level ; ss:descriptor ?d ; ss:text ?text ; "
        "  prov:wasDerivedFrom ?p . ?p oa:hasSource/dct:identifier 'Level Scale Anchors.txt' ; "
        "  oa:hasSelector/rdf:value ?row } ORDER BY ?name ?rank",
    )
    rows = files["Level Scale Anchors.txt"][1:]
    expected = sorted(
        (
            name,
            "O*NET skill level" if element.startswith("2.") else "O*NET work activity level",
            scale,
            f"Level {value}",
            value,
            text,
            f"row={line}",
        )
        for line, (element, name, scale, value, text) in enumerate(rows, start=2)
    )
    assert sorted(found) == expected and len(found) == 5
    assert issues(store) == []


def test_progression_climbs_to_the_first_anchor_above_the_required_level(tmp_path: Path) -> None:
    files = release_files()
    # Library Technicians: Reading Comprehension at LV 3.88 (anchors 2, 4, 6), importance 3.75
    store = store_of(ingest(write_release(tmp_path / "r", files)))
    rows = [
        {k: (v.value if v is not None else None) for k, v in r.items()}
        for r in named.load("progression").run(store, {"occupation": "25-4031.00"}).records()
    ]
    assert [(r["domain"], r["rank"], r["required_level"], r["importance"]) for r in rows] == [
        ("Reading Comprehension", "2", "3.88", "3.75"),
        ("Reading Comprehension", "4", "3.88", "3.75"),
    ]
    assert {r["scale"] for r in rows} == {"O*NET skill level"}
    assert {r["citations"] for r in rows} == {"O*NET 99.1: Level Scale Anchors.txt"}
    # a level exactly on an anchor still shows the next step up
    files["Skills.txt"][2][4] = "4.00"
    store = store_of(ingest(write_release(tmp_path / "r2", files)))
    ranks = [
        r["rank"].value for r in named.load("progression").run(store, {"occupation": "25-4031.00"}).records()
    ]  # type: ignore[union-attr]
    assert ranks == ["2", "4", "6"]
    # Library Assistants have an importance rating only: no required level, no anchors
    assert named.load("progression").run(store, {"occupation": "43-4121.00"}).rows == []


@pytest.mark.parametrize(
    ("edit", "column", "message"),
    [
        (
            lambda f: f["Level Scale Anchors.txt"][2].__setitem__(3, "2"),
            "Anchor Value",
            "has a second anchor at LV 2",
        ),
        (
            lambda f: f["Level Scale Anchors.txt"][2].__setitem__(0, "2.A.9.z"),
            "Element ID",
            "is not in the Content Model Reference",
        ),
    ],
)
def test_bad_level_anchors_become_ingest_issues(tmp_path: Path, edit, column: str, message: str) -> None:
    files = release_files()
    edit(files)
    store = store_of(ingest(write_release(tmp_path / "bad", files)))
    [(document, line, found_column, severity, text)] = issues(store)
    assert (document, line, found_column, severity) == ("Level Scale Anchors.txt", "3", column, "error")
    assert message in text
    assert count(store, "LevelAnchor") == len(files["Level Scale Anchors.txt"]) - 2


@pytest.mark.parametrize(
    ("edit", "column", "message"),
    [
        (
            lambda f: f["Skills.txt"][1].__setitem__(3, "XX"),
            "Scale ID",
            "scale 'XX' is not in the Scales Reference",
        ),
        (
            lambda f: f["Skills.txt"][1].__setitem__(1, "2.A.9.z"),
            "Element ID",
            "is not in the Content Model Reference",
        ),
        (
            lambda f: f["Skills.txt"][1].__setitem__(0, "25-403.00"),
            "O*NET-SOC Code",
            "is not a valid O*NET-SOC code",
        ),
        (
            lambda f: f["Skills.txt"][1].__setitem__(0, "99-9999.00"),
            "O*NET-SOC Code",
            "is not in Occupation Data",
        ),
        (
            lambda f: f["Tasks to DWAs.txt"][1].__setitem__(2, "4.A.9.I99.D99"),
            "DWA ID",
            "is not in the DWA Reference",
        ),
        (lambda f: f["Tasks to DWAs.txt"][1].__setitem__(1, "4242"), "Task ID", "is not in Task Statements"),
        (
            lambda f: f["Technology Skills.txt"][1].__setitem__(2, "11111111"),
            "Commodity Code",
            "not in the UNSPSC",
        ),
        (
            lambda f: f["Education, Training, and Experience.txt"][1].__setitem__(4, "7"),
            "Category",
            "is not in the",
        ),
    ],
)
def test_unmappable_rows_become_ingest_issues(tmp_path: Path, edit, column: str, message: str) -> None:
    files = release_files()
    edit(files)
    store = store_of(ingest(write_release(tmp_path / "bad", files)))
    [(document, line, found_column, severity, text)] = issues(store)
    assert (line, found_column, severity) == ("2", column, "error")
    assert message in text
    # the row is not mapped: no statement is derived from it
    derived = (
        "SELECT ?s WHERE { ?s prov:wasDerivedFrom ?p . "
        "?p oa:hasSource/dct:identifier ?d ; oa:hasSelector/rdf:value ?r }"
    )
    assert rows_of(store, derived, d=ox.Literal(document), r=ox.Literal("row=2")) == []
    assert (
        rows_of(store, derived, d=ox.Literal(document), r=ox.Literal("row=3")) != []
        or len(files[document]) == 2
    )


def test_unknown_file_is_a_warning_not_a_silent_drop(tmp_path: Path) -> None:
    folder = write_release(
        tmp_path / "r", release_files(), raw={"Abilities.txt": "O*NET-SOC Code\tElement ID\r\n"}
    )
    [(document, line, column, severity, text)] = issues(store_of(ingest(folder)))
    assert (document, line, column, severity) == ("Abilities.txt", None, None, "warning")
    assert "no mapping" in text


def _error(folder: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        ingest(folder)
    return caught.value


def test_truncated_file_names_file_line_and_column(tmp_path: Path) -> None:
    files = release_files()
    text = "".join("\t".join(r) + "\r\n" for r in files.pop("Skills.txt"))
    cut = text[: text.rindex("\t08/2023")]  # the last row loses its last columns and line end
    error = _error(write_release(tmp_path / "r", files, raw={"Skills.txt": cut}))
    assert error.path.name == "Skills.txt"
    assert error.line == 4 and error.column == "Date"
    assert "columns" in error.reason


def test_file_cut_after_its_last_value_is_an_error(tmp_path: Path) -> None:
    files = release_files()
    text = "".join("\t".join(r) + "\r\n" for r in files.pop("Job Zones.txt")).removesuffix("\r\n")
    error = _error(write_release(tmp_path / "r", files, gz=True, raw={"Job Zones.txt": text}))
    assert (error.path.name, error.line) == ("Job Zones.txt.gz", 2)
    assert "cut off" in error.reason


def test_shifted_header_names_the_column(tmp_path: Path) -> None:
    files = release_files()
    header = files["Knowledge.txt"] = [list(files["Skills.txt"][0])]
    header[0][4], header[0][5] = header[0][5], header[0][4]
    error = _error(write_release(tmp_path / "r", files))
    assert (error.path.name, error.line, error.column) == ("Knowledge.txt", 1, "Data Value")


def test_value_of_the_wrong_type_names_the_column(tmp_path: Path) -> None:
    files = release_files()
    row = files["Skills.txt"][2]
    row[4], row[5] = row[5], row[4]  # a shifted row: N where the data value belongs is still a number …
    row[5] = "Analyst"  # … but a word where N belongs is not
    error = _error(write_release(tmp_path / "r", files))
    assert (error.path.name, error.line, error.column) == ("Skills.txt", 3, "N")
    assert "'Analyst' is not an integer or n/a" in error.reason


def test_missing_required_file_and_release_mismatch(tmp_path: Path) -> None:
    files = release_files()
    del files["Scales Reference.txt"]
    assert _error(write_release(tmp_path / "a", files)).path.name == "Scales Reference.txt"
    folder = write_release(tmp_path / "b", release_files(), release="98.1")
    with pytest.raises(SourceError, match=r"Read Me is of O\*NET 98\.1"):
        ingest(folder, "99.1")


def test_synthetic_release_builds_and_validates(tmp_path: Path) -> None:
    files = release_files()
    files["Skills.txt"][1][3] = "XX"
    settings = make_settings(tmp_path)
    report = build(settings, entries=[release_entry(write_release(tmp_path / "r", files))])
    assert report.validation is not None and report.validation.conforms
    with open_store(settings) as store:
        listed = named.load("audit/ingest-issues").run(store)
    [record] = list(listed.records())
    assert record["document"].value == "Skills.txt" and record["passage"].value == "line 2"


# ---------------------------------------------------------------------- SOC structure


def soc_quads(tmp_path: Path, text: str) -> list[ox.Quad]:
    path = tmp_path / "soc.csv"
    path.write_text(text, encoding="utf-8")
    entry = SourceEntry(id="soc", path=path, kind="soc-structure")
    return SocStructureAdapter().ingest(entry, iri.source_graph("soc"), NOW)


SOC_HEAD = (
    "Major Group,Minor Group,Broad Occupation,Detailed Occupation,Detailed O*NET-SOC,"
    "SOC or O*NET-SOC 2019 Title\n"
)


def test_soc_rows_nest_by_file_order(tmp_path: Path) -> None:
    text = (
        SOC_HEAD
        + "29-0000,,,,,Healthcare\n,29-1200,,,,Physicians\n,,29-1210,,,Physicians\n"
        + ',,,29-1221,,"Pediatricians, General"\n,,,,29-1221.01,Neonatologists\n'
    )
    store = store_of(soc_quads(tmp_path, text))
    pairs = set(rows_of(store, "SELECT ?a ?b WHERE { ?x skos:notation ?a ; skos:broader/skos:notation ?b }"))
    assert pairs == {
        ("29-1200", "29-0000"),
        ("29-1210", "29-1200"),
        ("29-1221", "29-1210"),
        ("29-1221.00", "29-1221"),
        ("29-1221.01", "29-1221"),
    }
    assert ("Pediatricians, General",) in rows_of(
        store, "SELECT ?l WHERE { ?x a ss:OccupationGroup ; skos:prefLabel ?l }"
    )


def test_soc_bad_rows(tmp_path: Path) -> None:
    with pytest.raises(SourceError) as caught:
        soc_quads(tmp_path, SOC_HEAD + "11-0000,11-1000,,,,Two codes\n")
    assert caught.value.line == 2
    with pytest.raises(SourceError, match="expected 6 columns"):
        soc_quads(tmp_path, SOC_HEAD + "11-0000,,,,Management\n")
    store = store_of(soc_quads(tmp_path, SOC_HEAD + "11-0000,,,,,Management\n,11-10,,,,Bad minor\n"))
    [(_, line, column, severity, text)] = issues(store)
    assert (line, column, severity) == ("3", "Minor Group", "error") and "not a minor code" in text


def test_audit_names_rated_descriptors_without_anchors_and_anchors_nobody_is_rated_on(tmp_path: Path) -> None:
    files = release_files()
    # Library Assistants rated for level on Active Listening, which has no anchors
    files["Skills.txt"].append(
        ["43-4121.00", "2.A.1.b", "Active Listening", "LV", "3.00", "n/a", "n/a", "n/a", "n/a", "n/a", "n/a",
         "08/2023", "Analyst"]
    )  # fmt: skip
    store = store_of(ingest(write_release(tmp_path / "r", files)))
    [unanchored] = list(named.load("audit/rated-descriptor-without-anchors").run(store).records())
    assert unanchored["document"].value == "Skills.txt"  # type: ignore[union-attr]
    assert unanchored["message"].value.startswith("Active Listening: 1 occupation(s) rated on it (LV)")  # type: ignore[union-attr]
    # Getting Information has two anchors; no occupation is rated on it (Reading Comprehension is)
    [unrated] = list(named.load("audit/anchors-without-rated-descriptor").run(store).records())
    assert unrated["document"].value == "Level Scale Anchors.txt"  # type: ignore[union-attr]
    assert unrated["message"].value.startswith("Getting Information: 2 level anchor(s)")  # type: ignore[union-attr]
    # once rated, it is no longer reported; nor is anything in the unchanged fixture's ratings
    files["Skills.txt"][-1][1:3] = ["2.A.1.a", "Reading Comprehension"]
    store = store_of(ingest(write_release(tmp_path / "r2", files)))
    assert named.load("audit/rated-descriptor-without-anchors").run(store).rows == []
