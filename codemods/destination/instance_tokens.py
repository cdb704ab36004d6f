"""Which instance a Houston token is given to (red team 24, report 12, f6).

A script keeps one client per API, two instances of one class or of one library client::

    platform = GraphQL(PLATFORM_URL, {"authorization": os.environ["HOUSTON_API_TOKEN"]})
    directory = GraphQL(DIRECTORY_URL, {"x-api-key": os.environ["DIRECTORY_KEY"]})
    directory.run(TEAMS)

    platform = httpx.Client(base_url=..., headers={"authorization": HOUSTON_API_TOKEN})
    directory = requests.Session(); directory.headers.update({"x-api-key": ...})

The file names Houston only in ``platform``'s construction (or in a header store on ``platform``): that token
goes with ``platform``'s sends, never with ``directory``'s, whatever way the class keeps what it is given
(``self.headers = headers or {}``, ``dict(headers)``, ``{**headers}``, ``{"authorization": token}``,
``self.session.headers.update(headers)``).  Two answers:

* ``owner``: the construction a Houston mention of the file belongs to, when each one sits in the arguments of a
  construction (a module class's, or a library HTTP client's: ``httpx.Client``, ``requests.Session``,
  ``aiohttp.ClientSession``) or a header store on an instance of one; ``verdict`` then gives a document sent only
  through another instance of the same class no context from it ("if unsure, the instance gets no Houston
  evidence from another instance"), and keeps it for one sent through that very instance;
* ``kept_sibling_line``: the line of a sibling construction whose Houston argument the class keeps on the instance
  only (every read of that ``__init__`` parameter is inside a store to ``self``), or a sibling library client
  carrying a Houston header: that sibling is the file's Houston endpoint, so ``gather_binding`` says the
  document's own send, to another concrete URL, is not to it (strong), as for ``self.headers = headers``.

Cost: the module's constructions and header stores are indexed once per file (one pass over the finder's calls
and one scoped walk of the statements, memoised on the finder); each question after that is a few probes.
"""

from __future__ import annotations

import ast
from typing import Dict, List, Optional, Tuple

from . import instance_url

_LIBRARY_MODULES = frozenset({"httpx", "requests", "aiohttp"})
_LIBRARY_CLIENTS = frozenset({"Client", "AsyncClient", "Session", "session", "ClientSession"})
# What a library client sends with every request, set after its construction: platform.headers[...] = TOKEN.
_CARRIED = frozenset({"headers", "auth", "cookies", "params"})
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_NESTED = (ast.stmt, ast.excepthandler) + ((ast.match_case,) if hasattr(ast, "match_case") else ())
_MAX_VALUES = 4  # values of a name looked at for its construction
_MAX_USES = 64  # nodes of an __init__ read for a parameter's uses: a constructor is small


class _Index:
    def __init__(self) -> None:
        self.spans: List[Tuple[int, int, ast.Call]] = []  # (start, end) offsets of a carrier -> its construction
        self.family: Dict[int, tuple] = {}  # id(construction) -> ("class", id) / ("client", "httpx.Client")
        self.stores: Dict[int, List[Tuple[ast.AST, object]]] = {}  # id(library construction) -> (value stored to its headers, scope)
        self.members: Dict[tuple, List[ast.Call]] = {}  # family -> its constructions, in the module's order
        self.owners: Dict[int, Optional[ast.Call]] = {}  # offset of a mention -> its construction (``owner``, memo)


def library_client(call: ast.AST, finder) -> Optional[str]:
    """``httpx.Client`` / ``requests.Session`` / ``aiohttp.ClientSession`` (also imported by name) built by ``call``, else None."""
    if not isinstance(call, ast.Call):
        return None
    imported = getattr(finder.collector, "imported", {})
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.attr in _LIBRARY_CLIENTS:
        module = imported.get(func.value.id, "")
        return f"{module}.{func.attr}" if module.split(".")[0] in _LIBRARY_MODULES else None
    if isinstance(func, ast.Name) and func.id in _LIBRARY_CLIENTS:
        origin = imported.get(func.id, "")
        return origin if origin.split(".")[0] in _LIBRARY_MODULES else None
    return None


