"""Sends that carry a document through a value the finder does not follow (red team 12, F1).

The finder ties a document to its send when the send names it (``json={"query": Q}``)
or passes it to a helper.  Scripts also send a constant in forms whose value the
finder does not follow, and the document then had only the file's context:

* a dict entry of a module constant: ``GH_QUERIES[name]``, ``QUERIES["monday_ws"]``;
* a ``for`` loop variable (``for q in MONDAY_QS:``, ``for url, q in [(URL, Q)]:``)
  or a lambda mapped over a written list (``pool.map(lambda q: post(...), [Q])``);
* a text-keeping call on it: ``" ".join(Q.split())``, ``TEMPLATE.format(...)``,
  ``Q.strip()``, ``textwrap.dedent(Q)``;
* an enum member's value (``MondayQuery.WORKSPACES.value``);
* a module function returning it (``json={"query": monday_query()}``);
* a batched body (``json=[{"query": Q}]``);
* the body handed whole to a module helper (``post(CMDB_URL, {"query": Q, ...})`` with
  ``def post(url, payload): requests.post(url, json=payload)``: ``body_helpers``, red team 20 f4).

Here each GraphQL send of the file is read once (the ``"query"`` value of its body,
the document of ``client.execute(gql(...))``), that value is followed through the
forms above to the string literals it can be, and each literal is mapped to the
send.  The send's URL then speaks for the document as for one written at the call:
a URL naming Houston (decisive, for), a known other API's or a GraphQL path
(decisive, against), a concrete URL naming no Houston whose path is not ``/v1``
or whose host is seen (strong, against).

Cost: one pass over the module's calls; each value followed with a budget of
``_BUDGET`` expressions: linear in the module.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from . import body_helpers, call_url, file_sends, gather_binding, loop_values
from .evidence import DECISIVE, STRONG, Evidence
from .gather_calls import describe_url, foreign_path, url_direction

_BUDGET = 48  # expressions followed for one send's document
_MAX_DEPTH = 6
_TEXT_KEEPING = frozenset({"strip", "lstrip", "rstrip", "dedent", "cleandoc", "format", "replace", "split", "join"})


def gather(source, finder) -> List[Evidence]:
    """The evidence of the sends that carry ``source``'s literal through a form the finder does not follow."""
    node = getattr(source, "node", None)
    if finder is None or node is None:
        return []
    found: List[Evidence] = []
    for call, scope, written in _index(finder).get(id(node), [])[:4]:
        item = _direction(call, scope, finder, written, node)
        if item is not None and item.text not in {e.text for e in found}:
            found.append(item)
    return found


def _direction(call: ast.Call, scope, finder, written: str, document: Optional[ast.AST] = None) -> Optional[Evidence]:
    if body_helpers.body_parameter(call, finder) is not None:  # post(CMDB_URL, {"query": Q}): the helper's send (RT20 f4)
        words = body_helpers.words(call, scope, finder)
    else:
        words = file_sends.words_of(call, scope, finder, document)
    if words is None:
        return None
    where = f"(call at line {call.lineno}, sending {written})"
    if words.url_names_houston:
        return Evidence("url-binding", True, DECISIVE, f"posted to {words.url} {where}")
    if words.names_houston:
        return None  # a Houston token in its headers: the file's context says the rest
    for word in words.url_words:
        if url_direction(word) is False:
            return Evidence("url", False, DECISIVE, f"url {describe_url(word)} {where}")
    if words.other_api:
        return Evidence("url-binding", False, STRONG, f"posted to {words.url}: another API {where}")
    foreign = next((f for f in map(foreign_path, words.url_words) if f is not None), None)
    if foreign is not None:
        return Evidence("url", False, STRONG, f"endpoint {foreign}: not Houston's {where}")
    if words.concrete and not words.houston_path and (_whole_url(words) or _posts_to_houston(finder)):
        return Evidence("url-binding", False, STRONG, f"posted to {words.url}, naming no Houston {where}")
    return None


def _whole_url(words) -> bool:
    """A URL written out (``https://inventory.acme.net/api``), not a name read at run time."""
    return bool(getattr(words, "literal", False)) or any("://" in word for word in words.url_words)


def _posts_to_houston(finder) -> bool:
    """Does another call of the module post to Houston?  An environment URL naming no Houston
    (``os.environ["API_URL"]``) is evidence against only then, as for a document written at the
    call (``gather_binding``): alone, the name says nothing of where it points.  Once per module."""
    memo = finder.__dict__.get("_send_forms_houston")
    if memo is None:
        memo = finder.__dict__["_send_forms_houston"] = bool(gather_binding.houston_senders(finder))
    return memo


def _index(finder) -> Dict[int, List[Tuple[ast.Call, object, str]]]:
    """id(string literal) -> the sends carrying it through a followed form (built once per module)."""
    memo = finder.__dict__.get("_send_forms")
    if memo is not None:
        return memo
    memo = {}
    for call, scope in finder.collector.calls:
        carried = [(value, scope, True) for value in body_helpers.documents(call, scope, finder)]  # post(URL, {"query": Q}) (RT20 f4)
        for value, value_scope, whole_body in carried or [(v, s, False) for v, s in _documents_of(call, scope, finder)]:
            if isinstance(value, ast.Constant) and not whole_body:
                continue  # written at the call: the finder's own site
            spent = [0]
            env = _lambda_values(call, finder)
            for literal in _literals(value, value_scope, finder, 0, spent, env):
                entries = memo.setdefault(id(literal), [])
                if len(entries) < 4:
                    entries.append((call, scope, gather_binding._source(value, finder)))
    finder.__dict__["_send_forms"] = memo
    return memo


