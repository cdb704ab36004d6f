"""Who else reads a name: the evidence that a Python binding is shared.

Editing a binding changes every reader of it, not only the Houston document we
migrate.  ``AC_VERSION = "2.3.1"`` spliced into a ``createDeployment`` document
is often also the filter of ``runtimeReleases(airflowVersion:)``, a Helm value
or a ``pip install apache-airflow==`` pin; a variables dict is often sent with
more than one document.  This index lists, for one module, every place a name
is read, written or named, so that a rule can prove a binding private before it
edits it.  It is built once per module, with an explicit stack (no recursion
limit), and only when a rule asks.

The test is by name within the binding's scope, nested scopes included: a
module-level name is read by anything in the module that uses it, a function's
local by anything inside that function (a nested function that rebinds the name
still counts).  Erring that way can only turn an edit into a review item, never
the other way round.  A document's own name is resolved as Python does (``home``):
a function's local or parameter is that function's, so a helper's ``query``
parameter or a sibling function's ``q`` is never taken for a second use of the
caller's document (red team 13, F11), and N such functions cost N, not N*N (F12).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Tuple

from .tree_nodes import child_nodes


@dataclass
class NameUses:
    loads: List[ast.Name] = field(default_factory=list)
    stores: List[ast.AST] = field(default_factory=list)  # Name (Store/Del) targets
    mentions: List[ast.AST] = field(default_factory=list)  # attribute names, strings, global/nonlocal, imports


class ModuleNames:
    def __init__(self, module: ast.Module) -> None:
        self.uses: Dict[str, NameUses] = {}
        # Keyed by the node itself (an AST node hashes by identity): no int object per node, which at
        # 20,000 documents in one file was 4.5 MB of the peak (issue 15, the memory row)
        self.parents: Dict[ast.AST, ast.AST] = {}
        self.root = module
        self._inside: Dict[Tuple[str, str], Dict[int, List[ast.AST]]] = {}  # see inside()
        stack: List[ast.AST] = [module]
        while stack:
            node = stack.pop()
            for child in child_nodes(node):  # ast.iter_child_nodes, without its generators (issue 15)
                self.parents[child] = node
                stack.append(child)
            self._note(node)

    def _entry(self, name: str) -> NameUses:
        return self.uses.setdefault(name, NameUses())

    def _note(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            entry = self._entry(node.id)
            (entry.loads if isinstance(node.ctx, ast.Load) else entry.stores).append(node)
        elif isinstance(node, ast.Attribute):
            self._entry(node.attr).mentions.append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                self._entry(name).mentions.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self._entry((alias.asname or alias.name).split(".")[0]).stores.append(node)
                self._entry(alias.name).mentions.append(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            # __all__ = ["AC_VERSION"], globals()["AC_VERSION"], getattr(module, "AC_VERSION")
            self._entry(node.value).mentions.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._entry(node.name).stores.append(node)
        elif isinstance(node, ast.arg):
            self._entry(node.arg).stores.append(node)

    def get(self, name: str) -> NameUses:
        return self.uses.get(name, NameUses())

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return self.parents.get(node)

    def scope_of(self, node: ast.AST) -> Optional[ast.AST]:
        """The function, lambda, class or module a node's names belong to."""
        current = self.parent(node)
        while current is not None and not isinstance(current, _SCOPE_NODES):
            current = self.parent(current)
        return current

    def within(self, node: ast.AST, scope: Optional[ast.AST]) -> bool:
        """Whether ``node`` sits anywhere inside ``scope`` (nested functions included)."""
        current: Optional[ast.AST] = node
        while current is not None:
            if current is scope:
                return True
            current = self.parent(current)
        return False

    def first_inside(self, nodes: Iterable[ast.AST]) -> Dict[int, ast.AST]:
        """id(n) -> the first of ``nodes`` (in their order) that is ``n`` or sits inside ``n``.

        ``first_inside(uses)[id(scope)]`` answers "which use is within ``scope``" for every
        scope at once: asking ``within`` of each use for each of N scopes is N*N parent walks.
        Each walk up stops at the first node an earlier use already reached (every node
        above it was reached then too), so the whole index costs one visit per node
        recorded: linear in the uses and their ancestors.
        """
        first: Dict[int, ast.AST] = {}
        for node in nodes:
            current: Optional[ast.AST] = node
            while current is not None and id(current) not in first:
                first[id(current)] = node
                current = self.parent(current)
        return first

    def inside(self, name: str, kind: str, scope: ast.AST) -> List[ast.AST]:
        """The ``kind`` ("loads", "stores" or "mentions") uses of ``name`` that sit inside ``scope``
        (a function, lambda, class or module: nested functions included), in their order.

        Same answer as filtering them with ``within``, but from an index built once per name and
        kind: N dicts each bound to ``v`` in its own function would otherwise each filter the N
        uses of ``v`` (N*N parent walks).  Each use is listed under every scope around it.
        """
        key = (name, kind)
        index = self._inside.get(key)
        if index is None:
            index = self._inside[key] = {}
            for node in getattr(self.get(name), kind):
                current: Optional[ast.AST] = node
                while current is not None:
                    if isinstance(current, _SCOPE_NODES):
                        index.setdefault(id(current), []).append(node)
                    current = self.parent(current)
        return index.get(id(scope), [])


    # -- which binding a use refers to (red team 13, F11/F12) -------------------------------
    def home(self, name: str, node: ast.AST) -> ast.AST:
        """The scope owning the ``name`` bound (or read) at ``node``: a function, lambda or class
        that binds ``name`` itself (assignment, parameter, ``for``/``with`` target, import, def),
        else the module.  ``global`` sends it to the module and ``nonlocal`` to the function
        around; a class body's names are not seen from its methods.  So two functions' locals
        ``q`` are two names, and a helper's parameter ``query`` is not a caller's local ``query``.
        """
        local, declared = self._locals_of(name)
        scope = self._scope_of_use(node)
        from_class_body = True
        while scope is not None and not isinstance(scope, ast.Module):
            kind = declared.get(id(scope))
            if kind == "global":
                break
            if kind is None and id(scope) in local and (from_class_body or not isinstance(scope, ast.ClassDef)):
                return scope
            from_class_body = False
            scope = self.scope_of(scope)
        return self._module()

    def loads_of_binding(self, name: str, node: ast.AST) -> List[ast.Name]:
        """The reads of the ``name`` bound at ``node``: only those that refer to the same binding
        (see ``home``), in module order.  Indexed once per name: linear in its reads."""
        return self._homes(name, "loads").get(id(self.home(name, node)), [])

    def uses_of_binding(self, name: str, kind: str, node: ast.AST) -> List[ast.AST]:
        """``kind`` ("loads", "stores") uses of the ``name`` bound at ``node`` (see ``home``)."""
        return self._homes(name, kind).get(id(self.home(name, node)), [])

    def _homes(self, name: str, kind: str) -> Dict[int, List[ast.AST]]:
        key = ("homes", name, kind)
        index = self._inside.get(key)
        if index is None:
            index = self._inside[key] = {}
            for use in getattr(self.get(name), kind):
                index.setdefault(id(self.home(name, use)), []).append(use)
        return index

    def _locals_of(self, name: str):
        """(ids of the scopes binding ``name`` themselves, scope id -> "global"/"nonlocal" declared there)."""
        key = ("locals", name, "")
        found = self._inside.get(key)
        if found is None:
            uses = self.get(name)
            declared = {}
            for mention in uses.mentions:
                if isinstance(mention, (ast.Global, ast.Nonlocal)):
                    declared[id(self.scope_of(mention))] = "global" if isinstance(mention, ast.Global) else "nonlocal"
            local = {id(self._scope_of_use(store)) for store in uses.stores}
            found = self._inside[key] = (local, declared)
        return found

    def _scope_of_use(self, node: ast.AST) -> Optional[ast.AST]:
        """The scope a name at ``node`` is looked up in first.  A function's name, decorators,
        defaults and annotations belong to the scope around it; its parameters to itself."""
        previous, current = node, self.parent(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                if previous is current.args:
                    if isinstance(node, ast.arg) and self.parent(node) is previous:
                        return current
                elif previous is not getattr(current, "returns", None) and not _among(previous, getattr(current, "decorator_list", ())):
                    return current
            elif isinstance(current, ast.ClassDef):
                if not _among(previous, current.decorator_list + current.bases + current.keywords):
                    return current
            elif isinstance(current, ast.Module):
                return current
            previous, current = current, self.parent(current)
        return None

    def _module(self) -> ast.AST:
        return self.root


def _among(node: ast.AST, nodes) -> bool:
    """Whether ``node`` is one of ``nodes`` (by identity: a decorator, base or keyword list)."""
    return any(node is n for n in nodes)


_SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.Module)
_CLASS_MENTIONS_NAMED = 16  # mentions of a class attribute's name listed as its other uses