def _index(finder) -> _Index:
    memo = finder.__dict__.get("_destination_instance_tokens")
    if memo is not None:
        return memo
    index = finder.__dict__["_destination_instance_tokens"] = _Index()
    collector = finder.collector
    for klass in instance_url.class_names(finder).values():
        for call, _scope in klass.built:
            index.family[id(call)] = ("class", id(klass))
            index.members.setdefault(("class", id(klass)), []).append(call)
            index.spans.append((*finder.span_of(call), call))
    for call, _scope in collector.calls:
        made = library_client(call, finder)
        if made is not None:
            index.family[id(call)] = ("client", made)
            index.members.setdefault(("client", made), []).append(call)
            index.spans.append((*finder.span_of(call), call))
    module = getattr(finder, "module", None)
    if module is None:
        return index
    stack = [(statement, collector.module_scope) for statement in reversed(module.body)]
    while stack:  # platform.headers["authorization"] = T, platform.headers = {...}, platform.auth = (...)
        node, scope = stack.pop()
        if isinstance(node, _SCOPES):
            inner = collector.def_scopes.get(id(node), scope)
            stack.extend((statement, inner) for statement in reversed(node.body))
            continue
        held, given = None, []
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            held, given = next((h for h in map(_carrier_name, targets) if h is not None), None), [node.value]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
            held = _carrier_name(node.value.func.value)  # platform.headers.update({...})
            given = list(node.value.args[:4]) + [k.value for k in node.value.keywords[:4]]
        if held is not None:
            for value in finder._resolve(held, scope)[:_MAX_VALUES]:
                if id(value) in index.family and index.family[id(value)][0] == "client":
                    index.spans.append((*finder.span_of(node), value))
                    index.stores.setdefault(id(value), []).extend((item, scope) for item in given)
        children = [child for child in ast.iter_child_nodes(node) if isinstance(child, _NESTED)]
        stack.extend((child, scope) for child in reversed(children))
    return index


def _carrier_name(target: ast.AST) -> Optional[ast.Name]:
    """``platform`` of ``platform.headers``, ``platform.headers["k"]``: a name whose carried attribute is set."""
    if isinstance(target, ast.Subscript):
        target = target.value
    if isinstance(target, ast.Attribute) and target.attr in _CARRIED and isinstance(target.value, ast.Name):
        return target.value
    return None


def owner(offset: int, finder) -> Optional[ast.Call]:
    """The construction whose arguments (or a header store on whose instance) hold the file offset, else None."""
    if finder is None:
        return None
    index = _index(finder)
    if offset not in index.owners:  # once per mention and file (at most gather_module's first 64 mentions)
        inside = [(end - start, call) for start, end, call in index.spans if start <= offset < end]
        index.owners[offset] = min(inside, key=lambda pair: pair[0])[1] if inside else None
    return index.owners[offset]


def family(construction: ast.AST, finder) -> Optional[tuple]:
    return _index(finder).family.get(id(construction)) if finder is not None else None


def receiver_construction(call: ast.Call, scope, finder) -> Optional[ast.Call]:
    """The one construction (module class or library client) the receiver of ``call`` holds, else None."""
    func = getattr(call, "func", None)
    receiver = func.value if isinstance(func, ast.Attribute) else None
    if isinstance(receiver, ast.Call):
        return receiver if family(receiver, finder) is not None else None
    if not isinstance(receiver, ast.Name) or scope is None or receiver.id in ("self", "cls"):
        return None
    values = [v for v in finder._resolve(receiver, scope)[:_MAX_VALUES] if v is not receiver]
    built = [v for v in values if family(v, finder) is not None]
    return built[0] if len(built) == 1 and len(values) == 1 else None


def document_instances(source, finder) -> List[ast.Call]:
    """The construction each send of the document goes through (``directory.run(q)`` of ``directory = GraphQL(...)``,
    ``directory.post(...)`` of ``directory = httpx.Client(...)``); [] when one send goes through none seen."""
    from .gather_binding import _sending_calls

    if finder is None or not source.sites:
        return []
    found: List[ast.Call] = []
    for site in source.sites[:8]:
        if site.kind == "helper":
            instance = instance_url.instance_of(site.call, site.scope, finder)
            if instance is None:
                return []
            found.append(instance[1])
            continue
        calls = _sending_calls(site, finder)[:4]
        if not calls:
            return []
        for call, scope in calls:
            built = receiver_construction(call, scope, finder)
            if built is None:
                return []
            found.append(built)
    return found


def bound_names(construction: ast.Call, finder) -> List[str]:
    """The names an assignment binds ``construction`` to (``platform`` of ``platform = GraphQL(...)``)."""
    from .call_url import _parents

    parent = _parents(finder).get(id(construction))
    if isinstance(parent, (ast.Assign, ast.AnnAssign)):
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        return [t.id for t in targets if isinstance(t, ast.Name)]
    return []


