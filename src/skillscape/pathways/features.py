"""Occupation features read from the store: one bulk named query per feature family.

Everything comes from ONE O*NET release graph (``pathways/onet-releases``; the newest by
default), so two releases in the store never mix. The families:

* ``activities`` — detailed work activities (DWAs) of each occupation's tasks, weighted by the
  number of its tasks linked to each DWA; ``iwa`` — the same, rolled up to the intermediate
  work activities;
* ``skills``, ``knowledge`` — O*NET importance (IM 1–5) and level (LV 0–7) of each element;
  ``work-styles`` — work-style impact (WI −3…3, negative values as 0); ``interests`` — the
  occupational interest profile (OI 1–7, the six RIASEC interests);
* ``technology``, ``tools`` — the UNSPSC commodities of Technology Skills / Tools Used;
* ``text`` — the words of the tasks, the title and the alternate titles; ``titles`` — the
  words of the title, the alternate titles and the reported job titles; ``tasks`` — the words of
  the tasks alone.

The result is plain arrays (one row per occupation, the same order in every family); the
similarity (:mod:`skillscape.pathways.similarity`) knows nothing about RDF.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import pyoxigraph as ox
from scipy import sparse

from skillscape.errors import Unavailable
from skillscape.model.namespaces import DCT, RDF, SKOS, SS
from skillscape.query import named
from skillscape.store.base import GraphStore

#: the families rated on a scale (the others are sets of items, with weights)
RATED_FAMILIES = ("skills", "knowledge", "work-styles", "interests")
#: feature families read from a release, in a fixed order
FAMILIES = (
    "activities",
    "iwa",
    "skills",
    "knowledge",
    "work-styles",
    "technology",
    "tools",
    "text",
    "titles",
    "tasks",
    "interests",
)

#: the families made of words
TEXT_FAMILIES = ("text", "titles", "tasks")
#: an occupation with data in none but these families is too thin to compare (not described)
THIN_FAMILIES = (*TEXT_FAMILIES, "interests")
#: Element ID prefixes of the rated families
_RATED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("2.A.", "skills"),
    ("2.B.", "skills"),
    ("2.C.", "knowledge"),
    ("1.C.", "work-styles"),
    ("1.D.", "work-styles"),
    ("1.B.1.", "interests"),
)
_KIND_OF_CLASS = {
    "DetailedWorkActivity": "dwa",
    "IntermediateWorkActivity": "iwa",
    "TechnologySkill": "technology",
}
#: every predicate :func:`read_features` depends on (through the feature queries in
#: ``queries/pathways/`` and the release lookup): a copy of a release graph holding only these
#: quads gives the same features as the whole graph, and an update of a release that changes
#: none of them leaves its features as they were (job zones are not features)
FEATURE_PREDICATES = frozenset(
    [
        RDF.type,
        SKOS.notation,
        SKOS.prefLabel,
        SKOS.broader,
        DCT.identifier,
        DCT.title,
        *(
            SS[name]
            for name in ["scale", "descriptor", "dataValue", "occupation", "aspect", "hotTechnology", "text"]
        ),
        *(
            SS[name]
            for name in [
                "title",
                "task",
                "workActivity",
                "documentKind",
                "release",
                "parameters",
                "featuresFingerprint",
            ]
        ),
    ]
)
#: the classes the feature queries match by ``rdf:type`` (other typings are not kept)
FEATURE_CLASSES = frozenset(
    SS[name]
    for name in [
        "Occupation",
        "Task",
        "ReportedTitleClaim",
        "TechnologySkillStatement",
        "TaskActivityLink",
        "OnetSkill",
        "KnowledgeArea",
        "WorkStyle",
        "Interest",
        "Descriptor",
        "DetailedWorkActivity",
        "IntermediateWorkActivity",
        "TechnologySkill",
    ]
)


def feature_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The quads of a release graph that the feature queries read."""
    predicates, classes, typed = FEATURE_PREDICATES, FEATURE_CLASSES, RDF.type
    return [q for q in quads if q.predicate in predicates and (q.object in classes or q.predicate != typed)]


