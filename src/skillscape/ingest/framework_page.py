"""The layout of a skills-framework page, read into its parts (see :mod:`skillscape.ingest.framework`).

Reading checks the layout only: each part keeps the lines and offsets it came from, and
:mod:`skillscape.ingest.framework` maps the parts to statements.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Span
from skillscape.ingest.page_text import Line, PageText

SOC_LINE = re.compile(r"^SOC (?P<code>\d{2}-\d{4}\.\d{2})(?P<rest>.*)$")
_SOC_REST = re.compile(
    r"^(?:(?P<zone_text>Job Zone (?P<zone>\d+)(?: · (?P<label>.+?))?))?"
    r"(?P<version>v\.?\d+(?:\.\d+)*)?$"
)
ITEM = re.compile(r"^(?P<indent>\s+)(?P<number>\d+)\. (?P<text>\S.*?)\s*$")
_GLUED_PARAGRAPH = re.compile(r"^(?P<head>[A-Z][a-z]+(?: [a-z]+){0,3})(?P<body>[A-Z][a-z].+)$")
_COUNT_SENTENCE = re.compile(r"^(?P<measure>.+?) for (?P<value>\d[\d,]*) (?P<unit>\w+)$")
_DOMAIN = re.compile(r"^(?P<number>\d+)(?P<name>\D.*?)(?P<count>\d+) statements?$")
_ANCHORS = re.compile(r"^Show (?P<what>.+?)(?P<count>\d+) anchors?(?: · (?P<site>\S+))?$")
_SITE_LINE = re.compile(r"^(?P<what>.+?) · (?P<site>[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})$")
_FIGURE = re.compile(r"^(?P<measure>[^:]+): (?P<value>\S.*)$")
_NUMBER = re.compile(r"^(?P<number>-?\d+(?:\.\d+)?)\s*(?P<unit>%)?$")
_OUT_OF = re.compile(r"^(?P<number>-?\d+(?:\.\d+)?) / (?P<max>\d+(?:\.\d+)?)$")
CHIP_END = ". Opens in new tab."
_FOOTER = "Sources: "

#: page chrome: navigation and links, not data
_CHROME = frozenset({"Back to Framework", "Suggest an O*NET correction"})
#: a line that titles the source-anchor lists as a whole (not a list of its own)
_ANCHOR_SUBTITLE = "Source anchors"

#: source-anchor lists whose items are descriptors: heading → (kind slug, concept class)
DESCRIPTOR_LISTS: dict[str, tuple[str, str]] = {
    "O*NET skills": ("skill", "OnetSkill"),
    "Knowledge domains": ("knowledge", "KnowledgeArea"),
    "Abilities": ("ability", "Ability"),
    "Work styles": ("work-style", "WorkStyle"),
    "Technology": ("technology-skill", "TechnologySkill"),
}
TITLES_LIST = "Related titles"
TASKS_LIST = "Tasks"
CIP_LIST = "CIP education codes"
_APPRENTICESHIPS_LIST = "RAPIDS apprenticeships"
_KNOWN_LISTS = frozenset({*DESCRIPTOR_LISTS, TITLES_LIST, TASKS_LIST, CIP_LIST, _APPRENTICESHIPS_LIST})


# ---------------------------------------------------------------------- parts of a page


@dataclass(frozen=True)
class Item:
    """A numbered item: ``start``/``end`` select its text without the list marker."""

    number: int
    line: Line
    start: int
    end: int
    text: str

    def span(self, begin: int = 0, stop: int | None = None) -> Span:
        stop = len(self.text) if stop is None else stop
        return Span(self.start + begin, self.start + stop)


@dataclass
class Level:
    name: str
    heading: Line
    role: str | None = None
    items: list[Item] = field(default_factory=list)


@dataclass
class Figure:
    measure: str
    span: Span
    number: Decimal | None = None
    text: str | None = None
    unit: str | None = None
    maximum: Decimal | None = None


@dataclass
class EvidenceGroup:
    name: str
    heading: Line
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Domain:
    number: str
    name: str
    declared: int
    heading: Line
    levels: list[Level]

    @property
    def span(self) -> Span:
        last = self.levels[-1].items[-1]
        return Span(self.heading.start, last.end)


@dataclass
class AnchorList:
    heading: str
    line: Line
    content: list[Line] = field(default_factory=list)


@dataclass
class Anchors:
    declared: int
    heading: Line
    sites: list[str]
    lists: list[AnchorList]


@dataclass(frozen=True)
class FooterEntry:
    name: str
    note: str | None
    span: Span


@dataclass
class Paragraph:
    line: Line
    aspect: str | None = None


@dataclass
class Page:
    code: str
    title: Line
    soc: Line
    job_zone: tuple[int, str | None, Span] | None = None
    version: str | None = None
    context: tuple[str, str, Span] | None = None
    competency_levels: list[Level] = field(default_factory=list)
    ai_levels: list[Level] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    evidence: list[EvidenceGroup] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    anchors: Anchors | None = None
    footer: tuple[list[FooterEntry], str | None, Span] | None = None


# ---------------------------------------------------------------------- reading the layout


def _run_has_item(reader: PageText) -> bool:
    """Whether the run of non-blank lines at the cursor holds a numbered item."""
    ahead = 0
    while (line := reader.peek(ahead)) is not None and not line.blank:
        if ITEM.match(line.text):
            return True
        ahead += 1
    return False


def read_page(document: Document) -> Page:
    """The page's parts, in reading order; a :class:`SourceError` where the layout breaks."""
    reader = PageText(document)
    page = _read_header(reader)
    pending: list[Paragraph] = []
    while True:
        reader.skip_blank()
        line = reader.peek()
        if line is None:
            break
        text = line.text.strip()
        if text.startswith(_FOOTER):
            page.footer = _read_footer(reader)
        elif text in _CHROME:
            reader.advance()
        elif text == "Evidence pack":
            page.evidence = _read_evidence(reader)
        elif _DOMAIN.match(text):
            _name_paragraphs(pending, "durable skills")
            page.domains = _read_domains(reader)
        elif _ANCHORS.match(text):
            page.anchors = _read_anchors(reader)
        elif _run_has_item(reader):
            _read_levels_section(reader, page, pending)
        elif page.context is None and not page.competency_levels and _GLUED_PARAGRAPH.match(text):
            page.context = _read_context(reader)
        elif match := _COUNT_SENTENCE.match(text):
            reader.advance()
            page.figures.append(
                Figure(
                    match["measure"],
                    line.span(),
                    number=Decimal(match["value"].replace(",", "")),
                    unit=match["unit"],
                )
            )
        else:
            paragraph = Paragraph(reader.advance())
            pending.append(paragraph)
            page.paragraphs.append(paragraph)
    if not page.competency_levels:
        raise reader.error(page.soc, "no proficiency levels with numbered competencies follow")
    return page


