"""What a ``for`` loop's variable takes, when the loop runs over a list written in the module.

The finder binds names by assignment only, so in ``for url, q in [(MONDAY, MQ)]:
requests.post(url, json={"query": q})`` both ``url`` and ``q`` were bound to
nothing, and the send's URL and document could not be read (red team 12, F1).
Here each loop over a literal list, tuple or set (or a name bound once to one:
``for q in MONDAY_QS``) binds its target names, in the body (function, class or module) holding the loop, to the elements, by position
for a tuple target (``for url, q in [(A, B), (C, D)]``).  A tuple read from a module dict of rows by a
run-time key, ``url, q = JOBS[name]`` (or ``JOBS.get(name)``), binds its names as a loop over the
rows does, paired row by row (red team 20, report 12, f1 variant).

Built once per module (memoised on the finder), one walk of the tree; at most
``_MAX_ELEMENTS`` elements per loop are kept: linear in the module.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Tuple

_MAX_ELEMENTS = 16
# The keyword ``for`` as a word, anywhere: a fixed word between lookarounds (linear).
_FOR_WORD = re.compile(r"(?<![A-Za-z0-9_])for(?![A-Za-z0-9_])")
MAX_ELEMENTS = _MAX_ELEMENTS  # what sources/python.py reads of a dict picked by a run-time key


def taken(finder, scope, name: str) -> List[ast.AST]:
    """What the loop variable ``name`` takes in the loops of ``scope``'s function (or the module)."""
    owner = getattr(scope, "node", None)
    return values(finder).get((id(owner) if owner is not None else 0, name), [])[:_MAX_ELEMENTS]


def values(finder) -> Dict[Tuple[int, str], List[ast.AST]]:
    """(id of the enclosing def or class, 0 for the module; loop variable name) -> the expressions it
    takes in that body's loops over written lists.  A ``q`` of one function is not another's."""
    memo = finder.__dict__.get("_loop_values")
    if memo is not None:
        return memo
    memo = {}
    pairs: Dict[Tuple[int, str], list] = {}  # (owner, name) -> (element, the name's position in it)
    module = getattr(finder, "module", None)
    constants = _module_lists(module) if module is not None else {}
    text = getattr(getattr(finder, "file", None), "text", None)
    if isinstance(text, str) and _FOR_WORD.search(text) is None and not any(isinstance(v, ast.Dict) for v in constants.values()):
        # No loop or comprehension is written without the word ``for``, and ``url, q = JOBS[name]`` needs a
        # module dict: nothing to bind, so no second walk of the whole tree (a 1 MB generated sgqlc schema
        # module spent a third of its check here: issue 15, the size row)
        module = None
    stack = [(child, 0) for child in ast.iter_child_nodes(module)] if module is not None else []
    while stack:
        node, owner = stack.pop()
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            elements = _elements(node.iter, constants)
            if elements is not None:
                _bind(node.target, elements, owner, memo, pairs)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], (ast.Tuple, ast.List)):
            # url, q = JOBS[name] with a module dict of (url, document) rows: the names take each row's parts,
            # paired row by row, as for name, (url, q) in JOBS.items() does (red team 20, report 12, f1 variant)
            elements = _picked_rows(node.value, constants)
            if elements is not None:
                _bind(node.targets[0], elements, owner, memo, pairs)
        inner = id(node) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else owner
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    finder.__dict__["_loop_pairs"] = pairs
    finder.__dict__["_loop_constants"] = constants
    finder.__dict__["_loop_values"] = memo
    return memo


def iterated(finder, node: ast.AST) -> List[ast.AST]:
    """The elements ``map(f, node)`` hands ``f``: those of a written list, tuple, set or dict (``.values()``,
    ``.items()``), or of a module name bound once to one; empty otherwise (red team 17, report 13, F11)."""
    values(finder)
    return list(_elements(node, finder.__dict__.get("_loop_constants", {})) or [])


