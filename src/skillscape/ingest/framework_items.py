"""What a numbered item of a skills-framework page says.

A competency is a heading glued to its body (see :mod:`skillscape.ingest.framework_words`).
An AI-use or durable-skill statement is ``Title — text`` followed by citation chips: a short
label glued to the cited work's full title, then ``. Opens in new tab.`` (``Anthropic Economic
IndexAnthropic Economic Index — release_2026_03_24. Opens in new tab.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Span
from skillscape.ingest.framework_page import CHIP_END, Item
from skillscape.ingest.framework_words import SEPARATOR, split_heading

_VERSION = re.compile(r"\brelease_[\w.-]+|\bv\d+(?:\.\d+)+\b")
_TRAILING_YEAR = re.compile(r"^(?P<main>.+?) (?P<year>(?:19|20)\d\d)$")
_AUTHOR_YEAR = re.compile(r"^(?P<authors>[^,()]+), (?P<year>\d{4})(?: \((?P<identifier>[^)]+)\))?$")
_DATE = re.compile(r"\((?P<date>[A-Z][a-z]+\.? \d{4})\)")
_LOWER_WORD = re.compile(r"^[a-z][a-z'’-]*[,;:.]?$")


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
    separator = text.find(SEPARATOR)
    if separator <= 0:
        raise document.error(item.start, f"{what} {item.number} has no ' — ' between its title and its text")
    body_start = separator + len(SEPARATOR)
    ends = [match.start() for match in re.finditer(re.escape(CHIP_END), text)]
    if not ends or ends[0] < body_start:
        raise document.error(
            item.start,
            f"{what} {item.number} is cut off: it does not end with a citation chip ('… Opens in new tab.')",
        )
    tail = text[ends[-1] + len(CHIP_END) :]
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
            segment_start = ends[number - 1] + len(CHIP_END)
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
            Chip(label, cited_work(text[glue:end], label), item.span(label_start, end + len(CHIP_END)))
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
    main, _, detail = text.partition(SEPARATOR)
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
