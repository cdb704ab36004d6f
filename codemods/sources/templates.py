"""Build a :class:`TextMap` from a Python string expression, holes included.

Handles every literal form: plain and prefixed literals, implicit
concatenation, f-strings (``{{``/``}}`` escapes, nested quotes), ``+``
concatenation with arbitrary expressions, ``%``-format and ``.format()``
templates.  Each Python value that is not known until run time becomes a
*hole*: an opaque placeholder name the GraphQL parser accepts in most places.

Nodes are CPython ``ast`` nodes; the literal pieces inside a node's span are
read by :mod:`literal_scanner`.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, List, Optional, Tuple

from .literal_scanner import field_expression, scan_pieces
from .python_literals import add_literal_body
from .text_map import Inlined, LiteralPiece, TextMap

SpanOf = Callable[[ast.AST], Tuple[int, int]]
Resolve = Callable[[ast.AST], List[ast.AST]]

# A width never starts with 0 (that is the 0 flag): flags and width cannot trade digits,
# which kept "%000...0" quadratic.
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(?:\*|[1-9]\d*)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def placeholder(index: int) -> str:
    return f"__hole{index}__"


def is_literal(node: ast.AST) -> bool:
    """A string or bytes literal, an implicit concatenation of them, or an f-string."""
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)))


def is_plain_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))


def is_addition(node: ast.AST) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)


def is_string_expression(node: ast.AST) -> bool:
    """True for a literal, or a ``+`` chain with at least one literal in it.

    Walked with a stack: ``a + b + ...`` nests to the left, one level per ``+``, and
    chains of thousands of literals must not meet Python's recursion limit.
    """
    stack = [node]
    while stack:
        item = stack.pop()
        if is_literal(item):
            return True
        if is_addition(item):
            stack.extend((item.right, item.left))
    return False


def _string_additions(node: ast.AST) -> set:
    """The ``+`` nodes of the chain at ``node`` (through ``+`` only) with a literal below them.

    One post-order pass, so that deciding it for every level of a chain is linear,
    not the chain's length once per level.
    """
    found: set = set()
    stack = [(node, False)]
    while stack:
        item, below_done = stack.pop()
        if not is_addition(item):
            continue
        if below_done:
            if any(is_literal(side) or id(side) in found for side in (item.left, item.right)):
                found.add(id(item))
        else:
            stack.extend(((item, True), (item.right, False), (item.left, False)))
    return found


def chain_operands(node: ast.AST) -> List[ast.AST]:
    """The operands of the string ``+`` chain at ``node``, in source order (``[node]`` if none).

    A ``+`` with no literal below it (``(a + b)`` inside the chain) is one operand:
    it computes a value, a hole.
    """
    strings = _string_additions(node)
    if id(node) not in strings:
        return [node]
    operands: List[ast.AST] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if id(item) in strings:
            stack.extend((item.right, item.left))
        else:
            operands.append(item)
    return operands


def template_literal(node: ast.AST) -> Optional[ast.AST]:
    """The literal of ``"..." % args`` or ``"...".format(...)``, else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and is_plain_literal(node.left):
        return node.left
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and is_plain_literal(node.func.value)
    ):
        return node.func.value
    return None


def build(
    node: ast.AST, text: str, span_of: SpanOf, *, format_style: str = "", resolve: Optional[Resolve] = None
) -> TextMap:
    """The document text of a string expression.  ``format_style`` is ``%`` or ``{}``.

    ``resolve`` inlines names bound to a single literal (``"..." + SELECTION``):
    their text is known, so they are no hole.
    """
    text_map = TextMap()
    _add(text_map, node, text, span_of, resolve)
    if format_style == "%":
        text_map = _holes_for_fields(text_map, _PERCENT_FIELD, "%%", "%")
    elif format_style == "{}":
        text_map = _holes_for_fields(text_map, _FORMAT_FIELD, None, None)
    text_map.format_style = format_style
    return text_map


def literal_text_map(text: str, start: int, end: int) -> TextMap:
    """The decoded text of the literal pieces in ``text[start:end]`` (f-string fields as holes)."""
    text_map = TextMap()
    _add_pieces(text_map, text, start, end)
    return text_map


def _add(text_map: TextMap, node: ast.AST, text: str, span_of: SpanOf, resolve: Optional[Resolve]) -> None:
    for operand in chain_operands(node):  # a loop, not recursion: chains run to thousands of operands
        literal = _single_literal(resolve(operand)) if isinstance(operand, ast.Name) and resolve is not None else None
        if is_literal(operand):
            _add_pieces(text_map, text, *span_of(operand))
        elif literal is not None:
            text_map.inlined.append(Inlined(operand, literal, *span_of(literal)))
            _add_pieces(text_map, text, *span_of(literal))
        else:
            start, end = span_of(operand)
            text_map.add_hole(placeholder(len(text_map.holes)), text[start:end], start, end)


def _single_literal(values) -> Optional[ast.AST]:
    if len(values) == 1 and is_plain_literal(values[0]):
        return values[0]
    return None


def _add_pieces(text_map: TextMap, text: str, start: int, end: int) -> None:
    for piece in scan_pieces(text, start, end):
        text_map.pieces.append(LiteralPiece(piece.body_start, piece.body_end, piece.prefix, piece.quote))
        if not piece.is_fstring:
            add_literal_body(
                text_map, text, piece.body_start, piece.body_end, 0, is_raw=piece.is_raw, is_bytes=piece.is_bytes
            )
            continue
        for kind, part_start, part_end in piece.parts:
            if kind == "text":
                _add_fstring_text(text_map, text, part_start, part_end, piece.is_raw)
            else:
                expression = field_expression(text, part_start, part_end)
                text_map.add_hole(placeholder(len(text_map.holes)), expression, part_start, part_end)


def _add_fstring_text(text_map: TextMap, text: str, start: int, end: int, is_raw: bool) -> None:
    """f-string text: doubled braces stand for one brace; the rest decodes as usual."""
    position = start
    for match in re.compile(r"\{\{|\}\}").finditer(text, start, end):
        add_literal_body(text_map, text, position, match.start(), 0, is_raw=is_raw, is_bytes=False)
        text_map.add(text[match.start()], match.start(), match.end())
        position = match.end()
    add_literal_body(text_map, text, position, end, 0, is_raw=is_raw, is_bytes=False)


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
    result.inlined = source.inlined
    result.pieces = source.pieces
    return result
