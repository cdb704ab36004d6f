"""Documents sent through another API's official Python SDK (red team 13, report 12, F6).

An SDK for one API posts to that API's endpoint, fixed inside the library: the
file names no URL for it, so a Houston helper beside it made its documents look
Houston's by context.  The call that sends the document says where it goes:

* Shopify's ``ShopifyAPI``: ``shopify.GraphQL().execute(q)`` (or ``GraphQL`` imported
  from ``shopify``, or a name bound to ``GraphQL()``);
* PyGithub: ``g.requester.graphql_query(q, variables)`` and its other ``graphql_*``
  methods, in a file importing ``github``.

Decisive against, as a known other API's URL written at the call is.  Only what the
file itself shows counts (the import and the call's shape); the SDK's own code is never
read.  Cost: per document, its sites' calls and the calls its literal or names are
given to (a parent lookup each).
"""

from __future__ import annotations

import ast
from typing import List, Optional

from .evidence import DECISIVE, Evidence

# PyGithub's Requester methods that post GraphQL to api.github.com.
GITHUB_GRAPHQL_METHODS = frozenset({"graphql_query", "graphql_named_mutation", "graphql_query_class", "graphql_node", "graphql_node_class"})


def gather(source, finder) -> List[Evidence]:
    if finder is None:
        return []
    imported = getattr(finder.collector, "imported", {}) or {}
    roots = {where.split(".", 1)[0] for where in imported.values()}
    if not roots & {"shopify", "github"}:
        return []
    found: List[Evidence] = []
    for call, scope in _calls_given(source, finder):
        what = _sdk(call, scope, finder, imported)
        if what is not None:
            found.append(Evidence("sdk", False, DECISIVE, f"sent by {what} (call at line {call.lineno})"))
    seen, unique = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique


def _calls_given(source, finder):
    """The calls the document is the first argument of: its sites' own, its literal's, its names' reads'."""
    calls = [(site.call, site.scope) for site in source.sites if isinstance(site.call, ast.Call)]
    node = getattr(source, "node", None)
    if node is None:
        return calls
    names = finder.names
    given = [node] + [load for name in source.names[:4] for load in names.loads_of_binding(name, node)[:8]]
    for value in given:
        parent = names.parent(value)
        if isinstance(parent, ast.Call) and parent.args and parent.args[0] is value:
            calls.append((parent, None))
    return calls[:12]


def _sdk(call: ast.Call, scope, finder, imported) -> Optional[str]:
    """``Shopify's SDK: shopify.GraphQL().execute`` when ``call`` is one of the SDKs' sends, else None."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    if func.attr in GITHUB_GRAPHQL_METHODS and any(w.split(".", 1)[0] == "github" for w in imported.values()):
        return f"PyGithub, which posts to api.github.com: .{func.attr}(...)"
    if func.attr == "execute":
        receivers = [func.value]
        if isinstance(func.value, ast.Name) and scope is not None:
            receivers.extend(finder._resolve(func.value, scope)[:4])
        for receiver in receivers:
            if isinstance(receiver, ast.Call) and _shopify_graphql(receiver.func, imported):
                return "Shopify's SDK (ShopifyAPI), which posts to the shop's Admin API: GraphQL().execute(...)"
    return None


def _shopify_graphql(func: ast.AST, imported) -> bool:
    """``shopify.GraphQL`` (``import shopify``) or ``GraphQL`` imported from ``shopify``."""
    if isinstance(func, ast.Attribute) and func.attr == "GraphQL" and isinstance(func.value, ast.Name):
        return imported.get(func.value.id, "").split(".", 1)[0] == "shopify"
    if isinstance(func, ast.Name):
        return imported.get(func.id, "").startswith("shopify.")
    return False
