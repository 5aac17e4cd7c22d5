"""The AI-exposure task analysis adapter, on the real page for "Library technicians and assistants".

Expected values are read from the page by this module (task blocks are the two lines before
each "BLS evidence:" line), independently of the adapter.
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
from skillscape.ingest.exposure_analysis import ExposureAnalysisAdapter
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import PREFIXES
from skillscape.query.results import python_value
from skillscape.store.oxigraph import OxigraphStore

SEEDS = Path(__file__).resolve().parents[2] / "data" / "sources" / "seeds"
PAGE = SEEDS / "000_50567291eebd7c67.txt"
OTHER_SEEDS = sorted(p for p in SEEDS.glob("00[1-4]_*.txt"))
# What the manifest passes: the page names the BLS group, the codes come from the entry.
CODES = ["25-4031.00", "43-4121.00"]
READ_AT = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
PREFIX = "".join(f"PREFIX {name}: <{base}> " for name, base in PREFIXES.items())

TEXT = PAGE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
GROUP = LINES[0]
EVIDENCE_ROWS = [i for i, line in enumerate(LINES) if line.startswith("BLS evidence:")]
# each block: (title, rationale, evidence sentence)
BLOCKS = [(LINES[i - 2], LINES[i - 1], LINES[i].removeprefix("BLS evidence: ")) for i in EVIDENCE_ROWS]
SIGNALS = [line[2:] for line in LINES[LINES.index("External signals and sources") :] if line.startswith("- ")]
GROUP_NODE = iri.occupation_group(iri.slug(GROUP))


def ingest(path: Path, options: dict[str, Any] | None = None) -> list[ox.Quad]:
    entry = SourceEntry(
        id="exposure",
        path=path,
        kind=ExposureAnalysisAdapter.kind,
        options={"occupations": CODES} if options is None else options,
    )
    return list(ExposureAnalysisAdapter().ingest(entry, iri.source_graph(entry.id), READ_AT))


def select(store: OxigraphStore, query: str, **bindings: ox.Term) -> list[tuple[Any, ...]]:
    """Rows of a SELECT; bound variables (which SEP-0007 wants projected) are left out."""
    result = store.query(PREFIX + query, bindings)
    keep = [i for i, name in enumerate(result.variables) if name not in bindings]
    return [tuple(python_value(row[i]) for i in keep) for row in result.rows]


def column(store: OxigraphStore, query: str, **bindings: ox.Term) -> list[Any]:
    return [row[0] for row in select(store, query, **bindings)]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    graph_store = OxigraphStore(tmp_path_factory.mktemp("exposure") / "s")
    graph_store.load(ingest(PAGE))
    yield graph_store
    graph_store.close()


def broken_copy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / PAGE.name
    path.write_text(text, encoding="utf-8")
    return path


def line_number(fragment: str) -> int:
    return TEXT[: TEXT.index(fragment)].count("\n") + 1


# ---------------------------------------------------------------------- provenance


def test_every_passage_quotes_the_document_exactly(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?exact ?start ?end WHERE { ?p oa:hasSelector/oa:exact ?exact ; "
        "oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }",
    )
    assert len(rows) >= 2 * len(BLOCKS)
    for exact, start, end in rows:
        assert exact == TEXT[start:end]


def test_every_statement_has_exactly_one_passage(store: OxigraphStore) -> None:
    counts = select(store, "SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s prov:wasDerivedFrom ?p } GROUP BY ?s")
    assert all(n == 1 for _, n in counts)
    underived = column(
        store,
        "SELECT ?s WHERE { ?s ss:occupation ?o FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?p } }",
    )
    assert underived == []


def test_paywall_and_empty_headings_yield_nothing(store: OxigraphStore) -> None:
    quotes = column(store, "SELECT ?exact WHERE { ?p oa:hasSelector/oa:exact ?exact }")
    for fragment in ("Unlock with", "$9/month", "See plans", "Downloadable PDF", "Related in"):
        assert fragment in TEXT
        assert not any(fragment in quote for quote in quotes), fragment


# ---------------------------------------------------------------------- content


def test_group_covers_the_manifest_codes(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?g ?label ?code WHERE { ?g a ss:OccupationGroup ; skos:prefLabel ?label ; "
        "skos:narrower/skos:notation ?code }",
        g=GROUP_NODE,
    )
    assert sorted(rows) == [(GROUP, code) for code in CODES]


def test_group_assessment_has_rationale_method_and_scale_but_no_score(
    store: OxigraphStore,
) -> None:
    rows = select(
        store,
        "SELECT ?g ?a ?rationale WHERE { ?a a ss:AIExposureAssessment ; ss:occupationGroup ?g ; "
        "ss:rationale ?rationale FILTER NOT EXISTS { ?a ss:assessedTask ?t } }",
        g=GROUP_NODE,
    )
    assert len(rows) == 1
    node, rationale = rows[0]
    assert rationale == LINES[1]
    methods = column(store, "SELECT ?a ?m WHERE { ?a ss:method ?m }", a=ox.NamedNode(node))
    assert sorted(methods) == sorted(
        [LINES[LINES.index("Signal composition") + 1], LINES[LINES.index("By seniority") + 1]]
    )
    codes = column(store, "SELECT ?a ?c WHERE { ?a ss:occupation/skos:notation ?c }", a=ox.NamedNode(node))
    assert sorted(codes) == CODES
    assert column(store, "SELECT ?s WHERE { ?s ss:score ?v }") == []


def test_scale(store: OxigraphStore) -> None:
    low, high = re.search(r"scored (\d+)-(\d+)", TEXT).groups()  # type: ignore[union-attr]
    rows = select(
        store,
        "SELECT ?label ?min ?max WHERE { ?s a ss:MeasurementScale ; skos:prefLabel ?label ; "
        "ss:minValue ?min ; ss:maxValue ?max }",
    )
    assert rows == [(f"AI feasibility ({low}–{high})", float(low), float(high))]
    assert column(store, "SELECT ?s WHERE { ?s a ss:MeasurementScale }") == [
        iri.measurement_scale("ai-feasibility-0-100").value
    ]


def test_seniority_paragraph(store: OxigraphStore) -> None:
    paragraph = LINES[LINES.index("By seniority") + 2]
    rows = column(store, "SELECT ?t WHERE { ?s a ss:DescriptionClaim ; ss:aspect 'seniority' ; ss:text ?t }")
    assert rows == [paragraph]


def test_tasks_and_their_assessments(store: OxigraphStore) -> None:
    assert len(BLOCKS) == 11
    rows = select(
        store,
        "SELECT ?title ?rationale ?evidence ?exact ?method ?scale WHERE { ?t a ss:Task ; "
        "ss:text ?title ; ss:position ?p . ?a a ss:AIExposureAssessment ; ss:assessedTask ?t ; "
        "ss:rationale ?rationale ; ss:evidence ?evidence ; ss:method ?method ; ss:scale ?scale ; "
        "prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact } ORDER BY ?p",
    )
    assert [row[:3] for row in rows] == BLOCKS
    for (title, rationale, evidence), row in zip(BLOCKS, rows, strict=True):
        assert row[3] == f"{title}\n{rationale}\nBLS evidence: {evidence}"
    method = re.search(r"scored \d+-\d+ for (.+)", TEXT).group(1)  # type: ignore[union-attr]
    assert {row[4] for row in rows} == {method}
    assert {row[5] for row in rows} == {iri.measurement_scale("ai-feasibility-0-100").value}


def test_tasks_belong_to_every_covered_occupation(store: OxigraphStore) -> None:
    for code in CODES:
        count = column(
            store,
            "SELECT ?o (COUNT(?t) AS ?n) WHERE { ?t a ss:Task ; ss:occupation ?o } GROUP BY ?o",
            o=iri.occupation(code),
        )
        assert count == [len(BLOCKS)]


def test_task_assessments_cite_the_bls_handbook(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?title ?label ?publisher (COUNT(?a) AS ?n) WHERE { ?a ss:assessedTask ?t ; "
        "ss:citesSource ?c . ?c a ss:CitedSource ; dct:title ?title ; skos:prefLabel ?label ; "
        "dct:publisher ?publisher } GROUP BY ?title ?label ?publisher",
    )
    assert rows == [
        (
            "U.S. Bureau of Labor Statistics, Occupational Outlook Handbook: "
            "Library Technicians and Assistants",
            "BLS",
            "U.S. Bureau of Labor Statistics",
            len(BLOCKS),
        )
    ]


def test_external_signals_and_outlook(store: OxigraphStore) -> None:
    outlook = [s for s in SIGNALS if s.startswith("BLS projected outlook")]
    plain = [s for s in SIGNALS if s not in outlook]
    signals = select(
        store,
        "SELECT ?exact ?measure ?value WHERE { ?s a ss:ExternalSignal ; ss:measure ?measure ; "
        "ss:stringValue ?value ; ss:position ?p ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact } "
        "ORDER BY ?p",
    )
    assert [exact for exact, _, _ in signals] == plain
    for exact, measure, value in signals:
        assert exact in (f"{measure} ({value})", f"{measure}: {value}")
    assert (
        "Karpathy/BLS Digital AI Exposure (0-10 scale rescaled to 0-100)",
        "Karpathy/BLS Digital AI Exposure",
        "0-10 scale rescaled to 0-100",
    ) in signals

    (line,) = outlook
    label, change = re.fullmatch(r"BLS projected outlook: (\w+) \(([-+]?\d+)%\)", line).groups()  # type: ignore[union-attr]
    rows = select(
        store,
        "SELECT ?value ?change ?code ?cited WHERE { ?s a ss:OutlookClaim ; ss:stringValue ?value ; "
        "ss:percentChange ?change ; ss:occupation/skos:notation ?code ; "
        "ss:citesSource/skos:prefLabel ?cited }",
    )
    assert sorted(rows) == [(label, float(Decimal(change)), code, "BLS") for code in CODES]
    assert (label, change) == ("Decline", "-7")


# ---------------------------------------------------------------------- detect


def test_detect_recognises_the_page_only() -> None:
    assert ExposureAnalysisAdapter.detect(Document.read(PAGE))
    assert len(OTHER_SEEDS) == 4
    for path in OTHER_SEEDS:
        assert not ExposureAnalysisAdapter.detect(Document.read(path)), path.name


# ---------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "\n \n")
    with pytest.raises(SourceError, match="empty") as caught:
        ingest(path)
    assert caught.value.path == path


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / PAGE.name
    path.write_bytes(TEXT.encode("utf-8").replace(b"Handle interlibrary", b"Handle \xffnterlibrary"))
    with pytest.raises(SourceError, match="not UTF-8") as caught:
        ingest(path)
    assert caught.value.line == line_number("Handle interlibrary")


def test_missing_occupations_option() -> None:
    with pytest.raises(SourceError, match=r"options\.occupations") as caught:
        ingest(PAGE, options={})
    assert caught.value.path == PAGE


def test_occupations_option_with_an_invalid_code() -> None:
    with pytest.raises(SourceError, match="O\\*NET-SOC code"):
        ingest(PAGE, options={"occupations": ["25-4031.00", "library"]})


def test_task_block_without_its_evidence_line(tmp_path: Path) -> None:
    evidence_line = LINES[EVIDENCE_ROWS[0]]
    path = broken_copy(tmp_path, TEXT.replace(evidence_line + "\n", "", 1))
    with pytest.raises(SourceError, match="BLS evidence") as caught:
        ingest(path)
    # the line where the evidence was expected: the next block's title moved up one line
    assert caught.value.line == EVIDENCE_ROWS[0] + 1
    assert BLOCKS[0][0][:40] in caught.value.reason


def test_file_cut_off_inside_a_task_block(tmp_path: Path) -> None:
    _, rationale, _ = BLOCKS[4]
    cut = TEXT.index(rationale) + len(rationale) // 2
    path = broken_copy(tmp_path, TEXT[:cut])
    with pytest.raises(SourceError, match="cut off") as caught:
        ingest(path)
    assert caught.value.line == line_number(rationale)


def test_file_cut_off_inside_an_evidence_line(tmp_path: Path) -> None:
    evidence = LINES[EVIDENCE_ROWS[6]]
    cut = TEXT.index(evidence) + len(evidence) // 2
    path = broken_copy(tmp_path, TEXT[:cut])
    with pytest.raises(SourceError, match="cut off") as caught:
        ingest(path)
    assert caught.value.line == EVIDENCE_ROWS[6] + 1


def test_file_cut_off_inside_a_signal_line(tmp_path: Path) -> None:
    signal = SIGNALS[-1]
    cut = TEXT.index(signal) + len(signal) - 5
    path = broken_copy(tmp_path, TEXT[:cut])
    with pytest.raises(SourceError, match="cut off") as caught:
        ingest(path)
    assert caught.value.line == line_number(signal)


def test_file_cut_off_before_the_signals(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, TEXT[: TEXT.index("Task heatmap")])
    with pytest.raises(SourceError, match="cut off"):
        ingest(path)
