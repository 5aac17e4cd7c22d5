"""The errors skillscape reports to a person or a client: one root, a few kinds.

Every failure that is the caller's to act on is a :class:`SkillscapeError`. Its subclass says
what kind of failure it is, and that alone decides how it is shown: the API maps the kinds to
HTTP statuses in one table (``skillscape.api.errors``), the CLI maps them to exit statuses in
another (``skillscape.cli.common``). Anything else that escapes is a bug (HTTP 500, a traceback).

The extra fields of each kind (the parameter, the suggestions, the file and line …) live in
``__dict__``, and pickling rebuilds an error from them without calling its ``__init__``, so an
error raised in a query worker or a reading process arrives whole in the process that reports it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class SkillscapeError(Exception):
    """The root: a failure with a message meant for the person who caused it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def details(self) -> dict[str, Any]:
        """Fields a client may act on, beside the message (JSON-ready)."""
        return {}

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt without calling __init__, whatever its signature: every field is in __dict__
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(kind: type[SkillscapeError], args: tuple[Any, ...], state: dict[str, Any]) -> SkillscapeError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(state)
    return error


class NotFound(SkillscapeError, LookupError):
    """Nothing of that name: an occupation, a query, a release, a check … with the closest
    ones (``suggestions``: ``{"code", "title"}`` objects) or the names that exist (``known``)."""

    def __init__(
        self,
        message: str,
        *,
        suggestions: list[dict[str, str]] | None = None,
        known: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
        self.known = known or []

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.suggestions:
            out["suggestions"] = self.suggestions
        if self.known:
            out["known"] = self.known
        return out


class BadInput(SkillscapeError, ValueError):
    """A value the caller gave that cannot be used: names the parameter and what it expects."""

    def __init__(self, message: str, *, parameter: str | None = None, expected: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.expected = expected

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.parameter:
            out["parameter"] = self.parameter
        if self.expected:
            out["expected"] = self.expected
        return out


class NotAcceptable(BadInput):
    """No result format the caller accepts can carry this answer."""


class Refused(SkillscapeError):
    """Something this service does not do by design (an update, a call to another host)."""


class SourceError(SkillscapeError):
    """A source file that cannot be read or parsed: names the file, the line and the reason."""

    def __init__(self, path: Path | str, line: int | None, reason: str, column: str | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.reason = reason
        where = f"{self.path}"
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")

    def details(self) -> dict[str, Any]:
        return {"file": str(self.path), "line": self.line}


class LimitExceeded(SkillscapeError):
    """A bound was reached: time, memory, result size or the queue. ``retry_after`` (seconds)
    when trying again later may succeed."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(LimitExceeded):
    """The request itself is over a size limit (trying again will not help)."""


class Unavailable(SkillscapeError):
    """What the answer needs is not there or not reachable now: the store, a derived graph,
    a remote endpoint. ``retry_after`` when it may come back."""

    def __init__(self, message: str, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UpstreamFailed(SkillscapeError):
    """A store or a remote endpoint the answer depends on failed while answering."""


__all__ = [
    "BadInput",
    "LimitExceeded",
    "NotAcceptable",
    "NotFound",
    "Refused",
    "SkillscapeError",
    "SourceError",
    "TooLarge",
    "Unavailable",
    "UpstreamFailed",
]
