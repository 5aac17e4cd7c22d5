"""The skills-framework adapter, on the real framework page of 25-4031.00 Library Technicians.

Expected counts and values are read from the page by this module's own simple line reader
(blank-line blocks, numbered items under level headings, domain headings, figure lines),
independently of the adapter.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.framework import (
    SkillsFrameworkAdapter,
    action_verbs,
    known_words,
    split_heading,
)
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import PREFIXES
from skillscape.query.results import python_value
from skillscape.resources import ontology_path
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store

SEEDS = Path(__file__).resolve().parents[2] / "data" / "sources" / "seeds"
PAGE = SEEDS / "003_d788aa4af6d7dd5f.txt"
READ_AT = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
PREFIX = "".join(f"PREFIX {name}: <{base}> " for name, base in PREFIXES.items())

TEXT = PAGE.read_text(encoding="utf-8")
LINES = TEXT.split("\n")
ITEM = re.compile(r"^\s+(\d+)\. (.*?)\s*$")
DOMAIN = re.compile(r"^(\d+)(\D+?)(\d+) statements$")
CHIP = "Opens in new tab"


# ---------------------------------------------------------------------- reading the page


def blocks() -> list[list[str]]:
    """The page's runs of non-blank lines."""
    result: list[list[str]] = [[]]
    for line in LINES:
        if line.strip():
            result[-1].append(line)
        elif result[-1]:
            result.append([])
    return [block for block in result if block]


ITEM_BLOCKS = [block for block in blocks() if any(ITEM.match(line) for line in block)]


def level_items(lines: list[str]) -> dict[str, list[str]]:
    """Level name → item texts: the first line after a run of items (or at the start) names
    a level; a further line before the items is its role label."""
    levels: dict[str, list[str]] = {}
    current = ""
    expecting_name = True
    for line in lines:
        match = ITEM.match(line)
        if match:
            levels[current].append(match.group(2))
            expecting_name = True
        elif expecting_name:
            current = line.strip()
            levels[current] = []
            expecting_name = False
    return levels


def role_labels(lines: list[str]) -> dict[str, str]:
    return {
        line.strip(): lines[i + 1].strip()
        for i, line in enumerate(lines[:-1])
        if not ITEM.match(line) and not ITEM.match(lines[i + 1]) and (i == 0 or ITEM.match(lines[i - 1]))
    }


COMPETENCIES = level_items(ITEM_BLOCKS[0])
AI_BLOCK = ITEM_BLOCKS[1][: ITEM_BLOCKS[1].index("Evidence pack")]
AI_USE = level_items(AI_BLOCK)
EVIDENCE = ITEM_BLOCKS[1][ITEM_BLOCKS[1].index("Evidence pack") + 1 :]


def durable_domains() -> dict[str, tuple[str, int, dict[str, list[str]]]]:
    """Domain name → (number, declared count, level → item texts)."""
    result: dict[str, tuple[str, int, dict[str, list[str]]]] = {}
    lines = [line for line in ITEM_BLOCKS[2] if not line.startswith("Show ")]
    heads = [i for i, line in enumerate(lines) if DOMAIN.match(line)]
    for k, start in enumerate(heads):
        stop = heads[k + 1] if k + 1 < len(heads) else len(lines)
        number, name, declared = DOMAIN.match(lines[start]).groups()  # type: ignore[union-attr]
        result[name] = (number, int(declared), level_items(lines[start + 1 : stop]))
    return result


DURABLE = durable_domains()


def line_after(heading: str) -> str:
    return LINES[LINES.index(heading) + 1]


def camel_items(line: str) -> list[str]:
    return re.split(r"(?<=[a-z])(?=[A-Z])", line)


ANCHOR_LISTS = {
    "O*NET skills": "OnetSkill",
    "Knowledge domains": "KnowledgeArea",
    "Abilities": "Ability",
    "Work styles": "WorkStyle",
    "Technology": "TechnologySkill",
}
TASK_HEADING = next(line for line in LINES if line.startswith("Tasks"))
TASKS = level_items(ITEM_BLOCKS[3][ITEM_BLOCKS[3].index(TASK_HEADING) :])[TASK_HEADING]


