"""AC versions one step from a literal, on the write side (red team 20, report 13, F2).

``check`` after ``rewrite`` reviews a value sent to a Runtime version argument when it reads as an AC
version: a literal, a name bound only to literals (``sent_values.bound_literal``), a conditional, a
dict constant's values (``ac_format_reads.value_texts``).  The most common shapes of a default version
in automation scripts are one step further, and a script sending ``runtimeVersion: "2.3.4-11"`` (which
Houston rejects) passed ``check --houston-version 1.0.1`` silently:

* a local alias of a module constant: ``AC_VERSION = "2.3.4-11"`` then ``version = AC_VERSION``;
* a parameter's default: ``def create(ws, version=AC_VERSION)`` / ``version="2.3.4-11"``;
* an environment or mapping default: ``target = os.environ.get("TARGET_AC", "2.4.3-6")``,
  ``dep.get("version", "2.4.3-6")`` (bound to a name or sent as it is);
* a loop over literal rows: ``for label, version in [("etl", "2.3.4-11"), ("ml", "2.2.5")]``;
* a module function returning one: ``target_version()`` with ``def target_version(): return "2.4.3-6"``
  (the ``return`` statements of its own body, every one readable).

:func:`texts` gives the strings such a value may be (each binding of the name in its own scope, one
step each, so the walk is bounded), in order; a name also bound to something that cannot be read
(``odd = "2.3.4"; odd = wanted``, a parameter with no default) gives nothing, as ``bound_literal`` does; the caller keeps those that read as AC versions and
names them with their Runtime equivalents ("it may be ...": a parameter may be given another value, a
default is only used when the variable is unset).  Names are looked up through the module's binding
index (``ModuleNames.uses_of_binding``): linear.

Red team 22 (report 13), f5: a parameter with no default, ``def upgrade(dep_id, version)`` sending
``{"desiredAirflowVersion": version}``, called by the module itself with AC literals (``upgrade("d1",
"2.4.3-6")``, ``upgrade("d2", version="2.3.4-11")``): rewrite renamed the key with one generic review and
check 1.0.1 afterwards was silent while the script sent AC versions as ``desiredRuntimeVersion``.  The tool
already reads what the module's calls pass for an image parameter and for a variables parameter
(``forwarded_variables.caller_arguments``); :func:`review_callers` reads them for the version too, and
reviews each AC version a call passes (a literal, or one step from one) where that call writes it, naming
its Runtime equivalent.  Only a parameter its function never rebinds (``version = normalise(version)``
would send something else); the calls are the module's own (another module's are not seen), so this
reviews what it sees and never edits a caller.

Red team 24 (report 13), f1/f2/f5: this is the one reader of "the AC values reaching this value", so the
forms it follows are followed by every review that uses it (a variables-dict value, a caller's argument, a
template hole's name): a name unpacked from rows at any depth, or in the loop's body (``for i, (dep, ver) in
enumerate(ROLLOUT)``, ``zip(DEPS, VERS)``, ``ROLLOUT[1:]``, ``dict(ROLLOUT).items()``, ``dep, ver = row``,
``row[1]``), and a name bound to a conditional expression or an ``or`` fallback, each branch or operand that
can be read (``sys.argv[2] if ... else "2.4.3-6"``, ``os.environ.get("TARGET_AC") or "2.4.3-6"``).  One
reading has a budget of visits (``_MAX_VISITS``), so chains of such names cost a constant per value.
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from ..sources import cli_defaults  # what a command-line option holds when the script runs without it
from ..sources.forwarded_variables import caller_arguments  # what the module's calls pass for a parameter
from . import ac_format_reads  # a module dict constant's values (VERSIONS[env])

_MAX_STORES = 8  # bindings of one name read
_MAX_TEXTS = 16  # strings listed for one value


_MAX_VISITS = 256  # expressions one reading looks at: conditionals and rows multiply, this bounds them


class _Found(list):
    """The strings gathered, with the visits left to the whole reading (shared by the lists of its parts),
    so a chain of conditionals of names bound to conditionals costs a constant, not their product."""

    def __init__(self, left: List[int]):
        super().__init__()
        self.left = left

    def fresh(self) -> "_Found":
        return _Found(self.left)


def texts(finder, value: ast.AST) -> List[str]:
    """The strings ``value`` may be, one step from a literal (see the module); [] when none is readable."""
    found = _Found([_MAX_VISITS])
    _value(finder, value, found, 2)
    return list(dict.fromkeys(found))[:_MAX_TEXTS]


# A path into a value: (index, size) per level; size is the length an unpacking target demands
# (``dep, ver = row`` fails on a row of three), None for an index (``row[1]``).
Path = Tuple[Tuple[int, Optional[int]], ...]


def _value(finder, value: Optional[ast.AST], found: _Found, steps: int, path: Path = ()) -> None:
    """The strings at ``path`` inside ``value`` (``value`` itself when ``path`` is empty)."""
    if value is None or steps < 0 or len(found) >= _MAX_TEXTS or found.left[0] <= 0:
        return
    found.left[0] -= 1
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str) and not path:
            found.append(value.value)
        return
    if path and isinstance(value, (ast.Tuple, ast.List)):
        # ("d1", "2.3.4-11") at (1, 2): its second element (red team 24, report 13, f1: rows unpacked in steps)
        index, size = path[0]
        if any(isinstance(e, ast.Starred) for e in value.elts) or (size is not None and len(value.elts) != size):
            return
        if -len(value.elts) <= index < len(value.elts):
            _value(finder, value.elts[index], found, steps, path[1:])
        return
    if isinstance(value, ast.IfExp):
        # "2.4.3-6" if prod else "2.3.4-11", sys.argv[2] if ... else "2.4.3-6": each branch it may be, a
        # branch that cannot be read giving nothing, as a .get default does (red team 24, report 13, f2)
        _value(finder, value.body, found, steps, path)
        _value(finder, value.orelse, found, steps, path)
        return
    if isinstance(value, ast.BoolOp) and isinstance(value.op, ast.Or):
        # os.environ.get("TARGET_AC") or "2.4.3-6": any operand may be the value (red team 24, report 13, f2)
        for operand in value.values[:_MAX_STORES]:
            _value(finder, operand, found, steps, path)
        return
    if isinstance(value, ast.Subscript) and isinstance(value.slice, ast.Constant) and type(value.slice.value) is int:
        _value(finder, value.value, found, steps, ((value.slice.value, None),) + path)  # row[1]
        return
    default = _get_default(value)
    if default is not None:
        _value(finder, default, found, steps - 1, path)
    elif isinstance(value, ast.Name):
        _name(finder, value, found, steps - 1, path)
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and not value.args and not value.keywords:
        _returned(finder, value.func.id, found, steps - 1, path)
    elif isinstance(value, ast.Attribute) and _parsed_arguments(finder, value.value):
        # args.airflow_version of p.add_argument("--airflow-version", default="2.4.3-6") (red team 23, report 13, f7)
        for default in cli_defaults.attribute_defaults(finder, value):
            _value(finder, default, found, steps - 1, path)


_PARSERS = ("parse_args", "parse_known_args")


def _parsed_arguments(finder, base: ast.AST) -> bool:
    """Is ``base`` (the ``args`` of ``args.x``) bound only to ``parser.parse_args()`` (or
    ``parse_known_args()[0]``, or a parameter it is handed in as)?  One look at the name's own stores."""
    if not isinstance(base, ast.Name):
        return False
    names = finder.names
    stores = names.uses_of_binding(base.id, "stores", base)
    if not stores or len(stores) > _MAX_STORES:
        return False
    for store in stores:
        parent = names.parent(store)
        if isinstance(store, ast.arg):
            continue
        value = parent.value if isinstance(parent, (ast.Assign, ast.AnnAssign)) else None
        if isinstance(parent, ast.Tuple):  # args, rest = p.parse_known_args()
            holder = names.parent(parent)
            value = holder.value if isinstance(holder, ast.Assign) and parent.elts and parent.elts[0] is store else None
        if isinstance(value, ast.Subscript):
            value = value.value
        if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in _PARSERS):
            return False
    return True


