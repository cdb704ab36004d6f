"""One file's text, how to get back to its exact bytes, and line/column lookup."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+", re.MULTILINE)


class UnreadableFile(Exception):
    """The file cannot be turned into text we could write back byte for byte."""


@dataclass
class SourceFile:
    path: str
    data: bytes
    encoding: str
    text: str
    _line_starts: Optional[List[int]] = field(default=None, repr=False)
    _ascii: Optional[bool] = field(default=None, repr=False)

    @classmethod
    def from_bytes(cls, path: str, data: bytes, *, python: bool) -> "SourceFile":
        if b"\x00" in data:
            raise UnreadableFile("binary file (NUL byte)")
        encoding = "utf-8"
        if python:
            import io
            import tokenize

            try:
                # PEP 263 cookie and BOM, exactly as the interpreter reads them.
                encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            except SyntaxError as exc:
                if _COOKIE.search(b"\n".join(data.splitlines()[:2])):
                    raise UnreadableFile(f"bad encoding declaration: {exc}") from None
                # No cookie: the bytes are simply not UTF-8; say so below.
                encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        elif data.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise UnreadableFile(f"cannot decode as {encoding}: {_short(exc)}") from None
        if text.encode(encoding) != data:
            # A codec that does not round-trip could change bytes we never meant to touch.
            raise UnreadableFile(f"{encoding} does not round-trip this file's bytes")
        return cls(path, data, encoding, text)

    def encode(self, text: str) -> bytes:
        return text.encode(self.encoding)

    # -- positions ------------------------------------------------------------
    @property
    def line_starts(self) -> List[int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]
        return self._line_starts

    def line_col(self, offset: int) -> Tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def offset_at(self, lineno: int, utf8_column: int) -> int:
        """Character offset of an ``ast`` position: 1-based line, column in UTF-8 bytes."""
        start = self.line_starts[lineno - 1]
        if self._ascii is None:
            self._ascii = self.text.isascii()
        if self._ascii:
            return start + utf8_column
        line_end = self.line_starts[lineno] if lineno < len(self.line_starts) else len(self.text)
        line = self.text[start:line_end]
        return start + len(line.encode("utf-8", "surrogatepass")[:utf8_column].decode("utf-8", "surrogatepass"))


def _short(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"byte {exc.object[exc.start]:#04x} at offset {exc.start}"
    return str(exc)
