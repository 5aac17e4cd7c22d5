"""A SPARQL tokenizer, and the two things the project needs from it.

* :func:`bind_values` binds parameters for engines without SEP-0007 substitution (a remote
  SPARQL server): every group graph pattern that mentions a bound variable gets a leading
  ``VALUES`` block whose terms are serialized as RDF terms, never pasted from user text.
* :func:`service_uses` finds every federated ``SERVICE`` call before a query is evaluated.

The tokenizer follows the SPARQL 1.1 terminals for strings, IRIs, variables, prefixed names
and comments, so braces, ``#`` and keywords inside strings or IRIs are never mistaken for
syntax. Code-point escapes (``\\u0041``) are only honoured inside strings and IRIs, as
Oxigraph does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal


class SparqlTextError(ValueError):
    """The text cannot be tokenized, or parameters cannot be bound into it."""


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, bnode, pname, word, number, lang, punct
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


_WS = re.compile(r"\s+")
_COMMENT = re.compile(r"#[^\r\n]*")
_STRINGS = (
    re.compile(r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''", re.S),
    re.compile(r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""', re.S),
    re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
    re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
)
_IRI = re.compile(r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>")
_NAME_START = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\uffff"
)
_NAME_CHAR = _NAME_START + r"0-9_\-\u00b7\u0300-\u036f\u203f-\u2040"
_VAR = re.compile(rf"[?$][{_NAME_START}0-9_][{_NAME_START}0-9_\u00b7\u0300-\u036f\u203f-\u2040]*")
_BNODE = re.compile(rf"_:[{_NAME_START}0-9_](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?")
_LOCAL_CHAR = rf"(?:[{_NAME_CHAR}:]|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PNAME = re.compile(
    rf"(?:[{_NAME_START}](?:[{_NAME_CHAR}.]*[{_NAME_CHAR}])?)?:"
    rf"(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?"
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_LANG = re.compile(r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*")
_PUNCT2 = ("^^", "&&", "||", "!=", "<=", ">=")


def tokenize(text: str) -> list[Token]:
    """The significant tokens of ``text`` (whitespace and comments dropped)."""
    tokens: list[Token] = []
    pos, length = 0, len(text)
    while pos < length:
        char = text[pos]
        if match := _WS.match(text, pos):
            pos = match.end()
            continue
        if char == "#":
            pos = _COMMENT.match(text, pos).end()  # type: ignore[union-attr]
            continue
        token = _next_token(text, pos, char)
        tokens.append(token)
        pos = token.end
    return tokens


def _next_token(text: str, pos: int, char: str) -> Token:
    if char in "'\"":
        for pattern in _STRINGS:
            if match := pattern.match(text, pos):
                return Token("string", match.group(), pos, match.end())
        raise SparqlTextError(f"unterminated string at character {pos}")
    for kind, pattern, guard in (
        ("iri", _IRI, char == "<"),
        ("var", _VAR, char in "?$"),
        ("bnode", _BNODE, text.startswith("_:", pos)),
        ("pname", _PNAME, True),
        ("word", _WORD, True),
        ("number", _NUMBER, char.isdigit() or char == "."),
        ("lang", _LANG, char == "@"),
    ):
        if guard and (match := pattern.match(text, pos)):
            return Token(kind, match.group(), pos, match.end())
    two = text[pos : pos + 2]
    if two in _PUNCT2:
        return Token("punct", two, pos, pos + 2)
    return Token("punct", char, pos, pos + 1)


# ---------------------------------------------------------------- binding parameters

_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|^`\\]")


def sparql_term(term: Term) -> str:
    """``term`` in SPARQL syntax (IRIs and literals only: blank nodes cannot be bound)."""
    if isinstance(term, ox.NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise SparqlTextError(f"cannot bind IRI {term.value!r}")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return str(term)  # pyoxigraph writes N-Triples syntax, escapes included
    raise SparqlTextError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def _query_form(tokens: Sequence[Token]) -> tuple[int, str]:
    """Index and keyword of the query form, after the prologue (BASE / PREFIX declarations)."""
    index = 0
    while index < len(tokens):
        word = tokens[index].upper
        if word == "BASE":
            index += 2
        elif word == "PREFIX":
            index += 3
        elif word in _QUERY_FORMS:
            return index, word
        else:
            break
    raise SparqlTextError("bindings can only be given to a SELECT, CONSTRUCT, DESCRIBE or ASK query")


def query_form(query: str) -> str | None:
    """``SELECT``, ``CONSTRUCT``, ``DESCRIBE`` or ``ASK`` (None when the text is not a query)."""
    try:
        return _query_form(tokenize(query))[1]
    except SparqlTextError:
        return None


def _matching(tokens: Sequence[Token], opened: int) -> int:
    """Index of the brace that closes the one at ``opened``."""
    depth = 0
    for index in range(opened, len(tokens)):
        if tokens[index].text == "{":
            depth += 1
        elif tokens[index].text == "}":
            depth -= 1
            if depth == 0:
                return index
    raise SparqlTextError("unbalanced '{'")


@dataclass(frozen=True)
class _Select:
    """A SELECT (the query's or a subquery's): what it projects and where its WHERE group is."""

    projects_all: bool
    projected: frozenset[str]
    where: tuple[int, int]


def _select_at(tokens: Sequence[Token], index: int) -> _Select:
    projected: set[str] = set()
    projects_all = False
    depth = 0
    cursor = index + 1
    while cursor < len(tokens):
        token = tokens[cursor]
        if depth == 0 and (token.text == "{" or token.upper in ("WHERE", "FROM")):
            break
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif token.text == "*" and depth == 0:
            projects_all = True
        elif token.kind == "var" and (depth == 0 or tokens[cursor - 1].upper == "AS"):
            projected.add(token.text[1:])
        cursor += 1
    while cursor < len(tokens) and tokens[cursor].text != "{":
        cursor += 1
    if cursor >= len(tokens):
        raise SparqlTextError("SELECT without a WHERE group")
    return _Select(projects_all, frozenset(projected), (cursor, _matching(tokens, cursor)))


def _group_opens(tokens: Sequence[Token], form_index: int, form: str) -> list[int]:
    """Indexes of the braces that open group graph patterns.

    Braces that open a VALUES data block or a CONSTRUCT template are not groups, and the
    braces around a subquery can hold nothing else.
    """
    skip: set[int] = set()
    if form == "CONSTRUCT":
        following = tokens[form_index + 1] if form_index + 1 < len(tokens) else None
        if following is not None and following.upper == "WHERE":
            raise SparqlTextError("cannot bind parameters into a CONSTRUCT WHERE { … } short form")
        if following is not None and following.text == "{":
            skip.add(form_index + 1)
    for index, token in enumerate(tokens):
        if token.upper == "VALUES" and token.kind == "word":
            cursor = index + 1
            if cursor < len(tokens) and tokens[cursor].text == "(":
                while cursor < len(tokens) and tokens[cursor].text != ")":
                    cursor += 1
            cursor += 1
            if cursor < len(tokens) and tokens[cursor].text == "{":
                skip.add(cursor)
    balance = 0
    opens: list[int] = []
    for index, token in enumerate(tokens):
        if token.text == "{":
            balance += 1
            # "{ SELECT … }" holds a subquery and nothing else: its own WHERE group is bound instead
            wraps_subquery = index + 1 < len(tokens) and tokens[index + 1].upper == "SELECT"
            if index not in skip and not wraps_subquery:
                opens.append(index)
        elif token.text == "}":
            balance -= 1
            if balance < 0:
                raise SparqlTextError(f"unbalanced '}}' at character {token.start}")
    if balance:
        raise SparqlTextError("unbalanced '{'")
    return opens


def bind_values(query: str, bindings: Mapping[str, Term]) -> str:
    """``query`` with each bound variable fixed by a ``VALUES`` block in every group using it.

    This gives SEP-0007 substitution (what Oxigraph does with ``substitutions``) on any SPARQL
    1.1 engine: a leading ``VALUES`` block joins the binding into a group before anything else
    in it, also inside ``UNION`` branches, ``OPTIONAL``, ``EXISTS`` and ``MINUS``. As in
    SEP-0007, a SELECT query must project the variable, and a subquery is reached only when it
    projects the variable too (otherwise its variable of the same name is another variable).
    """
    if not bindings:
        return query
    for name in bindings:
        if not _VARIABLE_NAME.match(name):
            raise SparqlTextError(f"{name!r} is not a variable name")
    values = {name: sparql_term(term) for name, term in bindings.items()}
    tokens = tokenize(query)
    form_index, form = _query_form(tokens)
    opens = _group_opens(tokens, form_index, form)
    if form == "SELECT":
        outer = _select_at(tokens, form_index)
        hidden = sorted(n for n in values if not outer.projects_all and n not in outer.projected)
        if hidden:
            raise SparqlTextError(
                f"the query does not project {', '.join('?' + n for n in hidden)}; only projected "
                "variables can be bound"
            )
    subqueries = [
        _select_at(tokens, i) for i, t in enumerate(tokens) if t.upper == "SELECT" and i > form_index
    ]

    def visible(name: str, index: int) -> bool:
        return all(
            sub.projects_all or name in sub.projected
            for sub in subqueries
            if sub.where[0] <= index <= sub.where[1]
        )

    uses: dict[str, list[int]] = {name: [] for name in values}
    for index, token in enumerate(tokens):
        name = token.text[1:]
        if token.kind == "var" and name in uses and visible(name, index):
            uses[name].append(index)
    insertions: list[tuple[int, str]] = []
    bound: set[str] = set()
    for opened in opens:
        closed = _matching(tokens, opened)
        names = [
            n for n, where in uses.items() if visible(n, opened) and any(opened < i < closed for i in where)
        ]
        if not names:
            continue
        bound.update(names)
        variables = " ".join("?" + n for n in names)
        row = " ".join(values[n] for n in names)
        insertions.append((tokens[opened].end, f" VALUES ({variables}) {{ ({row}) }} "))
    missing = sorted(set(values) - bound)
    if missing:
        raise SparqlTextError(
            f"{', '.join('?' + n for n in missing)} occurs in no group pattern of the query; cannot bind it"
        )
    pieces: list[str] = []
    cursor = 0
    for position, block in sorted(insertions):
        pieces.append(query[cursor:position])
        pieces.append(block)
        cursor = position
    pieces.append(query[cursor:])
    return "".join(pieces)


# ---------------------------------------------------------------- federated queries


@dataclass(frozen=True)
class ServiceUse:
    """A ``SERVICE`` call: its endpoint when it is written as an absolute IRI, else None."""

    endpoint: str | None
    text: str
    start: int


_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape_iri(body: str) -> str:
    return _UCHAR.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), body)


def _starts_like_service(token: Token) -> bool:
    # Oxigraph's parser needs no space after a keyword: "SERVICE:x", "SERVICESILENT<…>"
    # and "service:" prefixes all reach a SERVICE call, so every such token counts.
    if token.kind not in ("word", "pname"):
        return False
    return token.text.lower().startswith("service")


def service_uses(query: str) -> list[ServiceUse]:
    """Every ``SERVICE`` call in ``query``; ``endpoint`` is None when it cannot be verified.

    Only ``SERVICE [SILENT] <absolute-IRI>`` names a verifiable endpoint. Anything else that a
    parser could read as a SERVICE call — a variable endpoint, a prefixed name, keywords run
    together — is reported with ``endpoint=None`` so that callers refuse it.
    """
    tokens = tokenize(query)
    uses: list[ServiceUse] = []
    for index, token in enumerate(tokens):
        if not _starts_like_service(token):
            continue
        endpoint: str | None = None
        if token.upper == "SERVICE" and token.kind == "word":
            cursor = index + 1
            if cursor < len(tokens) and tokens[cursor].upper == "SILENT" and tokens[cursor].kind == "word":
                cursor += 1
            target = tokens[cursor] if cursor < len(tokens) else None
            if target is not None and target.kind == "iri":
                iri = _unescape_iri(target.text[1:-1])
                endpoint = iri if _ABSOLUTE.match(iri) else None
        uses.append(ServiceUse(endpoint, token.text, token.start))
    return uses


__all__ = [
    "ServiceUse",
    "SparqlTextError",
    "Token",
    "bind_values",
    "service_uses",
    "sparql_term",
    "tokenize",
]
