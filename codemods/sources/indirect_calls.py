"""Calls made through a partial, a bound method or ``getattr``, written out as the plain call they make.

Red team 22 (report 11b), f8 and f10: the tool reads a send or a fill from the call as written
(``houston(CREATE, variables)``, ``UPSERT.replace("2.3.4-11", v)``), so the same call made another way
was not seen:

* ``create = functools.partial(houston, CREATE)``; ``create({"ws": ws, "airflowVersion": "2.3.4-11"})``
  sends CREATE through the module's helper with that dict (f8: the variable was held with "no call in
  this module sends this document with its variables" while the dict kept the AC value);
* ``with_version = functools.partial(str.replace, UPSERT, "2.3.4-11")``, ``functools.partial(UPSERT.replace,
  "2.3.4-11")``, ``r = UPSERT.replace; r("2.3.4-11", v)``, ``getattr(UPSERT, "replace")("2.3.4-11", v)`` fill
  UPSERT as ``UPSERT.replace("2.3.4-11", v)`` does (f10: the AC text the fill looks for was migrated, so
  the script sent "5.5.0" whatever version it was asked for).

Each such call is added to the module's calls as the plain call it makes, at its own place (as an
executor's call is, ``handed_on.dispatched``), so every analysis of calls reads it.  A partial of a
text's ``replace`` is also the fill it binds (``partial(str.replace, UPSERT, "2.3.4-11")`` names UPSERT
and the text it looks for) where it is never called in the module.  A partial of a library function
(``partial(requests.post, URL)``) is read where its URL is (``destination.sent_url``), not here.

A partial of a helper imported from a module of the run (``from common import houston``) is written out
once the run's index names it (``PythonDocumentFinder``).

Work: one probe of the scope's binding table per call of a name (at most ``_DEPTH`` links), once per module.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

_PARTIAL = frozenset({"partial"})
# The text methods whose bound form is followed: a fill (``replace``) and ``.format`` (what it gives each
# field: ``runtime_argument_values.template_value``; the text is read as a template where it is bound).
# ``sub`` / ``subn``: a compiled pattern's bound fill (``fill = PAT.sub``) or ``re.sub`` itself in a partial, read as
# ``re.sub`` / ``P.sub`` is (``placeholders._run_time_fill``: the document is held, red team 23, report 11b, f11).
_METHODS = frozenset({"replace", "format", "format_map", "sub", "subn"})
_RE_MODULES = frozenset({"re", "regex"})
_RE_FUNCTIONS = frozenset({"sub", "subn", "compile"})
_FILLS = frozenset({"replace"})  # a partial binding what it looks for: a fill even where it is never called
_DEPTH = 4  # links followed: a partial of a name bound to a bound method is three


def made_calls(
    calls: List[Tuple[ast.Call, object]], function_defs, imported_only: bool = False, imported: Optional[Dict[str, str]] = None,
) -> List[Tuple[ast.Call, object]]:
    """(the plain call, its scope) for each call of ``calls`` made through a partial, a bound method or
    ``getattr``, and for each partial binding a text's ``replace`` with what it looks for.

    ``imported_only``: ``function_defs`` names the helpers imported from modules of the run (known once
    the run is indexed), and only a partial of one of them is written out (the rest was done already).
    ``imported``: local name -> what it is imported as (``sub`` -> ``re.sub``, ``rx`` -> ``re``): ``sub(P, R, DOC)``
    and ``rx.sub(P, R, DOC)`` are written out as ``re.sub(P, R, DOC)`` (red team 23, report 11b, f11)."""
    found = []
    for call, scope in calls:
        made = _plain(call, scope, function_defs, imported_only, imported or {})
        if made is None and not imported_only:
            made = _bound_fill(call)
        if made is not None:
            found.append((made, scope))
    return found


def _plain(call: ast.Call, scope, function_defs, imported_only: bool = False, imported=None) -> Optional[ast.Call]:
    """The call ``call`` makes once its partial, bound method or ``getattr`` is written out, else None."""
    current = call
    changed = False
    for _ in range(_DEPTH):
        func = current.func
        target = func
        spelled = _re_function(func, imported, function_defs)
        if spelled is not None:  # from re import sub; sub(P, R, DOC) / import re as rx; rx.sub(P, R, DOC)
            current, changed = _made(current, spelled, current.args, current.keywords), True
            continue
        if isinstance(func, ast.Name):
            bound = scope.lookup(func.id) if scope is not None else []
            if len(bound) != 1:
                break
            target = bound[0]
        step = _through(target, current, scope, function_defs, via_name=target is not func, imported=imported)
        if step is None:
            break
        current, changed = step, True
    if imported_only and not (isinstance(current.func, ast.Name) and current.func.id in function_defs):
        return None
    return current if changed else None


def _through(
    target: ast.AST, call: ast.Call, scope, function_defs: Dict[str, ast.AST], via_name: bool, imported=None,
) -> Optional[ast.Call]:
    """One link: ``call`` made through ``target`` (what its callee is or is bound to), as a plainer call."""
    if _is_partial(target):
        inner = _re_function(target.args[0], imported, function_defs) or target.args[0]
        if not _followed(inner, scope, function_defs):
            return None
        return _made(call, inner, list(target.args[1:]) + list(call.args), list(target.keywords) + list(call.keywords))
    method = _getattr_method(target)
    if method is not None:
        return _made(call, method, call.args, call.keywords)
    if via_name and isinstance(target, ast.Attribute) and target.attr in _METHODS and isinstance(target.ctx, ast.Load):
        return _made(call, target, call.args, call.keywords)  # r = UPSERT.replace; r(OLD, v)
    if via_name and isinstance(target, ast.Name) and target.id != getattr(call.func, "id", None) and _helper_named(target, scope, function_defs):
        # query = houston_query; query(Q): the name bound once to the module's helper is that helper
        # (red team 28, report 12, f10: the document was undecided, its typo missed)
        return _made(call, target, call.args, call.keywords)
    return None


def _helper_named(target: ast.Name, scope, function_defs: Dict[str, ast.AST]) -> bool:
    """``target`` names a def (or lambda helper) of this module that nothing else rebinds where it is read."""
    definition = function_defs.get(target.id)
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return False
    bound = scope.lookup(target.id) if scope is not None else []
    return all(value is definition for value in bound)


def _bound_fill(call: ast.Call) -> Optional[ast.Call]:
    """``partial(str.replace, DOC, OLD)`` / ``partial(DOC.replace, OLD)`` (also of ``getattr(DOC, "replace")``):
    the fill it binds, written as ``str.replace(DOC, OLD)`` / ``DOC.replace(OLD)``, else None."""
    if not _is_partial(call):
        return None
    inner = _getattr_method(call.args[0]) or call.args[0]
    if not (isinstance(inner, ast.Attribute) and inner.attr in _FILLS):
        return None
    bound = list(call.args[1:])
    if any(isinstance(a, ast.Starred) for a in bound):
        return None
    needed = 2 if isinstance(inner.value, ast.Name) and inner.value.id == "str" else 1
    if len(bound) < needed:
        return None  # what it looks for is given where it is called (read there)
    return _made(call, inner, bound, [])


def _re_function(node: ast.AST, imported, function_defs) -> Optional[ast.Attribute]:
    """``re.sub`` for ``sub`` imported from ``re`` (or ``regex``), ``re.X`` for ``rx.X`` with ``import re as rx``;
    else None (a module's own ``sub`` is its own function)."""
    if not imported:
        return None
    if isinstance(node, ast.Name) and node.id not in function_defs:
        module, _, attr = imported.get(node.id, "").rpartition(".")
        if module in _RE_MODULES and attr in _RE_FUNCTIONS:
            return ast.copy_location(ast.Attribute(value=ast.copy_location(ast.Name(id=module, ctx=ast.Load()), node), attr=attr, ctx=ast.Load()), node)
    elif isinstance(node, ast.Attribute) and node.attr in _RE_FUNCTIONS and isinstance(node.value, ast.Name):
        module = imported.get(node.value.id)
        if module in _RE_MODULES and node.value.id != module:
            return ast.copy_location(ast.Attribute(value=ast.copy_location(ast.Name(id=module, ctx=ast.Load()), node.value), attr=node.attr, ctx=ast.Load()), node)
    return None


def _is_partial(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and node.args and not isinstance(node.args[0], ast.Starred)):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in _PARTIAL
    return isinstance(func, ast.Attribute) and func.attr in _PARTIAL and isinstance(func.value, ast.Name) and func.value.id == "functools"


def _followed(inner: ast.AST, scope, function_defs: Dict[str, ast.AST]) -> bool:
    """Is a partial's function one whose plain call the tool reads: the module's own function (a send or
    fill helper), a text's ``replace`` (bound, or ``str.replace``), ``getattr(X, "replace")``, or a name
    bound once to one of these (followed on the next link)?  A library function is not (see the module
    docstring)."""
    if isinstance(inner, ast.Name):
        if inner.id in function_defs:
            return True
        bound = scope.lookup(inner.id) if scope is not None else []
        return len(bound) == 1 and not isinstance(bound[0], ast.Name) and _followed(bound[0], None, function_defs)
    if isinstance(inner, ast.Attribute):
        return inner.attr in _METHODS
    return _getattr_method(inner) is not None


def _getattr_method(node: ast.AST) -> Optional[ast.Attribute]:
    """``X.replace`` for ``getattr(X, "replace")``, else None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"):
        return None
    if len(node.args) != 2 or node.keywords or isinstance(node.args[0], ast.Starred):
        return None
    name = node.args[1]
    if not (isinstance(name, ast.Constant) and name.value in _METHODS):
        return None
    return ast.copy_location(ast.Attribute(value=node.args[0], attr=name.value, ctx=ast.Load()), node)


def _made(original: ast.Call, func: ast.AST, args, keywords) -> ast.Call:
    made = ast.Call(func=func, args=list(args), keywords=list(keywords))
    return ast.copy_location(made, original)