def _name_paragraphs(pending: list[Paragraph], aspect: str) -> None:
    """The paragraphs just before a section introduce it."""
    for paragraph in pending:
        paragraph.aspect = aspect
    pending.clear()


def _read_header(reader: PageText) -> Page:
    soc_index = next((i for i, line in enumerate(reader.lines) if SOC_LINE.match(line.text.strip())), None)
    if soc_index is None:
        raise reader.error(reader.peek(), "no 'SOC NN-NNNN.NN' line: not a skills-framework page")
    soc = reader.lines[soc_index]
    # Lines above the title are the site's navigation (logo, "Sign in", "Back to Framework").
    title = next((line for line in reversed(reader.lines[:soc_index]) if not line.blank), None)
    if title is None or title.text.strip() in _CHROME:
        raise reader.error(soc, "no occupation title above the 'SOC' line")
    match = SOC_LINE.match(soc.text.strip())
    assert match is not None
    page = Page(code=match["code"], title=title, soc=soc)
    rest = _SOC_REST.match(match["rest"])
    if rest is None:
        raise reader.error(
            soc, f"cannot read {match['rest']!r} after the code (expected 'Job Zone N · Label' and 'v.N')"
        )
    if rest["zone"]:
        offset = soc.start + len(soc.text) - len(soc.text.lstrip()) + match.start("rest")
        zone_span = Span(offset + rest.start("zone_text"), offset + rest.end("zone_text"))
        page.job_zone = (int(rest["zone"]), rest["label"], zone_span)
    page.version = rest["version"]
    reader.index = soc_index + 1
    return page