# ---------------------------------------------------------------------- helpers


def ingest(path: Path) -> list[ox.Quad]:
    entry = SourceEntry(id="framework", path=path, kind=SkillsFrameworkAdapter.kind)
    return list(SkillsFrameworkAdapter().ingest(entry, iri.source_graph(entry.id), READ_AT))


def select(store: OxigraphStore, query: str) -> list[tuple[Any, ...]]:
    result = store.query(PREFIX + query)
    return [tuple(python_value(value) for value in row) for row in result.rows]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    graph_store = OxigraphStore(tmp_path_factory.mktemp("framework") / "s")
    graph_store.load(ingest(PAGE))
    yield graph_store
    graph_store.close()


def broken_copy(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / PAGE.name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def line_number(text: str, fragment: str, start: int = 0) -> int:
    return text[: text.index(fragment, start)].count("\n") + 1


def expect_error(path: Path, line: int | None, *reason: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        ingest(path)
    error = caught.value
    assert error.path == path
    assert error.line == line
    assert path.name in str(error)
    if line is not None:
        assert f"line {line}" in str(error)
    for part in reason:
        assert part in error.reason
    return error


# ---------------------------------------------------------------------- lexicon


def load_script() -> Any:
    path = Path(__file__).resolve().parents[2] / "scripts" / "make_action_verbs.py"
    spec = importlib.util.spec_from_file_location("make_action_verbs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.write_text("\n".join("\t".join(row) for row in [header, *rows]) + "\n", encoding="utf-8")


def test_the_lexicon_script_takes_first_words_of_statements(tmp_path: Path) -> None:
    onet = tmp_path / "onet"
    onet.mkdir()
    (onet / "Read Me.txt").write_text("O*NET 99.9 Database\nDecember\n", encoding="utf-8")
    task = ["O*NET-SOC Code", "Task ID", "Task"]
    write_table(onet / "Task Statements.txt", task, [["1", "1", "Catalogue and sort books."]])
    write_table(onet / "Emerging Tasks.txt", ["O*NET-SOC Code", "Task"], [["1", "Remotely monitor stacks."]])
    write_table(onet / "DWA Reference.txt", ["DWA ID", "DWA Title"], [["1", "Plan, direct, or shelve."]])
    write_table(onet / "IWA Reference.txt", ["IWA ID", "IWA Title"], [["1", "Sight-read music."]])
    write_table(onet / "Occupation Data.txt", ["Title", "Description"], [["Librarians", "Keep stacks."]])
    write_table(
        onet / "Content Model Reference.txt", ["Element Name", "Description"], [["Speaking", "Talk."]]
    )
    out = tmp_path / "lexicon"
    assert load_script().main([str(onet), "--out", str(out)]) == 0
    verbs = (out / "action-verbs.txt").read_text(encoding="utf-8").splitlines()
    header = [line for line in verbs if line.startswith("#")]
    assert any("O*NET 99.9 Database" in line for line in header)
    assert any("CC BY 4.0" in line for line in header)
    # adverbs that open a statement are no verbs; a comma after the verb is not part of it
    assert [line for line in verbs if not line.startswith("#")] == ["catalogue", "plan", "sight-read"]
    words = (out / "known-words.txt").read_text(encoding="utf-8").splitlines()
    assert {"catalogue", "sort", "books", "remotely", "librarians", "talk", "speaking"} <= set(words)


def test_the_committed_lexicon_names_its_source_and_licence() -> None:
    for name in ("action-verbs.txt", "known-words.txt"):
        path = Path(__file__).resolve().parents[2] / "data" / "lexicon" / name
        lines = path.read_text(encoding="utf-8").splitlines()
        header = " ".join(line for line in lines if line.startswith("#"))
        assert "O*NET" in header and "CC BY 4.0" in header and "USDOL/ETA" in header
        entries = [line for line in lines if not line.startswith("#")]
        assert entries == sorted(set(entries)) and all(entry == entry.lower() for entry in entries)


# ---------------------------------------------------------------------- detection


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_detects_the_framework_page_and_no_other_seed(path: Path) -> None:
    assert SkillsFrameworkAdapter.detect(Document.read(path)) == (path == PAGE)


# ---------------------------------------------------------------------- provenance


def test_every_passage_quotes_the_document_exactly(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?exact ?start ?end WHERE { ?p oa:hasSelector/oa:exact ?exact ; "
        "oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }",
    )
    assert len(rows) > 200
    for exact, start, end in rows:
        assert exact == TEXT[start:end]


def test_every_statement_has_exactly_one_passage(store: OxigraphStore) -> None:
    counts = select(
        store,
        "SELECT ?s (COUNT(?p) AS ?n) WHERE { ?s a ?c ; prov:wasDerivedFrom ?p } GROUP BY ?s",
    )
    assert len(counts) > 200
    assert {n for _, n in counts} == {1}


def test_the_graph_conforms_to_the_shapes(tmp_path: Path) -> None:
    graph_store = OxigraphStore(tmp_path / "s")
    graph_store.load(ingest(PAGE))
    graph_store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, iri.source_graph("ontology"))
    report = validate_store(graph_store)
    graph_store.close()
    assert report.conforms, [v.message for v in report.violations[:5]]


def test_page_chrome_is_not_data(store: OxigraphStore) -> None:
    values = select(
        store,
        "SELECT ?v WHERE { ?s ?p ?v FILTER(isLiteral(?v) && ?p NOT IN "
        "(oa:exact, ss:content, dct:bibliographicCitation)) }",
    )
    for (value,) in values:
        text = str(value)
        assert CHIP not in text and "Sign in" not in text and "Suggest an O*NET" not in text


def test_every_line_a_reader_sees_is_quoted_or_names_a_concept(store: OxigraphStore) -> None:
    spans = select(
        store, "SELECT ?start ?end WHERE { ?p oa:hasSelector/oa:start ?start ; oa:hasSelector/oa:end ?end }"
    )
    labels = {
        value
        for (value,) in select(
            store,
            "SELECT ?v WHERE { ?s skos:prefLabel|ss:roleLabel|ss:aspect ?v }",
        )
    }
    # navigation, toggles and headings of lists whose items carry what they are
    structure = {
        LINES[0],
        "Back to Framework",
        "Evidence pack",
        "Suggest an O*NET correction",
        "Source anchors that ground each statement",
        "Related titles",
        "RAPIDS apprenticeships",
        "CIP education codes",
        next(line for line in LINES if line.startswith("Show O*NET source anchors")),
        next(line for line in LINES if line.startswith("O*NET enrichment")),
    }
    offset = 0
    unaccounted = []
    for line in LINES:
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip() or line in structure or line.strip() in labels:
            continue
        if not any(s < end and e > start for s, e in spans):
            unaccounted.append(line)
    assert unaccounted == []


# ---------------------------------------------------------------------- the occupation


def test_occupation_job_zone_version_and_context(store: OxigraphStore) -> None:
    soc = next(line for line in LINES if line.startswith("SOC "))
    code = re.match(r"SOC (\S{10})", soc).group(1)  # type: ignore[union-attr]
    zone, label, version = re.search(r"Job Zone (\d+) · (.+?)(v\.[\d.]+)$", soc).groups()  # type: ignore[union-attr]
    assert select(store, "SELECT ?code WHERE { ?o a ss:Occupation ; skos:notation ?code }") == [(code,)]
    assert select(
        store, "SELECT ?z ?l WHERE { ?s a ss:JobZoneClaim ; ss:jobZone ?z ; ss:stringValue ?l }"
    ) == [(int(zone), label)]
    assert select(store, "SELECT ?v WHERE { ?d a ss:SourceDocument ; schema:version ?v }") == [(version,)]
    context = next(line for line in LINES if line.startswith("Context covered"))
    assert select(
        store, "SELECT ?t WHERE { ?s a ss:DescriptionClaim ; ss:aspect 'context covered' ; ss:text ?t }"
    ) == [(context.removeprefix("Context covered"),)]
    title = LINES[LINES.index(soc) - 2]
    assert select(store, "SELECT ?t WHERE { ?s ss:aspect 'framework title' ; ss:title ?t }") == [(title,)]
    # the framework's own title is no authoritative occupation title
    assert select(store, "SELECT ?l WHERE { ?o a ss:Occupation ; skos:prefLabel ?l }") == []


# ---------------------------------------------------------------------- competencies


def test_competency_statements_per_level(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?level (COUNT(?s) AS ?n) WHERE { ?s a ss:CompetencyStatement ; "
        "ss:level/skos:prefLabel ?level FILTER NOT EXISTS { ?s a ss:DurableSkillStatement } } "
        "GROUP BY ?level",
    )
    assert dict(rows) == {level: len(items) for level, items in COMPETENCIES.items()}


def test_occupational_levels_are_ranked_in_document_order_with_role_labels(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?name ?rank ?role WHERE { ?l skos:inScheme ?scale ; skos:prefLabel ?name ; ss:rank ?rank ; "
        "ss:roleLabel ?role . ?scale skos:prefLabel 'Occupational proficiency' } ORDER BY ?rank",
    )
    roles = role_labels(ITEM_BLOCKS[0])
    assert rows == [(name, rank, roles[name]) for rank, name in enumerate(COMPETENCIES, start=1)]


def test_competency_heading_and_body_recombine_to_the_item(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?level ?pos ?title ?text ?label ?exact ?start ?end ?domain WHERE { "
        "?s a ss:CompetencyStatement ; ss:level/skos:prefLabel ?level ; ss:position ?pos ; "
        "dct:title ?title ; ss:text ?text ; ss:competency/skos:prefLabel ?label ; "
        "ss:domain/skos:prefLabel ?domain ; "
        "prov:wasDerivedFrom/oa:hasSelector ?q , ?p . ?q oa:exact ?exact . ?p oa:start ?start ; oa:end ?end "
        "FILTER NOT EXISTS { ?s a ss:DurableSkillStatement } }",
    )
    assert len(rows) == sum(len(items) for items in COMPETENCIES.values())
    verbs = action_verbs() | known_words()
    for level, position, title, text, label, exact, start, end, domain in rows:
        assert exact == TEXT[start:end] == COMPETENCIES[level][position - 1]
        assert title + text == exact
        assert label == title
        assert domain == LINES[LINES.index(next(x for x in LINES if x.startswith("SOC "))) - 2]
        assert title[0].isupper() and title[-1].isalpha()
        assert text[0].islower() and text.endswith(".")
        assert re.match(r"[a-z]+", text).group() in verbs  # type: ignore[union-attr]


def page_item(prefix: str) -> str:
    return next(
        match.group(2) for line in LINES if (match := ITEM.match(line)) and match.group(2).startswith(prefix)
    )


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("Circulation transactionsperform", "Circulation transactions"),
        # a body verb the lexicon lacks ("catalog"): two known words
        ("Collection processingcatalog", "Collection processing"),
        # a heading word the vocabulary lacks ("roadmap"): the verb decides
        ("Technology roadmapevaluate", "Technology roadmap"),
        # "Budget" would cut as "Bud|get", but it is a known word, so it is not cut
        ("Budget and resource stewardshipprepare", "Budget and resource stewardship"),
        # "controlre|view" leaves no word on the left; "control|review" does
        ("Collection processing quality controlreview", "Collection processing quality control"),
        ("Patron account maintenanceupdate,", "Patron account maintenance"),
        ("Active listening skillsattend", "Active listening skills"),
        ("Staff developmentdesign", "Staff development"),
    ],
)
def test_split_heading_on_glued_competencies_of_the_page(prefix: str, heading: str) -> None:
    item = page_item(prefix)
    cut = split_heading(item)
    assert cut is not None
    assert item[: cut[0]] == heading
    assert item[: cut[0]] + item[cut[1] :] == item


def test_split_heading_prefers_the_separator_and_refuses_text_without_glue() -> None:
    item = page_item("Circulation desk communication")
    cut = split_heading(item)
    assert cut is not None and item[: cut[0]] == "Circulation desk communication"
    assert item[cut[0] : cut[1]] == " — "
    assert split_heading("Circulation transactions.") is None


# ---------------------------------------------------------------------- AI use


def test_ai_use_statements_per_level_with_their_citations(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?level ?pos ?title ?text ?exact (COUNT(DISTINCT ?src) AS ?n) WHERE { "
        "?s a ss:AIUseStatement ; ss:level ?l ; ss:position ?pos ; dct:title ?title ; ss:text ?text ; "
        "ss:citesSource ?src ; prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact . "
        "?l skos:prefLabel ?level ; skos:inScheme/skos:prefLabel 'Occupational proficiency' } "
        "GROUP BY ?level ?pos ?title ?text ?exact",
    )
    assert Counter(level for level, *_ in rows) == {level: len(items) for level, items in AI_USE.items()}
    for level, position, title, text, exact, cited in rows:
        item = AI_USE[level][position - 1]
        assert exact == item
        assert exact.startswith(f"{title} — {text} ")
        assert cited == item.count(CHIP)


def test_cited_sources_as_the_page_states_them(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?title ?label ?version ?issued ?publisher ?licence ?id WHERE { ?c a ss:CitedSource ; "
        "dct:title ?title . OPTIONAL { ?c skos:prefLabel ?label } OPTIONAL { ?c schema:version ?version } "
        "OPTIONAL { ?c dct:issued ?issued } OPTIONAL { ?c dct:publisher ?publisher } "
        "OPTIONAL { ?c ss:licenseStatement ?licence } OPTIONAL { ?c dct:identifier ?id } }",
    )
    sources = {row[0]: row[1:] for row in rows}
    footer = next(line for line in LINES if line.startswith("Sources: "))
    onet = re.search(r"(O\*NET v[\d.]+)O\*NET Resource Center — [^,]+, (v[\d.]+) \(([^)]+)\)", TEXT)
    assert onet is not None
    licence = re.search(re.escape(onet.group(1)) + r" \(([^)]+)\)", footer).group(1)  # type: ignore[union-attr]
    assert sources["O*NET Resource Center"] == (
        onet.group(1),
        onet.group(2),
        onet.group(3),
        None,
        licence,
        None,
    )
    release = re.search(r"Anthropic Economic Index — (\S+)\. Opens", TEXT).group(1)  # type: ignore[union-attr]
    assert sources["Anthropic Economic Index"][1] == release
    year = re.search(r"WEF Skills Taxonomy (\d{4}) — ", TEXT).group(1)  # type: ignore[union-attr]
    assert sources["WEF Skills Taxonomy"][1] == year
    publisher = re.search(r"Pathsmith Durable Skills Framework — ([^.]+)\. Opens", TEXT).group(1)  # type: ignore[union-attr]
    assert sources["Pathsmith Durable Skills Framework"][3] == publisher
    safi = re.search(r"(\w+ & \w+, (\d{4}))Skill Automation Feasibility Index — .+? \((arXiv:[\d.]+)\)", TEXT)
    assert safi is not None
    assert sources["Skill Automation Feasibility Index"] == (
        safi.group(1),
        None,
        safi.group(2),
        None,
        None,
        safi.group(3),
    )
    # sources only the footer names are kept too
    for name in ("SkillsCrosswalk.com", "LER.me"):
        assert name in footer and name in sources


# ---------------------------------------------------------------------- evidence pack


def test_evidence_figures(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?group ?measure ?number ?string ?unit ?cited WHERE { ?s a ss:EvidenceFigure ; "
        "ss:aspect ?group ; ss:measure ?measure ; ss:citesSource/dct:title ?cited ; ss:occupation ?o . "
        "OPTIONAL { ?s ss:dataValue ?number } OPTIONAL { ?s ss:stringValue ?string } "
        "OPTIONAL { ?s ss:unit ?unit } }",
    )
    expected: list[tuple[str, str, float | None, str | None, str | None]] = []
    group = ""
    for index, line in enumerate(EVIDENCE):
        if ": " in line:
            measure, value = line.split(": ", 1)
            number = re.match(r"^([\d.]+)(%?)(?: / [\d.]+)?$", value)
            if number:
                value_number = float(Decimal(number.group(1)))
                expected.append((group, measure, value_number, None, number.group(2) or None))
            else:
                expected.append((group, measure, None, value, None))
        elif index == 0 or ": " in EVIDENCE[index - 1]:
            group = line  # a heading: first, or right after a figure
        else:
            expected.append((group, group, None, line, None))  # a value shown without a name
    # a group heading names the source its figures come from
    cited = {
        "AEI usage": "Anthropic Economic Index",
        "SAFI positioning": "Skill Automation Feasibility Index",
        "WEF cluster": "WEF Skills Taxonomy",
    }
    assert sorted(row[:5] for row in rows) == sorted(expected)
    assert all(row[5] == cited[row[0]] for row in rows)


def test_an_out_of_score_is_on_its_measurement_scale(store: OxigraphStore) -> None:
    line = next(line for line in EVIDENCE if " / " in line)
    measure, value, maximum = re.match(r"(.+): ([\d.]+) / ([\d.]+)", line).groups()  # type: ignore[union-attr]
    assert select(
        store,
        "SELECT ?m ?v ?min ?max WHERE { ?s ss:scale ?scale ; ss:measure ?m ; ss:dataValue ?v . "
        "?scale a ss:MeasurementScale ; ss:minValue ?min ; ss:maxValue ?max }",
    ) == [(measure, float(value), 0.0, float(maximum))]


def test_a_count_sentence_is_a_figure(store: OxigraphStore) -> None:
    line = next(line for line in LINES if re.search(r" for \d+ occupations$", line))
    number = int(re.search(r"(\d+) occupations$", line).group(1))  # type: ignore[union-attr]
    assert select(
        store,
        "SELECT ?v ?u WHERE { ?s a ss:EvidenceFigure ; ss:dataValue ?v ; ss:unit ?u "
        "FILTER NOT EXISTS { ?s ss:aspect ?a } }",
    ) == [(float(number), "occupations")]


# ---------------------------------------------------------------------- durable skills


def test_durable_statements_per_domain_and_level(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?domain ?level (COUNT(?s) AS ?n) WHERE { ?s a ss:DurableSkillStatement ; "
        "ss:domain/skos:prefLabel ?domain ; ss:level/skos:prefLabel ?level } GROUP BY ?domain ?level",
    )
    expected = {
        (domain, level): len(items)
        for domain, (_, _, levels) in DURABLE.items()
        for level, items in levels.items()
    }
    assert {(domain, level): n for domain, level, n in rows} == expected


def test_durable_statement_parts(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?domain ?level ?pos ?title ?text ?skill ?broader ?exact (COUNT(DISTINCT ?src) AS ?n) WHERE { "
        "?s a ss:DurableSkillStatement ; ss:domain ?d ; ss:level/skos:prefLabel ?level ; ss:position ?pos ; "
        "dct:title ?title ; ss:text ?text ; ss:citesSource ?src ; ss:competency ?c ; "
        "prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact . ?d skos:prefLabel ?domain . "
        "?c a ss:DurableSkill ; skos:prefLabel ?skill ; skos:broader/skos:prefLabel ?broader } "
        "GROUP BY ?domain ?level ?pos ?title ?text ?skill ?broader ?exact",
    )
    assert len(rows) == sum(len(i) for _, _, levels in DURABLE.values() for i in levels.values())
    for domain, level, position, title, text, skill, broader, exact, cited in rows:
        item = DURABLE[domain][2][level][position - 1]
        assert exact == item and exact.endswith(CHIP + ".")
        assert exact.startswith(f"{title} — {text} ")
        assert skill == title and broader == domain
        assert cited == item.count(CHIP)


def test_durable_levels_and_domains(store: OxigraphStore) -> None:
    order: list[str] = []
    for _, _, levels in DURABLE.values():
        order.extend(level for level in levels if level not in order)
    assert select(
        store,
        "SELECT ?name ?rank WHERE { ?l skos:inScheme/skos:prefLabel 'Durable skill proficiency' ; "
        "skos:prefLabel ?name ; ss:rank ?rank } ORDER BY ?rank",
    ) == [(name, rank) for rank, name in enumerate(order, start=1)]
    domains = select(
        store, "SELECT ?name ?n WHERE { ?d a ss:SkillDomain ; skos:notation ?n ; skos:prefLabel ?name }"
    )
    assert sorted(domains) == sorted((name, number) for name, (number, _, _) in DURABLE.items())


def test_declared_domain_counts_are_kept_as_stated(store: OxigraphStore) -> None:
    rows = select(
        store,
        "SELECT ?domain ?n ?exact WHERE { ?s a ss:DeclaredCount ; "
        "ss:countedClass ss:DurableSkillStatement ; ss:declaredCount ?n ; ss:domain/skos:prefLabel ?domain ; "
        "prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }",
    )
    assert {domain: n for domain, n, _ in rows} == {
        name: declared for name, (_, declared, _) in DURABLE.items()
    }
    listed = {name: sum(len(i) for i in levels.values()) for name, (_, _, levels) in DURABLE.items()}
    # the page disagrees with itself for some domains; both numbers stay in the graph
    assert any(declared != listed[name] for name, (_, declared, _) in DURABLE.items())
    for domain, _, exact in rows:
        number, _, levels = DURABLE[domain]
        last_level = list(levels.values())[-1]
        assert exact.startswith(f"{number}{domain}") and exact.endswith(last_level[-1])
        assert exact.count(CHIP) == sum(item.count(CHIP) for items in levels.values() for item in items)


# ---------------------------------------------------------------------- source anchors


def test_descriptor_anchors(store: OxigraphStore) -> None:
    for heading, class_name in ANCHOR_LISTS.items():
        names = select(
            store,
            f"SELECT ?name WHERE {{ ?s ss:descriptor ?d ; ss:position ?p ; ss:occupation ?o . "
            f"?d a ss:{class_name} ; skos:prefLabel ?name }} ORDER BY ?p",
        )
        assert [name for (name,) in names] == camel_items(line_after(heading)), heading


def test_tasks_titles_and_cip_anchors(store: OxigraphStore) -> None:
    tasks = select(store, "SELECT ?t WHERE { ?s a ss:Task ; ss:text ?t ; ss:position ?p } ORDER BY ?p")
    assert [t for (t,) in tasks] == TASKS
    titles = select(
        store, "SELECT ?t WHERE { ?s ss:aspect 'related title' ; ss:title ?t ; ss:position ?p } ORDER BY ?p"
    )
    assert [t for (t,) in titles] == line_after("Related titles").split(" · ")
    cip = select(store, "SELECT ?v WHERE { ?s ss:aspect 'CIP code' ; ss:stringValue ?v }")
    assert cip == [(line_after("CIP education codes"),)]


def test_the_declared_anchor_count_covers_descriptors_and_tasks(store: OxigraphStore) -> None:
    heading = next(line for line in LINES if line.startswith("Show O*NET source anchors"))
    declared = int(re.search(r"(\d+) anchors", heading).group(1))  # type: ignore[union-attr]
    listed = sum(len(camel_items(line_after(h))) for h in ANCHOR_LISTS) + len(TASKS)
    assert listed == declared
    ((count, start, end),) = select(
        store,
        "SELECT ?n ?start ?end WHERE { ?s a ss:DeclaredCount ; ss:countedClass ss:Statement ; "
        "ss:declaredCount ?n ; prov:wasDerivedFrom/oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }",
    )
    assert count == declared
    inside = select(
        store,
        "SELECT ?s ?start ?end WHERE { ?s a ?c ; prov:wasDerivedFrom/oa:hasSelector ?p . "
        "?p oa:start ?start ; oa:end ?end FILTER NOT EXISTS { ?s a ss:DeclaredCount } }",
    )
    assert sum(1 for _, s, e in inside if start <= s and e <= end) == declared


# ---------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    expect_error(broken_copy(tmp_path, ""), None, "empty")


def test_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    fragment = "Job Zone"
    data = TEXT.encode("utf-8")
    at = data.index(fragment.encode())
    data = data[:at] + b"\xff" + data[at:]
    expect_error(broken_copy(tmp_path, data), line_number(TEXT, fragment), "not UTF-8")


def test_a_level_heading_without_statements(tmp_path: Path) -> None:
    block = ITEM_BLOCKS[0]
    start = block.index("Developing")
    stop = block.index("Proficient")
    emptied = block[: start + 2] + block[stop:]
    text = TEXT.replace("\n".join(block), "\n".join(emptied), 1)
    expect_error(
        broken_copy(tmp_path, text), line_number(text, "\nDeveloping\n") + 1, "'Developing'", "no statements"
    )


def test_a_durable_level_without_statements(tmp_path: Path) -> None:
    domain = next(name for name, (_, _, levels) in DURABLE.items() if len(levels["Developing"]) == 1)
    head = next(line for line in LINES if DOMAIN.match(line) and domain in line)
    item = DURABLE[domain][2]["Developing"][0]
    at = TEXT.index(head)
    text = TEXT[:at] + TEXT[at:].replace(f"Developing\n  1. {item}\n", "Developing\n", 1)
    expect_error(
        broken_copy(tmp_path, text), line_number(text, "Developing\n", at), "'Developing'", "no statements"
    )


def test_a_competency_that_does_not_end_its_sentence(tmp_path: Path) -> None:
    item = next(iter(COMPETENCIES.values()))[2]
    text = TEXT.replace(item, item.rstrip("."), 1)
    expect_error(broken_copy(tmp_path, text), line_number(text, item[:40]), "competency 3", "cut off")


def test_a_durable_statement_without_its_closing_chip(tmp_path: Path) -> None:
    item = next(iter(DURABLE.values()))[2]["Emerging"][1]
    text = TEXT.replace(item, item.removesuffix(". " + CHIP + "."), 1)
    expect_error(
        broken_copy(tmp_path, text), line_number(text, item[:40]), "durable-skill statement 2", "cut off"
    )


def test_an_ai_use_statement_without_any_chip(tmp_path: Path) -> None:
    item = AI_USE["Emerging"][0]
    body = item[: item.index(" Anthropic")]
    text = TEXT.replace(item, body + ".", 1)
    expect_error(broken_copy(tmp_path, text), line_number(text, body), "AI-use statement 1", "cut off")


@pytest.mark.parametrize("block_index", [0, 1, 2], ids=["competency", "ai-use", "durable"])
def test_a_file_truncated_in_the_middle_of_an_item(tmp_path: Path, block_index: int) -> None:
    item = next(
        m.group(2) for line in ITEM_BLOCKS[block_index] if (m := ITEM.match(line)) and int(m.group(1)) == 2
    )
    at = TEXT.index(item) + len(item) // 2
    expect_error(broken_copy(tmp_path, TEXT[:at]), TEXT[:at].count("\n") + 1, "cut off")


def test_a_competency_without_a_glued_body(tmp_path: Path) -> None:
    item = next(iter(COMPETENCIES.values()))[0]
    heading = item[: split_heading(item)[0]]  # type: ignore[index]
    text = TEXT.replace(item, heading + ".", 1)
    expect_error(broken_copy(tmp_path, text), line_number(text, f"1. {heading}."), "cannot tell the heading")
