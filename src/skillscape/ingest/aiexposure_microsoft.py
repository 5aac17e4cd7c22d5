"""Microsoft "Working with AI" (Tomlinson, Jaffe, Wang, Counts, Suri, 2025, arXiv:2507.07935):
AI applicability scores by occupation, ``soc_ai_applicability_scores.csv``, and what people did
with Bing Copilot per intermediate work activity, ``iwa_metrics.csv`` (see
:class:`MicrosoftIwaMetricsAdapter`).

Columns ``SOC Code`` (6-digit SOC 2018, e.g. ``25-4031``), ``title`` (the SOC title) and
``ai_applicability_score`` (0–1). A SOC code is broader than (or equal to) an O*NET-SOC
occupation, so its score attaches to every O*NET-SOC occupation of the release in
``options.onet`` whose code starts with it (``25-4031`` → ``25-4031.00``; ``11-9199`` →
``11-9199.00``, ``.01``, ``.02`` …): one ss:AIExposureAssessment per occupation, all derived
from the same row. A SOC code that matches no occupation of the release is a ``warning``
ss:IngestIssue naming it. The SOC title is not an O*NET-SOC title, so it labels nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import (
    Measure,
    Occupations,
    OnetPinningAdapter,
    OnetReference,
    Row,
    Table,
    assessment,
    drain,
    ingest_issue,
    iwa_titles,
    measurement_scale,
    onet_reference,
    percent,
)
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import SS

SOC_CODE = "SOC Code"
TITLE = "title"
SCORE = "ai_applicability_score"
ZERO, ONE = Decimal(0), Decimal(1)


def method(release: str) -> str:
    return (
        "AI applicability score of 'Working with AI' (Tomlinson, Jaffe, Wang, Counts, Suri, 2025), "
        "computed by the authors from Microsoft Bing Copilot conversations mapped to O*NET "
        "intermediate work activities, as published per 6-digit SOC 2018 code "
        "(soc_ai_applicability_scores.csv, column ai_applicability_score). Attached to every O*NET-SOC "
        f"occupation of O*NET {release} whose code starts with the SOC code (e.g. 25-4031 → "
        "25-4031.00; 11-9199 → 11-9199.00, 11-9199.01 …); each such occupation carries the SOC "
        "code's score unchanged."
    )


class MicrosoftApplicabilityAdapter(OnetPinningAdapter):
    """``soc_ai_applicability_scores.csv``: one score per 6-digit SOC 2018 code."""

    kind: ClassVar[str] = "microsoft-ai-applicability"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry)
        table = Table.open(entry.path, (SOC_CODE, SCORE), ",")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        scale = measurement_scale(
            emit, "working-with-ai-applicability", "Working with AI: AI applicability score (0–1)", ZERO, ONE
        )
        measure = Measure.make(SCORE, scale, ZERO, ONE, method(reference.release))
        occupations = Occupations(emit, reference)
        for row in table.rows():
            _row(emit, row, reference, occupations, measure)
            yield from drain(emit)
        yield from drain(emit)


def _row(
    emit: Emitter, row: Row, reference: OnetReference, occupations: Occupations, measure: Measure
) -> None:
    soc = row[SOC_CODE].strip()
    if not iri.SOC_CODE.match(soc):
        raise row.error(SOC_CODE, f"{soc!r} is not a 6-digit SOC code (NN-NNNN)")
    score = row.decimal(SCORE, measure.low, measure.high)
    codes = reference.codes_under(soc)
    if not codes:
        title = row.values.get(TITLE, "").strip()
        named = f"SOC code {soc}" + (f" ({title})" if title else "")
        ingest_issue(
            emit,
            f"row-{row.number}",
            row,
            f"{named} matches no O*NET-SOC occupation of O*NET {reference.release}: "
            "its AI applicability score is not attached",
            column=SOC_CODE,
        )
        return
    passage = emit.row_passage(row.number)
    for code in codes:
        assessment(emit, f"{code}/{SCORE}", passage, measure, score, occupations(code))


# ---------------------------------------------------------------------- iwa_metrics.csv

IWA = "IWA"
IWA_DATASET = (
    "Working with AI (Tomlinson, Jaffe, Wang, Counts, Suri, 2025): Bing Copilot conversations, "
    "iwa_metrics.csv, microsoft/working-with-ai"
)
#: the columns read, what each measures, and how it reads in plain words ("{share}": a percentage)
IWA_MEASURES: dict[str, tuple[str, str]] = {
    "share_user": (
        "share of conversations whose user goal is this activity",
        "In {share} of the observed Bing Copilot conversations, people sought help with this activity "
        "(their goal in the conversation).",
    ),
    "share_ai": (
        "share of conversations in which the AI performs this activity",
        "In {share} of the observed Bing Copilot conversations, the AI itself performed this activity.",
    ),
    "completion_user": (
        "completion rate where this activity is the user goal",
        "Where people sought help with this activity, the AI's help was rated as completing it in "
        "{share} of those conversations.",
    ),
    "completion_ai": (
        "completion rate where the AI performs this activity",
        "Where the AI performed this activity, it was rated as completing it in {share} of those "
        "conversations.",
    ),
    "impact_scope_user": (
        "impact scope where this activity is the user goal",
        "Where people sought help with this activity, the AI's contribution was rated as covering at "
        "least a moderate part of it in {share} of those conversations.",
    ),
    "impact_scope_ai": (
        "impact scope where the AI performs this activity",
        "Where the AI performed this activity, its contribution was rated as covering at least a "
        "moderate part of it in {share} of those conversations.",
    ),
}


def iwa_method(column: str, what: str) -> str:
    return (
        f"{what[0].upper()}{what[1:]} (0–1), as computed and published by the authors of 'Working with AI' "
        "(Tomlinson, Jaffe, Wang, Counts, Suri, 2025) from Bing Copilot conversations classified to "
        f"O*NET intermediate work activities (iwa_metrics.csv, column {column}). The figure belongs to "
        "the activity; an occupation reaches it through its tasks, their detailed work activities and "
        "the intermediate activity those belong to (joined when queried)."
    )


class MicrosoftIwaMetricsAdapter(OnetPinningAdapter):
    """``iwa_metrics.csv``: per O*NET intermediate work activity (IWA), the shares of conversations
    in which users sought help with it and in which the AI performed it, and the completion and
    impact-scope rates of each; every figure an ss:ObservedAIUseStatement on the IWA
    (``ss:workActivity``), derived from its row (with the row's text as the passage's quote). An
    empty cell (no conversation of that kind: e.g. no completion rate where the AI never performed
    the activity) gives no statement.

    The IWA is the node of the O*NET release in ``options.onet`` (``IWA Reference``, pinned by
    ``iwa_reference_sha256``) with the row's IWA ID; an ID that release lacks is a ``warning``
    ss:IngestIssue."""

    kind: ClassVar[str] = "microsoft-iwa-metrics"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        titles = iwa_titles(entry)
        release = str(entry.options["onet"]["release"])  # type: ignore[index]
        table = Table.open(entry.path, (IWA, *IWA_MEASURES), ",")
        emit = Emitter(
            table.document, graph, self.kind, read_at=read_at, title=entry.title or None, keep_content=False
        )
        scale = measurement_scale(
            emit, "working-with-ai-share", "Working with AI: share of conversations (0–1)", ZERO, ONE
        )
        measures = {
            column: Measure.make(column, scale, ZERO, ONE, iwa_method(column, what))
            for column, (what, _) in IWA_MEASURES.items()
        }
        for row in table.rows():
            _iwa_row(emit, table, row, titles, release, measures)
            yield from drain(emit)
        yield from drain(emit)


def _iwa_row(
    emit: Emitter, table: Table, row: Row, titles: dict[str, str], release: str, measures: dict[str, Measure]
) -> None:
    iwa_id = row[IWA].strip()
    title = titles.get(iwa_id)
    if title is None:
        ingest_issue(
            emit,
            f"row-{row.number}",
            row,
            f"IWA {iwa_id!r} is not an intermediate work activity of O*NET {release}: its figures are "
            "not attached",
            column=IWA,
        )
        return
    activity = iri.descriptor("iwa", title)
    passage = emit.quoted_row_passage(row.number, table.cells(row))
    for column, measure in measures.items():
        if not row[column].strip():
            continue  # no conversation of that kind about the activity: no figure
        share = row.decimal(column, measure.low, measure.high)
        node = emit.statement(SS.ObservedAIUseStatement, f"{column}/{iwa_id}", passage=passage)
        emit.value(node, SS.score, share)
        emit.add(node, SS.scale, measure.scale)
        emit.add(node, SS.method, measure.method)
        emit.add(node, SS.measure, measure.label)
        emit.add(node, SS.workActivity, activity)
        emit.value(node, SS.dataset, IWA_DATASET)
        emit.value(node, SS.text, IWA_MEASURES[column][1].format(share=percent(share)))
