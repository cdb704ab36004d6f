"""Which expression of a sending call is the URL it posts to (red team 9, F1/F2).

The first argument is the URL of ``requests.post(URL, ...)``, but not of:

* ``requests.request("POST", URL, ...)``, ``session.request("POST", URL)``,
  ``httpx.request("POST", URL)``: the HTTP method comes first, the URL second
  (or ``url=``);
* ``client.execute(gql(DOC))`` (gql, sgqlc, python-graphql-client): the first
  argument is the document; the URL is the one the client was built with,
  ``Client(transport=RequestsHTTPTransport(url=HOUSTON_URL))``,
  ``GraphqlClient(endpoint=URL)``, ``HTTPEndpoint(URL)``;
* ``gql(DOC)``: it wraps a document and sends nothing.

Reading the method or the document as the URL said "posted to "POST"" and
"posted to <the document's text>", each strong evidence against Houston.
The client is followed through the finder's bindings a few levels deep
(bounded: a constant amount of work per call).
"""

from __future__ import annotations

import ast
from typing import Dict, Optional

from ..sources.tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)
from . import attribute_stores  # a client's endpoint stored after its construction (red team 19, F19)

HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
EXECUTE_METHODS = frozenset({"execute", "execute_async", "execute_sync", "subscribe", "subscribe_async"})
# Keywords a client or transport is given its endpoint by (gql's url=, httpx's base_url=,
# python-graphql-client's endpoint=).
URL_KEYWORDS = ("url", "base_url", "endpoint")
_MAX_DEPTH = 4


def callee(call: ast.AST) -> Optional[str]:
    func = getattr(call, "func", None)
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_wrapper(call: ast.AST) -> bool:
    """``gql(DOC)``: wraps a document, sends nothing."""
    return callee(call) == "gql"


def url_node(call: ast.Call, scope, finder) -> Optional[ast.AST]:
    """The expression ``call`` posts to: its ``url=``, its URL argument, or its client's URL.

    For ``client.execute(...)`` whose client cannot be followed to a URL, the
    client expression itself (what it was built with is then shown).
    """
    node = _url_node(call, scope, finder)
    return formatted(node, scope, finder) if node is not None else None


def _url_node(call: ast.Call, scope, finder) -> Optional[ast.AST]:
    keyword = next((k.value for k in call.keywords if k.arg == "url"), None)
    if keyword is None:
        keyword = _splat_entry(call, "url", scope, finder)
    if keyword is not None:
        return keyword
    name = callee(call)
    if name in EXECUTE_METHODS:
        # The first argument of execute(...) is the document (or graphql-core's schema), never the URL
        # (red team 13, report 12, F3/F5).  A client's execute posts where the client was built to; a
        # helper of the run named execute (def execute(q): requests.post(URL, ...)) posts where its body
        # says: that call is the send, this one has no URL of its own.
        if isinstance(call.func, ast.Attribute) and not runs_helper(call, scope, finder):
            return client_url(call.func.value, scope, finder) or call.func.value
        return None
    if isinstance(call.func, ast.Name) and finder is not None:
        bound = partial_url(call.func, scope, finder)
        if bound is not None:  # cmdb_post = functools.partial(requests.post, os.environ["CMDB_URL"]) (RT25 12 f1)
            return bound
    if isinstance(call.func, (ast.Name, ast.Call)) and call.args:
        # ep = HTTPEndpoint(URL); ep(Q), RequestsEndpoint(URL)(Q): sgqlc's endpoint is called with the document
        endpoint = endpoint_url(call.func, scope, finder)
        if endpoint is not None:
            return endpoint
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(positional) != len(call.args):
        positional = positional[:0]  # *args: which one is the URL cannot be told
    # requests.request("POST", URL), requests.Request("POST", URL, json=...) (report 12, F9),
    # urllib3's http.request("POST", URL, body=...): the method first, then the URL
    requesting = name in ("request", "Request")
    if len(positional) >= 2 and (is_method(positional[0]) if requesting else _written_method(positional[0])):
        return positional[1]
    if requesting and positional and is_method(positional[0]):
        return None  # request("POST", url=...) was handled; the URL is somewhere unseen
    if positional and (is_relative(positional[0]) or is_base_path(positional[0])) and isinstance(call.func, ast.Attribute):
        # httpx.Client(base_url=URL).post("/graphql"): the client's base URL says where (red team 9, F4)
        base = client_url(call.func.value, scope, finder)
        if base is not None:
            return base
        if _imported_client(call.func.value, finder):
            return call.func.value  # from lib.http import houston_http: the base URL it was built with (RT17 F9)
    return positional[0] if positional else None


