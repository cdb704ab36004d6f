"""Build a :class:`TextMap` from a Python string expression, holes included.

Handles every literal form LibCST gives us: plain and prefixed literals,
implicit concatenation, f-strings (``{{``/``}}`` escapes, nested quotes), ``+``
concatenation with arbitrary expressions, ``%``-format and ``.format()``
templates.  Each Python value that is not known until run time becomes a
*hole*: an opaque placeholder name the GraphQL parser accepts in most places.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

import libcst as cst

from .python_literals import add_literal_body, split_literal
from .text_map import TextMap

# Maps a node to its (start, end) character offsets in the file.
SpanOf = Callable[[cst.CSTNode], "tuple[int, int]"]
CodeOf = Callable[[cst.CSTNode], str]

_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def placeholder(index: int) -> str:
    return f"__hole{index}__"


def is_string_expression(node: cst.CSTNode) -> bool:
    """True for a literal, or a ``+`` chain with at least one literal in it."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return is_string_expression(node.left) or is_string_expression(node.right)
    return False


def template_literal(node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The literal of ``"..." % args`` or ``"...".format(...)``, else None."""
    if (
        isinstance(node, cst.BinaryOperation)
        and isinstance(node.operator, cst.Modulo)
        and isinstance(node.left, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return node.left
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == "format"
        and isinstance(node.func.value, (cst.SimpleString, cst.ConcatenatedString))
    ):
        return node.func.value
    return None


Resolve = Callable[[cst.BaseExpression], "list[cst.BaseExpression]"]


def build(
    node: cst.CSTNode, span_of: SpanOf, code_of: CodeOf, *, format_style: str = "", resolve: Optional[Resolve] = None
) -> TextMap:
    """The document text of a string expression.  ``format_style`` is ``%`` or ``{}``.

    ``resolve`` inlines names bound to a single literal (``"..." + SELECTION``):
    their text is known, so they are no hole.
    """
    text_map = TextMap()
    _add(text_map, node, span_of, code_of, resolve)
    if format_style == "%":
        text_map = _holes_for_fields(text_map, _PERCENT_FIELD, "%%", "%")
    elif format_style == "{}":
        text_map = _holes_for_fields(text_map, _FORMAT_FIELD, None, None)
    return text_map


def _add(text_map: TextMap, node: cst.CSTNode, span_of: SpanOf, code_of: CodeOf, resolve: Optional[Resolve] = None) -> None:
    if isinstance(node, cst.SimpleString):
        start, _ = span_of(node)
        prefix, _quote, body_start, body_end = split_literal(node.value)
        lowered = prefix.lower()
        add_literal_body(
            text_map, node.value, body_start, body_end, start, is_raw="r" in lowered, is_bytes="b" in lowered
        )
    elif isinstance(node, cst.ConcatenatedString):
        _add(text_map, node.left, span_of, code_of, resolve)
        _add(text_map, node.right, span_of, code_of, resolve)
    elif isinstance(node, cst.FormattedString):
        _add_fstring(text_map, node, span_of, code_of)
    elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add) and is_string_expression(node):
        _add(text_map, node.left, span_of, code_of, resolve)
        _add(text_map, node.right, span_of, code_of, resolve)
    elif isinstance(node, cst.Name) and resolve is not None and _single_literal(resolve(node)) is not None:
        _add(text_map, _single_literal(resolve(node)), span_of, code_of, None)
    else:
        start, end = span_of(node)
        text_map.add_hole(placeholder(len(text_map.holes)), code_of(node), start, end)


def _single_literal(values) -> Optional[cst.CSTNode]:
    if len(values) == 1 and isinstance(values[0], (cst.SimpleString, cst.ConcatenatedString)):
        return values[0]
    return None


def _add_fstring(text_map: TextMap, node: cst.FormattedString, span_of: SpanOf, code_of: CodeOf) -> None:
    is_raw = "r" in node.prefix.lower()
    for part in node.parts:
        start, end = span_of(part)
        if isinstance(part, cst.FormattedStringText):
            _add_fstring_text(text_map, part.value, start, is_raw)
        else:
            expression = code_of(part.expression) if isinstance(part, cst.FormattedStringExpression) else ""
            text_map.add_hole(placeholder(len(text_map.holes)), expression, start, end)


def _add_fstring_text(text_map: TextMap, raw: str, file_offset: int, is_raw: bool) -> None:
    """f-string text: doubled braces stand for one brace; the rest decodes as usual."""
    i = 0
    for match in re.finditer(r"\{\{|\}\}", raw):
        add_literal_body(text_map, raw, i, match.start(), file_offset, is_raw=is_raw, is_bytes=False)
        text_map.add(raw[match.start()], file_offset + match.start(), file_offset + match.end())
        i = match.end()
    add_literal_body(text_map, raw, i, len(raw), file_offset, is_raw=is_raw, is_bytes=False)


def _holes_for_fields(
    source: TextMap, pattern: "re.Pattern[str]", escaped: Optional[str], unescaped: Optional[str]
) -> TextMap:
    """Rebuild ``source`` with each format field turned into a hole.

    Format fields are found in the decoded text (that is where ``str.format`` and
    ``%`` look for them), so escapes inside a field are handled for free.
    """
    text = source.text
    result = TextMap(holes=[])
    position = 0

    def copy(upto: int) -> None:
        for i in range(position, upto):
            result.add(source.chars[i], source.starts[i], source.ends[i])

    for match in pattern.finditer(text):
        copy(match.start())
        file_start, file_end = source.starts[match.start()], source.ends[match.end() - 1]
        field = match.group()
        if field in ("{{", "}}"):
            result.add(field[0], file_start, file_end)
        elif escaped is not None and field == escaped:
            result.add(unescaped or "", file_start, file_end)
        else:
            result.add_hole(placeholder(len(result.holes)), field, file_start, file_end)
        position = match.end()
    copy(len(text))
    result.file_end = source.file_end
    return result
