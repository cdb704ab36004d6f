"""What ``self.url`` is, for a method that posts to it (red team 9, F4 p13).

A client class keeps its endpoint on the instance::

    class Acme:
        def __init__(self, url):
            self.url = url
        def q(self, doc):
            return requests.post(self.url, json={"query": doc})

    Acme("https://api.acme.com/query").q("{ deployments { id name } }")

The URL of that send is what the module gives the class: the value of
``self.url = ...`` in any method (a constant, an environment variable), a class
attribute ``url = "https://..."``, and, where the assigned value is a
parameter of ``__init__``, the argument for it at every instantiation
``Acme(...)`` in the module.  Each value comes with the scope its names are
looked up in.  ``gather_binding`` then weighs them: any naming Houston makes the
send Houston's; Houston's beside another concrete URL is undecided.

Classes inherit (red team 15, report 12, F1-F3): an instance's ``self.X`` is
what Python would find for it, read in its own class's MRO (the module's
classes its bases name): ``self.X = ...`` in a method of the MRO first (for a
parameter of ``__init__``: the argument of the instance's own construction,
followed through ``super().__init__(URL, ...)`` / ``Base.__init__(self, ...)``
chains), then a generated ``__init__``'s field (``@dataclass``, pydantic's
``BaseModel``: the construction's keyword or position, else the field's
default), then the class attribute of the first class of the MRO binding it.
Never a sibling class's: ``HoustonClient.url`` says nothing of a
``HasuraClient`` instance.  A value stored on the instance after its construction
(``c.url = OTHER``, ``setattr(c, "url", OTHER)``) is one of its values too
(``attribute_stores``, red team 19, F19).  Where the receiver of a method call is one known
construction (``hasura = HasuraClient(...)``; ``hasura.query(doc)``), that
instance's values are the send's (``of_instance``); where it is not (``self``,
a parameter), the values of every instance the module builds of the method's
class and its subclasses (``values``): two that disagree leave the document
undecided.

The index (class -> bases, subclasses, assignments, constructions) is built once
per module, memoised on the finder: one walk of each class's methods and one pass
over the module's calls; an MRO is at most ``_MAX_MRO`` classes and a family at
most ``_MAX_FAMILY``, so every ``self.X`` lookup after it is bounded (linear).
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import Dict, List, Optional, Tuple

from . import attribute_stores, call_url, url_wrappers

_MAX_VALUES = 8  # more values than this: a variable, not an endpoint setting
_MAX_MRO = 8  # classes read in one instance's MRO
_MAX_FAMILY = 16  # a class and its subclasses read for a receiver that is not placed
_GENERATED_INIT_BASES = frozenset({"BaseModel", "BaseSettings"})  # pydantic: keyword fields

Values = List[Tuple[ast.AST, object]]  # (value, scope to read it in; None: unknown)


class _Class:
    """What one class of the module gives its instances."""

    def __init__(self, scope) -> None:
        self.scope = scope
        self.node = scope.node
        self.bases: List["_Class"] = []
        self.subclasses: List["_Class"] = []
        self.assigned: Dict[str, List[Tuple[ast.AST, ast.AST]]] = {}  # X -> (value, method) of self.X = value
        self.init: Optional[ast.AST] = None
        self.super_call: Optional[Tuple[ast.Call, Optional[str]]] = None  # super().__init__(...) / Base.__init__(self, ...)
        self.built: List[Tuple[ast.Call, object]] = []  # Class(...) calls of the module
        self.generated = "none"  # "dataclass" (positional and keyword fields), "keywords" (pydantic)
        self.fields: List[str] = []  # annotated names of the class body, in order
        self.methods: Dict[str, ast.AST] = {}  # its own defs by name (first wins, as class_methods): one probe a lookup


_PLACED: List[Tuple[_Class, ast.Call, object]] = []  # the instance a send is being read for (``placed``)


@contextmanager
def placed(instance: Optional[Tuple[_Class, ast.Call, object]]):
    """Read every ``self.X`` of the instance's class as that one instance holds it, while inside.

    Red team 17, report 12, F28: ``self.session.post(f"{self.base}/v1", ...)`` called as
    ``catalog.query(doc)``: the f-string's ``self.base`` is the catalog construction's, never
    the Houston sibling's.  A stack, so a nested read keeps the innermost instance.
    """
    _PLACED.append(instance)
    try:
        yield instance
    finally:
        _PLACED.pop()


def values(node: ast.AST, scope, finder) -> Optional[Values]:
    """(value, scope to read it in) for each binding of ``self.X`` in ``scope``'s class; None if not ``self.X``.

    The receiver is not placed: every instance the module builds of the class or a subclass of it
    (inside ``placed(instance)``: that instance's own values, for a class of its MRO).
    """
    owner = _owner(node, scope, finder)
    if owner is None:
        return None
    # self.endpoint = f"{self.base}/v1": self.base of the instance self.endpoint was read for (red team 24, report 12, f16)
    instance = getattr(scope, "instance", None) or (_PLACED[-1] if _PLACED else None)
    if instance is not None and owner in _mro(instance[0]):
        own = _instance_values(instance[0], node.attr, instance[1], instance[2], finder)
        if own:
            return own[:_MAX_VALUES]
    found = _family_values(owner, node.attr, finder)
    if not found or len(found) > _MAX_VALUES:
        return None
    return found


def of_instance(node: ast.AST, scope, finder, outer: Optional[ast.Call], outer_scope) -> Optional[Values]:
    """The values of ``self.X`` (``node``, in a method) for the instance ``outer``'s receiver is, when it is
    one known construction of a class whose MRO holds the method's class; else None."""
    if outer is None:
        return None
    owner = _owner(node, scope, finder)
    instance = instance_of(outer, outer_scope, finder)
    if owner is None or instance is None or owner not in _mro(instance[0]):
        return None
    found = _instance_values(instance[0], node.attr, instance[1], instance[2], finder)
    return found[:_MAX_VALUES] if found else None


def instance_of(call: ast.Call, scope, finder) -> Optional[Tuple[_Class, ast.Call, object]]:
    """(class, construction, its scope) of the receiver of ``call`` (``C(...).q(d)``, ``c = C(...); c.q(d)``).

    Red team 17, report 12, F15/F28: also an instance called itself (``catalog(d)``, its class's
    ``__call__``), one kept on a service object (``self.catalog = GraphQL(URL)``; ``self.catalog.query(d)``)
    and one held in a dict literal (``CLIENTS = {"catalog": GraphQL(URL)}``; ``CLIENTS["catalog"].query(d)``):
    each is judged by its own construction, never by a sibling instance's.  Constant work: at most
    four values of a name, one class's ``self.X`` bindings, one dict literal's entries.
    """
    if finder is None:
        return None
    func = getattr(call, "func", None)
    if isinstance(func, ast.Attribute):
        receiver = func.value
    elif isinstance(func, ast.Name):  # catalog(d): the instance's __call__
        receiver = func
    else:
        return None
    built = _built(receiver, scope, finder)
    if built is None:
        return None
    index = _index(finder)
    made = {id(b): b for b in built if isinstance(b.func, ast.Name) and id(b) in index["constructions"]}
    if len(made) != 1 or len(built) != 1:
        return None  # two constructions of one name: not ours to pick
    construction = next(iter(made.values()))
    klass, call_scope = index["constructions"][id(construction)]
    return klass, construction, call_scope


def _built(receiver: ast.AST, scope, finder) -> Optional[List[ast.AST]]:
    """The values the receiver expression may hold (constructions among them), else None: not placed."""
    if isinstance(receiver, ast.Call):
        return [receiver]
    if isinstance(receiver, ast.Name) and scope is not None and receiver.id not in ("self", "cls"):
        # with Api(url=OTHER) as c: c.q(doc): the construction the with block binds (red team 19, F14)
        inside = call_url.in_with_block(receiver, scope, finder)
        if inside is not None:
            return [inside] if isinstance(inside, ast.Call) and _enters_itself(inside, finder) else None
        return [v for v in finder._resolve(receiver, scope)[:4] if isinstance(v, ast.Call)]
    if isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name) and receiver.value.id == "self":
        bound = values(receiver, scope, finder)  # self.catalog = GraphQL(URL) in the service's own class
        if not bound:
            return None
        unique = {id(v): v for v, _s in bound}
        return [v for v in unique.values() if isinstance(v, ast.Call)] if len(unique) == 1 else None
    if (isinstance(receiver, ast.Subscript) and isinstance(receiver.value, ast.Name) and scope is not None
            and isinstance(receiver.slice, ast.Constant) and isinstance(receiver.slice.value, str)):
        dicts = [v for v in finder._resolve(receiver.value, scope)[:4] if isinstance(v, ast.Dict)]
        if len(dicts) != 1:
            return None
        entries = [v for k, v in zip(dicts[0].keys, dicts[0].values) if isinstance(k, ast.Constant) and k.value == receiver.slice.value]
        return [v for v in entries if isinstance(v, ast.Call)] if len(entries) == 1 else None
    return None


