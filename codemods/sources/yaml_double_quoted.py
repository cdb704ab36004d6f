"""A YAML double-quoted scalar read as the parser reads it, each character with its place in the file.

Red team pass 7, F11: ``image: "quay.io/astronomer/ap-airfl\\u006fw:2.3.4"`` is
the image ``quay.io/astronomer/ap-airflow:2.3.4`` (YAML 1.1/1.2 escapes), and
a value folded over lines (an escaped line break joins them, an unescaped one
becomes a space) is one value too.  The parsed value decides what the image is;
an edit is possible only over characters written literally, next to each other
in the file, which :class:`Decoded` tells apart from the ones an escape or a
fold produced.

The escapes are PyYAML's (the parser the confirming step uses): ``\\0 \\a \\b
\\t \\<TAB> \\n \\v \\f \\r \\e \\<space> \\" \\/ \\\\ \\N \\_ \\L \\P``, ``\\xXX``,
``\\uXXXX``, ``\\UXXXXXXXX`` and the escaped line break.  One pass, linear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Optional

_SIMPLE = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


@dataclass
class Decoded:
    value: str
    offsets: List[int] = field(default_factory=list)  # file offset of the source of each character
    literal: List[bool] = field(default_factory=list)  # written as itself (not an escape or a fold)
    end: int = 0  # file offset just after the closing quote

    def literal_span(self, start: int) -> Optional[tuple]:
        """File span of ``value[start:]`` when every character there is written literally and
        contiguously (so it can be replaced by other plain characters), else None."""
        offsets = self.offsets[start:]
        if not offsets or not all(self.literal[start:]):
            return None
        if offsets[-1] - offsets[0] != len(offsets) - 1:
            return None
        return offsets[0], offsets[-1] + 1


def decode(text: str, at: int) -> Optional[Decoded]:
    """The scalar whose opening quote is ``text[at]``; None when it is unclosed or holds an invalid escape."""
    if text[at : at + 1] != '"':
        return None
    chars: List[str] = []
    offsets: List[int] = []
    literal: List[bool] = []
    index = at + 1
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"':
            return Decoded("".join(chars), offsets, literal, index + 1)
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following in ("\n", "\r"):
                index = _skip_blanks(text, _after_break(text, index + 1))
                continue
            if following in _SIMPLE:
                chars.append(_SIMPLE[following])
                offsets.append(index)
                literal.append(False)
                index += 2
                continue
            width = _HEX.get(following)
            digits = text[index + 2 : index + 2 + width] if width else ""
            if not width or len(digits) != width or not set(digits) <= _HEX_DIGITS:
                return None
            code = int(digits, 16)
            if code > 0x10FFFF:
                return None
            chars.append(chr(code))
            offsets.append(index)
            literal.append(False)
            index += 2 + width
            continue
        if char in "\r\n":
            while chars and literal[-1] and chars[-1] in " \t":  # trailing blanks before a fold go
                chars.pop()
                offsets.pop()
                literal.pop()
            index = _skip_blanks(text, _after_break(text, index))
            empty = 0
            while index < length and text[index] in "\r\n":
                empty += 1
                index = _skip_blanks(text, _after_break(text, index))
            chars.append("\n" * empty if empty else " ")
            offsets.append(index)
            literal.append(False)
            if empty > 1:
                chars[-1:] = list(chars[-1])
                offsets.extend([index] * (empty - 1))
                literal.extend([False] * (empty - 1))
            continue
        chars.append(char)
        offsets.append(index)
        literal.append(True)
        index += 1
    return None


def _after_break(text: str, index: int) -> int:
    if text.startswith("\r\n", index):
        return index + 2
    return index + 1


def _skip_blanks(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t":
        index += 1
    return index