def _reads_name(node: ast.AST, names: List[str]) -> bool:
    """Does the (small) construction ``node`` read one of ``names``?  At most ``_MAX_USES`` nodes."""
    stack, seen = [node], 0
    while stack and seen < _MAX_USES:
        current = stack.pop()
        seen += 1
        if isinstance(current, ast.Name) and current.id in names:
            return True
        stack.extend(ast.iter_child_nodes(current))
    return seen >= _MAX_USES


def another_instances(offsets: List[int], own: List[ast.Call], finder) -> Optional[ast.Call]:
    """The construction the file's Houston mentions (``offsets``) all belong to, when it is another instance of
    the one class (or library client) every construction of ``own`` (the document's sends' receivers) is, and
    none of those is built from it (``GraphQL(URL, platform.headers)``); else None."""
    if finder is None or not offsets or not own:
        return None
    owners = {id(c): c for c in (owner(offset, finder) for offset in offsets)}
    if None in owners.values() or len(owners) != 1:
        return None
    other = next(iter(owners.values()))
    kinds = {family(c, finder) for c in own}
    if len(kinds) != 1 or family(other, finder) not in kinds or any(c is other for c in own):
        return None
    names = bound_names(other, finder)
    stores = _index(finder).stores
    if not names or any(_reads_name(c, names) for c in own) or any(_reads_name(v, names) for c in own for v, _s in stores.get(id(c), ())):
        return None
    return other


def own_instance(offsets: List[int], own: List[ast.Call], finder) -> bool:
    """Do the file's Houston mentions all belong to the one construction every send of the document goes through?"""
    if finder is None or not offsets or not own or any(c is not own[0] for c in own):
        return False
    return all(owner(offset, finder) is own[0] for offset in offsets)


def kept_sibling_line(instance, finder, names_houston) -> Optional[int]:
    """The line of another construction of ``instance``'s class whose argument naming Houston the class keeps on
    the instance only (every read of that ``__init__`` parameter sits in a store to ``self``: ``self.headers =
    headers or {}``, ``dict(headers)``, ``{**headers}``, ``{"authorization": token}``, ``self.session.headers
    .update(headers)``), while ``instance``'s own construction gives it nothing naming Houston; else None.

    ``names_houston(node, scope)``: does that argument name Houston (``gather_binding``'s reading)."""
    klass, construction, scope = instance
    init = klass.init
    if init is None:
        return None
    positional = [a.arg for a in init.args.posonlyargs + init.args.args][1:]
    keyword_only = [a.arg for a in init.args.kwonlyargs]
    me = (init.args.posonlyargs + init.args.args)[0].arg if (init.args.posonlyargs + init.args.args) else None
    for other, other_scope in klass.built[:8]:
        if other is construction:
            continue
        for parameter in positional + keyword_only:
            given = _given(other, parameter, positional)
            if given is None or not names_houston(given, other_scope):
                continue
            mine = _given(construction, parameter, positional)
            if mine is not None and names_houston(mine, scope):
                continue
            names = bound_names(other, finder)  # GraphQL(URL2, platform.headers): built from the sibling, carrying it
            if me is not None and names and not _reads_name(construction, names) and _kept_on_instance(init, parameter, me, finder):
                return getattr(other, "lineno", 0)
    return None


def _given(call: ast.Call, parameter: str, positional: List[str]) -> Optional[ast.AST]:
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    keyword = next((k.value for k in call.keywords if k.arg == parameter), None)
    if keyword is not None:
        return keyword
    if parameter in positional and positional.index(parameter) < len(call.args):
        return call.args[positional.index(parameter)]
    return None


def library_sibling_line(construction: ast.Call, finder, names_houston, scope) -> Optional[int]:
    """The line of another construction of the same library client (``httpx.Client``, ``requests.Session``) that
    carries a Houston header (its ``headers=`` / ``auth=`` / ``cookies=``, or a store to its ``.headers``), while
    ``construction`` carries none; else None."""
    kind = family(construction, finder)
    if kind is None or kind[0] != "client":
        return None
    index = _index(finder)

    def carries(call: ast.Call) -> bool:
        carried = [(k.value, scope) for k in call.keywords if k.arg in _CARRIED] + index.stores.get(id(call), [])
        return any(names_houston(node, node_scope) for node, node_scope in carried[:8])

    if carries(construction):
        return None
    carried = [value for value, _s in index.stores.get(id(construction), ())]
    for other in index.members.get(kind, [])[:8]:
        names = bound_names(other, finder) if other is not construction and carries(other) else []
        if names and not _reads_name(construction, names) and not any(_reads_name(value, names) for value in carried):
            return getattr(other, "lineno", 0)
    return None


