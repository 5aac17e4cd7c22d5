"""What each file of an O*NET release states: its rows mapped to the ontology.

:class:`ReleaseStatements` has one method per kind of file (see :data:`HANDLERS`); each reads
its file's rows through a :class:`TableEmitter` and yields the quads in batches. What the
reference files define is kept in the :class:`ReleaseContext` for the files read after them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pyoxigraph as ox

from skillscape.ingest.emit import literal
from skillscape.ingest.onet_emit import Element, ReleaseContext, TableEmitter
from skillscape.ingest.onet_layouts import REFERENCE_FILES
from skillscape.model import iri
from skillscape.model.namespaces import DCT, SKOS, SS, XSD

_BATCH = 50_000  # quads handed on at a time, so a release streams into the store

# ---------------------------------------------------------------------- terms used per row
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


class ReleaseStatements:
    """Maps the rows of each file of one release, checking them against its reference files."""

    def __init__(self, release: ReleaseContext) -> None:
        self.ctx = release

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


Handler = Callable[[ReleaseStatements, TableEmitter], Iterator[list[ox.Quad]]]

HANDLERS: dict[str, Handler] = {
    "Scales Reference.txt": ReleaseStatements.scales,
    "Content Model Reference.txt": ReleaseStatements.content_model,
    "Occupation Data.txt": ReleaseStatements.occupation_data,
    "Education, Training, and Experience Categories.txt": ReleaseStatements.ete_categories,
    "IWA Reference.txt": ReleaseStatements.iwa_reference,
    "DWA Reference.txt": ReleaseStatements.dwa_reference,
    "UNSPSC Reference.txt": ReleaseStatements.unspsc_reference,
    "Task Statements.txt": ReleaseStatements.task_statements,
    "Emerging Tasks.txt": ReleaseStatements.emerging_tasks,
    "Tasks to DWAs.txt": ReleaseStatements.tasks_to_dwas,
    "Alternate Titles.txt": ReleaseStatements.alternate_titles,
    "Sample of Reported Titles.txt": ReleaseStatements.reported_titles,
    "Job Zones.txt": ReleaseStatements.job_zones,
    "Skills.txt": ReleaseStatements.ratings,
    "Knowledge.txt": ReleaseStatements.ratings,
    "Work Styles.txt": ReleaseStatements.ratings,
    "Interests.txt": ReleaseStatements.ratings,
    "Work Values.txt": ReleaseStatements.ratings,
    "Education, Training, and Experience.txt": ReleaseStatements.ratings,
    "Level Scale Anchors.txt": ReleaseStatements.level_anchors,
    "Technology Skills.txt": ReleaseStatements.technology,
    "Tools Used.txt": ReleaseStatements.technology,
}

#: the files the others are read against (scales, elements, occupations, categories, work

#: the data files: each gives quads that depend on itself and the reference files only
PATCHABLE_FILES = tuple(name for name in HANDLERS if name not in REFERENCE_FILES)
