"""Fills an imported helper makes in a parameter: ``def with_version(doc, v): return doc.replace("2.3.4-11", v)``.

Red team 14 (report 11b, F5): ``from gqlutil import with_version`` then
``post(with_version(doc, version))``.  Within one module the tool follows a document into the
module's own fill function (``placeholders``: ``"2.3.4-11"`` is a hole, kept and reviewed); with the
helper imported, the importer's document was migrated and the helper's ``.replace`` (or
``re.sub(r'airflowVersion: "[^"]*"', ..., doc)``) then matched nothing: the version argument was
silently ignored.

The run's index (``cross_module.build``) reads each imported-from module's functions once; this
module says, per function, which parameters it fills and how, as keys in the helper's words (keys
start with a space, so no name equals one):  ``" fills <index> <name> literal <old>"`` (a readable
``.replace(OLD, ...)``), ``" fills <index> <name> unread <what>"`` (``re.sub``, a ``.replace`` of an
unreadable target, ``string.Template``), each -> its line in the helper.  The importer's side
(``placeholders.find``) reads them back for a call of that helper with :func:`fills_of`: the
argument's document gets the same holes as if the helper were in the module.  One walk of each
function: linear.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Tuple

from .tree_nodes import dotted_name, walk

FILLS = " fills "
MAX_FILL_KEYS = 8  # fills noted per helper: a few say enough (the rest is the same review)
_WORD = re.compile(r"\w")
_KEEPING = frozenset({"strip", "lstrip", "rstrip", "replace"})  # doc.replace(a, x).replace(b, y): still doc's text
# Searches of the text for a literal (red team 17, report 11b, F3): v.join(doc.split(OLD)), doc.partition(OLD),
# a splice at doc.index(OLD): the code depends on OLD as a .replace does (read_sends._SEARCHES, same names).
_SEARCHES = frozenset({"split", "rsplit", "index", "rindex", "find", "rfind", "partition", "rpartition", "count"})


def _parameter(node: ast.AST, parameters: Dict[str, int], items: Optional[Dict[str, str]] = None) -> Optional[str]:
    """The parameter ``node`` is (through ``.replace(...)`` / ``.strip()`` receivers, or an item of it: ``items``),
    else None."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING:
        node = node.func.value
    if isinstance(node, ast.Name) and items and node.id in items:
        return items[node.id]
    return node.id if isinstance(node, ast.Name) and node.id in parameters else None


def _items_of(function: ast.AST, parameters: Dict[str, int]) -> Dict[str, str]:
    """Loop and comprehension names that take the items of a parameter: ``[d.replace(...) for d in docs]``,
    ``{k: d.replace(...) for k, d in docs.items()}``, ``for d in docs.values()`` (red team 17, report 11b, F18:
    a batch fill fills each document of the list or dict it is handed).  One walk of the function."""
    items: Dict[str, str] = {}
    for node in walk(function):
        if not isinstance(node, (ast.comprehension, ast.For, ast.AsyncFor)):
            continue
        source, whole = node.iter, True
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and source.func.attr in ("items", "values") and not source.args:
            whole = source.func.attr == "values"
            source = source.func.value
        if not (isinstance(source, ast.Name) and source.id in parameters and source.id not in items):
            continue
        target = node.target
        if not whole and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            target = target.elts[1]  # k, d in docs.items(): the value
        if isinstance(target, ast.Name) and target.id not in parameters:
            items[target.id] = source.id
    return items


