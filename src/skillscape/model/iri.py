"""IRI minting: every instance IRI of the graph is made here, nowhere else.

Instances live under ``https://w3id.org/skillscape/id/``. IRIs are deterministic: the
same input always gives the same IRI, so re-ingesting a document replaces, never
duplicates, and the same concept named by two sources is one node.
"""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox

from skillscape.errors import BadInput
from skillscape.model.namespaces import ID_IRI

ONET_SOC_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE = re.compile(r"^\d{2}-\d{4}$")


class InvalidCode(BadInput):
    """Raised for a string that is neither an O*NET-SOC nor a SOC code."""


def normalize_occupation_code(code: str) -> str:
    """Return the O*NET-SOC code for ``code``; a plain SOC code resolves to its ``.00``."""
    text = code.strip()
    if ONET_SOC_CODE.match(text):
        return text
    if SOC_CODE.match(text):
        return text + ".00"
    raise InvalidCode(f"{code!r} is not an O*NET-SOC code (NN-NNNN.NN) or a SOC code (NN-NNNN)")


def slug(text: str, max_length: int = 80) -> str:
    """A lower-case, ASCII, hyphen-separated form of ``text`` for use in an IRI path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:max_length].rstrip("-") or "x"


def _node(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID_IRI + path)


def occupation(code: str) -> ox.NamedNode:
    return _node(f"occupation/{normalize_occupation_code(code)}")


def occupation_group(code: str) -> ox.NamedNode:
    """A SOC major/minor/broad group (e.g. ``25-4000``) or a named group slug."""
    return _node(f"occupation-group/{code}")


def document(sha256: str) -> ox.NamedNode:
    """A source document, identified by the sha256 of its bytes."""
    return _node(f"document/{sha256[:16]}")


def source_graph(source_id: str) -> ox.NamedNode:
    """The named graph holding everything read from one source (manifest id)."""
    return _node(f"graph/{slug(source_id)}")


def statement(document_sha256: str, local: str) -> ox.NamedNode:
    return _node(f"statement/{document_sha256[:16]}/{local}")


def passage(document_sha256: str, start: int, end: int) -> ox.NamedNode:
    return _node(f"passage/{document_sha256[:16]}/{start}-{end}")


def row_passage(document_sha256: str, row: int) -> ox.NamedNode:
    return _node(f"passage/{document_sha256[:16]}/row-{row}")


def cited_source(title: str) -> ox.NamedNode:
    return _node(f"cited-source/{slug(title)}")


def descriptor(kind: str, name: str) -> ox.NamedNode:
    """A skill, knowledge area, work activity … ``kind`` is a short slug such as ``knowledge``."""
    return _node(f"{kind}/{slug(name)}")


def element(element_id: str) -> ox.NamedNode:
    """An O*NET content-model element by its ID (e.g. ``2.C.1.b``)."""
    return _node(f"element/{element_id}")


def skill_domain(name: str) -> ox.NamedNode:
    return _node(f"domain/{slug(name)}")


def proficiency_scale(name: str) -> ox.NamedNode:
    return _node(f"scale/{slug(name)}")


def proficiency_level(scale_name: str, level_name: str) -> ox.NamedNode:
    return _node(f"scale/{slug(scale_name)}/{slug(level_name)}")


def measurement_scale(name: str) -> ox.NamedNode:
    return _node(f"measurement-scale/{slug(name)}")


def product(name: str) -> ox.NamedNode:
    # "+" and "#" tell products apart (C, C#, C++): spell them out before slugging
    spelled = name.replace("+", " plus ").replace("#", " sharp ")
    return _node(f"product/{slug(spelled)}")


def build_activity(stamp: str) -> ox.NamedNode:
    return _node(f"build/{slug(stamp)}")


def algorithm(name: str, version: str) -> ox.NamedNode:
    return _node(f"algorithm/{slug(name)}/{slug(version)}")


def ingest_issue(document_sha256: str, local: str) -> ox.NamedNode:
    """Something an adapter saw in a document but could not map (an ``ss:IngestIssue``)."""
    return _node(f"issue/{document_sha256[:16]}/{local}")


_RELEASE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")


def onet_task(release: str, task_id: str | int) -> ox.NamedNode:
    """An O*NET task statement of one release, by its Task ID (e.g. ``onet/30.1/task/8823``).

    Stable and release-scoped, so any dataset that cites a Task ID can link to the task.
    """
    if not _RELEASE.match(release):
        raise BadInput(f"{release!r} is not a release name (e.g. '30.1')")
    task = str(task_id).strip()
    if not task.isdigit():
        raise BadInput(f"{task_id!r} is not an O*NET Task ID (digits)")
    return _node(f"onet/{release}/task/{int(task)}")


def is_source_graph(node: ox.NamedNode) -> bool:
    """True for a named graph made by :func:`source_graph`."""
    return node.value.startswith(ID_IRI + "graph/")


def statement_from_id(statement_id: str) -> ox.NamedNode:
    """The statement IRI for its id, the path after ``id/statement/`` (as the API shows it)."""
    if not statement_id or any(c in statement_id for c in ' <>"{}|^`\\') or ".." in statement_id.split("/"):
        raise BadInput(f"{statement_id!r} is not a statement id")
    return _node(f"statement/{statement_id}")


def statement_id(node: ox.NamedNode) -> str | None:
    """The id of a statement IRI (inverse of :func:`statement_from_id`), None for other IRIs."""
    prefix = ID_IRI + "statement/"
    return node.value[len(prefix) :] if node.value.startswith(prefix) else None


def derivation_activity(algorithm_name: str, fingerprint: str) -> ox.NamedNode:
    """One run of an algorithm over given inputs and parameters (an ``ss:DerivationActivity``)."""
    return _node(f"derivation/{slug(algorithm_name)}/{fingerprint[:16]}")


def occupation_similarity(algorithm_name: str, source_code: str, target_code: str) -> ox.NamedNode:
    """A derived similarity from one occupation to another (an ``ss:OccupationSimilarity``)."""
    source, target = normalize_occupation_code(source_code), normalize_occupation_code(target_code)
    return _node(f"similarity/{slug(algorithm_name)}/{source}/{target}")


def esco_collection(name: str) -> ox.NamedNode:
    """One of ESCO's skill collections (``transversal``, ``digital``, ``green``, ``language``)."""
    return _node(f"esco-collection/{slug(name)}")


def occupation_mapping(subject: str, target_code: str) -> ox.NamedNode:
    """A mapping statement between an ESCO occupation (its IRI) and an O*NET-SOC occupation."""
    tail = subject.rstrip("/").rsplit("/", 1)[-1]
    return _node(f"mapping/esco-onet/{slug(tail)}/{normalize_occupation_code(target_code)}")


def durable_skill_score(code: str, domain_name: str) -> ox.NamedNode:
    """An occupation's derived score in one durable-skill domain (an ``ss:DurableSkillScore``)."""
    return statement_from_id(f"derived/durable-skills/{normalize_occupation_code(code)}/{slug(domain_name)}")
