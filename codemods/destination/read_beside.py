"""An untraced document read beside another API's URL or command: the send the tool cannot read says where it goes.

Red team 14, report 12, F1.  Scripts send GraphQL in ways the tool does not follow
as sends, in a file that also has a Houston helper, whose endpoint then spoke for
every untraced document ("Houston endpoint named in the file")::

    subprocess.run(["gh", "api", "graphql", "-f", f"query={USER_Q}"])           # GitHub's own CLI
    requester.requestJsonAndCheck("POST", "/graphql", input={"query": USER_Q})  # PyGithub
    GitHubAPI("https://api.github.com/").graphql(USER_Q)                          # a URL at the call
    c.setopt(c.URL, "https://api.github.com/graphql")                            # pycurl: the same object,
    c.setopt(c.POSTFIELDS, json.dumps({"query": USER_Q}))                         # one statement before
    async with websockets.connect("wss://chat.example/graphql") as ws:           # the object the read's
        await ws.send(json.dumps({"payload": {"query": USER_Q}}))                 # call is made on

What the read's own statement writes, what earlier statements (at most four, in the
same block) do to the object the read's call is made on, and the URL an enclosing
``with`` built that object from, are the send's words.  A URL there that is a known
other API's host, a ``/graphql`` path (Houston serves ``/v1``) or a whole URL on a
host that is not Houston's -- shaped like an API endpoint (``graphql`` in it, or an
``api.`` host; a link in a message is not one) -- or the GitHub CLI (``gh api``), is strong evidence
against: it outweighs the file's context and the document's own words.  It is read
only for a document no evidence above context placed (its own send, name, run), so
it never contradicts a traced send; a ``HOUSTON_*`` name against it leaves the
document undecided.  A URL there whose host is Houston's (a ``houston`` label: a string or an
f-string, ``websockets.connect(f"wss://houston.{domain}/ws")``, ``c.setopt(c.URL,
"https://houston.acme.com/v1")``) is strong evidence for Houston, as the same host written at a
traced send is (red team 22, report 12, f10: Houston's log subscription over its websocket was "not
Houston" on the word ``log`` alone, the file importing no HTTP client for its context to count).
A link in a message (a string holding a space) says nothing either way.

Cost: at most ``_MAX_READS`` reads of the document's names, each walked up at most
``_MAX_UP`` parents, at most ``_MAX_NODES`` nodes read per statement: constant work
per document.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from .evidence import STRONG, Evidence
from .gather_calls import describe_url, foreign_path, houston_host_graphql_path, names_houston, url_direction

_MAX_READS = 8
_MAX_UP = 16
_MAX_NODES = 256
_MAX_BEFORE = 4  # statements before the read's, in its block
_COMPOUND_HEADS = {ast.If: ("test",), ast.While: ("test",), ast.For: ("iter",), ast.AsyncFor: ("iter",), ast.With: ("items",), ast.AsyncWith: ("items",)}


def gather(source, finder) -> List[Evidence]:
    names = getattr(finder, "names", None)
    if names is None or source.node is None:
        return []
    reads: List[ast.AST] = []
    for name in list(source.names)[:4]:
        reads.extend(names.loads_of_binding(name, source.node)[:_MAX_READS])
    parent = names.parent(source.node)
    if not isinstance(parent, (ast.Assign, ast.AnnAssign)):
        reads.append(source.node)  # written at the send itself
    for read in reads[:_MAX_READS]:
        if _handed_to_a_function(read, names):
            continue  # pick(MQ): what is sent is what pick returns, not known to be this document
        found = _beside(read, names)
        if found is not None:
            houston, what, line = found
            at = getattr(read, "lineno", 0)
            setting = what.startswith("environment variable")
            whose = ("Houston's setting" if setting else "Houston's host") if houston else "another API's"
            return [Evidence("read-beside", houston, STRONG, f"read at line {at} beside {what} (line {line}): {whose}; this send is not traced")]
    return []


_BUILDERS = frozenset({"dict", "str", "dumps", "format"})


def _handed_to_a_function(read: ast.AST, names) -> bool:
    """``pick(MQ)``: the read is an argument of a plain function call that may return anything."""
    parent = names.parent(read)
    if not (isinstance(parent, ast.Call) and read in parent.args):
        return False
    return isinstance(parent.func, ast.Name) and parent.func.id not in _BUILDERS


def _beside(read: ast.AST, names) -> Optional[Tuple[bool, str, int]]:
    statement, withs = _statement_of(read, names)
    if statement is None:
        return None
    said = _said(_heads(statement), names)
    if said is not None:
        return (*said, statement.lineno)
    receivers = _receivers(_heads(statement))
    if not receivers:
        return None
    block, index = _block_of(statement, names)
    if block is not None:
        for before in reversed(block[max(0, index - _MAX_BEFORE):index]):
            if _acts_on(before, receivers):
                said = _said([before], names)
                if said is not None:
                    return (*said, before.lineno)
    for with_statement in withs:
        for item in with_statement.items:
            target = item.optional_vars
            if isinstance(target, ast.Name) and target.id in receivers:
                said = _said([item.context_expr], names)
                if said is not None:
                    return (*said, with_statement.lineno)
    return None


def _statement_of(node: ast.AST, names) -> Tuple[Optional[ast.stmt], List[ast.AST]]:
    """The statement holding ``node``, and the ``with`` statements around it (up to its function)."""
    statement, withs = None, []
    current = node
    for _ in range(_MAX_UP):
        current = names.parent(current)
        if current is None or isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Module, ast.Lambda)):
            break
        if isinstance(current, ast.stmt):
            if statement is None:
                statement = current
            elif isinstance(current, (ast.With, ast.AsyncWith)):
                withs.append(current)
    return statement, withs


def _heads(statement: ast.stmt) -> List[ast.AST]:
    """What a statement itself writes: a compound statement's head, never its body."""
    fields = _COMPOUND_HEADS.get(type(statement))
    if fields is None:
        return [statement] if not isinstance(statement, (ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) else []
    heads: List[ast.AST] = []
    for field in fields:
        value = getattr(statement, field)
        heads.extend(value if isinstance(value, list) else [value])
    return heads


def _walk(nodes: List[ast.AST]):
    seen = 0
    stack = list(nodes)
    while stack and seen < _MAX_NODES:
        node = stack.pop()
        seen += 1
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _said(nodes: List[ast.AST], names=None) -> Optional[Tuple[bool, str]]:
    """(True, a Houston host's URL) or (False, another API's URL or the GitHub CLI) written in ``nodes``,
    or bound once to a name read there (``WS_URL = f"wss://houston.{DOMAIN}/ws"``; ``connect(WS_URL)``),
    described; else None."""
    read = _environment_said(nodes, names)
    if read is not None:
        return read if read[0] is not None else None
    for node in _walk(_with_values(nodes, names)):
        if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) >= 2 and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts[:2]
        ) and [e.value for e in node.elts[:2]] == ["gh", "api"]:
            return False, "the GitHub CLI (gh api)"
        if isinstance(node, ast.JoinedStr):
            houston = _houston_host(_rendered(node))
            if houston is not None:
                return True, f"url {houston}"
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 300:
            text = node.value
            if "://" not in text and not (text.startswith("/") and " " not in text):
                continue
            houston = _houston_host(text)
            if houston is not None:
                return True, f"url {houston}"
            if names_houston(text) or not _api_like(text):
                continue  # a link in a message (github.com/acme/repo), a webhook: not where GraphQL goes
            if url_direction(repr(text)) is False:
                return False, f"url {describe_url(repr(text))}"
            foreign = foreign_path(repr(text))
            if foreign is not None:
                return False, f"endpoint {foreign}"
    return None


