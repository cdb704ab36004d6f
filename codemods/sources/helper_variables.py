"""Does a helper use the variables it is given only in ways the tool fully understands?

Renaming ``$airflowVersion`` to ``$runtimeVersion`` renames the key of the dict
that feeds it too.  That is safe only in a closed world: every use of the dict
inside the helper it is sent through must be one whose effect on the key is
known.  Red team 10 (issue 11) found helpers that change or read the key in ways
a list of forbidden words misses, and the rename then sent ``$runtimeVersion``
as null:

* F1, the helper adds or changes the key itself: ``dict(v, airflowVersion=X)``,
  ``v.update(airflowVersion=X)``, ``v |= dict(...)``, ``dict(**v, airflowVersion=X)``,
  ``{camel(k): x for k, x in kw.items()}`` (keys rebuilt from snake_case);
* F2, the helper hands the variables to other code: ``check_version(v)``,
  ``self.prepare(v)`` (a subclass may override it).

So the question is asked the other way round: each use of the helper's
variables parameter must be one of

* the value of a ``"variables"`` (``"variable_values"``) entry of a dict literal,
  or of a ``variables=`` / ``variable_values=`` keyword (the send itself);
* for a helper gathering its keywords (``def houston(**v)``), ``json=v`` or
  ``data=json.dumps(v)`` (the keywords are the request body);
* a test that only looks at it (``if v:``, ``if not v``, ``v is None``), or printing or
  logging it (``print(v)``, ``log.debug("%s", v)``), as for a dict of the module, but not
  a logging call formatting it as its one mapping (``log.info("%(ws)s", v)`` reads keys:
  ``log_mapping``, red team 20, report 11b, F1);
* the same, through ``v or {}``, ``v if v else None``, or a rebinding to such a
  value or to an empty dict (``v = v or {}``, ``if v is None: v = {}``);
* an argument of a call to another function of the module that itself uses the
  parameter it receives there only in these ways (``return _post(q, v)``), a few
  helpers deep.  A method called on an object (``self.prepare(v)``) never is:
  another class may override it.

Anything else (an attribute such as ``.update``/``.get``, a subscript, a ``**``
splat, any other call, an augmented assignment, a rebinding to anything else)
makes the world open: the variable is kept and reviewed.  Erring that way can
only turn a rename into a review.

Cost: one walk of the helper per question, each helper asked about at most once
per parameter (callers memoise); nested helpers at most ``DEPTH`` deep.
"""

from __future__ import annotations

import ast
from typing import Callable, Dict, List, Optional, Tuple

from . import log_mapping
from .tree_nodes import child_nodes

VARIABLE_KEYS = ("variables", "variable_values")
BODY_KEYWORDS = ("json", "data", "content")
DEPTH = 3
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log"})

# callee resolution: a call -> the module function it calls (def or lambda), or None
Resolve = Callable[[ast.Call], Optional[ast.AST]]


def parameters(function: ast.AST) -> Tuple[List[str], Optional[str], Optional[str]]:
    """(positional parameter names, ``*args`` name, ``**kwargs`` name) of a def or lambda."""
    arguments = function.args
    positional = [a.arg for a in list(getattr(arguments, "posonlyargs", [])) + list(arguments.args)]
    return (
        positional,
        arguments.vararg.arg if arguments.vararg is not None else None,
        arguments.kwarg.arg if arguments.kwarg is not None else None,
    )


def parameter_for(function: ast.AST, call: ast.Call, argument: ast.AST, method: bool) -> Optional[str]:
    """The parameter of ``function`` that ``call`` binds ``argument`` to, or None when it cannot be told.

    ``argument is call``: the call's keywords, gathered by ``**kwargs``.  A method called
    on an object does not pass its first parameter.
    """
    positional, vararg, kwarg = parameters(function)
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in getattr(function, "decorator_list", ()))
    if method and not static and positional:
        positional = positional[1:]
    if argument is call:
        return kwarg
    for keyword in call.keywords:
        if keyword.value is argument:
            if keyword.arg is None:
                return None
            every = set(positional) | {a.arg for a in function.args.kwonlyargs}
            return keyword.arg if keyword.arg in every else kwarg
    for index, value in enumerate(call.args):
        if isinstance(value, ast.Starred):
            return None
        if value is argument:
            return positional[index] if index < len(positional) else vararg
    return None


