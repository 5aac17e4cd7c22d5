"""The O*NET occupation profile adapter, on the real profile of 25-4031.00 Library Technicians.

Expected values are read from the document by this module's own simple section reader
(headings and "- " lines), independently of the adapter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.profile import OccupationProfileAdapter
from skillscape.model import iri
from skillscape.model.namespaces import PREFIXES
from skillscape.query.results import python_value
from skillscape.store.oxigraph import OxigraphStore

SEEDS = Path(__file__).resolve().parents[2] / "data" / "sources" / "seeds"
PROFILE = SEEDS / "004_9bdf7b0db950cac4.txt"
OTHER_SEEDS = sorted(p for p in SEEDS.glob("00[0-3]_*.txt"))
READ_AT = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
PREFIX = "".join(f"PREFIX {name}: <{base}> " for name, base in PREFIXES.items())

TEXT = PROFILE.read_text(encoding="utf-8")
CODE, TITLE = re.match(r"# (\S+) - (.+)", TEXT.splitlines()[0]).groups()  # type: ignore[union-attr]
OCCUPATION = iri.occupation(CODE)


# ---------------------------------------------------------------------- helpers


def sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading title, non-blank lines under it) for every heading, in order."""
    result: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("#"):
            result.append((line.lstrip("#").strip(), []))
        elif line.strip() and result:
            result[-1][1].append(line)
    return result


def items(title: str) -> list[str]:
    """The "- " items of every section with this heading (all occurrences)."""
    return [
        line[2:].strip()
        for heading, lines in sections(TEXT)
        if heading == title
        for line in lines
        if line.startswith("- ")
    ]


def ingest(path: Path) -> list[ox.Quad]:
    entry = SourceEntry(id="profile", path=path, kind=OccupationProfileAdapter.kind)
    adapter = OccupationProfileAdapter()
    return list(adapter.ingest(entry, iri.source_graph(entry.id), READ_AT))


def select(store: OxigraphStore, query: str, **bindings: ox.Term) -> list[tuple[Any, ...]]:
    """Rows of a SELECT; bound variables (which SEP-0007 wants projected) are left out."""
    result = store.query(PREFIX + query, bindings)
    keep = [i for i, name in enumerate(result.variables) if name not in bindings]
    return [tuple(python_value(row[i]) for i in keep) for row in result.rows]


