"""Documents sent through another API's official Python SDK (red team 13, report 12, F6).

An SDK for one API posts to that API's endpoint, fixed inside the library: the
file names no URL for it, so a Houston helper beside it made its documents look
Houston's by context.  The call that sends the document says where it goes:

* Shopify's ``ShopifyAPI``: ``shopify.GraphQL().execute(q)`` (or ``GraphQL`` imported
  from ``shopify``, or a name bound to ``GraphQL()``);
* PyGithub: ``g.requester.graphql_query(q, variables)`` and its other ``graphql_*``
  methods, in a file importing ``github``.

Red team 19, F1: the GitHub and GitLab clients whose GraphQL method posts to their own
API (``_CLIENTS``, one row per library: what it is imported as, the classes it builds
clients with, the methods sending a document):

* gidgethub: ``gh = GitHubAPI(session, "me", ...)``; ``await gh.graphql(q, **variables)``;
* githubkit: ``github = GitHub(token)``; ``github.graphql(q, variables)``,
  ``github.async_graphql(q, variables)``;
* ghapi: ``api = GhApi()``; ``api("/graphql", "POST", data={"query": q})``;
* python-gitlab: ``gq = gitlab.GraphQL(url, token=...)`` (or ``AsyncGraphQL``);
  ``gq.execute(q, variable_values=...)``.

Decisive against, as a known other API's URL written at the call is, when the receiver
is traced to one of the library's constructions.  A receiver that cannot be traced
(a parameter: ``async def handle(event, gh): await gh.graphql(q)``) in a file importing
the library says against at context weight only: the file's Houston endpoint, the same
weight, then no longer decides it, so the document is undecided (the rule: where the
client cannot be traced, nothing is decided).  Only what the file itself shows counts
(the import and the call's shape); the SDK's own code is never read.  Cost: per
document, its sites' calls and the calls its literal or names are given to (a parent
lookup each), at most four values of each receiver.
"""

from __future__ import annotations

import ast
from typing import List, Optional

from .evidence import CONTEXT, DECISIVE, STRONG, Evidence

# PyGithub's Requester methods that post GraphQL to api.github.com.
GITHUB_GRAPHQL_METHODS = frozenset({"graphql_query", "graphql_named_mutation", "graphql_query_class", "graphql_node", "graphql_node_class"})


class _Client:
    def __init__(self, root: str, classes: frozenset, methods: frozenset, called: bool, says: str) -> None:
        self.root, self.classes, self.methods, self.called, self.says = root, classes, methods, called, says


# Red team 19, F1: a library (import root) -> the classes building its clients, the methods sending a
# document (``called``: the instance itself is called, ghapi's ``api(path, verb, data=...)``).
_CLIENTS = (
    _Client("gidgethub", frozenset({"GitHubAPI"}), frozenset({"graphql"}), False, "gidgethub, which posts to api.github.com"),
    _Client("githubkit", frozenset({"GitHub"}), frozenset({"graphql", "async_graphql"}), False, "githubkit, which posts to api.github.com"),
    _Client("ghapi", frozenset({"GhApi"}), frozenset(), True, "ghapi, which posts to api.github.com"),
    _Client("gitlab", frozenset({"GraphQL", "AsyncGraphQL"}), frozenset({"execute", "async_execute"}), False,
            "python-gitlab's GraphQL client, which posts to the GitLab instance's /api/graphql"),
)
_ROOTS = frozenset({"shopify", "github"} | {client.root for client in _CLIENTS})