def _returned(finder, name: str, found: _Found, steps: int, path: Path = ()) -> None:
    """``target_version()`` of a module function ``def target_version(): return "2.4.3-6"``: what its own
    body's ``return`` statements give, every one readable (else nothing)."""
    definition = finder.collector.function_defs.get(name)
    if steps < 0 or definition is None or id(definition) in finder.collector.methods:
        return
    if len(finder.collector.defs_named.get(name, ())) != 1 or isinstance(definition, ast.Lambda):
        return  # redefined: which one runs is not known here
    returns = [statement for statement in definition.body if isinstance(statement, ast.Return)]
    gathered = found.fresh()
    for statement in returns[:_MAX_STORES]:
        before = len(gathered)
        _value(finder, statement.value, gathered, steps, path)
        if len(gathered) == before:
            return
    found.extend(gathered)


def _get_default(value: ast.AST) -> Optional[ast.AST]:
    """The default of ``x.get(key, DEFAULT)`` / ``os.environ.get(NAME, DEFAULT)`` / ``os.getenv(NAME, DEFAULT)``."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    if value.func.attr not in ("get", "getenv"):
        return None
    if len(value.args) >= 2:
        return value.args[1]
    return next((k.value for k in value.keywords if k.arg == "default"), None)


def _name(finder, name: ast.Name, found: _Found, steps: int, path: Path = ()) -> None:
    if steps < 0:
        return
    names = finder.names
    stores = names.uses_of_binding(name.id, "stores", name)
    if not stores or len(stores) > _MAX_STORES:
        return
    gathered = found.fresh()
    for store in stores:
        before = len(gathered)
        _store(finder, names, store, gathered, steps, path)
        if len(gathered) == before:
            return  # also bound to something unreadable (odd = "2.3.4"; odd = wanted): nothing is known
    found.extend(gathered)


def _store(finder, names, store: ast.AST, found: _Found, steps: int, path: Path = ()) -> None:
    """The strings one binding of a name gives it (at ``path`` inside it).

    Red team 24 (report 13), f1: a name unpacked from a row at any depth (``for i, (dep, ver) in
    enumerate(ROLLOUT)``), or from a loop's row in the loop's body (``for row in ROLLOUT: dep, ver =
    row``), is the row's element at the same place: the target's shape is read as a path (``_target_path``)
    and the rows' elements at that path are what the name may be."""
    parent = names.parent(store)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and (
        store is getattr(parent, "target", None) or store in getattr(parent, "targets", ())
    ):
        _value(finder, parent.value, found, steps, path)
    elif isinstance(store, ast.arg) and isinstance(parent, ast.arguments):
        default = _default_of(parent, store)
        if default is None:  # def upgrade(deployment, airflow_version) under @click.option(..., default=...)
            # (red team 23, report 13, f7): what the command runs with
            defaults = cli_defaults.parameter_defaults(finder, names.parent(parent), store.arg)
            default = defaults[0] if len(defaults) == 1 else None
        _value(finder, default, found, steps, path)
    elif isinstance(parent, (ast.Tuple, ast.List)):
        inner, target = _target_path(names, store)
        if target is None:
            return
        holder = names.parent(target)
        if isinstance(holder, (ast.For, ast.comprehension)) and holder.target is target:
            _iterated(finder, holder.iter, found, steps, inner + path)  # for label, version in [(...), ...]
        elif isinstance(holder, ast.Assign) and target in holder.targets:
            _value(finder, holder.value, found, steps, inner + path)  # dep, ver = row
    elif isinstance(parent, (ast.For, ast.comprehension)) and parent.target is store:
        _iterated(finder, parent.iter, found, steps, path)  # for version in ["2.3.4-11", "2.4.3-6"]


