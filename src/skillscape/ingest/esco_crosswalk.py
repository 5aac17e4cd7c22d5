"""The Nesta ESCO↔O*NET crosswalk → SSSOM-style mapping statements to current O*NET-SOC codes.

The crosswalk (Kanders et al. 2020, *Mapping Career Causeways*) gives each of 1,680 ESCO
occupations its best-matching O*NET occupation, by **O*NET-SOC 2010** code, with a confidence
(0.5, 1 or 2) and the semantic similarity of the two. The codes are brought to the O*NET-SOC
2019 taxonomy of the current release through the O*NET Resource Center's 2010→2019 crosswalk,
named in the manifest entry::

    options:
      soc_crosswalk: {path: ../crosswalks/onet_soc_2010_to_2019_crosswalk.csv, sha256: …}
      onet: {release: "30.1", folder: ../onet/30.1, occupation_data_sha256: …}

Rules (one mapping statement per ESCO occupation and current code):

* A 2010 code maps to **every** 2019 code the code crosswalk gives it (one-to-many: each
  successor gets a mapping, derived from the crosswalk row and influenced by the code
  crosswalk row, ``prov:wasInfluencedBy``). A 2019 code that is not an occupation of the
  O*NET release, or a 2010 code the code crosswalk lacks, is an ``ss:IngestIssue`` (warning)
  instead of a mapping.
* The predicate, as the data supports it:
  ``skos:broadMatch`` when the O*NET occupation is broader than the ESCO one — several ESCO
  occupations of the crosswalk share its 2010 code, or several 2010 codes merged into the 2019
  code; otherwise ``skos:exactMatch`` for confidence 2 when the 2010 code has exactly one
  successor, and ``skos:closeMatch`` for the rest (confidence 1 or 0.5, or a 2010 code split
  into several 2019 codes).
* ``sssom:confidence`` is Nesta's confidence divided by 2 (0.25, 0.5, 1.0), SSSOM's 0–1 range;
  ``sssom:similarity_score`` the row's semantic similarity; ``sssom:mapping_justification``
  ``semapv:MappingChaining`` when the code changed on the way, else ``semapv:CompositeMatching``
  (Nesta combined an ISCO crosswalk, sentence-embedding similarity and manual assignment).

Each statement also gives the 2010 code as written (``ss:sourceCode``), and the direct triple
``<esco occupation> <predicate> <O*NET occupation>`` is stated beside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import ClassVar

import pyoxigraph as ox

from skillscape.ingest.aiexposure import OnetPinningAdapter, Row, Table, onet_reference
from skillscape.ingest.document import SourceError
from skillscape.ingest.emit import Emitter, literal
from skillscape.ingest.esco import esco_node, official
from skillscape.ingest.manifest import SourceEntry
from skillscape.model import iri
from skillscape.model.namespaces import OWL, PROV, RDF, SEMAPV, SKOS, SS, SSSOM

KIND = "esco-onet-crosswalk"
NESTA_COLUMNS = (
    "esco_occupation",
    "onet_code",
    "onet_occupation",
    "semantic_similarity",
    "confidence",
    "concept_uri",
)
CODE_2010 = "O*NET-SOC 2010 Code"
CODE_2019 = "O*NET-SOC 2019 Code"
SIMILARITY_MEASURE = "Nesta: sentence-embedding similarity of job titles and occupation descriptions"
CONFIDENCES = {"2.0": Decimal("1.0"), "1.0": Decimal("0.5"), "0.5": Decimal("0.25")}


def soc_crosswalk(entry: SourceEntry) -> Table:
    """The O*NET-SOC 2010→2019 crosswalk named by ``options.soc_crosswalk`` (sha256 checked)."""
    options = entry.options.get("soc_crosswalk")
    if not isinstance(options, dict) or not options.get("path") or not options.get("sha256"):
        message = f"source {entry.id!r}: options.soc_crosswalk needs path and sha256"
        raise SourceError(entry.path, None, message)
    path = (entry.path.parent / str(options["path"])).resolve()
    table = Table.open(path, (CODE_2010, CODE_2019), ",")
    if table.document.sha256 != options["sha256"]:
        found, expected = table.document.sha256, options["sha256"]
        raise SourceError(path, None, f"sha256 of the text is {found}, the manifest says {expected}")
    return table


def predicate_for(confidence: str, shared: bool, split: bool, merged: bool) -> ox.NamedNode:
    """The mapping predicate for one row and one current code (see the module docstring)."""
    if shared or merged:
        return SKOS.broadMatch
    if confidence == "2.0" and not split:
        return SKOS.exactMatch
    return SKOS.closeMatch


class EscoOnetCrosswalkAdapter(OnetPinningAdapter):
    """``esco_onet_crosswalk_Nov2020.csv`` read against the 2010→2019 code crosswalk."""

    kind: ClassVar[str] = KIND
    version: ClassVar[str] = "2"

    def ingest(self, entry: SourceEntry, graph: ox.NamedNode, read_at: dt.datetime) -> Iterator[ox.Quad]:
        reference = onet_reference(entry)
        codes = soc_crosswalk(entry)
        title = "O*NET-SOC 2010 to 2019 crosswalk"
        code_emit = Emitter(codes.document, graph, KIND, read_at=read_at, title=title)
        successors: dict[str, list[tuple[str, int]]] = defaultdict(list)
        predecessors: Counter[str] = Counter()
        for row in codes.rows():
            old, new = row.occupation_code(CODE_2010), row.occupation_code(CODE_2019)
            successors[old].append((new, row.number))
            predecessors[new] += 1

        table = official(Table.open(entry.path, NESTA_COLUMNS, ","))
        emit = Emitter(
            table.document, graph, KIND, read_at=read_at, title=entry.title or None, keep_content=False
        )
        rows = list(table.rows())
        shared = Counter(row["onet_code"].strip() for row in rows)
        passages: dict[int, ox.NamedNode] = {}
        for row in rows:
            self._row(row, emit, code_emit, reference.titles, successors, predecessors, shared, passages)
        yield from code_emit.quads
        yield from emit.quads

    def _row(
        self,
        row: Row,
        emit: Emitter,
        code_emit: Emitter,
        titles: Mapping[str, str],
        successors: dict[str, list[tuple[str, int]]],
        predecessors: Counter[str],
        shared: Counter[str],
        passages: dict[int, ox.NamedNode],
    ) -> None:
        esco = esco_node(row, "concept_uri", "occupation")
        old = row.occupation_code("onet_code")
        confidence = row["confidence"].strip()
        if confidence not in CONFIDENCES:
            raise row.error("confidence", f"{confidence!r} is not one of Nesta's confidences 0.5, 1.0, 2.0")
        similarity = row.decimal("semantic_similarity", Decimal(-1), Decimal(1))
        found = successors.get(old)
        if not found:
            _issue(emit, row, "onet_code", f"{old} is not an O*NET-SOC 2010 code of the 2010→2019 crosswalk")
            return
        for new, number in found:
            if new not in titles:
                message = f"{old} → {new}: {new} is not an occupation of the O*NET release"
                _issue(emit, row, "onet_code", message)
                continue
            predicate = predicate_for(confidence, shared[old] > 1, len(found) > 1, predecessors[new] > 1)
            target = iri.occupation(new)
            node = iri.occupation_mapping(esco.value, new)
            if number not in passages:
                passages[number] = code_emit.row_passage(number)
            emit.add(node, RDF.type, SS.OccupationMapping)
            emit.add(node, PROV.wasDerivedFrom, emit.row_passage(row.number))
            emit.add(node, PROV.wasInfluencedBy, passages[number])
            emit.add(node, OWL.annotatedSource, esco)
            emit.add(node, OWL.annotatedProperty, predicate)
            emit.add(node, OWL.annotatedTarget, target)
            emit.add(node, SSSOM.subject_label, ox.Literal(row["esco_occupation"].strip(), language="en"))
            emit.add(node, SSSOM.object_label, literal(row["onet_occupation"].strip()))
            emit.add(node, SSSOM.confidence, literal(CONFIDENCES[confidence]))
            emit.add(node, SSSOM.similarity_score, literal(similarity))
            emit.add(node, SSSOM.similarity_measure, literal(SIMILARITY_MEASURE))
            justification = SEMAPV.MappingChaining if new != old else SEMAPV.CompositeMatching
            emit.add(node, SSSOM.mapping_justification, justification)
            emit.add(node, SS.sourceCode, literal(old))
            emit.add(esco, predicate, target)


def _issue(emit: Emitter, row: Row, column: str, message: str) -> None:
    node = iri.ingest_issue(emit.document.sha256, f"crosswalk/row-{row.number}/{len(emit.quads)}")
    emit.add(node, RDF.type, SS.IngestIssue)
    emit.value(node, SS.severity, "warning")
    emit.value(node, SS.message, message)
    emit.add(node, SS.document, emit.doc_node)
    emit.value(node, SS.line, row.line)
    emit.value(node, SS.column, column)
