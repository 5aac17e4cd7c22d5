"""Words of a skills-framework page: where a competency's heading ends and its body starts.

The page's text was extracted from HTML that had no space between a competency's heading and
its body ("Circulation transactionsperform check-out, …"), nor between the items of a list
("Active ListeningSpeaking"). The cut is found with two word lists of the lexicon in
``data/lexicon/``: action verbs (first words of O*NET task statements and work-activity
titles) and known words (words of O*NET statements, titles and descriptions).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from skillscape.ingest.document import SourceError
from skillscape.resources import resource_dir

#: what separates a heading (or a title) from its text where the page has one
SEPARATOR = " — "
_WORD = re.compile(r"[A-Za-z]+")


# ---------------------------------------------------------------------- lexicon


def _lexicon_path(name: str) -> Path:
    return resource_dir("data") / "lexicon" / name


@cache
def _word_list(name: str) -> frozenset[str]:
    path = _lexicon_path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, None, f"cannot read the lexicon: {exc.strerror or exc}") from exc
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def action_verbs() -> frozenset[str]:
    """Lower-case action verbs (first words of O*NET task statements and activity titles)."""
    return _word_list("action-verbs.txt")


def known_words() -> frozenset[str]:
    """Lower-case words of O*NET statements, titles and descriptions."""
    return _word_list("known-words.txt")


# ---------------------------------------------------------------------- splitting


def _is_known(token: str) -> bool:
    parts = _WORD.findall(token)
    words = known_words()
    return bool(parts) and all(part.lower() in words for part in parts)


def _splits(token: str) -> Iterable[tuple[int, bool, bool, bool]]:
    """``(position, right is a verb, left is a word, right is a word)`` for each cut of ``token``."""
    verbs, words = action_verbs(), known_words()
    for position in range(1, len(token)):
        left, right = token[:position], token[position:]
        if not (left[-1].isalpha() and right[0].islower()):
            continue
        left_word = _WORD.findall(left)
        if not left_word:
            continue
        yield (
            position,
            right.lower() in verbs,
            left_word[-1].lower() in words,
            right.lower() in words,
        )


def split_heading(text: str) -> tuple[int, int] | None:
    """Where a competency's heading ends and its body starts, as offsets into ``text``.

    ``Heading — body`` splits at the separator. Otherwise the heading's last word is glued to
    the body's first word ("Circulation transactionsperform check-out, …"). Only words that
    are not known words are cut, and the cuts are tried in this order of trust, each time in
    the first word that has one:

    1. a known word on the left and an action verb on the right ("transactions|perform");
    2. known words on both sides ("processing|catalog");
    3. an action verb on the right after an unknown word ("roadmap|evaluate").

    ``None`` when no word can be cut.
    """
    separator = text.find(SEPARATOR)
    if separator > 0:
        return separator, separator + len(SEPARATOR)
    tokens = [
        (match.start(), match.group().rstrip(",.;:"))
        for match in re.finditer(r"\S+", text)
        if not _is_known(match.group())
    ]
    tiers: list[Callable[[bool, bool, bool], bool]] = [
        lambda verb, left, _: verb and left,
        lambda _, left, right: left and right,
        lambda verb, _left, _right: verb,
    ]
    for accept in tiers:
        for start, token in tokens:
            cuts = [at for at, verb, left, right in _splits(token) if accept(verb, left, right)]
            if cuts:
                # the earliest cut leaves the longest word on the right
                return start + cuts[0], start + cuts[0]
    return None


def split_camel_list(text: str) -> list[tuple[int, int]]:
    """Offsets of the items of a list whose items were run together ("Active ListeningSpeaking")."""
    cuts = [index for index in range(1, len(text)) if text[index].isupper() and text[index - 1].islower()]
    bounds = [0, *cuts, len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
