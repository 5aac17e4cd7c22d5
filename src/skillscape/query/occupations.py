"""Occupations by the words people use: the search index, closest matches, unknown codes.

One :class:`OccupationIndex` is built from one named query (``occupation-names``): every
occupation's code, O*NET-SOC title, alternate titles and sample reported titles. It answers

* :meth:`OccupationIndex.search`, ranked: an exact code, title or alternate title first, then a
  name that starts with the text, then names holding every word of the text (the last word may
  be the start of a word, as people type); inside a tier the O*NET-SOC title before an
  alternate title before a reported title, then names more sources use, then the code;
* :meth:`OccupationIndex.suggest`, the closest matches for text that names no occupation —
  the same everywhere: named queries in the CLI, the REST API, ``adjacent`` and ``pivots``.

:func:`check_occupations` is the general check behind every named query: a parameter of
type ``occupation`` that names no occupation of the graph raises :class:`UnknownOccupation`
(exit 2 in the CLI, 404 over HTTP) with the closest matches, instead of an empty answer.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from skillscape.errors import NotFound
from skillscape.model import iri
from skillscape.query import named
from skillscape.query.materialised import read_answer
from skillscape.query.results import python_value
from skillscape.store.base import GraphStore

#: ranks of the kinds of names inside a tier: the O*NET-SOC title first
KINDS = ("code", "title", "alternate title", "reported title")
#: suggestions below this difflib ratio are not offered
SUGGESTION_CUTOFF = 0.4
_WORD = re.compile(r"[0-9a-z]+(?:[-'.][0-9a-z]+)*")


def normalize(text: str) -> str:
    """Lower case, words only, single spaces: ``"Nurse, Staff"`` → ``"nurse staff"``."""
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str | None
    alternate_titles: tuple[str, ...] = ()
    reported_titles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "title": self.title or ""}

    def suggestion(self) -> dict[str, Any]:
        """As a closest match in an error: code, title and alternate titles."""
        alternates = sorted(t for t in self.alternate_titles if t != self.title)
        return {"code": self.code, "title": self.title or "", "alternateTitles": alternates}


@dataclass(frozen=True)
class Hit:
    occupation: Occupation
    tier: int  # 0 exact, 1 prefix, 2 words
    matched: str  # the name that matched
    kind: str  # which kind of name it is (KINDS)


class UnknownOccupation(NotFound):
    """Text that names no occupation of the graph (or none the answer can use, ``reason``), with
    the closest ones: ``occupations``, and as ``suggestions`` their codes, titles and alternate
    titles. The same class, and so the same closest matches, everywhere."""

    def __init__(
        self,
        text: str,
        suggestions: list[Occupation],
        parameter: str | None = None,
        reason: str = "",
    ) -> None:
        malformed = iri.ONET_SOC_CODE.match(text.strip()) is None and not iri.SOC_CODE.match(text.strip())
        if reason:
            detail = reason
        elif parameter is not None and malformed:
            detail = f"parameter {parameter}={text!r}: expected an O*NET-SOC code (NN-NNNN.NN) or a SOC code"
        else:
            detail = f"no occupation {text!r}"
        if suggestions:
            detail += "; closest: " + ", ".join(f"{o.code} {o.title or ''}".strip() for o in suggestions)
        super().__init__(detail, suggestions=[o.suggestion() for o in suggestions])
        self.malformed = malformed
        self.code = text
        self.parameter = parameter
        self.occupations = suggestions


@dataclass
class OccupationIndex:
    occupations: dict[str, Occupation]
    #: per normalized name, (occupation code, kind rank, support) for each occupation using it
    _names: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    _sorted_names: list[str] = field(default_factory=list)
    _words: dict[str, set[str]] = field(default_factory=dict)
    _sorted_words: list[str] = field(default_factory=list)
    _shown: dict[str, str] = field(default_factory=dict)  # normalized name → a name as written

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, object]]) -> OccupationIndex:
        """From rows with ``code``, ``title``, ``kind``, ``name`` (the ``occupation-names`` query)."""
        titles: dict[str, str | None] = {}
        names: dict[str, dict[str, list[str]]] = {}
        for row in rows:
            code = str(row["code"])
            title = row.get("title")
            titles[code] = str(title) if title else titles.get(code)
            kind, name = row.get("kind"), row.get("name")
            if kind and name:
                names.setdefault(code, {}).setdefault(str(kind), []).append(str(name))
        occupations: dict[str, Occupation] = {}
        for code in sorted(titles):
            kinds = names.get(code, {})
            alternates = tuple(sorted(set(kinds.get("alternate title", ()))))
            reported = tuple(sorted(set(kinds.get("reported title", ())) - set(alternates)))
            title = titles[code] or (alternates[0] if alternates else None)
            occupations[code] = Occupation(code, title, alternates, reported)
        index = cls(occupations)
        index._build(names)
        return index

    @classmethod
    def load(cls, store: GraphStore) -> OccupationIndex:
        result = None
        path = store.version_path
        if path is not None:  # the answer the build stored with the version, if it did
            stored = read_answer(path, "occupation-names")
            result = stored.result if stored is not None else None
        if result is None:
            result = named.load("occupation-names").run(store)
        return cls.from_rows({k: python_value(v) for k, v in r.items()} for r in result.records())

    def _build(self, raw: Mapping[str, Mapping[str, list[str]]]) -> None:
        support: Counter[tuple[str, str]] = Counter()  # (normalized name, code) → how many rows use it
        best: dict[tuple[str, str], int] = {}
        for code, occupation in self.occupations.items():
            entries = [(code, 0), *((t, 1) for t in [occupation.title] if t)]
            for kind, values in raw.get(code, {}).items():
                entries.extend((v, KINDS.index(kind) if kind in KINDS else 2) for v in values)
            for text, rank in entries:
                key = normalize(text) if rank else text.lower()
                if not key:
                    continue
                support[key, code] += 1
                self._shown.setdefault(key, text)
                best[key, code] = min(rank, best.get((key, code), rank))
        for (key, code), rank in best.items():
            self._names.setdefault(key, []).append((code, rank, support[key, code]))
            for word in key.replace("-", " ").split():
                self._words.setdefault(word, set()).add(key)
        self._sorted_names = sorted(self._names)
        self._sorted_words = sorted(self._words)

    def __contains__(self, code: object) -> bool:
        return code in self.occupations

    def __len__(self) -> int:
        return len(self.occupations)

    # ------------------------------------------------------------------ search
    def search(self, text: str) -> list[Hit]:
        """Occupations whose code or names match ``text``, best first (an empty text lists all)."""
        query = normalize(text)
        if not query:
            if text.strip():
                return []
            return [Hit(o, 2, o.title or o.code, "title") for o in self.occupations.values()]
        found: dict[str, tuple[int, int, int, str]] = {}  # code → (tier, kind rank, -support, name)

        def offer(key: str, tier: int) -> None:
            for code, rank, support in self._names[key]:
                candidate = (tier, rank, -support, key)
                if code not in found or candidate < found[code]:
                    found[code] = candidate

        code_text = text.strip().lower()
        for key in (query, code_text):
            if key in self._names:
                offer(key, 0)
        for prefix in {query, code_text}:
            start = bisect.bisect_left(self._sorted_names, prefix)
            for key in self._sorted_names[start:]:
                if not key.startswith(prefix):
                    break
                offer(key, 1)
        words = query.replace("-", " ").split()
        *whole, last = words
        candidates: set[str] | None = None
        for word in whole:
            keys = self._words.get(word, set())
            candidates = set(keys) if candidates is None else candidates & keys
            if not candidates:
                break
        if candidates is None or candidates:
            completing: set[str] = set()
            start = bisect.bisect_left(self._sorted_words, last)
            for word in self._sorted_words[start:]:
                if not word.startswith(last):
                    break
                completing |= self._words[word]
            candidates = completing if candidates is None else candidates & completing
            for key in candidates:
                offer(key, 2)
        ordered = sorted(found, key=lambda code: (found[code], code))
        hits = []
        for code in ordered:
            tier, rank, _, _ = found[code]
            occupation = self.occupations[code]
            matched = self._display(occupation, found[code][3])
            hits.append(Hit(occupation, tier, matched, KINDS[rank]))
        return hits

    def _display(self, occupation: Occupation, key: str) -> str:
        if key == occupation.code.lower():
            return occupation.code
        return self._shown.get(key, occupation.title or occupation.code)

    # ------------------------------------------------------------------ unknown codes
    def resolve(self, text: str, parameter: str | None = None) -> Occupation:
        """The occupation a code names (a SOC code resolves to its .00), else UnknownOccupation."""
        try:
            code = iri.normalize_occupation_code(text)
        except iri.InvalidCode:
            code = None
        if code is not None and code in self.occupations:
            return self.occupations[code]
        raise UnknownOccupation(text, self.suggest(text), parameter)

    def suggest(self, text: str, limit: int = 5) -> list[Occupation]:
        """The occupations whose code, title or alternate titles are closest to ``text``: the
        search's own answer when it finds any, else difflib ratios (at least 0.4)."""
        hits = self.search(text) if text.strip() and not iri.ONET_SOC_CODE.match(text.strip()) else []
        if hits:
            return [h.occupation for h in hits[:limit]]
        needle = text.strip().lower()[:200]
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(needle)
        scored: dict[str, float] = {}
        for code, occupation in self.occupations.items():
            best = 0.0
            for name in (code, occupation.title, *occupation.alternate_titles):
                if not name:
                    continue
                lowered = name.lower()
                if needle and needle in lowered:
                    best = max(best, 0.9)
                matcher.set_seq1(lowered)
                if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                    best = max(best, matcher.ratio())
            scored[code] = best
        ranked = sorted(scored, key=lambda c: (-scored[c], c))
        return [self.occupations[c] for c in ranked[:limit] if scored[c] >= SUGGESTION_CUTOFF]


def check_occupations(store: GraphStore, parameters: Mapping[str, str]) -> None:
    """Raise :class:`UnknownOccupation` when an occupation-typed parameter (``parameters``: its
    name → its value as given) names no occupation of ``store``; one small query per code."""

    for name, text in parameters.items():
        try:
            code = iri.normalize_occupation_code(text)
        except iri.InvalidCode:
            code = None
        if code is not None:
            exists = named.load("internal/occupation-exists").run(store, {"occupation": code})
            if exists.boolean:
                continue
        OccupationIndex.load(store).resolve(text, name)  # raises UnknownOccupation


__all__ = ["Hit", "Occupation", "OccupationIndex", "UnknownOccupation", "check_occupations", "normalize"]