#: the named queries :func:`read_features` reads a release with, and the columns it uses of each
FEATURE_QUERIES: dict[str, tuple[str, ...]] = {
    "pathways/occupations": ("occupation", "code", "title"),
    "pathways/descriptors": ("descriptor", "class", "notation", "name", "broader"),
    "pathways/feature-activities": ("occupation", "task", "dwa"),
    "pathways/feature-ratings": ("occupation", "descriptor", "scale", "value"),
    "pathways/feature-technology": ("occupation", "commodity", "aspect", "hot"),
    "pathways/feature-text": ("occupation", "kind", "text"),
}


def feature_rows(store: GraphStore, graph: str) -> dict[str, Counter[tuple[str, ...]]]:
    """What :func:`read_features` reads of the release ``graph``: the rows of each feature query
    (the columns it uses, as text), counted. Equal rows give equal features."""
    found: dict[str, Counter[tuple[str, ...]]] = {}
    for name, columns in FEATURE_QUERIES.items():
        records = named.load(name).run(store, {"graph": graph}).records()
        found[name] = Counter(tuple(str(record.get(c)) for c in columns) for record in records)
    return found


_WORD = re.compile(r"[a-z][a-z0-9+#]*")
_STOPWORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "a an and are as at be by for from in into is it of on or other others such that the their them "
        "these this those to using use used with within without needed etc may all any",
    )
)


class NoRelease(Unavailable):
    """The store holds no O*NET release to compute features from."""


@dataclass(frozen=True)
class Release:
    graph: str
    identifier: str
    name: str
    title: str
    fingerprint: str
    #: what the features of the release were read from (see ``ss:featuresFingerprint``)
    features_fingerprint: str = ""

    @property
    def features_print(self) -> str:
        return self.features_fingerprint or self.fingerprint


@dataclass(frozen=True)
class Descriptor:
    iri: str
    kind: str
    notation: str
    name: str
    broader: str | None = None


@dataclass
class Family:
    """One feature family: ``values[i, j]`` is occupation i's weight of item j (0 = absent).

    Rated families also carry ``importance`` (IM, 1–5; 0 where not rated) beside ``values``
    (the level); for set families ``importance`` is None.
    """

    name: str
    items: list[str]
    values: sparse.csr_matrix
    importance: np.ndarray | None = None

    @property
    def rated(self) -> bool:
        return self.importance is not None

    def present(self) -> np.ndarray:
        """Which occupations have any data in this family."""
        return np.asarray(self.values.getnnz(axis=1) > 0)


@dataclass
class Features:
    release: Release
    codes: list[str]
    titles: list[str]
    occupations: list[str]
    families: dict[str, Family]
    descriptors: dict[str, Descriptor] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.codes)

    def index(self) -> dict[str, int]:
        return {code: i for i, code in enumerate(self.codes)}


# ---------------------------------------------------------------------------- releases


def releases(store: GraphStore) -> list[Release]:
    """The O*NET releases in the store, oldest first (by release number)."""
    found = []
    for record in named.load("pathways/onet-releases").run(store).records():
        graph, release = record["graph"], record["release"]
        if graph is None or release is None:
            continue
        found.append(
            Release(
                graph.value,
                _str(record.get("identifier")),
                release.value,
                _str(record.get("title")),
                _str(record.get("fingerprint")),
                _str(record.get("featuresFingerprint")),
            )
        )
    return sorted(found, key=lambda r: version_key(r.name))


def version_key(name: str) -> tuple[int | str, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\-]", name))


def newest_release(store: GraphStore, wanted: str | None = None) -> Release:
    """The newest O*NET release in the store (or the one named ``wanted``)."""
    known = releases(store)
    if wanted is not None:
        known = [r for r in known if r.name == wanted]
    if not known:
        what = f"O*NET release {wanted}" if wanted else "O*NET release"
        raise NoRelease(f"the store holds no {what}: build it from the sources first")
    return known[-1]


