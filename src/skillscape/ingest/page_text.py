"""A page's text as numbered lines: the positions passages cite and errors name.

The page adapters (occupation profiles, skills frameworks, AI career pages, AI-exposure
analyses) read their documents line by line. A :class:`Line` keeps its 1-based number and
the code-point offset where it starts in ``document.text``, so any part of it is a passage
of the document (a :class:`Span`) and a problem found on it is a :class:`SourceError` that
names the file and the line. :class:`PageText` holds a document's lines with a cursor, for
readers that go from the top of the page to the bottom; :func:`split_sections` cuts the
lines at the headings a page kind knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Span


@dataclass(frozen=True)
class Line:
    """One line: its number, the offset where it starts and its text (no line break)."""

    number: int
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def span(self, begin: int = 0, stop: int | None = None) -> Span:
        """The span of ``text[begin:stop]``, trimmed of surrounding white space."""
        stop = len(self.text) if stop is None else stop
        part = self.text[begin:stop]
        lead = len(part) - len(part.lstrip())
        return Span(self.start + begin + lead, self.start + begin + len(part.rstrip()))

    def sub(self, begin: int, stop: int) -> Span:
        """The span of ``text[begin:stop]`` exactly."""
        return Span(self.start + begin, self.start + stop)

    def trimmed(self, begin: int = 0, stop: int | None = None) -> str:
        """``text[begin:stop]`` without surrounding white space."""
        return self.text[begin:stop].strip()

    def strip(self) -> Line:
        """The same line without white space around its text (``start`` moves to its first character)."""
        lead = len(self.text) - len(self.text.lstrip())
        return Line(self.number, self.start + lead, self.text.strip())

    def rstrip(self) -> Line:
        """The same line without trailing white space."""
        return Line(self.number, self.start, self.text.rstrip())


def page_lines(document: Document) -> list[Line]:
    """Every line of ``document``, blank ones included."""
    return [Line(number, start, text) for number, start, text in document.lines()]


class PageText:
    """A document's lines, with a cursor for readers that go from top to bottom."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.lines = page_lines(document)
        self.index = 0

    def peek(self, ahead: int = 0) -> Line | None:
        """The line ``ahead`` lines after the cursor (None past the end)."""
        index = self.index + ahead
        return self.lines[index] if index < len(self.lines) else None

    def advance(self) -> Line:
        """The line at the cursor; the cursor moves past it."""
        line = self.lines[self.index]
        self.index += 1
        return line

    def skip_blank(self) -> None:
        while (line := self.peek()) is not None and line.blank:
            self.index += 1

    def error(self, line: Line | None, reason: str) -> SourceError:
        """A SourceError naming the file and the line (just the file when ``line`` is None)."""
        return self.document.error(None if line is None else line.start, reason)


@dataclass
class Section:
    """A heading line (named ``key`` by the page kind) and the lines up to the next heading."""

    key: str
    heading: Line
    lines: list[Line] = field(default_factory=list)

    @property
    def content(self) -> list[Line]:
        """The section's lines that are not blank."""
        return [line for line in self.lines if not line.blank]


def split_sections(
    lines: Iterable[Line], heading_key: Callable[[Line], str | None]
) -> tuple[list[Line], list[Section]]:
    """The lines before the first heading, and every section in page order.

    A heading is a line for which ``heading_key`` gives a key; every other line belongs to
    the section above it.
    """
    head: list[Line] = []
    sections: list[Section] = []
    current = head
    for line in lines:
        key = heading_key(line)
        if key is None:
            current.append(line)
            continue
        sections.append(Section(key, line))
        current = sections[-1].lines
    return head, sections


def unique_sections(
    document: Document, sections: list[Section], what: str = "the heading"
) -> dict[str, Section]:
    """Sections by key, for a page kind whose headings appear once; a repeated heading is an error."""
    by_key: dict[str, Section] = {}
    for section in sections:
        if section.key in by_key:
            raise document.error(section.heading.start, f"{what} {section.heading.text!r} appears twice")
        by_key[section.key] = section
    return by_key