def _enters_itself(construction: ast.Call, finder) -> bool:
    """Does ``with Klass(...) as c`` bind ``c`` to the instance: the module class's ``__enter__`` (or
    ``__aenter__``) returns ``self`` and nothing else."""
    if not isinstance(construction.func, ast.Name):
        return False
    for name in ("__enter__", "__aenter__"):
        method = inherited_method(finder, construction.func.id, name)
        if method is not None:
            me = method.args.args[0].arg if method.args.args else None
            returned = _returns(method)
            return bool(returned) and all(isinstance(r, ast.Name) and r.id == me for r in returned)
    return False


def inherited_method(finder, class_name: str, attr: str) -> Optional[ast.AST]:
    """The def ``attr`` an instance of the module's class ``class_name`` runs: its own, else the first base's in its MRO."""
    klass = _index(finder)["by_name"].get(class_name)
    if klass is None:
        return None
    for member in _mro(klass):  # at most _MAX_MRO dictionary probes: never a scan of a class body per call
        if attr in member.methods:
            return member.methods[attr]
    return None


def _owner(node: ast.AST, scope, finder) -> Optional[_Class]:
    if finder is None or not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
        return None
    if node.value.id not in ("self", "cls"):
        return None
    owner = scope
    while owner is not None and getattr(owner, "kind", None) != "class":
        # a value of self.X read for one instance (``_self_scope``, ``_construction_scope``): its class's self
        owner = getattr(owner, "self_class", None) or getattr(owner, "parent", None)
    if owner is None or not isinstance(getattr(owner, "node", None), ast.ClassDef):
        return None
    return _index(finder)["classes"].get(id(owner.node))