def note_parameter_fills(function: ast.AST, words: Dict[str, int]) -> None:
    """Add to ``words`` the fills ``function`` makes in its parameters (see the module's docstring)."""
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    parameters = {name: index for index, name in enumerate(positional)}
    parameters.update({a.arg: -1 for a in arguments.kwonlyargs})
    if not parameters:
        return
    items = _items_of(function, parameters) if any(isinstance(n, (ast.comprehension, ast.For)) for n in walk(function)) else {}
    added = 0
    for node in walk(function):
        if added >= MAX_FILL_KEYS:
            return
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        key = None
        if attr in _SEARCHES and isinstance(func, ast.Attribute) and node.args:
            name = _parameter(func.value, parameters, items)
            target = node.args[0]
            if name is not None and isinstance(target, ast.Constant) and isinstance(target.value, str):
                if _WORD.search(target.value) and "\n" not in target.value and len(target.value) <= 200:
                    key = f"{FILLS}{parameters[name]} {name} literal {target.value}"
            elif name is not None and isinstance(target, (ast.Name, ast.Attribute)):  # doc.split(OLD): OLD not read here
                key = f"{FILLS}{parameters[name]} {name} unread .{attr}"
        elif attr == "replace" and isinstance(func, ast.Attribute) and node.args:
            receiver, target = func.value, node.args[0]
            if isinstance(receiver, ast.Name) and receiver.id == "str" and len(node.args) > 1:
                receiver, target = node.args[0], node.args[1]  # str.replace(doc, OLD, v) (F3)
            name = _parameter(receiver, parameters, items)
            if name is not None:
                if isinstance(target, ast.Constant) and isinstance(target.value, str):
                    if _WORD.search(target.value) and "\n" not in target.value and len(target.value) <= 200:
                        key = f"{FILLS}{parameters[name]} {name} literal {target.value}"
                else:
                    key = f"{FILLS}{parameters[name]} {name} unread .replace"
        elif attr in ("sub", "subn") and isinstance(func, ast.Attribute):
            string = next((k.value for k in node.keywords if k.arg == "string"), None)
            if string is None:
                index = 2 if isinstance(func.value, ast.Name) and func.value.id == "re" else 1
                string = node.args[index] if len(node.args) > index else None
            name = _parameter(string, parameters, items) if string is not None else None
            if name is not None:
                key = f"{FILLS}{parameters[name]} {name} unread re.{attr}"
        elif attr in ("Template", "from_string") and node.args:
            name = _parameter(node.args[0], parameters)
            if name is not None:
                key = f"{FILLS}{parameters[name]} {name} unread {attr}"
        if key is not None and key not in words:
            words[key] = node.lineno
            added += 1


def fills_of(call: ast.Call, words: Dict[str, int]) -> List[Tuple[ast.AST, str, str, int]]:
    """(the argument, "literal" or "unread", the replaced text or what fills it, the helper's line) for each
    parameter fill of the helper ``words`` describe that ``call`` passes an argument to."""
    found = []
    for key, line in words.items():
        if not key.startswith(FILLS):
            continue
        index, name, kind, what = (key[len(FILLS):].split(" ", 3) + ["", "", "", ""])[:4]
        argument = next((k.value for k in call.keywords if k.arg == name), None)
        if argument is None and index.lstrip("-").isdigit() and 0 <= int(index) < len(call.args):
            if not any(isinstance(a, ast.Starred) for a in call.args[: int(index) + 1]):
                argument = call.args[int(index)]
        if argument is not None and kind in ("literal", "unread"):
            found.append((argument, kind, what, line))
    return found


# A base class's method filling an attribute of its instance: ``self.QUERY.replace(self.OLD, v)``.
# Key in the method's words: SELF_FILLS + "<attribute> literal <old>" / "<attribute> unread <what>" -> line.
SELF_FILLS = FILLS + "self "
_RECEIVERS = ("self", "cls")


def _self_attribute(node: ast.AST) -> Optional[str]:
    """The attribute ``node`` reads off ``self``/``cls``/``type(self)`` (through text-keeping calls), else None."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING:
        node = node.func.value
    if not isinstance(node, ast.Attribute):
        return None
    owner = node.value
    if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "type" and len(owner.args) == 1:
        owner = owner.args[0]
    if isinstance(owner, ast.Attribute) and owner.attr == "__class__":  # self.__class__.QUERY (RT17 11b, F7)
        owner = owner.value
    return node.attr if isinstance(owner, ast.Name) and owner.id in _RECEIVERS else None


def _getattr_self(node: ast.AST) -> Optional[str]:
    """``getattr(self, "QUERY")`` (through text-keeping calls): the attribute read, else None (RT17 11b, F7)."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING:
        node = node.func.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) == 2):
        return None
    owner, name = node.args
    if isinstance(owner, ast.Name) and owner.id in _RECEIVERS and isinstance(name, ast.Constant) and isinstance(name.value, str):
        return name.value
    return None