class Judge:
    """Answers ``open_use`` for the functions of one module, each function walked once.

    ``resolve``: a call -> the module function it calls (def or lambda), or None.
    """

    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve
        self._walked: Dict[int, Tuple[Dict[int, ast.AST], Dict[str, List[ast.AST]]]] = {}
        self._answers: Dict[Tuple[int, str, int], Optional[int]] = {}

    def _walk(self, function: ast.AST):
        """(parents, name -> its Name nodes and global/nonlocal statements) inside ``function``, once."""
        found = self._walked.get(id(function))
        if found is None:
            parents: Dict[int, ast.AST] = {}
            uses: Dict[str, List[ast.AST]] = {}
            body = function.body if isinstance(function.body, list) else [function.body]
            stack: List[ast.AST] = list(body)
            for node in body:
                parents[id(node)] = function
            while stack:
                node = stack.pop()
                for child in child_nodes(node):
                    parents[id(child)] = node
                    stack.append(child)
                if isinstance(node, ast.Name):
                    uses.setdefault(node.id, []).append(node)
                elif isinstance(node, (ast.Global, ast.Nonlocal)):
                    for name in node.names:
                        uses.setdefault(name, []).append(node)
            found = self._walked[id(function)] = (parents, uses)
        return found

    def open_use(self, function: ast.AST, parameter: str, depth: int = DEPTH) -> Optional[int]:
        """The line of the first use of ``parameter`` inside ``function`` the tool cannot follow, or None.

        ``parameter`` is the helper's variables dict (see the module docstring).
        """
        key = (id(function), parameter, depth)
        if key in self._answers:
            return self._answers[key]
        self._answers[key] = function.lineno  # a helper handing the dict back to itself: not followed
        _positional, vararg, kwarg = parameters(function)
        answer: Optional[int] = None
        if parameter == vararg:
            answer = function.lineno  # *args: the variables are one of its items, read by index
        else:
            parents, uses = self._walk(function)
            for use in sorted(uses.get(parameter, ()), key=lambda n: (n.lineno, getattr(n, "col_offset", 0))):
                if not isinstance(use, ast.Name) or not self._understood(use, parameter, parameter == kwarg, parents, depth):
                    answer = use.lineno
                    break
        self._answers[key] = answer
        return answer

    def _understood(self, use: ast.Name, parameter: str, gathers: bool, parents, depth: int) -> bool:
        parent = parents.get(id(use))
        if isinstance(use.ctx, ast.Store):
            if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and parent.targets[0] is use:
                return _passthrough(parent.value, parameter)
            if isinstance(parent, ast.AnnAssign) and parent.target is use and parent.value is not None:
                return _passthrough(parent.value, parameter)
            return False
        if not isinstance(use.ctx, ast.Load):
            return False  # del v
        node: ast.AST = use
        # v or {}, v if v else None: the same dict (or none), no key added
        while isinstance(parent, (ast.BoolOp, ast.IfExp)):
            if isinstance(parent, ast.IfExp) and parent.test is node:
                return True  # only looked at
            if not _passthrough(parent, parameter):
                return False
            node, parent = parent, parents.get(id(parent))
        if isinstance(parent, ast.Assign) and parent.value is node:
            # v = v or {}: the rebinding's own uses are judged where they are
            return len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name) and parent.targets[0].id == parameter
        if isinstance(parent, (ast.If, ast.While, ast.Assert)) and parent.test is node:
            return True
        if isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not):
            return True
        if isinstance(parent, ast.Compare) and all(isinstance(op, (ast.Is, ast.IsNot)) for op in parent.ops):
            return all(isinstance(c, ast.Constant) and c.value is None for c in [parent.left] + parent.comparators if c is not node)
        if isinstance(parent, ast.Dict):
            for key, value in zip(parent.keys, parent.values):
                if value is node:
                    return isinstance(key, ast.Constant) and key.value in VARIABLE_KEYS
            return False
        if isinstance(parent, ast.keyword):
            call = parents.get(id(parent))
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and self.resolve(call) is not None:
                return self._forwarded(call, node, depth)  # a function of the module: judged by its body
            if parent.arg in VARIABLE_KEYS:
                return True  # client.execute(document, variable_values=v)
            return gathers and parent.arg in BODY_KEYWORDS  # def houston(**v): requests.post(URL, json=v)
        if isinstance(parent, ast.Call) and node in parent.args:
            if _name(parent.func) == "print" if isinstance(parent.func, ast.Name) else _name(parent.func) in LOG_METHODS:
                # print(v), log.debug("%s", v): shown, neither changed nor sent; log.info("%(airflowVersion)s", v)
                # reads keys by name, as v["airflowVersion"] does (log_mapping: red team 20, report 11b, F1)
                return not log_mapping.reads_key(parent, node)
            if gathers and isinstance(parent.func, (ast.Name, ast.Attribute)) and _name(parent.func) == "dumps":
                holder = parents.get(id(parent))
                if isinstance(holder, ast.keyword) and holder.arg in BODY_KEYWORDS:
                    return True  # data=json.dumps(v)
            return self._forwarded(parent, node, depth)
        return False

    def _forwarded(self, call: ast.Call, argument: ast.AST, depth: int) -> bool:
        """``_post(q, v)``: handed to a function of the module that is itself closed for what it receives."""
        if depth <= 1 or not isinstance(call.func, ast.Name):
            return False  # self.prepare(v): another class may override it
        callee = self.resolve(call)
        if callee is None:
            return False
        inner = parameter_for(callee, call, argument, method=False)
        return inner is not None and self.open_use(callee, inner, depth - 1) is None


def _passthrough(node: ast.AST, parameter: str) -> bool:
    """An expression that is the parameter itself or adds no key: ``v``, ``{}``, ``dict()``, ``None``."""
    if isinstance(node, ast.Name) and node.id == parameter:
        return True
    if isinstance(node, ast.Constant) and node.value is None:
        return True
    if isinstance(node, ast.Dict) and not node.keys:
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict" and not node.args and not node.keywords:
        return True
    if isinstance(node, ast.BoolOp):
        return all(_passthrough(value, parameter) for value in node.values)
    if isinstance(node, ast.IfExp):
        return _passthrough(node.body, parameter) and _passthrough(node.orelse, parameter)
    return False


def _name(func: ast.AST) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
