"""The O*NET-SOC 2019 taxonomy structure (CSV) → the SOC hierarchy as occupation groups.

The layout (one code per row, in the column of its level)::

    Major Group,Minor Group,Broad Occupation,Detailed Occupation,Detailed O*NET-SOC,SOC or … Title
    11-0000,,,,,Management Occupations
    ,11-1000,,,,Top Executives
    ,,11-1010,,,Chief Executives
    ,,,11-1011,,Chief Executives
    ,,,,11-1011.03,Chief Sustainability Officers

Major, minor, broad and detailed SOC codes become ``ss:OccupationGroup`` concepts (title →
``skos:prefLabel``, code → ``skos:notation``), each ``skos:broader`` the group one level up:
the nearest row above it at that level (codes alone do not say it: broad group 29-1210
holds 29-1221 … 29-1229, minor group 11-3000 holds 11-3110). Every detailed
SOC occupation is also the O*NET-SOC occupation ``NN-NNNN.00``, and the O*NET-specific codes
(``11-1011.03``) are occupations of their own; both are ``skos:broader`` their detailed group.
Occupation titles are left to the O*NET release, which is their authority.

A row without exactly one code, or with a column too few or too many, is a
:class:`SourceError`; a code of the wrong form for its column, or whose parent group is not in
the file (above it, within the same major group), is an ``ss:IngestIssue``.
"""

from __future__ import annotations

import csv
import re
from typing import ClassVar

from skillscape.ingest.base import DocumentAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter
from skillscape.model import iri
from skillscape.model.namespaces import RDF, SKOS, SS

HEADER = (
    "Major Group",
    "Minor Group",
    "Broad Occupation",
    "Detailed Occupation",
    "Detailed O*NET-SOC",
    "SOC or O*NET-SOC 2019 Title",
)
#: per level (the column of the code): its name and the form of its codes
_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("major", re.compile(r"^\d{2}-0000$")),
    ("minor", re.compile(r"^\d{2}-\d{2}00$")),
    ("broad", re.compile(r"^\d{2}-\d{3}0$")),
    ("detailed", re.compile(r"^\d{2}-\d{4}$")),
    ("onet", iri.ONET_SOC_CODE),
)


class SocStructureAdapter(DocumentAdapter):
    """``onet_soc_2019_structure.csv``: the SOC major/minor/broad/detailed hierarchy."""

    kind: ClassVar[str] = "soc-structure"
    version: ClassVar[str] = "1"
    media_type: ClassVar[str] = "text/csv"

    @classmethod
    def detect(cls, document: Document) -> bool:
        first = document.text.split("\n", 1)[0].strip().lstrip("\ufeff")
        return tuple(first.split(",")) == HEADER

    def parse(self, document: Document, emit: Emitter) -> None:
        rows = csv.reader(document.text.splitlines(keepends=True))
        header = next(rows, None)
        if header is None or tuple(h.lstrip("\ufeff") for h in header) != HEADER:
            raise document.error(0, f"expected the header {','.join(HEADER)}")
        current: list[str | None] = [None] * 4  # the last group seen at each level
        for values in rows:
            line = rows.line_num
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(HEADER):
                raise _error(document, line, f"expected {len(HEADER)} columns, found {len(values)}")
            filled = [(level, value.strip()) for level, value in enumerate(values[:5]) if value.strip()]
            title = values[5].strip()
            if len(filled) != 1:
                raise _error(document, line, f"expected exactly one code in the row, found {len(filled)}")
            if not title:
                raise _error(document, line, "the row has no title")
            level, code = filled[0]
            _row(emit, current, line, level, code, title)


def _row(emit: Emitter, current: list[str | None], line: int, level: int, code: str, title: str) -> None:
    name, pattern = _LEVELS[level]
    if not pattern.match(code):
        _issue(emit, line, HEADER[level], f"{code!r} is not a {name} code of the SOC structure")
        return
    parent = current[level - 1] if level > 0 else None
    prefix = code[:7] if level == 4 else code[:2]
    if level > 0 and (parent is None or not parent.startswith(prefix)):
        _issue(emit, line, HEADER[level], f"no group above {code} in the file holds it")
        parent = None
    broader = iri.occupation_group(parent) if parent is not None else None
    if level == 4:
        occupation = emit.occupation(code)
        if broader is not None:
            emit.add(occupation, SKOS.broader, broader)
        return
    node = emit.concept(iri.occupation_group(code), SS.OccupationGroup, title, notation=code)
    current[level:] = [code] + [None] * (3 - level)
    if broader is not None:
        emit.add(node, SKOS.broader, broader)
    if level == 3:
        # a detailed SOC occupation is the O*NET-SOC occupation NN-NNNN.00
        emit.add(emit.occupation(code + ".00"), SKOS.broader, node)


def _issue(emit: Emitter, line: int, column: str, message: str) -> None:
    node = iri.ingest_issue(emit.document.sha256, f"row-{line}")
    emit.add(node, RDF.type, SS.IngestIssue)
    emit.value(node, SS.severity, "error")
    emit.value(node, SS.message, message)
    emit.add(node, SS.document, emit.doc_node)
    emit.value(node, SS.line, line)
    emit.value(node, SS.column, column)


def _error(document: Document, line: int, reason: str) -> SourceError:
    return SourceError(document.path, line, reason)
