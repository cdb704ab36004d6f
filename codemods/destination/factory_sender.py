"""Senders made by a closure factory: ``github = make_sender(GITHUB_URL)`` (red team 16, report 12, F8/F13).

::

    def make_sender(url, token):
        def send(query, **variables):
            return requests.post(url, json={"query": query, ...})
        return send

    houston = make_sender(HOUSTON_URL, ...)
    inventory = make_sender(INVENTORY_URL, ...)
    inventory("query { deployments { ... } }")

``inventory(...)`` runs ``send``, and ``send``'s ``url`` is what the factory call that made
``inventory`` passed: INVENTORY_URL.  Before, the call was no helper call (``inventory`` is no
def), its send was not traced, and the file's Houston endpoint spoke for it (another API's
query got Houston errors, and ``rewrite`` edited it).

Bounded: one name's binding (the finder's, in flow order), the factory's own top-level
statements read once per factory (memoised on the finder).
"""

from __future__ import annotations

import ast
from typing import Optional, Tuple

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _returned_def(factory: ast.AST, finder) -> Optional[ast.AST]:
    """The def nested in ``factory``'s body that ``factory`` returns (``return send``), else None."""
    memo = finder.__dict__.setdefault("_factory_sender_returned", {})
    if id(factory) not in memo:
        nested = {s.name: s for s in factory.body if isinstance(s, _DEFS)}
        returned = [s.value.id for s in factory.body if isinstance(s, ast.Return) and isinstance(s.value, ast.Name)]
        memo[id(factory)] = nested.get(returned[0]) if len(returned) == 1 else None
    return memo[id(factory)]


def made_by(func: ast.AST, scope, finder) -> Optional[Tuple[ast.AST, ast.Call, ast.AST]]:
    """(the nested def run, the factory call that made it, the factory def) when ``func`` names a sender
    a module factory returned (``inventory`` bound once, where it is used, to ``make_sender(URL)``), else None."""
    if not isinstance(func, ast.Name) or scope is None or finder is None:
        return None
    values = [v for v in finder._resolve(func, scope)[:2] if v is not func]
    if len(values) != 1 or not isinstance(values[0], ast.Call) or not isinstance(values[0].func, ast.Name):
        return None
    built = values[0]
    collector = finder.collector
    factories = [d for d in collector.defs_named.get(built.func.id, [])[:2] if isinstance(d, _DEFS) and id(d) not in collector.methods]
    if len(factories) != 1:
        return None
    inner = _returned_def(factories[0], finder)
    return (inner, built, factories[0]) if inner is not None else None


def closure_parameter(name: str, scope) -> Optional[Tuple[ast.AST, object]]:
    """(the enclosing def, its scope) of which ``name`` (read in ``scope``, bound nowhere nearer) is a parameter."""
    inner = getattr(scope, "parent", None)
    for _ in range(4):
        if inner is None or getattr(inner, "kind", None) != "function":
            return None
        if name in inner.bindings:
            return None
        definition = inner.node
        if isinstance(definition, _DEFS):
            arguments = definition.args
            if name in [a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs]:
                return definition, inner
        inner = inner.parent
    return None
