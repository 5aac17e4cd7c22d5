"""O*NET OnLine occupation profiles, as Markdown-like text.

The layout::

    # 25-4031.00 - Library Technicians
    ## Description
    ## Sample of reported job titles
    ## Occupation-specific Information
    ### Tasks                      - one task statement per line
    ### Technology skills          - Commodity— Product; Product;N more
    ## Occupational requirements
    ### Work activities            - Name— definition
    ### Detailed work activities   - Activity.
    ### Work context               - Item— 96% responded “Every day.”
    ## Experience requirements / ## Worker requirements
    ### Education                  - 30%responded:Bachelor’s degree required
    ### Knowledge, #### Interests, #### Work values, #### Work styles
    ## Workforce Characteristics
    ### Wages & Employment Trends  Median wages (2023): $18.90 hourly, $39,310 annual
    ### Related Occupations        - 15-1232.00Computer User Support SpecialistsBright Outlook

The profile is the authoritative source of its occupation's title (``skos:prefLabel``).

A line is *cut off* when it lacks a part its section requires: a task, detailed work
activity or definition that does not end its sentence with a period, a work-context line
without its percentage and quoted response, a wage line without ``$N hourly|annual``, a
parenthesis left open; a heading the file ends right after is cut off too. Each is a
:class:`SourceError` naming the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.document import Document
from skillscape.ingest.emit import Emitter, Span, literal
from skillscape.ingest.page_text import Line, page_lines, split_sections
from skillscape.model import iri
from skillscape.model.namespaces import SCHEMA, SKOS, SS

_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<title>\S.*?)\s*$")
_PROFILE_HEADING = re.compile(r"^#\s+(?P<code>\S+)\s+-\s+(?P<title>\S.*?)\s*$")
_DEFINED = re.compile(r"^(?P<name>[^—]+?)\s*—\s*(?P<definition>.*)$")
_WORK_CONTEXT = re.compile(r"^(?P<pct>\d+(?:\.\d+)?)%\s*responded\s*“(?P<category>[^”]+?)\.?”$")
_EDUCATION = re.compile(r"^(?P<pct>\d+(?:\.\d+)?)%\s*responded\s*:\s*(?P<level>.+?)\s*$")
_REQUIRED = re.compile(r"^(?P<level>.+?)\s+required$")
_WAGE_LINE = re.compile(r"^Median wages \((?P<year>\d{4})\):\s*(?P<values>.+)$")
_WAGE_VALUE = re.compile(r"^\$(?P<amount>\d[\d,]*(?:\.\d+)?)\s+(?P<period>hourly|annual)$")
_RELATED = re.compile(r"^(?P<code>\d{2}-\d{4}\.\d{2})(?P<title>.+?)(?P<flag>Bright Outlook)?$")
_CODE_PREFIX = re.compile(r"^[\d.\-]+")
_MORE = re.compile(r"^(?P<count>\d+)\s*more$")
_NAMED_TITLE = re.compile(r"^Experience requirements for (?P<occupation>.+?)\s*$")
_NO_DATA = "No data extracted."

#: list sections of ``Name— definition`` lines: heading → (kind slug, descriptor class name)
_DESCRIPTOR_SECTIONS: dict[str, tuple[str, str]] = {
    "work activities": ("work-activity", "WorkActivity"),
    "detailed work activities": ("dwa", "DetailedWorkActivity"),
    "knowledge": ("knowledge", "KnowledgeArea"),
    "skills": ("skill", "OnetSkill"),
    "abilities": ("ability", "Ability"),
    "interests": ("interest", "Interest"),
    "work values": ("work-value", "WorkValue"),
    "work styles": ("work-style", "WorkStyle"),
}
#: sections whose items carry a ``— definition`` the page always shows
_DEFINITION_REQUIRED = frozenset(_DESCRIPTOR_SECTIONS) - {"detailed work activities"}


@dataclass
class Section:
    """A heading and the non-blank lines up to the next heading."""

    title: str
    heading: Line
    occurrence: int = 1
    lines: list[Line] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.title.casefold()

    @property
    def local(self) -> str:
        """Statement-IRI prefix: the heading's slug, numbered when the heading repeats."""
        base = iri.slug(self.title)
        return base if self.occurrence == 1 else f"{base}-{self.occurrence}"


@dataclass(frozen=True)
class Profile:
    """What every statement of a profile refers to."""

    occupation: ox.NamedNode
    code: str


