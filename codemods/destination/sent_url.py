"""The URL a send really posts to, where it is not written at the call (red team 10, F1-F3).

``gather_calls`` reads the URL written at a sending call (``requests.post(URL)``,
a name bound to a string).  Scripts also send in ways whose URL sits elsewhere,
and then only the file's context spoke (a foreign query counted as Houston's
because the file also names Houston):

* send forms (F1): ``urllib.request.Request(URL, data=json.dumps(...))`` (and
  ``urlopen(URL, data)``), ``http.client.HTTPSConnection(HOST).request("POST",
  PATH, body=...)``, ``p = functools.partial(requests.post, URL); p(json=...)``,
  gql's ``with client as session: session.execute(gql(...))`` (the session is
  the client's: its transport's URL);
* URL bindings (F2, F3): a helper parameter's default when its caller does not
  pass it (``def inventory(q, url="https://.../graphql")``), the argument a
  caller passes a url parameter two or three helper levels up (``gh(q)`` ->
  ``_send(URL, q)``), a tuple assignment (``GH_URL, TOK = "https://...", ...``),
  ``urljoin(BASE, "v1")``, a dict subscript of a module constant
  (``CONFIG["github"]["url"]``), a module function returning a constant URL
  (``gh_url()``).

Each URL found is weighed exactly as a URL written at the call
(``gather_calls.url_direction`` / ``foreign_path``), and the evidence names the
send's line and the expression it posts to, so ``--explain`` shows it.

Cost: the indexes (callers of each module function, tuple bindings, each node's
parent) are built once per module and memoised on the finder; each lookup is a
bounded walk (at most ``_MAX_CHAIN`` helper levels, ``_MAX_VALUES`` values per
name), so the work is linear in the module.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Optional, Tuple
from urllib.parse import urljoin

from . import call_url, container_urls, factory_sender, gather_binding, gather_calls, instance_url, url_parameter
from .evidence import DECISIVE, STRONG, Evidence
from ..sources.tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)

_MAX_CHAIN = 3  # helper levels followed from a document's helper call to the HTTP call
_MAX_VALUES = 8  # values per name; more is a variable, not a setting
_MAX_DEPTH = 6  # names, subscripts and calls followed for one URL
_MAX_SITES = 8
_CONNECTIONS = {"HTTPSConnection": "https://", "HTTPConnection": "http://"}
_BUDGET = 64  # expressions read for one send's URL: names fanning out 8 ways, 6 deep, stay bounded
_spent = [0]

Chain = Tuple[Tuple[ast.Call, object], ...]  # (helper call, its scope), outermost first


def gather(sites: Iterable, finder) -> List[Evidence]:
    """URL evidence of each site whose URL the call itself did not place."""
    if finder is None:
        return []
    found: List[Evidence] = []
    seen = set()
    for site in list(sites)[:_MAX_SITES]:
        for item in _own_server_sends(site, finder) + _imported_url_parameter(site, finder):  # RT15 F5, F7
            if item.text not in seen:
                seen.add(item.text)
                found.append(item)
        if _placed_at_call(site, finder):
            continue
        urls = urls_of(site, finder)
        # Red team 17, report 12, F15: URLs read from every instance of a class (the receiver not placed)
        # are siblings' URLs; Houston's at one and another concrete URL at another leave the document
        # undecided, so neither is decisive then (gather_binding says both at strong).
        siblings = {id(send) for _u, send, _w, shared in urls if shared}
        mixed = {key for key in siblings if len({gather_calls.url_direction(repr(u)) is True for u, s, _w, _sh in urls if id(s) == key}) > 1}
        for url, send, written, shared in urls:
            text = repr(url)
            line = getattr(send, "lineno", 0)
            if url.startswith("$"):
                if gather_calls.names_houston(url[1:]):
                    item = Evidence("url-binding", True, DECISIVE, f"posted to environment variable {url[1:]} (call at line {line}, posting to {written}, given by the helpers calling it)")
                    if item.text not in seen:
                        seen.add(item.text)
                        found.append(item)
                continue
            if gather_calls.houston_host_graphql_path(text) is not None:  # both ways, said both (RT17 report 12, F6)
                for item in gather_calls.url_evidence(text, f"call at line {line}, posting to {written}"):
                    if item.text not in seen:
                        seen.add(item.text)
                        found.append(item)
                continue
            where = f"url {gather_calls.describe_url(text)} (call at line {line}, posting to {written})"
            direction = gather_calls.url_direction(text)
            if direction is not None:
                item = Evidence("url", direction, STRONG if shared and id(send) in mixed else DECISIVE, where)
            else:
                foreign = gather_calls.foreign_path(text)
                if foreign is None:
                    continue
                why = "a host that is not Houston's" if foreign.lower().endswith("/v1") else "neither Houston's host nor its /v1 path"
                item = Evidence("url", False, STRONG, f"endpoint {foreign}: {why} (call at line {line}, posting to {written})")
            if item.text not in seen:
                seen.add(item.text)
                found.append(item)
    return found


def _own_server_sends(site, finder) -> List[Evidence]:
    """A helper whose send goes to the project's own server: a test client, or a bare path (red team 15, report 12, F5).

    ``client = TestClient(app)``; ``def gql(q): return client.post("/graphql", json={"query": q})``;
    ``gql(DOC)``.  Written at the call, the same send is judged against Houston (``gather_calls``:
    a test client of the project's server, a relative ``/graphql`` path no client of a remote API
    can post to without a base URL).  Followed into the helper's body (up to ``_MAX_CHAIN`` levels,
    or the method of a module class), each send is judged the same way: what the helper is handed
    is a test of the project's own server, never Houston's.  A relative path with a client whose
    base URL is known is that URL's (``call_url``), not the project's.  Bounded: two sends a site.
    """
    if site.kind != "helper" or not isinstance(site.call, ast.Call):
        return []
    found: List[Evidence] = []
    for send, scope, _chain in _sends(site, finder)[:2]:
        if send is site.call:
            continue
        where = f"(call at line {getattr(site.call, 'lineno', 0)}, sent by the helper's call at line {getattr(send, 'lineno', 0)})"
        node = call_url.url_node(send, scope, finder)
        own_path = gather_calls._server_path(send)
        if own_path is not None and call_url.is_relative(node) and not _remote_base(send, scope, site, finder):
            found.append(Evidence("url", False, DECISIVE, f"url {own_path}: a path of this project's own server {where}"))
            continue
        inner = _InnerSite(send, scope)
        client = gather_calls._test_client(inner, finder)
        if client is not None:
            found.append(Evidence("test-client", False, DECISIVE, f"{client} {where}"))
    return found


def _remote_base(send: ast.Call, scope, site, finder) -> bool:
    """Whether the client ``send`` is called on was built with a remote base URL (red team 16, report 12, F16).

    ``self.session = aiohttp.ClientSession(base_url="https://api.github.com")`` then ``self.session.post("/graphql")``:
    the path is GitHub's, not the project's own server's (the base URL's evidence speaks for it).  Read through
    the client's names, or the instance the helper is called on (``instance_url``); only a written URL whose host
    is a registered-looking domain counts (``http://test``, ``localhost``: a test client of the project's app)."""
    from urllib.parse import urlsplit

    client = send.func.value if isinstance(send.func, ast.Attribute) else None
    if client is None:
        return False
    bases = [(call_url.client_url(client, scope, finder), scope)]
    if isinstance(client, ast.Attribute) and isinstance(site.call, ast.Call):
        for value, value_scope in (instance_url.of_instance(client, scope, finder, site.call, site.scope) or ())[:4]:
            if value_scope is not None:
                bases.append((call_url.client_url(value, value_scope, finder), value_scope))
    for base, base_scope in bases:
        values = [base] if isinstance(base, ast.Constant) or base is None else list(finder._resolve(base, base_scope))[:4]
        for value in values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value.startswith(("http://", "https://")):
                try:
                    netloc = urlsplit(value.value).netloc
                except ValueError:
                    continue
                if gather_calls.visible_host(netloc.rpartition("@")[2]):
                    return True
    return False


def _imported_url_parameter(site, finder) -> List[Evidence]:
    """``run_query(DOC)`` / ``run_query(DOC, url=CATALOG)`` with ``def run_query(query, url=HOUSTON_URL)``
    imported from a module of the run: the URL this call passes, else the default (``url_parameter``)."""
    if site.kind != "helper" or not hasattr(finder, "imported_helper_key"):
        return []
    return url_parameter.gather(site, finder.imported_helper_key(site.call, site.scope), finder)


class _InnerSite:
    """A helper's own send, read as a site of its own (``gather_calls._test_client`` reads these fields)."""

    kind = "json-payload"
    target_hint = None
    variables = None

    def __init__(self, call: ast.Call, scope) -> None:
        self.call = call
        self.scope = scope


def _placed_at_call(site, finder) -> bool:
    """Did the URL written at the site's call already say where it goes (``gather_calls``)?"""
    hint = site.target_hint if site.target_hint is not None else call_url.literal_url(site, finder)
    if hint is None:
        return False
    hint = gather_calls.filled_fstring(hint, finder)
    return gather_calls.url_direction(hint) is not None or gather_calls.foreign_path(hint) is not None


def urls_of(site, finder) -> List[Tuple[str, ast.Call, str, bool]]:
    """(URL string, the sending call, the URL expression as written, read from every instance of a class)
    for each send of the site."""
    found: List[Tuple[str, ast.Call, str, bool]] = []
    # catalog.query(q) posting to f"{self.base}/v1": self.X as that one instance holds it (RT17 F28)
    instance = instance_url.instance_of(site.call, site.scope, finder) if site.kind == "helper" else None
    with instance_url.placed(instance):
        return _urls_of(site, finder, found)


def _urls_of(site, finder, found: List[Tuple[str, ast.Call, str, bool]]) -> List[Tuple[str, ast.Call, str, bool]]:
    for send, scope, chain in _sends(site, finder):
        _spent[0] = 0
        node, scope, prefix = _url_expression(send, scope, finder)
        if node is None:
            continue
        written = gather_binding._source(node, finder)
        first = send.args[0] if send.args and not prefix else None
        relative = first is not None and first is not node and (call_url.is_relative(first) or call_url.is_base_path(first))
        suffix = first.value.lstrip("/") if relative else ""
        _spent[0] = 0  # each URL its own budget
        # hasura.query(q) posting to self.url: that instance's own values, never a sibling class's (RT15 F1-F3)
        own = instance_url.of_instance(node, scope, finder, site.call, site.scope) if site.kind == "helper" else None
        strings = [t for v, s in own if s is not None for t in _strings(v, s, finder, (), 1)] if own else _strings(node, scope, finder, chain, 0)
        shared = not own and isinstance(node, ast.Attribute) and len(instance_url.values(node, scope, finder) or ()) > 1
        for value in strings[:_MAX_VALUES]:
            if value.startswith("$"):
                # gh(q) -> _send(HOUSTON_URL, q): an environment variable's name, said only where
                # gather_binding (one helper level) cannot see it
                if len(chain) >= 2:
                    found.append((value, send, written, shared))
                continue
            if prefix:
                value = prefix + value if value.startswith("/") else ""
            elif suffix and value.startswith(("http://", "https://")):
                value = value.rstrip("/") + "/" + suffix  # httpx.Client(base_url=BASE).post("v1"): BASE joined with it (RT17 F21)
            if value.startswith(("http://", "https://")):
                found.append((value, send, written, shared))
    return found


def _sends(site, finder) -> List[Tuple[ast.Call, object, Chain]]:
    """The calls that put the site's document on the wire, each with the helper calls leading to it."""
    call = site.call
    if not isinstance(call, ast.Call):
        return []
    if site.kind == "gql":
        return [(c, s, ()) for c, s in call_url.executing(finder).get(id(call), [])[:2]]
    if site.kind == "helper":
        if isinstance(call.func, ast.Name):
            return _helper_sends(call, site.scope, finder, (), 0)
        return [(c, s, ()) for c, s in gather_binding._sending_calls(site, finder)]
    if call_url.callee(call) == "dumps":  # Request(URL, data=json.dumps(...)), c.request("POST", PATH, body=json.dumps(...))
        outer = call_url.enclosing_call(call, finder)
        return [(outer, site.scope, ())] if outer is not None else []
    return [(call, site.scope, ())]


def _helper_sends(call: ast.Call, scope, finder, chain: Chain, depth: int) -> List[Tuple[ast.Call, object, Chain]]:
    """``gh(q)`` -> ``_send(URL, q)`` -> ``requests.post(url, ...)``: the HTTP calls a module helper makes, bounded."""
    name = call.func.id
    definitions = finder.callee_definitions(call, scope)
    definition = definitions[0] if definitions else None
    if not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)) or depth >= _MAX_CHAIN:
        return []
    chain = chain + ((call, scope),)
    found: List[Tuple[ast.Call, object, Chain]] = []
    for inner, inner_scope in finder.collector.calls_in_def.get(id(definition), [])[:16]:
        if gather_binding._is_sending(inner) or _sends_body(inner) or call_url.sends_splat(inner, inner_scope, finder):
            found.append((inner, inner_scope, chain))
        elif isinstance(inner.func, ast.Name) and inner.func.id != name and inner.func.id in finder.collector.function_defs:
            found.extend(_helper_sends(inner, inner_scope, finder, chain, depth + 1))
        if len(found) >= 2:
            break
    return found