def _environment_said(nodes: List[ast.AST], names) -> Optional[Tuple[Optional[bool], str]]:
    """(True, ``environment variable HOUSTON_WS``) or (False, another API's variable) for the first call in
    ``nodes`` whose URL (its first argument, or ``uri=`` / ``url=``) is an environment read whose variable's name
    speaks (``os.getenv("HOUSTON_WS", "wss://houston...")``, ``os.environ["HOUSTON_WS_URL"]``, through
    ``.rstrip("/")`` and the like, written there or bound once to the name given); (None, ...) when its URL
    default says otherwise (another API's URL: both are read, as at a traced send, so nothing is said); else
    None.  Only the URL is read: a token read from ``HOUSTON_API_TOKEN`` for a header or a message places nothing.

    Red team 23, report 12, f7: ``websockets.connect(HOUSTON_WS)`` with ``HOUSTON_WS = os.environ["HOUSTON_WS_URL"]``
    was "not Houston" while the literal ``"wss://houston.../ws"`` was Houston's host and ``requests.post`` to the
    same read decisive.  The variable's name is read as ``gather_binding`` reads a traced send's: ``names_houston``
    for Houston, a known other API's name against.  Constant work: the nodes ``_walk`` gives.
    """
    from ..sources.url_values import environment_read
    from .file_sends import service_endpoint_name
    from .gather_names import direction

    for node in _walk(nodes):
        if not isinstance(node, ast.Call):
            continue
        url = next((k.value for k in node.keywords if k.arg in ("uri", "url")), node.args[0] if node.args else None)
        read = _environment_of(url, names)
        if read is None:
            continue
        variable, default = read
        if names_houston(variable):
            if default is not None and _houston_host(default) is None and (
                    url_direction(repr(default)) is False or foreign_path(repr(default)) is not None):
                return None, variable  # the name says Houston, the default another API: nothing said
            return True, f"environment variable {variable}"
        if direction(variable) is False or service_endpoint_name(variable):
            # INVENTORY_WS_URL: an endpoint's variable named for another service, as a traced send reads it (RT25 12 f7)
            return False, f"environment variable {variable}"
    return None


