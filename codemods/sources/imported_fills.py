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

from .placeholders import words_read
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
    or holds (:func:`_held_text`), else None."""
    node = _held_text(node)
    if isinstance(node, ast.Name) and items and node.id in items:
        return items[node.id]
    return node.id if isinstance(node, ast.Name) and node.id in parameters else None


# What a value holding the text gives of it (red team 19, report 11b, F10/F11/F12): ``payload["query"]``,
# ``op.text``, ``queries[0]``, ``make()`` (a lambda handed in), ``payload.get("query")``, ``getattr(op, "q")``,
# ``q.encode()``, ``str(q)``, ``dedent(q)``: a fill of that is a fill of what the caller handed over.
_GIVING = frozenset({"encode", "decode", "get", "pop", "dedent", "cleandoc", "str", "bytes", "splitlines", "split"})


def _held_text(node: ast.AST) -> ast.AST:
    """``node`` stripped of text-keeping calls and of the wrappers a text is taken out of.  At most 8 steps."""
    for _ in range(8):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING | _GIVING:
            node = node.func.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _GIVING | {"getattr"} and node.args:
            node = node.args[0]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.args and not node.keywords:
            node = node.func  # make(): the lambda the caller handed in
        elif isinstance(node, ast.Subscript) or (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)):
            node = node.value
        else:
            break
    return node


def _aliases(function: ast.AST, parameters: Dict[str, int], items: Dict[str, str]) -> None:
    """Add to ``items`` the local names bound to what a parameter holds (``text = make()``, ``q = payload["query"]``,
    ``op = ops[0]``), in the order written (a chain of them too).  One pass over the function's assignments."""
    for node in walk(function):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            name = _parameter(node.value, parameters, items)
            for target in targets:
                if name is not None and isinstance(target, ast.Name) and target.id not in parameters and target.id not in items:
                    items[target.id] = name


# Code that reads the text by a name (``"airflowVersion" in q``, ``re.search(r"airflowVersion: ...", q)``):
# noted as READS keys (`` fills <index> <name> reads <literal>`` / ``readsre <pattern>``), which the importer
# reads as reads of its document (``placeholders._note_reads``), not as holes (red team 19, 11b, F16).
_RE_READS = frozenset({"search", "match", "fullmatch", "findall", "finditer"})
_VERSION = re.compile(r"\d\.\d")  # an AC-like version (placeholders._VERSION_LIKE); linear


