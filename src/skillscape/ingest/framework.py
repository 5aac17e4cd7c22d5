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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, Span
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SCHEMA, SKOS, SS
from skillscape.resources import resource_dir

OCCUPATIONAL_SCALE = "Occupational proficiency"
DURABLE_SCALE = "Durable skill proficiency"

_SOC = re.compile(r"^SOC (?P<code>\d{2}-\d{4}\.\d{2})(?P<rest>.*)$")
_SOC_REST = re.compile(
    r"^(?:(?P<zone_text>Job Zone (?P<zone>\d+)(?: · (?P<label>.+?))?))?"
    r"(?P<version>v\.?\d+(?:\.\d+)*)?$"
)
_ITEM = re.compile(r"^(?P<indent>\s+)(?P<number>\d+)\. (?P<text>\S.*?)\s*$")
_GLUED_PARAGRAPH = re.compile(r"^(?P<head>[A-Z][a-z]+(?: [a-z]+){0,3})(?P<body>[A-Z][a-z].+)$")
_COUNT_SENTENCE = re.compile(r"^(?P<measure>.+?) for (?P<value>\d[\d,]*) (?P<unit>\w+)$")
_DOMAIN = re.compile(r"^(?P<number>\d+)(?P<name>\D.*?)(?P<count>\d+) statements?$")
_ANCHORS = re.compile(r"^Show (?P<what>.+?)(?P<count>\d+) anchors?(?: · (?P<site>\S+))?$")
_SITE_LINE = re.compile(r"^(?P<what>.+?) · (?P<site>[\w-]+(?:\.[\w-]+)*\.[a-z]{2,})$")
_FIGURE = re.compile(r"^(?P<measure>[^:]+): (?P<value>\S.*)$")
_NUMBER = re.compile(r"^(?P<number>-?\d+(?:\.\d+)?)\s*(?P<unit>%)?$")
_OUT_OF = re.compile(r"^(?P<number>-?\d+(?:\.\d+)?) / (?P<max>\d+(?:\.\d+)?)$")
_CHIP_END = ". Opens in new tab."
_SEPARATOR = " — "
_FOOTER = "Sources: "
_VERSION = re.compile(r"\brelease_[\w.-]+|\bv\d+(?:\.\d+)+\b")
_TRAILING_YEAR = re.compile(r"^(?P<main>.+?) (?P<year>(?:19|20)\d\d)$")
_AUTHOR_YEAR = re.compile(r"^(?P<authors>[^,()]+), (?P<year>\d{4})(?: \((?P<identifier>[^)]+)\))?$")
_DATE = re.compile(r"\((?P<date>[A-Z][a-z]+\.? \d{4})\)")
_LICENCE = re.compile(
    r"^(?:CC[ -]?(?:BY(?:[ -](?:SA|NC|ND))*|0)(?: \d\.\d)?|ODbL(?: \d\.\d)?|Public Domain"
    r"|MIT|Apache[ -]2\.0)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_LOWER_WORD = re.compile(r"^[a-z][a-z'’-]*[,;:.]?$")

#: page chrome: navigation and links, not data
_CHROME = frozenset({"Back to Framework", "Suggest an O*NET correction"})
#: a line that titles the source-anchor lists as a whole (not a list of its own)
_ANCHOR_SUBTITLE = "Source anchors"

#: source-anchor lists whose items are descriptors: heading → (kind slug, concept class)
_DESCRIPTOR_LISTS: dict[str, tuple[str, str]] = {
    "O*NET skills": ("skill", "OnetSkill"),
    "Knowledge domains": ("knowledge", "KnowledgeArea"),
    "Abilities": ("ability", "Ability"),
    "Work styles": ("work-style", "WorkStyle"),
    "Technology": ("technology-skill", "TechnologySkill"),
}
_TITLES_LIST = "Related titles"
_TASKS_LIST = "Tasks"
_CIP_LIST = "CIP education codes"
_APPRENTICESHIPS_LIST = "RAPIDS apprenticeships"
_KNOWN_LISTS = frozenset({*_DESCRIPTOR_LISTS, _TITLES_LIST, _TASKS_LIST, _CIP_LIST, _APPRENTICESHIPS_LIST})


# ---------------------------------------------------------------------- lexicon


def _lexicon_path(name: str) -> Path:
    return resource_dir("data") / "lexicon" / name


@cache
def _word_list(name: str) -> frozenset[str]:
    path = _lexicon_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, None, f"cannot read the lexicon: {exc.strerror or exc}") from exc
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def action_verbs() -> frozenset[str]:
    """Lower-case action verbs (first words of O*NET task statements and activity titles)."""
    return _word_list("action-verbs.txt")


def known_words() -> frozenset[str]:
    """Lower-case words of O*NET statements, titles and descriptions."""
    return _word_list("known-words.txt")


# ---------------------------------------------------------------------- splitting


def _is_known(token: str) -> bool:
    parts = _WORD.findall(token)
    words = known_words()
    return bool(parts) and all(part.lower() in words for part in parts)


def _splits(token: str) -> Iterable[tuple[int, bool, bool, bool]]:
    """``(position, right is a verb, left is a word, right is a word)`` for each cut of ``token``."""
    verbs, words = action_verbs(), known_words()
    for position in range(1, len(token)):
        left, right = token[:position], token[position:]
        if not (left[-1].isalpha() and right[0].islower()):
            continue
        left_word = _WORD.findall(left)
        if not left_word:
            continue
        yield (
            position,
            right.lower() in verbs,
            left_word[-1].lower() in words,
            right.lower() in words,
        )


def split_heading(text: str) -> tuple[int, int] | None:
    """Where a competency's heading ends and its body starts, as offsets into ``text``.

    ``Heading — body`` splits at the separator. Otherwise the heading's last word is glued to
    the body's first word ("Circulation transactionsperform check-out, …"). Only words that
    are not known words are cut, and the cuts are tried in this order of trust, each time in
    the first word that has one:

    1. a known word on the left and an action verb on the right ("transactions|perform");
    2. known words on both sides ("processing|catalog");
    3. an action verb on the right after an unknown word ("roadmap|evaluate").

    ``None`` when no word can be cut.
    """
    separator = text.find(_SEPARATOR)
    if separator > 0:
        return separator, separator + len(_SEPARATOR)
    tokens = [
        (match.start(), match.group().rstrip(",.;:"))
        for match in re.finditer(r"\S+", text)
        if not _is_known(match.group())
    ]
    tiers: list[Callable[[bool, bool, bool], bool]] = [
        lambda verb, left, _: verb and left,
        lambda _, left, right: left and right,
        lambda verb, _left, _right: verb,
    ]
    for accept in tiers:
        for start, token in tokens:
            cuts = [at for at, verb, left, right in _splits(token) if accept(verb, left, right)]
            if cuts:
                # the earliest cut leaves the longest word on the right
                return start + cuts[0], start + cuts[0]
    return None


def split_camel_list(text: str) -> list[tuple[int, int]]:
    """Offsets of the items of a list whose items were run together ("Active ListeningSpeaking")."""
    cuts = [index for index in range(1, len(text)) if text[index].isupper() and text[index - 1].islower()]
    bounds = [0, *cuts, len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _is_label_word(word: str) -> bool:
    """A word that can belong to a citation label: not a plain lower-case word."""
    return bool(word) and not _LOWER_WORD.match(word)


def _glue_points(text: str) -> list[int]:
    """Offsets where a lower-case letter or digit runs into an upper-case letter."""
    return [
        index
        for index in range(1, len(text))
        if text[index].isupper() and (text[index - 1].islower() or text[index - 1].isdigit())
    ]


def _label_start(text: str, glue: int, floor: int) -> int | None:
    """Start of the citation label that ends at ``glue``: the label words right before it.

    ``None`` when the word before ``glue`` is a plain word, or when every word from ``floor``
    on looks like a label (the statement would have no text of its own).
    """
    words = [(floor + m.start(), m.group()) for m in re.finditer(r"\S+", text[floor:glue])]
    start = None
    for offset, word in reversed(words):
        if not _is_label_word(word):
            return start
        start = offset
    return None


# ---------------------------------------------------------------------- parsed page


@dataclass(frozen=True)
class Line:
    """One line: its number, its offset and its text (no line break)."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def span(self) -> Span:
        lead = len(self.text) - len(self.text.lstrip())
        return Span(self.start + lead, self.start + len(self.text.rstrip()))


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


@dataclass(frozen=True)
class CitedWork:
    """What a chip or the footer says about a cited work."""

    title: str
    label: str | None = None
    version: str | None = None
    issued: str | None = None
    publisher: str | None = None
    identifier: str | None = None
    citation: str | None = None


@dataclass(frozen=True)
class Chip:
    label: str
    work: CitedWork
    span: Span


@dataclass(frozen=True)
class ChipStatement:
    """``Title — text Chip Chip``: the parts of an AI-use or durable-skill statement."""

    item: Item
    title: str
    text: str
    chips: list[Chip]


@dataclass(frozen=True)
class Competency:
    item: Item
    title: str
    text: str


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


class _Reader:
    """A cursor over the lines of a document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines = [Line(n, start, text) for n, start, text in document.lines()]
        self.index = 0

    def peek(self, ahead: int = 0) -> Line | None:
        index = self.index + ahead
        return self.lines[index] if index < len(self.lines) else None

    def advance(self) -> Line:
        line = self.lines[self.index]
        self.index += 1
        return line

    def skip_blank(self) -> None:
        while (line := self.peek()) is not None and line.blank:
            self.index += 1

    def run_has_item(self) -> bool:
        """Whether the run of non-blank lines starting here holds a numbered item."""
        ahead = 0
        while (line := self.peek(ahead)) is not None and not line.blank:
            if _ITEM.match(line.text):
                return True
            ahead += 1
        return False

    def error(self, line: Line | None, reason: str) -> SourceError:
        return self.document.error(None if line is None else line.start, reason)


def read_page(document: Document) -> Page:
    """The page's parts, in reading order; a :class:`SourceError` where the layout breaks."""
    reader = _Reader(document)
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
        elif reader.run_has_item():
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


def _read_header(reader: _Reader) -> Page:
    soc_index = next((i for i, line in enumerate(reader.lines) if _SOC.match(line.text.strip())), None)
    if soc_index is None:
        raise reader.error(reader.peek(), "no 'SOC NN-NNNN.NN' line: not a skills-framework page")
    soc = reader.lines[soc_index]
    # Lines above the title are the site's navigation (logo, "Sign in", "Back to Framework").
    title = next((line for line in reversed(reader.lines[:soc_index]) if not line.blank), None)
    if title is None or title.text.strip() in _CHROME:
        raise reader.error(soc, "no occupation title above the 'SOC' line")
    match = _SOC.match(soc.text.strip())
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


def _read_context(reader: _Reader) -> tuple[str, str, Span]:
    line = reader.advance()
    match = _GLUED_PARAGRAPH.match(line.text.strip())
    assert match is not None
    return match["head"], match["body"], line.span()


def _read_levels_section(reader: _Reader, page: Page, pending: list[Paragraph]) -> None:
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


def _read_levels(reader: _Reader, roles: bool | None, stop: Callable[[Line], bool]) -> list[Level]:
    """Level headings (a name, and a role label where ``roles``) each followed by numbered items.

    ``roles=None`` takes whether levels have role labels from the first level.
    """
    levels: list[Level] = []
    headings: list[Line] = []
    while (line := reader.peek()) is not None and not line.blank and not stop(line):
        match = _ITEM.match(line.text)
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


def _check_headings(reader: _Reader, headings: list[Line], roles: bool | None) -> bool:
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


def _level(reader: _Reader, headings: list[Line], levels: list[Level]) -> Level:
    name = headings[0].text.strip()
    if any(level.name == name for level in levels):
        raise reader.error(headings[0], f"level {name!r} appears twice in one list")
    role = headings[1].text.strip() if len(headings) == 2 else None
    return Level(name, headings[0], role)


def _require_end(reader: _Reader, item: Item, ending: str, what: str) -> None:
    if not item.text.endswith(ending):
        raise reader.error(
            item.line,
            f"{what} {item.number} is cut off: it does not end with {ending!r} (…{item.text[-40:]!r})",
        )


def _read_evidence(reader: _Reader) -> list[EvidenceGroup]:
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


def _read_domains(reader: _Reader) -> list[Domain]:
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
                _require_end(reader, item, _CHIP_END, "durable-skill statement")
        domains.append(Domain(match["number"], match["name"].strip(), int(match["count"]), line, levels))
    return domains


def _read_anchors(reader: _Reader) -> Anchors:
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
        elif current is not None and (not current.content or _ITEM.match(line.text)):
            current.content.append(line)
        elif current is not None and current.heading == _TASKS_LIST:
            raise reader.error(line, f"a line in the tasks list that is not a numbered task: {text!r}")
        else:
            # a list the layout does not name: kept under its own heading
            lists.append(AnchorList(text, line))
    return Anchors(int(match["count"]), heading, sites, lists)


def _read_footer(reader: _Reader) -> tuple[list[FooterEntry], str | None, Span]:
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


def _comma_parts(reader: _Reader, line: Line, begin: int, end: int) -> list[tuple[int, int]]:
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


# ---------------------------------------------------------------------- items


def competency(document: Document, item: Item) -> Competency:
    """A competency's heading and body."""
    cut = split_heading(item.text)
    if cut is None:
        raise document.error(
            item.start,
            f"cannot tell the heading of competency {item.number} from its body "
            f"({item.text[:60]!r}): no glued word ends in a known action verb",
        )
    heading, body = item.text[: cut[0]].strip(), item.text[cut[1] :].strip()
    if not heading or not body:
        raise document.error(item.start, f"competency {item.number} lacks a heading or a body")
    return Competency(item, heading, body)


def chip_statement(document: Document, item: Item, what: str) -> ChipStatement:
    """``Title — text`` followed by citation chips ``LabelFull title. Opens in new tab.``."""
    text = item.text
    separator = text.find(_SEPARATOR)
    if separator <= 0:
        raise document.error(item.start, f"{what} {item.number} has no ' — ' between its title and its text")
    body_start = separator + len(_SEPARATOR)
    ends = [match.start() for match in re.finditer(re.escape(_CHIP_END), text)]
    if not ends or ends[0] < body_start:
        raise document.error(
            item.start,
            f"{what} {item.number} is cut off: it does not end with a citation chip ('… Opens in new tab.')",
        )
    tail = text[ends[-1] + len(_CHIP_END) :]
    if tail not in ("", "."):
        raise document.error(
            item.start,
            f"{what} {item.number} is cut off after its last citation chip ({tail[:40]!r})",
        )
    chips: list[Chip] = []
    body_end = None
    segment_start = body_start
    for number, end in enumerate(ends):
        if number:
            segment_start = ends[number - 1] + len(_CHIP_END)
            if text[segment_start : segment_start + 1] != " ":
                raise document.error(item.start, f"{what} {item.number}: citation chips not separated")
            segment_start += 1
        found = _chip(text, segment_start, end, first=number == 0)
        if found is None:
            raise document.error(
                item.start,
                f"{what} {item.number}: cannot tell the label of citation chip {number + 1} "
                "from the title it is glued to",
            )
        label_start, glue = found
        if number == 0:
            body_end = label_start
        label = text[label_start:glue].strip()
        chips.append(
            Chip(label, cited_work(text[glue:end], label), item.span(label_start, end + len(_CHIP_END)))
        )
    assert body_end is not None
    body = text[body_start:body_end].strip()
    if not body:
        raise document.error(item.start, f"{what} {item.number} has no text before its citation")
    return ChipStatement(item, text[:separator].strip(), body, chips)


def _chip(text: str, begin: int, end: int, first: bool) -> tuple[int, int] | None:
    """``(label start, glue point)`` of the chip that ends at ``end``."""
    candidates: list[tuple[int, int]] = []
    for glue in _glue_points(text[begin:end]):
        glue += begin
        if first:
            label_start = _label_start(text, glue, begin)
            if label_start is None or label_start <= begin:
                continue
        else:
            label_start = begin
            if not all(_is_label_word(word) for word in text[begin:glue].split()):
                continue
        candidates.append((label_start, glue))
    if not candidates:
        return None
    # a label usually repeats as the start of the title it is glued to
    for label_start, glue in candidates:
        first_word = text[label_start:glue].split()[0]
        if text.startswith(first_word, glue):
            return label_start, glue
    return candidates[0]


def cited_work(title_text: str, label: str | None = None) -> CitedWork:
    """What a chip's full title says: title, version, date, publisher, identifier."""
    text = title_text.strip()
    main, _, detail = text.partition(_SEPARATOR)
    version = issued = publisher = identifier = None
    trailing = _TRAILING_YEAR.match(main)
    if trailing:
        main, version = trailing["main"], trailing["year"]
    if detail:
        author_year = _AUTHOR_YEAR.match(detail)
        found_version = _VERSION.search(detail)
        found_date = _DATE.search(detail)
        if author_year:
            issued, identifier = author_year["year"], author_year["identifier"]
        elif found_version or found_date:
            version = found_version.group() if found_version else version
            issued = found_date["date"] if found_date else None
        elif all(word[:1].isupper() or not word[:1].isalnum() for word in detail.split()):
            # names only ("America Succeeds + CompTIA"): who publishes the work
            publisher = detail
    return CitedWork(main.strip(), label, version, issued, publisher, identifier, citation=text)


# ---------------------------------------------------------------------- the adapter


class SkillsFrameworkAdapter(DocumentAdapter):
    """A skills-framework page for one O*NET-SOC occupation, as text extracted from HTML."""

    kind: ClassVar[str] = "skills-framework"

    @classmethod
    def detect(cls, document: Document) -> bool:
        """A "Back to Framework" link, a "SOC" code line and at least two level headings."""
        lines = document.text.splitlines()
        stripped = [line.strip() for line in lines]
        if "Back to Framework" not in stripped or not any(_SOC.match(s) for s in stripped):
            return False
        return sum(_opens_level(lines, index) for index in range(len(lines))) >= 2

    def parse(self, document: Document, emit: Emitter) -> None:
        page = read_page(document)
        _Writer(document, emit, page).write()


def _opens_level(lines: list[str], index: int) -> bool:
    """Whether line ``index`` is a level heading: item 1 follows it, or a role label and item 1."""
    if not lines[index].strip() or _ITEM.match(lines[index]):
        return False
    following = lines[index + 1 : index + 3]
    if following and _is_first_item(following[0]):
        return True
    return (
        len(following) == 2
        and bool(following[0].strip())
        and not _ITEM.match(following[0])
        and _is_first_item(following[1])
    )


def _is_first_item(line: str) -> bool:
    match = _ITEM.match(line)
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
        node = self.emit.statement(cls, local, span, cites=cites)
        self.emit.add(node, SS.occupation, self.occupation)
        return node

    def text_of(self, span: Span) -> str:
        return self.document.text[span.start : span.end]

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
            emit.value(node, SS.text, self.text_of(span))
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
            if anchor_list.heading in _DESCRIPTOR_LISTS or anchor_list.heading == _TASKS_LIST:
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
        if heading == _TASKS_LIST:
            for position, line in enumerate(anchor_list.content, start=1):
                match = _ITEM.match(line.text)
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
            if _ITEM.match(line.text):
                raise self.document.error(line.start, f"a numbered line in the list {heading!r}")
        parts = [self.list_parts(heading, line) for line in anchor_list.content]
        for position, span in enumerate((s for spans_ in parts for s in spans_), start=1):
            self.anchor_item(heading, position, span, cites)
            spans.append(span)
        return spans

    def list_parts(self, heading: str, line: Line) -> list[Span]:
        line_span = line.span()
        text = self.text_of(line_span)
        if heading in (_TITLES_LIST, _CIP_LIST):
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
        name = self.text_of(span)
        local = f"source-anchors/{iri.slug(heading)}/{position}"
        if heading == _TITLES_LIST:
            node = self.statement(SS.ReportedTitleClaim, local, span, cites)
            self.emit.value(node, SS.title, name)
            self.emit.value(node, SS.aspect, "related title")
        elif heading == _CIP_LIST:
            node = self.statement(SS.DescriptionClaim, local, span, cites)
            self.emit.value(node, SS.aspect, "CIP code")
            self.emit.value(node, SS.stringValue, name)
        elif heading in _DESCRIPTOR_LISTS:
            kind, class_name = _DESCRIPTOR_LISTS[heading]
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
        self.emit.value(node, SS.text, self.text_of(span))