def note_self_fills(cls: ast.ClassDef, method: ast.AST, words: Dict[str, int]) -> None:
    """Add to ``words`` the fills ``method`` of ``cls`` makes in an attribute of its instance.

    Red team 15 (report 11b, F11): ``class HoustonOp: def run(self, ...): self.QUERY.replace(
    self.DEFAULT_VERSION, version)`` imported by ``class Upgrade(HoustonOp): QUERY = '...'`` in another
    module: the subclass's document is what the inherited ``run`` fills.  ``OLD`` is read when it is a
    literal or an attribute the class body binds to one; otherwise the fill is unread.  One walk.
    """
    constants = {
        target.id: statement.value.value
        for statement in cls.body if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
        for target in statement.targets if isinstance(target, ast.Name)
    }
    added = 0
    for node in walk(method):
        if added >= MAX_FILL_KEYS:
            return
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        func, key = node.func, None
        if func.attr == "replace" and node.args:
            attribute = _self_attribute(func.value) or _getattr_self(func.value)
            if attribute is not None:
                target = node.args[0]
                old = target.value if isinstance(target, ast.Constant) else constants.get(_self_attribute(target) or "")
                if isinstance(old, str) and _WORD.search(old) and "\n" not in old and len(old) <= 200:
                    key = f"{SELF_FILLS}{attribute} literal {old}"
                else:
                    key = f"{SELF_FILLS}{attribute} unread .replace"
        elif func.attr in ("sub", "subn", "Template", "from_string", "format"):
            if func.attr == "format":
                attribute = _self_attribute(func.value)
            else:
                index = 2 if isinstance(func.value, ast.Name) and func.value.id == "re" else 1
                index = 0 if func.attr in ("Template", "from_string") else index
                string = next((k.value for k in node.keywords if k.arg == "string"), None)
                string = string if string is not None else (node.args[index] if len(node.args) > index else None)
                attribute = _self_attribute(string) if string is not None else None
            if attribute is not None:
                key = f"{SELF_FILLS}{attribute} unread {func.attr}"
        if key is not None and key not in words:
            words[key] = node.lineno
            added += 1


