"""Where the file's own GraphQL sends go: does the file's Houston endpoint speak for an untraced document?

Red team 12, F1.  ``gather_module`` gives a document whose own send is not
traced (a dict entry, a loop variable, a function's return value sent) the
file's context: "Houston endpoint named in the file".  That context is evidence
about *this* document only when the file talks to Houston alone.  A script with
``requests.post("https://api.github.com/graphql", json={"query": GH[name]})``
beside a ``houston_ws()`` helper posts to two destinations, and the fact that it
names Houston says nothing about which one an untraced document goes to.

So the file's sends are read once (:func:`other_destination`): each call that
puts a GraphQL request on the wire (a body with a ``"query"`` key, a client's
``execute``, a known GraphQL API's URL) and each GraphQL client or transport
built with a URL (``RequestsHTTPTransport(url=...)``, ``GraphqlClient(endpoint=...)``).
The first whose URL is seen and is not Houston's -- a known other API's host,
any concrete URL naming no Houston (a literal, an environment variable, a value
read at run time), weighed exactly as ``gather_binding`` weighs a call's own
URL -- is the file's other destination.  A send to a parameter (a URL this
file does not show) is no destination, and a request that carries no GraphQL
(a Slack webhook's ``json={"text": ...}``) is none either: a Houston-only
script keeps its context.

Cost: one pass over the module's calls (the finder's list), each call's words
memoised by ``gather_binding.call_words``; a helper's inner sends are read for
at most 8 calls: linear in the file.
"""

from __future__ import annotations

import ast
import re
from typing import List, Optional, Tuple

from . import call_url, gather_binding, gather_names, loop_values
from .gather_calls import url_direction

# Clients and transports built with the URL they send GraphQL to (gql, python-graphql-client, sgqlc).
_CLIENT_SUFFIXES = ("Transport", "Endpoint")
_CLIENTS = frozenset({"GraphqlClient"})
_GRAPHQL_KEYS = frozenset({"query", "operationName"})
_MAX_HELPER_CALLS = 8
_MAX_BODY_NODES = 256  # a body's "query" key sits near its top; sends nested in bodies stay linear
_MAX_KEPT = 4  # a document's own sends are passed over: a few others are enough


def other_destination(finder, own=()) -> Optional[Tuple[str, int]]:
    """(the URL as written, its line) of the file's first GraphQL send to a destination not Houston's, else None.

    ``own``: the document's own sending calls, never counted (the file *also* sends elsewhere: a
    document posted to ``os.environ["API"]`` in a file naming ``HOUSTON_TOKEN`` is judged as before).
    """
    if finder is None:
        return None
    own_ids = {id(call) for call in own}
    return next(((url, line) for call, url, line in _other_sends(finder) if id(call) not in own_ids), None)


def builds_client(finder, line: int) -> bool:
    """Is the file's other destination at ``line`` a client or transport built with its URL (``Client(transport=
    RequestsHTTPTransport(url=CMDB_URL))``), not a request sent?  Such a client may be the one an untraced
    ``.execute(gql(DOC))`` uses (red team 20, report 12, f9), so it is not said to be another send."""
    return any(sent_line == line and (call_url.callee(call) or "").endswith(_CLIENT_SUFFIXES + tuple(_CLIENTS))
               for call, _url, sent_line in _other_sends(finder))


def _other_sends(finder) -> List[Tuple[ast.Call, str, int]]:
    """The file's first few GraphQL sends to a destination not Houston's (memoised on the finder)."""
    memo = finder.__dict__.get("_file_sends_other")
    if memo is not None:
        return memo
    memo = []
    for call, scope in finder.collector.calls:
        words = _words_of_graphql_send(call, scope, finder)
        if words is not None and _not_houston(words):
            memo.append((call, words.url, call.lineno))
            if len(memo) >= _MAX_KEPT:
                break
    finder.__dict__["_file_sends_other"] = memo
    return memo


