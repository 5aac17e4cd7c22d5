"""Validation speed on synthetic graphs shaped like ours, written by the real Emitter.

Each synthetic occupation has a framework-like text document (tasks, durable-skill
statements by level and domain, AI-use statements, AI-exposure assessments of its tasks on
a 0-100 scale) and rows in a shared tabular release (rated descriptors, one row passage
each). Every statement carries the full provenance pattern. A few violations are planted
(tasks without an occupation, scores outside the scale) so that the number found can be
checked against the number planted.

    .venv/bin/python benchmarks/validate.py [--sizes 100000 1000000] [--pyshacl-max 150000]

Prints a table; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Emitter
from skillscape.model import iri
from skillscape.model.namespaces import SS
from skillscape.resources import ontology_path
from skillscape.store.oxigraph import OxigraphStore
from skillscape.validate import validate_store, validate_with_pyshacl
from skillscape.validate.engine import ONTOLOGY_GRAPH, compiled_checks, run_check

READ_AT = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
LEVELS = ("Emerging", "Developing", "Proficient", "Advanced")
DOMAINS = ("Communication", "Leadership", "Metacognition", "Critical Thinking", "Collaboration")
TASKS, STATEMENTS_PER_LEVEL, AI_USES, RATINGS = 20, 6, 4, 30
BAD_TASK_EVERY, BAD_SCORE_EVERY = 97, 211


@dataclass
class Planted:
    tasks_without_occupation: int = 0
    scores_out_of_scale: int = 0

    @property
    def total(self) -> int:
        return self.tasks_without_occupation + self.scores_out_of_scale


def occupation_code(index: int) -> str:
    return f"{11 + index // 9000:02d}-{1000 + index % 9000:04d}.00"


def framework_text(index: int) -> str:
    lines = [f"Occupation {index}", f"SOC {occupation_code(index)}", "Tasks"]
    lines += [f"{t + 1}. Perform duty {t} of occupation {index} with care." for t in range(TASKS)]
    for level in LEVELS:
        lines.append(level)
        for domain, s in itertools.product(DOMAINS[:2], range(STATEMENTS_PER_LEVEL // 2)):
            lines.append(f"- {domain}: at {level.lower()} level, statement {s} for occupation {index}.")
    lines.append("AI use")
    lines += [f"- {level}: uses an AI assistant for routine item {index}." for level in LEVELS[:AI_USES]]
    lines.append("Exposure")
    lines += [f"Task {t + 1} scored {40 + (index + t) % 60} of 100" for t in range(TASKS)]
    return "\n".join(lines) + "\n"


def framework_quads(index: int, planted: Planted, counter: Iterator[int]) -> list[ox.Quad]:
    document = Document.from_bytes(f"framework-{index}.txt", framework_text(index).encode())
    graph = iri.source_graph(f"framework-{index}")
    emit = Emitter(document, graph, "synthetic-framework", read_at=READ_AT, title=f"Framework {index}")
    occupation = emit.occupation(occupation_code(index), f"Occupation {index}")
    cited = emit.cited_source("O*NET v30.2", publisher="O*NET Resource Center")
    scale = emit.concept(iri.proficiency_scale("Durable skills"), SS.ProficiencyScale, "Durable skills")
    levels = {}
    for rank, name in enumerate(LEVELS, start=1):
        levels[name] = emit.concept(
            iri.proficiency_level("Durable skills", name), SS.ProficiencyLevel, name, scheme=scale
        )
        emit.value(levels[name], SS.rank, rank)
    domains = {d: emit.concept(iri.skill_domain(d), SS.SkillDomain, d) for d in DOMAINS}
    exposure = emit.concept(iri.measurement_scale("0-100"), SS.MeasurementScale, "0-100")
    emit.value(exposure, SS.minValue, 0)
    emit.value(exposure, SS.maxValue, 100)
    tasks = []
    for t in range(TASKS):
        text = f"Perform duty {t} of occupation {index} with care."
        task = emit.statement(SS.Task, f"task-{t}", emit.span_of(text))
        emit.value(task, SS.text, text)
        if next(counter) % BAD_TASK_EVERY == 0:
            planted.tasks_without_occupation += 1
        else:
            emit.add(task, SS.occupation, occupation)
        tasks.append(task)
    for level, domain, s in itertools.product(LEVELS, DOMAINS[:2], range(STATEMENTS_PER_LEVEL // 2)):
        text = f"{domain}: at {level.lower()} level, statement {s} for occupation {index}."
        node = emit.statement(
            SS.DurableSkillStatement, f"{level}-{domain}-{s}", emit.span_of(text), cites=[cited]
        )
        emit.add(node, SS.level, levels[level])
        emit.add(node, SS.domain, domains[domain])
        emit.add(node, SS.occupation, occupation)
        emit.value(node, SS.text, text)
    for level in LEVELS[:AI_USES]:
        text = f"uses an AI assistant for routine item {index}."
        node = emit.statement(SS.AIUseStatement, f"ai-{level}", emit.span_of(f"- {level}: {text}"))
        emit.add(node, SS.level, levels[level])
        emit.add(node, SS.occupation, occupation)
        emit.value(node, SS.text, text)
    for t, task in enumerate(tasks):
        score = 40 + (index + t) % 60
        line = f"Task {t + 1} scored {score} of 100"
        node = emit.statement(SS.AIExposureAssessment, f"exposure-{t}", emit.span_of(line))
        emit.add(node, SS.assessedTask, task)
        emit.add(node, SS.scale, exposure)
        if next(counter) % BAD_SCORE_EVERY == 0:
            planted.scores_out_of_scale += 1
            score += 100
        emit.value(node, SS.score, score)
    return emit.quads


def ratings_quads(occupations: int) -> list[ox.Quad]:
    """One tabular release with RATINGS rated skills per occupation, one row passage each."""
    rows = ["O*NET-SOC Code,Element ID,Element Name,Scale ID,Data Value"]
    for index, r in itertools.product(range(occupations), range(RATINGS)):
        rows.append(f"{occupation_code(index)},2.A.{r},Skill {r},IM,{1 + (index + r) % 40 / 10}")
    document = Document.from_bytes("ratings.csv", ("\n".join(rows) + "\n").encode(), "text/csv")
    emit = Emitter(
        document, iri.source_graph("ratings"), "synthetic-ratings", read_at=READ_AT, keep_content=False
    )
    importance = emit.concept(iri.measurement_scale("Importance"), SS.MeasurementScale, "Importance")
    emit.value(importance, SS.minValue, 1)
    emit.value(importance, SS.maxValue, 5)
    skills = {
        r: emit.concept(
            iri.descriptor("skill", f"Skill {r}"), SS.OnetSkill, f"Skill {r}", notation=f"2.A.{r}"
        )
        for r in range(RATINGS)
    }
    occupations_seen: dict[int, ox.NamedNode] = {}
    for row, (index, r) in enumerate(itertools.product(range(occupations), range(RATINGS)), start=1):
        occupation = occupations_seen.get(index) or emit.occupation(occupation_code(index))
        occupations_seen[index] = occupation
        node = emit.statement(SS.Rating, f"row-{row}", passage=emit.row_passage(row))
        emit.add(node, SS.occupation, occupation)
        emit.add(node, SS.descriptor, skills[r])
        emit.add(node, SS.scale, importance)
        emit.value(node, SS.dataValue, 1 + (index + r) % 40 / 10)
    return emit.quads


def generate(occupations: int) -> tuple[list[ox.Quad], Planted]:
    planted = Planted()
    counter = itertools.count(1)
    quads: list[ox.Quad] = []
    for index in range(occupations):
        quads.extend(framework_quads(index, planted, counter))
    quads.extend(ratings_quads(occupations))
    return quads, planted


def quads_per_occupation() -> float:
    sample, _ = generate(10)
    return len(sample) / 10


@dataclass
class Row:
    triples: int
    engine: str
    scope: str
    seconds: float
    found: int
    planted: int


def measure(size: int, workdir: Path, pyshacl_max: int) -> list[Row]:
    occupations = max(1, round(size / quads_per_occupation()))
    quads, planted = generate(occupations)
    store = OxigraphStore(workdir / f"store-{size}")
    store.load_file(str(ontology_path()), ox.RdfFormat.TURTLE, ONTOLOGY_GRAPH)
    store.load(quads)
    store.optimize()
    triples = store.quad_count()
    rows = []
    compiled_checks()  # compile once, outside the timings
    started = time.perf_counter()
    report = validate_store(store)
    rows.append(
        Row(
            triples,
            "sparql (oxigraph, on disk)",
            "all graphs",
            time.perf_counter() - started,
            len(report.violations),
            planted.total,
        )
    )
    one = [iri.source_graph("framework-0"), ONTOLOGY_GRAPH]
    started = time.perf_counter()
    subset = validate_store(store, graphs=one)
    seconds = time.perf_counter() - started
    rows.append(
        Row(triples, "sparql (oxigraph, on disk)", "1 graph + ontology", seconds, len(subset.violations), -1)
    )
    slowest = sorted(((_time(store, check), check) for check in compiled_checks()), key=lambda x: -x[0])[:5]
    if triples <= pyshacl_max:
        started = time.perf_counter()
        reference = validate_with_pyshacl(store)
        rows.append(
            Row(
                triples,
                "pyshacl (rdflib, in memory)",
                "all graphs",
                time.perf_counter() - started,
                len(reference.violations),
                planted.total,
            )
        )
        assert reference.keys() == report.keys(), "the engines disagree"
    store.close()
    print(f"\n{occupations} occupations, {triples:,} quads; slowest compiled checks:")
    for seconds, check in slowest:
        print(f"  {seconds:6.3f} s  {check.kind:6} {check.shape.name.rpartition('#')[2]}")
    return rows


def _time(store: OxigraphStore, check: object) -> float:
    started = time.perf_counter()
    list(run_check(store, check))  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--pyshacl-max", type=int, default=150_000, help="run pySHACL up to this many quads")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="skillscape-bench-") as folder:
        for size in args.sizes:
            rows.extend(measure(size, Path(folder), args.pyshacl_max))
    print(f"\n{'quads':>10}  {'engine':<28} {'scope':<20} {'seconds':>8}  {'found':>6}  {'planted':>7}")
    for row in rows:
        planted = str(row.planted) if row.planted >= 0 else "-"
        head = f"{row.triples:>10,}  {row.engine:<28} {row.scope:<20}"
        print(f"{head} {row.seconds:>8.2f}  {row.found:>6}  {planted:>7}")


if __name__ == "__main__":
    main()
