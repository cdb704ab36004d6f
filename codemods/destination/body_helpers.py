"""A module helper that sends one of its parameters as the whole request body (red team 20, report 12, f4).

``def post(url, payload, headers=None): return requests.post(url, json=payload, ...)`` called as
``post(CMDB_URL, {"query": RECORD, "variables": {...}})``: the document is inside the argument the
call gives the body parameter, and the URL is the argument it gives the parameter the inner send
posts to (or, where the inner send's URL is no parameter, that URL as the helper writes it).  The
finder ties a document to a helper only through a parameter that is the ``"query"`` value, so such
a document was tied to no send, and the file's Houston endpoint spoke for another API's mutation.

``body_parameter`` says whether a module function is such a helper (an index built once per module:
each function's own sends, ``json=``/``data=``/``content=``/``body=`` a parameter or
``json.dumps(parameter)``); ``documents`` gives the ``"query"`` expressions a call of one carries;
``words`` gives the URL words of that call's send (``gather_binding._through_parameter``, as for
``gql_post(URL, q)``).  ``send_forms`` reads them, so the URL speaks for the document as for one
written at ``requests.post(URL, json={"query": Q})``.  Constant work per call after the index.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from . import call_url, gather_binding

_BODY_KEYWORDS = ("json", "data", "content", "body")
_MAX_INNER = 8  # sends read in one helper


def body_parameter(call: ast.Call, finder) -> Optional[Tuple[str, int, List[Tuple[ast.Call, object]]]]:
    """(parameter name, its position or -1, the helper's sends of it) when ``call`` calls such a helper."""
    if finder is None or not isinstance(call.func, ast.Name):
        return None
    return _index(finder).get(call.func.id)


def documents(call: ast.Call, scope, finder) -> List[ast.AST]:
    """The ``"query"`` values of the body ``call`` hands a body helper (a dict literal, ``dict(query=...)``,
    or a name bound to one), at most four."""
    helper = body_parameter(call, finder)
    if helper is None:
        return []
    name, position, _sends = helper
    argument = next((k.value for k in call.keywords if k.arg == name), None)
    if argument is None and 0 <= position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        argument = call.args[position]
    if argument is None:
        return []
    bodies = [argument] if isinstance(argument, (ast.Dict, ast.Call)) else [v for v in finder._resolve(argument, scope)[:4] if v is not argument]
    found: List[ast.AST] = []
    for body in bodies[:4]:
        if isinstance(body, ast.Dict):
            found.extend(v for k, v in zip(body.keys, body.values) if isinstance(k, ast.Constant) and k.value == "query")
        elif isinstance(body, ast.Call) and call_url.callee(body) == "dict" and not body.args:
            found.extend(k.value for k in body.keywords if k.arg == "query")
    return found[:4]


def words(call: ast.Call, scope, finder) -> Optional[gather_binding.CallWords]:
    """Where a body helper's call posts: the argument at the inner send's URL parameter, else the inner
    send's own URL (``def record(payload): requests.post(CMDB_URL, json=payload)``)."""
    helper = body_parameter(call, finder)
    if helper is None:
        return None
    for inner, inner_scope in helper[2][:2]:
        found = gather_binding._through_parameter(call, scope, inner, inner_scope, finder)
        if found is None:
            node = call_url.url_node(inner, inner_scope, finder)
            if isinstance(node, ast.Name) and _is_parameter(node.id, inner_scope):
                continue  # a parameter the caller does not fill: unknown
            found = gather_binding.call_words(inner, inner_scope, finder)
        if found is not None and found.url is not None:
            return found
    return None


def _is_parameter(name: str, scope) -> bool:
    definition = getattr(scope, "node", None)
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    arguments = definition.args
    return any(a.arg == name for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs)


def _index(finder) -> Dict[str, Tuple[str, int, List[Tuple[ast.Call, object]]]]:
    """Helper name -> (its body parameter, position, its sends of it); built once per module."""
    memo = finder.__dict__.get("_body_helpers")
    if memo is not None:
        return memo
    memo = {}
    collector = finder.collector
    for name, definition in collector.function_defs.items():
        if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        arguments = definition.args
        positional = [a.arg for a in arguments.posonlyargs + arguments.args]
        parameters = set(positional) | {a.arg for a in arguments.kwonlyargs}
        sends: List[Tuple[ast.Call, object]] = []
        body_name = None
        for inner, inner_scope in collector.calls_in_function.get(name, [])[:64]:
            if len(sends) >= _MAX_INNER:
                break
            sent = _sent_parameter(inner, parameters)
            if sent is None or getattr(inner_scope, "node", None) is not definition:
                continue
            if body_name is None:
                body_name = sent
            if sent == body_name:
                sends.append((inner, inner_scope))
        if body_name is not None and sends:
            memo[name] = (body_name, positional.index(body_name) if body_name in positional else -1, sends)
    finder.__dict__["_body_helpers"] = memo
    return memo


def _sent_parameter(call: ast.Call, parameters: set) -> Optional[str]:
    """The parameter a send puts on the wire whole (``json=payload``, ``data=json.dumps(payload)``), else None."""
    if not (gather_binding._is_sending(call) or call_url.callee(call) in ("request", "urlopen", "fetch")):
        return None
    for keyword in call.keywords:
        if keyword.arg not in _BODY_KEYWORDS:
            continue
        value = keyword.value
        if isinstance(value, ast.Call) and call_url.callee(value) == "dumps" and value.args:
            value = value.args[0]
        if isinstance(value, ast.Name) and value.id in parameters:
            return value.id
    return None