# Calls that put a ``body=`` on the wire: urllib3's ``http.request("POST", URL, body=...)``, http.client's
# ``conn.request("POST", PATH, body=...)``, tornado's ``AsyncHTTPClient().fetch(URL, method="POST", body=...)``.
_BODY_SENDS = frozenset({"request", "urlopen", "fetch", "post", "put", "patch"})


def _sends_body(call: ast.Call) -> bool:
    """A send whose request body is its ``body=`` keyword (report 12, F1: a helper over urllib3,
    http.client or tornado was not seen to send, and the file's Houston endpoint spoke for it)."""
    return call_url.callee(call) in _BODY_SENDS and any(k.arg == "body" for k in call.keywords)


def _url_expression(send: ast.Call, scope, finder) -> Tuple[Optional[ast.AST], object, str]:
    """(URL expression, scope to read it in, scheme and host to put before a path) of one sending call."""
    name = call_url.callee(send)
    keyword = next((k.value for k in send.keywords if k.arg in ("url", "fullurl")), None)
    if name in ("Request", "urlopen"):
        first = keyword if keyword is not None else (send.args[0] if send.args else None)
        if name == "urlopen" and isinstance(first, ast.Name):
            built = [v for v in finder._resolve(first, scope)[:4] if isinstance(v, ast.Call) and call_url.callee(v) == "Request"]
            if built:
                return _url_expression(built[0], scope, finder)
        return first, scope, ""
    if name == "request" and isinstance(send.func, ast.Attribute) and len(send.args) >= 2:
        for value in [send.func.value, *finder._resolve(send.func.value, scope)[:4]]:
            if isinstance(value, ast.Call) and call_url.callee(value) in _CONNECTIONS and value.args:
                host = _strings(value.args[0], scope, finder, (), 1)
                if len(host) == 1 and "/" not in host[0]:
                    return send.args[1], scope, _CONNECTIONS[call_url.callee(value)] + host[0]
    if isinstance(send.func, ast.Name):  # p = functools.partial(requests.post, URL); p(json=...)
        for value in finder._resolve(send.func, scope)[:4]:
            if isinstance(value, ast.Call) and call_url.callee(value) == "partial" and value.args:
                bound = next((k.value for k in value.keywords if k.arg == "url"), None)
                if bound is None and len(value.args) >= 2:
                    bound = value.args[1]
                if bound is not None:
                    return bound, scope, ""
    # with client as session: session.execute(gql(...)): call_url follows the session to its client
    return call_url.url_node(send, scope, finder), scope, ""