def column(store: OxigraphStore, query: str, **bindings: ox.Term) -> list[Any]:
    return [row[0] for row in select(store, query, **bindings)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    graph_store = OxigraphStore(tmp_path_factory.mktemp("profile") / "s")
    graph_store.load(ingest(PROFILE))
    yield graph_store
    graph_store.close()


def broken_copy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / PROFILE.name
    path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


# ---------------------------------------------------------------------- provenance


def test_every_passage_quotes_the_document_exactly(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?exact ?start ?end WHERE { ?p oa:hasSelector/oa:exact ?exact ; "
        "oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }",
    )
    assert len(rows) > 100
    for exact, start, end in rows:
        assert exact == TEXT[start:end]


def test_every_statement_has_exactly_one_passage(store: OxigraphStore) -> None:
    counts = select(store, "SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s prov:wasDerivedFrom ?p } GROUP BY ?s")
    assert len(counts) > 100
    assert all(n == 1 for _, n in counts)
    underived = column(
        store,
        "SELECT ?s WHERE { ?s ss:occupation ?o FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?p } }",
    )
    assert underived == []


def test_every_line_a_reader_sees_is_quoted_by_some_passage(store: OxigraphStore) -> None:
    spans = select(
        store,
        "SELECT ?start ?end WHERE { ?p oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }",
    )
    offset = 0
    uncovered = []
    for line in TEXT.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip() or line.startswith("#"):
            continue
        if not any(s < end and e > start for s, e in spans):
            uncovered.append(line)
    # the only line without data: the converter's note that the SVP range was empty
    assert uncovered == ["No data extracted."]


# ---------------------------------------------------------------------- content


def test_occupation_title_is_the_profile_heading(store: OxigraphStore) -> None:
    labels = column(store, "SELECT ?o ?l WHERE { ?o skos:prefLabel ?l }", o=OCCUPATION)
    assert labels == [TITLE]
    assert column(store, "SELECT ?o ?n WHERE { ?o skos:notation ?n }", o=OCCUPATION) == [CODE]


def test_description(store: OxigraphStore) -> None:
    (description,) = dict(sections(TEXT))["Description"]
    rows = select(
        store,
        "SELECT ?o ?t WHERE { ?s a ss:DescriptionClaim ; ss:aspect 'description' ; "
        "ss:occupation ?o ; ss:text ?t }",
        o=OCCUPATION,
    )
    assert rows == [(description,)]


def test_reported_titles_keep_parenthesised_parts(store: OxigraphStore) -> None:
    (line,) = dict(sections(TEXT))["Sample of reported job titles"]
    expected = [part.strip() for part in re.split(r",(?![^()]*\))", line)]
    rows = select(
        store,
        "SELECT ?o ?t ?exact ?pos WHERE { ?s a ss:ReportedTitleClaim ; ss:occupation ?o ; "
        "ss:title ?t ; ss:position ?pos ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact } "
        "ORDER BY ?pos",
        o=OCCUPATION,
    )
    assert [t for t, _, _ in rows] == expected
    assert [exact for _, exact, _ in rows] == expected
    assert [pos for _, _, pos in rows] == list(range(1, len(expected) + 1))
    assert "Library Technical Assistant (LTA)" in expected


def test_tasks(store: OxigraphStore) -> None:
    expected = items("Tasks")
    rows = select(
        store,
        "SELECT ?o ?t ?exact WHERE { ?s a ss:Task ; ss:occupation ?o ; ss:text ?t ; ss:position ?p ; "
        "prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact } ORDER BY ?p",
        o=OCCUPATION,
    )
    assert len(rows) == len(expected) == 35
    assert [t for t, _ in rows] == expected
    assert [exact for _, exact in rows] == expected


def test_technology_skills_products_and_declared_counts(store: OxigraphStore) -> None:
    lines = items("Technology skills")
    rows = select(
        store,
        "SELECT ?o ?name (COUNT(?product) AS ?n) WHERE { ?s a ss:TechnologySkillStatement ; "
        "ss:occupation ?o ; ss:descriptor/skos:prefLabel ?name ; ss:exampleProduct ?product } "
        "GROUP BY ?o ?name",
        o=OCCUPATION,
    )
    listed = {}
    declared = {}
    for line in lines:
        name, products = line.split("— ", 1)
        parts = [p.strip() for p in products.split(";")]
        more = re.fullmatch(r"(\d+) more", parts[-1])
        if more:
            parts = parts[:-1]
            declared[name] = len(parts) + int(more.group(1))
        listed[name] = len(parts)
    assert dict(rows) == listed
    counts = select(
        store,
        "SELECT ?name ?n WHERE { ?c a ss:DeclaredCount ; ss:countedClass ss:Product ; "
        "ss:declaredCount ?n ; ss:descriptor/skos:prefLabel ?name }",
    )
    assert dict(counts) == declared
    assert declared["Library software"] == 8
    skill = iri.descriptor("technology-skill", "Library software")
    assert column(store, "SELECT ?s ?c WHERE { ?s a ?c }", s=skill) == [
        "https://w3id.org/skillscape/ontology#TechnologySkill"
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Work activities", "work-activity"),
        ("Detailed work activities", "dwa"),
        ("Work context", "work-context"),
        ("Knowledge", "knowledge"),
        ("Interests", "interest"),
        ("Work values", "work-value"),
        ("Work styles", "work-style"),
    ],
)
def test_descriptor_sections(store: OxigraphStore, heading: str, kind: str) -> None:
    expected = [item.split("—", 1)[0].strip() for item in items(heading)]
    rows = select(
        store,
        "SELECT ?o ?d ?label WHERE { ?s a ss:DescriptorStatement ; ss:occupation ?o ; "
        "ss:descriptor ?d ; ss:position ?p . ?d skos:prefLabel ?label } ORDER BY ?p",
        o=OCCUPATION,
    )
    ours = [(d, label) for d, label in rows if d.startswith(iri.descriptor(kind, "x").value[:-1])]
    assert [label for _, label in ours] == expected
    assert [d for d, _ in ours] == [iri.descriptor(kind, name).value for name in expected]


def test_definitions_are_the_text_after_the_dash(store: OxigraphStore) -> None:
    for heading, kind in (("Work activities", "work-activity"), ("Work styles", "work-style")):
        for item in items(heading):
            name, definition = (part.strip() for part in item.split("—", 1))
            found = column(
                store,
                "SELECT ?d ?def WHERE { ?d skos:definition ?def }",
                d=iri.descriptor(kind, name),
            )
            assert found == [definition]


def test_work_context_percentages_and_responses(store: OxigraphStore) -> None:
    expected = set()
    for item in items("Work context"):
        match = re.fullmatch(r"(.+?)— (\d+)% responded “(.+?)\.?”", item)
        assert match, item
        name, pct, category = match.groups()
        expected.add((name, Decimal(pct), category))
    rows = select(
        store,
        "SELECT ?name ?pct ?cat WHERE { ?s ss:descriptor ?d ; ss:percentage ?pct ; "
        "ss:responseCategory ?cat . ?d a ss:WorkContextItem ; skos:prefLabel ?name }",
    )
    assert {(n, Decimal(str(p)), c) for n, p, c in rows} == expected
    assert ("Indoors, Environmentally Controlled", Decimal(96), "Every day") in expected


def test_education_is_read_from_both_occurrences(store: OxigraphStore) -> None:
    expected = items("Education")
    assert len(expected) == 6  # two sections of three lines
    rows = select(
        store,
        "SELECT ?o ?exact ?pct ?level ?req WHERE { ?s a ss:EducationClaim ; ss:occupation ?o ; "
        "ss:percentage ?pct ; ss:educationLevel/skos:prefLabel ?level ; ss:required ?req ; "
        "prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }",
        o=OCCUPATION,
    )
    assert sorted(exact for exact, *_ in rows) == sorted(expected)
    for exact, pct, level, required in rows:
        assert exact == f"{pct:g}%responded:{level} required"
        assert required is True
    levels = column(store, "SELECT DISTINCT ?l WHERE { ?l a ss:EducationLevel }")
    assert len(levels) == len(set(expected))


def test_section_title_naming_another_occupation_is_kept(store: OxigraphStore) -> None:
    (line,) = dict(sections(TEXT))["Title"]
    rows = select(
        store,
        "SELECT ?o ?text ?named WHERE { ?s a ss:DescriptionClaim ; ss:aspect 'section title' ; "
        "ss:occupation ?o ; ss:text ?text ; ss:title ?named }",
        o=OCCUPATION,
    )
    assert rows == [(line, line.removeprefix("Experience requirements for "))]
    assert rows[0][1] == "Acupuncturists"


def test_apprenticeship_line_is_kept_and_empty_svp_range_is_not(store: OxigraphStore) -> None:
    (line,) = dict(sections(TEXT))["Job zone examples"]
    texts = column(
        store,
        "SELECT ?o ?t WHERE { ?s ss:aspect 'apprenticeship' ; ss:occupation ?o ; ss:text ?t }",
        o=OCCUPATION,
    )
    assert texts == [line]
    assert column(store, "SELECT ?s WHERE { ?s ss:text 'No data extracted.' }") == []


def test_wages(store: OxigraphStore) -> None:
    (line,) = dict(sections(TEXT))["Wages & Employment Trends"]
    year = int(re.search(r"\((\d{4})\)", line).group(1))  # type: ignore[union-attr]
    expected = {
        (period, Decimal(amount.replace(",", "")))
        for amount, period in re.findall(r"\$([\d,.]+) (hourly|annual)", line)
    }
    rows = select(
        store,
        "SELECT ?o ?period ?value ?cur ?year WHERE { ?s a ss:WageClaim ; ss:occupation ?o ; "
        "ss:payPeriod ?period ; ss:medianValue ?value ; schema:currency ?cur ; ss:year ?year }",
        o=OCCUPATION,
    )
    assert len(rows) == 2
    assert {(p, Decimal(str(v))) for p, v, _, _ in rows} == expected
    assert {(cur, y) for _, _, cur, y in rows} == {("USD", year)}


def test_related_occupations(store: OxigraphStore) -> None:
    expected = [re.match(r"(\d\d-\d{4}\.\d\d)", item).group(1) for item in items("Related Occupations")]  # type: ignore[union-attr]
    bright = sum(item.endswith("Bright Outlook") for item in items("Related Occupations"))
    rows = select(
        store,
        "SELECT ?o ?code ?alt ?bright WHERE { ?s a ss:RelatedOccupationClaim ; ss:occupation ?o ; "
        "ss:position ?p ; ss:relatedOccupation ?r . ?r skos:notation ?code ; skos:altLabel ?alt "
        "OPTIONAL { ?s ss:brightOutlook ?bright } } ORDER BY ?p",
        o=OCCUPATION,
    )
    assert len(rows) == len(expected) == 10
    assert [code for code, _, _ in rows] == expected
    assert sum(1 for *_, b in rows if b is True) == bright == 1
    assert ("15-1232.00", "Computer User Support Specialists", True) in rows
    # a related occupation's title on this page is not its preferred label
    assert column(store, "SELECT ?r ?l WHERE { ?r skos:prefLabel ?l }", r=iri.occupation("43-4121.00")) == []


# ---------------------------------------------------------------------- detect


def test_detect_recognises_the_profile_only() -> None:
    assert OccupationProfileAdapter.detect(Document.read(PROFILE))
    assert len(OTHER_SEEDS) == 4
    for path in OTHER_SEEDS:
        assert not OccupationProfileAdapter.detect(Document.read(path)), path.name


# ---------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "  \n\n")
    with pytest.raises(SourceError, match="empty") as caught:
        ingest(path)
    assert caught.value.path == path


def test_non_utf8_bytes(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8").replace(b"Page Technician", b"Page Techn\xe9cian")
    path = tmp_path / PROFILE.name
    path.write_bytes(data)
    with pytest.raises(SourceError, match="not UTF-8") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, "Page Technician")


def test_code_that_is_not_an_onet_soc_code(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, TEXT.replace(f"# {CODE} -", "# 25-40X1.00 -", 1))
    with pytest.raises(SourceError, match="not an O\\*NET-SOC code") as caught:
        ingest(path)
    assert caught.value.line == 1


def test_work_context_line_without_its_percentage(tmp_path: Path) -> None:
    fragment = "Telephone— 60% responded “Every day.”"
    path = broken_copy(tmp_path, TEXT.replace(fragment, "Telephone— responded “Every day.”"))
    with pytest.raises(SourceError, match="percentage") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, fragment)
    assert str(path) in str(caught.value)


