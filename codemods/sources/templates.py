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
from dataclasses import replace
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
        # an operand of the chain that is a template: ('..%s..' % ws) + ac (RT17 13 F14); a template alone is none
        if is_literal(item) or (item is not node and template_literal(item) is not None):
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
            if any(is_literal(side) or template_literal(side) is not None or id(side) in found for side in (item.left, item.right)):
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


FORMAT_METHODS = frozenset({"format", "format_map"})


def _is_formatter(node: ast.AST) -> bool:
    """``string.Formatter()`` / ``Formatter()``: a formatter whose ``vformat``/``format`` read str.format syntax."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return name == "Formatter"


def format_template(node: ast.AST) -> Optional[ast.AST]:
    """The template expression of a str.format-family fill, else None.

    ``T.format(...)``, ``T.format_map(mapping)`` and ``string.Formatter().vformat(T, args, kwargs)`` (or
    ``.vformat`` on any receiver, or ``Formatter().format(T, ...)``) all read ``T`` with the same syntax:
    ``{field}`` holes, ``{{``/``}}`` escapes (red team 18, report 11b, F5: the last two were not seen as
    templates, the document was not found or not parsed)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    attr = node.func.attr
    if attr == "vformat" or (attr == "format" and _is_formatter(node.func.value)):
        return node.args[0] if node.args and not isinstance(node.args[0], ast.Starred) else None
    if attr in FORMAT_METHODS:
        return node.func.value
    return None


def format_fills(node: ast.AST) -> Optional[Tuple[List[ast.AST], dict]]:
    """(positional values, keyword values) a str.format-family call gives its fields, or None when not known
    here (``**kwargs``, a mapping that is not a dict display with string keys)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    attr = node.func.attr
    if attr == "vformat":
        if len(node.args) != 3 or node.keywords:
            return None
        positional, mapping = node.args[1], node.args[2]
        if not isinstance(positional, (ast.Tuple, ast.List)) or any(isinstance(e, ast.Starred) for e in positional.elts):
            return None
        keywords = _dict_fills(mapping)
        return (list(positional.elts), keywords) if keywords is not None else None
    if attr == "format_map":
        keywords = _dict_fills(node.args[0]) if len(node.args) == 1 and not node.keywords else None
        return ([], keywords) if keywords is not None else None
    args = node.args[1:] if attr == "format" and _is_formatter(node.func.value) else node.args
    if any(isinstance(a, ast.Starred) for a in args) or any(k.arg is None for k in node.keywords):
        return None
    return list(args), {k.arg: k.value for k in node.keywords}


def _dict_fills(node: ast.AST) -> Optional[dict]:
    """``{"ws": ws, "ver": ver}`` (or ``dict(ws=ws)``): field name -> value, else None."""
    if isinstance(node, ast.Dict):
        if not all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in node.keys):
            return None
        return {k.value: v for k, v in zip(node.keys, node.values)}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args:
        if any(k.arg is None for k in node.keywords):
            return None
        return {k.arg: k.value for k in node.keywords}
    return None


def template_literal(node: ast.AST) -> Optional[ast.AST]:
    """The literal of ``"..." % args`` or ``"...".format(...)`` (any str.format-family fill), else None."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and is_plain_literal(node.left):
        return node.left
    template = format_template(node)
    if template is not None and is_plain_literal(template):
        return template
    return None


def build(
    node: ast.AST,
    text: str,
    span_of: SpanOf,
    *,
    format_style: str = "",
    resolve: Optional[Resolve] = None,
    filled_by: Optional[ast.AST] = None,
) -> TextMap:
    """The document text of a string expression.  ``format_style`` is ``%`` or ``{}``.

    ``resolve`` inlines names bound to a single literal (``"..." + SELECTION``,
    ``f"{GET}{DEP}"``, ``"\\n".join([GET, DEP])``): their text is known, so they are
    no hole.  ``filled_by`` is the ``%`` or ``.format(...)`` expression filling the
    template: a field it fills with such a name is that name's text too
    (``"{ deployments { %s } }" % FIELDS``, issue 11), the document actually sent.
    """
    text_map = TextMap()
    _add(text_map, node, text, span_of, resolve)
    fills = _fills(filled_by, format_style) if resolve is not None else None
    if format_style == "%":
        text_map = _holes_for_fields(text_map, _PERCENT_FIELD, "%%", "%", fills, text, span_of, resolve)
    elif format_style == "{}":
        text_map = _holes_for_fields(text_map, _FORMAT_FIELD, None, None, fills, text, span_of, resolve)
    text_map.format_style = format_style
    return text_map


