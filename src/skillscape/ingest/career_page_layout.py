"""The layout of an AI career page: its patterns, sections, AI-section tokens and tables.

See :mod:`skillscape.ingest.career_page` for the page and what its parts state.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from skillscape.ingest.document import Document
from skillscape.ingest.emit import Span
from skillscape.ingest.page_text import Line, Section, page_lines, split_sections, unique_sections

# ---------------------------------------------------------------- patterns

CODE_LABEL = re.compile(r"職業代碼\s*[:：]")
CODE_LINE = re.compile(
    r"職業代碼\s*[:：]\s*(?P<code>[0-9][0-9.\-]*)\s*\((?P<system>[^)]*)\)\s*(?P<badge>.*?)\s*"
    r"(?P<overall>總體\s*(?P<score>\d+(?:\.\d+)?)\s*/\s*(?P<max>\d+))?\s*$"
)
SCORE_WIDGET = re.compile(
    r"^評分\s*·\s*(?P<overall>總體\s*(?P<score>\d+(?:\.\d+)?)\s*/\s*(?P<max>\d+))\s*i?$"
)
# The radar chart's axis labels (收入 income, 需求 demand, 前景 outlook, PR 友善, AI 風險 AI
# risk, 競爭強度 competition, 學習時長 study time, 認證 certification, PR 難度): the text
# shows the labels only, never the values, so there is nothing to state.
RADAR_LABELS = re.compile(r"^收入需求前景")
AI_ERA = re.compile(r"^In the AI era\s*[:：]\s*what happens to\s+(?P<title>\S.*)$")
BULLET = re.compile(r"^[-•](?:\s+(?P<body>\S.*))?$")
PRODUCT_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<extent>[A-Za-z][A-Za-z-]*)\s+(?P<year>(?:19|20)\d{2})$")
LEADING_DECORATION = re.compile(r"^[^\w]+")
TABLE_SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
CURRENCY = re.compile(r"\((?P<code>[A-Z]{3})\)")
AMOUNT = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
MONEY_RANGE = re.compile(rf"^\$\s*(?P<min>{AMOUNT})\s*~\s*\$\s*(?P<max>{AMOUNT})$")
HOURLY = re.compile(r"\bhourly\b", re.IGNORECASE)
HOURLY_RANGE = re.compile(
    r"(?:\b[A-Z]{3}\s*)?\$?\s*(?P<min>\d+(?:\.\d+)?)\s*[-–—~]\s*\$?\s*(?P<max>\d+(?:\.\d+)?)"
)
NAMED_CURRENCY = re.compile(r"\b(?P<code>USD|EUR|GBP|CAD|AUD|TWD|NTD)\b")
DURATION = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>年|個月|月|years?|months?)$")
OPTIONAL_STAGE = re.compile(r"\s*\((?:optional|可選)\)$", re.IGNORECASE)
DEGREE_WORDS = re.compile(r"\b(?:degree|diploma|GED)\b", re.IGNORECASE)
REQUIREMENT = {"必需": True, "可選": False}
FIT_MARKER = re.compile(r"^(?:(?P<yes>[✓✔])\s*適合|(?P<no>[✗✘×])\s*不適合)$")
PERCENT = re.compile(r"(?P<pct>[+-]?\d+(?:\.\d+)?)\s*%")
DECLINE_WORDS = re.compile(r"\b(?:declin|decreas|shrink|fall|drop)\w*\b[^.%]*$", re.IGNORECASE)
PERIOD = re.compile(r"\b(?P<start>(?:19|20)\d{2})\s*(?:-|–|—|to)\s*(?P<end>(?:19|20)\d{2})\b")
WORD_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")
# "<subject> … on|from|cite|follow <list>": the list of sources follows the clause's last verb.
SOURCE_LIST = re.compile(r"^(?P<subject>.*)\b(?:on|from|cites?|follows?)\s+(?P<list>\S.*)$", re.S)
LIST_SEPARATOR = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
LEADING_ARTICLE = re.compile(r"^(?:the\s+)?(?:latest\s+)?", re.IGNORECASE)

SALARY_ROW = re.compile(r"(?P<c0>.+?)(?P<c1>\$[\d,.]+\s*~\s*\$[\d,.]+)(?P<c2>.*)")
EDUCATION_ROW = re.compile(r"(?P<c0>.+?)(?P<c1>\d+(?:\.\d+)?\s*(?:年|個月|月|years?|months?))(?P<c2>\$.*)")
QUALIFICATION_ROW = re.compile(r"(?P<c0>.+?)(?P<c1>必需|可選)")

#: page sections, by their heading line (a trailing colon is allowed)
SECTION_HEADINGS = {
    "薪資": "salary",
    "教育路徑": "education",
    "資格": "qualifications",
    "移民": "migration",
    "適合對象": "audience",
    "職業前景": "outlook",
    "成長領域": "growth",
    "常見問題": "faq",
    "數據來源": "sources",
}

#: headings of the AI section (headed variant), after their emoji
AI_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^AI already replacing", re.IGNORECASE), "products"),
    (re.compile(r"^Tasks AI will take over", re.IGNORECASE), "taken-over"),
    (re.compile(r"^Tasks AI will augment", re.IGNORECASE), "augmented"),
    (re.compile(r"^Human moat", re.IGNORECASE), "human-moat"),
    (re.compile(r"^Skills to build", re.IGNORECASE), "skills"),
    (re.compile(r"^Entry-level outlook", re.IGNORECASE), "entry-level"),
    (re.compile(r"^How to level up", re.IGNORECASE), "level-up"),
)
AI_HEADING_MAX_LENGTH = 80
PARAGRAPH_ASPECTS = {"entry-level": "entry-level outlook", "level-up": "how to level up"}
#: the template closes its AI section with these two paragraphs, in this order
CLOSING_ASPECTS = ("entry-level outlook", "how to level up")
VERDICT_MAX_WORDS = 3

SOURCE_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("wage", re.compile(r"\bsalar", re.IGNORECASE)),
    ("outlook", re.compile(r"\boutlook\b", re.IGNORECASE)),
    ("migration", re.compile(r"\b(?:visa|migration|immigration)\b", re.IGNORECASE)),
)


# ---------------------------------------------------------------- cells, sections


@dataclass(frozen=True)
class Cell:
    """A table cell: its text (stripped) and span; an empty cell has no span."""

    text: str
    span: Span | None


def table_cell(line: Line, start: int, end: int) -> Cell:
    piece = line.text[start:end]
    stripped = piece.strip()
    if not stripped:
        return Cell("", None)
    lead = len(piece) - len(piece.lstrip())
    return Cell(stripped, line.sub(start + lead, start + lead + len(stripped)))


def split_page(document: Document) -> tuple[list[Line], dict[str, Section]]:
    """The lines before the first section heading, and each section by its key."""
    lines = [line.strip() for line in page_lines(document)]
    head, sections = split_sections(lines, lambda line: SECTION_HEADINGS.get(line.text.rstrip(":：")))
    return head, unique_sections(document, sections, "section heading")


@dataclass(frozen=True)
class Token:
    """A non-empty line of the AI section: a heading, a list item or a paragraph."""

    kind: str  # "heading" | "bullet" | "paragraph"
    line: Line
    body: Span | None = None  # a bullet's text; None for a bare marker
    block: str | None = None  # a heading's block key


def ai_tokens(lines: Iterable[Line]) -> list[Token]:
    tokens: list[Token] = []
    for line in lines:
        text = line.text
        if not text:
            continue
        bullet = BULLET.match(text)
        if bullet is not None:
            body = bullet.start("body")
            span = None if body < 0 else line.sub(body, bullet.end("body"))
            tokens.append(Token("bullet", line, body=span))
            continue
        block = _ai_heading(text)
        tokens.append(Token("paragraph", line) if block is None else Token("heading", line, block=block))
    return tokens


def _ai_heading(text: str) -> str | None:
    if len(text) > AI_HEADING_MAX_LENGTH:
        return None
    words = LEADING_DECORATION.sub("", text)
    return next((block for pattern, block in AI_HEADINGS if pattern.match(words)), None)


def glued_words(text: str) -> list[tuple[int, int]]:
    """Spans of the phrases of ``text`` glued at lowercase→uppercase boundaries."""
    cuts = [0, *(m.start() for m in WORD_BOUNDARY.finditer(text)), len(text)]
    spans = []
    for start, end in itertools.pairwise(cuts):
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((start + lead, start + lead + len(piece.strip())))
    return spans


def split_top_level(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` between matches of ``separator`` that lie outside parentheses."""
    depth_at = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        depth_at.append(depth)
    spans, start = [], 0
    for match in separator.finditer(text):
        if depth_at[match.start()] == 0:
            spans.append((start, match.start()))
            start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses of a paragraph: split at ';' and at sentence ends, outside parentheses."""
    spans, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch == ";" or _sentence_end(text, i)):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    result = []
    for a, b in spans:
        lead = len(text[a:b]) - len(text[a:b].lstrip())
        if text[a:b].strip():
            result.append((a + lead, a + lead + len(text[a:b].strip())))
    return result


def _sentence_end(text: str, i: int) -> bool:
    return (
        text[i] == "."
        and 0 < i < len(text) - 1
        and text[i + 1] == " "
        and (text[i - 1].islower() or text[i - 1] == ")")
    )


def iso_duration(text: str) -> str | None:
    """'2年' → 'P2Y', '18個月' → 'P18M', '1.5年' → 'P18M'; None when not a duration."""
    match = DURATION.match(text)
    if match is None:
        return None
    number = Decimal(match["n"])
    in_years = match["unit"] in ("年", "year", "years")
    months = number * 12 if in_years else number
    if in_years and number == number.to_integral_value():
        return f"P{int(number)}Y"
    if months != months.to_integral_value():
        return None
    return f"P{int(months)}M"


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def take(tokens: list[Token], start: int, keep: Callable[[Token], bool]) -> int:
    """The index after the run of tokens from ``start`` that ``keep`` accepts."""
    end = start
    while end < len(tokens) and keep(tokens[end]):
        end += 1
    return end


# ---------------------------------------------------------------- tables

#: a table's header line and its rows, each with its cells
Table = tuple[Line, list[tuple[Line, list[Cell]]]]


def read_table(
    document: Document, section: Section, what: str, columns: int, glued: Callable[[Line], list[Cell]]
) -> Table | None:
    """Header line and rows of a pipe table, or of a table whose cells are glued together."""
    content = section.content
    if not content:
        return None
    header, rows = content[0], content[1:]
    pipe = header.text.startswith("|")
    if pipe and rows and TABLE_SEPARATOR.match(rows[0].text):
        rows = rows[1:]
    result = []
    for line in rows:
        if pipe or line.text.startswith("|"):
            result.append((line, _pipe_cells(document, line, columns, what)))
        else:
            result.append((line, glued(line)))
    return header, result


def _pipe_cells(document: Document, line: Line, columns: int, what: str) -> list[Cell]:
    text = line.text
    if len(text) < 2 or not (text.startswith("|") and text.endswith("|")):
        raise document.error(
            line.start, f"{what} row is cut off or malformed (a row starts and ends with '|'): {text!r}"
        )
    bars = [i for i, ch in enumerate(text) if ch == "|"]
    cells = [table_cell(line, a + 1, b) for a, b in itertools.pairwise(bars)]
    if len(cells) != columns:
        raise document.error(line.start, f"{what} row has {len(cells)} cells, expected {columns}: {text!r}")
    return cells


def glued_cells(
    document: Document, pattern: re.Pattern[str], columns: int, what: str, shape: str
) -> Callable[[Line], list[Cell]]:
    def split(line: Line) -> list[Cell]:
        match = pattern.fullmatch(line.text)
        if match is None:
            raise document.error(line.start, f"{what} row is not {shape} (cut off?): {line.text!r}")
        return [table_cell(line, match.start(f"c{i}"), match.end(f"c{i}")) for i in range(columns)]

    return split


def table_currency(document: Document, header: Line, what: str) -> str:
    match = CURRENCY.search(header.text)
    if match is None:
        raise document.error(
            header.start, f"{what} table header does not name its currency, e.g. '(USD)': {header.text!r}"
        )
    return match["code"]


def money_range(document: Document, line: Line, cell: Cell, what: str) -> tuple[Decimal, Decimal]:
    match = MONEY_RANGE.match(cell.text)
    if match is None:
        raise document.error(line.start, f"{what} {cell.text!r} is not '$MIN ~ $MAX'")
    low, high = money(match["min"]), money(match["max"])
    if low > high:
        raise document.error(line.start, f"{what} {cell.text!r}: the minimum is above the maximum")
    return low, high
