"""Anthropic Economic Index, release 2025-03-27 (Claude 3.7 Sonnet data): how conversations
with Claude spread over O*NET tasks, and how they collaborate on each task.

The source is the release's folder (kind ``anthropic-economic-index-tasks``); each file is
its own ss:SourceDocument in the source's graph (a ``.gz`` file is read decompressed):

``task_pct_v2.csv``
    ``task_name`` (lower-cased O*NET task text), ``pct``: the task's share of conversations,
    in percent (the README: "Percentage of task prevalence in dataset").
``automation_vs_augmentation_by_task.csv``
    ``task_name`` and the share (0–1) of the task's conversations in each collaboration
    pattern: ``directive`` and ``feedback_loop`` (automation), ``validation``,
    ``task_iteration`` and ``learning`` (augmentation), ``filtered`` (excluded). Besides one
    assessment per column, each row yields two derived ones, ``automation`` (directive +
    feedback_loop) and ``augmentation`` (validation + task_iteration + learning), derived from
    that same row and named so in ``ss:method``.
``onet_task_statements.csv``
    O*NET 20.1 task statements (O*NET-SOC 2010 codes): the join from task text to codes and
    Task IDs. Several occupations can share a task text; the text's figure then goes to each.

For each (code, Task ID) a task text joins to: the O*NET task of the release in
``options.onet`` with the same code and Task ID; otherwise, when the code is an occupation of
that release, the occupation and the O*NET 20.1 task statement as that file states it;
otherwise nothing, and the row gets a ``warning`` ss:IngestIssue naming the codes. A task text
that joins to no statement (the ``none`` row) is an ss:IngestIssue too. No occupation-level
aggregate is computed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import (
    ONET_CODE,
    Measure,
    Occupations,
    OnetPinningAdapter,
    OnetReference,
    Row,
    Table,
    assessment,
    drain,
    ingest_issue,
    measurement_scale,
    onet_reference,
    percent,
    task_id,
)
from skillscape.ingest.document import SourceError
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import DCT, RDF, SS

TASK_PCT = "task_pct_v2.csv"
COLLABORATION = "automation_vs_augmentation_by_task.csv"
STATEMENTS = "onet_task_statements.csv"
TASK_NAME = "task_name"
PCT = "pct"
AUTOMATION = ("directive", "feedback_loop")
AUGMENTATION = ("validation", "task_iteration", "learning")
PATTERNS = (*AUTOMATION, *AUGMENTATION, "filtered")
ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)

DATASET = "Anthropic Economic Index, release 2025-03-27, Claude 3.7 Sonnet data"

#: what each collaboration share says, in plain words: the five patterns are also
#: ss:ObservedAIUseStatements ("{share}" is the share as a percentage)
AI_USE_WORDING = {
    "directive": (
        "In {share} of observed conversations with Claude about this task, people asked the AI to do "
        "it outright, with minimal back-and-forth (directive)."
    ),
    "feedback_loop": (
        "In {share} of observed conversations with Claude about this task, people had the AI carry "
        "it out and fed back results, such as errors, until it was done (feedback loop)."
    ),
    "task_iteration": (
        "In {share} of observed conversations with Claude about this task, people worked on it "
        "together with the AI, refining the result over several turns (task iteration)."
    ),
    "validation": (
        "In {share} of observed conversations with Claude about this task, people asked the AI to "
        "check or improve work they had done themselves (validation)."
    ),
    "learning": (
        "In {share} of observed conversations with Claude about this task, people asked the AI to "
        "explain or teach, to learn to do it themselves (learning)."
    ),
}


def _join(release: str) -> str:
    return (
        "Keyed by lower-cased O*NET task text and joined to O*NET-SOC codes and Task IDs through "
        "onet_task_statements.csv (O*NET 20.1); the figure belongs to the task text as a whole and "
        "is repeated for every occupation whose task has that text. Attached to the O*NET "
        f"{release} task with the same code and Task ID, else to the occupation and its O*NET 20.1 "
        "task statement."
    )


def _pct_method(release: str) -> str:
    return (
        f"Share of conversations with Claude classified to the task, in percent of all conversations "
        f"({DATASET}, task_pct_v2.csv, column pct). " + _join(release)
    )


def _pattern_method(column: str, release: str) -> str:
    kind = "automation" if column in AUTOMATION else "augmentation" if column in AUGMENTATION else "excluded"
    return (
        f"Share (0–1) of the task's conversations showing the {column} collaboration pattern ({kind}) "
        f"({DATASET}, automation_vs_augmentation_by_task.csv, column {column}). " + _join(release)
    )


def _sum_method(name: str, columns: tuple[str, ...], release: str) -> str:
    return (
        f"Derived: the sum of the {' + '.join(columns)} shares of the task's row in "
        f"automation_vs_augmentation_by_task.csv ({DATASET}), the {name} patterns of its data "
        "dictionary; a share 0–1 of the task's conversations. " + _join(release)
    )


@dataclass(frozen=True)
class Statement:
    """A row of onet_task_statements.csv."""

    row: Row
    code: str
    task_id: int
    text: str


@dataclass(frozen=True)
class Target:
    """Where a figure of a task text goes: an occupation and (the node of) its task."""

    code: str
    task_id: int
    occupation: ox.NamedNode
    task: ox.NamedNode


class Join:
    """Task text → targets, emitting an O*NET 20.1 task statement where the release lacks the task."""

    def __init__(self, table: Table, emit: Emitter, reference: OnetReference) -> None:
        self._emit = emit
        self._reference = reference
        self.release = reference.release
        self._occupations = Occupations(emit, reference)
        self._tasks: dict[tuple[str, int], ox.NamedNode] = {}
        self.by_text: dict[str, list[Statement]] = defaultdict(list)
        for row in table.rows():
            text = row["Task"].strip()
            statement = Statement(row, row.occupation_code(ONET_CODE), task_id(row, "Task ID"), text)
            self.by_text[text.lower()].append(statement)

    def targets(
        self, statements: list[Statement], occupations: Occupations
    ) -> tuple[list[Target], list[Statement]]:
        """The targets of the statements, and the statements whose code the release lacks."""
        found: list[Target] = []
        missing: list[Statement] = []
        for statement in statements:
            code, number = statement.code, statement.task_id
            if self._reference.has_task(code, number):
                task = iri.onet_task(self._reference.release, number)
            elif self._reference.has_occupation(code):
                task = self._statement_task(statement)
            else:
                missing.append(statement)
                continue
            found.append(Target(code, number, occupations(code), task))
        return found, missing

    def _statement_task(self, statement: Statement) -> ox.NamedNode:
        key = (statement.code, statement.task_id)
        node = self._tasks.get(key)
        if node is None:
            emit = self._emit
            node = emit.statement(
                SS.Task,
                f"task/{statement.code}/{statement.task_id}",
                passage=emit.row_passage(statement.row.number),
            )
            emit.value(node, SS.text, statement.text)
            emit.add(node, SS.occupation, self._occupations(statement.code))
            emit.value(node, DCT.identifier, str(statement.task_id))
            emit.value(node, SS.taskType, statement.row.values.get("Task Type", "").strip() or None)
            self._tasks[key] = node
        return node


class AnthropicTasksAdapter(OnetPinningAdapter):
    """The Economic Index's task shares and collaboration patterns, joined to O*NET tasks."""

    kind: ClassVar[str] = "anthropic-economic-index-tasks"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        if not entry.path.is_dir():
            raise SourceError(entry.path, None, f"source {entry.id!r}: expected the release's folder")
        reference = onet_reference(entry, tasks=True)
        statements = Table.open(_member(entry.path, STATEMENTS), (ONET_CODE, "Task ID", "Task"), ",")
        join_emit = Emitter(statements.document, graph, self.kind, read_at=read_at, keep_content=False)
        join = Join(statements, join_emit, reference)
        for name, reader in ((TASK_PCT, _pct_measures), (COLLABORATION, _pattern_measures)):
            table = Table.open(_member(entry.path, name), (TASK_NAME,), ",")
            emit = Emitter(table.document, graph, self.kind, read_at=read_at, keep_content=False)
            measures, derived = reader(emit, table, reference.release)
            occupations = Occupations(emit, reference)
            for row in table.rows():
                _row(emit, table, row, join, occupations, measures, derived)
                yield from drain(emit)
                yield from drain(join_emit)
            yield from drain(emit)
        yield from drain(join_emit)


