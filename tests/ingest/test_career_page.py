"""The AI career page adapter, on the two seed pages (plain and headed variants of one template).

Expected counts and values are read from the documents by small, independent scans in this
file, then compared with what the adapter put into a real on-disk Oxigraph store.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.ingest.career_page import CareerPageAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import PREFIXES
from skillscape.resources import ontology_path
from skillscape.store.base import Term
from skillscape.store.oxigraph import OxigraphStore

SEEDS = Path(__file__).resolve().parents[2] / "data" / "sources" / "seeds"
PLAIN = SEEDS / "001_4286515a91cf1d9e.txt"
HEADED = SEEDS / "002_41433b601b5d3949.txt"
READ_AT = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
PFX = "".join(f"PREFIX {name}: <{base}> " for name, base in PREFIXES.items())
ONTOLOGY = iri.source_graph("ontology")


def ingest(path: Path) -> list[ox.Quad]:
    entry = SourceEntry(id=path.stem, path=path, kind=CareerPageAdapter.kind)
    return CareerPageAdapter().ingest(entry, iri.source_graph(path.stem), READ_AT)


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def lines_of(path: Path) -> list[str]:
    return text_of(path).split("\n")


def code_of(path: Path) -> str:
    match = re.search(r"職業代碼: (\d\d-\d{4})\(SOC\)", text_of(path))
    assert match is not None
    return match.group(1) + ".00"


def occupation(path: Path) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES["id"] + "occupation/" + code_of(path))


def graph(path: Path) -> ox.NamedNode:
    return iri.source_graph(path.stem)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("career") / "s")
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY)
    for path in (PLAIN, HEADED):
        store.load(ingest(path))
    return store


def select(store: OxigraphStore, path: Path, where: str) -> list[dict[str, Term | None]]:
    """Rows of a one-line SELECT over ``path``'s graph (and the ontology), ``?o`` its occupation."""
    bindings = {"o": occupation(path)} if "?o " in where else {}
    result = store.query(f"{PFX} SELECT * WHERE {{ {where} }}", bindings, graphs=[graph(path), ONTOLOGY])
    return list(result.records())


def value(term: Term | None) -> str:
    assert term is not None
    return term.value


def section(path: Path, heading: str, until: str) -> list[str]:
    """The lines of ``path`` after the line ``heading`` and before the line ``until``."""
    lines = lines_of(path)
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == until)
    return lines[start + 1 : end]


def bullets_after(path: Path, heading_words: str) -> list[str]:
    """The '•' items right under the headed page's heading containing ``heading_words``."""
    lines = lines_of(path)
    start = next(i for i, line in enumerate(lines) if heading_words in line)
    items = []
    for line in lines[start + 1 :]:
        if not line.strip().startswith("•"):
            break
        items.append(line.strip()[1:].strip())
    return items


# ---------------------------------------------------------------- detection


def test_detect_recognises_both_variants_and_no_other_seed() -> None:
    others = sorted(p for p in SEEDS.glob("*.txt") if p not in (PLAIN, HEADED))
    assert len(others) == 3
    assert CareerPageAdapter.detect(Document.read(PLAIN))
    assert CareerPageAdapter.detect(Document.read(HEADED))
    for path in others:
        assert not CareerPageAdapter.detect(Document.read(path)), path.name


# ---------------------------------------------------------------- provenance and identity