def _words_of_graphql_send(call: ast.Call, scope, finder) -> Optional[gather_binding.CallWords]:
    """The URL words of ``call`` when it sends GraphQL (or builds a GraphQL client with a URL), else None."""
    name = call_url.callee(call) or ""
    if name.endswith(_CLIENT_SUFFIXES) or name in _CLIENTS or call_url.library_client(call, finder):
        url = next((k.value for k in call.keywords if k.arg in call_url.URL_KEYWORDS), None)
        if url is None and call.args and not isinstance(call.args[0], ast.Starred):
            url = call.args[0]
        if url is None:
            return None
        out: list = []
        concrete = gather_binding._words(url, scope, finder, out, 0)
        words = gather_binding.CallWords(gather_binding._source(url, finder), out, [], concrete)
        words.literal = isinstance(url, (ast.Constant, ast.JoinedStr))
        return words
    if gather_binding._is_sending(call):
        words = gather_binding.call_words(call, scope, finder)
        if words is None or words.url is None:
            return None
        words = _through_loop(call, scope, finder, words)
        if name in call_url.EXECUTE_METHODS or _carries_graphql(call, scope, finder):
            return words
        if any(url_direction(word) is False for word in words.url_words):  # a known GraphQL API's URL
            return words
        return None
    if isinstance(call.func, ast.Name) and call.func.id in finder.collector.function_defs:
        # other_api(OTHER_URL, q): a module helper given the URL it sends to
        for inner, inner_scope in finder.collector.calls_in_function.get(call.func.id, [])[:_MAX_HELPER_CALLS]:
            if gather_binding._is_sending(inner) and (call_url.callee(inner) in call_url.EXECUTE_METHODS or _carries_graphql(inner, inner_scope, finder)):
                words = gather_binding._through_parameter(call, scope, inner, inner_scope, finder)
                if words is not None:
                    return words
    return None


def words_of(call: ast.Call, scope, finder, document: Optional[ast.AST] = None) -> Optional[gather_binding.CallWords]:
    """The URL words of a sending call, its URL followed through a loop variable (for send_forms);
    with ``document``, the URL paired with it in the loop's element (red team 16, report 12, F6)."""
    words = gather_binding.call_words(call, scope, finder)
    if words is None or words.url is None:
        return None
    return _through_loop(call, scope, finder, words, document)


def _through_loop(call: ast.Call, scope, finder, words: gather_binding.CallWords, document: Optional[ast.AST] = None) -> gather_binding.CallWords:
    """``for url, q in [(MONDAY, MQ)]: requests.post(url, ...)``: the URL the loop variable takes (loop_values)."""
    node = call_url.url_node(call, scope, finder)
    if words.concrete or not isinstance(node, ast.Name) or any(v is not node for v in finder._resolve(node, scope)):
        return words
    taken = (loop_values.partners(finder, scope, node.id, document) if document is not None else [])[:4]
    taken = taken or loop_values.taken(finder, scope, node.id)[:4]
    if not taken:
        return words
    out: list = []
    concrete = all([gather_binding._words(value, scope, finder, out, 1) for value in taken])
    looped = gather_binding.CallWords(f"{node.id} = {gather_binding._source(taken[0], finder)}", out, words.other_words, concrete)
    return looped


def _carries_graphql(call: ast.Call, scope, finder) -> bool:
    """Does the call's body hold a ``"query"`` key (``json={"query": q}``, ``data=json.dumps(payload)``, ``query=``)?"""
    for keyword in call.keywords:
        if keyword.arg == "query":
            return True
        if keyword.arg in ("json", "data", "content", "body"):
            names = []
            for seen, node in enumerate(ast.walk(keyword.value)):  # the call's own argument, its first nodes
                if seen >= _MAX_BODY_NODES:
                    break
                if _holds_graphql_key(node):
                    return True
                if isinstance(node, ast.Name) and len(names) < 4:
                    names.append(node)
            # payload = {"query": q}; requests.post(URL, json=payload): the bound value's own keys only
            # (never walked: a large constant read by many calls stays read once per call, at its top)
            for name in names:
                if any(_holds_graphql_key(v) for v in finder._resolve(name, scope)[:4] if v is not name):
                    return True
    return False