def _strings(node: ast.AST, scope, finder, chain: Chain, depth: int) -> List[str]:
    """The strings ``node`` is bound to: through names, parameters (their callers' arguments or
    default), tuple assignments, dict subscripts, ``urljoin`` and module functions returning one."""
    if node is None or depth > _MAX_DEPTH or _spent[0] >= _BUDGET:
        return []
    _spent[0] += 1
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.IfExp):  # A if c else B (a client's endpoint stored again: call_url, RT19 F19): either
        return _strings(node.body, scope, finder, chain, depth + 1) + _strings(node.orelse, scope, finder, chain, depth + 1)
    composed = _composed(node, scope, finder, chain, depth)
    if composed is not None:
        return composed
    if isinstance(node, ast.Name):
        parameter = _parameter_values(node, scope, finder, chain, depth)
        if parameter is not None:
            return parameter
        values = [v for v in finder._resolve(node, scope)[: _MAX_VALUES + 1] if v is not node]
        if not values:
            values = _tuple_bindings(finder).get(node.id, [])
        if len(values) > _MAX_VALUES:
            return []
        return [s for v in values for s in _strings(v, scope, finder, chain, depth + 1)]
    if isinstance(node, ast.Attribute):
        options = _argparse_defaults(node, scope, finder)
        if options:  # args.houston_url: the add_argument default, as a click option's (red team 24, report 12, f9)
            return [s for value in options for s in _strings(value, finder.collector.module_scope, finder, (), depth + 1)]
        # urljoin(self.api, "graphql") in a method: what the class is given for self.api, its constructor's
        # default included (red team 14, report 12, F1: GitHubAPI("https://api.github.com/").graphql(Q))
        bound = instance_url.values(node, scope, finder)
        if bound is None:  # CMDB.url of CMDB = SimpleNamespace(url=...), m.url over a module list (RT20 f2)
            return [s for value in container_urls.values(node, scope, finder) or () for s in _strings(value, scope, finder, chain, depth + 1)]
        return [s for value, value_scope in bound[:_MAX_VALUES] if value_scope is not None for s in _strings(value, value_scope, finder, (), depth + 1)]
    if isinstance(node, ast.Subscript):
        key = node.slice
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            # CMDB_URLS[env]: each value, or those of the keys the helper's caller passes (RT20 f1/f11)
            keys = [k for k in _strings(key, scope, finder, chain, depth + 1) if not k.startswith("$")][:4] if isinstance(key, ast.Name) else []
            return [s for value in container_urls.values(node, scope, finder, keys) or () for s in _strings(value, scope, finder, chain, depth + 1)]
        if gather_binding._is_environ(node.value):  # os.environ["HOUSTON_URL"]: its name, marked "$"
            return ["$" + key.value[:200]]
        entries = [s for d in _dicts(node.value, scope, finder, depth + 1, chain) for s in _strings(_entry(d, key.value), scope, finder, chain, depth + 1)]
        if entries:
            return entries
        # m["url"] in for m in MIRRORS: each element's entry (RT20 f2)
        return [s for value in container_urls.values(node, scope, finder) or () for s in _strings(value, scope, finder, chain, depth + 1)]
    if isinstance(node, ast.Call):
        name = call_url.callee(node)
        if name in ("getenv", "get") and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            if name == "getenv" or gather_binding._is_environ(getattr(node.func, "value", None)):
                default = node.args[1] if len(node.args) > 1 else None
                return ["$" + node.args[0].value[:200]] + _strings(default, scope, finder, chain, depth + 1)
        if name == "urljoin" and len(node.args) == 2:
            bases = _strings(node.args[0], scope, finder, chain, depth + 1)[:2]
            paths = _strings(node.args[1], scope, finder, chain, depth + 1)[:2]
            return [b if b.startswith("$") else urljoin(b, p) for b in bases for p in paths]  # urljoin(os.environ[X], "v1"): X
        client = call_url.construction_url(node, scope, finder) if name not in _NOT_CLIENTS else None
        if client is not None and client is not node:
            # self.client = GraphqlClient(endpoint=url): the client's URL (red team 19, F14)
            return _strings(client, scope, finder, chain, depth + 1)
        if isinstance(node.func, ast.Name) and not node.args and not node.keywords:
            definition = finder.collector.function_defs.get(node.func.id)
            if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
                module_scope = finder.collector.module_scope
                return [s for r in _returns(definition, finder) for s in _strings(r, module_scope, finder, (), depth + 1)]
    return []


