"""The command line, run as a user runs it: the installed `skillscape` script in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from skillscape.settings import Settings
from tests import seed_documents as docs

SCRIPT = Path(sys.executable).with_name("skillscape")


def cli(settings: Settings, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SKILLSCAPE_STORE": str(settings.store_path),
        "SKILLSCAPE_SOURCES_MANIFEST": str(settings.manifest_path),
        "COLUMNS": "200",
    }
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_query_progression_as_json(seed_settings: Settings) -> None:
    result = cli(
        seed_settings, "query", "progression", "--param", "occupation=25-4031.00", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert list(rows[0]) == [
        "scale", "domain", "level", "rank", "statement", "text", "citations", "required_level", "importance"
    ]  # fmt: skip
    expected = sum(docs.proficiency_items_per_level().values()) + sum(
        docs.durable_items_per_domain().values()
    )
    assert len(rows) == expected


def test_query_ai_use_as_csv(seed_settings: Settings) -> None:
    result = cli(seed_settings, "query", "ai-use", "-p", "occupation=25-4031", "--format", "csv", check=True)
    lines = result.stdout.strip().splitlines()
    # the contract columns first, then what the measured figures add
    contract = "level,rank,title,text,statement,citations"
    assert lines[0] == contract + ",kind,measure,figure,subject,subject_label,dataset,method"
    assert len(lines) == 1 + len(docs.ai_use_items())


def test_a_select_star_file_answers_its_columns_in_the_querys_order(
    seed_settings: Settings, tmp_path: Path
) -> None:
    query = tmp_path / "tasks.rq"
    query.write_text(
        "PREFIX ss: <https://w3id.org/skillscape/ontology#>\n"
        "SELECT * WHERE { ?task a ss:Task ; ss:text ?text ; ss:occupation ?occupation } LIMIT 2\n",
        encoding="utf-8",
    )
    result = cli(seed_settings, "query", str(query), "--format", "csv", check=True)
    assert result.stdout.splitlines()[0] == "task,text,occupation"


def test_unknown_query_and_bad_parameter_are_errors(seed_settings: Settings) -> None:
    unknown = cli(seed_settings, "query", "progresion")
    assert unknown.returncode == 2 and "progression" in unknown.stderr
    bad = cli(seed_settings, "query", "progression", "--param", "occupation=librarian")
    assert bad.returncode == 2 and "O*NET-SOC" in bad.stderr


def test_validate_conforms_and_fails_without_provenance(seed_settings: Settings, tmp_path: Path) -> None:
    assert cli(seed_settings, "validate").returncode == 0
    export = tmp_path / "graph.nq"
    cli(seed_settings, "export", "--format", "nq", "--output", str(export), check=True)
    assert cli(seed_settings, "validate", "--data", str(export)).returncode == 0
    stripped = tmp_path / "stripped.nq"
    derived = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
    with export.open(encoding="utf-8") as source, stripped.open("w", encoding="utf-8") as target:
        target.writelines(line for line in source if derived not in line)
    report = tmp_path / "report.ttl"
    result = cli(seed_settings, "validate", "--data", str(stripped), "--report", str(report))
    assert result.returncode == 1, result.stdout + result.stderr
    shapes_report = list(ox.parse(path=str(report), format=ox.RdfFormat.TURTLE))
    # a statement with neither a passage nor a derivation activity fails shapes:Statement's sh:or
    assert any(t.object.value.endswith("#OrConstraintComponent") for t in shapes_report)
    assert cli(seed_settings, "validate", "--data", str(tmp_path / "absent.ttl")).returncode == 2


def test_every_exported_passage_quotes_its_document_exactly(seed_settings: Settings, tmp_path: Path) -> None:
    export = tmp_path / "graph.trig"
    cli(seed_settings, "export", "--format", "trig", "--output", str(export), check=True)
    store = ox.Store()
    store.load(path=str(export), format=ox.RdfFormat.TRIG)
    rows = store.query(
        "PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT ?name ?exact ?start ?end WHERE { ?p oa:hasSource/dct:identifier ?name ; "
        "oa:hasSelector ?q , ?s . ?q oa:exact ?exact . ?s oa:start ?start ; oa:end ?end }",
        use_default_graph_as_union=True,
    )
    checked = 0
    texts = {p.name: p.read_text(encoding="utf-8") for p in docs.SEEDS.glob("*.txt")}
    for row in rows:
        text = texts[row["name"].value]
        assert text[int(row["start"].value) : int(row["end"].value)] == row["exact"].value
        checked += 1
    assert checked > 300


def test_audit_reports_what_documents_declare_against_what_they_list(seed_settings: Settings) -> None:
    result = cli(seed_settings, "audit", "--format", "json")
    assert result.returncode == 0, result.stderr  # findings are warnings, not errors
    findings = json.loads(result.stdout)
    messages = " ".join(f["message"] for f in findings)
    declared, listed = docs.declared_durable_totals(), docs.durable_items_per_domain()
    for domain in declared:
        mentioned = f"{domain}: declares {declared[domain]} " in messages
        assert mentioned == (declared[domain] != listed[domain]), domain
    assert "Acupuncturists" in messages
    assert "declares 6 Product" in messages and "lists 4" in messages


def test_audit_filters_and_its_summary_line_come_first(seed_settings: Settings) -> None:
    every = json.loads(cli(seed_settings, "audit", "--format", "json", check=True).stdout)
    table = cli(seed_settings, "audit", check=True).stdout.splitlines()
    warnings = sum(f["severity"] == "warning" for f in every)
    assert table[0].startswith(f"{len(every)} findings: 0 errors, {warnings} warnings")  # the summary first
    assert len(table) == len(every) + 1
    result = cli(
        seed_settings, "audit", "--severity", "warning", "--check", "declared-count-mismatch", "-f", "json"
    )
    kept = json.loads(result.stdout)
    assert kept == [f for f in every if f["check"] == "declared-count-mismatch" and f["severity"] != "info"]
    assert result.stderr.startswith(f"{len(kept)} findings")  # json stays clean: the summary is on stderr
    some = every[0]["document"]
    by_document = json.loads(
        cli(seed_settings, "audit", "--document", some[:7], "-f", "json", check=True).stdout
    )
    assert by_document == [f for f in every if some[:7] in f["document"]]
    assert not json.loads(cli(seed_settings, "audit", "--severity", "error", "-f", "json", check=True).stdout)
    unknown = cli(seed_settings, "audit", "--check", "no-such-check")
    assert unknown.returncode == 2 and "declared-count-mismatch" in unknown.stderr


def test_trace_shows_the_quote_and_the_cited_sources(seed_settings: Settings) -> None:
    rows = json.loads(
        cli(seed_settings, "query", "ai-use", "-p", "occupation=25-4031.00", "-f", "json", check=True).stdout
    )
    statement = rows[0]["statement"]
    result = cli(seed_settings, "trace", statement, check=True)
    assert rows[0]["text"][:40] in result.stdout
    assert "003_d788aa4af6d7dd5f.txt" in result.stdout
    for citation in rows[0]["citations"].split(" | "):
        assert citation[:30] in result.stdout


@pytest.mark.parametrize("fmt", ["nt", "ttl", "trig", "jsonld"])
def test_export_formats_parse(seed_settings: Settings, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"graph.{fmt}"
    cli(seed_settings, "export", "--format", fmt, "--output", str(output), check=True)
    if fmt == "jsonld":
        assert json.loads(output.read_text(encoding="utf-8"))
        return
    parsed = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG}[fmt]
    assert sum(1 for _ in ox.parse(path=str(output), format=parsed)) > 1000


def test_build_prints_its_progress_line_by_line_when_piped(fresh_settings: Settings, tmp_path: Path) -> None:
    """`make run | tee` printed nothing for minutes: without a terminal, each step is a line."""
    from tests.conftest import seed_manifest

    manifest = seed_manifest(tmp_path)
    result = cli(fresh_settings, "build", "--manifest", str(manifest), check=True)
    steps = [line for line in result.stdout.splitlines() if re.match(r"^\[\s*\d+\.\d s\] ", line)]
    assert steps[0].endswith("] building")
    assert any("validating" in step for step in steps)
    assert any("stored the whole-graph answers" in step for step in steps)
    assert len(steps) >= 8  # one line per source read, at least


def _files(folder: Path) -> list[tuple[str, int, int]]:
    """Every file and folder under ``folder``, with its size and time of last change."""
    return sorted(
        (str(path.relative_to(folder)), path.lstat().st_size, path.lstat().st_mtime_ns)
        for path in folder.rglob("*")
    )


def test_build_dry_run_prints_the_plan_of_every_source_and_changes_nothing(
    fresh_settings: Settings, tmp_path: Path
) -> None:
    from skillscape.build import build
    from tests.conftest import seed_entries, seed_manifest

    manifest = seed_manifest(tmp_path)
    entries = seed_entries()
    build(fresh_settings, entries=entries[:-1])  # published without the last source
    before = _files(tmp_path)
    result = cli(fresh_settings, "build", "--manifest", str(manifest), "--dry-run", check=True)
    assert _files(tmp_path) == before
    steps = {line.split()[0]: line.split()[1] for line in result.stdout.splitlines() if line.strip()}
    assert {entry.id: steps.get(entry.id) for entry in entries} == {
        **{entry.id: "reuse" for entry in entries[:-1]},
        entries[-1].id: "read",
    }
    assert steps["start"] == "copy"