def test_file_cut_off_in_the_middle_of_a_task_line(tmp_path: Path) -> None:
    task = items("Tasks")[5]
    cut = TEXT.index(task) + len(task) // 2
    path = broken_copy(tmp_path, TEXT[:cut])
    with pytest.raises(SourceError, match="cut off") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, task)


def test_file_cut_off_right_after_a_heading(tmp_path: Path) -> None:
    cut = TEXT.index("### Related Occupations") + len("### Related Occupations")
    path = broken_copy(tmp_path, TEXT[:cut] + "\n")
    with pytest.raises(SourceError, match="cut off") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, "### Related Occupations")


def test_wage_line_cut_off(tmp_path: Path) -> None:
    (line,) = dict(sections(TEXT))["Wages & Employment Trends"]
    path = broken_copy(tmp_path, TEXT.replace(line, line[: line.index(" annual")]))
    with pytest.raises(SourceError, match=r"hourly.*annual") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, line)


def test_related_occupation_without_a_code(tmp_path: Path) -> None:
    fragment = "- 43-4071.00File Clerks"
    path = broken_copy(tmp_path, TEXT.replace(fragment, "- 43-4071File Clerks"))
    with pytest.raises(SourceError, match="O\\*NET-SOC code") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, fragment)


def test_technology_line_without_products(tmp_path: Path) -> None:
    fragment = "- Spreadsheet software— Microsoft Excel"
    path = broken_copy(tmp_path, TEXT.replace(fragment, "- Spreadsheet software"))
    with pytest.raises(SourceError, match="products") as caught:
        ingest(path)
    assert caught.value.line == line_number(TEXT, fragment)


def test_lines_without_a_known_section_are_kept_as_worded(tmp_path: Path) -> None:
    heading = TEXT.splitlines()[0]
    extra = "Updated 2024"
    unknown = "## Tools used\n- Barcode readers\n"
    text = TEXT.replace(heading, f"{heading}\n{extra}", 1).replace(
        "## Workforce Characteristics", unknown + "## Workforce Characteristics", 1
    )
    path = broken_copy(tmp_path, text)
    quads = ingest(path)
    texts = {
        q.object.value
        for q in quads
        if q.predicate.value.endswith("#text") and isinstance(q.object, ox.Literal)
    }
    assert {extra, "- Barcode readers"} <= texts