def _kept_on_instance(init: ast.AST, parameter: str, me: str, finder) -> bool:
    """Is every read of ``parameter`` in ``init`` inside a statement storing to ``me`` (``self.X = ...``,
    ``self.X[k] = ...``, ``self.X.headers.update(...)``, the last two on an object this ``__init__`` makes
    itself, never a shared one: ``self.headers = HEADERS; self.headers.update(headers)`` would carry the token
    to every instance), a presence test at most besides (``if token:``), and the parameter never rebound?"""
    uses = 0
    for statement in _statements(init.body):
        if isinstance(statement, _Test):
            if _reads(statement.node, parameter) and not _presence(statement.node, parameter):
                return False
            continue
        reads = [n for n in ast.walk(statement) if isinstance(n, ast.Name) and n.id == parameter]
        if not reads:
            continue
        uses += 1
        if any(isinstance(n.ctx, (ast.Store, ast.Del)) for n in reads):
            return False
        if isinstance(statement, (ast.Assign, ast.AnnAssign)):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            if not all(_rooted_at(t, me) and (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) or _fresh(init, t, me, finder))
                       for t in targets):
                return False
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            func = statement.value.func
            if not (isinstance(func, ast.Attribute) and _rooted_at(func.value, me) and _fresh(init, func.value, me, finder)):
                return False
        else:
            return False
    return uses > 0


class _Test:
    """A condition of a compound statement of the constructor (``if token:``), read apart from the stores."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node


def _reads(node: ast.AST, parameter: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == parameter for n in ast.walk(node))


def _presence(test: ast.AST, parameter: str) -> bool:
    """``token``, ``not token``, ``token is None`` / ``is not None``: a test of presence, which carries nothing."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        test = test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Is, ast.IsNot)):
        if isinstance(test.comparators[0], ast.Constant) and test.comparators[0].value is None:
            test = test.left
    return isinstance(test, ast.Name) and test.id == parameter


def _statements(body: List[ast.stmt]) -> list:
    """The simple statements of a constructor, compound ones' bodies entered and their conditions kept apart
    (``_Test``); a nested def or a loop is returned whole (refused if it reads the parameter)."""
    found: list = []
    stack = list(reversed(body))
    while stack and len(found) < _MAX_USES:
        statement = stack.pop()
        if isinstance(statement, (ast.If, ast.With, ast.AsyncWith, ast.Try)):
            if isinstance(statement, ast.If):
                found.append(_Test(statement.test))
            for item in getattr(statement, "items", []) or []:
                found.append(ast.Expr(value=item.context_expr))
            for name in ("body", "orelse", "finalbody"):
                stack.extend(reversed(getattr(statement, name, []) or []))
            for handler in getattr(statement, "handlers", []) or []:
                stack.extend(reversed(handler.body))
        else:
            found.append(statement)
    return found


def _fresh(init: ast.AST, target: ast.AST, me: str, finder) -> bool:
    """Is the object ``self.X`` at the root of ``target`` (``self.session`` of ``self.session.headers[...]``) made
    by this ``__init__`` itself: ``self.X = requests.Session()`` / ``httpx.Client(...)`` / ``dict(...)`` / a dict
    literal, and bound nowhere else in it?"""
    node = target
    while isinstance(node, (ast.Attribute, ast.Subscript)) and not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        node = node.value
    if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == me):
        return False
    made = []
    for statement in _statements(init.body):
        if isinstance(statement, ast.Assign):
            for t in statement.targets:
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == me and t.attr == node.attr:
                    made.append(statement.value)
    if len(made) != 1:
        return False
    value = made[0]
    if isinstance(value, ast.Dict):
        return True
    return isinstance(value, ast.Call) and (library_client(value, finder) is not None or (isinstance(value.func, ast.Name) and value.func.id == "dict"))


def _rooted_at(node: ast.AST, me: str) -> bool:
    """``self.X``, ``self.X.Y[k]``: an attribute / subscript chain down to the name ``me``, at least one level
    (never through ``__class__`` or ``__dict__``: a class's state is every instance's)."""
    depth = 0
    while isinstance(node, (ast.Attribute, ast.Subscript)) and depth < 8:
        if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            return False
        node = node.value
        depth += 1
    return depth > 0 and isinstance(node, ast.Name) and node.id == me
