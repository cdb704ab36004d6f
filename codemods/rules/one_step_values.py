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
"""

from __future__ import annotations

import ast
from typing import List, Optional, Tuple

from ..sources import cli_defaults  # what a command-line option holds when the script runs without it
from ..sources.forwarded_variables import caller_arguments  # what the module's calls pass for a parameter
from . import ac_format_reads  # a module dict constant's values (VERSIONS[env])

_MAX_STORES = 8  # bindings of one name read
_MAX_TEXTS = 16  # strings listed for one value


def texts(finder, value: ast.AST) -> List[str]:
    """The strings ``value`` may be, one step from a literal (see the module); [] when none is readable."""
    found: List[str] = []
    _value(finder, value, found, 2)
    return list(dict.fromkeys(found))[:_MAX_TEXTS]


def _value(finder, value: Optional[ast.AST], found: List[str], steps: int) -> None:
    if value is None or steps < 0 or len(found) >= _MAX_TEXTS:
        return
    if isinstance(value, ast.Constant):
        if isinstance(value.value, str):
            found.append(value.value)
        return
    default = _get_default(value)
    if default is not None:
        _value(finder, default, found, steps - 1)
    elif isinstance(value, ast.Name):
        _name(finder, value, found, steps - 1)
    elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and not value.args and not value.keywords:
        _returned(finder, value.func.id, found, steps - 1)
    elif isinstance(value, ast.Attribute) and _parsed_arguments(finder, value.value):
        # args.airflow_version of p.add_argument("--airflow-version", default="2.4.3-6") (red team 23, report 13, f7)
        for default in cli_defaults.attribute_defaults(finder, value):
            _value(finder, default, found, steps - 1)


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


def _returned(finder, name: str, found: List[str], steps: int) -> None:
    """``target_version()`` of a module function ``def target_version(): return "2.4.3-6"``: what its own
    body's ``return`` statements give, every one readable (else nothing)."""
    definition = finder.collector.function_defs.get(name)
    if steps < 0 or definition is None or id(definition) in finder.collector.methods:
        return
    if len(finder.collector.defs_named.get(name, ())) != 1 or isinstance(definition, ast.Lambda):
        return  # redefined: which one runs is not known here
    returns = [statement for statement in definition.body if isinstance(statement, ast.Return)]
    gathered: List[str] = []
    for statement in returns[:_MAX_STORES]:
        before = len(gathered)
        _value(finder, statement.value, gathered, steps)
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


def _name(finder, name: ast.Name, found: List[str], steps: int) -> None:
    if steps < 0:
        return
    names = finder.names
    stores = names.uses_of_binding(name.id, "stores", name)
    if not stores or len(stores) > _MAX_STORES:
        return
    gathered: List[str] = []
    for store in stores:
        before = len(gathered)
        _store(finder, names, store, gathered, steps)
        if len(gathered) == before:
            return  # also bound to something unreadable (odd = "2.3.4"; odd = wanted): nothing is known
    found.extend(gathered)


def _store(finder, names, store: ast.AST, found: List[str], steps: int) -> None:
    """The strings one binding of a name gives it."""
    parent = names.parent(store)
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and (
        store is getattr(parent, "target", None) or store in getattr(parent, "targets", ())
    ):
        _value(finder, parent.value, found, steps)
    elif isinstance(store, ast.arg) and isinstance(parent, ast.arguments):
        default = _default_of(parent, store)
        if default is None:  # def upgrade(deployment, airflow_version) under @click.option(..., default=...)
            # (red team 23, report 13, f7): what the command runs with
            defaults = cli_defaults.parameter_defaults(finder, names.parent(parent), store.arg)
            default = defaults[0] if len(defaults) == 1 else None
        _value(finder, default, found, steps)
    elif isinstance(parent, ast.Tuple) and isinstance(names.parent(parent), (ast.For, ast.comprehension)):
        loop = names.parent(parent)
        if loop.target is parent:  # for label, version in [("etl", "2.3.4-11"), ...]
            position = parent.elts.index(store)
            for row in _rows(finder, loop.iter):
                if isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) == len(parent.elts):
                    _value(finder, row.elts[position], found, steps)
    elif isinstance(parent, (ast.For, ast.comprehension)) and parent.target is store:
        for row in _rows(finder, parent.iter):  # for version in ["2.3.4-11", "2.4.3-6"]
            _value(finder, row, found, steps)


_ORDERING = ("sorted", "list", "tuple", "reversed")


def _rows(finder, iterated: ast.AST) -> List[ast.AST]:
    """The elements of a list / tuple / set display a loop runs over, else [].

    Red team 23 (report 13), f3: also a module constant bound once to such a display
    (``ROLLOUT = [("d1", "2.3.4-11"), ...]``; ``for dep, ver in ROLLOUT``), and a dict display's
    ``.items()`` (``(key, value)`` rows) or ``.values()`` (``TARGETS = {"dep": "2.3.4-11"}``,
    ``for dep, ver in TARGETS.items()``), written there or bound once to a name."""
    if (
        isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Name) and iterated.func.id in _ORDERING
        and len(iterated.args) == 1 and not isinstance(iterated.args[0], ast.Starred)
    ):
        iterated = iterated.args[0]  # sorted(TARGETS.items()), list(ROLLOUT): the same rows
    method = None
    if isinstance(iterated, ast.Call) and isinstance(iterated.func, ast.Attribute) and not iterated.args and not iterated.keywords:
        method, iterated = iterated.func.attr, iterated.func.value
        if method not in ("items", "values"):
            return []
    iterated = _displayed(finder, iterated)
    if method is None and isinstance(iterated, (ast.List, ast.Tuple, ast.Set)):
        return list(iterated.elts)[:_MAX_TEXTS]
    if method is not None and isinstance(iterated, ast.Dict) and None not in iterated.keys:
        if method == "values":
            return list(iterated.values)[:_MAX_TEXTS]
        return [ast.Tuple(elts=[key, value], ctx=ast.Load()) for key, value in zip(iterated.keys, iterated.values)][:_MAX_TEXTS]
    return []


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


def review_callers(ctx, value: ast.AST, key: str, migrating: bool = False) -> None:
    """Review each AC version the module's calls pass for the parameter ``value`` (sent as ``key``, an Astro
    Runtime version argument) where the call writes it, naming its Runtime equivalent (red team 22, report 13,
    f5): from ``check`` on a migrated send, and from ``rewrite`` as it renames the key (``migrating``: the
    file's edits may still be held, so the review says the key is the migrated document's)."""
    from ..versions import AC_VERSION
    from .context import REVIEW

    finder = ctx.python
    found = caller_texts(finder, value)
    if not found:
        return
    line = value.lineno
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
            f"{text!r}{shown} is passed for {parameter} of {function}(), which sends it as '{key}' (line {line}"
            f"{', once its document is migrated' if migrating else ''}), an Astro Runtime version argument, so Houston "
            f"rejects this AC version: {_equivalent(ctx, text)}",
        )


def _equivalent(ctx, text: str) -> str:
    from .version_values import why_not_mapped

    runtime = ctx.versions.runtime_for(text)
    return f"send its Astro Runtime equivalent {runtime!r}" if runtime is not None else why_not_mapped(ctx, text)