def join_parts(node: ast.AST) -> Optional[List[ast.AST]]:
    """``"sep".join([A, B, ...])`` (a list or tuple display): its elements with the separator between them."""
    if not (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
        and is_plain_literal(node.func.value) and isinstance(node.func.value.value, str)
        and len(node.args) == 1 and not node.keywords and isinstance(node.args[0], (ast.List, ast.Tuple))
        and node.args[0].elts and not any(isinstance(e, ast.Starred) for e in node.args[0].elts)
    ):
        return None
    parts: List[ast.AST] = []
    for element in node.args[0].elts:
        if parts:
            parts.append(node.func.value)
        parts.append(element)
    return parts


def addition_operands(node: ast.AST) -> List[ast.AST]:
    """The operands of any ``+`` chain at ``node``, in source order (``[node]`` if it is none)."""
    operands: List[ast.AST] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if is_addition(item):
            stack.extend((item.right, item.left))
        else:
            operands.append(item)
    return operands


def _fills(filled_by: Optional[ast.AST], format_style: str):
    """(positional values, keyword values) a ``%`` or ``.format`` fill gives its fields, or None."""
    if filled_by is None:
        return None
    if format_style == "%" and isinstance(filled_by, ast.BinOp) and isinstance(filled_by.op, ast.Mod):
        right = filled_by.right
        if isinstance(right, ast.Tuple):
            if any(isinstance(e, ast.Starred) for e in right.elts):
                return None
            return list(right.elts), {}
        if isinstance(right, (ast.Dict, ast.DictComp)):
            return None
        return [right], {}
    if format_style == "{}" and isinstance(filled_by, ast.Call):
        return format_fills(filled_by)
    return None


def literal_text_map(text: str, start: int, end: int) -> TextMap:
    """The decoded text of the literal pieces in ``text[start:end]`` (f-string fields as holes)."""
    text_map = TextMap()
    _add_pieces(text_map, text, start, end)
    return text_map


def _add(text_map: TextMap, node: ast.AST, text: str, span_of: SpanOf, resolve: Optional[Resolve]) -> None:
    operands = chain_operands(node)
    if operands == [node] and is_addition(node):
        operands = addition_operands(node)  # GET + DEP: names only, composed at the send (issue 13)
    elif join_parts(node) is not None:
        operands = join_parts(node)
    for operand in operands:  # a loop, not recursion: chains run to thousands of operands
        literal = _single_literal(resolve(operand)) if isinstance(operand, ast.Name) and resolve is not None else None
        template = template_literal(operand) if len(operands) > 1 else None
        if template is not None:
            # ('...%s...' % ws) + "\n", '...{}...'.format(ws) + '...': Python fills the template first and
            # joins the result, so the operand is read as that filled template, its fields holes (red
            # team 17, report 13, F14: the whole operand was one hole and the document did not parse).
            style = "%" if isinstance(operand, ast.BinOp) else "{}"
            _append_map(text_map, build(template, text, span_of, format_style=style, resolve=resolve, filled_by=operand), style)
        elif is_literal(operand):
            fields = _inlinable_fields(operand, span_of, resolve) if isinstance(operand, ast.JoinedStr) else None
            _add_pieces(text_map, text, *span_of(operand), fields=fields, span_of=span_of)
        elif literal is not None:
            _inline(text_map, operand, literal, text, span_of)
        else:
            start, end = span_of(operand)
            text_map.add_hole(placeholder(len(text_map.holes)), text[start:end], start, end)


def _append_map(text_map: TextMap, part: TextMap, style: str) -> None:
    """Append ``part`` (a filled template's map) to ``text_map``: its holes renumbered, its pieces
    marked with the template's style (an edit there is escaped for it).  Linear in ``part``."""
    chars = part.text
    hole_at = {hole.doc_start: hole for hole in part.holes}
    index = 0
    while index < len(chars):
        hole = hole_at.get(index)
        if hole is not None:
            text_map.add_hole(placeholder(len(text_map.holes)), hole.expression, hole.file_start, hole.file_end)
            index = max(hole.doc_end, index + 1)
            continue
        text_map.add(chars[index], part.starts[index], part.ends[index])
        index += 1
    text_map.inlined.extend(part.inlined)
    text_map.pieces.extend(replace(piece, template=style) for piece in part.pieces)


