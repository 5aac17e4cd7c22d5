"""Reading a source document: exact bytes, strict UTF-8, sha256, line lookup."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from skillscape.errors import SourceError

_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Document:
    """A text document exactly as read. Offsets are Unicode code points into ``text``."""

    path: Path
    text: str
    sha256: str
    media_type: str = "text/plain"
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def read(cls, path: Path | str, media_type: str = "text/plain") -> Document:
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(path, None, f"cannot read file: {exc.strerror or exc}") from exc
        return cls.from_bytes(path, data, media_type)

    @classmethod
    def from_bytes(cls, path: Path | str, data: bytes, media_type: str = "text/plain") -> Document:
        path = Path(path)
        if not data.strip():
            raise SourceError(path, None, "file is empty")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise SourceError(
                path, line, f"bytes that are not UTF-8 at byte offset {exc.start} ({exc.reason})"
            ) from exc
        starts = [0]
        starts.extend(match.end() for match in _NEWLINE.finditer(text))
        return cls(path, text, hashlib.sha256(data).hexdigest(), media_type, starts)

    @property
    def name(self) -> str:
        return self.path.name

    def line_of(self, offset: int) -> int:
        """1-based line number of a code-point offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def lines(self) -> list[tuple[int, int, str]]:
        """Every line as ``(line_number, start_offset, text_without_newline)``."""
        result = []
        for number, start in enumerate(self._line_starts, start=1):
            end = self.text.find("\n", start)
            end = len(self.text) if end == -1 else end
            content = self.text[start:end]
            if content.endswith("\r"):
                content = content[:-1]
            result.append((number, start, content))
        return result

    def error(self, offset: int | None, reason: str) -> SourceError:
        """A SourceError pointing at the line of ``offset``."""
        return SourceError(self.path, None if offset is None else self.line_of(offset), reason)