_PARTIAL_SENDS = frozenset({"post", "put", "patch"})


def partial_url(name: ast.Name, scope, finder) -> Optional[ast.AST]:
    """The URL ``name`` is bound to by ``functools.partial(requests.post, URL)`` (or ``url=URL``), else None: the
    send ``name(json=...)`` posts there, read as the same URL written at a ``requests.post`` (red team 25, report 12,
    f1: only a URL that was a string was read, so ``os.environ["CMDB_URL"]`` gave no evidence).  At most 4 values."""
    for value in finder._resolve(name, scope)[:4]:
        if not (isinstance(value, ast.Call) and callee(value) == "partial" and value.args):
            continue
        sender = value.args[0]
        if not (isinstance(sender, ast.Attribute) and sender.attr in _PARTIAL_SENDS):
            continue
        bound = next((k.value for k in value.keywords if k.arg == "url"), None)
        if bound is None and len(value.args) >= 2 and not isinstance(value.args[1], ast.Starred):
            bound = value.args[1]
        if bound is not None:
            return bound
    return None


def _imported_client(node: ast.AST, finder) -> bool:
    """A name imported from a module of the run that binds it to a client built with a whole URL
    (``houston_http = httpx.Client(base_url=HOUSTON_URL)``; ``sources.cross_module._client_url``)."""
    if not isinstance(node, ast.Name) or finder is None:
        return False
    entry = (getattr(getattr(finder, "file", None), "imported_constants", None) or {}).get(node.id)
    return bool(entry) and isinstance(entry[0], str) and "://" in entry[0][:200]


def _written_method(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.upper() in HTTP_METHODS


def _splat_entry(call: ast.Call, key: str, scope, finder) -> Optional[ast.AST]:
    """``requests.post(**kwargs)`` with ``kwargs = {"url": URL, "json": {...}}`` (or ``**{...}``): the entry
    ``key`` of the dict literal splatted in, when the finder binds the name to one dict (report 12, F8/F10)."""
    for keyword in call.keywords:
        if keyword.arg is not None:
            continue
        values = [keyword.value] if isinstance(keyword.value, ast.Dict) else (list(finder._resolve(keyword.value, scope))[:2] if finder is not None else [])
        dicts = [v for v in values if isinstance(v, ast.Dict)]
        if len(dicts) != 1:
            continue
        for entry_key, entry in zip(dicts[0].keys, dicts[0].values):
            if isinstance(entry_key, ast.Constant) and entry_key.value == key:
                return entry
    return None


# Calls that send the keywords a dict splatted into them holds (``requests.post(**kwargs)``).
_SPLAT_SENDS = frozenset({"post", "put", "patch", "request", "Request", "urlopen", "fetch"})


def sends_splat(call: ast.Call, scope, finder) -> bool:
    """``requests.post(**kwargs)`` with ``kwargs = {"url": URL, "json": {"query": q}}`` (red team 15, report 12, F6).

    The dict literal splatted in carries the request body, so the call is a send (in a helper: the
    helper's send, whose URL is the dict's ``url`` entry).  One bounded lookup of the splatted name.
    """
    if callee(call) not in _SPLAT_SENDS or not any(k.arg is None for k in call.keywords):
        return False
    return any(_splat_entry(call, key, scope, finder) is not None for key in ("json", "data", "content", "body"))


_MAX_TEMPLATE = 2000  # characters of a .format template read as a URL


def formatted(node: ast.AST, scope, finder) -> ast.AST:
    """``"{}/api".format(BASE)`` (or a name bound to it once), as the f-string it is: ``f"{BASE}/api"``.

    Report 12, F8/F10: the URL of ``requests.post("{}/api".format(OWN_BASE), ...)`` and of
    ``url = "https://houston.{}/v1".format(DOMAIN)`` was not read while ``"%s/api" % BASE``, ``+``
    and f-strings were.  The template is split once (``string.Formatter().parse``, linear); a field
    with a conversion or format spec, or an argument that cannot be matched, leaves ``node`` as it is.
    The new node keeps the call's place, so evidence shows the code as written.
    """
    target = node
    if isinstance(node, ast.Name) and finder is not None:
        values = [v for v in finder._resolve(node, scope)[:2] if v is not node]
        if len(values) == 1 and isinstance(values[0], ast.Call):
            target = values[0]
    if not (isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) and target.func.attr == "format"):
        return node
    template = target.func.value
    if isinstance(template, ast.Name) and finder is not None:  # URL_TEMPLATE.format(service="cmdb"): a module template (RT20 f1 variant)
        bound = [v for v in finder._resolve(template, scope)[:2] if v is not template]
        template = bound[0] if len(bound) == 1 else template
    if not (isinstance(template, ast.Constant) and isinstance(template.value, str)) or len(template.value) > _MAX_TEMPLATE:
        return node
    if any(isinstance(a, ast.Starred) for a in target.args) or any(k.arg is None for k in target.keywords):
        return node
    import string

    named = {k.arg: k.value for k in target.keywords}
    parts: list = []
    automatic = 0
    try:
        pieces = list(string.Formatter().parse(template.value))
    except ValueError:
        return node
    for literal, field, spec, conversion in pieces:
        if literal:
            parts.append(ast.Constant(value=literal))
        if field is None:
            continue
        if spec or conversion:
            return node
        if field == "":
            index, automatic = automatic, automatic + 1
            value = target.args[index] if index < len(target.args) else None
        elif field.isdigit():
            value = target.args[int(field)] if int(field) < len(target.args) else None
        else:
            value = named.get(field)
        if value is None:
            return node
        parts.append(ast.FormattedValue(value=value, conversion=-1, format_spec=None))
    joined = ast.JoinedStr(values=parts)
    for part in [joined] + parts:
        if not hasattr(part, "lineno"):
            ast.copy_location(part, target)
    return ast.copy_location(joined, target)