# ---------------------------------------------------------------------------- reading


def read_features(store: GraphStore, release: Release | None = None) -> Features:
    """Every feature family of the occupations of ``release`` (default: the newest)."""
    release = release or newest_release(store)
    params = {"graph": release.graph}
    occupations = _occupations(store, params)
    descriptors = _descriptors(store, params)
    rows: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    importance: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
    _activities(store, params, descriptors, rows)
    _ratings(store, params, descriptors, rows, importance)
    _technology(store, params, rows)
    _text_rows(store, params, rows)
    # an occupation is described when a family other than its own title has data for it
    described = {
        occ for family, entries in rows.items() if family not in THIN_FAMILIES for occ, _, _ in entries
    }
    kept = [o for o in occupations if o[0] in described]
    order = {occ: i for i, (occ, _, _) in enumerate(kept)}
    families = {
        name: _family(name, rows.get(name, []), importance.get(name), order)
        for name in FAMILIES
        if name in rows
    }
    return Features(
        release=release,
        codes=[code for _, code, _ in kept],
        titles=[title for _, _, title in kept],
        occupations=[occ for occ, _, _ in kept],
        families=families,
        descriptors=descriptors,
    )


def _run(store: GraphStore, name: str, params: Mapping[str, str]) -> Iterable[dict[str, Any]]:
    return named.load(name).run(store, params).records()


def _occupations(store: GraphStore, params: Mapping[str, str]) -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for record in _run(store, "pathways/occupations", params):
        occupation = record["occupation"]
        if occupation is not None and occupation.value not in seen:
            seen[occupation.value] = (occupation.value, _str(record["code"]), _str(record["title"]))
    return sorted(seen.values(), key=lambda o: o[1])


def _descriptors(store: GraphStore, params: Mapping[str, str]) -> dict[str, Descriptor]:
    found: dict[str, Descriptor] = {}
    for record in _run(store, "pathways/descriptors", params):
        node, cls = record["descriptor"], record["class"]
        if node is None or cls is None:
            continue
        notation = _str(record["notation"])
        kind = _KIND_OF_CLASS.get(cls.value.rpartition("#")[2]) or _rated_family(notation)
        if kind is None:
            continue
        broader = record.get("broader")
        found[node.value] = Descriptor(
            node.value, kind, notation, _str(record["name"]), broader.value if broader is not None else None
        )
    return found


def _rated_family(element: str) -> str | None:
    for prefix, family in _RATED_PREFIXES:
        if element.startswith(prefix):
            return family
    return None


def _activities(
    store: GraphStore,
    params: Mapping[str, str],
    descriptors: Mapping[str, Descriptor],
    rows: dict[str, list[tuple[str, str, float]]],
) -> None:
    dwas: Counter[tuple[str, str]] = Counter()
    iwas: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str, str]] = set()
    for record in _run(store, "pathways/feature-activities", params):
        occupation, task, dwa = record["occupation"], record["task"], record["dwa"]
        if occupation is None or task is None or dwa is None:
            continue
        key = (occupation.value, task.value, dwa.value)
        if key in seen:
            continue
        seen.add(key)
        dwas[occupation.value, dwa.value] += 1
        described = descriptors.get(dwa.value)
        if described is not None and described.broader:
            iwas[occupation.value, described.broader] += 1
    rows["activities"] = [(o, d, float(n)) for (o, d), n in dwas.items()]
    rows["iwa"] = [(o, d, float(n)) for (o, d), n in iwas.items()]