def reachable_class(names: ModuleNames, scope: Optional[ast.AST]) -> Optional[ast.ClassDef]:
    """The module-level class through which code outside the module reaches an attribute bound in class
    ``scope`` (``Deployer`` for ``Deployer.DEFAULTS``, ``Outer`` for ``Outer.Inner.X``), or None: not a
    class, or a class inside a function (red team 22, report 11b, f1/f2)."""
    outer = None
    while isinstance(scope, ast.ClassDef):
        outer = scope
        scope = names.scope_of(scope)
    return outer if isinstance(scope, ast.Module) else None


def other_uses_of_constant(
    names: ModuleNames, load: ast.Name, literal: ast.AST, exported: bool
) -> Optional[List[int]]:
    """Lines where the constant read by ``load`` is used otherwise, or None when it is private.

    Private means: bound once, read only here, never named in a string, an
    attribute, ``global``/``nonlocal`` or an import, and not ``exported`` (a
    module-level name others can see: see ``PythonDocumentFinder.exported``).
    An exported constant with no other use in the module is reported with an
    empty list of lines: it is shared with whatever imports it.
    """
    uses = names.get(load.id)
    binding = _assignment(names, literal)  # the assignment of the literal itself
    home = names.home(load.id, load)  # another function's own name of the same spelling is another name (F11)
    stores = names.uses_of_binding(load.id, "stores", load)
    rebinds = [n for n in stores if _assignment(names, n) is not binding or binding is None]
    # Strings and attributes named like a local are not reads of it; ``nonlocal`` is.  A class
    # attribute is read as an attribute (``self.VERSION``, ``Create.VERSION``, ``getattr(cls, "VERSION")``)
    # from anywhere, so every mention counts, as for a module-level name (red team 22, report 11b, f2).
    if isinstance(home, ast.ClassDef):
        # Any mention makes it shared, so a bounded few are enough to name (N classes binding one
        # attribute name each would otherwise list all N mentions N times).
        mentions = uses.mentions[:_CLASS_MENTIONS_NAMED]
    elif home is names.root:
        mentions = uses.mentions
    else:
        mentions = [n for n in names.inside(load.id, "mentions", home) if isinstance(n, ast.Nonlocal)]
    others = [n for n in names.loads_of_binding(load.id, load) if n is not load] + mentions + rebinds
    # eval("1 + 1") or exec("print(tag)") of a written text reads the names that text holds, no other
    others += [reader for reader in dynamic_readers(names, home) if _may_read(names, reader, load.id)]
    if others:
        return sorted({n.lineno for n in others if hasattr(n, "lineno")})
    if exported:
        return []
    return None