def _member(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    raise SourceError(folder / name, None, "file of the release not found (nor .gz)")


Derived = list[tuple[Measure, tuple[str, ...]]]


def _pct_measures(emit: Emitter, table: Table, release: str) -> tuple[list[Measure], Derived]:
    if PCT not in table.header:
        raise SourceError(table.path, 1, f"the header lacks the column {PCT!r}")
    scale = measurement_scale(
        emit,
        "aei-share-of-conversations-percent",
        "Anthropic Economic Index: share of conversations (%, 0–100)",
        ZERO,
        HUNDRED,
    )
    return [Measure.make(PCT, scale, ZERO, HUNDRED, _pct_method(release))], []


def _pattern_measures(emit: Emitter, table: Table, release: str) -> tuple[list[Measure], Derived]:
    missing = [column for column in PATTERNS if column not in table.header]
    if missing:
        raise SourceError(table.path, 1, f"the header lacks the column(s) {', '.join(missing)}")
    scale = measurement_scale(
        emit,
        "aei-share-of-task-conversations",
        "Anthropic Economic Index: share of a task's conversations (0–1)",
        ZERO,
        ONE,
    )
    measures = [
        Measure.make(column, scale, ZERO, ONE, _pattern_method(column, release)) for column in PATTERNS
    ]
    sums: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("automation", AUTOMATION),
        ("augmentation", AUGMENTATION),
    )
    derived = [
        (Measure.make(name, scale, ZERO, ONE, _sum_method(name, columns, release)), columns)
        for name, columns in sums
    ]
    return measures, derived