def _read_context(reader: PageText) -> tuple[str, str, Span]:
    line = reader.advance()
    match = _GLUED_PARAGRAPH.match(line.text.strip())
    assert match is not None
    return match["head"], match["body"], line.span()


def _read_levels_section(reader: PageText, page: Page, pending: list[Paragraph]) -> None:
    if not page.competency_levels:
        _name_paragraphs(pending, "competencies")
        page.competency_levels = _read_levels(reader, roles=None, stop=lambda _: False)
        for level in page.competency_levels:
            for item in level.items:
                _require_end(reader, item, ".", "competency")
    elif not page.ai_levels:
        _name_paragraphs(pending, "AI use")
        page.ai_levels = _read_levels(
            reader, roles=False, stop=lambda line: line.text.strip() == "Evidence pack"
        )
        known = {level.name for level in page.competency_levels}
        for level in page.ai_levels:
            if level.name not in known:
                raise reader.error(
                    level.heading,
                    f"AI-use level {level.name!r} is not one of the proficiency levels above "
                    f"({', '.join(sorted(known))})",
                )
    else:
        raise reader.error(reader.peek(), "a third list of proficiency levels: the layout allows two")


def _read_levels(reader: PageText, roles: bool | None, stop: Callable[[Line], bool]) -> list[Level]:
    """Level headings (a name, and a role label where ``roles``) each followed by numbered items.

    ``roles=None`` takes whether levels have role labels from the first level.
    """
    levels: list[Level] = []
    headings: list[Line] = []
    while (line := reader.peek()) is not None and not line.blank and not stop(line):
        match = ITEM.match(line.text)
        if match is None:
            headings.append(reader.advance())
            continue
        if headings:
            roles = _check_headings(reader, headings, roles)
            levels.append(_level(reader, headings, levels))
            headings = []
        elif not levels:
            raise reader.error(line, "a numbered item before any level heading")
        level = levels[-1]
        number = int(match["number"])
        if number != len(level.items) + 1:
            raise reader.error(
                line,
                f"item {number} of level {level.name!r} where item {len(level.items) + 1} is expected",
            )
        start = line.start + match.start("text")
        level.items.append(Item(number, line, start, start + len(match["text"]), match["text"]))
        reader.advance()
    if headings:
        raise reader.error(headings[0], f"level heading {headings[0].text.strip()!r} has no statements")
    return levels


def _check_headings(reader: PageText, headings: list[Line], roles: bool | None) -> bool:
    allowed = 2 if roles or roles is None else 1
    if len(headings) > allowed:
        raise reader.error(
            headings[0],
            f"level heading {headings[0].text.strip()!r} has no statements "
            f"(followed by {headings[1].text.strip()!r}, not by a numbered item)",
        )
    has_role = len(headings) == 2
    if roles and not has_role:
        raise reader.error(headings[0], f"level heading {headings[0].text.strip()!r} lacks its role label")
    return has_role


def _level(reader: PageText, headings: list[Line], levels: list[Level]) -> Level:
    name = headings[0].text.strip()
    if any(level.name == name for level in levels):
        raise reader.error(headings[0], f"level {name!r} appears twice in one list")
    role = headings[1].text.strip() if len(headings) == 2 else None
    return Level(name, headings[0], role)


def _require_end(reader: PageText, item: Item, ending: str, what: str) -> None:
    if not item.text.endswith(ending):
        raise reader.error(
            item.line,
            f"{what} {item.number} is cut off: it does not end with {ending!r} (…{item.text[-40:]!r})",
        )


def _read_evidence(reader: PageText) -> list[EvidenceGroup]:
    reader.advance()  # "Evidence pack"
    groups: list[EvidenceGroup] = []
    previous = "start"
    while (line := reader.peek()) is not None and not line.blank:
        reader.advance()
        text = line.text.strip()
        match = _FIGURE.match(text)
        if match:
            if not groups:
                raise reader.error(line, "an evidence figure before any group heading")
            groups[-1].figures.append(_figure(match["measure"], match["value"], line))
            previous = "figure"
        elif previous in ("start", "figure"):
            if groups and not groups[-1].figures:
                raise reader.error(groups[-1].heading, f"evidence group {groups[-1].name!r} is empty")
            groups.append(EvidenceGroup(text, line))
            previous = "heading"
        else:
            # a value shown without a name: it is the group's own value (e.g. a cluster)
            groups[-1].figures.append(Figure(groups[-1].name, line.span(), text=text))
            previous = "value"
    if not groups or not groups[-1].figures:
        where = groups[-1].heading if groups else reader.peek()
        raise reader.error(where, "the evidence pack ends without figures")
    return groups


