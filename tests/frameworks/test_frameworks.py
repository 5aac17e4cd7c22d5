"""AI use and durable-skill profiles in a real store of three occupations (see conftest).

Expected values are computed here from the release files (read with ``str.split``), the Working
with AI table and the mapping file (read with the csv module), independently of the adapters
and of the derivation.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict

import httpx
import pytest
from typer.testing import CliRunner

from skillscape.build import build
from skillscape.cli import app
from skillscape.model import iri
from skillscape.model.namespaces import RDF, SS
from skillscape.query import named
from skillscape.query.results import to_records
from skillscape.store.oxigraph import OxigraphStore
from tests.frameworks.conftest import CODES, IWA, MAPPING, FrameworkStore
from tests.onet_fixtures import read_rows
from tests.servers import live_api

DOMAINS = {
    "Communication",
    "Leadership",
    "Metacognition",
    "Critical Thinking",
    "Collaboration",
    "Character",
    "Creativity",
    "Growth Mindset",
    "Mindfulness",
    "Fortitude",
}
WEIGHT = {"skos:closeMatch": 1.0, "skos:broadMatch": 0.5}


def mapping_rows() -> list[dict[str, str]]:
    lines = [
        line for line in MAPPING.path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


def ratings_of(code: str) -> dict[str, dict[str, float]]:
    """Element ID → scale → value, from Skills.txt and Work Styles.txt of O*NET 30.1."""
    found: dict[str, dict[str, float]] = defaultdict(dict)
    for name in ("Skills.txt", "Work Styles.txt"):
        header, rows = read_rows("30.1", name)
        at = {
            column: header.index(column)
            for column in ("O*NET-SOC Code", "Element ID", "Scale ID", "Data Value")
        }
        for row in rows:
            if row[at["O*NET-SOC Code"]] == code:
                found[row[at["Element ID"]]][row[at["Scale ID"]]] = float(row[at["Data Value"]])
    return found


def expected_score(code: str, domain: str) -> float:
    ratings = ratings_of(code)
    total = weighted = 0.0
    for row in mapping_rows():
        if row["object_label"] != domain:
            continue
        element = row["subject_id"].removeprefix("ONET:")
        values = ratings.get(element, {})
        if element.startswith("1.D."):
            value = None if "WI" not in values else (values["WI"] + 3) / 6
        else:
            value = None if "IM" not in values else (values["IM"] - 1) / 4
        if value is not None:
            total += WEIGHT[row["predicate_id"]]
            weighted += WEIGHT[row["predicate_id"]] * value
    return round(100 * weighted / total, 1)


def instances(store: OxigraphStore, cls: str, having: str | None = None) -> set[object]:
    """The instances of an ss: class in the store's graphs (those with an ss:``having`` value)."""
    found = {q.subject for q in store.raw.quads_for_pattern(None, RDF.type, SS[cls], None)}
    if having is not None:
        found = {s for s in found if next(store.raw.quads_for_pattern(s, SS[having], None, None), None)}  # type: ignore[arg-type]
    return found


def query(store: OxigraphStore, name: str, **params: str) -> list[dict[str, object]]:
    return to_records(named.load(name).run(store, params))


# ---------------------------------------------------------------------------- durable skills


def test_every_rated_occupation_has_a_score_in_each_of_the_ten_domains(store: OxigraphStore) -> None:
    for code in CODES:
        rows = [r for r in query(store, "durable-skills", occupation=code) if r["kind"] == "derived"]
        assert {r["domain"] for r in rows} == DOMAINS
        assert len(rows) == 10
        assert all(0 <= float(r["score"]) <= 100 and r["evidence"] for r in rows)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "domain"), [("15-1252.00", "Critical Thinking"), ("29-1141.00", "Fortitude")]
)
def test_a_domain_score_is_the_weighted_mean_of_the_mapped_ratings(
    store: OxigraphStore, code: str, domain: str
) -> None:
    (row,) = [
        r
        for r in query(store, "durable-skills", occupation=code)
        if r["kind"] == "derived" and r["domain"] == domain
    ]
    assert float(row["score"]) == expected_score(code, domain)  # type: ignore[arg-type]
    # the evidence names every mapped descriptor the occupation has ratings of
    labels = {r["subject_label"] for r in mapping_rows() if r["object_label"] == domain}
    ratings = ratings_of(code)
    rated = {r["subject_label"] for r in mapping_rows() if r["subject_id"].removeprefix("ONET:") in ratings}
    for label in labels & rated:
        assert f"{label} (" in str(row["evidence"])