def _holds_graphql_key(node: ast.AST) -> bool:
    if isinstance(node, ast.Dict):
        return any(isinstance(k, ast.Constant) and k.value in _GRAPHQL_KEYS for k in node.keys)
    return isinstance(node, ast.Call) and call_url.callee(node) == "dict" and any(k.arg in _GRAPHQL_KEYS for k in node.keywords)


def _not_houston(words: gather_binding.CallWords) -> bool:
    """Is the URL seen and not Houston's?  As gather_binding weighs a call's own URL binding."""
    if words.names_houston:
        return False
    if words.other_api or any(url_direction(word) is False for word in words.url_words):
        return True
    return words.concrete and (not words.houston_path or words.foreign_host)


# Words of a setting's name that say it holds where requests go (CMDB_GRAPHQL_URL, GITHUB_API, INVENTORY_ENDPOINT).
_ENDPOINT_WORDS = frozenset({"url", "uri", "endpoint", "api", "graphql", "gql", "host", "base"})


def other_service_setting(finder) -> Optional[Tuple[str, int, str]]:
    """(name, line, service) of the first module-level URL setting of the file named for another service, else None.

    Red team 22, report 12, f4: a Houston sync script reaching a CMDB or GitHub through routes not followed
    (``url, token = ENDPOINTS[name]``, a record handed to a helper, a serialized body, curl's argv) left the CMDB's
    document Houston's on the file's context.  Such a script binds the other service's URL at module level:
    ``CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]`` (an environment variable named for a service, not Houston,
    ``gather_binding.service_named``, whose names say it is an endpoint) or ``GITHUB_URL = "https://api.github.com/graphql"``
    (another API's whole URL).  One pass over the module's top-level statements, memoised on the finder.
    """
    module = getattr(finder, "module", None)
    if module is None:
        return None
    memo = finder.__dict__.get("_file_sends_setting", ())
    if memo != ():
        return memo
    found = None
    for statement in module.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
            continue
        found = _service_of(statement.targets[0].id, statement.value)
        if found is not None:
            found = (statement.targets[0].id, statement.lineno, found)
            break
    finder.__dict__["_file_sends_setting"] = found
    return found


