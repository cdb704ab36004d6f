"""Documents a module hands to other modules other than through its module-level names.

Red team 14 (report 11b, F1/F6/F12): the cross-module guard (``cross_module.settle``) held only
module-level bindings and class bodies.  But ``def create_doc(): return '''mutation ...'''`` (with or
without ``@lru_cache``) hands its own literal to every importer that calls it, and
``self.create_doc = '''...'''`` in ``__init__`` hands it to every importer holding an instance: an
importer's ``create_doc().replace("2.3.4-11", version)`` or ``h.create_doc.replace(...)`` went dead once
the definer alone was migrated.  And a file whose text another script reads (``Path(...)/"deploy.py"``,
``exec(open(...).read())``, ``%run lib.py``) is read whole, function bodies included.

This module finds those hand-out places in a parsed module: the value of each ``return`` of a
function (and the assignments to the local names a ``return`` reads), and each ``self.X = ...`` in a
class's methods.  One walk of each function: linear in the module.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, List, Tuple

from .tree_nodes import walk

Span = Tuple[int, int]


def _functions(module: ast.Module):
    """(key, definition): ``f`` for a top-level function, ``Class.m`` for a method of a top-level class."""
    for statement in getattr(module, "body", ()):
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield statement.name, statement
        elif isinstance(statement, ast.ClassDef):
            for inner in statement.body:
                if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield f"{statement.name}.{inner.name}", inner


# String methods whose result is their receiver's text, changed: ``return DOC.strip()`` hands DOC out.
_TEXT_METHODS = frozenset({"strip", "lstrip", "rstrip", "replace", "format", "format_map", "join", "encode", "decode"})
_TEXT_FUNCTIONS = frozenset({"dedent", "str", "cleandoc"})


def _text_roots(expression: ast.AST, names: List[str]) -> List[ast.AST]:
    """The string literals ``expression`` is made of (the names it reads appended to ``names``).

    Only what the value IS is followed: a literal, an f-string, ``+``/``%``, a string method's receiver,
    ``dedent(x)``.  Another call's arguments are not (``return requests.post(URL, json={"query": q})``
    returns the response, not ``q``)."""
    roots: List[ast.AST] = []
    stack = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            roots.append(node)
        elif isinstance(node, ast.JoinedStr):
            roots.append(node)
        elif isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.BinOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, ast.IfExp):
            stack.extend((node.body, node.orelse))
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in _TEXT_METHODS:
                stack.append(func.value)
            elif (getattr(func, "id", None) or getattr(func, "attr", None)) in _TEXT_FUNCTIONS and node.args:
                stack.append(node.args[0])
    return roots


def _returned_nodes(function: ast.AST) -> List[ast.AST]:
    """The string literals ``function`` returns (or yields), directly or through the local names it
    returns (nested functions included: a closure's return is handed out through the outer one)."""
    returns: List[ast.AST] = []
    assigns: Dict[str, List[ast.AST]] = {}
    for node in walk(function):
        if isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
            returns.append(node.value)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Name):
                    assigns.setdefault(target.id, []).append(node.value)
    names: List[str] = []
    found: List[ast.AST] = []
    for value in returns:
        for shown in _displayed(value):
            found.extend(_text_roots(shown, names))
    seen = set()
    while names:  # each local name followed once: linear in the function
        name = names.pop()
        if name in seen:
            continue
        seen.add(name)
        for value in assigns.get(name, ()):
            for shown in _displayed(value):
                found.extend(_text_roots(shown, names))
    return found


def _displayed(value: ast.AST) -> List[ast.AST]:
    """The values a returned dict / list / tuple / set display holds (nested ones too), else ``value``:
    ``return {"create": "mutation ..."}`` hands its document out to the caller's
    ``queries()["create"].replace(...)`` as a bare return does (red team 19, report 11b, F11).  Each node once."""
    out: List[ast.AST] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Dict):
            stack.extend(v for v in node.values if v is not None)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            stack.extend(node.elts)
        else:
            out.append(node)
    return out


def returns_text(function: ast.AST, needle: str = "{") -> bool:
    """Whether ``function`` returns a string holding ``needle`` (default: a ``{``, so it may be a GraphQL document)."""
    return any(_holds(node, needle) for node in _returned_nodes(function))


def _holds(node: ast.AST, needle: str) -> bool:
    return any(isinstance(part, ast.Constant) and isinstance(part.value, (str, bytes)) and needle in str(part.value) for part in walk(node))


def class_hands_out(cls: ast.ClassDef, needle: str) -> bool:
    """Whether what an instance of ``cls`` hands out (its body's bindings, ``self.X = ...`` in its methods,
    what its methods return) holds ``needle``: the importer's side of a held class is told only then."""
    body = {id(statement) for statement in cls.body}  # a lookup per binding: a class of many stays linear
    for node in walk(cls):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if id(node) in body or any(_instance_attribute(t) for t in targets):
                if _holds(node.value, needle):
                    return True
    return any(isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)) and returns_text(inner, needle) for inner in cls.body)


def returned_spans(module: ast.Module, span_of: Callable[[ast.AST], Span], keys=None) -> List[Span]:
    """File spans of what the functions named by ``keys`` (all when None) return."""
    spans: List[Span] = []
    for key, function in _functions(module):
        if keys is None or key in keys or key.split(".", 1)[0] in keys:
            spans.extend(span_of(node) for node in _returned_nodes(function))
    return spans


def attribute_spans(module: ast.Module, span_of: Callable[[ast.AST], Span], classes=None) -> List[Span]:
    """File spans of each ``self.X = ...`` in the methods of the top-level classes named ``classes`` (all when None)."""
    spans: List[Span] = []
    for statement in getattr(module, "body", ()):
        if not isinstance(statement, ast.ClassDef) or (classes is not None and statement.name not in classes):
            continue
        for node in walk(statement):
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(_instance_attribute(t) for t in targets):
                    spans.append(span_of(node))
    return spans


def _instance_attribute(target: ast.AST) -> bool:
    """``self.X`` (a method's), or ``cls.X`` (a classmethod's: unittest's ``setUpClass``, red team 17,
    report 11b, F19): an attribute every instance, and every subclass in an importer, reads."""
    return isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id in ("self", "cls")


def held(at: int, spans: List[Span]) -> bool:
    """Whether file offset ``at`` lies in one of ``spans``."""
    return any(start <= at < end for start, end in spans)


def note(found: Dict[str, dict], definer: str, key: str, field: str, importer: str, line: int) -> None:
    """On ``definer``'s entry, ``field`` -> ``key`` -> the importers (relative path, line) that take it."""
    users = found.setdefault(definer, {"imports": {}, "imported_by": {}}).setdefault(field, {}).setdefault(key, [])
    import os

    item = [os.path.relpath(importer), line]
    if item not in users and len(users) < 4:
        users.append(item)