def _family_values(owner: _Class, attr: str, finder) -> Values:
    """Every instance's value of ``attr``: each construction of the class or a subclass of it."""
    family, queue = [], [owner]
    while queue and len(family) < _MAX_FAMILY:
        klass = queue.pop(0)
        if klass in family:
            continue
        family.append(klass)
        queue.extend(klass.subclasses)
    found: Values = []
    built = [k for k in family if k.built]
    for klass in built or family:
        for call, call_scope in (klass.built[: _MAX_VALUES + 1] if klass.built else [(None, None)]):
            found.extend(_instance_values(klass, attr, call, call_scope, finder))
            if len(found) > _MAX_VALUES:
                return found
    unique: Dict[Tuple[int, int], Tuple[ast.AST, object]] = {}
    for value, value_scope in found:
        unique.setdefault((id(value), id(value_scope)), (value, value_scope))
    return list(unique.values())


def _mro(klass: _Class) -> List[_Class]:
    """The class, then its bases depth first, left to right, each once (Python's order for the usual trees)."""
    order: List[_Class] = []
    stack = [klass]
    while stack and len(order) < _MAX_MRO:
        current = stack.pop()
        if current in order:
            continue
        order.append(current)
        stack.extend(reversed(current.bases))
    return order


def _instance_values(klass: _Class, attr: str, call: Optional[ast.Call], call_scope, finder) -> Values:
    """``self.attr`` of an instance of ``klass`` built by ``call`` (None: a construction not seen), and every
    value stored to it after the construction (``c = Acme(HOUSTON); c.url = OTHER``: red team 19, F19)."""
    found = _constructed_values(klass, attr, call, call_scope, finder)
    stored = attribute_stores.of(call, attr, finder) if call is not None else []
    return found + [item for item in stored if item not in found] if stored else found