def gather(source, finder) -> List[Evidence]:
    if finder is None:
        return []
    imported = getattr(finder.collector, "imported", {}) or {}
    roots = {where.split(".", 1)[0] for where in imported.values()}
    if not roots & _ROOTS and not roots - _TRANSPORTS:
        return []
    found: List[Evidence] = []
    seen_calls = set()
    for call, scope in _calls_given(source, finder):
        if id(call) in seen_calls:
            continue  # a site's own call, found again as the call its literal is given to (without a scope)
        seen_calls.add(id(call))
        if scope is None:
            scope = _scope_of_call(call, finder)
        other = _other_sdk(call, scope, finder, imported)
        if other is not None:
            found.append(Evidence("sdk", False, STRONG, f"sent by {other}, its own API's client, built with no URL (call at line {call.lineno})"))
            continue
        if not roots & _ROOTS:
            continue
        what = _sdk(call, scope, finder, imported)
        if what is not None:
            found.append(Evidence("sdk", False, DECISIVE, f"sent by {what} (call at line {call.lineno})"))
            continue
        client = _client_send(call, scope, finder, imported, roots)
        if client is not None:
            library, traced = client
            if traced:
                found.append(Evidence("sdk", False, DECISIVE, f"sent by {library.says}: .{_sent_by(call)}(...) (call at line {call.lineno})"))
            else:
                found.append(Evidence("sdk", False, CONTEXT, f"the file imports {library.root}, whose clients send .{_sent_by(call)}(...); "
                                      f"this call's receiver is not traced (call at line {call.lineno})"))
    seen, unique = set(), []
    for item in found:
        if item.text not in seen:
            seen.add(item.text)
            unique.append(item)
    return unique


# Packages whose clients are generic HTTP or GraphQL transports (the URL is the caller's), servers and test
# tools of a project's own, or Airflow's hooks: a document handed to one of their objects goes where the code
# says, never to the package's own API (red team 23, report 12, f14).
_TRANSPORTS = frozenset({
    "requests", "httpx", "aiohttp", "urllib3", "urllib", "http", "tornado", "pycurl", "websockets", "websocket",
    "httplib2", "treq", "grequests", "niquests", "asks", "hishel", "requests_futures", "requests_toolbelt",
    "gql", "sgqlc", "python_graphql_client", "graphqlclient", "graphql_client", "graphql", "aiogqlc", "qlient",
    "graphql_query", "graphene", "graphene_django", "strawberry", "ariadne", "tartiflette", "starlette", "fastapi",
    "flask", "django", "rest_framework", "webtest", "werkzeug", "responses", "requests_mock", "respx", "pytest_httpx",
    "unittest", "mock", "pytest", "airflow", "os", "sys", "json", "functools", "typing", "dataclasses", "pydantic",
    "collections", "contextlib", "asyncio", "concurrent", "threading", "multiprocessing", "subprocess", "logging",
    "string", "re", "pathlib", "types", "copy", "itertools", "__future__", "builtins", "abc", "enum",
})
# Keywords a construction gives its endpoint or transport by: such a client posts where it is told.
_ENDPOINT_KEYWORDS = frozenset({"url", "base_url", "endpoint", "host", "uri", "transport", "api_url", "server", "domain"})


