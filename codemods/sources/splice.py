"""Write text into a string literal so that it reads back exactly as meant.

A version that replaces ``"2.3.1"`` passes through up to four layers before
it lands in the file: a GraphQL string (``\\"`` and ``\\\\`` escapes), a
``str.format``/``%`` template (``{{``, ``%%``), an f-string (``{{``) and the
Python literal itself (its quote, ``r``/``b`` prefix, triple quotes, escapes).
Whatever value arrives (a live Houston answering ``9' + __import__('os')...``
or ``9.9.9\\nRUN curl ...``), each layer escapes it for the next, so the file
can only ever gain a literal whose value is that text.  What a layer cannot
represent (a quote or backslash in a raw string, non-ASCII in bytes) is
refused: the caller reports it instead of editing.

Non-raw literals get pure ASCII: anything else is written as a ``\\x``/``\\u``
escape, so the file's own encoding (latin-1, say) never has to hold it.
"""

from __future__ import annotations

from typing import Optional

from .text_map import LiteralPiece

_SHORT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "'": "\\'", '"': '\\"'}


def graphql_string_content(value: str) -> Optional[str]:
    """``value`` as the inside of a GraphQL ``"..."`` string; None if not representable.

    Characters outside printable ASCII are written as ``\\uXXXX`` (astral
    characters have no escape every graphql-core version reads, so they are refused).
    """
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif " " <= char <= "~":
            out.append(char)
        elif ord(char) <= 0xFFFF and not 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            return None
    return "".join(out)


def for_template(text: str, format_style: str) -> str:
    """Document text as a ``str.format`` (``{}``) or ``%`` template has to hold it."""
    if format_style == "{}":
        return text.replace("{", "{{").replace("}", "}}")
    if format_style == "%":
        return text.replace("%", "%%")
    return text


def python_source(value: str, piece: LiteralPiece) -> Optional[str]:
    """Source text that, inside ``piece``'s body, decodes to ``value``; None if impossible."""
    prefix = piece.prefix.lower()
    raw, is_bytes, fstring = "r" in prefix, "b" in prefix, "f" in prefix
    if piece.json and not all(" " <= char <= "~" and char not in '"\\' for char in value):
        return None  # a JSON string in the literal: an escape would need both layers (sources/json_body.py)
    out = []
    for char in value:
        if fstring and char in "{}":
            out.append(char * 2)
        elif raw:
            # Nothing can be escaped in a raw literal: only plain printable ASCII that
            # cannot end the literal, and line breaks only where triple quotes allow them.
            if char == "\\" or char == piece.quote[0] or not (" " <= char <= "~" or (char == "\n" and len(piece.quote) == 3)):
                return None
            out.append(char)
        elif char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif " " <= char <= "~":
            out.append(char)
        elif is_bytes and ord(char) >= 0x80:
            # Sent as bytes, the body is read as UTF-8: \xNN above \x7f is no character of its own
            # (and above \xff there is none at all).  Only ASCII is written into bytes.
            return None
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)