_STRIPS = frozenset({"rstrip", "strip", "lstrip", "removesuffix"})
# Calls given a URL that are no client: their URL argument is no value of theirs.
_NOT_CLIENTS = frozenset({"post", "get", "put", "patch", "request", "urlopen", "Request", "urljoin", "getenv"})


def _composed(node: ast.AST, scope, finder, chain: Chain, depth: int) -> Optional[List[str]]:
    """A URL built from parts: ``BASE + "/v1"``, ``f"{BASE}/v1"``, ``BASE.rstrip("/") + "/v1"``,
    ``"/".join([BASE, "v1"])``; None when ``node`` is none of these.

    Red team 17, report 12, F25: such a URL bound to a name first (``url = BASE + "/v1"``, a module
    ``ENDPOINT = f"{BASE}/v1"``) was not read while the same expression written at the call was.
    Each part is read as any URL expression is (names followed, an environment default); at most two
    values a part and four results, and every part read counts against the send's budget
    (``_BUDGET``), so the work stays bounded (a part is read at its whole's depth: names are what
    deepen).  An environment variable's name
    (``$NAME``) is never glued to a path: its default is."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [node.left, node.right]
    elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and isinstance(node.left, ast.Call)
            and call_url.callee(node.left) == "URL" and len(node.left.args) == 1 and not node.left.keywords):
        # yarl: URL(BASE) / "v1" joins with one slash
        bases = [v.rstrip("/") for v in _strings(node.left.args[0], scope, finder, chain, depth) if not v.startswith("$")][:2]
        paths = [v.lstrip("/") for v in _strings(node.right, scope, finder, chain, depth)][:2]
        return [b + "/" + p for b in bases for p in paths]
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str" and len(node.args) == 1:
        return _strings(node.args[0], scope, finder, chain, depth)
    elif isinstance(node, ast.JoinedStr):
        if any(isinstance(p, ast.FormattedValue) and (p.format_spec is not None or p.conversion != -1) for p in node.values):
            return []
        parts = [p.value if isinstance(p, ast.FormattedValue) else p for p in node.values[:8]]
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _STRIPS
            and len(node.args) <= 1 and not node.keywords):
        strip = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) else None
        if node.args and strip is None:
            return []
        inner = _strings(node.func.value, scope, finder, chain, depth)[:4]
        how = node.func.attr
        # os.environ["HOUSTON_URL"].rstrip("/"): the variable's name ("$NAME") is kept, normalised nothing (RT18 class A)
        if how == "removesuffix":
            return [v[: -len(strip)] if strip and v.endswith(strip) and not v.startswith("$") else v for v in inner]
        return [v if v.startswith("$") else getattr(v, how)(strip) for v in inner]
    elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str)
            and len(node.args) == 1 and isinstance(node.args[0], (ast.List, ast.Tuple)) and not node.keywords):
        glue = ast.Constant(value=node.func.value.value)
        parts = []
        for index, element in enumerate(node.args[0].elts[:8]):
            if index:
                parts.append(glue)
            parts.append(element)
    else:
        return None
    results = [""]
    for part in parts:
        if isinstance(part, ast.Starred):
            return []
        values = [v for v in _strings(part, scope, finder, chain, depth) if not v.startswith("$")][:2]
        if not values:
            return []
        results = [r + v for r in results for v in values][:4]
    return results


def _parameter_values(node: ast.Name, scope, finder, chain: Chain, depth: int) -> Optional[List[str]]:
    """What a parameter of the function ``scope`` belongs to holds: the argument of the helper call
    that led here, else of every call of it in the module, or its default where a call omits it."""
    definition = getattr(scope, "node", None)
    if getattr(scope, "kind", None) != "function" or not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return None
    if node.id in scope.bindings:
        return None  # rebound in the body: an ordinary name
    arguments = definition.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    keyword_only = [a.arg for a in arguments.kwonlyargs]
    if node.id not in positional and node.id not in keyword_only:
        return _factory_parameter(node, scope, finder, chain, depth)
    default = None
    if node.id in positional:
        index = positional.index(node.id)
        offset = len(positional) - len(arguments.defaults)
        if index >= offset:
            default = arguments.defaults[index - offset]
    else:
        default = arguments.kw_defaults[keyword_only.index(node.id)]
    if default is None:
        default = _option_default(definition, node.id)  # @click.option("--url", default=...) (report 12, F22)
    if chain and isinstance(chain[-1][0].func, ast.Name) and chain[-1][0].func.id == definition.name:
        callers = [chain[-1]]
        chain = chain[:-1]
    else:
        callers = _callers(finder).get(definition.name, [])[: _MAX_VALUES + 1]
        chain = ()
        if len(callers) > _MAX_VALUES:
            return []
    found: List[str] = []
    for call, call_scope in callers:
        argument = _argument(call, definition, node.id, positional)
        if argument is _UNKNOWN:
            continue
        if argument is None:
            found.extend(_strings(default, finder.collector.module_scope, finder, (), depth + 1))
        else:
            found.extend(_strings(argument, call_scope, finder, chain, depth + 1))
    if not callers and default is not None:
        found.extend(_strings(default, finder.collector.module_scope, finder, (), depth + 1))
    return found


def _factory_parameter(node: ast.Name, scope, finder, chain: Chain, depth: int) -> Optional[List[str]]:
    """``url`` of ``make_sender(url)`` read in the ``send`` it returns: what the factory call that made the
    helper called here passed (``github = make_sender(GITHUB_URL)``; ``github(q)``), red team 16, F8/F13.

    Only through the chain's own call: a closure parameter with no such call is left as it was."""
    enclosing = factory_sender.closure_parameter(node.id, scope)
    if enclosing is None or not chain:
        return None
    factory, factory_scope = enclosing
    call, call_scope = chain[-1]
    made = factory_sender.made_by(call.func, call_scope, finder)
    if made is None or made[0] is not getattr(scope, "node", None) or made[2] is not factory:
        return None
    return _parameter_values(node, factory_scope, finder, chain[:-1] + ((made[1], finder.collector.module_scope),), depth)