def _assignment(names: ModuleNames, node: ast.AST) -> Optional[ast.AST]:
    """The statement binding ``node`` (a target or a value), through a tuple: ``version, label = "2.3.4-11", "etl"``
    binds ``version`` to its literal (red team 23, report 11b, f7)."""
    parent = names.parent(node)
    return names.parent(parent) if isinstance(parent, (ast.Tuple, ast.List)) else parent


# Calls that read every name of the scope they run in, by a name the index cannot see: ``"{version}".format(
# **locals())``, ``"%(ver)s" % vars()``, ``eval("v")``, ``exec(code)``, ``Template(t).substitute(vars())``
# (red team 23, report 11b, f1).  ``globals()`` reads the module's names only.
_SCOPE_READERS = ("locals", "vars", "eval", "exec")
_MODULE_READERS = _SCOPE_READERS + ("globals",)
# Red team 24 (report 11b), f1: a frame's namespace is the same mapping.  ``sys._getframe().f_locals``,
# ``sys._getframe(0).f_locals``, ``inspect.currentframe().f_locals`` and ``inspect.stack()[0].frame.f_locals``
# read the names of the function they run in, as ``locals()`` does.  Any other frame's (a helper's
# ``inspect.currentframe().f_back.f_locals`` or ``sys._getframe(1).f_locals``, a frame bound to a name, a
# traceback's ``tb_frame``, ``getattr(frame, "f_locals")``, ``inspect.getargvalues(frame)``) may be any
# caller's: the tool does not follow who calls what, so every function of the module counts as read.  So does
# a scope reader named without being called here (``ctx = locals`` then ``ctx()``, ``builtins.locals`` passed
# on, ``from builtins import locals as names``): whoever calls it reads the scope it is called in.  A frame's
# ``f_globals`` reads the module's names.
_OWN_FRAME_CALLS = ("_getframe", "currentframe")
_BUILTINS_MODULES = ("builtins", "__builtins__")