class OccupationProfileAdapter(DocumentAdapter):
    """An O*NET OnLine occupation profile page, converted to Markdown-like text."""

    kind: ClassVar[str] = "occupation-profile"
    media_type: ClassVar[str] = "text/markdown"

    @classmethod
    def detect(cls, document: Document) -> bool:
        lines = [text for _, _, text in document.lines() if text.strip()]
        if not lines or not _PROFILE_HEADING.match(lines[0]):
            return False
        headings = {text.strip().casefold() for text in lines if text.startswith("## ")}
        return bool(headings & {"## occupation-specific information", "## occupational requirements"})

    def parse(self, document: Document, emit: Emitter) -> None:
        head, sections = _split(document)
        profile = _profile(document, emit, head)
        for section in sections:
            _read_section(document, emit, profile, section)


# ---------------------------------------------------------------------- structure


def _split(document: Document) -> tuple[Line, list[Section]]:
    """The profile heading line and every section below it."""
    lines = [line for line in page_lines(document) if not line.blank]
    if not lines:
        raise document.error(None, "file is empty")
    head = lines[0]
    if not _PROFILE_HEADING.match(head.text):
        raise document.error(
            head.start, "expected the profile heading '# NN-NNNN.NN - Title' on the first line"
        )
    # Lines right under the profile heading, if a page has any, are kept as a section of
    # their own (no reader knows its name, so they are kept as the page words them).
    before, headed = split_sections(lines[1:], _heading_title)
    sections: list[Section] = [Section("profile heading", head, lines=before)]
    seen: dict[str, int] = {}
    for part in headed:
        seen[part.key.casefold()] = seen.get(part.key.casefold(), 0) + 1
        sections.append(Section(part.key, part.heading, seen[part.key.casefold()], part.lines))
    if not sections[-1].lines:
        last = sections[-1]
        raise document.error(
            last.heading.start,
            f"the file ends right after the heading {last.title!r}: the section is cut off",
        )
    return head, sections[1:] if not sections[0].lines else sections


def _heading_title(line: Line) -> str | None:
    heading = _HEADING.match(line.text)
    return heading.group("title") if heading else None


def _profile(document: Document, emit: Emitter, head: Line) -> Profile:
    match = _PROFILE_HEADING.match(head.text)
    assert match is not None  # checked by _split
    code = match.group("code")
    if not iri.ONET_SOC_CODE.match(code):
        raise document.error(
            head.start, f"{code!r} in the profile heading is not an O*NET-SOC code (NN-NNNN.NN)"
        )
    node = emit.occupation(code, match.group("title"))
    return Profile(node, code)


Reader = Callable[[Document, Emitter, Profile, Section], None]