def runs_helper(call: ast.Call, scope, finder) -> bool:
    """Does ``call`` run a helper of the run (the finder's ``runs_own_helper``), not a client library's method?"""
    check = getattr(finder, "runs_own_helper", None)
    return bool(check(call, scope)) if check is not None else False


def is_relative(node: ast.AST) -> bool:
    """``"/graphql"``, ``""``: a path a client with a base URL (or a test client) posts to."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and (node.value == "" or (node.value.startswith("/") and not node.value.startswith("//")))


_PATH_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")


def is_base_path(node: ast.AST) -> bool:
    """``"v1"``, ``"api/graphql"``: a path without its leading slash, which a client built with a base
    URL (httpx, aiohttp, requests-toolbelt) joins onto that URL exactly as ``"/v1"`` (red team 17,
    report 12, F21).  Only path characters, no scheme, no host (``"//h"``); one pass over the string.
    Read as a path only where the client's base URL is found (``url_node``)."""
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    text = node.value
    return 0 < len(text) <= 200 and text[0] not in "/." and all(c in _PATH_CHARACTERS for c in text)


def is_method(node: ast.AST) -> bool:
    """``"POST"``, or a name such as ``method`` / ``verb``: the first argument of ``request(...)``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.upper() in HTTP_METHODS
    if isinstance(node, ast.Name):
        return node.id.lower() in ("method", "verb", "http_method")
    return False


def endpoint_url(func: ast.AST, scope, finder) -> Optional[ast.AST]:
    """The URL of the sgqlc endpoint object ``func`` is (``HTTPEndpoint(URL, headers)``), else None (red team 11, F3)."""
    if finder is None:
        return None
    values = [func] if isinstance(func, ast.Call) else list(finder._resolve(func, scope))[:4]
    for value in values:
        if isinstance(value, ast.Call) and (callee(value) or "").endswith("Endpoint"):
            return client_url(value, scope, finder)
    return None


# gql's ``session = await client.connect_async()``: the session is the client's (red team 11, F4).
_CONNECTS = frozenset({"connect_async", "connect_sync", "__enter__", "__aenter__"})


def client_url(node: ast.AST, scope, finder, depth: int = 0) -> Optional[ast.AST]:
    """The URL a client (or transport) expression was built with, followed through names.

    A name bound by ``with client as session`` / ``async with httpx.AsyncClient(base_url=URL) as c``
    (which the finder does not bind), or to ``await client.connect_async()``, is its client's (red
    team 11, F4, F7).  At most 4 values a level, ``_MAX_DEPTH`` levels: constant work per call.
    """
    if node is None or finder is None or depth > _MAX_DEPTH:
        return None
    values = [node] if isinstance(node, ast.Call) else list(finder._resolve(node, scope))[:4]
    if isinstance(node, ast.Name):
        targets = with_targets(finder, scope).get(node.id, [])
        inside = _enclosing_with(targets, node, finder)
        # with Client(url=A) as c: send(c) ... with Client(url=B) as c: send(c): inside a with block, the
        # client it binds (red team 19, F14); elsewhere each binding of the name may be in force
        values = [inside] if inside is not None else (values + targets)[:4]
    found = []
    for value in values:
        if isinstance(value, ast.Await):
            value = value.value
        built = _built_url(value, node, scope, finder, depth)
        if built is None:
            continue
        restored = _restored(value, built, scope, finder, depth)  # gq.endpoint = OTHER after it (red team 19, F19)
        found.append(restored if restored is not None else built)
    if len({id(url) for url in found}) > 1:
        # with Client(url=HOUSTON) as c: ... with Client(url=OTHER) as c: ..., c = A() if x else B(): the
        # client is either one, so its URL is (red team 19, F14; the first one spoke for every send before)
        return _either(found, finder)
    return found[0] if found else None


def alternatives(node: ast.AST) -> list:
    """The URLs an expression made by ``_either`` stands for (else ``[node]``)."""
    found = []
    while getattr(node, "either", False):
        found.append(node.body)
        node = node.orelse
    return found + [node]


def _either(urls: list, finder) -> ast.AST:
    """``urls[0] if ... else urls[1] if ... else ...``: an expression the finder reads as each of them, made once
    per set of URLs (kept on the finder with them: its identity is what the finder memoises by)."""
    unique = list({id(url): url for url in urls}.values())[:4]
    memo = finder.__dict__.setdefault("_destination_either_urls", {})
    key = tuple(id(url) for url in unique)
    if key not in memo:
        either = unique[-1]
        for url in reversed(unique[:-1]):
            either = ast.fix_missing_locations(ast.copy_location(ast.IfExp(test=ast.Constant(True), body=url, orelse=either), url))
            either.either = True  # made here, not written: shown as its alternatives (gather_binding._source)
        memo[key] = (unique, either)
    return memo[key][1]


def _restored(value: ast.AST, built: ast.AST, scope, finder, depth: int) -> Optional[ast.AST]:
    """The client's URL when its endpoint is stored again after the construction ``value`` (``gq.endpoint =
    OTHER``, ``client.transport = RequestsHTTPTransport(url=OTHER)``): ``built if ... else OTHER``, an
    expression either of whose values the send may post to, as the finder reads ``A if c else B``.
    Made once per construction (kept on the finder: its identity is what the finder memoises by)."""
    stores = attribute_stores.any_of(value, attribute_stores.CLIENT_ATTRIBUTES, finder)
    if not stores:
        return None
    urls = [built]
    for attribute, stored, _stored_scope in stores[:4]:
        other = client_url(stored, scope, finder, depth + 1) if attribute == "transport" else stored
        urls.append(other if other is not None else stored)  # a transport not followed: a value naming no URL
    return _either(urls, finder)


def construction_url(call: ast.Call, scope, finder) -> Optional[ast.AST]:
    """The URL a client construction (``GraphqlClient(endpoint=URL)``, ``Client(transport=...(url=URL))``) is given."""
    return _built_url(call, call, scope, finder, 1) if isinstance(call, ast.Call) else None


def _built_url(value: ast.AST, node: ast.AST, scope, finder, depth: int) -> Optional[ast.AST]:
    """The URL the client construction (or name, ``connect_async()`` / ``__enter__`` call) ``value`` was built with."""
    if isinstance(value, ast.Name):  # with client as session: the client
        return client_url(value, scope, finder, depth + 1) if value is not node else None
    if not isinstance(value, ast.Call):
        return None
    if isinstance(value.func, ast.Attribute) and value.func.attr in _CONNECTS:
        return client_url(value.func.value, scope, finder, depth + 1)
    for keyword in value.keywords:
        if keyword.arg in URL_KEYWORDS:
            return keyword.value
    for keyword in value.keywords:
        if keyword.arg == "transport":
            found = client_url(keyword.value, scope, finder, depth + 1)
            if found is not None:
                return found
    built = callee(value) or ""
    if value.args and not isinstance(value.args[0], ast.Starred) and (
            built.endswith(("Transport", "Endpoint")) or built == "GraphqlClient" or library_client(value, finder)):
        return value.args[0]
    if isinstance(value.func, ast.Name):
        return _factory_url(value, finder, depth)
    return None


def imported_factory(call: ast.AST, finder) -> Optional[str]:
    """The URL of the client an imported factory returns (``from lib.clients import make_client``; ``make_client()``),
    read by the run's index in the module defining it (``cross_module.factory_urls``), or the environment read it is
    (``os.environ["HOUSTON_URL"]``), else None."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
        return None
    imports = getattr(getattr(finder, "file", None), "imported_constants", None) or {}
    entry = imports.get(call.func.id + "()")
    if entry and isinstance(entry[0], str) and "://" in entry[0][:200]:
        return entry[0][:200]
    reads = getattr(getattr(finder, "file", None), "imported_environment", None) or {}
    entry = reads.get(call.func.id + "()")  # RequestsHTTPTransport(url=os.environ["HOUSTON_URL"]) there: its name
    return f'os.environ["{entry[0][:100]}"]' if entry and isinstance(entry[0], str) else None


