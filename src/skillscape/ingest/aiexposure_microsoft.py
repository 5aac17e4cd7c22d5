"""Microsoft "Working with AI" (Tomlinson, Jaffe, Wang, Counts, Suri, 2025, arXiv:2507.07935):
AI applicability scores by occupation, ``soc_ai_applicability_scores.csv``.

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
    OnetReference,
    Row,
    Table,
    assessment,
    drain,
    ingest_issue,
    measurement_scale,
    onet_reference,
)
from skillscape.ingest.base import Adapter
from skillscape.ingest.emit import Emitter
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri

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


class MicrosoftApplicabilityAdapter(Adapter):
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