def dynamic_readers(names: ModuleNames, home: Optional[ast.AST]) -> List[ast.AST]:
    """The calls inside ``home`` (nested functions included; anywhere for the module) that may read any of its
    names: a binding there is never private to one reader.  ``vars(obj)`` reads ``obj``, not the scope.  With
    them, the frame reads and scope readers passed on of ``_frame_readers``.  Indexed once per reader name
    (``inside``) and once per module (``_frame_readers``): linear."""
    if home is None or isinstance(home, ast.ClassDef):
        return []
    memo = names._inside.setdefault(("dynamic readers", ""), {})
    if id(home) in memo:  # every constant of a scope asks: once per scope
        return memo[id(home)]
    readers = _MODULE_READERS if home is names.root else _SCOPE_READERS
    found = memo[id(home)] = []
    for reader in readers:
        for use in names.inside(reader, "loads", home):
            call = names.parent(use)
            if not (isinstance(call, ast.Call) and call.func is use):
                continue
            if reader == "vars" and (call.args or call.keywords):
                continue
            if reader in ("locals", "vars") or home is not names.root:
                # locals() and vars() read the scope they are called in, and so do eval and exec for a
                # function's names: a call in a nested function reads that function's (red team 23, 11b, f1
                # controls: `def f(): return locals()` hands no module name away)
                if _enclosing_function(names, use, home) is not None:
                    continue
            found.append(use)
    own, anywhere, module = _frame_readers(names)
    found.extend(own.get(id(home), ()))
    # Any one of these makes every binding shared, so a bounded few are enough to name: N functions each
    # reading some frame's f_locals would otherwise give each of N scopes all N reads (N*N).
    found.extend(anywhere[:_CLASS_MENTIONS_NAMED])
    if home is names.root:
        found.extend(module[:_CLASS_MENTIONS_NAMED])
    return found


