"""What ``self.url`` is, for a method that posts to it (red team 9, F4 p13).

A client class keeps its endpoint on the instance::

    class Acme:
        def __init__(self, url):
            self.url = url
        def q(self, doc):
            return requests.post(self.url, json={"query": doc})

    Acme("https://api.acme.com/query").q("{ deployments { id name } }")

The URL of that send is what the module gives the class: the value of
``self.url = ...`` in any method (a constant, an environment variable), a class
attribute ``url = "https://..."``, and, where the assigned value is a
parameter of ``__init__``, the argument for it at every instantiation
``Acme(...)`` in the module.  Each value comes with the scope its names are
looked up in.  ``gather_binding`` then weighs them: any naming Houston makes the
send Houston's; Houston's beside another concrete URL is undecided.

The index (class -> attribute -> values) is built once per module, memoised on
the finder: one walk of each class's methods and one pass over the module's
calls, so every ``self.X`` lookup after it is a dictionary probe (linear).
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

_MAX_VALUES = 8  # more values than this: a variable, not an endpoint setting


def values(node: ast.AST, scope, finder) -> Optional[List[Tuple[ast.AST, object]]]:
    """(value, scope to read it in) for each binding of ``self.X`` in ``scope``'s class; None if not ``self.X``."""
    if finder is None or not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    if node.value.id not in ("self", "cls"):
        return None
    owner = scope
    while owner is not None and getattr(owner, "kind", None) != "class":
        owner = getattr(owner, "parent", None)
    if owner is None or not isinstance(getattr(owner, "node", None), ast.ClassDef):
        return None
    found = _index(finder).get(id(owner.node), {}).get(node.attr)
    if not found or len(found) > _MAX_VALUES:
        return None
    return found


def _index(finder) -> Dict[int, Dict[str, List[Tuple[ast.AST, object]]]]:
    memo = finder.__dict__.get("_destination_instance_urls")
    if memo is not None:
        return memo
    collector = finder.collector
    classes = {id(s.node): s for s in collector.class_scopes if isinstance(s.node, ast.ClassDef)}
    by_name: Dict[str, List[int]] = {}
    for key, class_scope in classes.items():
        by_name.setdefault(class_scope.node.name, []).append(key)
    # Acme(...) calls, by class name: the constructor's arguments (one pass over the module's calls).
    built: Dict[str, List[Tuple[ast.Call, object]]] = {}
    for call, call_scope in collector.calls:
        if isinstance(call.func, ast.Name) and call.func.id in by_name:
            built.setdefault(call.func.id, []).append((call, call_scope))
    memo = {}
    for key, class_scope in classes.items():
        attributes: Dict[str, List[Tuple[ast.AST, object]]] = {}
        for name, bound in class_scope.bindings.items():  # url = "https://..." in the class body
            for value in bound[:_MAX_VALUES + 1]:
                attributes.setdefault(name, []).append((value, class_scope))
        outer = class_scope.parent  # what a method's names resolve to, short of its own locals
        for method in class_scope.node.body:
            if not isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) or not method.args.args:
                continue
            me = method.args.args[0].arg
            positional = [a.arg for a in method.args.posonlyargs + method.args.args][1:]
            keyword_only = {a.arg for a in method.args.kwonlyargs}
            for statement in ast.walk(method):
                if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or statement.value is None:
                    continue
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                for target in targets:
                    if not (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == me):
                        continue
                    entries = attributes.setdefault(target.attr, [])
                    value = statement.value
                    if isinstance(value, ast.Name) and (value.id in positional or value.id in keyword_only):
                        if method.name != "__init__":
                            entries.append((value, None))  # a parameter of another method: unknown
                            continue
                        given = _arguments(built.get(class_scope.node.name, []), value.id, positional, method, outer)
                        entries.extend(given if given else [(value, None)])
                    else:
                        entries.append((value, outer))
        memo[key] = attributes
    finder.__dict__["_destination_instance_urls"] = memo
    return memo


def _arguments(calls, parameter: str, positional: List[str], method, outer) -> List[Tuple[ast.AST, object]]:
    """The argument each ``Class(...)`` call gives ``parameter`` (its default when it gives none)."""
    found: List[Tuple[ast.AST, object]] = []
    defaults = dict(zip(positional[len(positional) - len(method.args.defaults):], method.args.defaults)) if method.args.defaults else {}
    for call, call_scope in calls[: _MAX_VALUES + 1]:
        argument = next((k.value for k in call.keywords if k.arg == parameter), None)
        if argument is None and parameter in positional:
            index = positional.index(parameter)
            if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]) or any(k.arg is None for k in call.keywords):
                found.append((call, None))  # Acme(*args), Acme(**conf): the URL cannot be seen
                continue
            if index < len(call.args):
                argument = call.args[index]
        if argument is None and parameter in defaults:
            found.append((defaults[parameter], outer))
            continue
        if argument is not None:
            found.append((argument, call_scope))
    return found
