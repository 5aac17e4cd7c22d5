"""Graphs written by the real Emitter from two seed documents, for validation tests.

The readings are deliberately simple (plain line handling, not the adapters), so these
tests depend only on the Emitter's provenance pattern, which the shapes check.
"""

from __future__ import annotations

import datetime as dt
import re

import pyoxigraph as ox

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Emitter, Span
from skillscape.model.namespaces import SS
from tests.seed_documents import PROFILE, SEEDS

CAREER_PAGE = SEEDS / "002_41433b601b5d3949.txt"
READ_AT = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)


def profile_tasks(graph: ox.NamedNode) -> Emitter:
    """The occupation of the O*NET-style profile and every line of its "### Tasks" section."""
    document = Document.read(PROFILE, "text/markdown")
    emit = Emitter(document, graph, "test-profile", read_at=READ_AT)
    lines = document.lines()
    heading = re.match(r"^# (\d{2}-\d{4}\.\d{2}) - (.+)$", lines[0][2])
    assert heading is not None
    occupation = emit.occupation(heading.group(1), heading.group(2))
    inside = False
    for _, start, line in lines:
        if line == "### Tasks":
            inside = True
        elif inside and line.startswith("#"):
            break
        elif inside and line.startswith("- "):
            task = emit.statement(SS.Task, f"task-{start}", Span(start + 2, start + len(line)))
            emit.add(task, SS.occupation, occupation)
            emit.value(task, SS.text, line[2:])
    return emit


def career_page_takeovers(graph: ox.NamedNode) -> Emitter:
    """The career page's occupation and its "Tasks AI will take over" bullets."""
    document = Document.read(CAREER_PAGE)
    emit = Emitter(document, graph, "test-career-page", read_at=READ_AT)
    code = re.search(r"(\d{2}-\d{4})\(SOC\)", document.text)
    assert code is not None
    occupation = emit.occupation(code.group(1))
    inside = False
    for _, start, line in document.lines():
        if line.startswith("⚠ Tasks AI will take over"):
            inside = True
        elif inside and not line.startswith("  • "):
            break
        elif inside:
            claim = emit.statement(SS.AIImpactClaim, f"takeover-{start}", Span(start + 4, start + len(line)))
            emit.add(claim, SS.occupation, occupation)
            emit.add(claim, SS.impactKind, SS.TakenOver)
            emit.value(claim, SS.text, line[4:])
    return emit
