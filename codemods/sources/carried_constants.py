"""Which module-level string constants a module's other names hand out: what an importer of them reaches.

Red team 13 (report 11, F11): ``frags.py`` holds ``DEP = "fragment D on Deployment { id
airflowVersion }"`` and ``def get_dep(): return DEP``; ``main.py`` does ``from frags import get_dep``
and sends ``GET + get_dep()``.  The run's import index knew only names bound to a string literal,
so ``DEP`` counted as nobody's import and was migrated alone, while ``main.py``'s document (which
selects ``runtimeVersion`` beside the spread) was never read with it.  The same held for a second
name (``DEP2 = DEP``), a container (``{"dep": DEP}``, ``[DEP]``, ``SimpleNamespace(dep=DEP)``), a
parameter default returned (``def frag(x=DEP): return x``), a lambda and an enum member.

:func:`carried` reads a module once and says, for each of its module-level names, the string
constants its value may be or hold: a name, an expression composing or containing it (``+``,
``%``, f-strings, containers, conditionals, subscripts, attributes), a call of a text-keeping or
container-building function (``.format``, ``.replace``, ``dedent``, ``SimpleNamespace``, ``gql``),
a function's (or lambda's, or method's) returned and yielded values with the local names and
parameter defaults they come from, and a class body's values.  A call of anything else
(``requests.post(URL, json={"query": DEP}).json()``) hands out its result, not ``DEP``: a helper that
sends a document and returns the response does not make that document its importer's.  Names are
followed through the module's other bindings (``DOCS = {"dep": DEP2}``, ``DEP2 = DEP``), each
binding read once: linear in the module.
"""

from __future__ import annotations

import ast
from typing import Dict, Iterable, List, Set, Tuple

# Calls whose result holds their arguments' text (or is built from them).
CARRY_CALLS = frozenset({
    "SimpleNamespace", "dict", "list", "tuple", "set", "frozenset", "str", "OrderedDict", "namedtuple",
    "MappingProxyType", "deepcopy", "copy", "dedent", "cleandoc", "indent", "partial", "gql", "parse", "Template",
    "Enum", "StrEnum", "cast", "field", "Field",
})
# Methods whose result holds their receiver's (and arguments') text.
CARRY_METHODS = frozenset({
    "format", "format_map", "replace", "strip", "lstrip", "rstrip", "join", "copy", "get", "encode", "decode",
    "lower", "upper", "substitute", "safe_substitute", "render", "values", "items", "setdefault",
})
MAX_CARRIED = 64  # constants named per name (more says nothing more: each is held)