_MAX_PARTS = 8  # parts of an f-string read
_MAX_NAMES = 4  # names read in a statement whose one binding is looked at


def _with_values(nodes: List[ast.AST], names) -> List[ast.AST]:
    """``nodes`` and, for the first few names they read that are bound exactly once (``URL = "..."``),
    the string or f-string each is bound to: a URL given a name first is the same URL."""
    if names is None:
        return nodes
    values: List[ast.AST] = []
    for node in _walk(nodes):
        if len(values) >= _MAX_NAMES:
            break
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            stores = names.get(node.id).stores
            if len(stores) != 1 or not isinstance(stores[0], ast.Name) or _bound_around(node, names):
                continue
            statement = names.parent(stores[0])
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and isinstance(statement.value, (ast.Constant, ast.JoinedStr)):
                values.append(statement.value)

    return list(nodes) + values


def _environment_of(url: Optional[ast.AST], names) -> Optional[tuple]:
    """(variable, URL default or None) of an environment read, maybe normalised (``os.environ["X"].rstrip("/")``),
    written as ``url`` or bound once to the name ``url`` is; else None."""
    from ..sources.url_values import environment_read
    from .url_wrappers import base

    if isinstance(url, ast.Name) and names is not None:
        stores = names.get(url.id).stores
        single = len(stores) == 1 and isinstance(stores[0], ast.Name) and not _bound_around(url, names)
        statement = names.parent(stores[0]) if single else None
        url = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
    return environment_read(base(url)) if url is not None else None


def _bound_around(read: ast.Name, names) -> bool:
    """Is the name ``read`` reads bound around it by a form that stores no Name: a parameter of an enclosing def
    or lambda (``lambda URL: post(URL, ...)``), or a capture of an enclosing match case (``case {"url": URL}:``)?
    Then the one ``URL = "..."`` of the file is another binding, never what is read here (red team 29, report 12,
    f1 f2). At most ``_MAX_UP`` parents, each case's pattern at most ``_MAX_NODES`` nodes: constant work."""
    current = read
    for _ in range(_MAX_UP):
        current = names.parent(current)
        if current is None or isinstance(current, (ast.Module, ast.ClassDef)):
            return False
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            arguments = current.args
            every = list(getattr(arguments, "posonlyargs", [])) + list(arguments.args) + list(arguments.kwonlyargs)
            every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
            if any(a.arg == read.id for a in every):
                return True
        pattern = getattr(current, "pattern", None) if type(current).__name__ == "match_case" else None
        if pattern is not None:
            for node in _walk([pattern]):
                if read.id in (getattr(node, "name", None), getattr(node, "rest", None)):
                    return True
    return False