def test_a_derived_score_traces_to_its_run_and_both_inputs(store: OxigraphStore) -> None:
    statement = iri.durable_skill_score("15-1252.00", "Critical Thinking")
    rows = query(store, "derivation", statement=statement.value)
    assert rows, "the derived statement has no derivation"
    assert {r["algorithm"] for r in rows} == {"durable-skill-profile"}
    assert {r["version"] for r in rows} == {"1.0"}
    used = {str(r["used"]): r.get("usedSha256") for r in rows}
    assert iri.source_graph("onet-30.1").value in used
    assert iri.source_graph(MAPPING.id).value in used
    sha = hashlib.sha256(MAPPING.path.read_bytes()).hexdigest()
    assert used[iri.document(sha).value] == sha
    # its evidence statements are the ratings and the mapping rows
    evidence = [q.object for q in store.raw.quads_for_pattern(statement, SS.evidenceStatement, None, None)]
    types = {
        q.object.value.rpartition("#")[2]
        for e in evidence
        for q in store.raw.quads_for_pattern(e, RDF.type, None, None)  # type: ignore[arg-type]
    }
    assert {"Rating", "MappingStatement"} <= types


def test_the_seed_occupation_shows_its_framework_statements_beside_the_derived_scores(
    store: OxigraphStore,
) -> None:
    rows = query(store, "durable-skills", occupation="25-4031.00")
    framework = [r for r in rows if r["kind"] == "framework"]
    statements = instances(store, "DurableSkillStatement")
    assert len(framework) == len(statements) > 0
    assert {r["domain"] for r in framework} == DOMAINS
    assert all(r["level"] and r["text"] for r in framework)
    assert len([r for r in rows if r["kind"] == "derived"]) == 10


def test_a_rebuild_keeps_the_profiles_until_an_input_changes(frameworks: FrameworkStore) -> None:
    said: list[str] = []
    build(frameworks.settings, entries=frameworks.entries, progress=said.append)
    assert "durable-skill-profile: unchanged" in said


# ---------------------------------------------------------------------------- AI use


def iwa_figures() -> dict[str, int]:
    """IWA title → how many figures (non-empty cells) Working with AI gives for it."""
    columns = (
        "share_user",
        "share_ai",
        "completion_user",
        "completion_ai",
        "impact_scope_user",
        "impact_scope_ai",
    )
    with IWA.path.open(encoding="utf-8", newline="") as handle:
        return {row["title"]: sum(1 for c in columns if row[c].strip()) for row in csv.DictReader(handle)}


def activities_of(code: str) -> set[str]:
    """The titles of the IWAs the occupation's tasks reach through their DWAs."""
    header, links = read_rows("30.1", "Tasks to DWAs.txt")
    dwas = {row[header.index("DWA ID")] for row in links if row[0] == code}
    header, reference = read_rows("30.1", "DWA Reference.txt")
    iwa_ids = {row[header.index("IWA ID")] for row in reference if row[header.index("DWA ID")] in dwas}
    header, iwas = read_rows("30.1", "IWA Reference.txt")
    return {row[header.index("IWA Title")] for row in iwas if row[header.index("IWA ID")] in iwa_ids}