def carried(module: ast.Module, constants: Iterable[str]) -> Dict[str, List[str]]:
    """Module-level name -> the module's string ``constants`` its value may hand out (only names
    that carry at least one, constants themselves left out)."""
    constants = set(constants)
    bindings: Dict[str, List[ast.AST]] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                for name in _target_names(target):
                    bindings.setdefault(name, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None and isinstance(statement.target, ast.Name):
            bindings.setdefault(statement.target.id, []).append(statement.value)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bindings.setdefault(statement.name, []).append(statement)
    # A module function handing back what it is given (``def fill(doc, v): return doc.replace(...)``):
    # its call hands out those arguments (``def get(v): return fill(DEP, v)``).  One level: the
    # functions' own calls are read without this (each function walked once more at most).
    passes: Dict[str, List[Tuple[int, str]]] = {}
    for statement in module.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            positional = [a.arg for a in statement.args.posonlyargs + statement.args.args]
            named = set(positional) | {a.arg for a in statement.args.kwonlyargs}
            returned = _function_held(statement, {}) & named
            if returned:
                passes[statement.name] = [(positional.index(n) if n in positional else -1, n) for n in sorted(returned)]
    direct: Dict[str, Set[str]] = {name: set() for name in bindings}  # name -> module names its value holds
    for name, values in bindings.items():
        for value in values:
            direct[name] |= _held(value, passes)
    reach = _closure(direct, constants)
    return {name: sorted(reached) for name, reached in reach.items() if reached and name not in constants}


def _closure(direct: Dict[str, Set[str]], constants: Set[str]) -> Dict[str, Set[str]]:
    """Name -> the constants reached from it through the names' values, at most ``MAX_CARRIED`` each.

    Tarjan's strongly connected components, iteratively: a component is finished after every
    component it reaches, so each name's set is the union of its component's own constants and its
    successors' finished sets, each built once (linear in the names and their links, times the cap).
    """
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    on_stack: Set[str] = set()
    stack: List[str] = []
    reach: Dict[str, Set[str]] = {}
    for root in direct:
        if root in index:
            continue
        work = [(root, iter(sorted(direct[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            name, successors = work[-1]
            advanced = False
            for following in successors:
                if following not in direct:
                    continue
                if following not in index:
                    index[following] = low[following] = len(index)
                    stack.append(following)
                    on_stack.add(following)
                    work.append((following, iter(sorted(direct[following]))))
                    advanced = True
                    break
                if following in on_stack:
                    low[name] = min(low[name], index[following])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[name])
            if low[name] != index[name]:
                continue
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            members = set(component)
            reached: Set[str] = set()
            for member in component:
                for held in direct[member]:
                    if len(reached) >= MAX_CARRIED:
                        break
                    if held in constants:
                        reached.add(held)
                    elif held in reach and held not in members:
                        reached.update(list(reach[held])[: MAX_CARRIED - len(reached)])
            for member in component:
                reach[member] = reached
    return reach


def _target_names(target: ast.AST) -> List[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for element in target.elts for n in _target_names(element)]
    return []


def _held(node: ast.AST, passes) -> Set[str]:
    """Names the value of a module-level binding may hand out (a function's or class's: see module doc)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return _function_held(node, passes)
    if isinstance(node, ast.ClassDef):
        names: Set[str] = set()
        for inner in node.body:
            if isinstance(inner, (ast.Assign, ast.AnnAssign)) and inner.value is not None:
                names |= _names(inner.value, passes)
            elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names |= _function_held(inner, passes)
        return names
    return _names(node, passes)


def _function_held(function: ast.AST, passes) -> Set[str]:
    """What a function or lambda may return: its returned and yielded values, followed through its
    local assignments and parameter defaults (by name; one walk of the body)."""
    arguments = function.args
    local: Dict[str, List[ast.AST]] = {}
    positional = arguments.posonlyargs + arguments.args
    for argument, default in zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults):
        local.setdefault(argument.arg, []).append(default)
    for argument, default in zip(arguments.kwonlyargs, arguments.kw_defaults):
        if default is not None:
            local.setdefault(argument.arg, []).append(default)
    returned: List[ast.AST] = []
    if isinstance(function, ast.Lambda):
        returned.append(function.body)
    else:
        stack = list(function.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue  # its own returns are its own
            if isinstance(node, ast.Return) and node.value is not None:
                returned.append(node.value)
            elif isinstance(node, (ast.Yield, ast.YieldFrom)) and node.value is not None:
                returned.append(node.value)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    for name in _target_names(target):
                        local.setdefault(name, []).append(node.value)
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                for name in _target_names(node.target):
                    local.setdefault(name, []).append(node.iter)
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                local.setdefault(node.target.id, []).append(node.value)
            stack.extend(ast.iter_child_nodes(node))
    names: Set[str] = set()
    pending = [value for value in returned]
    followed: Set[str] = set()
    while pending:
        for name in _names(pending.pop(), passes):
            if name in local:
                if name not in followed:
                    followed.add(name)
                    pending.extend(local[name])
            else:
                names.add(name)
    return names


def _names(node: ast.AST, passes) -> Set[str]:
    """Names whose value ``node``'s value may be or hold (not the arguments of calls that consume them)."""
    found: Set[str] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.BinOp):
            stack.extend((node.left, node.right))
        elif isinstance(node, ast.JoinedStr):
            stack.extend(node.values)
        elif isinstance(node, (ast.FormattedValue, ast.Starred, ast.NamedExpr, ast.Subscript, ast.Attribute, ast.Await)):
            stack.append(node.value)
        elif isinstance(node, ast.Dict):
            stack.extend(node.values)
        elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            stack.extend(node.elts)
        elif isinstance(node, ast.IfExp):
            stack.extend((node.body, node.orelse))
        elif isinstance(node, ast.BoolOp):
            stack.extend(node.values)
        elif isinstance(node, ast.Lambda):
            stack.append(node.body)
        elif isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            stack.append(node.elt)
            stack.extend(g.iter for g in node.generators)
        elif isinstance(node, ast.DictComp):
            stack.append(node.value)
            stack.extend(g.iter for g in node.generators)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if isinstance(func, ast.Attribute) and name in CARRY_METHODS:
                stack.append(func.value)
            elif isinstance(func, ast.Name) and name not in CARRY_CALLS:
                found.add(name)  # a call of the module's own function hands out what it returns
                for index, parameter in passes.get(name, ()):  # and what it is given, if it hands that back
                    if 0 <= index < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[: index + 1]):
                        stack.append(node.args[index])
                    stack.extend(k.value for k in node.keywords if k.arg == parameter or k.arg is None)
                continue
            elif name not in CARRY_CALLS and not (isinstance(func, ast.Attribute) and name in CARRY_METHODS):
                continue
            stack.extend(node.args)
            stack.extend(k.value for k in node.keywords)
    return found