def _constructed_values(klass: _Class, attr: str, call: Optional[ast.Call], call_scope, finder) -> Values:
    """``self.attr`` of an instance of ``klass`` as its class and construction ``call`` set it."""
    mro = _mro(klass)
    found: Values = []
    for member in mro:  # @property def url(self): return f"https://{self.host}/v1" (red team 17, report 12, F16)
        method = member.methods.get(attr)
        if method is not None and any(_name(d) == "property" for d in method.decorator_list):
            inner = finder.collector.def_scopes.get(id(method)) if hasattr(finder.collector, "def_scopes") else None
            return [(value, inner) for value in _returns(method)] if inner is not None else [(method, None)]
    runs = next((m for m in mro if m.init is not None), None)
    for member in mro:  # self.X = ... in a method: the instance's own, before any class attribute
        outer = member.scope.parent
        for value, method in member.assigned.get(attr, ())[: _MAX_VALUES + 1]:
            positional, keyword_only = _parameter_names(method)
            # self.url = url.rstrip("/"), str(url): the parameter's URL, normalised (red team 18, report 12, F11/F12)
            value = url_wrappers.base(value)
            if isinstance(value, ast.Name) and (value.id in positional or value.id in keyword_only):
                if method is member.init:
                    found.extend(_parameter(member, value.id, mro, call, call_scope, finder, 0))
                else:
                    found.append((value, None))  # a parameter of another method: unknown
            elif method is member.init and runs is member and _mentions(value, positional, keyword_only):
                # self.url = url.rstrip("/") + "/query", f"{url}/v1": built over the constructor's parameters,
                # read with each parameter bound to what this construction gives it (red team 18, report 12, class A);
                # no construction seen in the module: each parameter's default (red team 24, report 12, f17)
                if call is None:
                    found.append((value, _construction_scope(member, _NO_ARGUMENTS, finder.collector.module_scope, finder)))
                else:
                    found.append((value, _construction_scope(member, call, call_scope, finder)))
            elif method is member.init and runs is not member and _mentions(value, positional, keyword_only):
                # self.client = GraphqlClient(endpoint=url) in a base's __init__, reached by a subclass's
                # super().__init__(OTHER_URL): each parameter bound to what that chain gives it (red team 19, F14)
                found.append((value, _chained_scope(member, mro, call, call_scope, finder)))
            elif _reads_self(value, method):
                # self.endpoint = f"{self.base}/v1": built over another attribute of the same instance, read
                # in its method for that instance (red team 24, report 12, f16)
                found.append((value, _self_scope(member, method, klass, call, call_scope, finder)))
            else:
                # base = os.environ["HOUSTON_BASE"].rstrip("/"); self.url = f"{base}/v1": read where it is written, the
                # method's own locals first (red team 28, report 12, f5: read in the module, base was unknown)
                found.append((value, getattr(finder.collector, "def_scopes", {}).get(id(method)) or outer))
    if found:
        return found
    fields = _generated_fields(mro)
    if fields is not None and attr in fields:
        return [_field_value(mro, fields, attr, call, call_scope)]
    for member in mro:  # url = "https://..." in the class body: the first class of the MRO binding it
        bound = member.scope.bindings.get(attr)
        if bound:
            return [(value, member.scope) for value in bound[: _MAX_VALUES + 1]]
    return []


_MAX_MENTION_NODES = 32  # nodes of an assigned value looked at for a parameter: a URL expression is small


def _mentions(value: ast.AST, positional: List[str], keyword_only: set) -> bool:
    """Does the (small) expression ``value`` read a parameter of the method?  At most ``_MAX_MENTION_NODES`` nodes."""
    names = set(positional) | keyword_only
    stack, seen = [value], 0
    while stack and seen < _MAX_MENTION_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, ast.Name) and node.id in names:
            return True
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _construction_scope(member: _Class, call: ast.Call, call_scope, finder):
    """A scope seeing ``member.__init__``'s parameters bound to what ``call`` gives them (its defaults where it
    gives none; nothing where it cannot be seen), under the construction's own scope.  Made once per
    (constructor, construction) and kept on the finder: the finder memoises by scope identity."""
    memo = finder.__dict__.setdefault("_destination_construction_scopes", {})
    key = (id(member.init), id(call))
    if key not in memo:
        positional, keyword_only = _parameter_names(member.init)
        bindings: Dict[str, List[ast.AST]] = {}
        for name in positional + sorted(keyword_only):
            value, value_scope = _argument(call, call_scope, member.init, name, member.scope.parent)
            bindings[name] = [value] if value_scope is not None else []
        scope = type(call_scope)(kind="function", parent=call_scope, bindings=bindings)
        scope.construction = True  # a reader starts a level higher: self.url itself was the level (built_depth)
        # f"https://{host}{self.path}": self.path is this instance's, read in its class (red team 24, report 12, f16)
        scope.self_class = member.scope
        klass = _index(finder)["constructions"].get(id(call), (member,))[0]
        scope.instance = (klass, call, call_scope)
        memo[key] = scope
    return memo[key]