def _other_sdk(call: ast.Call, scope, finder, imported) -> Optional[str]:
    """``monday.custom.execute_custom_query(Q)`` with ``monday = MondayClient(TOKEN)`` and ``MondayClient``
    imported from a package that is no HTTP or GraphQL transport and no module of the run: that package's
    own client, which posts to its own API (red team 23, report 12, f14, the class of Shopify's SDK).

    Not when the construction is given an endpoint (``url=``, ``transport=``, a string holding ``://``) or
    names Houston anywhere in its arguments: its URL then says where it posts.  Constant work: the receiver's
    root name, four of its values, one construction's arguments.
    """
    func = call.func
    if not isinstance(func, ast.Attribute) or scope is None:
        return None
    receiver = func.value
    for _ in range(4):
        if not isinstance(receiver, ast.Attribute):
            break
        receiver = receiver.value
    if isinstance(receiver, ast.Call):
        built = [receiver]
    elif isinstance(receiver, ast.Name) and receiver.id not in ("self", "cls"):
        built = [v for v in finder._resolve(receiver, scope)[:4] if isinstance(v, ast.Call)]
    else:
        return None
    if len(built) != 1:
        return None
    construction = built[0]
    made = construction.func
    while isinstance(made, ast.Attribute):
        made = made.value
    if not isinstance(made, ast.Name):
        return None
    where = imported.get(made.id, "")
    root = where.split(".", 1)[0]
    if not root or where.startswith(".") or root in _TRANSPORTS or root in _ROOTS or _local_module(root, finder):
        return None
    if "houston" in where.lower() or "astro" in where.lower():
        return None  # a Houston client package: its construction's own words decide
    if any(k.arg in _ENDPOINT_KEYWORDS or k.arg is None for k in construction.keywords):
        return None
    given = [construction] + [v for a in construction.args if isinstance(a, ast.Name) for v in finder._resolve(a, scope)[:4]]
    for node in (n for value in given for n in ast.walk(value)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and ("://" in node.value or "houston" in node.value.lower()):
            return None
        if isinstance(node, ast.Name) and any(word in node.id.lower() for word in ("houston", "url", "endpoint", "host")):
            return None  # Client(HOUSTON_URL), Client(API_URL): a URL given, which says where it posts
    # Named for its service (MondayClient of monday, given MONDAY_API_TOKEN): an SDK.  A company's own client
    # package (acme_platform.GraphClient()) may wrap Houston: the file's words decide that one.
    from . import gather_names

    package = gather_names.words(where.rsplit(".", 1)[0] if isinstance(construction.func, ast.Name) else where)  # never the class's own
    named = [w for w in gather_names.foreign_words(ast.unparse(construction.func)[:100]) if w in package]
    for node in (n for value in given for n in ast.walk(value)):
        if not named and isinstance(node, (ast.Name, ast.Constant)):
            text = node.id if isinstance(node, ast.Name) else node.value if isinstance(node.value, str) else ""
            named = [w for w in gather_names.foreign_words(text[:100]) if w in package]
    if not named:
        return None
    name = ast.unparse(construction.func)[:60]
    return f"{name}(...) of the package {root}, named for {named[0]} (.{func.attr})"


def _local_module(root: str, finder) -> bool:
    """Is ``root`` a module or package beside the file or in a folder above it (a module of the run)?
    At most eight folders looked at, once per name and file."""
    memo = finder.__dict__.setdefault("_destination_local_modules", {})
    if root not in memo:
        from pathlib import Path

        path = getattr(getattr(finder, "file", None), "path", None)
        found = path is None  # no file: cannot tell, so never said
        if path is not None:
            folder = Path(path).resolve().parent
            for place in [folder, *folder.parents][:8]:
                if (place / f"{root}.py").is_file() or (place / root).is_dir():
                    found = True
                    break
        memo[root] = found
    return memo[root]


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


def _sent_by(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "call")


def _client_send(call: ast.Call, scope, finder, imported, roots) -> Optional[tuple]:
    """(library, traced) when ``call`` sends through one of ``_CLIENTS``' clients, else None.

    traced: the receiver is one of the library's constructions (``gh = GitHubAPI(...)``,
    ``gitlab.GraphQL(...)``); else it is not placed (a parameter, an attribute) and the file
    imports only that library's client class among the names the call could be built by.
    """
    func = call.func
    if isinstance(func, ast.Attribute):
        method, receiver = func.attr, func.value
    elif isinstance(func, ast.Name):
        method, receiver = None, func
    else:
        return None
    for library in _CLIENTS:
        if library.root not in roots or (method is None) != library.called or (method is not None and method not in library.methods):
            continue
        values = [receiver]
        if isinstance(receiver, ast.Name) and scope is not None:
            values.extend(finder._resolve(receiver, scope)[:4])
        built = [v for v in values if isinstance(v, ast.Call)]
        if any(_builds(value.func, library, imported) for value in built):
            return library, True
        if built or method is None:
            continue  # built by something else (the module's own class): not this library's
        if method in ("execute", "async_execute"):
            continue  # every GraphQL client executes: only a traced gitlab.GraphQL() says GitLab
        return library, False
    return None


def _builds(func: ast.AST, library: _Client, imported) -> bool:
    """``gitlab.GraphQL`` (``import gitlab``), ``GitHubAPI`` imported from ``gidgethub.aiohttp``."""
    if isinstance(func, ast.Attribute) and func.attr in library.classes:
        inner = func.value
        while isinstance(inner, ast.Attribute):
            inner = inner.value
        return isinstance(inner, ast.Name) and imported.get(inner.id, "").split(".", 1)[0] == library.root
    if isinstance(func, ast.Name) and func.id in library.classes:
        return imported.get(func.id, "").split(".", 1)[0] == library.root
    return False


def _scope_of_call(call: ast.Call, finder):
    """The scope the collector saw ``call`` in: the module's calls indexed by identity once per file."""
    index = finder.__dict__.get("_destination_call_scopes")
    if index is None:
        index = finder.__dict__["_destination_call_scopes"] = {id(c): s for c, s in finder.collector.calls}
    return index.get(id(call))
