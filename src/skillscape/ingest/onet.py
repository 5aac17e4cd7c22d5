"""An O*NET database release (a folder of tab-delimited files) → one named graph.

Each file of the release is an ``ss:SourceDocument`` (its name and the sha256 of the official,
uncompressed file; ``.txt.gz`` copies are read transparently), and every statement is derived
from one row of it (an RFC 7111 ``row=N`` passage; the header is row 1).

What each file becomes:

* ``Scales Reference`` — ``ss:MeasurementScale`` ``onet-<Scale ID>`` with its bounds.
* ``Content Model Reference`` — a concept per element (``skos:notation`` = Element ID,
  ``skos:definition``, ``skos:broader`` its parent element). Elements at the descriptor level of
  their domain (see ``_DESCRIPTOR_DOMAINS``) are the shared descriptor nodes
  ``iri.descriptor(kind, name)``; the others (categories, education and training elements,
  organisational context …) are ``iri.element(id)`` nodes of class ``ss:Descriptor``.
* ``Occupation Data`` — the occupations (title → ``skos:prefLabel``), each description an
  ``ss:DescriptionClaim``.
* ``IWA Reference`` / ``DWA Reference`` — intermediate and detailed work activities,
  ``skos:broader`` up to their work activity; ``UNSPSC Reference`` — the commodities
  (``ss:TechnologySkill``, notation = commodity code).
* ``Task Statements`` — ``ss:Task`` at ``iri.onet_task(release, Task ID)``; ``Emerging Tasks`` —
  ``ss:EmergingTask`` (a revision links to the task it revises with ``ss:task``);
  ``Tasks to DWAs`` — ``ss:TaskActivityLink``.
* ``Alternate Titles`` / ``Sample of Reported Titles`` — ``ss:ReportedTitleClaim``
  (``ss:aspect`` "alternate title" / "reported title"); ``Job Zones`` — ``ss:JobZoneClaim``.
* ``Skills``, ``Knowledge``, ``Work Styles`` (both the 29.1 and the 30.1 layouts),
  ``Interests``, ``Work Values``, ``Education, Training, and Experience`` — ``ss:Rating``; an
  education/training/experience category is ``ss:responseCategory`` (its label from the
  Categories file) with ``ss:rank`` = the category number.
* ``Level Scale Anchors`` — per descriptor, its level scale: an ``ss:ProficiencyScale``
  (``ss:descriptor`` the descriptor, ``ss:scale`` the measurement scale of the anchors, e.g. LV
  0–7) whose levels (``ss:ProficiencyLevel``) are the anchor values (``ss:rank`` = the value), each
  anchor an ``ss:LevelAnchor`` (``ss:level``, ``ss:descriptor``, ``ss:text``) derived from its row.
* ``Technology Skills`` / ``Tools Used`` — ``ss:TechnologySkillStatement`` (``ss:aspect``
  "technology" / "tool"; notation = commodity code; example → ``ss:Product``).

Nothing is dropped silently: a row whose occupation code is invalid or not in Occupation Data,
whose element, scale, category, task, DWA or commodity is not in the release's reference
files, becomes an ``ss:IngestIssue`` (severity "error") instead of its statement; a file of the
folder this adapter has no mapping for becomes a "warning" issue. A file that is cut off or
whose columns are shifted is a :class:`SourceError` (see :mod:`skillscape.ingest.onet_table`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.base import PatchableAdapter
from skillscape.ingest.document import Document, SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.manifest import SourceEntry
from skillscape.ingest.onet_table import Layout, Table, layout, official_name, read_bytes, read_table
from skillscape.model import iri
from skillscape.model.namespaces import DCT, OA, PROV, RDF, RFC7111, SKOS, SS, XSD

KIND = "onet-release"
README = "Read Me.txt"
_RELEASE_LINE = re.compile(r"^O\*NET (?P<release>\S+) Database")
_BATCH = 50_000  # quads handed on at a time, so a release streams into the store

# ---------------------------------------------------------------------- terms used per row
_TYPE = RDF.type
_VALUE = RDF.value
_DERIVED = PROV.wasDerivedFrom
_HAS_SOURCE = OA.hasSource
_HAS_SELECTOR = OA.hasSelector
_SPECIFIC = OA.SpecificResource
_FRAGMENT = OA.FragmentSelector
_CONFORMS = DCT.conformsTo
_DATE = DCT.date
_NOTATION = SKOS.notation
_BROADER = SKOS.broader
_OCCUPATION = SS.occupation
_DESCRIPTOR = SS.descriptor
_SCALE = SS.scale
_TEXT = SS.text
_DOMAIN_SOURCE = SS.domainSource
_DECIMAL = XSD.decimal
_INTEGER = XSD.integer
_RATING = SS.Rating
_DATA_VALUE = SS.dataValue
_RESPONSE_CATEGORY = SS.responseCategory
_RANK = SS.rank
_EDUCATION_LEVEL = SS.educationLevel
_ASPECT = SS.aspect
_TITLE = SS.title
_TASK_TYPE = SS.taskType
_INCUMBENTS = SS.incumbentsResponding
_SHORT_TITLE = SS.shortTitle
_TITLE_SOURCE = SS.titleSource
_EXAMPLE = SS.exampleProduct
_HOT = SS.hotTechnology
_IN_DEMAND = SS.inDemand
_WORK_ACTIVITY = SS.workActivity
_TASK = SS.task
_TRUE = literal(True)
_FALSE = literal(False)

#: the optional columns of a rating file: (column, property, datatype; None for a Y/N flag)
_RATING_COLUMNS: tuple[tuple[str, ox.NamedNode, ox.NamedNode | None], ...] = (
    ("N", SS.sampleSize, _INTEGER),
    ("Standard Error", SS.standardError, _DECIMAL),
    ("Lower CI Bound", SS.lowerCI, _DECIMAL),
    ("Upper CI Bound", SS.upperCI, _DECIMAL),
    ("Recommend Suppress", SS.recommendSuppress, None),
    ("Not Relevant", SS.notRelevant, None),
)

# ---------------------------------------------------------------------- layouts
_CODE = ("O*NET-SOC Code", "text")
_EID = ("Element ID", "element")
_ENAME = ("Element Name", "text")
_SCALE_ID = ("Scale ID", "text")
_VALUE_COLUMN = ("Data Value", "dec")
_STATS = (
    ("N", "int?"),
    ("Standard Error", "dec?"),
    ("Lower CI Bound", "dec?"),
    ("Upper CI Bound", "dec?"),
    ("Recommend Suppress", "flag?"),
)
_DATED = (("Date", "date"), ("Domain Source", "text"))

_RATED = (_CODE, _EID, _ENAME, _SCALE_ID)
_RATED_FULL = layout(*_RATED, _VALUE_COLUMN, *_STATS, ("Not Relevant", "flag?"), *_DATED)
_RATED_STATS = layout(*_RATED, _VALUE_COLUMN, *_STATS, *_DATED)
_RATED_PLAIN = layout(*_RATED, _VALUE_COLUMN, *_DATED)
_RATED_CATEGORY = layout(*_RATED, ("Category", "int?"), _VALUE_COLUMN, *_STATS, *_DATED)

LAYOUTS: dict[str, tuple[Layout, ...]] = {
    "Scales Reference.txt": (
        layout(("Scale ID", "text"), ("Scale Name", "text"), ("Minimum", "int"), ("Maximum", "int")),
    ),
    "Content Model Reference.txt": (layout(_EID, ("Element Name", "text"), ("Description", "text")),),
    "Occupation Data.txt": (layout(_CODE, ("Title", "text"), ("Description", "text")),),
    "Education, Training, and Experience Categories.txt": (
        layout(_EID, _ENAME, _SCALE_ID, ("Category", "int"), ("Category Description", "text")),
    ),
    "IWA Reference.txt": (layout(_EID, ("IWA ID", "text"), ("IWA Title", "text")),),
    "DWA Reference.txt": (layout(_EID, ("IWA ID", "text"), ("DWA ID", "text"), ("DWA Title", "text")),),
    "UNSPSC Reference.txt": (
        layout(
            ("Commodity Code", "int"),
            ("Commodity Title", "text"),
            ("Class Code", "int"),
            ("Class Title", "text"),
            ("Family Code", "int"),
            ("Family Title", "text"),
            ("Segment Code", "int"),
            ("Segment Title", "text"),
        ),
    ),
    "Task Statements.txt": (
        layout(
            _CODE,
            ("Task ID", "int"),
            ("Task", "text"),
            ("Task Type", "text"),
            ("Incumbents Responding", "int?"),
            *_DATED,
        ),
    ),
    "Emerging Tasks.txt": (
        layout(
            _CODE,
            ("Task", "text"),
            ("Category", "text"),
            ("Original Task ID", "int?"),
            ("Original Task", "text"),
            *_DATED,
        ),
    ),
    "Tasks to DWAs.txt": (layout(_CODE, ("Task ID", "int"), ("DWA ID", "text"), *_DATED),),
    "Alternate Titles.txt": (
        layout(_CODE, ("Alternate Title", "text"), ("Short Title", "text"), ("Source(s)", "text")),
    ),
    "Sample of Reported Titles.txt": (
        layout(_CODE, ("Reported Job Title", "text"), ("Shown in My Next Move", "flag")),
    ),
    "Job Zones.txt": (layout(_CODE, ("Job Zone", "int"), *_DATED),),
    "Skills.txt": (_RATED_FULL,),
    "Knowledge.txt": (_RATED_FULL,),
    # 30.1 replaced the work styles (no N/SE/CI columns); 29.1 has the older layout
    "Work Styles.txt": (_RATED_PLAIN, _RATED_STATS),
    "Interests.txt": (_RATED_PLAIN,),
    "Work Values.txt": (_RATED_PLAIN,),
    "Education, Training, and Experience.txt": (_RATED_CATEGORY,),
    "Level Scale Anchors.txt": (
        layout(_EID, _ENAME, _SCALE_ID, ("Anchor Value", "int"), ("Anchor Description", "text")),
    ),
    "Technology Skills.txt": (
        layout(
            _CODE,
            ("Example", "text"),
            ("Commodity Code", "int"),
            ("Commodity Title", "text"),
            ("Hot Technology", "flag"),
            ("In Demand", "flag"),
        ),
    ),
    "Tools Used.txt": (
        layout(_CODE, ("Example", "text"), ("Commodity Code", "int"), ("Commodity Title", "text")),
    ),
}

#: files every release folder must have
REQUIRED = ("Scales Reference.txt", "Content Model Reference.txt", "Occupation Data.txt")
#: file → the files it refers to (which must then be in the folder too)
NEEDS: dict[str, tuple[str, ...]] = {
    "DWA Reference.txt": ("IWA Reference.txt",),
    "Emerging Tasks.txt": ("Task Statements.txt",),
    "Tasks to DWAs.txt": ("Task Statements.txt", "DWA Reference.txt"),
    "Education, Training, and Experience.txt": ("Education, Training, and Experience Categories.txt",),
    "Technology Skills.txt": ("UNSPSC Reference.txt",),
    "Tools Used.txt": ("UNSPSC Reference.txt",),
}

#: where an element sits at the descriptor level of its domain:
#: (ID prefix, number of ID parts or None for "a leaf of the content model", kind, class)
_DESCRIPTOR_DOMAINS: tuple[tuple[str, int | None, str, str], ...] = (
    ("1.A.", 5, "ability", "Ability"),
    ("1.B.1.", 4, "interest", "Interest"),
    ("1.B.3.", 4, "interest", "Interest"),
    ("1.B.2.", 4, "work-value", "WorkValue"),
    ("1.C.", None, "work-style", "WorkStyle"),
    ("1.D.", 4, "work-style", "WorkStyle"),
    ("2.A.", 4, "skill", "OnetSkill"),
    ("2.B.", 4, "skill", "OnetSkill"),
    ("2.C.", 4, "knowledge", "KnowledgeArea"),
    ("4.A.", 5, "work-activity", "WorkActivity"),
    ("4.C.", None, "work-context", "WorkContextItem"),
)


#: the name of a descriptor's level scale by the Element ID's domain (by ID, not class: a
#: knowledge area such as 2.C.6 "Education and Training" is a leaf above the descriptor level)
_ANCHOR_SCALES = (
    ("2.A.", "skill"),
    ("2.B.", "skill"),
    ("2.C.", "knowledge"),
    ("1.A.", "ability"),
    ("4.A.", "work activity"),
)


@dataclass(frozen=True)
class Element:
    """A content-model element as the release names it, and the node that stands for it."""

    element_id: str
    name: str
    node: ox.NamedNode
    cls: ox.NamedNode


@dataclass
class _Release:
    """What the reference files of one release say, for the files that refer to them."""

    release: str
    scales: dict[str, ox.NamedNode] = field(default_factory=dict)
    elements: dict[str, Element] = field(default_factory=dict)
    occupations: dict[str, ox.NamedNode] = field(default_factory=dict)
    #: (Element ID, Scale ID, category) → (label, rank, education level for RL)
    categories: dict[tuple[str, str, str], tuple[ox.Literal, ox.Literal, ox.NamedNode | None]] = field(
        default_factory=dict
    )
    iwas: dict[str, ox.NamedNode] = field(default_factory=dict)
    dwas: dict[str, ox.NamedNode] = field(default_factory=dict)
    commodities: dict[str, tuple[str, ox.NamedNode]] = field(default_factory=dict)
    tasks: dict[str, str] = field(default_factory=dict)  # Task ID → O*NET-SOC code
    _literals: dict[tuple[str, str], ox.Literal] = field(default_factory=dict)

    def lit(self, value: str, datatype: ox.NamedNode | None = None) -> ox.Literal:
        """A literal, shared by every row that has the same value (the files repeat a lot)."""
        key = (value, datatype.value if datatype is not None else "")
        found = self._literals.get(key)
        if found is None:
            found = ox.Literal(value) if datatype is None else ox.Literal(value, datatype=datatype)
            self._literals[key] = found
        return found

    def month(self, value: str) -> ox.Literal:
        """``MM/YYYY`` → ``YYYY-MM``^^xsd:gYearMonth."""
        key = (value, "month")
        found = self._literals.get(key)
        if found is None:
            found = ox.Literal(f"{value[3:]}-{value[:2]}", datatype=XSD.gYearMonth)
            self._literals[key] = found
        return found


class TableEmitter(Emitter):
    """The Emitter for one file of a release, with the per-row paths a large table needs."""

    def __init__(
        self,
        document: Document,
        graph: ox.NamedNode,
        read_at: dt.datetime,
        release: str,
        table: Table | None = None,
    ) -> None:
        super().__init__(
            document,
            graph,
            KIND,
            read_at=read_at,
            title=f"O*NET {release}: {document.name}",
            keep_content=False,
        )
        self._table = table
        self._sha = document.sha256
        # statements are per release, even where two releases ship the very same file
        self._scope = f"onet-{release}"
        self._issue_keys: set[str] = set()

    @property
    def table(self) -> Table:
        if self._table is None:
            raise ValueError("this emitter has no table")
        return self._table

    def drain(self) -> list[ox.Quad]:
        """The quads so far; the list itself is kept (and emptied), so a bound ``append`` stays valid."""
        quads = self.quads.copy()
        self.quads.clear()
        return quads

    def row_passage(self, row: int) -> ox.NamedNode:
        """As :meth:`Emitter.row_passage`, with the terms bound once (it runs for every row)."""
        node = iri.row_passage(self._sha, row)
        selector = ox.NamedNode(node.value + "#row")
        graph = self.graph
        doc = self.doc_node
        self.quads.extend(
            (
                ox.Quad(node, _TYPE, _SPECIFIC, graph),
                ox.Quad(node, _HAS_SOURCE, doc, graph),
                ox.Quad(node, _HAS_SELECTOR, selector, graph),
                ox.Quad(selector, _TYPE, _FRAGMENT, graph),
                ox.Quad(selector, _CONFORMS, RFC7111, graph),
                ox.Quad(selector, _VALUE, ox.Literal(f"row={row}"), graph),
            )
        )
        return node

    def row_statement(self, cls: ox.NamedNode, line: int) -> ox.NamedNode:
        """A statement of class ``cls`` derived from row ``line``."""
        return self.statement(cls, f"{self._scope}/row-{line}", passage=self.row_passage(line))

    def row_statement_at(self, node: ox.NamedNode, cls: ox.NamedNode, line: int) -> ox.NamedNode:
        """A statement with an IRI of its own (e.g. a task by Task ID) derived from row ``line``."""
        graph = self.graph
        self.quads.append(ox.Quad(node, _TYPE, cls, graph))
        self.quads.append(ox.Quad(node, _DERIVED, self.row_passage(line), graph))
        return node

    def issue(self, line: int | None, column: str | None, message: str, severity: str = "error") -> None:
        """An ``ss:IngestIssue``: what this row (or file) says that could not be mapped."""
        local = self._scope + ("/file" if line is None else f"/row-{line}")
        if column:
            local += "/" + iri.slug(column)
        key, suffix = local, 1
        while key in self._issue_keys:
            suffix += 1
            key = f"{local}-{suffix}"
        self._issue_keys.add(key)
        node = iri.ingest_issue(self._sha, key)
        self.add(node, _TYPE, SS.IngestIssue)
        self.add(node, SS.severity, literal(severity))
        self.add(node, SS.message, literal(message))
        self.add(node, SS.document, self.doc_node)
        if line is not None:
            self.add(node, SS.line, literal(line))
        if column:
            self.add(node, SS.column, literal(column))


Handler = Callable[["_Reader", TableEmitter], Iterator[list[ox.Quad]]]


class OnetReleaseAdapter(PatchableAdapter):
    """A folder with the tab-delimited files of one O*NET database release."""

    kind: ClassVar[str] = KIND
    version: ClassVar[str] = "1"

    @property
    def patchable_tables(self) -> tuple[str, ...]:
        return PATCHABLE_FILES  # defined below the reader's handlers

    def table_name(self, path: Path) -> str:
        return official_name(path)

    def table_rows(self, path: Path) -> int:
        return read_bytes(path).count(b"\n")

    def read_tables(
        self,
        entry: SourceEntry,
        graph: ox.NamedNode,
        read_at: dt.datetime,
        names: Collection[str],
        folder: Path | None = None,
    ) -> list[ox.Quad]:
        return read_release_files(entry, graph, read_at, names, folder=folder)

    def graph_header(self, entry: SourceEntry, graph: ox.NamedNode) -> list[ox.Quad]:
        return header_quads(graph, release_name(entry))

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        folder = entry.path
        if not folder.is_dir():
            raise SourceError(folder, None, f"source {entry.id!r}: an O*NET release is a folder of files")
        files = _release_files(folder)
        release = _release_name(entry, files.get(README))
        reader = _Reader(_Release(release), graph, read_at, files)
        yield from header_quads(graph, release)
        for batch in reader.run():
            yield from batch


def header_quads(graph: ox.NamedNode, release: str) -> list[ox.Quad]:
    """The release (and kind) on the graph itself, so queries can pick a release's graph."""
    return [
        ox.Quad(graph, SS.release, literal(release), graph),
        ox.Quad(graph, SS.documentKind, literal(KIND), graph),
    ]