def _items_of(function: ast.AST, parameters: Dict[str, int], aliases: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """Loop and comprehension names that take the items of a parameter: ``[d.replace(...) for d in docs]``,
    ``{k: d.replace(...) for k, d in docs.items()}``, ``for d in docs.values()`` (red team 17, report 11b, F18:
    a batch fill fills each document of the list or dict it is handed), or of what it holds (``aliases``:
    :func:`_aliases`), ``for line in q.splitlines()``.  One walk of the function."""
    aliases = aliases or {}
    items: Dict[str, str] = dict(aliases)
    for node in walk(function):
        if not isinstance(node, (ast.comprehension, ast.For, ast.AsyncFor)):
            continue
        source, whole = node.iter, True
        if isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and source.func.attr in ("items", "values") and not source.args:
            whole = source.func.attr == "values"
            source = source.func.value
        # for line in q.splitlines() / lines = q.split("\n"); for l in lines: each line is the text's (RT19 11b)
        name = _parameter(source, parameters, items)
        if name is None or (isinstance(source, ast.Name) and source.id in items and source.id not in aliases):
            continue
        target = node.target
        if not whole and isinstance(target, ast.Tuple) and len(target.elts) == 2:
            target = target.elts[1]  # k, d in docs.items(): the value
        if isinstance(target, ast.Name) and target.id not in parameters:
            items[target.id] = name
    return items


def note_parameter_fills(function: ast.AST, words: Dict[str, int]) -> None:
    """Add to ``words`` the fills ``function`` makes in its parameters (see the module's docstring)."""
    if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
        note_returned_fills(function, words)  # fill = make_filler("airflowVersion", v) (red team 19, 11b F14)
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if positional and positional[0] in ("self", "cls"):
        positional = positional[1:]
    parameters = {name: index for index, name in enumerate(positional)}
    parameters.update({a.arg: -1 for a in arguments.kwonlyargs})
    if not parameters:
        return
    items: Dict[str, str] = {}
    _aliases(function, parameters, items)
    if any(isinstance(n, (ast.comprehension, ast.For)) for n in walk(function)):
        items = _items_of(function, parameters, items)
        _aliases(function, parameters, items)  # new = line.strip() inside the loop
    added = 0
    memo: dict = {}
    for node in walk(function):
        if added >= MAX_FILL_KEYS:
            return
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            left, name = node.left, _parameter(node.comparators[0], parameters, items)
            if name is not None and isinstance(left, ast.Constant) and isinstance(left.value, str) and 0 < len(left.value) <= 200:
                key = f"{FILLS}{parameters[name]} {name} reads {left.value}"
                if "\n" not in left.value and key not in words:
                    words[key] = node.lineno
                    added += 1
            continue
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        key = None
        if isinstance(func, ast.Call) or (attr == "reduce" and len(node.args) == 3):
            # methodcaller("replace", OLD, v)(q), partial(re.sub, P, R)(q), reduce(lambda s, kv: s.replace(*kv),
            # pairs, q): a callable built at run time applied to the text (red team 19, 11b, F12)
            given = node.args[2:3] if attr == "reduce" and not isinstance(func, ast.Call) else node.args
            name = next((n for n in (_parameter(a, parameters, items) for a in given) if n is not None), None)
            if name is not None:
                old = _method_caller_old(func)
                if old is not None:
                    key = f"{FILLS}{parameters[name]} {name} literal {old}"
                else:
                    built = dotted_name(func.func) if isinstance(func, ast.Call) else "functools.reduce"
                    key = f"{FILLS}{parameters[name]} {name} unread {built or 'callable'}(...)"
        elif attr in _RE_READS and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("re", "regex") and len(node.args) >= 2:
            name = _parameter(node.args[1], parameters, items)
            pattern = node.args[0]
            if name is not None and isinstance(pattern, ast.Constant) and isinstance(pattern.value, str) and len(pattern.value) <= 200:
                flags = "i" if any(isinstance(p, ast.Attribute) and p.attr in ("I", "IGNORECASE") for a in node.args[2:] + [k.value for k in node.keywords] for p in walk(a)) else "-"
                key = f"{FILLS}{parameters[name]} {name} readsre {flags}{pattern.value}" if "\n" not in pattern.value else None
        elif attr in ("startswith", "endswith") and isinstance(func, ast.Attribute) and node.args:
            # line.strip().startswith("airflowVersion:") of the text's lines: a read by that name; a version
            # looked for is what the caller's document must keep (RT19 11b; placeholders._EDGE_SEARCHES in-module)
            name, target = _parameter(func.value, parameters, items), node.args[0]
            if name is not None and isinstance(target, ast.Constant) and isinstance(target.value, str) and "\n" not in target.value:
                if words_read(target.value, False) and len(target.value) <= 200:
                    key = f"{FILLS}{parameters[name]} {name} reads {target.value}"
                elif _VERSION.search(target.value) and len(target.value) <= 200:
                    key = f"{FILLS}{parameters[name]} {name} literal {target.value}"
        elif attr in _SEARCHES and isinstance(func, ast.Attribute) and node.args:
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
            if isinstance(target, ast.Constant) and isinstance(target.value, bytes):  # q.encode().replace(b"...", ...)
                target = ast.Constant(value=target.value.decode("utf-8", "replace"))
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
            name = _parameter(node.args[0], parameters, items)
            if name is not None:
                key = f"{FILLS}{parameters[name]} {name} unread {attr}"
        elif attr == "parse" and node.args and _prints_back(function, memo):
            # print_ast(visit(parse(q), VersionSetter(v))): the text edited through its syntax tree by a
            # graphql-core visitor (RT19 11b F12; placeholders._parse_printed_back in-module)
            name = _parameter(node.args[0], parameters, items)
            if name is not None:
                key = f"{FILLS}{parameters[name]} {name} unread parse/print_ast"
        if key is not None and key not in words:
            words[key] = node.lineno
            added += 1


def _prints_back(function: ast.AST, memo: dict) -> bool:
    """Does ``function`` name ``print_ast`` (a syntax tree printed back to text)?  Asked only for a ``parse``
    call; one walk per function (``memo``)."""
    if "prints" not in memo:
        memo["prints"] = any((isinstance(n, ast.Name) and n.id == "print_ast") or (isinstance(n, ast.Attribute) and n.attr == "print_ast") for n in walk(function))
    return memo["prints"]


def _method_caller_old(func: ast.AST) -> Optional[str]:
    """OLD of ``methodcaller("replace", OLD, ...)`` (or of a search method) when a readable literal, else None."""
    if not (isinstance(func, ast.Call) and (dotted_name(func.func) or "").split(".")[-1] == "methodcaller" and len(func.args) >= 2):
        return None
    method, old = func.args[0], func.args[1]
    if isinstance(method, ast.Constant) and method.value in _SEARCHES | {"replace"} and isinstance(old, ast.Constant):
        if isinstance(old.value, str) and _WORD.search(old.value) and "\n" not in old.value and len(old.value) <= 200:
            return old.value
    return None


def fills_of(call: ast.Call, words: Dict[str, int], kinds=("literal", "unread")) -> List[Tuple[ast.AST, str, str, int]]:
    """(the argument, "literal" or "unread", the replaced text or what fills it, the helper's line) for each
    parameter fill of the helper ``words`` describe that ``call`` passes an argument to.  ``kinds``: with
    "reads" / "readsre", also the texts and patterns it reads the parameter by."""
    found = []
    for key, line in words.items():
        if not key.startswith(FILLS):
            continue
        index, name, kind, what = (key[len(FILLS):].split(" ", 3) + ["", "", "", ""])[:4]
        argument = next((k.value for k in call.keywords if k.arg == name), None)
        if argument is None and index.lstrip("-").isdigit() and 0 <= int(index):
            # fill(*args) / fill(**params): what the splat holds may be the argument (red team 19, 11b F10)
            before = call.args[: int(index) + 1]
            argument = next((a for a in before if isinstance(a, ast.Starred)), None)
            if argument is None and int(index) < len(call.args):
                argument = call.args[int(index)]
        if argument is None:
            argument = next((k.value for k in call.keywords if k.arg is None), None)
        if argument is not None and kind in kinds:
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


# A factory's returned closure filling its own parameter: ``def make_filler(old, new): def fill(q): return
# q.replace(old, new); return fill`` (red team 19, report 11b, F14).  Key in the factory's words:
# RETURNED + "<index> <name> <kind> <what>" -> line, as FILLS keys are for the closure's parameters.
RETURNED = " returned-fills "


def note_returned_fills(function: ast.AST, words: Dict[str, int]) -> None:
    """Add to ``words`` the fills of the function (a nested ``def`` or a ``lambda``) ``function`` returns.
    One walk of ``function`` (and one of the closure, inside it)."""
    nested: Dict[str, ast.AST] = {}
    returned: List[ast.AST] = []
    for node in walk(function):
        if node is not function and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nested.setdefault(node.name, node)
        elif isinstance(node, ast.Return) and node.value is not None:
            returned.append(node.value)
    for value in returned:
        closure = value if isinstance(value, ast.Lambda) else nested.get(value.id) if isinstance(value, ast.Name) else None
        if closure is None:
            continue
        inner: Dict[str, int] = {}
        note_parameter_fills(closure, inner)
        for key, line in inner.items():
            if key.startswith(FILLS):
                words.setdefault(RETURNED + key[len(FILLS):], line)
        return


def returned_fills(call: ast.Call, helpers: dict, resolve) -> Tuple[Optional[str], Optional[Dict[str, int]]]:
    """(the factory's key, its closure's fills as FILLS keys) when ``call`` calls what an imported factory
    returned: ``make_filler(OLD, v)(DOC)``, or ``fill(DOC)`` with ``fill`` bound to such a call (``resolve``:
    a name -> its values).  Else (None, None).  Constant work per call."""
    made = [call.func] if isinstance(call.func, ast.Call) else [v for v in resolve(call.func) if isinstance(v, ast.Call)] if isinstance(call.func, ast.Name) else []
    for factory in made:
        key = dotted_name(factory.func)
        words = (helpers.get(key) or [None, {}])[1] if key else None
        fills = {FILLS + k[len(RETURNED):]: line for k, line in (words or {}).items() if k.startswith(RETURNED)}
        if fills:
            return key, fills
    return None, None


_LEVELS = 3  # a helper's own helpers followed this deep


def propagate(module: ast.Module, functions: Dict[str, Dict[str, int]]) -> None:
    """A function (or method) handing what a parameter holds to another function or method of its module that
    fills it fills that parameter too: ``def visit(self, node): return self.visit_text(node)`` with ``visit_text``
    doing the ``re.sub`` (red team 19, report 11b, F12: the visitor-like class an importer calls as
    ``VersionFiller(v).visit(DOC)``).  The calls passing a parameter on are listed in one walk of each
    definition; the fills then flow along them, ``_LEVELS`` rounds: linear."""
    edges = []  # (caller key, its parameter's index, its name, callee key, the callee's position or keyword, line)
    imported = {  # the names the module's top-level imports bind: a call of one may be a helper of the run
        (alias.asname or alias.name.split(".")[0]) for statement in getattr(module, "body", ())
        if isinstance(statement, (ast.Import, ast.ImportFrom)) for alias in statement.names
    }
    for statement in getattr(module, "body", ()):
        definitions = []
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            definitions.append((statement.name, statement, None))
        elif isinstance(statement, ast.ClassDef):
            definitions.extend(
                (f"{statement.name}.{inner.name}", inner, statement.name)
                for inner in statement.body if isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef))
            )
        for key, definition, owner in definitions:
            if key not in functions:
                continue
            positional = [a.arg for a in definition.args.posonlyargs + definition.args.args]
            if owner is not None and positional and positional[0] in _RECEIVERS:
                positional = positional[1:]
            parameters = {name: index for index, name in enumerate(positional)}
            parameters.update({a.arg: -1 for a in definition.args.kwonlyargs})
            if not parameters:
                continue
            items: Dict[str, str] = {}
            _aliases(definition, parameters, items)
            for node in walk(definition):
                if not isinstance(node, ast.Call):
                    continue
                func, callee = node.func, None
                if isinstance(func, ast.Name):
                    callee = func.id
                elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                    if func.value.id in _RECEIVERS and owner is not None:
                        callee = f"{owner}.{func.attr}"
                    else:
                        callee = f"{func.value.id}.{func.attr}"
                if callee is not None and callee not in functions and callee.split(".")[0] in imported:
                    _note_handed(functions[key], node, callee, parameters, items)  # a helper it imports (hand_on)
                    continue
                if callee is None or callee == key or callee not in functions:
                    continue
                for index, argument in enumerate(node.args):
                    if isinstance(argument, ast.Starred):
                        break
                    name = _parameter(argument, parameters, items)
                    if name is not None:
                        edges.append((key, parameters[name], name, callee, str(index), node.lineno))
                for keyword in node.keywords:
                    name = _parameter(keyword.value, parameters, items) if keyword.arg else None
                    if name is not None:
                        edges.append((key, parameters[name], name, callee, keyword.arg, node.lineno))
    for _ in range(_LEVELS if edges else 0):
        changed = False
        for key, index, name, callee, position, line in edges:
            changed |= _copy_fills(functions[key], index, name, functions[callee], position, line, callee)
        if not changed:
            break