def _target_path(names, store: ast.AST):
    """(the path from the outermost unpacking target down to ``store``, that target), or ((), None) when a
    ``*rest`` makes the places unknown.  Bounded by the target's own nesting."""
    path: List[Tuple[int, Optional[int]]] = []
    node, parent = store, names.parent(store)
    while isinstance(parent, (ast.Tuple, ast.List)) and isinstance(parent.ctx, ast.Store):
        if any(isinstance(e, ast.Starred) for e in parent.elts):
            return (), None
        path.append((parent.elts.index(node), len(parent.elts)))
        node, parent = parent, names.parent(parent)
    return tuple(reversed(path)), node


_ORDERING = ("sorted", "list", "tuple", "reversed")


def _iterated(finder, iterated: ast.AST, found: _Found, steps: int, path: Path) -> None:
    """The strings at ``path`` inside each item a loop runs over: the elements of a list / tuple / set
    display, a dict display's keys, ``.items()`` (``(key, value)`` rows) or ``.values()``, written there or
    bound once to a name (red team 23, report 13, f3).

    Red team 24 (report 13), f1: also through what re-deals those rows: ``enumerate(ROWS[, start])``
    (``(index, row)``), ``zip(A, B)`` (``(a, b)``), a slice ``ROWS[1:]`` (some of the same rows),
    ``dict(PAIRS).items()`` / ``.values()`` (the pairs themselves), besides ``sorted`` / ``list`` /
    ``tuple`` / ``reversed``.  Each wrapper is unwrapped once, so the walk is bounded by the expression."""
    if len(found) >= _MAX_TEXTS:
        return
    if isinstance(iterated, ast.Call) and any(isinstance(a, ast.Starred) for a in iterated.args):
        return
    if isinstance(iterated, ast.Subscript) and isinstance(iterated.slice, ast.Slice):
        _iterated(finder, iterated.value, found, steps, path)  # ROLLOUT[1:]
        return
    function = iterated.func.id if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) else None
    if function in _ORDERING and len(iterated.args) == 1:
        _iterated(finder, iterated.args[0], found, steps, path)  # sorted(TARGETS.items()), list(ROLLOUT): the same rows
        return
    if function == "enumerate" and iterated.args and len(iterated.args) <= 2:
        if path and path[0][1] in (2, None) and path[0][0] in (1, -1):
            _iterated(finder, iterated.args[0], found, steps, path[1:])  # (index, row): the row
        return
    if function == "zip" and iterated.args:
        if path and path[0][1] in (len(iterated.args), None) and -len(iterated.args) <= path[0][0] < len(iterated.args):
            _iterated(finder, iterated.args[path[0][0]], found, steps, path[1:])  # (a, b): a row of A or of B
        return
    method = None
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute) and not iterated.args and not iterated.keywords:
        method, iterated = iterated.func.attr, iterated.func.value
        if method not in ("items", "values", "keys"):
            return
    if _dict_of_pairs(iterated):
        pairs = iterated.args[0]
        if not isinstance(_displayed(finder, pairs), ast.Dict):
            # dict(ROLLOUT).items(): ROLLOUT's own pairs (.values(): their second elements; the dict itself
            # or .keys(): their first)
            step = {"items": (), "values": ((1, 2),)}.get(method, ((0, 2),))
            _iterated(finder, pairs, found, steps, step + path)
            return
        iterated = pairs  # dict(TARGETS) of a dict display: the same entries
    shown = _displayed(finder, iterated)
    if method is None and isinstance(shown, (ast.List, ast.Tuple, ast.Set)):
        for row in shown.elts[:_MAX_TEXTS]:
            if not isinstance(row, ast.Starred):
                _value(finder, row, found, steps, path)
        return
    if isinstance(shown, ast.Dict) and None not in shown.keys:
        for key, value in list(zip(shown.keys, shown.values))[:_MAX_TEXTS]:
            if method == "values":
                _value(finder, value, found, steps, path)
            elif method == "items":
                _value(finder, ast.Tuple(elts=[key, value], ctx=ast.Load()), found, steps, path)
            elif method == "keys" or method is None:
                _value(finder, key, found, steps, path)  # for version in TARGETS: its keys