def _documents_of(call: ast.Call, scope, finder) -> List[Tuple[ast.AST, object]]:
    """The expressions a GraphQL send puts in its ``"query"`` (or executes)."""
    name = call_url.callee(call)
    found: List[Tuple[ast.AST, object]] = []
    if name in call_url.EXECUTE_METHODS and call.args and isinstance(call.func, ast.Attribute):
        first = call.args[0]
        if isinstance(first, ast.Call) and call_url.callee(first) == "gql" and first.args:
            first = first.args[0]
        return [(first, scope)]
    if not gather_binding._is_sending(call):
        return []
    for keyword in call.keywords:
        if keyword.arg == "query":
            found.append((keyword.value, scope))
        elif keyword.arg in ("json", "data", "content"):
            body = keyword.value
            if isinstance(body, ast.Call) and call_url.callee(body) == "dumps" and body.args:
                body = body.args[0]
            bodies = body.elts[:8] if isinstance(body, (ast.List, ast.Tuple)) else [body]
            for item in bodies:
                if isinstance(item, ast.Dict):
                    for key, value in zip(item.keys, item.values):
                        if isinstance(key, ast.Constant) and key.value == "query":
                            found.append((value, scope))
                elif isinstance(item, ast.Call) and call_url.callee(item) == "dict":
                    found.extend((k.value, scope) for k in item.keywords if k.arg == "query")
    return found


def _literals(node: ast.AST, scope, finder, depth: int, spent: list, env: dict) -> List[ast.AST]:
    """The string literals ``node`` can be, through the forms the module docstring lists."""
    if node is None or depth > _MAX_DEPTH or spent[0] >= _BUDGET:
        return []
    spent[0] += 1
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) else []
    if isinstance(node, ast.Name):
        values = [v for v in finder._resolve(node, scope)[:8] if v is not node]
        values += env.get(node.id, []) + loop_values.taken(finder, scope, node.id)[:8]
        return [lit for v in values for lit in _literals(v, scope, finder, depth + 1, spent, env)]
    if isinstance(node, ast.Subscript):  # QUERIES[name], QUERIES["k"]
        key = node.slice
        found = []
        for dictionary in _dicts(node.value, scope, finder):
            for entry_key, entry in zip(dictionary.keys, dictionary.values):
                if spent[0] >= _BUDGET:
                    break  # never a pass over a large dict per send: bounded work per send
                if isinstance(key, ast.Constant) and not (isinstance(entry_key, ast.Constant) and entry_key.value == key.value):
                    continue
                found.extend(_literals(entry, scope, finder, depth + 1, spent, env))
        return found
    if isinstance(node, ast.Attribute):
        if node.attr == "value" and isinstance(node.value, ast.Attribute):  # Enum.MEMBER.value
            node = node.value
        values = [v for v in finder._resolve(node, scope)[:8] if v is not node]
        return [lit for v in values for lit in _literals(v, scope, finder, depth + 1, spent, env)]
    if isinstance(node, ast.Call):
        name = call_url.callee(node)
        if name == "join" and node.args:  # " ".join(Q.split())
            return _literals(node.args[0], scope, finder, depth + 1, spent, env)
        if name in _TEXT_KEEPING:
            if isinstance(node.func, ast.Attribute) and not (isinstance(node.func.value, ast.Name) and node.func.value.id in ("textwrap", "inspect")):
                return _literals(node.func.value, scope, finder, depth + 1, spent, env)  # Q.format(...), Q.strip()
            return _literals(node.args[0], scope, finder, depth + 1, spent, env) if node.args else []  # dedent(Q)
        if isinstance(node.func, ast.Name) and not node.args and not node.keywords:
            definition = finder.collector.function_defs.get(node.func.id)
            if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):  # monday_query()
                module_scope = finder.collector.module_scope
                return [lit for r in _returns(definition)[:4] for lit in _literals(r, module_scope, finder, depth + 1, spent, env)]
    return []


def _dicts(node: ast.AST, scope, finder) -> List[ast.Dict]:
    values = [node] if isinstance(node, ast.Dict) else [v for v in finder._resolve(node, scope)[:4] if v is not node]
    return [v for v in values if isinstance(v, ast.Dict)][:4]


def _returns(definition) -> List[ast.AST]:
    """The values a function's own ``return`` statements give (not those of functions nested in it)."""
    found: List[ast.AST] = []
    stack = list(definition.body)
    while stack and len(found) < 8:
        statement = stack.pop()
        if isinstance(statement, ast.Return) and statement.value is not None:
            found.append(statement.value)
        elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            stack.extend(child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt))
    return found


def _lambda_values(call: ast.Call, finder) -> Dict[str, List[ast.AST]]:
    """``pool.map(lambda q: requests.post(..., json={"query": q}), [Q])``: parameter -> the elements it
    takes, for a send ``call`` inside such a lambda's body (an index of the module's mapped lambdas, once)."""
    index = finder.__dict__.get("_send_forms_lambdas")
    if index is None:
        index = {}
        for mapping, _scope in finder.collector.calls:
            if call_url.callee(mapping) == "map" and len(mapping.args) >= 2 and isinstance(mapping.args[0], ast.Lambda):
                function = mapping.args[0]
                listed = mapping.args[1]
                if len(function.args.args) != 1 or not isinstance(listed, (ast.List, ast.Tuple, ast.Set)):
                    continue
                env = {function.args.args[0].arg: listed.elts[:16]}
                for inner in ast.walk(function.body):
                    if isinstance(inner, ast.Call):
                        index[id(inner)] = env
        finder.__dict__["_send_forms_lambdas"] = index
    return index.get(id(call), {})