def _figure(measure: str, value: str, line: Line) -> Figure:
    figure = Figure(measure.strip(), line.span())
    number = _NUMBER.match(value)
    out_of = _OUT_OF.match(value)
    if number:
        figure.number = Decimal(number["number"])
        figure.unit = number["unit"]
    elif out_of:
        figure.number = Decimal(out_of["number"])
        figure.maximum = Decimal(out_of["max"])
    else:
        figure.text = value.strip()
    return figure


def _read_domains(reader: PageText) -> list[Domain]:
    domains: list[Domain] = []
    while (line := reader.peek()) is not None and (match := _DOMAIN.match(line.text.strip())):
        reader.advance()
        levels = _read_levels(
            reader,
            roles=False,
            stop=lambda next_line: bool(
                _DOMAIN.match(next_line.text.strip()) or _ANCHORS.match(next_line.text.strip())
            ),
        )
        if not levels:
            raise reader.error(line, f"durable-skill domain {match['name']!r} has no statements")
        for level in levels:
            for item in level.items:
                _require_end(reader, item, CHIP_END, "durable-skill statement")
        domains.append(Domain(match["number"], match["name"].strip(), int(match["count"]), line, levels))
    return domains


def _read_anchors(reader: PageText) -> Anchors:
    heading = reader.advance()
    match = _ANCHORS.match(heading.text.strip())
    assert match is not None
    sites = [match["site"]] if match["site"] else []
    lists: list[AnchorList] = []
    while (line := reader.peek()) is not None:
        text = line.text.strip()
        if line.blank:
            if lists:
                break
            reader.advance()
            continue
        reader.advance()
        site = _SITE_LINE.match(text)
        if not lists and (text in _CHROME or text.startswith(_ANCHOR_SUBTITLE)):
            continue
        if not lists and site:
            sites.append(site["site"])
            continue
        key = text.split(" · ")[0]
        current = lists[-1] if lists else None
        if key in _KNOWN_LISTS:
            lists.append(AnchorList(key, line))
        elif current is not None and (not current.content or ITEM.match(line.text)):
            current.content.append(line)
        elif current is not None and current.heading == TASKS_LIST:
            raise reader.error(line, f"a line in the tasks list that is not a numbered task: {text!r}")
        else:
            # a list the layout does not name: kept under its own heading
            lists.append(AnchorList(text, line))
    return Anchors(int(match["count"]), heading, sites, lists)


def _read_footer(reader: PageText) -> tuple[list[FooterEntry], str | None, Span]:
    line = reader.advance()
    text = line.text.rstrip()
    lead = len(text) - len(text.lstrip())
    body_start = lead + len(_FOOTER)
    rights_at = text.find(" ©", body_start)
    list_end = rights_at if rights_at >= 0 else len(text)
    if text[list_end - 1] == ".":
        list_end -= 1
    rights = text[rights_at + 1 :].strip() if rights_at >= 0 else None
    entries = []
    for begin, stop in _comma_parts(reader, line, body_start, list_end):
        part = text[begin:stop].strip()
        offset = begin + len(text[begin:stop]) - len(text[begin:stop].lstrip())
        name, note = part, None
        if part.endswith(")") and "(" in part:
            name, note = part[: part.index("(")].strip(), part[part.index("(") + 1 : -1].strip()
        entries.append(FooterEntry(name, note, Span(line.start + offset, line.start + offset + len(part))))
    if reader.peek() is not None:
        for rest in reader.lines[reader.index :]:
            if not rest.blank:
                raise reader.error(rest, f"text after the page's sources line: {rest.text.strip()!r}")
    return entries, rights, line.span()


def _comma_parts(reader: PageText, line: Line, begin: int, end: int) -> list[tuple[int, int]]:
    parts: list[tuple[int, int]] = []
    depth = 0
    start = begin
    for index in range(begin, end):
        char = line.text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append((start, index))
            start = index + 1
    if depth:
        raise reader.error(line, "a '(' is never closed in the sources line: it is cut off")
    parts.append((start, end))
    return parts