def _dict_of_pairs(node: ast.AST) -> bool:
    """``dict(X)``: one positional argument, no keywords."""
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"
        and len(node.args) == 1 and not node.keywords and not isinstance(node.args[0], ast.Starred)
    )


def _displayed(finder, node: ast.AST) -> ast.AST:
    """The display a name is bound to, when it is bound once (by a plain assignment) and never changed in
    place; else the node itself.  The name's stores and loads from the module's binding index: linear."""
    if not isinstance(node, ast.Name):
        return node
    names = finder.names
    stores = names.uses_of_binding(node.id, "stores", node)
    if len(stores) != 1:
        return node
    parent = names.parent(stores[0])
    if not (isinstance(parent, (ast.Assign, ast.AnnAssign)) and isinstance(parent.value, (ast.List, ast.Tuple, ast.Set, ast.Dict))):
        return node
    for load in names.loads_of_binding(node.id, stores[0]):
        user = names.parent(load)
        if isinstance(user, ast.Attribute) and user.attr not in ("items", "values", "keys", "get", "copy"):
            return node  # ROLLOUT.append(...), TARGETS.update(...): rows the loop reads are not only these
        if isinstance(user, ast.Subscript) and isinstance(user.ctx, (ast.Store, ast.Del)):
            return node  # TARGETS["x"] = ...
    return parent.value