def release_name(entry: SourceEntry) -> str:
    """The release of ``entry`` (e.g. "30.1"), as :meth:`OnetReleaseAdapter.ingest` names it."""
    return _release_name(entry, _release_files(entry.path).get(README))


def read_release_files(
    entry: SourceEntry,
    graph: ox.NamedNode,
    read_at: dt.datetime,
    names: Collection[str],
    folder: Path | None = None,
) -> list[ox.Quad]:
    """The quads the files ``names`` of the release give in a full read, and only those.

    ``names`` are data files (none of :data:`REFERENCE_FILES`): the reference files are read
    too, for what the data files look up, but their quads are left out. ``folder``: read the
    files there instead of ``entry.path`` (e.g. the copies kept of an earlier version).
    """
    if any(name not in PATCHABLE_FILES for name in names):
        raise ValueError(f"not data files of a release: {sorted(set(names) - set(PATCHABLE_FILES))}")
    files = _release_files(folder or entry.path)
    reader = _Reader(_Release(release_name(entry)), graph, read_at, files)
    return [quad for batch in reader.run(only=frozenset(names)) for quad in batch]


def _release_files(folder: Path) -> dict[str, Path]:
    """Official file name → the file in the folder (``X.txt`` or ``X.txt.gz``)."""
    files: dict[str, Path] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        name = official_name(path)
        if name in files:
            twice = f"{files[name].name}, {path.name}"
            raise SourceError(path, None, f"{name!r} is in the folder twice ({twice})")
        files[name] = path
    return files