def test_every_passage_quotes_the_document_exactly(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        text = Document.read(path).text
        rows = select(
            store,
            path,
            "?p oa:hasSelector ?q , ?s . ?q oa:exact ?exact . ?s oa:start ?start ; oa:end ?end .",
        )
        assert len(rows) > 50
        for row in rows:
            start, end = int(value(row["start"])), int(value(row["end"]))
            assert value(row["exact"]) == text[start:end]


def test_every_statement_has_one_passage_and_its_page_occupation(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        statements = select(
            store, path, "?st a ?c . ?c rdfs:subClassOf* ss:Statement . ?st prov:wasDerivedFrom ?p ."
        )
        subjects = [value(row["st"]) for row in statements]
        assert len(subjects) == len(set(subjects)) > 50
        derived = select(store, path, "?x prov:wasDerivedFrom ?p .")
        assert {value(row["x"]) for row in derived} == set(subjects)
        about = select(store, path, "?st ss:occupation ?x .")
        assert {value(row["x"]) for row in about} == {occupation(path).value}
        assert {value(row["st"]) for row in about} == set(subjects)


def test_the_two_occupations_stay_distinct(store: OxigraphStore) -> None:
    assert code_of(PLAIN) != code_of(HEADED)
    rows = store.query(f"{PFX} SELECT ?x ?n WHERE {{ ?x a ss:Occupation ; skos:notation ?n }}").rows
    assert sorted(value(n) for _, n in rows) == sorted([code_of(PLAIN), code_of(HEADED)])
    for path in (PLAIN, HEADED):
        shown = re.search(r"what happens to (.+)", text_of(path))
        assert shown is not None
        labels = select(store, path, "?o skos:altLabel ?label .")
        assert [value(row["label"]) for row in labels] == [shown.group(1).strip()]
        assert not select(store, path, "?o skos:prefLabel ?label .")


# ---------------------------------------------------------------- header


def test_overall_score_and_summary(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        scores = set(re.findall(r"總體 ([\d.]+)/10", text_of(path)))
        assert len(scores) == 1
        rows = select(
            store,
            path,
            "?c a ss:OverallScoreClaim ; ss:occupation ?o ; ss:score ?score ; ss:scale ?scale . "
            "?scale a ss:MeasurementScale ; ss:minValue ?min ; ss:maxValue ?max .",
        )
        assert len(rows) == 1
        assert Decimal(value(rows[0]["score"])) == Decimal(scores.pop())
        assert (Decimal(value(rows[0]["min"])), Decimal(value(rows[0]["max"]))) == (0, 10)
        assert value(rows[0]["scale"]) == iri.measurement_scale("career-page-overall-0-10").value
        lines = [line for line in lines_of(path) if line.strip()]
        code_at = next(i for i, line in enumerate(lines) if line.startswith("職業代碼"))
        summary = select(store, path, '?c ss:aspect "summary" ; ss:text ?text .')
        assert [value(row["text"]) for row in summary] == [lines[code_at + 1]]


def test_ai_impact_summary_and_verdict(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        lines = [line for line in lines_of(path) if line.strip()]
        era = next(i for i, line in enumerate(lines) if line.startswith("In the AI era"))
        rows = select(store, path, '?c a ss:DescriptionClaim ; ss:aspect "AI impact summary" ; ss:text ?t .')
        assert [value(row["t"]) for row in rows] == [next(x for x in lines[era + 1 :] if len(x) > 40)]
    verdict = select(store, HEADED, '?c ss:aspect "AI impact verdict" ; ss:text ?t .')
    assert [value(row["t"]) for row in verdict] == ["Mixed"]
    assert "\nMixed\n" in text_of(HEADED)
    assert not select(store, PLAIN, '?c ss:aspect "AI impact verdict" .')


# ---------------------------------------------------------------- AI section, headed variant


def test_headed_page_four_ai_products_with_extents_and_years(store: OxigraphStore) -> None:
    lines = lines_of(HEADED)
    start = next(i for i, line in enumerate(lines) if "AI already replacing" in line)
    end = next(i for i, line in enumerate(lines) if "Tasks AI will take over" in line)
    cards = [line.strip()[1:].strip() for line in lines[start:end] if line.strip().startswith("•")]
    expected = {}
    for card in cards:
        *name, extent, year = card.split(" ")
        expected[" ".join(name)] = (extent, int(year))
    assert len(expected) == 4
    rows = select(
        store,
        HEADED,
        "?c a ss:AIReplacementClaim ; ss:occupation ?o ; ss:product ?p ; ss:extent ?e ; ss:year ?y ; "
        "ss:text ?t . ?p a ss:AIProduct ; skos:prefLabel ?name .",
    )
    assert {value(r["name"]): (value(r["e"]), int(value(r["y"]))) for r in rows} == expected
    text = text_of(HEADED)
    for row in rows:
        assert value(row["t"]).startswith("Replaces") and value(row["t"]) in text


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Tasks AI will take over", "TakenOver"),
        ("Tasks AI will augment", "Augmented"),
        ("Human moat", "HumanMoat"),
    ],
)
def test_headed_page_impact_lists(store: OxigraphStore, heading: str, kind: str) -> None:
    items = bullets_after(HEADED, heading)
    assert items
    rows = select(
        store, HEADED, f"?c a ss:AIImpactClaim ; ss:impactKind ss:{kind} ; ss:text ?t ; ss:position ?n ."
    )
    by_position = sorted((int(value(r["n"])), value(r["t"])) for r in rows)
    assert by_position == list(enumerate(items, start=1))


def test_headed_page_skills_to_build(store: OxigraphStore) -> None:
    items = bullets_after(HEADED, "Skills to build")
    rows = select(store, HEADED, "?c a ss:SkillToBuild ; ss:text ?t ; ss:position ?n .")
    assert sorted((int(value(r["n"])), value(r["t"])) for r in rows) == list(enumerate(items, start=1))
    assert not select(store, HEADED, "?c a ss:AIImpactClaim . FILTER NOT EXISTS { ?c ss:impactKind ?k }")
    assert not select(store, HEADED, "?i a ss:IngestIssue .")


# ---------------------------------------------------------------- AI section, plain variant


def test_plain_page_products_have_descriptions_only(store: OxigraphStore) -> None:
    lines = lines_of(PLAIN)
    descriptions = [lines[i + 1] for i, line in enumerate(lines) if line == "-"]
    assert len(descriptions) == 4
    rows = select(
        store, PLAIN, "?c a ss:AIReplacementClaim ; ss:occupation ?o ; ss:text ?t ; ss:position ?n ."
    )
    assert sorted((int(value(r["n"])), value(r["t"])) for r in rows) == list(enumerate(descriptions, start=1))
    assert not select(
        store, PLAIN, "?c a ss:AIReplacementClaim . { ?c ss:product ?p } UNION { ?c ss:year ?y }"
    )


def test_plain_page_lists_are_kept_without_kinds_and_reported(store: OxigraphStore) -> None:
    lines = lines_of(PLAIN)
    salary_at = lines.index("薪資")
    numbered = [(n, line[2:]) for n, line in enumerate(lines[:salary_at], start=1) if line.startswith("- ")]
    assert len(numbered) > 4
    rows = select(
        store,
        PLAIN,
        '?c a ss:AIImpactClaim ; ss:aspect "unlabelled AI list item" ; ss:text ?t ; ss:position ?n .',
    )
    assert sorted((int(value(r["n"])), value(r["t"])) for r in rows) == [
        (i, text) for i, (_, text) in enumerate(numbered, start=1)
    ]
    assert not select(store, PLAIN, "?c ss:impactKind ?k .")
    assert not select(store, PLAIN, "?c a ss:SkillToBuild .")
    issues = select(
        store,
        PLAIN,
        "?i a ss:IngestIssue ; ss:severity ?sev ; ss:message ?m ; ss:line ?line ; ss:document ?d . "
        "?d dct:identifier ?name . FILTER(CONTAINS(?m, 'AI section'))",
    )
    assert len(issues) == 1
    assert value(issues[0]["sev"]) == "warning"
    assert int(value(issues[0]["line"])) == numbered[0][0]
    assert value(issues[0]["name"]) == PLAIN.name
    assert not select(store, PLAIN, "?i a ss:IngestIssue . ?i prov:wasDerivedFrom ?p .")


def test_closing_paragraphs_of_the_ai_section(store: OxigraphStore) -> None:
    plain = lines_of(PLAIN)
    headed = [line for line in lines_of(HEADED) if line.strip()]
    pages = {
        PLAIN: plain[plain.index("薪資") - 2 : plain.index("薪資")],
        HEADED: [headed[headed.index("Entry-level outlook") + 1], headed[headed.index("薪資") - 1]],
    }
    assert "How to level up" in headed[headed.index("薪資") - 2]
    for path, (entry, level_up) in pages.items():
        for aspect, text in (("entry-level outlook", entry), ("how to level up", level_up)):
            rows = select(store, path, f'?c a ss:DescriptionClaim ; ss:aspect "{aspect}" ; ss:text ?t .')
            assert [value(r["t"]) for r in rows] == [text]


# ---------------------------------------------------------------- tables


def salary_rows(path: Path) -> list[str]:
    body = section(path, "薪資", "教育路徑")
    return [line for line in body if "$" in line and "~" in line]


def numbers(text: str) -> list[int]:
    return [int(n.replace(",", "")) for n in re.findall(r"\d{1,3}(?:,\d{3})+|\d+", text)]


def test_wages_annual_and_hourly_from_each_row(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        expected = set()
        for row in salary_rows(path):
            found = numbers(row)
            first = next(i for i, n in enumerate(found) if n >= 1000)
            expected.add(("annual", found[first], found[first + 1]))
            if len(found) > first + 2:
                expected.add(("hourly", found[first + 2], found[first + 3]))
        rows = select(
            store,
            path,
            "?w a ss:WageClaim ; ss:occupation ?o ; ss:payPeriod ?per ; ss:minValue ?min ; "
            'ss:maxValue ?max ; ss:experience ?exp ; schema:currency "USD" .',
        )
        got = {(value(r["per"]), int(Decimal(value(r["min"]))), int(Decimal(value(r["max"])))) for r in rows}
        assert got == expected
        assert len(rows) == len(expected)
        bands = {value(r["exp"]) for r in rows}
        assert len(bands) == len(salary_rows(path))
        assert all(any(row.lstrip("| ").startswith(band) for row in salary_rows(path)) for band in bands)


@pytest.mark.parametrize(
    ("path", "written", "low", "high"),
    [
        (PLAIN, "$13–17 USD", 13, 17),
        (PLAIN, "USD 17-22", 17, 22),
        (HEADED, "12-15 USD", 12, 15),
        (HEADED, "$15-$18", 15, 18),
    ],
)
def test_hourly_ranges_as_written(
    store: OxigraphStore, path: Path, written: str, low: int, high: int
) -> None:
    assert written in text_of(path)
    rows = select(
        store,
        path,
        '?w a ss:WageClaim ; ss:payPeriod "hourly" ; ss:text ?t ; ss:minValue ?min ; ss:maxValue ?max .',
    )
    match = [r for r in rows if written in value(r["t"])]
    assert len(match) == 1
    assert (Decimal(value(match[0]["min"])), Decimal(value(match[0]["max"]))) == (low, high)


def test_wages_outlook_and_migration_cite_the_named_sources(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        lines = [line for line in lines_of(path) if line.strip()]
        assert lines[-2] == "數據來源"
        paragraph = lines[-1]
        for cls, names in (
            ("WageClaim", ["Indeed", "Glassdoor", "ERI SalaryExpert", "BLS OEWS"]),
            ("OutlookClaim", ["BLS Occupational Outlook", "O*NET"]),
            ("MigrationClaim", ["USCIS"]),
        ):
            assert all(name in paragraph for name in names)
            claims = {value(r["c"]) for r in select(store, path, f"?c a ss:{cls} .")}
            assert claims
            for claim in claims:
                titles = [
                    value(r["title"])
                    for r in select(
                        store, path, f"<{claim}> ss:citesSource ?s . ?s a ss:CitedSource ; dct:title ?title ."
                    )
                ]
                for name in names:
                    assert any(name in title for title in titles), (cls, name, titles)
                for title in titles:
                    assert title in paragraph


def test_education_paths(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        body = [line for line in section(path, "教育路徑", "資格") if "年" in line and "$" in line]
        expected = set()
        for row in body:
            years = re.search(r"(\d+)年", row)
            assert years is not None
            low, high = numbers(row[row.index("$") :])
            expected.add((f"P{years.group(1)}Y", low, high))
        rows = select(
            store,
            path,
            "?c a ss:EducationPathClaim ; ss:educationLevel ?l ; ss:duration ?d ; ss:minValue ?min ; "
            'ss:maxValue ?max ; schema:currency "USD" . ?l a ss:EducationLevel ; skos:prefLabel ?label .',
        )
        assert len(rows) == len(body)
        got = {(value(r["d"]), int(Decimal(value(r["min"]))), int(Decimal(value(r["max"])))) for r in rows}
        assert got == expected
        for record in rows:
            assert value(record["label"]) in text_of(path)
    optional = select(store, HEADED, "?c a ss:EducationPathClaim ; ss:required false .")
    assert len(optional) == text_of(HEADED).count("(optional)")


def test_qualifications(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        body = [
            line for line in section(path, "資格", "移民") if line.rstrip(" |").endswith(("必需", "可選"))
        ]
        rows = select(
            store,
            path,
            "?c a ss:QualificationClaim ; ss:required ?req ; ss:issuer ?issuer ; ss:position ?n .",
        )
        assert len(rows) == len(body) == 2
        for row in rows:
            line = body[int(value(row["n"])) - 1]
            assert value(row["issuer"]) in line
            assert value(row["req"]) == ("true" if line.rstrip(" |").endswith("必需") else "false")
        named = select(
            store,
            path,
            "?c a ss:QualificationClaim ; ss:position ?n . "
            "{ ?c ss:educationLevel ?l . ?l skos:prefLabel ?name } UNION { ?c ss:title ?name }",
        )
        assert len(named) == len(body)
        for row in named:
            assert value(row["name"]) in body[int(value(row["n"])) - 1]


# ---------------------------------------------------------------- later sections


def test_audience_fit_markers(store: OxigraphStore) -> None:
    lines = lines_of(HEADED)
    yes_at, no_at = lines.index("✓ 適合"), lines.index("✗ 不適合")
    suits = [line.strip()[2:] for line in lines[yes_at + 1 : no_at]]
    unsuits = [line.strip()[2:] for line in section(HEADED, "✗ 不適合", "職業前景") if line.strip()]
    rows = select(store, HEADED, "?c a ss:AudienceFitClaim ; ss:text ?t ; ss:suits ?s .")
    assert sorted(value(r["t"]) for r in rows if value(r["s"]) == "true") == sorted(suits)
    assert sorted(value(r["t"]) for r in rows if value(r["s"]) == "false") == sorted(unsuits)

    plain_items = [line[2:] for line in section(PLAIN, "適合對象", "職業前景") if line.startswith("- ")]
    rows = select(store, PLAIN, "?c a ss:AudienceFitClaim ; ss:text ?t .")
    assert sorted(value(r["t"]) for r in rows) == sorted(plain_items)
    assert not select(store, PLAIN, "?c a ss:AudienceFitClaim ; ss:suits ?s .")
    issues = select(store, PLAIN, "?i a ss:IngestIssue ; ss:message ?m . FILTER(CONTAINS(?m, '適合對象'))")
    assert len(issues) == 1


def test_outlook_percentages(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        paragraph = next(line for line in section(path, "職業前景", "成長領域:") if "%" in line)
        percent = re.search(r"(\d+)%", paragraph)
        period = re.search(r"from (\d{4})-(\d{4})", paragraph)
        assert percent is not None
        rows = select(
            store, path, "?c a ss:OutlookClaim ; ss:occupation ?o ; ss:percentChange ?p ; ss:text ?t ."
        )
        assert [(Decimal(value(r["p"])), value(r["t"])) for r in rows] == [
            (Decimal(percent.group(1)), paragraph)
        ]
        bounds = select(store, path, "?c a ss:OutlookClaim ; ss:periodStart ?s ; ss:periodEnd ?e .")
        if period is None:
            assert not bounds
        else:
            assert [(value(b["s"]), value(b["e"])) for b in bounds] == [period.groups()]
        career = [line for line in section(path, "職業前景", "成長領域:") if line.strip() and "%" not in line]
        rows = select(store, path, "?c a ss:CareerPathClaim ; ss:text ?t .")
        assert [value(r["t"]) for r in rows] == [line.strip() for line in career]
    outlook = store.query(
        f"{PFX} SELECT ?n ?p WHERE {{ ?c a ss:OutlookClaim ; ss:occupation ?x ; ss:percentChange ?p . "
        "?x skos:notation ?n }"
    )
    assert {value(n): Decimal(value(p)) for n, p in outlook.rows} == {"25-4031.00": 3, "43-4121.00": 4}


def test_growth_areas_split_the_glued_line(store: OxigraphStore) -> None:
    for path in (PLAIN, HEADED):
        lines = lines_of(path)
        glued = next(lines[i + 1] for i, line in enumerate(lines) if line.startswith("成長領域"))
        rows = select(store, path, "?c a ss:GrowthAreaClaim ; ss:text ?t ; ss:position ?n .")
        areas = [value(r["t"]) for r in sorted(rows, key=lambda r: int(value(r["n"])))]
        assert "".join(areas) == glued.strip()
        assert len(areas) == len(re.findall(r"[a-z][A-Z]", glued)) + 1
        assert all(area[0].isupper() and not re.search(r"[a-z][A-Z]", area) for area in areas)


def test_faq_pairs(store: OxigraphStore) -> None:
    lines = [line for line in section(HEADED, "常見問題", "數據來源") if line.strip()]
    questions = [line for line in lines if line.endswith("?")]
    answers = [lines[lines.index(q) + 1] for q in questions]
    rows = select(store, HEADED, '?c a ss:DescriptionClaim ; ss:aspect "faq" ; dct:title ?q ; ss:text ?a .')
    assert sorted((value(r["q"]), value(r["a"])) for r in rows) == sorted(
        zip(questions, answers, strict=True)
    )
    assert not select(store, PLAIN, '?c ss:aspect "faq" .')


# ---------------------------------------------------------------- bad input


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    return path


def replaced(source: Path, old: str, new: str) -> tuple[str, int]:
    text = text_of(source)
    assert text.count(old) == 1
    return text.replace(old, new), text[: text.index(old)].count("\n") + 1


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"\n  \n")
    with pytest.raises(SourceError) as error:
        ingest(path)
    assert error.value.path == path
    assert "empty" in error.value.reason


@pytest.mark.parametrize(
    ("source", "row", "cut"),
    [
        (
            PLAIN,
            "| 初級(0-3年) | $28,000 ~ $35,000 | Hourly wage approximately $13–17 USD |",
            "初級(0-3年) | $28,000 ~",
        ),
        (
            PLAIN,
            "| 初級(0-3年) | $28,000 ~ $35,000 | Hourly wage approximately $13–17 USD |",
            "| 初級(0-3年) | $28,000 ~",
        ),
        (HEADED, "初級(0-3年)$24,000 ~ $31,000Hourly wage about 12-15 USD", "初級(0-3年)$24,000 ~"),
    ],
)
def test_salary_row_cut_off_mid_line(tmp_path: Path, source: Path, row: str, cut: str) -> None:
    text, line = replaced(source, row, cut)
    path = write(tmp_path, text.encode("utf-8"))
    with pytest.raises(SourceError) as error:
        ingest(path)
    assert (error.value.path, error.value.line) == (path, line)
    assert "salary" in error.value.reason
    assert str(path) in str(error.value) and f"line {line}" in str(error.value)


def test_page_without_an_occupation_code(tmp_path: Path) -> None:
    text = "\n".join(line for line in lines_of(PLAIN) if "職業代碼" not in line)
    path = write(tmp_path, text.encode("utf-8"))
    with pytest.raises(SourceError) as error:
        ingest(path)
    assert error.value.path == path and error.value.line == 1
    assert "occupation code" in error.value.reason


def test_invalid_occupation_code(tmp_path: Path) -> None:
    text, line = replaced(HEADED, "43-4121(SOC)", "43-41(SOC)")
    path = write(tmp_path, text.encode("utf-8"))
    with pytest.raises(SourceError) as error:
        ingest(path)
    assert (error.value.line, "occupation code" in error.value.reason) == (line, True)


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    data = PLAIN.read_bytes()
    at = data.index("移民\n".encode())
    path = write(tmp_path, data[:at] + b"\xff\xfe" + data[at:])
    with pytest.raises(SourceError) as error:
        ingest(path)
    assert error.value.path == path
    assert error.value.line == data[:at].count(b"\n") + 1
    assert "UTF-8" in error.value.reason