def _reads_self(value: ast.AST, method: ast.AST) -> bool:
    """Does the (small) expression ``value`` read an attribute of the method's own instance (``self.base``)?
    At most ``_MAX_MENTION_NODES`` nodes."""
    arguments = getattr(method, "args", None)
    if arguments is None or not arguments.args:
        return False
    me = arguments.args[0].arg
    stack, seen = [value], 0
    while stack and seen < _MAX_MENTION_NODES:
        node = stack.pop()
        seen += 1
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == me:
            return True
        if isinstance(node, (ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False


def _self_scope(member: _Class, method: ast.AST, klass: _Class, call, call_scope, finder):
    """A scope reading a value of ``self.X = ...`` in ``method`` for one instance (``klass`` built by ``call``; None:
    not seen): the method's own names, and ``self.Y`` as that instance holds it (``values`` reads ``instance``).

    Red team 24, report 12, f16: ``self.base = f"https://houston.{domain}"; self.endpoint = f"{self.base}/v1"`` then
    ``self.session.post(self.endpoint, ...)`` was not traced, while ``f"{self.base}/v1"`` written at the send was.
    Depth is the reader's (``gather_binding._words``: two levels), so a chain of attributes is bounded.  Made
    once per (method, instance class, construction) and kept on the finder, as ``_construction_scope``."""
    memo = finder.__dict__.setdefault("_destination_self_scopes", {})
    key = (id(method), id(klass), id(call))
    if key not in memo:
        inner = getattr(finder.collector, "def_scopes", {}).get(id(method)) or member.scope.parent
        scope = type(inner)(kind="function", parent=inner, bindings={})
        scope.construction = True  # read from the top, as a value built over the constructor's parameters
        scope.self_class = member.scope
        scope.instance = (klass, call, call_scope) if call is not None else None
        memo[key] = (scope, method, call)  # kept alive with it: ids stay unique
    return memo[key][0]


def _chained_scope(member: _Class, mro: List[_Class], call, call_scope, finder):
    """A scope seeing ``member.__init__``'s parameters bound to what reaches them through the
    ``super().__init__(...)`` / ``Base.__init__(self, ...)`` chain from the instance's own ``__init__``
    (``_parameter``; nothing where that is not seen), under the module's scope.  Made once per
    (constructor, instance class, construction) and kept on the finder, as ``_construction_scope``."""
    memo = finder.__dict__.setdefault("_destination_chained_scopes", {})
    key = (id(member.init), id(mro[0]), id(call))
    if key not in memo:
        positional, keyword_only = _parameter_names(member.init)
        bindings: Dict[str, List[ast.AST]] = {}
        for name in positional + sorted(keyword_only):
            reached = _parameter(member, name, mro, call, call_scope, finder, 0)
            bindings[name] = [value for value, value_scope in reached[:1] if value_scope is not None]
        outer = finder.collector.module_scope
        scope = type(outer)(kind="function", parent=outer, bindings=bindings)
        scope.construction = True
        memo[key] = (scope, call)  # the construction kept alive with it: ids stay unique
    return memo[key][0]


def built_depth(value_scope) -> int:
    """The depth ``gather_binding`` reads a ``self.X`` value at: 0 for one built over the constructor's
    parameters (its names must still reach the construction's arguments), else 1."""
    return 0 if getattr(value_scope, "construction", False) else 1


def _returns(method: ast.AST) -> List[ast.AST]:
    """The values a property returns in its own body (nested defs and classes not entered), at most
    ``_MAX_VALUES`` + 1: a walk of one method, done once per read of that property."""
    found: List[ast.AST] = []
    stack = list(method.body)
    while stack and len(found) <= _MAX_VALUES:
        statement = stack.pop()
        if isinstance(statement, ast.Return) and statement.value is not None:
            found.append(statement.value)
        elif not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(child for child in ast.iter_child_nodes(statement) if isinstance(child, ast.stmt))
    return found


def _parameter(member: _Class, name: str, mro: List[_Class], call, call_scope, finder, depth: int) -> Values:
    """What ``member.__init__``'s parameter ``name`` holds for the instance: the construction's argument where
    that ``__init__`` is the one the construction runs, else the argument of the ``super().__init__(...)`` /
    ``Base.__init__(self, ...)`` call reaching it from the class before it."""
    runs = next((m for m in mro if m.init is not None), None)
    outer = member.scope.parent
    if runs is member:
        if call is None:
            # no construction seen in the module (a client library's module, built by its importers): the parameter's
            # default decides, AstroClient(url="https://api.astronomer.io/hub/v1") (red team 24, report 12, f17); none: unknown
            value, value_scope = _argument(_NO_ARGUMENTS, None, member.init, name, outer)
            return [(value, value_scope) if value_scope is not None else (member.init, None)]
        return [_argument(call, call_scope, member.init, name, outer)]
    caller = runs
    while caller is not None and depth < _MAX_MRO:
        depth += 1
        if caller.super_call is None:
            return [(member.init, None)]  # the base's __init__ is not seen to run
        super_call, named = caller.super_call
        after = mro[mro.index(caller) + 1 :] if named is None else [m for m in mro if m.node.name == named][:1]
        if named is not None and after:
            after = mro[mro.index(after[0]) :]
        reached = next((m for m in after if m.init is not None), None)
        if reached is None:
            return [(member.init, None)]
        if reached is member:
            arguments = ast.Call(func=super_call.func, args=super_call.args[1:] if named is not None else super_call.args,
                                 keywords=super_call.keywords)
            caller_scope = finder.collector.def_scopes.get(id(caller.init)) if hasattr(finder.collector, "def_scopes") else None
            value, value_scope = _argument(arguments, caller_scope or caller.scope.parent, member.init, name, outer)
            if value_scope is not None and isinstance(value, ast.Name):
                positional, keyword_only = _parameter_names(caller.init)
                if value.id in positional or value.id in keyword_only:  # super().__init__(url, ...): the caller's own
                    return _parameter(caller, value.id, mro, call, call_scope, finder, depth)
            return [(value, value_scope)]
        caller = reached
    return [(member.init, None)]


_NO_ARGUMENTS = ast.Call(func=ast.Name(id="_", ctx=ast.Load()), args=[], keywords=[])  # a construction giving nothing


def _parameter_names(method: ast.AST) -> Tuple[List[str], set]:
    arguments = method.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args][1:]
    return positional, {a.arg for a in arguments.kwonlyargs}


def _argument(call: ast.Call, call_scope, method, parameter: str, outer) -> Tuple[ast.AST, object]:
    """The argument ``call`` gives ``method``'s ``parameter`` (its default when it gives none); scope None: unknown."""
    positional, _keyword_only = _parameter_names(method)
    keyword = next((k.value for k in call.keywords if k.arg == parameter), None)
    if keyword is not None:
        return keyword, call_scope
    if parameter in positional:
        index = positional.index(parameter)
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return call, None  # Acme(*args): the URL cannot be seen
        if index < len(call.args):
            return call.args[index], call_scope
    if any(k.arg is None for k in call.keywords):
        return call, None  # Acme(**conf)
    arguments = method.args
    all_positional = arguments.posonlyargs + arguments.args
    defaults = dict(zip([a.arg for a in all_positional[len(all_positional) - len(arguments.defaults):]], arguments.defaults))
    defaults.update({a.arg: d for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None})
    if parameter in defaults:
        return defaults[parameter], outer
    return call, None


def _generated_fields(mro: List[_Class]) -> Optional[List[str]]:
    """The fields of a generated ``__init__`` (dataclass / pydantic), base classes' first; None: no such init."""
    if not any(m.generated != "none" for m in mro) or any(m.init is not None for m in mro):
        return None
    fields: List[str] = []
    for member in reversed(mro):
        for name in member.fields:
            if name not in fields:
                fields.append(name)
    return fields


def _field_value(mro: List[_Class], fields: List[str], attr: str, call, call_scope) -> Tuple[ast.AST, object]:
    """The value a generated ``__init__`` stores for ``attr``: the construction's keyword or position, else the default."""
    if call is not None:
        keyword = next((k.value for k in call.keywords if k.arg == attr), None)
        if keyword is not None:
            return keyword, call_scope
        positional = all(m.generated == "dataclass" for m in mro if m.generated != "none")
        index = fields.index(attr)
        if any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
            return call, None
        if positional and index < len(call.args):
            return call.args[index], call_scope
        if any(k.arg is None for k in call.keywords):
            return call, None
    for member in mro:
        bound = member.scope.bindings.get(attr)
        if bound:
            default = bound[-1]
            if isinstance(default, ast.Call) and _name(default.func) == "field":  # field(default="https://...")
                default = next((k.value for k in default.keywords if k.arg == "default"), None)
                if default is None:
                    return bound[-1], None
            return default, member.scope
    return (call if call is not None else mro[0].node), None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _index(finder) -> dict:
    memo = finder.__dict__.get("_destination_instance_classes")
    if memo is not None:
        return memo
    collector = finder.collector
    classes: Dict[int, _Class] = {}
    named: Dict[str, List[_Class]] = {}
    for class_scope in collector.class_scopes:
        if isinstance(class_scope.node, ast.ClassDef):
            klass = classes[id(class_scope.node)] = _Class(class_scope)
            named.setdefault(class_scope.node.name, []).append(klass)
    by_name = {name: found[0] for name, found in named.items() if len(found) == 1}  # a name defined twice: not placed
    for klass in classes.values():
        node = klass.node
        for base in node.bases:
            parent = by_name.get(_name(base)) if isinstance(base, (ast.Name, ast.Attribute)) else None
            if parent is not None and parent is not klass:
                klass.bases.append(parent)
                parent.subclasses.append(klass)
            if _name(base) in _GENERATED_INIT_BASES:
                klass.generated = "keywords"
        if any(_name(d) == "dataclass" for d in node.decorator_list):
            klass.generated = "dataclass"
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                klass.fields.append(statement.target.id)
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                klass.methods.setdefault(statement.name, statement)
            if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) or not statement.args.args:
                continue
            if statement.name == "__init__":
                klass.init = statement
            me = statement.args.args[0].arg
            for inner in ast.walk(statement):
                if isinstance(inner, ast.Call) and statement.name == "__init__" and klass.super_call is None:
                    klass.super_call = _super_init(inner, me)
                if not isinstance(inner, (ast.Assign, ast.AnnAssign)) or inner.value is None:
                    continue
                targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == me:
                        klass.assigned.setdefault(target.attr, []).append((inner.value, statement))
    constructions: Dict[int, Tuple[_Class, object]] = {}
    for call, call_scope in collector.calls:  # Acme(...): one pass over the module's calls
        if isinstance(call.func, ast.Name) and call.func.id in by_name:
            klass = by_name[call.func.id]
            klass.built.append((call, call_scope))
            constructions[id(call)] = (klass, call_scope)
    memo = {"classes": classes, "by_name": by_name, "constructions": constructions}
    finder.__dict__["_destination_instance_classes"] = memo
    return memo