def constructor_fills(cls: ast.ClassDef, methods: Dict[str, Dict[str, int]]) -> Dict[str, int]:
    """Parameter fills of ``cls``'s constructor: ``__init__(self, query)`` storing ``self.query = query``,
    which a method fills (``self.query.replace("2.3.4-11", v)``, :func:`note_self_fills`).

    Red team 17 (report 11b, F7): ``from gqlutil import Op``; ``Op(UPSERT).render(version)``: the
    document handed to the constructor is what ``render`` fills.  Keyed as a function's parameter
    fills (``fills_of`` reads them for a call of the class).  One look at ``__init__``'s statements.
    """
    init = next((s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__init__"), None)
    if init is None:
        return {}
    positional = [a.arg for a in init.args.posonlyargs + init.args.args][1:]
    parameters = {name: index for index, name in enumerate(positional)}
    parameters.update({a.arg: -1 for a in init.args.kwonlyargs})
    stored: Dict[str, str] = {}  # attribute -> the parameter stored there
    for statement in init.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            name = _parameter(statement.value, parameters)
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                if name is not None and isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                    stored[target.attr] = name
    words: Dict[str, int] = {}
    for method_words in methods.values():
        for key, line in method_words.items():
            if not key.startswith(SELF_FILLS):
                continue
            attribute, rest = (key[len(SELF_FILLS):].split(" ", 1) + [""])[:2]
            if attribute in stored and len(words) < MAX_FILL_KEYS:
                name = stored[attribute]
                words.setdefault(f"{FILLS}{parameters[name]} {name} {rest}", line)
    return words


def subclass_fills(finder) -> List[Tuple[ast.AST, str, str, str, int]]:
    """(string, "literal"/"unread", old text or what fills it, the helper's name and module, line) for each
    class-body string of a module-level class whose base, imported from a module of the run, fills that
    attribute in one of its methods (:func:`note_self_fills`).  One pass over the module's classes and
    the run's index entries of their bases: linear."""
    helpers = getattr(getattr(finder, "file", None), "imported_helpers", None) or {}
    module = getattr(finder, "module", None)
    by_base: Dict[str, List[Tuple[str, str, str, str, int]]] = {}  # base's dotted name -> its self fills
    for local, (definer, words) in helpers.items():
        if "." not in local:
            continue
        for key, line in words.items():
            if key.startswith(SELF_FILLS):
                attribute, kind, what = (key[len(SELF_FILLS):].split(" ", 2) + ["", "", ""])[:3]
                by_base.setdefault(local.rsplit(".", 1)[0], []).append((attribute, kind, what, f"{local}() (imported from {definer})", line))
    found = []
    if not by_base or module is None:
        return found
    for statement in module.body:
        if not isinstance(statement, ast.ClassDef):
            continue
        fills = [fill for base in statement.bases for fill in by_base.get(dotted_name(base) or "", ())]
        if not fills:
            continue
        for inner in statement.body:
            if not isinstance(inner, (ast.Assign, ast.AnnAssign)) or inner.value is None:
                continue
            if not isinstance(inner.value, (ast.Constant, ast.JoinedStr)):
                continue
            targets = inner.targets if isinstance(inner, ast.Assign) else [inner.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            for attribute, kind, what, helper, line in fills:
                if attribute in names:
                    found.append((inner.value, kind, what, helper, line))
    return found


def add_subclass_fills(finder, found: dict) -> None:
    """Add :func:`subclass_fills` to ``found`` (``placeholders.find``'s id(string) -> Fills)."""
    import json

    from .placeholders import Fills

    for value, kind, what, helper, line in subclass_fills(finder):
        fills = Fills()
        if kind == "literal":
            shown = json.dumps(what if len(what) <= 40 else what[:37] + "...")
            fills.literals[what] = f"{shown}, which {helper} fills in with .replace on its line {line} at run time"
        else:
            fills.unread = f"{helper}: its {what} on line {line}"
            fills.names = None
        found.setdefault(id(value), Fills()).update(fills)


# ``with_version = partial(re.sub, r"2\.3\.4-11")``: the parameter position of the text each partial
# fills, counted before any argument is bound (red team 16, report 11b, F15).
_PARTIAL_TEXT = {"re.sub": 2, "re.subn": 2, "regex.sub": 2, "regex.subn": 2, "str.replace": 0}


def partial_fills(statement: ast.AST) -> Optional[Tuple[str, Dict[str, int]]]:
    """(name, fill words) of a module-level ``name = functools.partial(re.sub, P)`` (or ``partial(str.replace)``,
    ``partial(PATTERN.sub)``), else None.

    Red team 16 (report 11b), F15: ``from gqlutil import with_version`` then ``send(with_version(v, DOC))``
    with ``with_version = partial(re.sub, r"2\\.3\\.4-11")`` in gqlutil: the importer's document was
    rewritten and the fill then matched nothing.  The partial fills the argument at the text's position
    less the bound positional arguments: noted as an unread fill of that position, as a ``def`` doing
    ``re.sub`` is (the importer's document is held, ``review-template-fill``).  A text bound in the
    partial itself (or by keyword) is no argument of its calls: nothing noted.
    """
    if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name)):
        return None
    call = statement.value
    if dotted_name(call) in _PARTIAL_TEXT:  # fill = str.replace / fill = re.sub: the function itself (RT17 11b, F3)
        target = dotted_name(call)
        kind = "unread .replace" if target == "str.replace" else f"unread {target}"
        return statement.targets[0].id, {f"{FILLS}{_PARTIAL_TEXT[target]} text {kind}": statement.lineno}
    if not (isinstance(call, ast.Call) and dotted_name(call.func) in ("partial", "functools.partial") and call.args):
        return None
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg in (None, "string") for k in call.keywords):
        return None
    target = dotted_name(call.args[0]) or ""
    position = _PARTIAL_TEXT.get(target)
    if position is None and target.endswith((".sub", ".subn")):
        position = 1  # a compiled pattern's .sub(repl, string)
    if position is None:
        return None
    index = position - (len(call.args) - 1)
    if index < 0:
        return None
    kind = "unread .replace" if target == "str.replace" else f"unread {target}"
    return statement.targets[0].id, {f"{FILLS}{index} text {kind}": statement.lineno}