def _factory_url(value: ast.Call, finder, depth: int) -> Optional[ast.AST]:
    """The URL of the client a factory function returns, ``client = make_client()`` (red team 27, report 12, f5).

    A function of the module: the client each of its ``return`` statements hands out (``return Client(transport=
    transport)``, the transport a name its body binds), followed as any client is, every return agreeing (else
    either, as two ``with`` blocks are); a URL that is a parameter of the factory is what this call passes for it,
    or its default.  A factory imported from a module of the run: the call itself, whose URL the run's index read
    there (``imported_factory``; ``gather_binding`` reads it).  A factory building another service's client is that
    service's.  At most four returns, ``_MAX_DEPTH`` levels: constant work."""
    if finder is None or depth > _MAX_DEPTH:
        return None
    if imported_factory(value, finder) is not None:
        return value
    definition = getattr(getattr(finder, "collector", None), "function_defs", {}).get(value.func.id)
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    inner = getattr(finder.collector, "def_scopes", {}).get(id(definition))
    if inner is None:
        return None
    found = []
    for returned in _returns(definition, finder)[:4]:
        url = client_url(returned, inner, finder, depth + 1)
        if url is None:
            return None
        if isinstance(url, ast.Name):
            url = _parameter_given(url.id, definition, value) or _one_value(url, inner, finder) or url
        found.append(url)
    if not found:
        return None
    return found[0] if len({id(url) for url in found}) == 1 else _either(found, finder)


