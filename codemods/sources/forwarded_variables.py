"""Variables a send takes from a parameter of the function it stands in: what each caller passes.

Red team 20 (report 13), F10: one function per operation, taking only the variables,

    def upsert(variables):
        requests.post(URL, json={"query": UPSERT, "variables": variables})

    def pin(dep):
        upsert({"id": dep, "image": "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild", "airflowVersion": "2.3.4"})

(also ``def upsert(**variables)`` called with keywords, ``def upgrade(self, variables)`` of a client
class, ``def run(name, variables)`` posting ``QUERIES[name]``, gql's
``client.execute(UPGRADE, variable_values=variables)``).  The send's variables were "not a dict
literal in this module", so the AC image the caller sends was never seen and ``airflowVersion``
became ``runtimeVersion`` beside it; an AC value the caller sends for ``desiredAirflowVersion`` was
left feeding ``desiredRuntimeVersion`` with no review.  The two-parameter helper
``upsert(q, variables)`` already had both: its callers are the document's sends.

The general rule: variables that are a parameter of the function the send stands in (the name is
a parameter there and the function binds it to nothing else) are whatever each call of that
function passes for the parameter.  Each such call becomes one more send of the document, of kind
``helper`` (``CallSite("helper", caller, argument)``), so it is read as a call of the two-parameter
helper is: its dict literal (or keywords, for ``**variables``), the helper's closed-world use of the
parameter (``helper_variables``) and its own reads of the key.  Forwarding goes a few functions up
(``DEPTH``), as the helper judge does.

Whether those calls are all the sends (``Forward.complete``): only when no code this module does not
show may call the function.  A module-level function or a method may be imported and called by
another module with its own dict (``PythonDocumentFinder.exported``), as may a function whose name
is read other than as the callee of a call (``callback=upsert``, ``map(upsert, ...)``), or a call
whose argument for the parameter cannot be told (``upsert(*args)``, no argument and a default that
is not ``None``).  Then the original send stays unreadable: nothing is renamed, and the callers' values
are still read, so an AC image beside the version holds both (``image_argument``) and each AC value
left is reviewed (``rename_version_variable._readable_dicts``).  A nested function called only where
it is defined, or a notebook function no other cell names, is complete: its callers' dicts are
renamed with the document.

Cost: the functions some send forwards from are collected once per module; their calls are found in
one pass over the module's calls (``callee_definitions``, bounded per call); each site's forwards are
kept (memo), so N sends cost O(N + calls).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from ..model import CallSite
from .helper_variables import parameters

DEPTH = 3
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class Forward:
    function: ast.AST  # the def the send stands in
    parameter: str  # its parameter the send's variables are
    sites: List[CallSite] = field(default_factory=list)  # one per call of the function: the caller's send
    complete: bool = True  # no call of the function this module does not show
    why: str = ""  # when not complete: why, for the review


def _parameter_of(site: CallSite) -> Optional[Tuple[ast.AST, str]]:
    """(the def, the parameter) when the site's variables are a parameter of the function it stands in."""
    variables, scope = site.variables, site.scope
    if not isinstance(variables, ast.Name) or scope is None or getattr(scope, "kind", "") != "function":
        return None
    function = scope.node
    if not isinstance(function, _FUNCTIONS):
        return None
    name = variables.id
    if name in scope.bindings or name in getattr(scope, "declared", {}):
        return None  # rebound in the body (``variables = variables or {}``): not only what the caller passes
    positional, vararg, kwarg = parameters(function)
    if name == vararg or (name not in positional and name != kwarg and name not in {a.arg for a in function.args.kwonlyargs}):
        return None
    return function, name


def _argument(function: ast.AST, call: ast.Call, name: str, method: bool) -> Tuple[Optional[ast.AST], bool]:
    """(what ``call`` passes for parameter ``name``, whether it can be told).  (None, True): nothing
    is passed and the default is ``None`` or absent (no variables)."""
    positional, _vararg, kwarg = parameters(function)
    # a lambda helper (houston = lambda q, v=None: ...) has no decorators (red team 28, report 12, f1)
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(function, "decorator_list", ()))
    if method and not static and positional:
        positional = positional[1:]
    if name == kwarg:
        named = set(positional) | {a.arg for a in function.args.kwonlyargs}
        gathered = [k for k in call.keywords if k.arg is None or k.arg not in named]
        return (call if gathered else None), True
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value, True
    if any(k.arg is None for k in call.keywords):
        return None, False  # upsert(**params): it may carry the parameter
    if name in positional:
        index = positional.index(name)
        for position, value in enumerate(call.args):
            if isinstance(value, ast.Starred):
                return None, False
            if position == index:
                return value, True
    default = _default(function, name)
    return None, default is None or (isinstance(default, ast.Constant) and default.value is None)


