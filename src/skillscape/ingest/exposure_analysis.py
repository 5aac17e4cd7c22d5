"""AI-exposure task analysis pages: a group of occupations, its tasks scored for AI feasibility.

The layout (plain lines, no markup)::

    Library technicians and assistants            the occupation group
    Most of the workflow is automatable. …        summary
    SOC · Education Training And Library          category
    Signal composition / how the 0-100 score is assembled
    By seniority / multiplicative adjustment from category curve / paragraph
    Task-level analysis / scored 0-100 for <method>
      task title / rationale / BLS evidence: …    one block of three lines per task
    Task heatmap / …                              behind a paywall: nothing shown
    External signals and sources / subtitle / "- Name (value)" or "- Name: value" lines
    Related in <category> / subtitle              no entries shown

The page names the group, not its O*NET-SOC codes: the manifest gives them as
``options.occupations`` (a list of codes). The page shows no score, so none is recorded.

A file is *cut off* when a task block ends before its ``BLS evidence:`` line, when that
line does not end its sentence, when a signal line lacks its value, or when the file ends
before the "External signals and sources" section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, Span
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.page_text import Line, page_lines, split_sections, unique_sections
from skillscape.model import iri
from skillscape.model.namespaces import SKOS, SS

TASKS = "Task-level analysis"
SIGNALS = "External signals and sources"
_COMPOSITION = "Signal composition"
_SENIORITY = "By seniority"
_HEATMAP = "Task heatmap"
_RELATED = re.compile(r"^Related in \S")
_HEADINGS = (_COMPOSITION, _SENIORITY, TASKS, _HEATMAP, SIGNALS)
EVIDENCE = "BLS evidence:"

_CATEGORY = re.compile(r"^SOC\s*·\s*(?P<category>\S.*)$")
_SCORED = re.compile(r"^scored (?P<low>\d+)-(?P<high>\d+) for (?P<method>\S.*)$")
_SENTENCE_END = re.compile(r"\.['\"’”]?$")
_NAMED_VALUE = re.compile(r"^(?P<name>[^:(]+?):\s*(?P<value>\S.*)$")
_PAREN_VALUE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<value>[^()]+)\)$")
_OUTLOOK = re.compile(r"^(?P<label>[A-Za-z][A-Za-z ]*?)\s*\((?P<change>[+\-−]?\d+(?:\.\d+)?)%\)$")

BLS_PUBLISHER = "U.S. Bureau of Labor Statistics"
BLS_HANDBOOK = f"{BLS_PUBLISHER}, Occupational Outlook Handbook"
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"})


@dataclass
class Part:
    """A heading line, its subtitle line and the lines up to the next heading."""

    heading: Line
    subtitle: Line | None
    lines: list[Line]


@dataclass(frozen=True)
class Subject:
    """What the page's statements are about: the covered occupations, their group, the scale."""

    name: str
    occupations: tuple[ox.NamedNode, ...]
    group: ox.NamedNode
    scale: ox.NamedNode


class ExposureAnalysisAdapter(DocumentAdapter):
    """A task-level AI-exposure analysis of one occupation group."""

    kind: ClassVar[str] = "ai-exposure-analysis"

    @classmethod
    def detect(cls, document: Document) -> bool:
        lines = {text.strip() for _, _, text in document.lines()}
        return TASKS in lines and any(line.startswith(EVIDENCE) for line in lines)

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> list[ox.Quad]:
        codes = occupation_codes(entry)
        document = Document.read(entry.path, self.media_type)
        emitter = Emitter(document, graph, self.kind, read_at=read_at, title=entry.title or None)
        self.parse(document, emitter, codes)
        return emitter.quads

    def parse(self, document: Document, emit: Emitter, occupations: Sequence[str] = ()) -> None:
        if not occupations:
            raise SourceError(
                document.path,
                None,
                "an AI-exposure analysis names no O*NET-SOC codes: give them as "
                "options.occupations in the manifest",
            )
        lines = [line.rstrip() for line in page_lines(document) if not line.blank]
        if not lines:
            raise document.error(None, "file is empty")
        header, parts = _split(document, lines)
        subject = _subject(document, emit, header, parts, occupations)
        _header(emit, subject, header, parts)
        for name, part in parts.items():
            _READERS[name](document, emit, subject, part)
        if SIGNALS not in parts:
            raise document.error(
                lines[-1].start, f"the file ends before the {SIGNALS!r} section: it is cut off"
            )


def occupation_codes(entry: SourceEntry) -> list[str]:
    """The O*NET-SOC codes the manifest says the page covers (``options.occupations``)."""
    codes = entry.options.get("occupations")
    if codes is None:
        raise SourceError(
            entry.path,
            None,
            f"source {entry.id!r}: missing options.occupations (the O*NET-SOC codes of the "
            "occupations this page covers; the page names only the group)",
        )
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise SourceError(
            entry.path,
            None,
            f"source {entry.id!r}: options.occupations must be a non-empty list of "
            f"O*NET-SOC codes, not {codes!r}",
        )
    result = []
    for code in codes:
        try:
            result.append(iri.normalize_occupation_code(code))
        except iri.InvalidCode as exc:
            raise SourceError(entry.path, None, f"source {entry.id!r}: {exc}") from exc
    return result


