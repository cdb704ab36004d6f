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

from ..sources.forwarded_variables import caller_arguments  # what the module's calls pass for a parameter

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
        _value(finder, _default_of(parent, store), found, steps)
    elif isinstance(parent, ast.Tuple) and isinstance(names.parent(parent), (ast.For, ast.comprehension)):
        loop = names.parent(parent)
        if loop.target is parent:  # for label, version in [("etl", "2.3.4-11"), ...]
            position = parent.elts.index(store)
            for row in _rows(loop.iter):
                if isinstance(row, (ast.Tuple, ast.List)) and len(row.elts) == len(parent.elts):
                    _value(finder, row.elts[position], found, steps)
    elif isinstance(parent, (ast.For, ast.comprehension)) and parent.target is store:
        for row in _rows(parent.iter):  # for version in ["2.3.4-11", "2.4.3-6"]
            _value(finder, row, found, steps)


def _rows(iterated: ast.AST) -> List[ast.AST]:
    """The elements of a list / tuple / set display a loop runs over, else []."""
    if isinstance(iterated, (ast.List, ast.Tuple, ast.Set)):
        return list(iterated.elts)[:_MAX_TEXTS]
    return []


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
    for argument in caller_arguments(finder, function, stores[0].arg)[:_MAX_TEXTS]:
        for text in texts(finder, argument):
            found.append((argument, text, function.name, stores[0].arg))
    return found


def review_callers(ctx, value: ast.AST, key: str, migrating: bool = False) -> None:
    """Review each AC version the module's calls pass for the parameter ``value`` (sent as ``key``, an Astro
    Runtime version argument) where the call writes it, naming its Runtime equivalent (red team 22, report 13,
    f5): from ``check`` on a migrated send, and from ``rewrite`` as it renames the key (``migrating``: the
    file's edits may still be held, so the review says the key is the migrated document's)."""
    from ..versions import AC_VERSION
    from .context import REVIEW
    from .version_values import why_not_mapped

    finder = ctx.python
    found = caller_texts(finder, value)
    if not found:
        return
    line = value.lineno
    for argument, text, function, parameter in found:
        if AC_VERSION.fullmatch(text) is None or ctx.versions.is_runtime(text):
            continue  # not an AC version (a Runtime one, a label): nothing to say
        runtime = ctx.versions.runtime_for(text)
        equivalent = f"send its Astro Runtime equivalent {runtime!r}" if runtime is not None else why_not_mapped(ctx, text)
        start, end = finder.span_of(argument)
        ctx.finding_at_file(
            start, end, REVIEW, "review-version-value",
            f"{text!r} is passed for {parameter} of {function}(), which sends it as '{key}' (line {line}"
            f"{', once its document is migrated' if migrating else ''}), an Astro Runtime version argument, so Houston "
            f"rejects this AC version: {equivalent}",
        )