def _read_section(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    if [line.text.strip() for line in section.lines] == [_NO_DATA]:
        # The page shows the heading with "No data extracted.": nothing to record.
        return
    reader = _READERS.get(section.key)
    if reader is not None:
        reader(document, emit, profile, section)
    elif section.key in _DESCRIPTOR_SECTIONS:
        _descriptors(document, emit, profile, section)
    elif section.lines:
        _unmapped(emit, profile, section)
    # A heading without lines of its own (e.g. "## Occupational requirements") only groups
    # the sections below it.


def _items(document: Document, section: Section) -> list[tuple[int, Line]]:
    """The ``- item`` lines of a list section, numbered from 1."""
    result = []
    for position, line in enumerate(section.lines, start=1):
        if not line.text.startswith("- ") or not line.text[2:].strip():
            raise document.error(line.start, f"expected a list item '- …' in section {section.title!r}")
        result.append((position, line))
    return result


def _item_text(line: Line) -> tuple[str, Span]:
    span = line.span(2)
    return line.text[span.start - line.start : span.end - line.start], span


def _require_sentence(document: Document, line: Line, text: str, what: str) -> None:
    if not text.rstrip().endswith("."):
        raise document.error(
            line.start,
            f"{what} is cut off: it does not end its sentence with a period ({text[-40:]!r})",
        )


def _statement(emit: Emitter, cls: ox.NamedNode, local: str, span: Span, profile: Profile) -> ox.NamedNode:
    return emit.statement_about(cls, local, span, [profile.occupation])


# ---------------------------------------------------------------------- sections


def _description(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in enumerate(section.lines, start=1):
        span = line.span()
        _require_sentence(document, line, line.text, "the description")
        node = _statement(emit, SS.DescriptionClaim, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.aspect, "description")
        emit.value(node, SS.text, line.text.strip())


def _reported_titles(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    position = 0
    for line in section.lines:
        for begin, stop in _comma_parts(document, line):
            span = line.span(begin, stop)
            title = emit.text_of(span)
            if not title:
                raise document.error(line.start, "an empty job title between two commas")
            position += 1
            node = _statement(emit, SS.ReportedTitleClaim, f"{section.local}/{position}", span, profile)
            emit.value(node, SS.title, title)
            emit.value(node, SS.position, position)


def _comma_parts(document: Document, line: Line) -> list[tuple[int, int]]:
    """Offsets (within the line) of its comma-separated parts; commas in parentheses stay."""
    parts: list[tuple[int, int]] = []
    depth = 0
    begin = 0
    for index, char in enumerate(line.text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise document.error(line.start, "a ')' without its '('")
        elif char == "," and depth == 0:
            parts.append((begin, index))
            begin = index + 1
    if depth:
        raise document.error(line.start, "a '(' is never closed: the line is cut off")
    parts.append((begin, len(line.text)))
    return parts


def _tasks(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in _items(document, section):
        text, span = _item_text(line)
        _require_sentence(document, line, text, "the task line")
        node = _statement(emit, SS.Task, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.text, text)
        emit.value(node, SS.position, position)


def _technology(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in _items(document, section):
        text, span = _item_text(line)
        match = _DEFINED.match(text)
        if not match or not match.group("definition").strip():
            raise document.error(line.start, "technology line lacks its '— products' part (cut off?)")
        commodity = match.group("name")
        products, hidden = _products(document, line, match.group("definition"))
        skill = emit.concept(iri.descriptor("technology-skill", commodity), SS.TechnologySkill, commodity)
        local = f"{section.local}/{position}"
        node = _statement(emit, SS.TechnologySkillStatement, local, span, profile)
        emit.add(node, SS.descriptor, skill)
        emit.value(node, SS.position, position)
        for name in products:
            emit.add(node, SS.exampleProduct, emit.concept(iri.product(name), SS.Product, name))
        if hidden is not None:
            # ";N more": the page names some products and hides N; the total is declared.
            count = _statement(emit, SS.DeclaredCount, f"{local}/declared-count", span, profile)
            emit.value(count, SS.declaredCount, len(products) + hidden)
            emit.add(count, SS.countedClass, SS.Product)
            emit.add(count, SS.descriptor, skill)


def _products(document: Document, line: Line, text: str) -> tuple[list[str], int | None]:
    names = [part.strip() for part in text.split(";")]
    hidden = None
    more = _MORE.match(names[-1])
    if more:
        hidden = int(more.group("count"))
        names = names[:-1]
    if not names or any(not name for name in names):
        raise document.error(line.start, "an empty product name in a technology line")
    return names, hidden


def _descriptors(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    kind, class_name = _DESCRIPTOR_SECTIONS[section.key]
    cls = SS[class_name]
    for position, line in _items(document, section):
        text, span = _item_text(line)
        match = _DEFINED.match(text)
        if match:
            name, definition = match.group("name"), match.group("definition").strip()
            _require_sentence(document, line, definition, f"the definition of {name!r}")
        elif section.key in _DEFINITION_REQUIRED:
            raise document.error(line.start, f"{section.title} line lacks its '— definition' part (cut off?)")
        else:
            name, definition = text, None
            _require_sentence(document, line, text, f"the {section.title} line")
        concept = emit.concept(iri.descriptor(kind, name), cls, name, definition=definition)
        node = _statement(emit, SS.DescriptorStatement, f"{section.local}/{position}", span, profile)
        emit.add(node, SS.descriptor, concept)
        emit.value(node, SS.position, position)


def _work_context(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in _items(document, section):
        text, span = _item_text(line)
        match = _DEFINED.match(text)
        answer = _WORK_CONTEXT.match(match.group("definition").strip()) if match else None
        if not match or not answer:
            raise document.error(
                line.start,
                "work-context line lacks its percentage and response "
                "(expected 'Item— N% responded “Category.”'; cut off?)",
            )
        name = match.group("name")
        percentage = _percentage(document, line, answer.group("pct"))
        concept = emit.concept(iri.descriptor("work-context", name), SS.WorkContextItem, name)
        node = _statement(emit, SS.DescriptorStatement, f"{section.local}/{position}", span, profile)
        emit.add(node, SS.descriptor, concept)
        emit.value(node, SS.percentage, percentage)
        emit.value(node, SS.responseCategory, answer.group("category").strip())
        emit.value(node, SS.position, position)


def _percentage(document: Document, line: Line, text: str) -> Decimal:
    value = Decimal(text)
    if value > 100:
        raise document.error(line.start, f"percentage {text}% is over 100")
    return value


def _section_title(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    # The heading a page shows for a section; when it names another occupation the mismatch
    # is recorded as it stands (ss:title) for the audit to report, not corrected.
    for position, line in enumerate(section.lines, start=1):
        span = line.span()
        text = emit.text_of(span)
        node = _statement(emit, SS.DescriptionClaim, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.aspect, "section title")
        emit.value(node, SS.text, text)
        named = _NAMED_TITLE.match(text)
        if named:
            emit.value(node, SS.title, named.group("occupation"))


def _education(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in _items(document, section):
        text, span = _item_text(line)
        match = _EDUCATION.match(text)
        if not match:
            raise document.error(
                line.start,
                "education line lacks its percentage or level (expected 'N%responded:Level'; cut off?)",
            )
        level = match.group("level")
        required = _REQUIRED.match(level)
        if required:
            level = required.group("level")
        concept = emit.concept(iri.descriptor("education-level", level), SS.EducationLevel, level)
        node = _statement(emit, SS.EducationClaim, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.percentage, _percentage(document, line, match.group("pct")))
        emit.add(node, SS.educationLevel, concept)
        emit.value(node, SS.required, True if required else None)
        emit.value(node, SS.position, position)


def _job_zone_examples(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in enumerate(section.lines, start=1):
        span = line.span()
        text = emit.text_of(span)
        aspect = "apprenticeship" if text.startswith("Apprenticeship") else "job zone examples"
        node = _statement(emit, SS.DescriptionClaim, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.aspect, aspect)
        emit.value(node, SS.text, text)


def _svp_range(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    # "No data extracted." is skipped before this (it says the page had no SVP range);
    # anything else the section shows is kept as the page words it.
    for position, line in enumerate(section.lines, start=1):
        span = line.span()
        node = _statement(emit, SS.DescriptionClaim, f"{section.local}/{position}", span, profile)
        emit.value(node, SS.aspect, "SVP range")
        emit.value(node, SS.text, emit.text_of(span))


def _wages(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in enumerate(section.lines, start=1):
        if not line.text.startswith("Median wages"):
            _unmapped_line(emit, profile, f"{section.local}/{position}", line)
            continue
        match = _WAGE_LINE.match(line.text.strip())
        if not match:
            raise document.error(line.start, "wage line lacks its year (expected 'Median wages (YYYY): …')")
        year = int(match.group("year"))
        for part in match.group("values").split(", "):
            value = _WAGE_VALUE.match(part.strip())
            if not value:
                raise document.error(
                    line.start,
                    f"wage {part.strip()!r} is not '$N hourly' or '$N annual' (cut off?)",
                )
            period = value.group("period")
            local = f"{section.local}/{year}-{period}"
            node = _statement(emit, SS.WageClaim, local, line.span(), profile)
            emit.value(node, SS.medianValue, Decimal(value.group("amount").replace(",", "")))
            emit.value(node, SCHEMA.currency, "USD")
            emit.value(node, SS.payPeriod, period)
            emit.value(node, SS.year, year)


def _related(document: Document, emit: Emitter, profile: Profile, section: Section) -> None:
    for position, line in _items(document, section):
        text, span = _item_text(line)
        match = _RELATED.match(text)
        if not match:
            found = _CODE_PREFIX.match(text)
            shown = found.group(0) if found else text[:20]
            raise document.error(
                line.start,
                f"related occupation {shown!r} does not start with an O*NET-SOC code "
                "(NN-NNNN.NN) followed by its title",
            )
        title = match.group("title").strip()
        # This page is not the related occupation's profile: its title is an altLabel.
        related = emit.occupation(match.group("code"))
        emit.add(related, SKOS.altLabel, literal(title))
        node = _statement(emit, SS.RelatedOccupationClaim, f"{section.local}/{position}", span, profile)
        emit.add(node, SS.relatedOccupation, related)
        emit.value(node, SS.position, position)
        emit.value(node, SS.brightOutlook, True if match.group("flag") else None)


def _unmapped(emit: Emitter, profile: Profile, section: Section) -> None:
    """A section this adapter has no mapping for: its lines are kept as the page shows them."""
    for position, line in enumerate(section.lines, start=1):
        _unmapped_line(emit, profile, f"{section.local}/{position}", line)


def _unmapped_line(emit: Emitter, profile: Profile, local: str, line: Line) -> None:
    span = line.span()
    node = _statement(emit, SS.DescriptionClaim, local, span, profile)
    emit.value(node, SS.text, emit.text_of(span))


_READERS: dict[str, Reader] = {
    "description": _description,
    "sample of reported job titles": _reported_titles,
    "tasks": _tasks,
    "technology skills": _technology,
    "work context": _work_context,
    "title": _section_title,
    "education": _education,
    "job zone examples": _job_zone_examples,
    "svp range": _svp_range,
    "wages & employment trends": _wages,
    "related occupations": _related,
}