def _module_lists(module: ast.Module) -> Dict[str, ast.AST]:
    """Module names bound exactly once, to a written list, tuple or set."""
    seen: Dict[str, list] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    seen.setdefault(target.id, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
            seen.setdefault(statement.target.id, []).append(statement.value)
    return {name: found[0] for name, found in seen.items() if len(found) == 1 and isinstance(found[0], (ast.List, ast.Tuple, ast.Set, ast.Dict))}


def _elements(node: ast.AST, constants: Dict[str, ast.AST]):
    if (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("items", "values")
        and not node.args and isinstance(node.func.value, (ast.Name, ast.Dict))
    ):
        # for name, (url, q) in JOBS.items(): each entry a (key, value) pair (red team 16, report 12, F6)
        held = constants.get(node.func.value.id) if isinstance(node.func.value, ast.Name) else node.func.value
        if not isinstance(held, ast.Dict) or any(k is None for k in held.keys):
            return None
        if node.func.attr == "values":
            return held.values[:_MAX_ELEMENTS]
        return [ast.copy_location(ast.Tuple(elts=[k, v], ctx=ast.Load()), v) for k, v in zip(held.keys[:_MAX_ELEMENTS], held.values)]
    if isinstance(node, ast.Name):
        node = constants.get(node.id)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)) and not any(isinstance(e, ast.Starred) for e in node.elts):
        return node.elts[:_MAX_ELEMENTS]
    return None


def _picked_rows(node: ast.AST, constants: Dict[str, ast.AST]):
    """The rows ``TABLE[key]`` / ``TABLE.get(key)`` may be, for a module dict of tuples and a key known at run time."""
    if isinstance(node, ast.Subscript) and not isinstance(node.slice, ast.Constant):
        table = node.value
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
            and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Constant)):
        table = node.func.value
    else:
        return None
    held = constants.get(table.id) if isinstance(table, ast.Name) else None
    if not isinstance(held, ast.Dict) or any(k is None for k in held.keys):
        return None
    rows = held.values[:_MAX_ELEMENTS]
    return rows if rows and all(isinstance(r, (ast.Tuple, ast.List)) for r in rows) else None


def partners(finder, scope, name: str, document: ast.AST) -> List[ast.AST]:
    """``for url, q in [(HOUSTON_URL, Q1), (GITHUB_URL, Q2)]``: what ``name`` (``url``) takes in the very
    elements whose other part is ``document`` (Q2's literal, or a name bound to it): the URL of that
    pair, never another pair's (red team 16, report 12, F6).  Empty when no element holds it.
    At most ``_MAX_ELEMENTS`` elements, each part resolved once: constant work per send."""
    owner = getattr(scope, "node", None)
    values(finder)
    pairs = finder.__dict__.get("_loop_pairs", {}).get((id(owner) if owner is not None else 0, name), [])
    found: List[ast.AST] = []
    for element, index in pairs[:_MAX_ELEMENTS]:
        for position, part in enumerate(element.elts):
            if position == index:
                continue
            if part is document or (isinstance(part, (ast.Name, ast.Attribute)) and any(v is document for v in finder._resolve(part, scope)[:8])):
                found.append(element.elts[index])
                break
    return found


def _bind(target: ast.AST, elements: List[ast.AST], owner: int, memo, pairs=None) -> None:
    if isinstance(target, ast.Name):
        memo.setdefault((owner, target.id), []).extend(elements)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for index, name in enumerate(target.elts):
            if isinstance(name, (ast.Tuple, ast.List)):  # for key, (url, q) in ...: the nested pair, by position
                nested = [e.elts[index] for e in elements if isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == len(target.elts)]
                _bind(name, nested, owner, memo, pairs)
            elif isinstance(name, ast.Name):
                matching = [e for e in elements if isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == len(target.elts)]
                if matching:
                    memo.setdefault((owner, name.id), []).extend(e.elts[index] for e in matching)
                    if pairs is not None:
                        pairs.setdefault((owner, name.id), []).extend((e, index) for e in matching)
