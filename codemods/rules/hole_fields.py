"""Deployment.airflowVersion selected through a template hole: ``"{ deployments { %s } }" % fields``.

Houston change: the same as :mod:`runtime_read_fields` (Houston API 1.0.1 no
longer serves ``Deployment.airflowVersion`` nor ``desiredAirflowVersion``;
Software 0.29 adds ``runtimeAirflowVersion`` / ``desiredRuntimeVersion``).
Evidence: shared/houston houston-facts.md section 2, "Deployment output
fields"; the bundled schema's provenance on ``Deployment``.

Why this exists (red team 9, F3): a field list held in a local variable, a
parameter's default, a ``" ".join([...])`` or a module list is spliced into the
document only at run time, so the document the tool parses holds a hole where
the request holds ``airflowVersion``.  A module string constant in the hole is
already read in place (and reviewed as ``review-read-field-template``); these
other spellings were not read at all, and ``check --houston-version 1.0.1``
passed a script that 1.0.1 rejects.

What it does: for each hole standing as a field of a ``Deployment`` selection,
the values the hole's expression can take are read from the module (string
literals, names bound in the hole's function or the module, a parameter's
default, ``sep.join(list)``, ``a + b``, ``x if c else y``), a bounded number of
steps.  A value that selects an AC field gets ``review-read-field-template`` at
the hole (where to write the alias); where the platform schema no longer serves
the field (1.0.1) it is also an error, as the same field written in the literal
is.  Nothing is edited: the value may be built or shared elsewhere.  A value
that cannot be read is left alone (nothing known to report).

Linear: one walk of the module per file (memoized), and at most ``_STEPS``
resolution steps per hole.
"""

from __future__ import annotations

import ast
import re
import weakref
from bisect import bisect_left, bisect_right
from typing import Dict, List, Optional, Tuple

from graphql import FieldNode, TypeInfoVisitor, Visitor, visit

from ..model import ERROR
from ..sources.templates import format_fills, format_template
from .context import REVIEW, DocumentContext
from .runtime_read_fields import NOT_EDITABLE, REPLACEMENTS, RUNTIME_FIELDS, TYPE_NAME