def _option_default(definition, parameter: str) -> Optional[ast.AST]:
    """The ``default=`` of the ``@click.option`` / ``@click.argument`` decorator that fills ``parameter``.

    click calls the command with each option's value; nobody in the module calls it, so its
    default (unless the command line says otherwise) is what the parameter holds.  The option's
    parameter is its explicit name (``"url"``), else its longest flag with dashes made underscores
    (``--houston-url`` -> ``houston_url``).  One look at each decorator: constant work.
    """
    for decorator in getattr(definition, "decorator_list", ())[:16]:  # a lambda helper has none (red team 28, report 12, f1)
        if not isinstance(decorator, ast.Call) or call_url.callee(decorator) not in ("option", "argument"):
            continue
        names = [a.value for a in decorator.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        plain = [n for n in names if not n.startswith("-") and n.isidentifier()]
        flags = sorted((n.lstrip("-").replace("-", "_").lower() for n in names if n.startswith("-")), key=len)
        name = plain[0] if plain else (flags[-1] if flags else None)
        if name == parameter:
            return next((k.value for k in decorator.keywords if k.arg == "default"), None)
    return None


def _argparse_defaults(node: ast.Attribute, scope, finder) -> List[ast.AST]:
    """``args.houston_url`` with ``args = p.parse_args()`` (or a parameter handed the parsed namespace) and
    ``p.add_argument("--houston-url", default=...)`` in the module: the defaults, what the script posts to when
    run without the option, as ``_option_default`` reads click's (red team 24, report 12, f9: the option's name
    spoke for Houston and its default, another API's ``/graphql`` URL, was not read).  The module's options are
    indexed once (``cli_defaults``); ``self.X`` / ``cls.X`` are never options."""
    from ..sources import cli_defaults

    owner = node.value
    if not isinstance(owner, ast.Name) or owner.id in ("self", "cls"):
        return []
    defaults = cli_defaults.attribute_defaults(finder, node)
    if not defaults:
        return []
    values = [v for v in finder._resolve(owner, scope)[:4] if v is not owner]
    parsed = any(isinstance(v, ast.Call) and call_url.callee(v) in ("parse_args", "parse_intermixed_args") for v in values)
    parameter = not values and _is_parameter(owner.id, scope)
    return defaults if parsed or parameter else []


def _is_parameter(name: str, scope) -> bool:
    """Is ``name`` a parameter of the function ``scope`` belongs to (and not rebound in its body)?"""
    definition = getattr(scope, "node", None)
    if getattr(scope, "kind", None) != "function" or not isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    arguments = definition.args
    names = {a.arg for a in arguments.posonlyargs + arguments.args + arguments.kwonlyargs}
    return name in names and name not in scope.bindings


_UNKNOWN = ast.Constant(value=None)


def _argument(call: ast.Call, definition, name: str, positional: List[str]):
    """The argument ``call`` passes for ``name``; None when it passes none; _UNKNOWN behind a splat."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
        if keyword.arg is None:
            return _UNKNOWN
    if any(isinstance(a, ast.Starred) for a in call.args):
        return _UNKNOWN
    if name in positional:
        index = positional.index(name)
        if index < len(call.args):
            return call.args[index]
    return None


def _callers(finder) -> Dict[str, List[Tuple[ast.Call, object]]]:
    """Function name -> every ``name(...)`` call of the module, built once per module."""
    memo = finder.__dict__.get("_sent_url_callers")
    if memo is None:
        memo = {}
        for call, scope in finder.collector.calls:
            if isinstance(call.func, ast.Name):
                memo.setdefault(call.func.id, []).append((call, scope))
        finder.__dict__["_sent_url_callers"] = memo
    return memo


def _tuple_bindings(finder) -> Dict[str, List[ast.AST]]:
    """``GH_URL, TOKEN = "https://...", ...``: name -> its element, for the module's tuple assignments (once)."""
    memo = finder.__dict__.get("_sent_url_tuples")
    if memo is None:
        memo = {}
        module = getattr(finder, "module", None)
        for statement in tree_walk(module) if module is not None else ():
            if isinstance(statement, ast.Assign) and isinstance(statement.value, (ast.Tuple, ast.List)):
                for target in statement.targets:
                    if isinstance(target, (ast.Tuple, ast.List)) and len(target.elts) == len(statement.value.elts):
                        for name, value in zip(target.elts, statement.value.elts):
                            if isinstance(name, ast.Name):
                                memo.setdefault(name.id, []).append(value)
        finder.__dict__["_sent_url_tuples"] = memo
    return memo


def _dicts(node: ast.AST, scope, finder, depth: int, chain: Optional[Chain] = None) -> List[ast.Dict]:
    if depth > _MAX_DEPTH:
        return []
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) and chain is not None:
        # CFG[section]["url"] in a helper called as post("houston", q): the section its caller's argument picks,
        # never every section of the table (red team 24, report 12, f3); at most four keys
        keys = [k for k in _strings(node.slice, scope, finder, chain, depth + 1) if not k.startswith("$")][:4]
        return [d for outer in _dicts(node.value, scope, finder, depth + 1) for k in keys
                for d in _dicts(_entry(outer, k), scope, finder, depth + 1)]
    if isinstance(node, ast.Dict):
        return [node]
    if isinstance(node, ast.Name):
        values = [v for v in finder._resolve(node, scope)[: _MAX_VALUES + 1] if v is not node]
        return [d for v in values[:_MAX_VALUES] for d in _dicts(v, scope, finder, depth + 1)]
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return [d for outer in _dicts(node.value, scope, finder, depth + 1) for d in _dicts(_entry(outer, node.slice.value), scope, finder, depth + 1)]
    return []


def _entry(dictionary: ast.Dict, key: str) -> Optional[ast.AST]:
    for k, v in zip(dictionary.keys, dictionary.values):
        if isinstance(k, ast.Constant) and k.value == key:
            return v
    return None


def _returns(definition, finder) -> List[ast.AST]:
    """The values a module function returns in its own body (not nested defs), read once per function."""
    memo = finder.__dict__.setdefault("_sent_url_returns", {})
    if id(definition) not in memo:
        found = []
        stack = list(definition.body)
        while stack and len(found) < _MAX_VALUES:
            statement = stack.pop()
            if isinstance(statement, ast.Return) and statement.value is not None:
                found.append(statement.value)
            elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                stack.extend(child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt))
        memo[id(definition)] = found
    return memo[id(definition)]
