"""A document written inside a request body's JSON text: ``data=b'{"query": "{ deployments { id } }"}'``.

``requests.post(URL, data=...)`` sends the literal's bytes (or text) as they are,
so with ``content-type: application/json`` the document is the JSON object's
``"query"`` string (red team 11, report 13, F6).  This module reads that string
out of the decoded literal, JSON escape by JSON escape, and maps each of its
characters to the file span it comes from (the Python escapes of the literal
and the JSON escape together), so findings land on the field's own line and
column.

Editing such a document has two layers of escaping to respect.  The literal's
pieces are marked ``json``: ``splice.python_source`` then accepts only text
that JSON and Python both keep as it is (printable ASCII without ``"`` and
``\\``), so a rename lands byte for byte, and anything else is refused (the
rules report it for review).  A body that also carries ``"variables"`` is never
edited (``frozen``): its values are JSON text the rules cannot read or rename
beside the document.

Linear: ``json.loads`` validates, then one pass finds the member and one
decodes it.
"""

from __future__ import annotations

import ast
import json
from dataclasses import replace
from typing import Optional, Tuple

from .text_map import TextMap

_SPACE = " \t\n\r"
_JSON_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
# Why a body with variables is checked but never edited (the review's reason).
FROZEN_WHY = "the request body's variables are JSON text in the same literal; migrate the document and its variables by hand"


def holds_json(node: ast.AST) -> bool:
    """A str or bytes literal (no f-string) whose text could be a JSON object: cheap, before decoding."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))):
        return False
    value = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
    return value.lstrip(_SPACE).startswith("{") and ('"query"' in value or "\\u" in value)


def query_text_map(literal: TextMap) -> Optional[Tuple[TextMap, bool]]:
    """The ``"query"`` string of the JSON object ``literal`` holds, mapped to the file, and whether the
    object has ``"variables"`` too; None if the text is no JSON object with a string ``"query"``."""
    text = literal.text
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("query"), str):
        return None
    span = _member_span(text, "query")
    if span is None:
        return None
    found = TextMap()
    found.pieces = [replace(piece, json=True) for piece in literal.pieces]
    _decode_string(literal, span[0], span[1], found)
    if found.text != value["query"]:  # a scanner bug must never map a document wrongly
        return None
    return found, value.get("variables") not in (None, {})


def _member_span(text: str, key: str) -> Optional[Tuple[int, int]]:
    """(start, end) of the body of the last top-level member ``key``'s string value (json.loads keeps the last)."""
    found = None
    position = _skip_space(text, 0) + 1  # past the object's "{"
    while True:
        position = _skip_space(text, position)
        if position >= len(text) or text[position] == "}":
            return found
        if text[position] == ",":
            position += 1
            continue
        key_end = _string_end(text, position)
        name = json.loads(text[position:key_end])
        position = _skip_space(text, key_end)
        position = _skip_space(text, position + 1)  # past ":"
        value_end = _value_end(text, position)
        if name == key and text[position] == '"':
            found = (position + 1, value_end - 1)
        position = value_end


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in _SPACE:
        position += 1
    return position


def _string_end(text: str, position: int) -> int:
    """Just past the string that opens at ``text[position] == '"'``."""
    position += 1
    while text[position] != '"':
        position += 2 if text[position] == "\\" else 1
    return position + 1


def _value_end(text: str, position: int) -> int:
    """Just past the (valid) JSON value starting at ``position``."""
    if text[position] == '"':
        return _string_end(text, position)
    depth = 0
    while position < len(text):
        char = text[position]
        if char == '"':
            position = _string_end(text, position)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            if depth == 0:
                return position
            depth -= 1
            if depth == 0:
                return position + 1
        elif char == "," and depth == 0:
            return position
        position += 1
    return position


def _decode_string(literal: TextMap, start: int, end: int, found: TextMap) -> None:
    """Append the characters of the JSON string body ``literal.text[start:end]`` to ``found``."""
    text, starts, ends = literal.text, literal.starts, literal.ends
    position = start
    while position < end:
        char = text[position]
        if char != "\\":
            found.add(char, starts[position], ends[position])
            position += 1
            continue
        kind = text[position + 1]
        if kind in _JSON_ESCAPES:
            found.add(_JSON_ESCAPES[kind], starts[position], ends[position + 1])
            position += 2
            continue
        code = int(text[position + 2 : position + 6], 16)
        last = position + 5
        if 0xD800 <= code < 0xDC00 and text[position + 6 : position + 8] == "\\u":
            low = int(text[position + 8 : position + 12], 16)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                last = position + 11
        found.add(chr(code), starts[position], ends[last])
        position = last + 1
    found.file_end = ends[end - 1] if end > start else starts[start]
