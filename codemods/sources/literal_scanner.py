"""Split the source of a string expression into its literal pieces, exactly.

CPython's ``ast`` gives one node, with exact start and end, for ``"a" "b"``
(implicit concatenation) and for a whole f-string; it does not say where each
piece, or each f-string replacement field, sits.  This scanner reads that span
of source once more, the way the tokenizer does, and returns each piece with
its prefix, quotes, body and (for f-strings) text parts and fields.

It handles every prefix (``r b u f`` in any case and order), single and triple
quotes, backslash escapes (a backslash hides the next character from the quote
search even in raw strings, as the tokenizer does), comments and line
continuations between pieces, ``{{``/``}}`` in f-strings, and fields holding
nested strings, brackets and format specs, including Python 3.12's reuse of
the outer quote inside a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

_PREFIX_CHARS = set("rRbBuUfF")


class ScanError(Exception):
    """The span is not a sequence of string literals (a bug in the caller)."""


@dataclass
class Piece:
    start: int  # offset of the prefix
    end: int  # offset just past the closing quote
    prefix: str
    quote: str
    body_start: int
    body_end: int
    # f-strings only: ("text", start, end) and ("field", start, end) spans, braces included in fields.
    parts: List[Tuple[str, int, int]] = field(default_factory=list)

    @property
    def is_raw(self) -> bool:
        return "r" in self.prefix.lower()

    @property
    def is_bytes(self) -> bool:
        return "b" in self.prefix.lower()

    @property
    def is_fstring(self) -> bool:
        return "f" in self.prefix.lower()


def scan_pieces(text: str, start: int, end: int) -> List[Piece]:
    """The literal pieces of the string expression occupying ``text[start:end]``."""
    pieces = []
    position = start
    while True:
        position = _skip_between(text, position, end)
        if position >= end:
            return pieces
        piece = scan_piece(text, position)
        pieces.append(piece)
        position = piece.end


def scan_piece(text: str, position: int) -> Piece:
    prefix_end = position
    while prefix_end < len(text) and text[prefix_end] in _PREFIX_CHARS:
        prefix_end += 1
    if prefix_end >= len(text) or text[prefix_end] not in "'\"":
        raise ScanError(f"no string literal at offset {position}")
    quote = text[prefix_end : prefix_end + 3]
    if quote not in ('"""', "'''"):
        quote = text[prefix_end]
    prefix = text[position:prefix_end]
    body_start = prefix_end + len(quote)
    parts: List[Tuple[str, int, int]] = []
    if "f" in prefix.lower():
        body_end = _scan_fstring_body(text, body_start, quote, parts)
    else:
        body_end = _scan_plain_body(text, body_start, quote)
    return Piece(position, body_end + len(quote), prefix, quote, body_start, body_end, parts)


def _skip_between(text: str, position: int, end: int) -> int:
    """Skip what may stand between pieces: spaces, newlines, comments, continuations."""
    while position < end:
        char = text[position]
        if char in " \t\f\r\n":
            position += 1
        elif char == "\\":
            position += 1  # a line continuation: the newline follows
        elif char == "#":
            while position < end and text[position] not in "\r\n":
                position += 1
        else:
            break
    return position


def _scan_plain_body(text: str, position: int, quote: str) -> int:
    """Offset of the closing quote of a literal whose body starts at ``position``."""
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
        elif text.startswith(quote, position):
            return position
        else:
            position += 1
    raise ScanError("unterminated string literal")


def _scan_fstring_body(text: str, position: int, quote: str, parts: List[Tuple[str, int, int]]) -> int:
    text_start = position
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
        elif text.startswith(quote, position):
            if position > text_start:
                parts.append(("text", text_start, position))
            return position
        elif text.startswith("{{", position) or text.startswith("}}", position):
            position += 2
        elif char == "{":
            if position > text_start:
                parts.append(("text", text_start, position))
            field_end = _scan_field(text, position)
            parts.append(("field", position, field_end))
            position = text_start = field_end
        else:
            position += 1
    raise ScanError("unterminated f-string")


def _scan_field(text: str, position: int) -> int:
    """From a field's ``{`` to just past its matching ``}``, nested strings and brackets skipped."""
    depth = 0
    while position < len(text):
        char = text[position]
        if char in "{([":
            depth += 1
            position += 1
        elif char in "})]":
            depth -= 1
            position += 1
            if depth == 0:
                return position
        elif char in "'\"" or (char in _PREFIX_CHARS and _starts_literal(text, position)):
            position = scan_piece(text, position).end
        else:
            position += 1
    raise ScanError("unterminated f-string field")


def _starts_literal(text: str, position: int) -> bool:
    """A prefixed literal starts here (and not, say, inside the name ``buffer``)."""
    if position > 0 and (text[position - 1].isalnum() or text[position - 1] == "_"):
        return False
    end = position
    while end < len(text) and text[end] in _PREFIX_CHARS and end - position < 3:
        end += 1
    return end < len(text) and text[end] in "'\""


def field_expression(text: str, start: int, end: int) -> str:
    """The Python expression of a field ``{expr!r:spec}``, without braces, conversion and spec."""
    inner = text[start + 1 : end - 1]
    depth = 0
    i = 0
    while i < len(inner):
        char = inner[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char in "'\"":
            i = scan_piece(inner, i).end
            continue
        elif depth == 0 and (char == ":" or (char == "!" and inner[i + 1 : i + 2] != "=")):
            return inner[:i].strip().rstrip("=").strip()
        i += 1
    return inner.strip().rstrip("=").strip()