def test_ai_use_reaches_every_activity_of_the_occupations_tasks(store: OxigraphStore) -> None:
    figures = iwa_figures()
    for code in CODES:
        rows = [r for r in query(store, "ai-use", occupation=code) if r["kind"] == "activity"]
        expected = activities_of(code)
        assert {r["subject_label"] for r in rows} == expected
        assert len(rows) == sum(figures[title] for title in expected) > 0
        assert all(str(r["text"]).startswith(("In ", "Where ")) for r in rows)
        assert all(r["dataset"] and r["method"] and r["citations"] == r["dataset"] for r in rows)


def test_the_seed_occupation_keeps_its_level_statements_beside_the_measured_figures(
    store: OxigraphStore,
) -> None:
    rows = query(store, "ai-use", occupation="25-4031.00")
    kinds = [r["kind"] for r in rows]
    assert kinds == sorted(kinds, key=["level", "task", "activity"].index)  # level rows first
    levels = instances(store, "AIUseStatement", "level")
    assert kinds.count("level") == len(levels) > 0
    tasks = [r for r in rows if r["kind"] == "task"]
    assert tasks and {r["measure"] for r in tasks} <= {
        "directive",
        "feedback_loop",
        "validation",
        "task_iteration",
        "learning",
    }
    for row in tasks:
        share = float(row["figure"])  # type: ignore[arg-type]
        assert str(row["text"]).startswith(
            "In "
        ) and "observed conversations with Claude about this task" in str(row["text"])
        assert f"{share * 100:.0f}%" in str(row["text"]) or share < 0.01


# ---------------------------------------------------------------------------- trace, CLI, API


def test_trace_shows_a_figure_row_with_its_cells_and_a_derived_score_with_its_inputs(
    frameworks: FrameworkStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    with frameworks.open() as store:
        rows = query(store, "ai-use", occupation="15-1252.00")
    activity = next(r for r in rows if r["kind"] == "activity")
    monkeypatch.setenv("SKILLSCAPE_STORE", str(frameworks.settings.store_path))
    runner = CliRunner()
    shown = runner.invoke(app, ["trace", str(activity["statement"])], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    assert "iwa_metrics.csv" in shown.output and "row selector: row=" in shown.output
    with IWA.path.open(encoding="utf-8", newline="") as handle:
        (iwa_id,) = [r["IWA"] for r in csv.DictReader(handle) if r["title"] == activity["subject_label"]]
    cells = {tuple(line.split(maxsplit=1)) for line in shown.output.splitlines() if line.startswith("  ")}
    assert ("IWA", iwa_id) in cells  # the row's cells are shown, column by column
    derived = iri.durable_skill_score("15-1252.00", "Fortitude").value
    shown = runner.invoke(app, ["trace", derived], env={"COLUMNS": "400"})
    assert shown.exit_code == 0, shown.output
    assert "algorithm: durable-skill-profile 1.0" in shown.output
    sha = hashlib.sha256(MAPPING.path.read_bytes()).hexdigest()
    assert f"sha256 {sha}" in shown.output
    assert "graph/onet-30-1" in shown.output and "evidence: " in shown.output


def test_the_api_serves_ai_use_and_durable_skills_over_http(frameworks: FrameworkStore) -> None:
    with frameworks.open() as store:
        expected = {q: query(store, q, occupation="15-1252.00") for q in ("ai-use", "durable-skills")}
    with live_api(frameworks.settings) as api, httpx.Client(base_url=api.url, timeout=30) as client:
        for name, rows in expected.items():
            response = client.get(f"/occupations/15-1252.00/{name}", params={"limit": 10_000})
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["rows"] == rows and body["total"] == len(rows) > 0
            assert {"kind", "statement"} <= set(body["columns"])
        profile = client.get("/occupations/15-1252.00").json()
        assert client.get(profile["links"]["durable-skills"]).status_code == 200
        assert client.get("/occupations/99-9999.99/durable-skills").status_code == 404