def _release_name(entry: SourceEntry, readme: Path | None) -> str:
    """The release (e.g. "30.1"): the manifest's, checked against the Read Me's first line."""
    stated = None
    if readme is not None:
        text = read_bytes(readme).decode("utf-8", errors="replace")
        match = _RELEASE_LINE.match(text)
        if not match:
            raise SourceError(readme, 1, "expected the release's first line 'O*NET <release> Database'")
        stated = match["release"]
    if entry.release and stated and entry.release != stated:
        raise SourceError(
            readme or entry.path, 1, f"the Read Me is of O*NET {stated}, the manifest says {entry.release}"
        )
    release = entry.release or stated
    if not release:
        raise SourceError(entry.path, None, f"source {entry.id!r}: no release: give release: in the manifest")
    return release


class _Reader:
    """Reads the files of one release in dependency order, yielding quads in batches."""

    def __init__(
        self, release: _Release, graph: ox.NamedNode, read_at: dt.datetime, files: dict[str, Path]
    ) -> None:
        self.ctx = release
        self.graph = graph
        self.read_at = read_at
        self.files = files

    # ------------------------------------------------------------------ driver
    def run(self, only: frozenset[str] | None = None) -> Iterator[list[ox.Quad]]:
        """Every file's quads; with ``only``, the quads of those data files alone (the reference
        files are still read, for what the data files look up)."""
        for name in REQUIRED:
            if name not in self.files:
                folder = next(iter(self.files.values())).parent if self.files else Path(".")
                raise SourceError(folder / name, None, "a required file of the release is missing")
        for name, needs in NEEDS.items():
            for needed in needs:
                if name in self.files and needed not in self.files:
                    raise SourceError(self.files[name], None, f"needs {needed!r} in the same release folder")
        for name, path in self.files.items():
            if only is not None:
                continue
            if name == README:
                yield self._readme(path)
            elif name not in _HANDLERS:
                yield self._unknown(path)
        for name, handler in _HANDLERS.items():
            found = self.files.get(name)
            if found is None or (only is not None and name not in only and name not in REFERENCE_FILES):
                continue
            table = read_table(found, LAYOUTS[name])
            emit = TableEmitter(table.document, self.graph, self.read_at, self.ctx.release, table)
            if only is None or name in only:
                yield from handler(self, emit)
                yield emit.drain()
            else:
                for _ in handler(self, emit):  # only what it defines for the files in ``only``
                    emit.drain()

    def _readme(self, path: Path) -> list[ox.Quad]:
        document = Document.from_bytes(path.with_name(official_name(path)), read_bytes(path))
        emit = Emitter(
            document, self.graph, KIND, read_at=self.read_at, title=f"O*NET {self.ctx.release}: {README}"
        )
        return emit.quads

    def _unknown(self, path: Path) -> list[ox.Quad]:
        data = read_bytes(path)
        document = Document(path, "", hashlib.sha256(data).hexdigest(), "application/octet-stream")
        emit = TableEmitter(document, self.graph, self.read_at, self.ctx.release)
        emit.issue(
            None,
            None,
            f"{official_name(path)!r} is not read: the O*NET adapter has no mapping for this file",
            severity="warning",
        )
        return emit.quads

    # ------------------------------------------------------------------ shared checks
    def occupation(self, emit: TableEmitter, line: int, code: str) -> ox.NamedNode | None:
        """The occupation of a known, valid code; otherwise an issue for the row and None."""
        node = self.ctx.occupations.get(code)
        if node is not None:
            return node
        if iri.ONET_SOC_CODE.match(code):
            emit.issue(line, "O*NET-SOC Code", f"O*NET-SOC code {code!r} is not in Occupation Data")
        else:
            emit.issue(line, "O*NET-SOC Code", f"{code!r} is not a valid O*NET-SOC code (NN-NNNN.NN)")
        return None

    def element(
        self, emit: TableEmitter, line: int, element_id: str, name: str | None = None
    ) -> Element | None:
        """The element of a known Element ID (a name that differs from the model's is a warning)."""
        element = self.ctx.elements.get(element_id)
        if element is None:
            named = f" ({name})" if name else ""
            emit.issue(
                line, "Element ID", f"element {element_id!r}{named} is not in the Content Model Reference"
            )
            return None
        if name is not None and element.name != name:
            emit.issue(
                line,
                "Element Name",
                f"element {element_id} is named {name!r} here, {element.name!r} in the Content Model "
                "Reference (the row is read as the Content Model's element)",
                severity="warning",
            )
        return element

    def scale(self, emit: TableEmitter, line: int, scale_id: str) -> ox.NamedNode | None:
        node = self.ctx.scales.get(scale_id)
        if node is None:
            emit.issue(line, "Scale ID", f"scale {scale_id!r} is not in the Scales Reference")
        return node

    # ------------------------------------------------------------------ reference files
    def scales(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        for line, (scale_id, name, minimum, maximum) in emit.table.rows():
            if int(minimum) >= int(maximum):
                message = f"scale {scale_id}: minimum {minimum} is not below maximum {maximum}"
                emit.issue(line, "Maximum", message)
                continue
            node = iri.measurement_scale("onet-" + scale_id)
            emit.concept(node, SS.MeasurementScale, name, notation=scale_id)
            emit.add(node, SS.minValue, literal(Decimal(minimum)))
            emit.add(node, SS.maxValue, literal(Decimal(maximum)))
            self.ctx.scales[scale_id] = node
        yield emit.drain()

    def content_model(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        rows = list(emit.table.rows())
        ids = [values[0] for _, values in rows]
        nodes = _element_nodes({values[0]: values[1] for _, values in rows}, set(ids))
        for line, (element_id, name, description) in rows:
            if element_id in self.ctx.elements:
                emit.issue(line, "Element ID", f"element {element_id} is listed twice")
                continue
            node, cls = nodes[element_id]
            emit.concept(node, cls, name, notation=element_id, definition=description)
            self.ctx.elements[element_id] = Element(element_id, name, node, cls)
        for element_id, element in self.ctx.elements.items():
            parent = self.ctx.elements.get(element_id.rpartition(".")[0])
            if parent is not None and parent.node != element.node:
                emit.add(element.node, _BROADER, parent.node)
        yield emit.drain()

    def occupation_data(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx = self.ctx
        for line, (code, title, description) in emit.table.rows():
            if not iri.ONET_SOC_CODE.match(code):
                emit.issue(line, "O*NET-SOC Code", f"{code!r} is not a valid O*NET-SOC code (NN-NNNN.NN)")
                continue
            if code in ctx.occupations:
                emit.issue(line, "O*NET-SOC Code", f"O*NET-SOC code {code} is listed twice")
                continue
            node = emit.occupation(code, title)
            ctx.occupations[code] = node
            claim = emit.row_statement(SS.DescriptionClaim, line)
            emit.add(claim, _OCCUPATION, node)
            emit.add(claim, _ASPECT, ctx.lit("description"))
            emit.add(claim, _TEXT, ctx.lit(description))
        yield emit.drain()

    def ete_categories(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx = self.ctx
        for line, (element_id, name, scale_id, category, label) in emit.table.rows():
            if self.element(emit, line, element_id, name) is None or self.scale(emit, line, scale_id) is None:
                continue
            level = None
            if scale_id == "RL":  # Required Level of Education: the categories are education levels
                level = emit.concept(iri.descriptor("education-level", label), SS.EducationLevel, label)
            number = str(int(category))
            rank = ctx.lit(number, _INTEGER)
            ctx.categories[(element_id, scale_id, number)] = (ctx.lit(label), rank, level)
        yield emit.drain()

    def iwa_reference(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        for line, (element_id, iwa_id, title) in emit.table.rows():
            element = self.element(emit, line, element_id)
            if element is None:
                continue
            node = emit.concept(
                iri.descriptor("iwa", title), SS.IntermediateWorkActivity, title, notation=iwa_id
            )
            emit.add(node, _BROADER, element.node)
            self.ctx.iwas[iwa_id] = node
        yield emit.drain()

    def dwa_reference(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        for line, (element_id, iwa_id, dwa_id, title) in emit.table.rows():
            if self.element(emit, line, element_id) is None:
                continue
            iwa = self.ctx.iwas.get(iwa_id)
            if iwa is None:
                emit.issue(line, "IWA ID", f"IWA {iwa_id!r} is not in the IWA Reference")
                continue
            node = emit.concept(iri.descriptor("dwa", title), SS.DetailedWorkActivity, title, notation=dwa_id)
            emit.add(node, _BROADER, iwa)
            self.ctx.dwas[dwa_id] = node
        yield emit.drain()

    def unspsc_reference(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        seen: set[str] = set()
        for _line, values in emit.table.rows():
            code, title = values[0], values[1]
            node = iri.descriptor("technology-skill", title)
            if title in seen:  # UNSPSC reuses a few commodity titles: one concept, every code
                emit.add(node, _NOTATION, self.ctx.lit(code))
            else:
                seen.add(title)
                emit.concept(node, SS.TechnologySkill, title, notation=code)
            self.ctx.commodities[code] = (title, node)
        yield emit.drain()

    # ------------------------------------------------------------------ tasks
    def task_statements(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        for line, (code, task_id, text, task_type, incumbents, date, source) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            if task_id in ctx.tasks:
                emit.issue(line, "Task ID", f"Task ID {task_id} is listed twice")
                continue
            ctx.tasks[task_id] = code
            node = emit.row_statement_at(iri.onet_task(ctx.release, task_id), SS.Task, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _NOTATION, ctx.lit(task_id), g))
            append(quad(node, _TEXT, ctx.lit(text), g))
            if task_type != "n/a":
                append(quad(node, _TASK_TYPE, ctx.lit(task_type), g))
            if incumbents != "n/a":
                append(quad(node, _INCUMBENTS, ctx.lit(incumbents, _INTEGER), g))
            append(quad(node, _DATE, ctx.month(date), g))
            append(quad(node, _DOMAIN_SOURCE, ctx.lit(source), g))
            if len(emit.quads) > _BATCH:
                yield emit.drain()

    def emerging_tasks(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        for line, (code, text, category, original, _original_text, date, source) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            if original != "n/a" and original not in ctx.tasks:
                emit.issue(line, "Original Task ID", f"Task ID {original} is not in Task Statements")
                continue
            node = emit.row_statement(SS.EmergingTask, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _TEXT, ctx.lit(text), g))
            append(quad(node, SS.taskCategory, ctx.lit(category), g))
            if original != "n/a":
                append(quad(node, _TASK, iri.onet_task(ctx.release, original), g))
            append(quad(node, _DATE, ctx.month(date), g))
            append(quad(node, _DOMAIN_SOURCE, ctx.lit(source), g))
        yield emit.drain()

    def tasks_to_dwas(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        for line, (code, task_id, dwa_id, date, source) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            task_code = ctx.tasks.get(task_id)
            if task_code is None:
                emit.issue(line, "Task ID", f"Task ID {task_id} is not in Task Statements")
                continue
            if task_code != code:
                emit.issue(line, "Task ID", f"Task ID {task_id} is a task of {task_code}, not of {code}")
                continue
            dwa = ctx.dwas.get(dwa_id)
            if dwa is None:
                emit.issue(line, "DWA ID", f"DWA {dwa_id!r} is not in the DWA Reference")
                continue
            node = emit.row_statement(SS.TaskActivityLink, line)
            append(quad(node, _TASK, iri.onet_task(ctx.release, task_id), g))
            append(quad(node, _WORK_ACTIVITY, dwa, g))
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _DATE, ctx.month(date), g))
            append(quad(node, _DOMAIN_SOURCE, ctx.lit(source), g))
            if len(emit.quads) > _BATCH:
                yield emit.drain()

    # ------------------------------------------------------------------ titles, job zones
    def alternate_titles(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        aspect = ctx.lit("alternate title")
        for line, (code, title, short, sources) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            node = emit.row_statement(SS.ReportedTitleClaim, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _ASPECT, aspect, g))
            append(quad(node, _TITLE, ctx.lit(title), g))
            if short != "n/a":
                append(quad(node, _SHORT_TITLE, ctx.lit(short), g))
            append(quad(node, _TITLE_SOURCE, ctx.lit(sources), g))
            if len(emit.quads) > _BATCH:
                yield emit.drain()

    def reported_titles(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        aspect = ctx.lit("reported title")
        for line, (code, title, shown) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            node = emit.row_statement(SS.ReportedTitleClaim, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _ASPECT, aspect, g))
            append(quad(node, _TITLE, ctx.lit(title), g))
            append(quad(node, SS.shownInMyNextMove, _TRUE if shown == "Y" else _FALSE, g))
        yield emit.drain()

    def job_zones(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        for line, (code, zone, date, source) in emit.table.rows():
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            if not 1 <= int(zone) <= 5:
                emit.issue(line, "Job Zone", f"job zone {zone} is not one of 1–5")
                continue
            node = emit.row_statement(SS.JobZoneClaim, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, SS.jobZone, literal(int(zone)), g))
            append(quad(node, _DATE, ctx.month(date), g))
            append(quad(node, _DOMAIN_SOURCE, ctx.lit(source), g))
        yield emit.drain()

    # ------------------------------------------------------------------ ratings
    def ratings(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        cols = emit.table.layout
        value_at = cols.index("Data Value")
        category_at = cols.index("Category")
        date_at, source_at = cols.index("Date"), cols.index("Domain Source")
        if value_at is None or date_at is None or source_at is None:  # pragma: no cover - layouts have them
            raise emit.table.error(1, "a rating file needs Data Value, Date and Domain Source")
        # the optional columns this file has: (position, property, datatype or None for a Y/N flag)
        optional = [
            (at, predicate, datatype)
            for name, predicate, datatype in _RATING_COLUMNS
            if (at := cols.index(name)) is not None
        ]
        for line, values in emit.table.rows():
            code, element_id, name, scale_id = values[0], values[1], values[2], values[3]
            occupation = self.occupation(emit, line, code)
            element = self.element(emit, line, element_id, name) if occupation is not None else None
            scale = self.scale(emit, line, scale_id) if element is not None else None
            if occupation is None or element is None or scale is None:
                continue
            category = None
            if category_at is not None and values[category_at] != "n/a":
                category = ctx.categories.get((element_id, scale_id, str(int(values[category_at]))))
                if category is None:
                    emit.issue(
                        line,
                        "Category",
                        f"category {values[category_at]} of {element_id} on scale {scale_id} is not in "
                        "the Education, Training, and Experience Categories",
                    )
                    continue
            node = emit.row_statement(_RATING, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _DESCRIPTOR, element.node, g))
            append(quad(node, _SCALE, scale, g))
            append(quad(node, _DATA_VALUE, ctx.lit(values[value_at], _DECIMAL), g))
            if category is not None:
                label, rank, level = category
                append(quad(node, _RESPONSE_CATEGORY, label, g))
                append(quad(node, _RANK, rank, g))
                if level is not None:
                    append(quad(node, _EDUCATION_LEVEL, level, g))
            for at, predicate, datatype in optional:
                text = values[at]
                if text == "n/a":
                    continue
                if datatype is None:
                    append(quad(node, predicate, _TRUE if text == "Y" else _FALSE, g))
                else:
                    append(quad(node, predicate, ctx.lit(text, datatype), g))
            append(quad(node, _DATE, ctx.month(values[date_at]), g))
            append(quad(node, _DOMAIN_SOURCE, ctx.lit(values[source_at]), g))
            if len(emit.quads) > _BATCH:
                yield emit.drain()

    # ------------------------------------------------------------------ level scale anchors
    def level_anchors(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        """Each descriptor's level scale: its anchors as ranked levels, each anchor a statement."""
        ctx, release = self.ctx, self.ctx.release
        seen: dict[tuple[str, str, int], int] = {}  # (element, scale, value) → line
        schemes: set[str] = set()
        for line, (element_id, name, scale_id, value, description) in emit.table.rows():
            element = self.element(emit, line, element_id, name)
            scale = self.scale(emit, line, scale_id) if element is not None else None
            if element is None or scale is None:
                continue
            rank = int(value)
            if rank < 1:
                emit.issue(line, "Anchor Value", f"anchor value {value} is below 1: levels are ranked from 1")
                continue
            earlier = seen.get((element_id, scale_id, rank))
            if earlier is not None:
                message = (
                    f"{element_id} ({name}) has a second anchor at {scale_id} {rank} (first: row {earlier})"
                )
                emit.issue(line, "Anchor Value", message)
                continue
            seen[(element_id, scale_id, rank)] = line
            family = next(
                (name for prefix, name in _ANCHOR_SCALES if element_id.startswith(prefix)), "descriptor"
            )
            scheme_name = f"onet-{release}-{scale_id}-{element_id}"
            scheme = iri.proficiency_scale(scheme_name)
            if scheme_name not in schemes:
                schemes.add(scheme_name)
                emit.concept(scheme, SS.ProficiencyScale, f"O*NET {family} level")
                emit.value(
                    scheme, DCT.title, f"{element.name}: O*NET {release} {family} level scale ({scale_id})"
                )
                emit.add(scheme, _DESCRIPTOR, element.node)
                emit.add(scheme, _SCALE, scale)
            level = emit.concept(
                iri.proficiency_level(scheme_name, f"level-{rank}"),
                SS.ProficiencyLevel,
                f"Level {rank}",
                notation=str(rank),
                scheme=scheme,
            )
            emit.add(level, _RANK, literal(rank))
            node = emit.row_statement(SS.LevelAnchor, line)
            emit.add(node, SS.level, level)
            emit.add(node, _DESCRIPTOR, element.node)
            emit.add(node, _TEXT, ctx.lit(description))
        yield emit.drain()

    # ------------------------------------------------------------------ technology and tools
    def technology(self, emit: TableEmitter) -> Iterator[list[ox.Quad]]:
        ctx, append, quad, g = self.ctx, emit.quads.append, ox.Quad, emit.graph
        hot_at, demand_at = emit.table.layout.index("Hot Technology"), emit.table.layout.index("In Demand")
        aspect = ctx.lit("technology" if hot_at is not None else "tool")
        products: dict[str, ox.NamedNode] = {}
        for line, values in emit.table.rows():
            code, example, commodity, title = values[0], values[1], values[2], values[3]
            occupation = self.occupation(emit, line, code)
            if occupation is None:
                continue
            known = ctx.commodities.get(commodity)
            if known is None:
                message = f"commodity {commodity} ({title}) is not in the UNSPSC Reference"
                emit.issue(line, "Commodity Code", message)
                continue
            if known[0] != title:
                emit.issue(
                    line,
                    "Commodity Title",
                    f"commodity {commodity} is titled {title!r} here, {known[0]!r} in the UNSPSC Reference "
                    "(the row is read as the UNSPSC Reference's commodity)",
                    severity="warning",
                )
            product = products.get(example)
            if product is None:
                product = emit.concept(iri.product(example), SS.Product, example)
                products[example] = product
            node = emit.row_statement(SS.TechnologySkillStatement, line)
            append(quad(node, _OCCUPATION, occupation, g))
            append(quad(node, _DESCRIPTOR, known[1], g))
            append(quad(node, _NOTATION, ctx.lit(commodity), g))
            append(quad(node, _ASPECT, aspect, g))
            append(quad(node, _EXAMPLE, product, g))
            if hot_at is not None:
                append(quad(node, _HOT, _TRUE if values[hot_at] == "Y" else _FALSE, g))
            if demand_at is not None:
                append(quad(node, _IN_DEMAND, _TRUE if values[demand_at] == "Y" else _FALSE, g))
            if len(emit.quads) > _BATCH:
                yield emit.drain()


def _element_nodes(names: dict[str, str], ids: set[str]) -> dict[str, tuple[ox.NamedNode, ox.NamedNode]]:
    """The node and class of every element of a content model.

    An element at the descriptor level of its domain is the shared descriptor node of its kind
    and name; when two elements of one release would share such a node (two different
    elements of the same kind and name), both keep nodes of their own (by Element ID).
    """
    parents = {element_id.rpartition(".")[0] for element_id in ids}
    chosen: dict[str, tuple[ox.NamedNode, ox.NamedNode]] = {}
    claimed: dict[str, list[str]] = {}
    for element_id, name in names.items():
        kind = _descriptor_kind(element_id, element_id not in parents)
        if kind is None:
            chosen[element_id] = (iri.element(element_id), SS.Descriptor)
            continue
        node = iri.descriptor(kind[0], name)
        chosen[element_id] = (node, SS[kind[1]])
        claimed.setdefault(node.value, []).append(element_id)
    for element_ids in claimed.values():
        if len(element_ids) > 1:
            for element_id in element_ids:
                chosen[element_id] = (iri.element(element_id), chosen[element_id][1])
    return chosen


def _descriptor_kind(element_id: str, leaf: bool) -> tuple[str, str] | None:
    parts = element_id.count(".") + 1
    for prefix, depth, kind, cls in _DESCRIPTOR_DOMAINS:
        if element_id.startswith(prefix) and (parts == depth if depth is not None else leaf):
            return kind, cls
    return None


_HANDLERS: dict[str, Handler] = {
    "Scales Reference.txt": _Reader.scales,
    "Content Model Reference.txt": _Reader.content_model,
    "Occupation Data.txt": _Reader.occupation_data,
    "Education, Training, and Experience Categories.txt": _Reader.ete_categories,
    "IWA Reference.txt": _Reader.iwa_reference,
    "DWA Reference.txt": _Reader.dwa_reference,
    "UNSPSC Reference.txt": _Reader.unspsc_reference,
    "Task Statements.txt": _Reader.task_statements,
    "Emerging Tasks.txt": _Reader.emerging_tasks,
    "Tasks to DWAs.txt": _Reader.tasks_to_dwas,
    "Alternate Titles.txt": _Reader.alternate_titles,
    "Sample of Reported Titles.txt": _Reader.reported_titles,
    "Job Zones.txt": _Reader.job_zones,
    "Skills.txt": _Reader.ratings,
    "Knowledge.txt": _Reader.ratings,
    "Work Styles.txt": _Reader.ratings,
    "Interests.txt": _Reader.ratings,
    "Work Values.txt": _Reader.ratings,
    "Education, Training, and Experience.txt": _Reader.ratings,
    "Level Scale Anchors.txt": _Reader.level_anchors,
    "Technology Skills.txt": _Reader.technology,
    "Tools Used.txt": _Reader.technology,
}

#: the files the others are read against (scales, elements, occupations, categories, work
#: activities, commodities, tasks): a change to one of them changes what later files give
REFERENCE_FILES = (
    "Scales Reference.txt",
    "Content Model Reference.txt",
    "Occupation Data.txt",
    "Education, Training, and Experience Categories.txt",
    "IWA Reference.txt",
    "DWA Reference.txt",
    "UNSPSC Reference.txt",
    "Task Statements.txt",
)
#: the data files: each gives quads that depend on itself and the reference files only
PATCHABLE_FILES = tuple(name for name in _HANDLERS if name not in REFERENCE_FILES)