# ---------------------------------------------------------------------- structure


def _split(document: Document, lines: list[Line]) -> tuple[list[Line], dict[str, Part]]:
    """The header lines before the first heading, and each headed part by heading.

    The line right after a heading is its subtitle, unless it is a heading itself.
    """
    header, sections = split_sections(lines, lambda line: _heading_name(line.text))
    parts = {
        name: Part(section.heading, section.lines[0], section.lines[1:])
        if section.lines
        else Part(section.heading, None, [])
        for name, section in unique_sections(document, sections).items()
    }
    if TASKS not in parts:
        raise document.error(None, f"no {TASKS!r} section")
    return header, parts


def _heading_name(text: str) -> str | None:
    stripped = text.strip()
    if stripped in _HEADINGS:
        return stripped
    if _RELATED.match(stripped):
        return "related"
    return None


def _about(emit: Emitter, node: ox.NamedNode, subject: Subject, group: bool = False) -> None:
    for occupation in subject.occupations:
        emit.add(node, SS.occupation, occupation)
    if group:
        emit.add(node, SS.occupationGroup, subject.group)


def _bls(emit: Emitter, subject: Subject) -> ox.NamedNode:
    """The BLS Occupational Outlook Handbook page of the group, which the page relies on."""
    return emit.cited_source(
        f"{BLS_HANDBOOK}: {_title_case(subject.name)}", label="BLS", publisher=BLS_PUBLISHER
    )


def _title_case(text: str) -> str:
    return " ".join(
        word if i and word.casefold() in _SMALL_WORDS else word[:1].upper() + word[1:]
        for i, word in enumerate(text.split())
    )


# ---------------------------------------------------------------------- header


def _subject(
    document: Document,
    emit: Emitter,
    header: list[Line],
    parts: dict[str, Part],
    codes: Sequence[str],
) -> Subject:
    """The group (first line), its occupations (from the manifest) and the score's scale."""
    if len(header) < 2:
        raise document.error(
            header[0].start if header else parts[TASKS].heading.start,
            "expected the group name and its summary before the first section",
        )
    name = header[0].text.strip()
    group = emit.concept(iri.occupation_group(iri.slug(name)), SS.OccupationGroup, name)
    occupations = tuple(emit.occupation(code) for code in codes)
    for occupation in occupations:
        emit.add(group, SKOS.narrower, occupation)
    return Subject(name, occupations, group, _scale(document, emit, parts[TASKS]))


def _scale(document: Document, emit: Emitter, tasks: Part) -> ox.NamedNode:
    """The 0–100 scale the task subtitle states ("scored 0-100 for …")."""
    scored = _SCORED.match(tasks.subtitle.text.strip()) if tasks.subtitle else None
    if tasks.subtitle is None or scored is None:
        raise document.error(
            tasks.heading.start,
            f"the {TASKS!r} heading lacks its subtitle 'scored N-M for …' (the scale)",
        )
    low, high = scored.group("low"), scored.group("high")
    node = emit.concept(
        iri.measurement_scale(f"ai-feasibility-{low}-{high}"),
        SS.MeasurementScale,
        f"AI feasibility ({low}–{high})",
    )
    emit.value(node, SS.minValue, Decimal(low))
    emit.value(node, SS.maxValue, Decimal(high))
    return node


def _header(emit: Emitter, subject: Subject, header: list[Line], parts: dict[str, Part]) -> None:
    """The group's own assessment (summary and method lines) and the other header lines."""
    summary = header[1]
    methods = [
        parts[name].subtitle
        for name in (_COMPOSITION, _SENIORITY)
        if name in parts and parts[name].subtitle is not None
    ]
    end = max([summary.end, *(line.end for line in methods if line is not None)])
    node = emit.statement(SS.AIExposureAssessment, "assessment", Span(header[0].start, end))
    _about(emit, node, subject, group=True)
    emit.value(node, SS.rationale, summary.trimmed())
    emit.add(node, SS.scale, subject.scale)
    for line in methods:
        if line is not None:
            emit.value(node, SS.method, line.trimmed())
    for position, line in enumerate(header[2:], start=3):
        claim = emit.statement(SS.DescriptionClaim, f"header/{position}", line.span())
        _about(emit, claim, subject, group=True)
        category = _CATEGORY.match(line.trimmed())
        if category:
            emit.value(claim, SS.aspect, "category")
            emit.value(claim, SS.text, category.group("category"))
        else:
            emit.value(claim, SS.text, line.trimmed())


# ---------------------------------------------------------------------- sections