def _row(
    emit: Emitter,
    table: Table,
    row: Row,
    join: Join,
    occupations: Occupations,
    measures: list[Measure],
    derived: Derived,
) -> None:
    name = row[TASK_NAME].strip()
    scores = {m.name: row.decimal(m.name, m.low, m.high) for m in measures}
    sums = [(measure, sum((scores[c] for c in columns), ZERO)) for measure, columns in derived]
    statements = join.by_text.get(name.lower(), [])
    targets, missing = join.targets(statements, occupations)
    if not statements:
        _issue(
            emit,
            row,
            f"task text {name[:80]!r} matches no task of {STATEMENTS}: its figures are not attached",
        )
    elif missing:
        codes = ", ".join(f"{s.code} (Task ID {s.task_id})" for s in missing)
        _issue(
            emit,
            row,
            f"task text {name[:80]!r}: the O*NET 20.1 occupation(s) {codes} are not occupations of "
            f"O*NET {join.release}: its figures are not attached to them",
        )
    if not targets:
        return
    passage = emit.quoted_row_passage(row.number, table.cells(row))
    for target in targets:
        local = f"{target.code}/{target.task_id}"
        for measure in measures:
            node = assessment(
                emit,
                f"{measure.name}/{local}",
                passage,
                measure,
                scores[measure.name],
                target.occupation,
                target.task,
            )
            wording = AI_USE_WORDING.get(measure.name)
            if wording is not None:
                _ai_use(emit, node, wording, scores[measure.name])
        for measure, value in sums:
            if not measure.low <= value <= measure.high:
                raise row.error(None, f"the {measure.name} share {value} lies outside 0–1")
            assessment(
                emit, f"{measure.name}/{local}", passage, measure, value, target.occupation, target.task
            )


def _issue(emit: Emitter, row: Row, message: str) -> None:
    ingest_issue(emit, f"row-{row.number}", row, message, column=TASK_NAME)


def _ai_use(emit: Emitter, node: ox.NamedNode, wording: str, share: Decimal) -> None:
    """The collaboration share is also an AI-use figure: say what it means in plain words."""
    emit.add(node, RDF.type, SS.ObservedAIUseStatement)
    emit.value(node, SS.text, wording.format(share=percent(share)))
    emit.value(node, SS.dataset, DATASET)