def _ratings(
    store: GraphStore,
    params: Mapping[str, str],
    descriptors: Mapping[str, Descriptor],
    rows: dict[str, list[tuple[str, str, float]]],
    importance: dict[str, list[tuple[str, str, float]]],
) -> None:
    for record in _run(store, "pathways/feature-ratings", params):
        occupation, node, scale, value = (record[k] for k in ("occupation", "descriptor", "scale", "value"))
        if occupation is None or node is None or scale is None or value is None:
            continue
        described = descriptors.get(node.value)
        if described is None or described.kind not in RATED_FAMILIES:
            continue
        number = float(Decimal(value.value))
        if scale.value == "IM":
            importance[described.kind].append((occupation.value, node.value, number))
        elif scale.value == "LV":
            rows[described.kind].append((occupation.value, node.value, number))
        elif scale.value == "WI":  # work styles: impact as the level, no separate importance
            rows[described.kind].append((occupation.value, node.value, max(number, 0.0)))
        elif scale.value == "OI":  # interests: how strongly the work fits each RIASEC interest
            rows[described.kind].append((occupation.value, node.value, number))


def _technology(
    store: GraphStore, params: Mapping[str, str], rows: dict[str, list[tuple[str, str, float]]]
) -> None:
    for record in _run(store, "pathways/feature-technology", params):
        occupation, commodity, aspect = record["occupation"], record["commodity"], record["aspect"]
        if occupation is None or commodity is None or aspect is None:
            continue
        family = "technology" if aspect.value == "technology" else "tools"
        hot = record.get("hot")
        weight = 2.0 if hot is not None and hot.value in ("true", "1") else 1.0
        rows[family].append((occupation.value, commodity.value, weight))


def _str(value: object) -> str:
    return (
        value.value if isinstance(value, ox.Literal | ox.NamedNode) else "" if value is None else str(value)
    )


def tokens(text: str) -> list[str]:
    """Lower-case words of a task or title, without stop words and plural ``s``."""
    words = []
    for word in _WORD.findall(text.lower()):
        if word in _STOPWORDS or len(word) < 3:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 4:
            word = word[:-1]
        words.append(word)
    return words


def _text_rows(
    store: GraphStore, params: Mapping[str, str], rows: dict[str, list[tuple[str, str, float]]]
) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    by_kind: dict[str, Counter[tuple[str, str]]] = {"titles": Counter(), "tasks": Counter()}
    for record in _run(store, "pathways/feature-text", params):
        occupation, kind, text = record["occupation"], record["kind"], record["text"]
        if occupation is None or text is None:
            continue
        # a title speaks for the whole occupation: its words count as much as a few tasks
        what = kind.value if kind is not None else ""
        weight = 3 if what == "title" else 1
        family = by_kind["tasks" if what == "task" else "titles"]
        for word in set(tokens(text.value)):
            if what != "reported title":  # reported titles are words of "titles" alone
                counts[occupation.value, word] += weight
            family[occupation.value, word] += 1
    rows["text"] = [(o, w, float(n)) for (o, w), n in counts.items()]
    for name, found in by_kind.items():
        rows[name] = [(o, w, float(n)) for (o, w), n in found.items()]


def _family(
    name: str,
    entries: list[tuple[str, str, float]],
    importance: list[tuple[str, str, float]] | None,
    order: Mapping[str, int],
) -> Family:
    items = sorted({item for occupation, item, _ in entries if occupation in order})
    columns = {item: j for j, item in enumerate(items)}
    values = _matrix(entries, order, columns)
    rated_importance = None
    if name in RATED_FAMILIES:
        if importance:
            rated_importance = _matrix(importance, order, columns).toarray()
        else:  # work styles have no importance scale: every rated element counts fully
            rated_importance = np.where(values.toarray() > 0, 5.0, 0.0)
    return Family(name, items, values, rated_importance)


def _matrix(
    entries: list[tuple[str, str, float]], order: Mapping[str, int], columns: Mapping[str, int]
) -> sparse.csr_matrix:
    kept = [(order[o], columns[i], v) for o, i, v in entries if o in order and i in columns]
    shape = (len(order), len(columns))
    if not kept:
        return sparse.csr_matrix(shape)
    r, c, v = zip(*kept, strict=True)
    matrix = sparse.coo_matrix((np.array(v, dtype=float), (r, c)), shape=shape).tocsr()
    matrix.sum_duplicates()
    return matrix
