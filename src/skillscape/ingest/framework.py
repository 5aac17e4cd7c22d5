"""Skills-framework pages: one occupation's proficiency framework, as text extracted from HTML.

The layout (headings and bodies are often glued together, the HTML having had no space)::

    …page chrome… Back to Framework
    Library Technicians                                   the page's title for the occupation
    SOC 25-4031.00Job Zone 3 · Medium Preparationv.26.05  code, job zone, framework version
    Context coveredThis framework covers …                a glued heading and its paragraph
    Emerging / Entry / Apprentice / "  1. Circulation transactionsperform check-out, …"
        levels of the occupational proficiency scale: a level name, a role label, and
        numbered competencies whose heading is glued to the body that starts with a verb
    Authoritative source data identified for 998 occupations
    How a worker at each mastery level uses … AI tools …  (intro paragraph)
    Emerging / "  1. Title — text Chip…. Opens in new tab.."
        AI-use statements on the same levels; every statement ends with citation chips
    Evidence pack / AEI usage / Task observations: 138 / … / WEF cluster / value lines
    Ten durable-skill domains mapped to four …           (intro paragraph)
    1Communication11 statements / Emerging / "  1. Title — text Chip…. Opens in new tab."
        durable-skill domains (number, name, declared number of statements) and levels
    Show O*NET source anchors47 anchors · skillscrosswalk.com
    O*NET enrichment · skillscrosswalk.com / Suggest an O*NET correction / Source anchors …
    Related titles / A · B · C / RAPIDS apprenticeships / O*NET skills / Reading Comprehension
        Active Listening… (one glued line per list) / Tasks · … / "  1. task" / CIP … / 25.0301
    Sources: O*NET v30.2 (CC BY 4.0), …, Pathsmith Durable Skills Framework. © 2026 EBSCOed.

A citation chip is a short label glued to the cited work's full title, then
``. Opens in new tab.`` (``Anthropic Economic IndexAnthropic Economic Index —
release_2026_03_24. Opens in new tab.``).

A competency's heading and body are split where the rest of the glued word is an action verb
of the lexicon ``data/lexicon/action-verbs.txt`` (first words of O*NET task statements and
work-activity titles), preferring the split that leaves a real word
(``data/lexicon/known-words.txt``) on the left; a competency that has a `` — `` is split there.

A statement is *cut off* when it does not end as its kind of item ends: a competency
without its final period, an AI-use or durable-skill statement without its closing citation
chip. A level heading without statements, a line the layout does not allow and text that
cannot be split are each a :class:`SourceError` naming the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.document import Document
from skillscape.ingest.emit import Emitter, Span
from skillscape.ingest.framework_items import Chip, CitedWork, chip_statement, competency
from skillscape.ingest.framework_page import (
    CIP_LIST,
    DESCRIPTOR_LISTS,
    ITEM,
    SOC_LINE,
    TASKS_LIST,
    TITLES_LIST,
    AnchorList,
    Domain,
    Figure,
    FooterEntry,
    Page,
    read_page,
)
from skillscape.ingest.framework_words import action_verbs, known_words, split_camel_list, split_heading
from skillscape.ingest.page_text import Line
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SCHEMA, SKOS, SS

__all__ = ["SkillsFrameworkAdapter", "action_verbs", "known_words", "read_page", "split_heading"]

OCCUPATIONAL_SCALE = "Occupational proficiency"
DURABLE_SCALE = "Durable skill proficiency"
_LICENCE = re.compile(
    r"^(?:CC[ -]?(?:BY(?:[ -](?:SA|NC|ND))*|0)(?: \d\.\d)?|ODbL(?: \d\.\d)?|Public Domain"
    r"|MIT|Apache[ -]2\.0)$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------- the adapter


class SkillsFrameworkAdapter(DocumentAdapter):
    """A skills-framework page for one O*NET-SOC occupation, as text extracted from HTML."""

    kind: ClassVar[str] = "skills-framework"

    @classmethod
    def detect(cls, document: Document) -> bool:
        """A "Back to Framework" link, a "SOC" code line and at least two level headings."""
        lines = document.text.splitlines()
        stripped = [line.strip() for line in lines]
        if "Back to Framework" not in stripped or not any(SOC_LINE.match(s) for s in stripped):
            return False
        return sum(_opens_level(lines, index) for index in range(len(lines))) >= 2

    def parse(self, document: Document, emit: Emitter) -> None:
        page = read_page(document)
        _Writer(document, emit, page).write()


def _opens_level(lines: list[str], index: int) -> bool:
    """Whether line ``index`` is a level heading: item 1 follows it, or a role label and item 1."""
    if not lines[index].strip() or ITEM.match(lines[index]):
        return False
    following = lines[index + 1 : index + 3]
    if following and _is_first_item(following[0]):
        return True
    return (
        len(following) == 2
        and bool(following[0].strip())
        and not ITEM.match(following[0])
        and _is_first_item(following[1])
    )


def _is_first_item(line: str) -> bool:
    match = ITEM.match(line)
    return match is not None and match["number"] == "1"


@dataclass
class _Source:
    work: CitedWork
    aliases: list[str] = field(default_factory=list)
    licence: str | None = None
    node: ox.NamedNode | None = None

    def names(self) -> set[str]:
        work = self.work
        names = {work.title, *self.aliases}
        if work.label:
            names.add(work.label)
        if work.version:
            names.add(f"{work.title} {work.version}")
        return names

    def acronyms(self) -> set[str]:
        work = self.work
        initials = "".join(word[0] for word in work.title.split() if word[:1].isupper())
        words = {work.title.split()[0], initials, *self.aliases}
        if work.label:
            words.add(work.label.split()[0])
        return words


class _Writer:
    """Emits the statements of a read page."""

    def __init__(self, document: Document, emit: Emitter, page: Page) -> None:
        self.document = document
        self.emit = emit
        self.page = page
        self.occupation = emit.occupation(page.code)
        self.sources: dict[str, _Source] = {}
        self.declared: set[str] = set()

    # ------------------------------------------------------------------ helpers
    def statement(
        self, cls: ox.NamedNode, local: str, span: Span, cites: Iterable[ox.NamedNode] = ()
    ) -> ox.NamedNode:
        return self.emit.statement_about(cls, local, span, [self.occupation], cites)

    def once(self, node: ox.NamedNode) -> bool:
        """True the first time ``node`` is seen (for triples added beside a concept)."""
        if node.value in self.declared:
            return False
        self.declared.add(node.value)
        return True

    # ------------------------------------------------------------------ page
    def write(self) -> None:
        page, emit = self.page, self.emit
        self.register_sources()
        if page.version:
            emit.value(emit.doc_node, SCHEMA.version, page.version)
        title = page.title.text.strip()
        node = self.statement(SS.ReportedTitleClaim, "page-title", page.title.span())
        emit.value(node, SS.title, title)
        emit.value(node, SS.aspect, "framework title")
        if page.job_zone:
            zone, label, span = page.job_zone
            node = self.statement(SS.JobZoneClaim, "job-zone", span)
            emit.value(node, SS.jobZone, zone)
            emit.value(node, SS.stringValue, label)
        if page.context:
            head, body, span = page.context
            node = self.statement(SS.DescriptionClaim, iri.slug(head), span)
            emit.value(node, SS.aspect, head.lower())
            emit.value(node, SS.text, body)
        for paragraph in page.paragraphs:
            span = paragraph.line.span()
            local = f"paragraph/{paragraph.line.number}"
            node = self.statement(SS.DescriptionClaim, local, span)
            emit.value(node, SS.aspect, paragraph.aspect)
            emit.value(node, SS.text, self.emit.text_of(span))
        for figure in page.figures:
            self.figure(figure, f"figure/{iri.slug(figure.measure)}", None, None)
        self.competencies(title)
        self.ai_use()
        self.evidence()
        self.durable()
        self.anchors()
        self.footer()

    # ------------------------------------------------------------------ scales
    def scale(self, name: str, levels: list[tuple[str, str | None]]) -> dict[str, ox.NamedNode]:
        scheme = self.emit.concept(iri.proficiency_scale(name), SS.ProficiencyScale, name)
        nodes = {}
        for rank, (level, role) in enumerate(levels, start=1):
            node = self.emit.concept(
                iri.proficiency_level(name, level), SS.ProficiencyLevel, level, scheme=scheme
            )
            if self.once(node):
                self.emit.value(node, SS.rank, rank)
                self.emit.value(node, SS.roleLabel, role)
                self.emit.add(scheme, SKOS.hasTopConcept, node)
            nodes[level] = node
        return nodes

    def competencies(self, title: str) -> None:
        levels = self.page.competency_levels
        nodes = self.scale(OCCUPATIONAL_SCALE, [(level.name, level.role) for level in levels])
        domain = self.emit.concept(
            iri.skill_domain(f"{self.page.code} occupational practice"), SS.SkillDomain, title
        )
        for level in levels:
            for item in level.items:
                parts = competency(self.document, item)
                local = f"competency/{iri.slug(level.name)}/{item.number}"
                node = self.statement(SS.CompetencyStatement, local, item.span())
                concept = self.emit.concept(
                    iri.descriptor("competency", parts.title), SS.Competency, parts.title
                )
                self.emit.add(node, SS.level, nodes[level.name])
                self.emit.add(node, SS.domain, domain)
                self.emit.add(node, SS.competency, concept)
                self.emit.value(node, DCT.title, parts.title)
                self.emit.value(node, SS.text, parts.text)
                self.emit.value(node, SS.position, item.number)

    def ai_use(self) -> None:
        for level in self.page.ai_levels:
            node_level = iri.proficiency_level(OCCUPATIONAL_SCALE, level.name)
            for item in level.items:
                parts = chip_statement(self.document, item, "AI-use statement")
                local = f"ai-use/{iri.slug(level.name)}/{item.number}"
                node = self.statement(SS.AIUseStatement, local, item.span(), cites=self.cites(parts.chips))
                self.emit.add(node, SS.level, node_level)
                self.emit.value(node, DCT.title, parts.title)
                self.emit.value(node, SS.text, parts.text)
                self.emit.value(node, SS.position, item.number)

    def durable(self) -> None:
        domains = self.page.domains
        if not domains:
            return
        order: list[str] = []
        for domain in domains:
            for level in domain.levels:
                if level.name not in order:
                    order.append(level.name)
        for domain in domains:
            ranks = [order.index(level.name) for level in domain.levels]
            if ranks != sorted(ranks):
                raise self.document.error(
                    domain.heading.start,
                    f"the levels of domain {domain.name!r} are out of order ({', '.join(order)})",
                )
        nodes = self.scale(DURABLE_SCALE, [(name, None) for name in order])
        for domain in domains:
            self.domain(domain, nodes)

    def domain(self, domain: Domain, levels: dict[str, ox.NamedNode]) -> None:
        concept = self.emit.concept(
            iri.skill_domain(domain.name), SS.SkillDomain, domain.name, notation=domain.number
        )
        prefix = f"durable/{iri.slug(domain.name)}"
        count = self.statement(SS.DeclaredCount, f"{prefix}/declared-count", domain.span)
        self.emit.value(count, SS.declaredCount, domain.declared)
        self.emit.add(count, SS.countedClass, SS.DurableSkillStatement)
        self.emit.add(count, SS.domain, concept)
        for level in domain.levels:
            for item in level.items:
                parts = chip_statement(self.document, item, "durable-skill statement")
                local = f"{prefix}/{iri.slug(level.name)}/{item.number}"
                node = self.statement(
                    SS.DurableSkillStatement, local, item.span(), cites=self.cites(parts.chips)
                )
                skill = iri.descriptor("durable-skill", parts.title)
                self.emit.concept(skill, SS.DurableSkill, parts.title)
                if self.once(skill):
                    self.emit.add(skill, SKOS.broader, concept)
                self.emit.add(node, SS.domain, concept)
                self.emit.add(node, SS.level, levels[level.name])
                self.emit.add(node, SS.competency, skill)
                self.emit.value(node, DCT.title, parts.title)
                self.emit.value(node, SS.text, parts.text)
                self.emit.value(node, SS.position, item.number)

    # ------------------------------------------------------------------ evidence
    def evidence(self) -> None:
        for group in self.page.evidence:
            source = self.source_for_acronym(group.name.split()[0])
            for position, figure in enumerate(group.figures, start=1):
                local = f"evidence/{iri.slug(group.name)}/{position}"
                self.figure(figure, local, group.name, source)

    def figure(self, figure: Figure, local: str, group: str | None, source: ox.NamedNode | None) -> None:
        node = self.emit.statement(SS.EvidenceFigure, local, figure.span, cites=[source] if source else [])
        if group is not None:
            # a figure of the occupation's evidence pack (the others describe the framework)
            self.emit.add(node, SS.occupation, self.occupation)
        self.emit.value(node, SS.measure, figure.measure)
        self.emit.value(node, SS.aspect, group)
        self.emit.value(node, SS.dataValue, figure.number)
        self.emit.value(node, SS.stringValue, figure.text)
        self.emit.value(node, SS.unit, figure.unit)
        if figure.maximum is not None:
            name = f"{group or ''} {figure.measure} 0-{figure.maximum}".strip()
            scale = self.emit.concept(
                iri.measurement_scale(name),
                SS.MeasurementScale,
                f"{figure.measure} ({group}), 0–{figure.maximum}" if group else name,
            )
            if self.once(scale):
                self.emit.value(scale, SS.minValue, Decimal(0))
                self.emit.value(scale, SS.maxValue, figure.maximum)
            self.emit.add(node, SS.scale, scale)

    # ------------------------------------------------------------------ anchors
    def anchors(self) -> None:
        anchors = self.page.anchors
        if anchors is None:
            return
        cites = list(dict.fromkeys(self.site_source(site) for site in anchors.sites))
        counted: list[Span] = []
        for anchor_list in anchors.lists:
            spans = self.anchor_list(anchor_list, cites)
            if anchor_list.heading in DESCRIPTOR_LISTS or anchor_list.heading == TASKS_LIST:
                counted.extend([anchor_list.line.span(), *spans])
        if not counted:
            raise self.document.error(
                anchors.heading.start, "the source anchors section lists no skills or tasks"
            )
        # "47 anchors" counts the items of the descriptor lists (skills, knowledge, abilities,
        # work styles, technology) and of the tasks list: 8 + 5 + 10 + 6 + 10 + 8 = 47 on the
        # Library Technicians page. Related titles and CIP codes are shown in the same section
        # but are not counted, so the count's passage runs from the first counted list heading
        # to the end of the last counted list, and every ss:Statement inside it is an anchor.
        span = Span(min(s.start for s in counted), max(s.end for s in counted))
        node = self.statement(SS.DeclaredCount, "source-anchors/declared-count", span, cites)
        self.emit.value(node, SS.declaredCount, anchors.declared)
        self.emit.add(node, SS.countedClass, SS.Statement)

    def anchor_list(self, anchor_list: AnchorList, cites: list[ox.NamedNode]) -> list[Span]:
        """Emit one list of the source-anchors section; return the spans of its items."""
        heading = anchor_list.heading
        spans: list[Span] = []
        if heading == TASKS_LIST:
            for position, line in enumerate(anchor_list.content, start=1):
                match = ITEM.match(line.text)
                if match is None or int(match["number"]) != position:
                    raise self.document.error(line.start, f"expected task {position} of the tasks list")
                span = Span(line.start + match.start("text"), line.start + match.end("text"))
                if not match["text"].endswith("."):
                    raise self.document.error(
                        line.start, f"task {position} is cut off: it does not end with '.'"
                    )
                node = self.statement(SS.Task, f"source-anchors/task/{position}", span, cites)
                self.emit.value(node, SS.text, match["text"])
                self.emit.value(node, SS.position, position)
                spans.append(span)
            return spans
        for line in anchor_list.content:
            if ITEM.match(line.text):
                raise self.document.error(line.start, f"a numbered line in the list {heading!r}")
        parts = [self.list_parts(heading, line) for line in anchor_list.content]
        for position, span in enumerate((s for spans_ in parts for s in spans_), start=1):
            self.anchor_item(heading, position, span, cites)
            spans.append(span)
        return spans

    def list_parts(self, heading: str, line: Line) -> list[Span]:
        line_span = line.span()
        text = self.emit.text_of(line_span)
        if heading in (TITLES_LIST, CIP_LIST):
            bounds, at = [], 0
            for part in text.split(" · "):
                bounds.append((at, at + len(part)))
                at += len(part) + len(" · ")
        else:
            bounds = split_camel_list(text)
        spans = []
        for begin, end in bounds:
            piece = text[begin:end]
            lead = len(piece) - len(piece.lstrip())
            if not piece.strip():
                raise self.document.error(line.start, f"an empty item in the list {heading!r}")
            spans.append(Span(line_span.start + begin + lead, line_span.start + begin + len(piece.rstrip())))
        return spans

    def anchor_item(self, heading: str, position: int, span: Span, cites: list[ox.NamedNode]) -> None:
        name = self.emit.text_of(span)
        local = f"source-anchors/{iri.slug(heading)}/{position}"
        if heading == TITLES_LIST:
            node = self.statement(SS.ReportedTitleClaim, local, span, cites)
            self.emit.value(node, SS.title, name)
            self.emit.value(node, SS.aspect, "related title")
        elif heading == CIP_LIST:
            node = self.statement(SS.DescriptionClaim, local, span, cites)
            self.emit.value(node, SS.aspect, "CIP code")
            self.emit.value(node, SS.stringValue, name)
        elif heading in DESCRIPTOR_LISTS:
            kind, class_name = DESCRIPTOR_LISTS[heading]
            cls = SS.TechnologySkillStatement if kind == "technology-skill" else SS.DescriptorStatement
            node = self.statement(cls, local, span, cites)
            concept = self.emit.concept(iri.descriptor(kind, name), SS[class_name], name)
            self.emit.add(node, SS.descriptor, concept)
        else:
            # a list the page shows under a heading this adapter has no mapping for
            node = self.statement(SS.DescriptionClaim, local, span, cites)
            self.emit.value(node, SS.aspect, heading)
            self.emit.value(node, SS.stringValue, name)
        self.emit.value(node, SS.position, position)

    # ------------------------------------------------------------------ sources
    def register_sources(self) -> None:
        """Every cited work the page names, before any is emitted (so each is complete)."""
        chips: list[Chip] = []
        for level in self.page.ai_levels:
            for item in level.items:
                chips.extend(chip_statement(self.document, item, "AI-use statement").chips)
        for domain in self.page.domains:
            for level in domain.levels:
                for item in level.items:
                    chips.extend(chip_statement(self.document, item, "durable-skill statement").chips)
        for chip in chips:
            self.sources.setdefault(chip.work.title, _Source(chip.work))
        if self.page.footer is None:
            return
        entries, rights, _ = self.page.footer
        for entry in entries:
            source = self.footer_source(entry)
            if entry.note and _LICENCE.match(entry.note):
                source.licence = entry.note
            elif entry.note and entry.note in source.names() and entry.name not in source.names():
                source.aliases.append(entry.name)
        if rights:
            self.emit.value(self.emit.doc_node, SS.licenseStatement, rights)

    def footer_source(self, entry: FooterEntry) -> _Source:
        for source in self.sources.values():
            if entry.name in source.names() or (entry.note and entry.note in source.names()):
                return source
        for source in self.sources.values():
            if entry.name.casefold() in {name.casefold() for name in source.names()}:
                return source
        return self.sources.setdefault(entry.name, _Source(CitedWork(entry.name)))

    def node_of(self, source: _Source) -> ox.NamedNode:
        if source.node is None:
            work = source.work
            source.node = self.emit.cited_source(
                work.title,
                label=work.label,
                version=work.version,
                publisher=work.publisher,
                license_statement=source.licence,
                issued=work.issued,
                citation=work.citation,
            )
            self.emit.value(source.node, DCT.identifier, work.identifier)
            for alias in source.aliases:
                self.emit.value(source.node, SKOS.altLabel, alias)
        return source.node

    def cites(self, chips: list[Chip]) -> list[ox.NamedNode]:
        return [self.node_of(self.sources[chip.work.title]) for chip in chips]

    def source_for_acronym(self, word: str) -> ox.NamedNode | None:
        for source in self.sources.values():
            if word in source.acronyms():
                return self.node_of(source)
        return None

    def site_source(self, site: str) -> ox.NamedNode:
        for source in self.sources.values():
            if site.casefold() in {name.casefold() for name in source.names()}:
                return self.node_of(source)
        return self.node_of(self.sources.setdefault(site, _Source(CitedWork(site))))

    def footer(self) -> None:
        if self.page.footer is None:
            return
        entries, _, span = self.page.footer
        cites = [self.node_of(self.footer_source(entry)) for entry in entries]
        node = self.statement(SS.DescriptionClaim, "sources", span, cites)
        self.emit.value(node, SS.aspect, "sources")
        self.emit.value(node, SS.text, self.emit.text_of(span))