def _rendered(node: ast.JoinedStr) -> str:
    """An f-string's text with each ``{...}`` shown as its code (``wss://houston.{os.environ['X']}/ws``),
    at most ``_MAX_PARTS`` parts of at most 100 characters each: constant work."""
    parts = []
    for part in node.values[:_MAX_PARTS]:
        if isinstance(part, ast.Constant):
            parts.append(str(part.value)[:100])
        elif isinstance(part, ast.FormattedValue):
            parts.append("{" + _code(part.value) + "}")
    return "".join(parts)


def _code(node: ast.AST) -> str:
    """A short expression's code (a name, an attribute, a subscript, a call), else ``...``."""
    if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call, ast.Constant)) and sum(1 for _ in _walk([node])) <= 16:
        return ast.unparse(node)[:60]
    return "..."


_WEB_SOCKET = {"ws://": "http://", "wss://": "https://"}


def _houston_host(text: str) -> Optional[str]:
    """``text`` shown, when it is a whole URL (no space: a message is not one) whose host is Houston's
    (``names_houston`` reads ``https`` hosts: a websocket's ``wss://`` is read as one), else None.
    A ``houston`` host at a ``/graphql`` path places nothing (red team 17, report 12, F6)."""
    if len(text) >= 300 or any(c.isspace() for c in text):
        return None
    scheme = next((s for s in _WEB_SOCKET if text.lower().startswith(s)), None)
    url = _WEB_SOCKET[scheme] + text[len(scheme):] if scheme else text
    if not url.lower().startswith(("http://", "https://")):
        return None
    if names_houston(url) and houston_host_graphql_path(url) is None:
        return text.split("://", 1)[1][:80]
    return None


def _api_like(text: str) -> bool:
    """A GraphQL endpoint's shape: ``graphql`` in it, or an ``api.`` host (``https://api.github.com/``)."""
    lowered = text.lower()
    return "graphql" in lowered or "://api." in lowered


def _receivers(nodes: List[ast.AST]) -> set:
    """``c`` of ``c.setopt(...)``, ``ws`` of ``ws.send(...)``: the objects the statement's calls are made on."""
    found = set()
    for node in _walk(nodes):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
            found.add(node.func.value.id)
    return found


def _acts_on(statement: ast.stmt, receivers: set) -> bool:
    """``c.setopt(c.URL, ...)`` (a call on one of them) or ``c = pycurl.Curl()`` (building one)."""
    if isinstance(statement, ast.Expr):
        value = statement.value.value if isinstance(statement.value, ast.Await) else statement.value
        return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Name) and value.func.value.id in receivers
    if isinstance(statement, ast.Assign):
        return any(isinstance(t, ast.Name) and t.id in receivers for t in statement.targets)
    return False


def _block_of(statement: ast.stmt, names) -> Tuple[Optional[list], int]:
    """The statement list holding ``statement`` and its place there, or (None, 0).

    Each parent's lists are indexed once (kept on ``names``, which lives as long as the tree):
    searching the module's body for each document made a module of 16,000 top-level documents
    quadratic (red team 16, report 11a, F1)."""
    parent = names.parent(statement)
    places = getattr(names, "_statement_places", None)
    if places is None:
        places = {}
        try:
            names._statement_places = places
        except AttributeError:
            pass
    indexed = places.get(id(parent))
    if indexed is None:
        indexed = places[id(parent)] = {}
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list):
                for position, member in enumerate(block):
                    indexed.setdefault(id(member), (block, position))
    return indexed.get(id(statement), (None, 0))