def _returns(definition, finder) -> list:
    """The values a function returns in its own body (nested defs and classes not entered), at most five; read once
    per function (memoised on the finder), however many sends use its client."""
    memo = finder.__dict__.setdefault("_call_url_factory_returns", {})
    if id(definition) in memo:
        return memo[id(definition)]
    found: list = []
    stack = list(definition.body)
    while stack and len(found) < 5:
        statement = stack.pop()
        if isinstance(statement, ast.Return) and statement.value is not None:
            found.append(statement.value)
        elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt))
    memo[id(definition)] = found
    return found


def _parameter_given(name: str, definition, call: ast.Call) -> Optional[ast.AST]:
    """What ``call`` passes for ``definition``'s parameter ``name`` (by keyword or position), else its default."""
    arguments = definition.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if name not in positional and name not in {a.arg for a in arguments.kwonlyargs}:
        return None
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    given = next((k.value for k in call.keywords if k.arg == name), None)
    if given is None and name in positional and positional.index(name) < len(call.args):
        given = call.args[positional.index(name)]
    if given is not None:
        return given
    pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
    pairs += [(a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
    return next((default for parameter, default in pairs if parameter == name), None)


def _one_value(name: ast.Name, scope, finder) -> Optional[ast.AST]:
    """The one value ``name`` is bound to where the factory reads it (``url = os.environ["HOUSTON_URL"]``), else None."""
    values = [v for v in finder._resolve(name, scope)[:2] if v is not name]
    return values[0] if len(values) == 1 else None


# Client packages whose class takes its endpoint first, by position (PyPI graphqlclient: GraphQLClient(endpoint)).
_POSITIONAL_CLIENTS = {"GraphQLClient": "graphqlclient"}


def library_client(value: ast.Call, finder) -> bool:
    """Is ``value`` a construction of a client package's class given its endpoint positionally, the class imported from
    that package (``from graphqlclient import GraphQLClient``; ``graphqlclient.GraphQLClient(URL)``)?  A class of the
    project named alike is read by ``instance_url`` (red team 25, report 12, f1).  Constant work."""
    built = callee(value) or ""
    package = _POSITIONAL_CLIENTS.get(built)
    if package is None or finder is None:
        return False
    imported = getattr(getattr(finder, "collector", None), "imported", None) or {}
    if isinstance(value.func, ast.Name):
        return imported.get(value.func.id, "") == f"{package}.{built}"
    head = value.func.value if isinstance(value.func, ast.Attribute) else None
    return isinstance(head, ast.Name) and imported.get(head.id, "") == package


def in_with_block(name: ast.Name, scope, finder) -> Optional[ast.AST]:
    """What ``with EXPR as NAME`` binds ``name`` to where ``name`` is used inside that block, else None."""
    return _enclosing_with(with_targets(finder, scope).get(name.id, []), name, finder)


def _enclosing_with(targets: list, use: ast.AST, finder) -> Optional[ast.AST]:
    """The context expression of the innermost ``with ... as NAME`` whose block holds ``use``, else None."""
    line = getattr(use, "lineno", None)
    if line is None or not targets:
        return None
    spans = finder.__dict__.get("_destination_with_spans", {})
    holding = [(spans[id(t)][0], t) for t in targets if id(t) in spans and spans[id(t)][0] < line <= spans[id(t)][1]]
    return max(holding, key=lambda pair: pair[0])[1] if holding else None


def with_targets(finder, scope) -> dict:
    """Name -> what ``with EXPR as name`` (or ``async with``) binds it to in ``scope``'s function (or the module).

    Walked once per function and file (memoised on the finder): linear in the file.
    """
    node = getattr(scope, "node", None)
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        node = getattr(finder, "module", None)
    if node is None:
        return {}
    memo = finder.__dict__.setdefault("_destination_with_targets", {})
    if id(node) not in memo:
        bound: dict = {}
        spans = finder.__dict__.setdefault("_destination_with_spans", {})  # id(context expression) -> the block's lines
        for statement in ast.walk(node):
            if isinstance(statement, (ast.With, ast.AsyncWith)):
                for item in statement.items:
                    if isinstance(item.optional_vars, ast.Name):
                        bound.setdefault(item.optional_vars.id, []).append(item.context_expr)
                        spans[id(item.context_expr)] = (statement.lineno, getattr(statement, "end_lineno", statement.lineno) or statement.lineno)
        memo[id(node)] = bound
    return memo[id(node)]


def executing(finder) -> dict:
    """id of a call given straight to ``X.execute(...)`` -> [(that execute call, its scope)], once per file.

    ``client.execute(gql(DOC))``: the document's site is the ``gql(...)`` call; the
    send, and so the URL, is the ``execute`` around it.
    """
    memo = finder.__dict__.get("_destination_executing")
    if memo is None:
        memo = {}
        for call, scope in finder.collector.calls:
            if isinstance(call.func, ast.Attribute) and call.func.attr in EXECUTE_METHODS and call.args:
                memo.setdefault(id(call.args[0]), []).append((call, scope))
        finder.__dict__["_destination_executing"] = memo
    return memo


def literal_url(site, finder) -> Optional[str]:
    """A URL string the site's send posts to that the site's own hint missed (``request("POST", "https://...")``).

    The string as written in the file (quotes included), as hints are.
    """
    if finder is None or not isinstance(site.call, ast.Call):
        return None
    sends = executing(finder).get(id(site.call), []) if site.kind == "gql" else [(site.call, site.scope)]
    for call, scope in sends[:2]:
        node = url_node(call, scope, finder)
        if node is None:
            continue
        path = ""
        positional = call.args[0] if call.args else None
        if positional is not None and is_relative(positional) and node is not positional:
            path = positional.value  # base_url + the path posted to
        elif positional is not None and is_base_path(positional) and node is not positional:
            path = "/" + positional.value  # c.post("v1"): httpx joins it onto the base URL with one slash (RT17 F21)
        urls = []
        values = [node] if isinstance(node, (ast.Constant, ast.JoinedStr)) else list(finder._resolve(node, scope))[:4]
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.startswith(("http://", "https://")):
                urls.append(repr(value.value.rstrip("/") + path if path else value.value))
        if getattr(node, "either", False) and len(urls) < len(values):
            continue  # a client holding HOUSTON_URL or os.environ["INVENTORY_URL"]: not the written URL alone (RT19 F19)
        if len(set(urls)) == 1:
            return urls[0]
        if urls:
            continue  # A if c else B, a client's endpoint stored again (red team 19, F19): no one URL, weighed where followed
        if path and _imported_client(node, finder):  # from lib.http import catalog_http; .post("/graphql") (RT18 report 12, F16)
            base = finder.file.imported_constants[node.id][0][:200]
            if base.startswith(("http://", "https://")):
                return repr(base.rstrip("/") + path)
    return None


def _parents(finder) -> Dict[int, ast.AST]:
    """id of each node -> its parent, built once per module."""
    memo = finder.__dict__.get("_sent_url_parents")
    if memo is None:
        memo = {}
        module = getattr(finder, "module", None)
        for parent in tree_walk(module) if module is not None else ():
            for child in ast.iter_child_nodes(parent):
                memo[id(child)] = parent
        finder.__dict__["_sent_url_parents"] = memo
    return memo


def enclosing_call(node: ast.AST, finder) -> Optional[ast.Call]:
    """The call ``json.dumps(...)`` (or ``json.dumps(...).encode()``, ``dict(query=...)``) is an argument of:
    the send that carries the body (``requests.post(URL, data=json.dumps(...))``, ``Request(URL, data=...)``)."""
    parents = _parents(finder)
    child = node
    for _ in range(6):
        parent = parents.get(id(child))
        if parent is None:
            return None
        if isinstance(parent, ast.keyword):
            parent_call = parents.get(id(parent))
            return parent_call if isinstance(parent_call, ast.Call) else None
        if isinstance(parent, ast.Call) and parent.func is not child:
            return parent
        if not isinstance(parent, (ast.Call, ast.Attribute)):
            return None
        child = parent
    return None


def carrying_call(node: ast.AST, scope, finder) -> Optional[ast.Call]:
    """``body = json.dumps({...}).encode()`` then ``urlopen(URL, body)`` / ``post(URL, data=body)``: the
    call of the same scope given the name the body was assigned to (the first one), else None.

    Red team 11, F2.  The index (scope, name) -> calls passing that name is built once per module.
    """
    parents = _parents(finder)
    child, parent = node, parents.get(id(node))
    for _ in range(3):  # json.dumps(...).encode(): up through the .encode() call
        if not isinstance(parent, (ast.Attribute, ast.Call)):
            break
        child, parent = parent, parents.get(id(parent))
    if not (isinstance(parent, ast.Assign) and parent.value is child and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name)):
        return None
    memo = finder.__dict__.get("_call_url_passing")
    if memo is None:
        memo = {}
        for call, call_scope in finder.collector.calls:
            for argument in list(call.args) + [k.value for k in call.keywords]:
                if isinstance(argument, ast.Name):
                    memo.setdefault((id(call_scope), argument.id), []).append(call)
        finder.__dict__["_call_url_passing"] = memo
    calls = memo.get((id(scope), parent.targets[0].id), [])
    return calls[0] if calls else None