_HOLE_NAME = re.compile(r"__hole[0-9]+__")
# A name run in a field list, and what follows it (an alias when a colon comes next). Linear: no nesting.
_WORD = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
# A %-format field (its mapping key in group 1) and a str.format field; linear: no nesting.
_PERCENT_FIELD = re.compile(r"%(?:\(([^)]*)\))?[#0 +\-]*(?:\*|[1-9]\d*)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
_FORMAT_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")
_STEPS = 64  # resolution steps per hole: a name chain or a list of thousands stays bounded
_MAX_VALUES = 16
_MAX_TEXT = 4096  # a value is cut there: `a = a + a` chains never grow past it

# finder -> (file offset span -> expression node, node id -> enclosing function or None)
_INDEX: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def run(ctx: DocumentContext) -> None:
    text_map = ctx.source.text_map
    if ctx.python is None or not text_map.holes or ctx.document is None:
        return
    holes = _hole_fields(ctx)
    if not holes:
        return
    deployment = ctx.schema.schema.get_type(TYPE_NAME)
    served = getattr(deployment, "fields", None) or {}
    finder = ctx.python
    templates, functions, assigned = _index(finder)
    for hole in holes:
        found = _operand(hole, finder, templates, functions)
        if found is None:
            continue
        node, function = found
        shown = hole.expression if hasattr(node, "_from_fstring") else finder.code_of(node)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        values = _values(node, function, finder.module, assigned, [_STEPS, set()])
        for value, line in values:
            fields = _ac_fields(value)
            for old in fields:
                new = REPLACEMENTS[old]
                where = f"its value {value.strip()!r}" + (f" (line {line})" if line else "")
                runtime = sorted(set(_WORD.findall(value)) & RUNTIME_FIELDS)
                advice = (
                    f"select {old}: {new} there instead" if not runtime else
                    f"it is selected beside {', '.join(runtime)}, which already reads the Runtime side: delete "
                    f"{old} there once no Deployment runs AC"
                )
                ctx.finding_at_file(
                    hole.file_start, hole.file_end, REVIEW, NOT_EDITABLE,
                    f"{old} is selected through the template hole filled by {shown!r}, {where}: {advice}",
                )
                if old not in served:
                    ctx.finding_at_file(
                        hole.file_start, hole.file_end, ERROR, "fields-on-correct-type",
                        f"Cannot query field '{old}' on type '{TYPE_NAME}' (selected through the template hole filled by "
                        f"{shown!r}, {where}). Astronomer Certified items are gone from Houston 1.0.1: "
                        f"select {new} instead.",
                    )
            if fields:
                break  # one value naming the fields is enough: the others would repeat it


def _hole_fields(ctx: DocumentContext):
    """The holes standing as a field of a Deployment selection, in document order."""
    text_map = ctx.source.text_map
    from .walk import RuleTypeInfo

    type_info = RuleTypeInfo(ctx.schema.schema)
    found = []

    class Collector(Visitor):
        def enter_field(self, node: FieldNode, *_args) -> None:
            if _HOLE_NAME.fullmatch(node.name.value) is None or node.alias is not None:
                return
            parent = type_info.get_parent_type()
            if parent is None or parent.name != TYPE_NAME:
                return
            hole = text_map.hole_at(node.name.loc.start, node.name.loc.end)
            if hole is not None:
                found.append(hole)

    visit(ctx.document, TypeInfoVisitor(type_info, Collector()))
    return found


def _ac_fields(value: str) -> List[str]:
    """AC fields the text selects (a name run that is not an alias: no colon after it)."""
    found = []
    for match in _WORD.finditer(value):
        name = match.group()
        if name in REPLACEMENTS and name not in found and not value[match.end():].lstrip().startswith(":"):
            found.append(name)
    return found


def _index(finder):
    """Per module, one walk: the template literals by file offset, each node's function, the names bound."""
    entry = _INDEX.get(finder)
    if entry is None:
        templates: List[Tuple[int, int, ast.AST]] = []  # (literal start, literal end, template node)
        functions: Dict[int, Optional[ast.AST]] = {}
        assigned: Dict[Tuple[int, str], List[ast.AST]] = {}  # (id(scope), name) -> values bound
        stack: List[Tuple[ast.AST, Optional[ast.AST]]] = [(finder.module, None)]
        while stack:
            node, function = stack.pop()
            literal = _template_literal(node)
            if literal is not None:
                start, end = finder.span_of(literal)
                templates.append((start, end, node))
                functions[id(node)] = function
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                function = node
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                scope = function if function is not None else finder.module
                assigned.setdefault((id(scope), node.targets[0].id), []).append(node.value)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                scope = function if function is not None else finder.module
                assigned.setdefault((id(scope), node.target.id), []).append(node.value)
            else:
                _note_filled(node, function if function is not None else finder.module, assigned)
            stack.extend((child, function) for child in reversed(list(ast.iter_child_nodes(node))))  # source order
        templates.sort(key=lambda item: (item[0], -item[1]))
        entry = _INDEX[finder] = (([t[0] for t in templates], templates, {}), functions, assigned)
    return entry


class _Each:
    """The items of ``iterable`` one at a time: what ``for f in iterable`` binds ``f`` to, or what
    ``fields.extend(iterable)`` / ``fields += iterable`` adds to ``fields``."""

    def __init__(self, iterable: ast.AST) -> None:
        self.iterable = iterable


class _Added:
    """One item a container is given after it is bound (``fields.append(x)``, ``.insert(i, x)``)."""

    def __init__(self, item: ast.AST) -> None:
        self.item = item


def _note_filled(node: ast.AST, scope: ast.AST, assigned) -> None:
    """Red team 19 (report 19), F3: a container of reads filled in a loop (``fields = []`` then ``for f in
    ("airflowVersion", ...): fields.append(f)``, ``.extend(...)``, ``+= [...]``) holds what it is given, and a
    ``for`` target is bound to each item of what it walks: both are recorded beside the name's
    bindings (``(id(scope), name) -> values``), so a hole filled by ``" ".join(fields)`` reads them."""
    if isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name):
        assigned.setdefault((id(scope), node.target.id), []).append(_Each(node.iter))
    elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name):
        assigned.setdefault((id(scope), "+" + node.target.id), []).append(_Each(node.value))
    elif (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
        and not node.keywords
    ):
        name, method = node.func.value.id, node.func.attr
        if method == "append" and len(node.args) == 1:
            assigned.setdefault((id(scope), "+" + name), []).append(_Added(node.args[0]))
        elif method == "insert" and len(node.args) == 2:
            assigned.setdefault((id(scope), "+" + name), []).append(_Added(node.args[1]))
        elif method == "extend" and len(node.args) == 1:
            assigned.setdefault((id(scope), "+" + name), []).append(_Each(node.args[0]))