argument_passed = _argument  # for the module helper judge (sources/python.py, red team 27, report 13, f5)


def _default(function: ast.AST, name: str) -> Optional[ast.AST]:
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    for argument, default in zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults):
        if argument.arg == name:
            return default
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if argument.arg == name:
            return default
    return None


def _calls_index(finder, functions: Dict[int, ast.AST]) -> Dict[int, List[Tuple[ast.Call, object]]]:
    """id(def) -> the module's calls that may run it, for the given defs: one pass over the calls."""
    names = {f.name for f in functions.values()}
    found: Dict[int, List[Tuple[ast.Call, object]]] = {key: [] for key in functions}
    for call, scope in finder.collector.calls:
        func = call.func
        named = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if named not in names:
            continue
        for definition in finder.callee_definitions(call, scope):
            if id(definition) in found:
                found[id(definition)].append((call, scope))
    return found


def _incomplete(finder, function: ast.AST, calls: List[Tuple[ast.Call, object]], method: bool) -> str:
    """Why code this module does not show may call ``function`` too, or ``""``."""
    if method:
        return f"{function.name} is a method, which other modules or subclasses may call with variables not seen here"
    home = finder.names.scope_of(function)
    if isinstance(home, ast.Module) and finder.exported(function.name):
        return f"{function.name} is {finder.exported_reason}: a caller there sends variables not seen here"
    called = {id(call.func) for call, _scope in calls}
    for load in finder.names.get(function.name).loads:
        if id(load) not in called:
            return f"{function.name} is also used on line {load.lineno} other than by a call, whose variables cannot be followed"
    return ""


def _index(finder) -> Dict[int, Forward]:
    """id(site) -> its Forward, for every site of the module's documents whose variables are a parameter."""
    memo = finder.memo.setdefault("forwarded_variables", {})
    if "index" in memo:
        return memo["index"]
    if not finder.found:
        return {}  # the documents are not found yet: nothing is kept
    index: Dict[int, Forward] = {}
    memo["index"] = index
    origins: Dict[int, Tuple[CallSite, ast.AST, bool]] = memo.setdefault("origins", {})
    pending: List[Tuple[CallSite, int]] = [(site, 0) for source in finder.found for site in source.sites]
    seen: set = set()
    while pending:
        wanted: Dict[int, Tuple[CallSite, ast.AST, str, int]] = {}
        for site, depth in pending:
            if id(site) in seen or depth >= DEPTH:
                continue
            seen.add(id(site))
            found = _parameter_of(site)
            if found is not None:
                wanted[id(site)] = (site, found[0], found[1], depth)
        pending = []
        if not wanted:
            break
        calls = _calls_index(finder, {id(f): f for _s, f, _p, _d in wanted.values()})
        for site, function, parameter, depth in wanted.values():
            method = id(function) in finder.collector.methods
            forward = Forward(function, parameter)
            forward.why = _incomplete(finder, function, calls[id(function)], method)
            for call, scope in calls[id(function)]:
                if call is site.call:
                    continue  # a recursive call is not a caller's send
                argument, told = _argument(function, call, parameter, method)
                if not told:
                    forward.why = forward.why or (
                        f"the call of {function.name} on line {call.lineno} may pass its {parameter} in a splat"
                    )
                    continue
                if argument is not None:
                    forwarded = CallSite("helper", call, argument, site.target_hint, scope)
                    forward.sites.append(forwarded)
                    origins[id(forwarded)] = (site, function, method)
                    pending.append((forwarded, depth + 1))
            forward.complete = not forward.why
            index[id(site)] = forward
    return index