def _composition(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    # Its subtitle is a method of the group's assessment (see _header); lines below it, if
    # any, are kept as the page shows them.
    _unmapped(emit, subject, part, "composition")


def _seniority(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    for position, line in enumerate(part.lines, start=1):
        node = emit.statement(SS.DescriptionClaim, f"seniority/{position}", line.span())
        _about(emit, node, subject, group=True)
        emit.value(node, SS.aspect, "seniority")
        emit.value(node, SS.text, line.trimmed())


def _tasks(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    assert part.subtitle is not None  # checked by _scale
    scored = _SCORED.match(part.subtitle.text.strip())
    method = scored.group("method") if scored else None
    lines = part.lines
    for position, index in enumerate(range(0, len(lines), 3), start=1):
        title, rationale, evidence = _block(document, lines, index)
        task = emit.statement(SS.Task, f"task/{position}", title.span())
        _about(emit, task, subject)
        emit.value(task, SS.text, title.trimmed())
        emit.value(task, SS.position, position)
        node = emit.statement(
            SS.AIExposureAssessment,
            f"task/{position}/assessment",
            Span(title.start, evidence.end),
            cites=[_bls(emit, subject)],
        )
        emit.add(node, SS.assessedTask, task)
        _about(emit, node, subject)
        emit.value(node, SS.rationale, rationale.trimmed())
        emit.value(node, SS.evidence, evidence.trimmed(len(EVIDENCE)))
        emit.add(node, SS.scale, subject.scale)
        emit.value(node, SS.method, method)
        emit.value(node, SS.position, position)


def _block(document: Document, lines: list[Line], index: int) -> tuple[Line, Line, Line]:
    """The title, rationale and evidence lines of the task block starting at ``index``."""
    title = lines[index]
    named = f"task block {title.trimmed()[:60]!r} (line {title.number})"
    if title.text.startswith(EVIDENCE):
        raise document.error(title.start, f"a {EVIDENCE!r} line without its task title")
    if index + 1 >= len(lines) or lines[index + 1].text.startswith(EVIDENCE):
        raise document.error(title.start, f"{named} has no rationale paragraph")
    if index + 2 >= len(lines):
        raise document.error(
            lines[index + 1].start,
            f"{named} ends before its {EVIDENCE!r} line: the section is cut off",
        )
    evidence = lines[index + 2]
    if not evidence.text.startswith(EVIDENCE):
        raise document.error(
            evidence.start,
            f"{named} lacks its {EVIDENCE!r} line after the rationale; found {evidence.text[:60]!r}",
        )
    if not evidence.trimmed(len(EVIDENCE)) or not _SENTENCE_END.search(evidence.text):
        raise document.error(
            evidence.start,
            f"the {EVIDENCE!r} line of {named} is cut off: its sentence does not end",
        )
    return title, lines[index + 1], evidence


def _heatmap(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    # The heatmap itself is not shown: below its heading the page has only an offer to
    # subscribe ("Unlock with … Pro", prices, plans). An advertisement says nothing about
    # the occupations, so the section yields no statement.
    return


def _signals(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    # The subtitle ("category-level priors and BLS fields that feed …") describes the list
    # itself; each item below it is one signal.
    for position, line in enumerate(part.lines, start=1):
        if not line.text.startswith("- ") or not line.trimmed(2):
            raise document.error(line.start, f"expected a list item '- …' under {SIGNALS!r}")
        text = line.trimmed(2)
        match = _NAMED_VALUE.match(text) or _PAREN_VALUE.match(text)
        if not match:
            raise document.error(
                line.start,
                "signal line lacks its value ('Name (value)' or 'Name: value'): it is cut off",
            )
        name, value = match.group("name").strip(), match.group("value").strip()
        cites = [_bls(emit, subject)] if name.startswith("BLS ") else []
        outlook = _OUTLOOK.match(value) if "outlook" in name.casefold() else None
        cls = SS.OutlookClaim if outlook else SS.ExternalSignal
        node = emit.statement(cls, f"signal/{position}", line.span(2), cites=cites)
        _about(emit, node, subject, group=True)
        # a signal is named by what it measures; an outlook claim's name ("BLS projected
        # outlook") is only a label, so it does not qualify the claim against other outlooks
        emit.value(node, SS.aspect if outlook else SS.measure, name)
        emit.value(node, SS.position, position)
        if outlook:
            change = outlook.group("change").replace("−", "-")
            emit.value(node, SS.percentChange, Decimal(change))
            emit.value(node, SS.stringValue, outlook.group("label"))
        else:
            emit.value(node, SS.stringValue, value)


def _related(document: Document, emit: Emitter, subject: Subject, part: Part) -> None:
    # The page shows the heading and its subtitle ("closest … neighbors") with no entries:
    # nothing to record. Entries, if a page shows them, are kept as the page words them.
    _unmapped(emit, subject, part, "related")


def _unmapped(emit: Emitter, subject: Subject, part: Part, local: str) -> None:
    """Lines this adapter has no mapping for, kept as the page shows them."""
    for position, line in enumerate(part.lines, start=1):
        node = emit.statement(SS.DescriptionClaim, f"{local}/{position}", line.span())
        _about(emit, node, subject, group=True)
        emit.value(node, SS.text, line.trimmed())


_READERS = {
    _COMPOSITION: _composition,
    _SENIORITY: _seniority,
    TASKS: _tasks,
    _HEATMAP: _heatmap,
    SIGNALS: _signals,
    "related": _related,
}