def _template_literal(node: ast.AST) -> Optional[ast.AST]:
    """The literal of a template whose holes this rule reads: ``"..." % x``, ``"...".format(...)``, an f-string."""
    if isinstance(node, ast.JoinedStr):
        return node
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _is_str(node.left):
        return node.left
    template = format_template(node)  # .format, .format_map, Formatter().vformat (red team 18, 11b F5)
    return template if template is not None and _is_str(template) else None


def _is_str(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _operand(hole, finder, templates, functions) -> Optional[Tuple[ast.AST, Optional[ast.AST]]]:
    """The expression that fills ``hole`` and the function it is read in, or None."""
    starts, entries, fields_of = templates
    at = bisect_right(starts, hole.file_start) - 1
    if at < 0:
        return None
    start, end, node = entries[at]
    if not (start <= hole.file_start and hole.file_end <= end):
        return None
    function = functions.get(id(node))
    if isinstance(node, ast.JoinedStr):
        try:
            parsed = ast.parse(hole.expression.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return None
        ast.increment_lineno(parsed, node.lineno - 1)
        parsed._from_fstring = True  # not written at these offsets: shown as the hole's own text
        return parsed, function
    fields = fields_of.get(id(node))
    if fields is None:  # each literal's fields found once: a literal of N holes costs N, not N*N
        pattern = _PERCENT_FIELD if isinstance(node, ast.BinOp) else _FORMAT_FIELD
        fields = fields_of[id(node)] = [
            m.start() for m in pattern.finditer(finder.file.text, start, end) if m.group() not in ("%%", "{{", "}}")
        ]
    position = bisect_left(fields, hole.file_start)
    if isinstance(node, ast.BinOp):
        field = _PERCENT_FIELD.fullmatch(hole.expression)
        if field is None:
            return None
        right = node.right
        if field.group(1) is not None:
            if isinstance(right, ast.Dict):
                for key, value in zip(right.keys, right.values):
                    if _is_str(key) and key.value == field.group(1):
                        return value, function
            return None
        if isinstance(right, ast.Tuple):
            return (right.elts[position], function) if position < len(right.elts) else None
        return (right, function) if position == 0 else None
    name = re.split(r"[!:]", hole.expression[1:-1], maxsplit=1)[0].strip()
    fills = format_fills(node)
    if fills is None and node.func.attr == "format":  # "...".format(*a, **kw, fields=F): what is written
        fills = (node.args, {k.arg: k.value for k in node.keywords if k.arg})
    if fills is None:
        return None
    positional, keywords = fills
    if not name:
        return (positional[position], function) if position < len(positional) else None
    if name.isdigit():
        return (positional[int(name)], function) if int(name) < len(positional) else None
    keyword = keywords.get(name)
    return (keyword, function) if keyword is not None else None


def _values(node: ast.AST, function, module, assigned, budget: list) -> List[Tuple[str, int]]:
    """The string values ``node`` may take, each with the line it is written on (bounded work)."""
    out: List[Tuple[str, int]] = []
    for value, line in _strings(node, function, module, assigned, budget):
        if len(out) >= _MAX_VALUES:
            break
        out.append((value, line))
    return out


def _strings(node, function, module, assigned, budget):
    budget[0] -= 1
    if budget[0] < 0:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, node.lineno)]
    if isinstance(node, _Each):  # a for target: each item of what the loop walks (F3)
        return [item for item in (_items(node.iterable, function, module, assigned, budget) or ())]
    if isinstance(node, ast.Name):
        if node.id in budget[1]:
            return []  # `A = A + A`: the name's other bindings give its values
        budget[1].add(node.id)
        try:
            return [v for bound in _bound(node.id, function, module, assigned) for v in _strings(bound, function, module, assigned, budget)]
        finally:
            budget[1].discard(node.id)
    if isinstance(node, ast.IfExp):
        return _strings(node.body, function, module, assigned, budget) + _strings(node.orelse, function, module, assigned, budget)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = _strings(node.left, function, module, assigned, budget)
        right = _strings(node.right, function, module, assigned, budget)
        return [((a + b)[:_MAX_TEXT], la or lb) for a, la in left[:4] for b, lb in right[:4]]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and len(node.args) == 1
        and not node.keywords
    ):
        separators = _strings(node.func.value, function, module, assigned, budget)
        items = _items(node.args[0], function, module, assigned, budget)
        if separators and items is not None:
            separator, line = separators[0]
            return [(separator.join(value for value, _line in items)[:_MAX_TEXT], items[0][1] if items else line)]
    return []