def of(finder, site: CallSite) -> Optional[Forward]:
    """The Forward of a site whose variables are a parameter of its function, else None."""
    return _index(finder).get(id(site))


def sending_sites(finder, sites: List[CallSite]) -> List[CallSite]:
    """``sites`` and, after each whose variables are forwarded, the callers' sends (recursively, bounded)."""
    if finder is None or not sites:
        return list(sites or ())
    index = _index(finder)
    if not index:
        return list(sites)
    found: List[CallSite] = []
    stack = list(reversed(sites))
    seen: set = set()
    while stack:
        site = stack.pop()
        if id(site) in seen:
            continue
        seen.add(id(site))
        found.append(site)
        forward = index.get(id(site))
        if forward is not None:
            stack.extend(reversed(forward.sites))
    return found


def caller_arguments(finder, function: ast.AST, parameter: str) -> List[ast.AST]:
    """What the module's calls of ``function`` pass for ``parameter`` (those that can be told), memoised per
    function: the image a caller passes to ``def deploy_image(release, image, version)`` (red team 20,
    report 13, F10) is read as the image sent, as a caller's variables dict is."""
    if not isinstance(function, _FUNCTIONS):
        return []
    memo = finder.memo.setdefault("forwarded_variables.callers", {})
    if id(function) not in memo:
        memo[id(function)] = _calls_index(finder, {id(function): function})[id(function)]
    method = id(function) in finder.collector.methods
    found = []
    for call, _scope in memo[id(function)]:
        argument, told = _argument(function, call, parameter, method)
        if told and argument is not None and argument is not call:
            found.append(argument)
    return found


def passed_for(finder, site: CallSite, value: ast.AST) -> Optional[ast.AST]:
    """What a caller's send (``site``, made by ``_index``) passes for ``value``, a name the send it stands
    for reads, when that name is a parameter of the function the send is in and nothing rebinds it.

    Red team 23, report 13, f2: ``def _call(op, variables)`` posting ``"operationName": op``, called as
    ``_call("Releases", {...})``: that caller's dict runs operation Releases only.  None when it cannot
    be told (not such a site, not a parameter, rebound, or the call passes it in a splat).
    """
    origin = (finder.memo.get("forwarded_variables") or {}).get("origins", {}).get(id(site))
    if origin is None or not isinstance(value, ast.Name):
        return None
    original, function, method = origin
    scope = original.scope
    if value.id in getattr(scope, "bindings", {}) or value.id in getattr(scope, "declared", {}):
        return None
    positional, _vararg, _kwarg = parameters(function)
    if value.id not in positional and value.id not in {a.arg for a in function.args.kwonlyargs}:
        return None
    argument, told = _argument(function, site.call, value.id, method)
    return argument if told and argument is not site.call else None


UNTOLD = object()  # parameter_passed: a parameter whose argument the call does not show


def parameter_passed(function: ast.AST, scope, call: ast.Call, value: ast.AST, method: bool):
    """What ``call`` of ``function`` passes for ``value`` when it is a parameter of the function that its
    body (``scope``) never rebinds: the argument, its default when the call omits it, or ``UNTOLD``
    (a splat, or omitted with no default).  None when ``value`` is not such a parameter.

    Red team 27, report 13, f5: ``houston("Upgrade", DOC, {...})`` of ``def houston(op, q, v)`` posting
    ``"operationName": op`` runs Upgrade."""
    if not isinstance(value, ast.Name) or getattr(scope, "node", None) is not function:
        return None
    if value.id in getattr(scope, "bindings", {}) or value.id in getattr(scope, "declared", {}):
        return None
    positional, _vararg, _kwarg = parameters(function)
    if value.id not in positional and value.id not in {a.arg for a in function.args.kwonlyargs}:
        return None
    argument, told = _argument(function, call, value.id, method)
    if argument is not None and told and argument is not call:
        return argument
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return UNTOLD  # houston(*row), houston(**kw): it may carry the parameter
    default = _default(function, value.id)
    return default if default is not None else UNTOLD


def original_site(finder, site: CallSite) -> Optional[CallSite]:
    """The send a caller's send (made by ``_index``) stands for, or None."""
    origin = (finder.memo.get("forwarded_variables") or {}).get("origins", {}).get(id(site))
    return origin[0] if origin is not None else None