def _frame_readers(names: ModuleNames) -> tuple:
    """(scope id -> the reads of that scope's own frame, the reads that may be of any function's frame, the
    reads of the module's names) of the module (see ``_OWN_FRAME_CALLS``): built once per module."""
    key = ("frame readers", "")
    if key in names._inside:
        return names._inside[key]
    own: Dict[int, List[ast.AST]] = {}
    anywhere: List[ast.AST] = []
    module: List[ast.AST] = list(names.get("f_globals").mentions)
    for node in names.get("f_locals").mentions:
        if isinstance(node, ast.Attribute) and _own_frame(node.value):
            scope = _enclosing_function(names, node, names.root) or names.root
            own.setdefault(id(scope), []).append(node)
        elif isinstance(node, (ast.Attribute, ast.Constant)):
            anywhere.append(node)
    anywhere.extend(n for n in names.get("getargvalues").loads + names.get("getargvalues").mentions if hasattr(n, "lineno"))
    aliases = set(_BUILTINS_MODULES)
    for mention in names.get("builtins").mentions:  # import builtins as b
        if isinstance(mention, ast.Import):
            aliases.update(a.asname or a.name for a in mention.names if a.name == "builtins")
    for reader in _MODULE_READERS:
        uses = names.get(reader)
        for use in uses.loads:  # ctx = locals; f(vars): a reader named without being called
            call = names.parent(use)
            if not (isinstance(call, ast.Call) and call.func is use):
                (module if reader == "globals" else anywhere).append(use)
        for mention in uses.mentions:
            if isinstance(mention, ast.ImportFrom) and mention.module == "builtins":
                (module if reader == "globals" else anywhere).append(mention)  # from builtins import locals
            elif isinstance(mention, ast.Attribute) and isinstance(mention.value, ast.Name) and mention.value.id in aliases:
                call = names.parent(mention)
                if isinstance(call, ast.Call) and call.func is mention:  # builtins.locals(): as locals() there
                    if reader == "vars" and (call.args or call.keywords):
                        continue
                    if reader == "globals":
                        module.append(mention)
                    else:
                        scope = _enclosing_function(names, mention, names.root) or names.root
                        own.setdefault(id(scope), []).append(mention)
                else:
                    (module if reader == "globals" else anywhere).append(mention)
    found = names._inside[key] = (own, anywhere, module)
    return found


def reads_own_scope(node: ast.AST) -> bool:
    """Whether ``node`` is the mapping of the names of the scope it is written in: ``locals()``, ``vars()``,
    ``builtins.locals()``, or its own frame's ``f_locals`` (``sys._getframe().f_locals``,
    ``inspect.currentframe().f_locals``, ``inspect.stack()[0].frame.f_locals``: red team 24, report 11b, f1)."""
    if isinstance(node, ast.Attribute) and node.attr == "f_locals":
        return _own_frame(node.value)
    if not (isinstance(node, ast.Call) and not node.args and not node.keywords):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in ("locals", "vars")
    return (
        isinstance(func, ast.Attribute) and func.attr in ("locals", "vars") and isinstance(func.value, ast.Name)
        and func.value.id in _BUILTINS_MODULES
    )


def _own_frame(frame: ast.AST) -> bool:
    """Whether ``frame`` is the frame of the code it is written in: ``sys._getframe()`` / ``_getframe(0)``,
    ``inspect.currentframe()``, ``inspect.stack()[0].frame`` / ``inspect.stack()[0][0]``."""
    if isinstance(frame, ast.Call):
        called = _called_name(frame)
        if called == "currentframe":
            return not frame.args and not frame.keywords
        if called == "_getframe":
            return not frame.keywords and (
                not frame.args or (len(frame.args) == 1 and isinstance(frame.args[0], ast.Constant) and frame.args[0].value == 0)
            )
        return False
    if isinstance(frame, ast.Attribute) and frame.attr == "frame":
        record = frame.value
    elif isinstance(frame, ast.Subscript) and _index_zero(frame):
        record = frame.value
    else:
        return False
    return (
        isinstance(record, ast.Subscript) and _index_zero(record) and isinstance(record.value, ast.Call)
        and _called_name(record.value) == "stack"
    )


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _index_zero(node: ast.Subscript) -> bool:
    return isinstance(node.slice, ast.Constant) and type(node.slice.value) is int and node.slice.value == 0


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")  # one name: a class run (linear)


