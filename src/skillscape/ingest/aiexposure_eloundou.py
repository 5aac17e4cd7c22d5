"""Eloundou, Manning, Mishkin, Rock, "GPTs are GPTs" (Science, 2024): exposure of occupations
and of their O*NET tasks to large language models.

Two files of the authors' repository, each its own source:

``occ_level.csv`` (kind ``eloundou-occupation-exposure``)
    one row per O*NET-SOC occupation; every ``dv_rating_*`` (GPT-4 rating) and
    ``human_rating_*`` (annotators) column is an occupation-level exposure score, 0–1, with
    ``_alpha = E1``, ``_beta = E1 + .5*E2``, ``_gamma = E1 + E2`` (the repository's README).
    Each becomes one ss:AIExposureAssessment of the occupation.

``full_labelset.tsv`` (kind ``eloundou-task-exposure``)
    one row per O*NET task (a leading unnamed index column; Task ID written as a float,
    ``8823.0``). The E0/E1/E2 label columns ``human_exposure_agg`` (annotators) and
    ``gpt4_exposure`` (GPT-4), the two ratings ``occ_level.csv`` aggregates, each become one
    assessment of the task, scored by the paper's β convention (E0 = 0, E1 = 1, E2 = 0.5),
    the label kept as ``ss:stringValue``.
    The task is the O*NET task with the same O*NET-SOC code and Task ID in the release of
    ``options.onet``; a task that release lacks is kept as the ss:Task this row states (its
    text, code and Task ID) and noted as an ``info`` ss:IngestIssue. Not mapped:
    ``human_labels`` (the same labels as ``human_exposure_agg``), ``alpha``/``beta``/``gamma``
    (``gpt4_exposure`` restated as numbers), ``gpt4_exposure_alt_rubric`` (GPT-4 under the
    paper's alternative rubric, a robustness check that ``occ_level.csv`` does not use),
    ``gpt_3_relevant`` and the T0–T4 automation labels ``gpt4_automation``/``automation``,
    which are not exposure scores.

An occupation code absent from the release is a ``warning`` ss:IngestIssue and its row
yields no assessment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
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
    task_id,
)
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SS

TITLE = "Title"
TASK_ID = "Task ID"
TASK = "Task"
TASK_TYPE = "Task Type"

RATERS = {"dv_rating": "GPT-4's", "human_rating": "Human annotators'"}
AGGREGATES = {"alpha": ("α", "E1"), "beta": ("β", "E1 + 0.5·E2"), "gamma": ("γ", "E1 + E2")}
OCCUPATION_MEASURES = tuple(f"{rater}_{name}" for rater in RATERS for name in AGGREGATES)

LABEL_COLUMNS = {
    "human_exposure_agg": "Human annotators' label (aggregated over annotators)",
    "gpt4_exposure": "GPT-4's label",
}
LABEL_SCORES = {"E0": Decimal("0"), "E1": Decimal("1"), "E2": Decimal("0.5")}
_SCORE_LITERALS = {label: literal(score) for label, score in LABEL_SCORES.items()}
_STRING_VALUE = SS.stringValue

RUBRIC = (
    "exposure rubric of 'GPTs are GPTs' (Eloundou, Manning, Mishkin, Rock): E0 no exposure, "
    "E1 direct exposure to an LLM, E2 exposure through software built on an LLM"
)
ZERO, ONE = Decimal(0), Decimal(1)


def _occupation_method(rater: str, aggregate: str) -> str:
    symbol, formula = AGGREGATES[aggregate]
    return (
        f"{RATERS[rater]} ratings of the occupation's O*NET tasks on the {RUBRIC}, aggregated to "
        f"the occupation by the authors as {symbol} = {formula} (occ_level.csv, column "
        f"{rater}_{aggregate}; the repository's README: 'dv_rating is the GPT-4 rating and human "
        "is from the annotators; _alpha=E1, _beta = E1+.5*E2, _gamma=E1+E2')."
    )


def _task_method(column: str, release: str) -> str:
    return (
        f"{LABEL_COLUMNS[column]} of the task on the {RUBRIC} (full_labelset.tsv, column {column}), "
        "scored by the paper's β convention (β = E1 + 0.5·E2): E0 = 0, E1 = 1, E2 = 0.5; the "
        f"label itself is ss:stringValue. The task is the O*NET {release} task with the same "
        "O*NET-SOC code and Task ID (written as a float, e.g. 8823.0, in the file); where that "
        "release lacks it, the task as the row states it."
    )


class EloundouOccupationAdapter(OnetPinningAdapter):
    """``occ_level.csv``: occupation-level exposure scores."""

    kind: ClassVar[str] = "eloundou-occupation-exposure"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry)
        table = Table.open(entry.path, (ONET_CODE, TITLE), ",")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        measures = _occupation_measures(emit, table)
        occupations = Occupations(emit, reference)
        for row in table.rows():
            _occupation_row(emit, row, reference, occupations, measures)
            yield from drain(emit)
        yield from drain(emit)


def _occupation_measures(emit: Emitter, table: Table) -> list[Measure]:
    scales = {
        name: measurement_scale(
            emit,
            f"gpts-are-gpts-occupation-{name}",
            f"GPTs are GPTs occupation exposure {symbol} = {formula} (0–1)",
            ZERO,
            ONE,
        )
        for name, (symbol, formula) in AGGREGATES.items()
    }
    measures = []
    for column in OCCUPATION_MEASURES:
        if column in table.header:
            rater, aggregate = column.rsplit("_", 1)
            measures.append(
                Measure.make(column, scales[aggregate], ZERO, ONE, _occupation_method(rater, aggregate))
            )
    if not measures:
        raise table.document.error(0, f"no exposure column ({', '.join(OCCUPATION_MEASURES)}) in the header")
    return measures


def _occupation_row(
    emit: Emitter, row: Row, reference: OnetReference, occupations: Occupations, measures: list[Measure]
) -> None:
    code = row.occupation_code(ONET_CODE)
    if not reference.has_occupation(code):
        ingest_issue(
            emit,
            f"row-{row.number}",
            row,
            f"O*NET-SOC code {code} is not an occupation of O*NET {reference.release}: "
            "its exposure scores are not attached",
            column=ONET_CODE,
        )
        return
    occupation = occupations(code, row[TITLE])
    passage = emit.row_passage(row.number)
    for measure in measures:
        if row[measure.name].strip():
            score = row.decimal(measure.name, measure.low, measure.high)
            assessment(emit, f"{code}/{measure.name}", passage, measure, score, occupation)


class EloundouTaskAdapter(OnetPinningAdapter):
    """``full_labelset.tsv``: task-level E0/E1/E2 labels."""

    kind: ClassVar[str] = "eloundou-task-exposure"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry, tasks=True)
        table = Table.open(entry.path, (ONET_CODE, TASK_ID, TASK, *LABEL_COLUMNS), "\t")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        scale = measurement_scale(
            emit,
            "gpts-are-gpts-task-exposure",
            "GPTs are GPTs task exposure, β convention: E0 = 0, E1 = 1, E2 = 0.5 (0–1)",
            ZERO,
            ONE,
        )
        measures = [
            Measure.make(column, scale, ZERO, ONE, _task_method(column, reference.release))
            for column in LABEL_COLUMNS
        ]
        labels = {label: literal(label) for label in LABEL_SCORES}
        occupations = Occupations(emit, reference)
        for row in table.rows():
            _task_row(emit, row, reference, occupations, measures, labels)
            yield from drain(emit)
        yield from drain(emit)


def _task_row(
    emit: Emitter,
    row: Row,
    reference: OnetReference,
    occupations: Occupations,
    measures: list[Measure],
    labels: dict[str, ox.Literal],
) -> None:
    code = row.occupation_code(ONET_CODE)
    number = task_id(row, TASK_ID)
    if not reference.has_occupation(code):
        ingest_issue(
            emit,
            f"row-{row.number}",
            row,
            f"O*NET-SOC code {code} (Task ID {number}) is not an occupation of O*NET "
            f"{reference.release}: the task's exposure labels are not attached",
            column=ONET_CODE,
        )
        return
    occupation = occupations(code)
    passage = emit.row_passage(row.number)
    task = _task(emit, row, reference, code, number, occupation, passage)
    for measure in measures:
        label = row[measure.name].strip()
        if label not in LABEL_SCORES:
            raise row.error(measure.name, f"expected an exposure label E0, E1 or E2, found {label!r}")
        node = assessment(
            emit, f"task/{number}/{measure.name}", passage, measure, _SCORE_LITERALS[label], occupation, task
        )
        emit.add(node, _STRING_VALUE, labels[label])


def _task(
    emit: Emitter,
    row: Row,
    reference: OnetReference,
    code: str,
    number: int,
    occupation: ox.NamedNode,
    passage: ox.NamedNode,
) -> ox.NamedNode:
    """The release's task with this code and Task ID, else the task as this row states it."""
    if reference.has_task(code, number):
        return iri.onet_task(reference.release, number)
    text = row[TASK].strip()
    if not text:
        raise row.error(TASK, "the task text is empty")
    node = emit.statement(SS.Task, f"task/{number}", passage=passage)
    emit.value(node, SS.text, text)
    emit.add(node, SS.occupation, occupation)
    emit.value(node, DCT.identifier, str(number))
    emit.value(node, SS.taskType, row.values.get(TASK_TYPE, "").strip() or None)
    ingest_issue(
        emit,
        f"row-{row.number}",
        row,
        f"Task ID {number} of {code} is not a task of O*NET {reference.release}: "
        "the assessments name the task as this row states it",
        severity="info",
        column=TASK_ID,
    )
    return node