def _service_of(name: str, value: ast.AST) -> Optional[str]:
    """The service a module setting ``name = value`` is named for, when it is a URL naming no Houston, else None."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str) and "://" in value.value[:200]:
        url = value.value[:200]
        if gather_binding.names_houston(url) or gather_binding.names_houston(name):
            return None
        if url_direction(url) is False or (gather_binding.foreign_path(url) is not None and gather_binding._domain_name(url)):
            return gather_binding.describe_url(url)
        return None
    key = None
    if isinstance(value, ast.Subscript) and gather_binding._is_environ(value.value):
        key = value.slice
    elif isinstance(value, ast.Call) and call_url.callee(value) in ("get", "getenv") and value.args:
        key = value.args[0]
    if not isinstance(key, ast.Constant) or not isinstance(key.value, str) or not key.value.isidentifier():
        return None
    words = [name, key.value]
    if any(gather_binding.names_houston(word) for word in words):
        return None
    if not any(gather_names.words(word) & _ENDPOINT_WORDS for word in words):
        return None
    return gather_binding.service_named(words)



# A URL literal's scheme and host, the host a bounded run of host characters: linear.
_URL_HEAD = re.compile(r"(?:https?|wss?)://([A-Za-z0-9.-]{1,253}(?::[0-9]{1,5})?)")


def other_service_endpoint(finder) -> Optional[Tuple[str, int]]:
    """(what the file names, its line) of the first endpoint of another service its code names anywhere, else None.

    Red team 25, report 12, f1 f2 f6 f7 f8 f10: a Houston script reaching another service through a route not
    followed (``GraphQLClient(os.environ["CMDB_URL"])`` given positionally, ``functools.partial(requests.post,
    CMDB_URL)``, a parameter's default, ``url or os.environ["CMDB_URL"]``, ``websockets.connect(os.environ[
    "INVENTORY_WS_URL"])``, an instance kept on ``self``) left that service's document Houston's on the file's
    context and its words.  ``other_service_setting`` reads module-level bindings only; this reads the whole
    module: an environment variable read anywhere (``os.environ[...]``, ``.get``, ``getenv``) whose name is an
    endpoint's (``gather_names.words`` meet ``_ENDPOINT_WORDS``) named for a service that is not Houston nor a
    data store (``REDIS_URL`` is no GraphQL endpoint), a name bound to one anywhere, or a URL literal in code
    (never a docstring or a message: no whitespace) on a registered-looking host naming no Houston.  One walk of
    the module, memoised on the finder.
    """
    module = getattr(finder, "module", None)
    if module is None:
        return None
    memo = finder.__dict__.get("_file_sends_endpoint", ())
    if memo != ():
        return memo
    found = endpoint_in_module(module)
    finder.__dict__["_file_sends_endpoint"] = found
    return found


def endpoint_in_module(module: ast.AST) -> Optional[Tuple[str, int]]:
    """``other_service_endpoint`` of a parsed module, unmemoised (``sources.cross_module`` reads each module of the
    run once, for the helpers an importer hands its documents to).  One walk."""
    docstrings = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            docstrings.add(id(node.value))
            continue
        if isinstance(node, ast.JoinedStr):
            docstrings.update(id(value) for value in node.values)  # a template's parts: no whole URL
            continue
        found = _endpoint_named(node, docstrings)
        if found is not None:
            return found
    return None


def _endpoint_named(node: ast.AST, skipped: set) -> Optional[Tuple[str, int]]:
    """(shown, line) when ``node`` is another service's endpoint: an environment read, a binding or a URL literal."""
    key = None
    if isinstance(node, ast.Subscript) and gather_binding._is_environ(node.value):
        key = node.slice
    elif isinstance(node, ast.Call) and call_url.callee(node) in ("get", "getenv") and node.args and (
            call_url.callee(node) == "getenv" or gather_binding._is_environ(getattr(node.func, "value", None))):
        key = node.args[0]
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier():
        if service_endpoint_name(key.value):
            return f"environment variable {key.value}", node.lineno
        return None
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
        value = node.value
        if isinstance(value, ast.Subscript) or isinstance(value, ast.Call):
            service = _service_of(node.targets[0].id, value)
            if service is not None and not _store_words(node.targets[0].id) and not gather_names.words(node.targets[0].id) & _NO_GRAPHQL_WORDS:
                return node.targets[0].id, node.lineno
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped:
        text = node.value[:300]
        match = _URL_HEAD.match(text)
        if match is None or any(c.isspace() for c in text) or gather_binding.names_houston(text):
            return None
        from .gather_calls import visible_host

        host = match.group(1).lower().partition(":")[0]
        if visible_host(match.group(1)) and not host.endswith(_NO_GRAPHQL_HOSTS) and not any(
                part in text.lower() for part in ("/webhook", "/hooks/")):
            return gather_binding.describe_url(text), node.lineno
    return None


# Where a Houston script reports, not what it queries: a chat webhook, an error tracker's DSN, telemetry.  Such an
# endpoint never receives a GraphQL document, so it is no other service the script's documents may be sent to.
_NO_GRAPHQL_WORDS = frozenset({"webhook", "hook", "dsn", "sentry", "slack", "smtp", "mail", "statsd", "otel", "otlp",
                               "metrics", "telemetry", "logs", "logging", "tracing", "jaeger", "datadog", "dd"})
_NO_GRAPHQL_HOSTS = ("sentry.io", "hooks.slack.com", "webhook.office.com", "datadoghq.com", "datadoghq.eu")


def service_endpoint_name(name: str) -> bool:
    """Is ``name`` (``CMDB_URL``, ``INVENTORY_WS_URL``) an endpoint's setting named for a service not Houston's?"""
    if gather_binding.names_houston(name) or _store_words(name) or gather_names.words(name) & _NO_GRAPHQL_WORDS:
        return False
    return bool(gather_names.words(name) & _ENDPOINT_WORDS) and gather_binding.service_named([name]) is not None


def _store_words(name: str) -> bool:
    from .gather_module import _store_words as store

    return store(name)
