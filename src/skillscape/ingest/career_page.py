"""AI career pages: one occupation's AI outlook, pay, education, fit and prospects.

The site's template mixes English and Traditional Chinese labels (職業代碼 occupation
code, 總體 overall, 薪資 salary, 教育路徑 education path, 資格 qualifications, 移民
immigration, 適合對象 who it suits, 職業前景 career outlook, 成長領域 growth areas, 常見問題
FAQ, 數據來源 data sources). Two variants of the template are read:

* headed: the AI section keeps its headings ("🤖 AI already replacing this job", "⚠ Tasks
  AI will take over or replace" …), lists use "•" bullets, AI products show name, extent
  and year, and table cells are glued together ("初級(0-3年)$24,000 ~ $31,000Hourly …");
* plain: the text was extracted without the AI section's headings and list markers:
  lists are "- " lines, an AI product card is a bare "-" line followed by its
  description, tables are pipe tables.

Where the plain variant hides what a list is (which items are tasks AI takes over,
augments, or cannot replace, which are skills to build; who a page suits or does not
suit), the items are kept without that category and an ``ss:IngestIssue`` says why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.career_page_layout import (
    AI_ERA,
    BULLET,
    CLOSING_ASPECTS,
    CODE_LABEL,
    CODE_LINE,
    DECLINE_WORDS,
    DEGREE_WORDS,
    EDUCATION_ROW,
    FIT_MARKER,
    HOURLY,
    HOURLY_RANGE,
    LEADING_ARTICLE,
    LIST_SEPARATOR,
    NAMED_CURRENCY,
    OPTIONAL_STAGE,
    PARAGRAPH_ASPECTS,
    PERCENT,
    PERIOD,
    PRODUCT_LINE,
    QUALIFICATION_ROW,
    RADAR_LABELS,
    REQUIREMENT,
    SALARY_ROW,
    SCORE_WIDGET,
    SOURCE_LIST,
    SOURCE_TOPICS,
    VERDICT_MAX_WORDS,
    Cell,
    Token,
    ai_tokens,
    clauses,
    glued_cells,
    glued_words,
    iso_duration,
    money_range,
    read_table,
    split_page,
    split_top_level,
    table_cell,
    table_currency,
    take,
)
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, Span, literal
from skillscape.ingest.page_text import Line, Section
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SCHEMA, SKOS, SS

IMPACT_KINDS = {"taken-over": SS.TakenOver, "augmented": SS.Augmented, "human-moat": SS.HumanMoat}
OVERALL_SCALE = "career-page-overall-0-{max}"


# ---------------------------------------------------------------- the adapter


class CareerPageAdapter(DocumentAdapter):
    """An AI career page of one occupation (headed or plain variant)."""

    kind: ClassVar[str] = "ai-career-page"
    version: ClassVar[str] = "1"

    @classmethod
    def detect(cls, document: Document) -> bool:
        return bool(CODE_LABEL.search(document.text)) and "In the AI era" in document.text

    def parse(self, document: Document, emit: Emitter) -> None:
        PageReader(document, emit).read()


class PageReader:
    """Reads one page into statements about its occupation."""

    def __init__(self, document: Document, emit: Emitter) -> None:
        self.document = document
        self.emit = emit
        self.occupation: ox.NamedNode | None = None
        self.cites: dict[str, list[ox.NamedNode]] = {}
        self._counts: Counter[str] = Counter()
        self._scores: set[tuple[Decimal, int]] = set()
        self._scales: set[int] = set()

    # ------------------------------------------------------------------ helpers
    def error(self, line: Line, reason: str) -> SourceError:
        return self.document.error(line.start, reason)

    def text(self, span: Span) -> str:
        return self.emit.text_of(span)

    def claim(
        self,
        cls: ox.NamedNode,
        kind: str,
        span: Span,
        *,
        text: str | None = None,
        aspect: str | None = None,
        position: int | None = None,
        cites: Sequence[ox.NamedNode] = (),
    ) -> ox.NamedNode:
        """A statement about the page's occupation, numbered within its ``kind``."""
        assert self.occupation is not None
        self._counts[kind] += 1
        node = self.emit.statement_about(cls, f"{kind}-{self._counts[kind]}", span, [self.occupation], cites)
        self.emit.value(node, SS.aspect, aspect)
        self.emit.value(node, SS.text, text)
        self.emit.value(node, SS.position, position)
        return node

    def issue(self, local: str, line: Line, message: str) -> ox.NamedNode:
        """An ss:IngestIssue: something seen on the page that cannot be mapped faithfully."""
        return self.emit.ingest_issue(local, message, line=line.number)

    # ------------------------------------------------------------------ the page
    def read(self) -> None:
        head, sections = split_page(self.document)
        code_at, code = self._code_line(head)
        if "sources" in sections:
            self._read_sources(sections["sources"])
        self._read_code_claims(head[code_at], code)
        ai_lines = self._read_header(head[code_at + 1 :])
        self._read_ai_section(ai_lines)
        readers: dict[str, Callable[[Section], None]] = {
            "salary": self._read_salary,
            "education": self._read_education,
            "qualifications": self._read_qualifications,
            "migration": self._read_migration,
            "audience": self._read_audience,
            "outlook": self._read_outlook,
            "growth": self._read_growth,
            "faq": self._read_faq,
        }
        for key, reader in readers.items():
            if key in sections:
                reader(sections[key])
        if "sources" in sections:
            self._read_sources_claims(sections["sources"])

    def _code_line(self, head: list[Line]) -> tuple[int, re.Match[str]]:
        """The '職業代碼: 25-4031(SOC) …' line: the page's occupation."""
        index = next((i for i, line in enumerate(head) if CODE_LABEL.search(line.text)), None)
        if index is None:
            raise self.document.error(
                0, "no occupation code: the page has no '職業代碼: NN-NNNN(SOC)' line before its sections"
            )
        line = head[index]
        match = CODE_LINE.search(line.text)
        if match is None:
            raise self.error(line, f"occupation code line is not '職業代碼: CODE(SOC) …': {line.text!r}")
        try:
            self.occupation = self.emit.occupation(match["code"])
        except iri.InvalidCode as exc:
            raise self.error(line, f"invalid occupation code: {exc}") from exc
        return index, match

    def _read_code_claims(self, line: Line, match: re.Match[str]) -> None:
        badge = match["badge"]
        if badge:
            span = line.sub(match.start("badge"), match.end("badge"))
            self.claim(
                SS.MigrationClaim,
                "migration",
                span,
                text=badge,
                aspect="immigration badge",
                cites=self.cites.get("migration", ()),
            )
        if match["overall"]:
            self._overall_score(line, match)

    def _overall_score(self, line: Line, match: re.Match[str]) -> None:
        score, maximum = Decimal(match["score"]), int(match["max"])
        if (score, maximum) in self._scores:
            return  # the score widget repeats the header's score: one claim
        self._scores.add((score, maximum))
        scale = iri.measurement_scale(OVERALL_SCALE.format(max=maximum))
        if maximum not in self._scales:
            self._scales.add(maximum)
            self.emit.concept(scale, SS.MeasurementScale, f"Career page overall score (0–{maximum})")
            self.emit.value(scale, SS.minValue, Decimal(0))
            self.emit.value(scale, SS.maxValue, Decimal(maximum))
        span = line.sub(match.start("overall"), match.end("overall"))
        node = self.claim(SS.OverallScoreClaim, "overall-score", span)
        self.emit.value(node, SS.score, score)
        self.emit.add(node, SS.scale, scale)

    def _read_header(self, lines: list[Line]) -> list[Line]:
        """Summary, score widget and radar labels; returns the lines of the AI section.

        The line before the code line is "<display title> <title>", the lines above it are
        the site's navigation. The display title is read from the "In the AI era: what
        happens to …" line; the other title repeats the occupation's official title, the
        authority's skos:prefLabel, which SKOS forbids as an altLabel of the same node.
        """
        ai_at = next((i for i, line in enumerate(lines) if AI_ERA.match(line.text)), len(lines))
        summary_seen = False
        for line in lines[:ai_at]:
            if not line.text or RADAR_LABELS.match(line.text):
                continue
            widget = SCORE_WIDGET.match(line.text)
            if widget is not None:
                self._overall_score(line, widget)
            elif not summary_seen:
                summary_seen = True
                self.claim(SS.DescriptionClaim, "summary", line.span(), text=line.text, aspect="summary")
            else:
                raise self.error(
                    line, f"unexpected line between the summary and the AI section: {line.text!r}"
                )
        if ai_at == len(lines):
            return []
        era = AI_ERA.match(lines[ai_at].text)
        assert era is not None and self.occupation is not None
        self.emit.add(self.occupation, SKOS.altLabel, literal(era["title"].strip()))
        return lines[ai_at + 1 :]

    # ------------------------------------------------------------------ AI section
    def _read_ai_section(self, lines: list[Line]) -> None:
        tokens = ai_tokens(lines)
        if any(token.kind == "heading" for token in tokens):
            self._read_headed(tokens)
        else:
            self._read_plain(tokens)

    def _read_headed(self, tokens: list[Token]) -> None:
        groups: list[tuple[str | None, list[Token]]] = [(None, [])]
        for token in tokens:
            if token.kind == "heading":
                groups.append((token.block, []))
            else:
                groups[-1][1].append(token)
        for block, items in groups:
            if block is None:
                self._read_ai_intro(items)
            elif block == "products":
                self._read_products(items)
            elif block in PARAGRAPH_ASPECTS:
                self._read_ai_paragraphs(items, [PARAGRAPH_ASPECTS[block]] * len(items))
            else:
                self._read_ai_list(block, items)

    def _read_plain(self, tokens: list[Token]) -> None:
        """Intro paragraphs, product cards ("-" + description), one unlabelled list, two paragraphs."""
        i = take(tokens, 0, lambda t: t.kind == "paragraph")
        self._read_ai_intro(tokens[:i])
        cards: list[Token] = []
        while i < len(tokens) and tokens[i].kind == "bullet" and tokens[i].body is None:
            if i + 1 >= len(tokens) or tokens[i + 1].kind != "paragraph":
                raise self.error(tokens[i].line, "an empty list item: a bare '-' line without a description")
            cards.extend(tokens[i : i + 2])
            i += 2
        self._read_products(cards)
        list_end = take(tokens, i, lambda t: t.kind == "bullet" and t.body is not None)
        self._read_unlabelled(tokens[i:list_end])
        tail_end = take(tokens, list_end, lambda t: t.kind == "paragraph")
        tail = tokens[list_end:tail_end]
        if tail_end < len(tokens):
            raise self.error(
                tokens[tail_end].line, f"unexpected line in the AI section: {tokens[tail_end].line.text!r}"
            )
        if len(tail) > len(CLOSING_ASPECTS):
            raise self.error(
                tail[len(CLOSING_ASPECTS)].line,
                f"the AI section ends with {len(tail)} paragraphs; the template has "
                f"{len(CLOSING_ASPECTS)} ({', '.join(CLOSING_ASPECTS)})",
            )
        # The closing paragraphs need no heading to be told apart: each is one paragraph in a
        # fixed order, unlike the lists above, whose lengths vary from page to page.
        self._read_ai_paragraphs(tail, list(CLOSING_ASPECTS[: len(tail)]))

    def _read_ai_intro(self, tokens: list[Token]) -> None:
        """The verdict ("Mixed", headed variant only) and the AI impact summary."""
        for token in tokens:
            if token.kind != "paragraph":
                raise self.error(
                    token.line, f"unexpected list item before the AI section's lists: {token.line.text!r}"
                )
            text = token.line.text
            short = len(text.split()) <= VERDICT_MAX_WORDS and not re.search(r"[.:;]", text)
            kind, aspect = (
                ("ai-verdict", "AI impact verdict") if short else ("ai-summary", "AI impact summary")
            )
            self.claim(SS.DescriptionClaim, kind, token.line.span(), text=text, aspect=aspect)

    def _read_products(self, tokens: list[Token]) -> None:
        """AI product cards: a name line ("Alma Platform Partial 2015", or a bare marker) + description."""
        cards: list[tuple[Token, Token | None]] = []
        for token in tokens:
            if token.kind == "bullet":
                cards.append((token, None))
            elif cards and cards[-1][1] is None:
                cards[-1] = (cards[-1][0], token)
            else:
                raise self.error(token.line, f"unexpected text in the AI products list: {token.line.text!r}")
        for position, (name_line, description) in enumerate(cards, start=1):
            last = description or name_line
            span = Span(name_line.line.span().start, last.line.span().end)
            text = description.line.text if description else None
            node = self.claim(SS.AIReplacementClaim, "ai-replacement", span, text=text, position=position)
            if name_line.body is not None:
                self._product(node, name_line)

    def _product(self, node: ox.NamedNode, token: Token) -> None:
        assert token.body is not None
        name_text = self.text(token.body)
        match = PRODUCT_LINE.match(name_text)
        if match is None:
            raise self.error(token.line, f"AI product line is not 'NAME EXTENT YEAR': {name_text!r}")
        product = iri.product(match["name"])
        self.emit.concept(product, SS.AIProduct, match["name"])
        self.emit.add(node, SS.product, product)
        self.emit.value(node, SS.extent, match["extent"])
        self.emit.value(node, SS.year, int(match["year"]))

    def _read_ai_list(self, block: str, tokens: list[Token]) -> None:
        for position, token in enumerate(tokens, start=1):
            if token.kind != "bullet" or token.body is None:
                raise self.error(token.line, f"unexpected line in the {block!r} list: {token.line.text!r}")
            text = self.text(token.body)
            if block == "skills":
                self.claim(SS.SkillToBuild, "skill-to-build", token.body, text=text, position=position)
            else:
                node = self.claim(SS.AIImpactClaim, block, token.body, text=text, position=position)
                self.emit.add(node, SS.impactKind, IMPACT_KINDS[block])

    def _read_unlabelled(self, tokens: list[Token]) -> None:
        """The plain variant's AI lists, run together: their kinds are unknown."""
        for position, token in enumerate(tokens, start=1):
            assert token.body is not None
            self.claim(
                SS.AIImpactClaim,
                "ai-list-item",
                token.body,
                text=self.text(token.body),
                aspect="unlabelled AI list item",
                position=position,
            )
        if tokens:
            self.issue(
                "unlabelled-ai-list",
                tokens[0].line,
                f"the AI section lists {len(tokens)} items without the headings that say which are "
                "tasks AI will take over, tasks AI will augment, human-moat tasks or skills to build; "
                "the items are kept as AI impact claims without an impact kind",
            )

    def _read_ai_paragraphs(self, tokens: list[Token], aspects: list[str]) -> None:
        for token, aspect in zip(tokens, aspects, strict=True):
            if token.kind != "paragraph":
                raise self.error(token.line, f"unexpected list item under {aspect!r}: {token.line.text!r}")
            self.claim(
                SS.DescriptionClaim, iri.slug(aspect), token.line.span(), text=token.line.text, aspect=aspect
            )

    def _amounts(self, node: ox.NamedNode, low: Decimal, high: Decimal, currency: str) -> None:
        self.emit.value(node, SS.minValue, low)
        self.emit.value(node, SS.maxValue, high)
        self.emit.value(node, SCHEMA.currency, currency)

    # ------------------------------------------------------------------ sections
    def _read_salary(self, section: Section) -> None:
        """'初級(0-3年) | $28,000 ~ $35,000 | Hourly wage approximately $13–17 USD'."""
        glued = glued_cells(self.document, SALARY_ROW, 3, "salary", "'BAND $MIN ~ $MAX NOTE'")
        table = read_table(self.document, section, "salary", 3, glued)
        if table is None:
            return
        header, rows = table
        if "年薪" not in header.text:
            raise self.error(
                header, f"salary table header does not name 年薪 (annual salary): {header.text!r}"
            )
        currency = table_currency(self.document, header, "salary")
        cites = self.cites.get("wage", ())
        for position, (line, (band, annual_range, note)) in enumerate(rows, start=1):
            if not band.text:
                raise self.error(line, "salary row without an experience band")
            low, high = money_range(self.document, line, annual_range, "annual salary range")
            annual = self.claim(SS.WageClaim, "wage-annual", line.span(), position=position, cites=cites)
            self._amounts(annual, low, high, currency)
            self.emit.value(annual, SS.payPeriod, "annual")
            self.emit.value(annual, SS.experience, band.text)
            if not note.text:
                continue
            if not HOURLY.search(note.text):
                self.emit.value(annual, SS.text, note.text)
                continue
            hourly_range = HOURLY_RANGE.search(note.text)
            if hourly_range is None:
                raise self.error(line, f"hourly wage note has no 'MIN-MAX' range: {note.text!r}")
            hourly_low, hourly_high = Decimal(hourly_range["min"]), Decimal(hourly_range["max"])
            if hourly_low > hourly_high:
                raise self.error(line, f"hourly wage {note.text!r}: the minimum is above the maximum")
            named = NAMED_CURRENCY.search(note.text)
            hourly = self.claim(
                SS.WageClaim, "wage-hourly", line.span(), text=note.text, position=position, cites=cites
            )
            self._amounts(hourly, hourly_low, hourly_high, named["code"] if named else currency)
            self.emit.value(hourly, SS.payPeriod, "hourly")
            self.emit.value(hourly, SS.experience, band.text)

    def _read_education(self, section: Section) -> None:
        """'| Associate degree | 2年 | $10,000~$30,000 |': stage, duration, cost."""
        glued = glued_cells(self.document, EDUCATION_ROW, 3, "education path", "'STAGE DURATION $MIN~$MAX'")
        table = read_table(self.document, section, "education path", 3, glued)
        if table is None:
            return
        header, rows = table
        currency = table_currency(self.document, header, "education path")
        for position, (line, (stage, duration, cost)) in enumerate(rows, start=1):
            if not stage.text:
                raise self.error(line, "education path row without a stage")
            iso = iso_duration(duration.text)
            if iso is None:
                raise self.error(line, f"education path duration {duration.text!r} is not 'N年' or 'N個月'")
            low, high = money_range(self.document, line, cost, "education path cost")
            node = self.claim(SS.EducationPathClaim, "education-path", line.span(), position=position)
            optional = OPTIONAL_STAGE.search(stage.text)
            level = stage.text[: optional.start()] if optional else stage.text
            self.emit.add(node, SS.educationLevel, self._education_level(level))
            self.emit.value(node, SS.duration, iso)
            self._amounts(node, low, high, currency)
            if optional:
                self.emit.value(node, SS.required, False)

    def _education_level(self, name: str) -> ox.NamedNode:
        return self.emit.concept(iri.descriptor("education-level", name), SS.EducationLevel, name)

    def _read_qualifications(self, section: Section) -> None:
        """'| Associate degree | Community college | 必需 |': credential, issuing body, required."""
        table = read_table(self.document, section, "qualification", 3, self._qualification_cells)
        if table is None:
            return
        _, rows = table
        for position, (line, cells) in enumerate(rows, start=1):
            requirement = cells[-1].text
            if requirement and requirement not in REQUIREMENT:
                raise self.error(line, f"qualification requirement {requirement!r} is neither 必需 nor 可選")
            node = self.claim(SS.QualificationClaim, "qualification", line.span(), position=position)
            if requirement:
                self.emit.value(node, SS.required, REQUIREMENT[requirement])
            if len(cells) == 2:
                self.emit.value(node, SS.text, cells[0].text)
                self.issue(
                    f"qualification-{position}",
                    line,
                    "cannot tell where the credential ends and the issuing body begins in "
                    f"{cells[0].text!r}; kept as text",
                )
                continue
            credential, issuer = cells[0].text, cells[1].text
            if not credential:
                raise self.error(line, "qualification row without a credential")
            if DEGREE_WORDS.search(credential):
                self.emit.add(node, SS.educationLevel, self._education_level(credential))
            else:
                self.emit.value(node, SS.title, credential)
            self.emit.value(node, SS.issuer, issuer or None)

    def _qualification_cells(self, line: Line) -> list[Cell]:
        """Glued 'CredentialIssuer必需': the issuer starts at the one lowercase→uppercase boundary."""
        match = QUALIFICATION_ROW.fullmatch(line.text)
        if match is None:
            raise self.error(
                line, f"qualification row does not end with 必需 or 可選 (cut off?): {line.text!r}"
            )
        requirement = table_cell(line, match.start("c1"), match.end("c1"))
        both = match["c0"]
        words = glued_words(both)
        if len(words) != 2:
            return [table_cell(line, match.start("c0"), match.end("c0")), requirement]
        return [table_cell(line, a, b) for a, b in words] + [requirement]

    def _read_migration(self, section: Section) -> None:
        for line in section.content:
            self.claim(
                SS.MigrationClaim,
                "migration",
                line.span(),
                text=line.text,
                cites=self.cites.get("migration", ()),
            )

    def _read_audience(self, section: Section) -> None:
        """Items under '✓ 適合' (suits) and '✗ 不適合' (does not suit); unmarked items stay unknown."""
        suits: bool | None = None
        position = 0
        unmarked: list[Line] = []
        for line in section.content:
            marker = FIT_MARKER.match(line.text)
            if marker is not None:
                suits, position = marker["yes"] is not None, 0
                continue
            bullet = BULLET.match(line.text)
            if bullet is None or bullet["body"] is None:
                raise self.error(line, f"unexpected line in the 適合對象 list: {line.text!r}")
            position += 1
            span = line.sub(bullet.start("body"), bullet.end("body"))
            node = self.claim(
                SS.AudienceFitClaim, "audience-fit", span, text=bullet["body"], position=position
            )
            if suits is None:
                unmarked.append(line)
            else:
                self.emit.value(node, SS.suits, suits)
        if unmarked:
            self.issue(
                "unmarked-audience-list",
                unmarked[0],
                f"the 適合對象 list has {len(unmarked)} items without the ✓ 適合 / ✗ 不適合 markers that "
                "say whom the occupation suits; the items are kept without ss:suits",
            )

    def _read_outlook(self, section: Section) -> None:
        """Advancement paragraphs (career path) and the employment outlook (a percentage)."""
        for line in section.content:
            percent = PERCENT.search(line.text)
            if percent is None:
                self.claim(SS.CareerPathClaim, "career-path", line.span(), text=line.text)
                continue
            node = self.claim(
                SS.OutlookClaim, "outlook", line.span(), text=line.text, cites=self.cites.get("outlook", ())
            )
            value = Decimal(percent["pct"])
            if DECLINE_WORDS.search(line.text[: percent.start()]) and value > 0:
                value = -value
            self.emit.value(node, SS.percentChange, value)
            period = PERIOD.search(line.text)
            if period is not None:
                self.emit.value(node, SS.periodStart, int(period["start"]))
                self.emit.value(node, SS.periodEnd, int(period["end"]))

    def _read_growth(self, section: Section) -> None:
        """'Digital transformationAutomationCommunity outreach…': areas glued at case boundaries."""
        position = 0
        for line in section.content:
            for start, end in glued_words(line.text):
                position += 1
                span = line.sub(start, end)
                self.claim(SS.GrowthAreaClaim, "growth-area", span, text=self.text(span), position=position)

    def _read_faq(self, section: Section) -> None:
        """Question lines (ending in '?') each followed by their answer lines."""
        pairs: list[tuple[Line, list[Line]]] = []
        for line in section.content:
            if line.text.endswith(("?", "？")):
                pairs.append((line, []))
            elif pairs:
                pairs[-1][1].append(line)
            else:
                raise self.error(line, f"FAQ answer without a question: {line.text!r}")
        for position, (question, answer) in enumerate(pairs, start=1):
            if not answer:
                raise self.error(question, f"FAQ question without an answer: {question.text!r}")
            answer_span = Span(answer[0].span().start, answer[-1].span().end)
            span = Span(question.span().start, answer_span.end)
            node = self.claim(
                SS.DescriptionClaim, "faq", span, text=self.text(answer_span), aspect="faq", position=position
            )
            self.emit.value(node, DCT.title, question.text)

    def _read_sources(self, section: Section) -> None:
        """The sources the page names, by what they back: salary, outlook, migration."""
        for line in section.content:
            for start, end in clauses(line.text):
                clause = line.text[start:end]
                match = SOURCE_LIST.match(clause)
                if match is None:
                    continue
                topic = next(
                    (name for name, pattern in SOURCE_TOPICS if pattern.search(match["subject"])), None
                )
                if topic is None:
                    continue
                items = match["list"]
                for a, b in split_top_level(items, LIST_SEPARATOR):
                    title = LEADING_ARTICLE.sub("", items[a:b].strip())
                    if title:
                        self.cites.setdefault(topic, []).append(self.emit.cited_source(title))

    def _read_sources_claims(self, section: Section) -> None:
        every = list(dict.fromkeys(node for nodes in self.cites.values() for node in nodes))
        for line in section.content:
            self.claim(
                SS.DescriptionClaim,
                "data-sources",
                line.span(),
                text=line.text,
                aspect="data sources",
                cites=every,
            )