def _inline(text_map: TextMap, name: ast.Name, literal: ast.AST, text: str, span_of: SpanOf) -> None:
    text_map.inlined.append(Inlined(name, literal, *span_of(literal)))
    _add_pieces(text_map, text, *span_of(literal))


def _single_literal(values) -> Optional[ast.AST]:
    if len(values) == 1 and is_plain_literal(values[0]):
        return values[0]
    return None


def resolves_to_text(node: ast.AST, resolve: Resolve) -> bool:
    """Is ``node`` a name bound to one string literal (its text known where it is spliced)?"""
    literal = _single_literal(resolve(node)) if isinstance(node, ast.Name) else None
    return literal is not None and isinstance(literal.value, str)


def _inlinable_fields(node: ast.JoinedStr, span_of: SpanOf, resolve: Optional[Resolve]):
    """File offset of each plain ``{NAME}`` field's name -> (the Name, its single literal)."""
    if resolve is None:
        return None
    fields = {}
    for value in node.values:
        if (
            isinstance(value, ast.FormattedValue) and value.conversion == -1 and value.format_spec is None
            and isinstance(value.value, ast.Name)
        ):
            literal = _single_literal(resolve(value.value))
            if literal is not None and isinstance(literal.value, str):  # f"{B}" of bytes B shows b'...'
                fields[span_of(value.value)[0]] = (value.value, literal)
    return fields


def _add_pieces(text_map: TextMap, text: str, start: int, end: int, fields=None, span_of=None) -> None:
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
                # f"{GET}{DEP}": a name bound to one literal is its text, where the name itself
                # stands in the file (found by offset: positions inside f-strings that cannot
                # be matched leave the field a hole).
                name_at = part_start + 1 + (len(text[part_start + 1 : part_end]) - len(text[part_start + 1 : part_end].lstrip()))
                inlined = fields.get(name_at) if fields and expression.isidentifier() else None
                if inlined is not None and inlined[0].id == expression:
                    _inline(text_map, inlined[0], inlined[1], text, span_of)
                else:
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
    source: TextMap,
    pattern: "re.Pattern[str]",
    escaped: Optional[str],
    unescaped: Optional[str],
    fills=None,
    file_text: str = "",
    span_of: Optional[SpanOf] = None,
    resolve: Optional[Resolve] = None,
) -> TextMap:
    """Rebuild ``source`` with each format field turned into a hole.

    Format fields are found in the decoded text (that is where ``str.format`` and
    ``%`` look for them), so escapes inside a field are handled for free.  A field
    ``fills`` gives a name bound to one literal (``%s``, ``{}``, ``{0}``, ``{name}``)
    is that literal's text instead, inlined like ``"..." + SELECTION``.
    """
    text = source.text
    result = TextMap(holes=[])
    result.inlined = list(source.inlined)
    position = 0
    next_index = 0

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
            value = None
            if fills is not None:
                value, next_index = _fill_of(field, fills, next_index)
            bound = resolve(value) if isinstance(value, ast.Name) and resolve is not None else None
            literal = _single_literal(bound) if bound is not None else None
            if literal is not None and isinstance(literal.value, str) and span_of is not None:
                _inline(result, value, literal, file_text, span_of)
            elif bound is not None and len(bound) == 1 and bound[0] is value:
                # "%s" % DEPS, DEPS imported from another module of the run (resolve gives the name
                # itself): the hole is named for it, so the run's index splices its text (cross_module)
                result.add_hole(placeholder(len(result.holes)), value.id, file_start, file_end)
            else:
                result.add_hole(placeholder(len(result.holes)), field, file_start, file_end)
        position = match.end()
    copy(len(text))
    result.file_end = source.file_end
    result.pieces = source.pieces + result.pieces  # the inlined literals' own, after the template's
    return result


def _fill_of(field: str, fills, next_index: int) -> Tuple[Optional[ast.AST], int]:
    """(the value ``fills`` gives this field, or None; the next automatic index)."""
    positional, keywords = fills
    if field.startswith("%"):
        if "*" in field or "(" in field:
            return None, len(positional) + 1  # a width taken from the values, or a mapping key: no more guessing
        if field != "%s":
            return None, next_index + 1
        return (positional[next_index] if next_index < len(positional) else None), next_index + 1
    inner = field[1:-1]
    if inner == "":
        return (positional[next_index] if next_index < len(positional) else None), next_index + 1
    if inner.isdigit():
        index = int(inner)
        return (positional[index] if index < len(positional) else None), next_index
    if inner.isidentifier():
        return keywords.get(inner), next_index
    return None, next_index
