"""Decode Python string literals into a :class:`TextMap`, escape by escape.

We do not call ``ast.literal_eval``: it gives the value but forgets where each
character came from.  Instead every escape sequence is decoded by hand and
recorded with the span of source it occupies.

Newlines inside triple-quoted literals are kept as the file has them (``\\r\\n``
stays two characters): GraphQL treats every line terminator alike, and keeping
them verbatim means a document character always maps to file characters one to
one outside escapes.
"""

from __future__ import annotations

import re
import unicodedata
from .text_map import TextMap

_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_OCTAL = re.compile(r"[0-7]{1,3}")
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}
_NAMED = re.compile(r"N\{([^}]*)\}")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def add_literal_body(
    target: TextMap, raw: str, body_start: int, body_end: int, file_offset: int, *, is_raw: bool, is_bytes: bool
) -> None:
    """Append the decoded characters of ``raw[body_start:body_end]`` to ``target``."""
    if is_raw:
        target.add_verbatim(raw[body_start:body_end], file_offset + body_start)
        return
    i = body_start
    while i < body_end:
        backslash = raw.find("\\", i, body_end)
        if backslash < 0:
            target.add_verbatim(raw[i:body_end], file_offset + i)
            return
        if backslash > i:
            target.add_verbatim(raw[i:backslash], file_offset + i)
        i = _add_escape(target, raw, backslash, body_end, file_offset, is_bytes)


def _add_escape(target: TextMap, raw: str, at: int, end: int, file_offset: int, is_bytes: bool) -> int:
    """Decode the escape starting at ``raw[at] == '\\'``; return the index after it."""
    nxt = raw[at + 1] if at + 1 < end else ""
    newline = _NEWLINE.match(raw, at + 1, end)
    if newline:  # backslash-newline: a line continuation, no character at all
        return newline.end()
    if nxt in _SIMPLE_ESCAPES:
        target.add(_SIMPLE_ESCAPES[nxt], file_offset + at, file_offset + at + 2)
        return at + 2
    octal = _OCTAL.match(raw, at + 1, end)
    if octal:
        target.add(chr(int(octal.group(), 8)), file_offset + at, file_offset + octal.end())
        return octal.end()
    width = _HEX_LENGTH.get(nxt)
    if width and (nxt == "x" or not is_bytes):
        digits = raw[at + 2 : at + 2 + width]
        if len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
            target.add(chr(int(digits, 16)), file_offset + at, file_offset + at + 2 + width)
            return at + 2 + width
    if nxt == "N" and not is_bytes:
        named = _NAMED.match(raw, at + 1, end)
        if named:
            try:
                char = unicodedata.lookup(named.group(1))
            except KeyError:
                char = None
            if char is not None:
                target.add(char, file_offset + at, file_offset + named.end())
                return named.end()
    # An unknown escape keeps its backslash, as Python does.
    target.add("\\", file_offset + at, file_offset + at + 1)
    return at + 1
