"""What an instance's URL attribute is set to after its construction (red team 19, F19).

A client is built for one API and pointed at another before a send::

    c = Client(HOUSTON_URL)
    c.q(DEPLOYMENTS)
    c.url = INVENTORY_URL          # or c.endpoint = ..., setattr(c, "url", ...)
    c.q(APPS)                      # posts to the inventory API

    gq = GraphqlClient(endpoint=HOUSTON_URL)
    gq.endpoint = INVENTORY_URL
    gq.execute(query=APPS)

The construction alone said Houston for both sends, and APPS (another API's
``airflowVersion`` argument) was rewritten.  The rule this module makes explicit:
every binding of the attribute a send reads can reach the send, the
construction's argument and each store ``NAME.attr = value`` (``setattr(NAME,
"attr", value)``) to a name holding that construction; where they disagree, the
send's URL is every one of them (``gather_binding`` then leaves a Houston URL
beside another API's undecided).  The order of the stores and sends is not
followed: which one is in force at a send is not told, so each may be.

Read by ``instance_url`` (a module class's ``self.url``: the instance's stores
of that attribute) and ``call_url.client_url`` (a library client's ``url`` /
``base_url`` / ``endpoint``, or a ``transport`` replaced).

Cost: one walk of the module's statements, once per file (memoised on the
finder), resolving each stored-to name once (at most four values); each lookup
after it is a dictionary probe.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Tuple

_MAX_VALUES = 4  # values of a stored-to name looked at for its construction
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_NESTED = (ast.stmt, ast.excepthandler) + ((ast.match_case,) if hasattr(ast, "match_case") else ())  # 3.9: no match

# What a library client keeps its endpoint in (gql's url=, httpx's base_url=, python-graphql-client's
# endpoint=; a transport replaced), set again after its construction.
CLIENT_ATTRIBUTES = ("url", "base_url", "endpoint", "transport")

Stores = Dict[int, Dict[str, List[Tuple[ast.AST, object]]]]  # id(construction) -> attr -> [(value, scope)]


def of(construction: ast.AST, attribute: str, finder) -> List[Tuple[ast.AST, object]]:
    """(value, scope to read it in) of each store of ``attribute`` on an instance built by ``construction``."""
    if finder is None or not isinstance(construction, ast.Call):
        return []
    return _stores(finder).get(id(construction), {}).get(attribute, [])


def any_of(construction: ast.AST, attributes, finder) -> List[Tuple[str, ast.AST, object]]:
    """(attribute, value, scope) of each store of one of ``attributes`` on the instance ``construction`` built."""
    if finder is None or not isinstance(construction, ast.Call):
        return []
    held = _stores(finder).get(id(construction), {})
    return [(attribute, value, scope) for attribute in attributes for value, scope in held.get(attribute, ())]


def restored(construction: ast.AST, finder) -> bool:
    """Is a client's endpoint (``CLIENT_ATTRIBUTES``) stored again after the construction ``construction``?"""
    return bool(any_of(construction, CLIENT_ATTRIBUTES, finder))


def _stores(finder) -> Stores:
    memo = finder.__dict__.get("_destination_attribute_stores")
    if memo is not None:
        return memo
    memo = finder.__dict__["_destination_attribute_stores"] = {}  # a read while building sees no stores
    collector = getattr(finder, "collector", None)
    module = getattr(finder, "module", None)
    if collector is None or module is None:
        return memo
    found: List[Tuple[ast.Name, str, ast.AST, object]] = []
    stack = [(statement, collector.module_scope) for statement in reversed(module.body)]
    while stack:
        node, scope = stack.pop()
        if isinstance(node, _SCOPES):
            inner = collector.def_scopes.get(id(node), scope)
            stack.extend((statement, inner) for statement in reversed(node.body))
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id not in ("self", "cls"):
                    found.append((target.value, target.attr, node.value, scope))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            call = node.value  # setattr(c, "url", OTHER)
            if (isinstance(call.func, ast.Name) and call.func.id == "setattr" and len(call.args) == 3
                    and isinstance(call.args[0], ast.Name) and isinstance(call.args[1], ast.Constant)
                    and isinstance(call.args[1].value, str)):
                found.append((call.args[0], call.args[1].value, call.args[2], scope))
        # the statements nested in this one (if / for / with / try bodies, except and case clauses)
        children = [child for child in ast.iter_child_nodes(node) if isinstance(child, _NESTED)]
        stack.extend((child, scope) for child in reversed(children))
    stores: Stores = {}
    for name, attribute, value, scope in found:
        for held in finder._resolve(name, scope)[:_MAX_VALUES]:
            if isinstance(held, ast.Call):
                stores.setdefault(id(held), {}).setdefault(attribute, []).append((value, scope))
    memo.update(stores)
    return memo