def _default_of(arguments: ast.arguments, arg: ast.arg) -> Optional[ast.AST]:
    positional = [*arguments.posonlyargs, *arguments.args]
    if arg in positional:
        index = positional.index(arg) - (len(positional) - len(arguments.defaults))
        return arguments.defaults[index] if index >= 0 else None
    if arg in arguments.kwonlyargs:
        return arguments.kw_defaults[arguments.kwonlyargs.index(arg)]
    return None


def caller_texts(finder, value: ast.AST) -> List[Tuple[ast.AST, str, str, str]]:
    """``(argument, string, function, parameter)`` for each string the module's calls of the function pass for
    the parameter ``value`` names (a literal, or one step from one: :func:`texts`), when ``value`` is a
    parameter its function never rebinds; else []."""
    if not isinstance(value, ast.Name) or finder is None:
        return []
    names = finder.names
    stores = names.uses_of_binding(value.id, "stores", value)
    if len(stores) != 1 or not isinstance(stores[0], ast.arg):
        return []
    arguments = names.parent(stores[0])
    function = names.parent(arguments) if isinstance(arguments, ast.arguments) else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return []
    found: List[Tuple[ast.AST, str, str, str]] = []
    imported = ac_format_reads.imported_of(finder.file)
    for argument in caller_arguments(finder, function, stores[0].arg)[:_MAX_TEXTS]:
        # VERSIONS[env], VERSIONS.get(env, "2.4.3-6"): every value of the module dict constant, as a
        # variables-dict value is read (red team 23, report 13, f8); else one step from a literal
        read = ac_format_reads.value_texts(finder.module, finder.memo, argument, imported) or texts(finder, argument)
        for text in dict.fromkeys(read):
            found.append((argument, text, function.name, stores[0].arg))
    return found


def review_callers(
    ctx, value: ast.AST, key: str, migrating: bool = False, written_into: bool = False, line: Optional[int] = None
) -> None:
    """Review each AC version the module's calls pass for the parameter ``value`` (sent as ``key``, an Astro
    Runtime version argument) where the call writes it, naming its Runtime equivalent (red team 22, report 13,
    f5): from ``check`` on a migrated send, and from ``rewrite`` as it renames the key (``migrating``: the
    file's edits may still be held, so the review says the key is the migrated document's).

    ``written_into``: ``key`` is the argument's label (``updateDeploymentRuntime(desiredRuntimeVersion:)``)
    a template hole fills with the parameter on ``line`` (red team 24, report 13, f5)."""
    from ..versions import AC_VERSION
    from .context import REVIEW

    finder = ctx.python
    found = caller_texts(finder, value)
    if not found:
        return
    line = value.lineno if line is None else line
    sends = f"writes it into {key}" if written_into else f"sends it as '{key}'"
    by_argument: dict = {}
    for argument, text, function, parameter in found:
        if AC_VERSION.fullmatch(text) is None or ctx.versions.is_runtime(text):
            continue  # not an AC version (a Runtime one, a label): nothing to say
        by_argument.setdefault(id(argument), (argument, function, parameter, []))[3].append(text)
    for argument, function, parameter, versions in by_argument.values():
        # VERSIONS[env] may be any of the dict's AC versions: one review names each (red team 23, report 13, f8)
        text = versions[0]
        others = "".join(
            f"; it may also be {other!r} ({_equivalent(ctx, other).replace('send its ', '')})" for other in versions[1:]
        )
        start, end = finder.span_of(argument)
        shown = "" if isinstance(argument, ast.Constant) else f" ({finder.code_of(argument)}{others})"
        ctx.finding_at_file(
            start, end, REVIEW, "review-version-value",
            f"{text!r}{shown} is passed for {parameter} of {function}(), which {sends} (line {line}"
            f"{', once its document is migrated' if migrating else ''}), an Astro Runtime version argument, so Houston "
            f"rejects this AC version: {_equivalent(ctx, text)}",
        )


def _equivalent(ctx, text: str) -> str:
    from .version_values import why_not_mapped

    runtime = ctx.versions.runtime_for(text)
    return f"send its Astro Runtime equivalent {runtime!r}" if runtime is not None else why_not_mapped(ctx, text)