def _copy_fills(words: dict, index, name: str, callee_words: dict, position, line: int, callee: str) -> bool:
    """Note in ``words`` (a function's index entry) the fills ``callee`` makes of the argument at
    ``position``, which the function hands it from its own parameter ``name``; True if any is new."""
    changed = False
    for fill in list(callee_words):
        if not fill.startswith(FILLS) or fill.startswith(SELF_FILLS):
            continue
        at, parameter, kind, what = (fill[len(FILLS):].split(" ", 3) + ["", "", "", ""])[:4]
        if position not in (at, parameter):
            continue
        shown = what if kind != "unread" or " in " in what else f"{what} in {callee}()"
        noted = f"{FILLS}{index} {name} {kind} {shown}"
        if noted not in words and sum(k.startswith(FILLS) for k in words) < MAX_FILL_KEYS:
            words[noted] = line
            changed = True
    return changed


# A function handing what a parameter holds to a name its module imports: `` hands <index> <name> <callee>
# <position or keyword>`` -> line.  :func:`hand_on` copies the imported helper's fills once the run's imports
# are resolved (red team 19, report 11b: ``fill(q, v)`` in helpers.py doing ``set_version(q, v)`` imported
# from textutil.py, two modules away from the document).
HANDS = " hands "


def _note_handed(words: Dict[str, int], node: ast.Call, callee: str, parameters: Dict[str, int], items: Dict[str, str]) -> None:
    if sum(k.startswith(HANDS) for k in words) >= MAX_FILL_KEYS:
        return
    for index, argument in enumerate(node.args):
        if isinstance(argument, ast.Starred):
            break
        name = _parameter(argument, parameters, items)
        if name is not None:
            words.setdefault(f"{HANDS}{parameters[name]} {name} {callee} {index}", node.lineno)
    for keyword in node.keywords:
        name = _parameter(keyword.value, parameters, items) if keyword.arg else None
        if name is not None:
            words.setdefault(f"{HANDS}{parameters[name]} {name} {callee} {keyword.arg}", node.lineno)


def hand_on(helpers: Dict[str, Dict[str, Dict[str, int]]], found: Dict[str, dict]) -> None:
    """Copy into each function of the run's index the fills of the imported helpers it hands a parameter to
    (:data:`HANDS`): ``helpers`` is definer -> its functions' words, ``found[definer]["helpers"]`` the helpers
    that module imports (local name -> [definer, words]).  The pending hand-ons are listed once, then the
    fills flow along them ``_LEVELS`` rounds (a chain of modules): linear in the index."""
    pending = []
    for definer, functions in helpers.items():
        taken = (found.get(definer) or {}).get("helpers") or {}
        if not taken:
            continue
        for words in functions.values():
            for key, line in words.items():
                if key.startswith(HANDS):
                    index, name, callee, position = (key[len(HANDS):].split(" ", 3) + ["", "", "", ""])[:4]
                    entry = taken.get(callee)
                    if entry is not None and entry[1] is not words:
                        pending.append((words, index, name, entry[1], position, line, callee))
    for _ in range(_LEVELS if pending else 0):
        changed = False
        for words, index, name, callee_words, position, line, callee_name in pending:
            changed |= _copy_fills(words, index, name, callee_words, position, line, callee_name)
        if not changed:
            break