def _may_read(names: ModuleNames, reader: ast.AST, name: str) -> bool:
    """Whether the scope reader ``reader`` may read ``name``: always, but for ``eval``/``exec`` of a written
    string, which reads the names its text holds (``exec("print(1)")`` reads none)."""
    call = names.parent(reader)
    spelled = getattr(reader, "id", None) or getattr(reader, "attr", None)
    if spelled in ("eval", "exec") and isinstance(call, ast.Call) and call.func is reader and call.args:
        code = call.args[0]
        if isinstance(code, ast.Constant) and isinstance(code.value, str):
            return name in _WORD.findall(code.value)
    return True


def _enclosing_function(names: ModuleNames, node: ast.AST, home: ast.AST) -> Optional[ast.AST]:
    """The innermost function (def or lambda) holding ``node`` below ``home``, or None."""
    current = names.parent(node)
    while current is not None and current is not home:
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return current
        current = names.parent(current)
    return None


def unseen_sends(
    names: ModuleNames, bound: List[str], calls: List[ast.AST], harmless=lambda load: False,
    at: Optional[ast.AST] = None,
) -> List[int]:
    """Lines where a document's name is used by something other than the calls known to send it.

    A document may be renamed only when every place that may send it is one of
    ``calls``.  A read of one of its ``bound`` names counts as seen when it sits
    inside one of those calls, when ``harmless`` says so (it is only shown), or
    when it is the value (through ``A if c else B``, ``.replace(...)``, ...) of a
    name every read of which is seen in the same way.  Anything else (a list or
    dict of documents, a ``return``, a name bound too often to follow) may send
    it where the variables cannot be seen.  With ``at`` (where the names are bound), only
    reads of that binding count: another function's own ``q`` is another name (red team 13 F11).
    """
    inside = {id(call) for call in calls}
    lines: List[int] = []

    def statement_of(load: ast.AST):
        """(seen, the statement holding ``load``): seen when a known call holds it first."""
        current = names.parent(load)
        while current is not None and not isinstance(current, ast.stmt):
            if id(current) in inside:
                return True, None
            current = names.parent(current)
        return False, current

    aliases: Dict[Tuple[str, int], bool] = {}  # each alias binding judged once: linear in the module's reads

    def alias_seen(alias: str, statement: ast.AST) -> bool:
        key = (alias, id(names.home(alias, statement)))
        if key not in aliases:
            alias_loads = names.loads_of_binding(alias, statement)
            aliases[key] = bool(alias_loads) and all(
                harmless(n) or _reads_other_part(names, n, harmless) or statement_of(n)[0] for n in alias_loads
            )
        return aliases[key]

    for name in bound:
        for load in (names.get(name).loads if at is None else names.loads_of_binding(name, at)):
            if harmless(load):
                continue
            seen, statement = statement_of(load)
            if seen:
                continue
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                if all(isinstance(t, ast.Name) for t in targets) and names.within(load, statement.value):
                    if all(alias_seen(t.id, statement) for t in targets):
                        continue
            lines.append(load.lineno)
    return sorted(set(lines))


def _reads_other_part(names: ModuleNames, load: ast.Name, harmless) -> bool:
    """``body["variables"]``: a part of a request body other than its document is read (or only shown)."""
    subscript = names.parent(load)
    if not isinstance(subscript, ast.Subscript) or subscript.value is not load:
        return False
    key = subscript.slice.value if isinstance(subscript.slice, getattr(ast, "Index", ())) else subscript.slice
    return isinstance(key, ast.Constant) and isinstance(key.value, str) and (key.value != "query" or harmless(subscript))