def _items(node, function, module, assigned, budget) -> Optional[List[Tuple[str, int]]]:
    """The string items of a list or tuple written in the module (one value each), or None."""
    budget[0] -= 1
    if budget[0] < 0:
        return None
    if isinstance(node, ast.Name):
        found = None
        for bound in _bound(node.id, function, module, assigned):
            found = _items(bound, function, module, assigned, budget)
            if found is not None:
                break
        added = _added(node.id, function, module, assigned, budget)  # appended / extended after (F3)
        if added:
            found = (found or []) + added
        return found
    if isinstance(node, _Each):
        return _items(node.iterable, function, module, assigned, budget)
    if isinstance(node, (ast.List, ast.Tuple)):
        items = []
        for element in node.elts:
            if budget[0] < 0:
                break  # a list of thousands: the first items read, then no more work
            values = _strings(element, function, module, assigned, budget)
            if values:
                items.append(values[0])
        return items
    return None


def _added(name: str, function, module, assigned, budget) -> List[Tuple[str, int]]:
    """The string items a container bound to ``name`` is given after it is bound (:func:`_note_filled`),
    in the scope that binds it (bounded by ``budget`` like every other step)."""
    scope = function if function is not None and (id(function), name) in assigned else module
    out: List[Tuple[str, int]] = []
    for added in assigned.get((id(scope), "+" + name), ()):
        if budget[0] < 0 or len(out) >= _MAX_VALUES:
            break
        if isinstance(added, _Added):
            values = _strings(added.item, function, module, assigned, budget)
            out.extend(values[:_MAX_VALUES])
        else:
            out.extend(_items(added.iterable, function, module, assigned, budget) or ())
    return out


def _bound(name: str, function, module, assigned) -> List[ast.AST]:
    """What ``name`` is bound to where it is read: the function's own assignments or parameter
    default, else the module's (a global is read only when the function does not bind the name)."""
    if function is not None and not isinstance(function, ast.Lambda):
        local = assigned.get((id(function), name))
        if local:
            return local
        default = _parameter_default(function, name)
        if default is not None:
            return [default]
        if _is_parameter(function, name):
            return []
    return assigned.get((id(module), name), [])


def _parameter_default(function, name: str) -> Optional[ast.AST]:
    arguments = function.args
    positional = arguments.posonlyargs + arguments.args
    for argument, default in zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults):
        if argument.arg == name:
            return default
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if argument.arg == name and default is not None:
            return default
    return None


def _is_parameter(function, name: str) -> bool:
    arguments = function.args
    every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs
    every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return any(argument.arg == name for argument in every)