def _super_init(call: ast.Call, me: str) -> Optional[Tuple[ast.Call, Optional[str]]]:
    """``super().__init__(...)`` -> (call, None); ``Base.__init__(self, ...)`` -> (call, "Base"); else None."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "__init__"):
        return None
    if isinstance(func.value, ast.Call) and isinstance(func.value.func, ast.Name) and func.value.func.id == "super":
        return call, None
    if isinstance(func.value, ast.Name) and call.args and isinstance(call.args[0], ast.Name) and call.args[0].id == me:
        return call, func.value.id
    return None


def module_mro(klass: _Class) -> List[_Class]:
    """The classes of the module in ``klass``'s MRO (its bases imported from elsewhere are not among them)."""
    return _mro(klass)


def own_values(instance: Tuple[_Class, ast.Call, object], attr: str, finder) -> Values:
    """``self.attr`` of ``instance`` (``instance_of``'s answer) as the module's classes of its MRO bind it; []: not bound here."""
    klass, construction, scope = instance
    return _instance_values(klass, attr, construction, scope, finder)[:_MAX_VALUES]


def class_names(finder) -> Dict[str, "_Class"]:
    """The module's classes by name (a name defined once), for placing a receiver's class."""
    return _index(finder)["by_name"]


def owner_class(node: ast.AST, scope, finder) -> Optional[_Class]:
    """The module class whose method reads ``node`` (``self.X``), else None."""
    return _owner(node, scope, finder)
