"""How a document reaches a callable other than as a plain argument of a plain call.

Red team 19 (report 11b).  The rule the tool keeps: a document's text is rewritten only when no
other code fills or reads it.  The run's index knows which parameters an imported helper fills
(``imported_fills``), and the importer's side (``placeholders._imported_fill``) held the document
handed to that parameter, but only for a written call ``fill(DOC, v)`` with ``DOC`` itself there.
The same helper was handed the same document in ways that call was not seen in, the document was
rewritten, and the helper's ``.replace`` / ``re.sub`` / ``in`` test silently matched nothing:

* F16, the helper run by something else: ``pool.submit(fill, DOC, v)``, ``ex.map(fill, [DOC])``,
  ``threading.Thread(target=fill, args=(DOC, v))``, ``Pool().starmap(fill, [(DOC, v)])`` /
  ``apply_async(fill, (DOC, v))``, ``asyncio.to_thread(fill, DOC, v)``,
  ``loop.run_in_executor(None, fill, DOC)``: :func:`dispatched` writes each as the call it makes
  (``fill(DOC, v)``), so every analysis of calls (fills, sends, variables a helper reads) sees it.
  The collector adds these calls beside the real ones, at the dispatching call's position.
* F10 / F11, the document wrapped: ``fill({"query": DOC})``, ``fill([DOC])``,
  ``fill(SimpleNamespace(q=DOC))``, ``fill(lambda: DOC)``, an instance of a class of the module
  holding it as a field default or class attribute (``@dataclass class Op: text: str = DOC``,
  ``fill(Op())``), and ``fill(**{"query": DOC})`` / ``fill(**params)`` / ``fill(*args)``:
  :func:`held_within` lists what such an argument holds, so the fill reaches the document inside.

The general rule: whatever a helper that fills a parameter is handed there, and whatever that
value holds, is filled.  Bounded work per call: at most ``MAX_HELD`` expressions, ``_DEPTH`` levels.
"""

from __future__ import annotations

import ast
from typing import List, Optional

MAX_HELD = 32  # expressions one argument may hold that are followed
_DEPTH = 4  # wrappers inside wrappers followed
_MAX_ELEMENTS = 16  # elements of a mapped list made into calls of their own

# X.submit(f, *a, **k) and kin: the callable first, then its arguments as written.
_RUNS_FIRST = frozenset({"submit", "to_thread", "run_sync", "spawn", "call_soon", "call_soon_threadsafe", "start_soon"})
# pool.apply(f, (a, b), {"k": v}) and kin: the callable, a tuple of arguments, a dict of keywords.
_APPLIES = frozenset({"apply", "apply_async", "start_new_thread"})
# pool.map(f, items) / map(f, a, b): each element handed to the callable, an iterable per position.
_MAPS = frozenset({"map", "imap", "imap_unordered", "map_async"})
_STARMAPS = frozenset({"starmap", "starmap_async"})
# threading.Thread(target=f, args=(...), kwargs={...}); multiprocessing.Process too; Timer(t, f, args, kwargs).
_THREADS = frozenset({"Thread", "Process", "Timer"})
# Wrappers whose arguments (and keyword values) are what they hold.
_WRAPPERS = frozenset({"SimpleNamespace", "dict", "list", "tuple", "set", "frozenset", "OrderedDict", "MappingProxyType", "namedtuple"})


def _name(node: ast.AST) -> Optional[str]:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)


def _callable(node: ast.AST) -> bool:
    """Something that may be a helper: a name, ``mod.helper``, or a callable built by a call (``partial(...)``)."""
    return isinstance(node, (ast.Name, ast.Attribute, ast.Call))


def _made(original: ast.Call, func: ast.AST, args: List[ast.AST], keywords: List[ast.keyword]) -> ast.Call:
    made = ast.Call(func=func, args=list(args), keywords=list(keywords))
    return ast.copy_location(made, original)


def _spread(node: Optional[ast.AST]) -> List[ast.AST]:
    """The positional arguments a tuple of them gives: its elements when written, else ``*node``."""
    if node is None:
        return []
    if isinstance(node, (ast.Tuple, ast.List)):
        return list(node.elts)
    return [ast.copy_location(ast.Starred(value=node, ctx=ast.Load()), node)]


def _keywords(node: Optional[ast.AST]) -> List[ast.keyword]:
    return [] if node is None else [ast.keyword(arg=None, value=node)]


def _argument(call: ast.Call, index: int, keyword: str) -> Optional[ast.AST]:
    found = next((k.value for k in call.keywords if k.arg == keyword), None)
    if found is None and index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        found = call.args[index]
    return found


def dispatched(call: ast.Call) -> List[ast.Call]:
    """The calls ``call`` makes of a callable it is handed (F16), written as plain calls; empty for other calls.

    A mapped iterable stands for its elements: each written element of a list or tuple makes its own call
    (at most ``_MAX_ELEMENTS``), any other iterable is the argument itself (what it holds is followed by
    :func:`held_within`).  Constant work per call but for the elements.
    """
    name = _name(call.func)
    if name is None:
        return []
    args = call.args
    if name in _RUNS_FIRST and args and _callable(args[0]) and not isinstance(args[0], ast.Starred):
        return [_made(call, args[0], args[1:], call.keywords)]
    if name == "run" and isinstance(call.func, ast.Attribute) and args and isinstance(args[0], (ast.Name, ast.Attribute)):
        owner = call.func.value  # contextvars.copy_context().run(f, *args), trio.run(f, *args): not subprocess.run
        if (isinstance(owner, ast.Name) and owner.id in ("trio", "anyio")) or (isinstance(owner, ast.Call) and _name(owner.func) == "copy_context"):
            return [_made(call, args[0], args[1:], call.keywords)]
        return []
    if name == "run_in_executor" and len(args) >= 2 and _callable(args[1]):
        return [_made(call, args[1], args[2:], [])]
    if name in _APPLIES and args and _callable(args[0]) and not isinstance(args[0], ast.Starred):
        return [_made(call, args[0], _spread(_argument(call, 1, "args")), _keywords(_argument(call, 2, "kwds")))]
    if name in _THREADS:
        target = _argument(call, 1, "function") if name == "Timer" else next((k.value for k in call.keywords if k.arg == "target"), None)
        if target is None or not _callable(target):
            return []
        given = _argument(call, 2, "args") if name == "Timer" else next((k.value for k in call.keywords if k.arg == "args"), None)
        named = _argument(call, 3, "kwargs") if name == "Timer" else next((k.value for k in call.keywords if k.arg == "kwargs"), None)
        return [_made(call, target, _spread(given), _keywords(named))]
    if name in _MAPS and len(args) >= 2 and _callable(args[0]) and not any(isinstance(a, ast.Starred) for a in args):
        iterables = args[1:]
        if name != "map" or isinstance(call.func, ast.Attribute):
            iterables = iterables[:1] if name != "map" else iterables  # pool.imap(f, items, chunksize)
        if all(isinstance(i, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in i.elts) for i in iterables):
            count = min(min(len(i.elts) for i in iterables), _MAX_ELEMENTS)
            return [_made(call, args[0], [i.elts[n] for i in iterables], []) for n in range(count)]
        return [_made(call, args[0], iterables, [])]
    if name in _STARMAPS and len(args) >= 2 and _callable(args[0]):
        items = args[1]
        if isinstance(items, (ast.List, ast.Tuple)) and not any(isinstance(e, ast.Starred) for e in items.elts):
            return [_made(call, args[0], _spread(item), []) for item in items.elts[:_MAX_ELEMENTS]]
        made = _made(call, args[0], _spread(items), [])
        # starmap(f, PLAN) runs f(*row) for each row of PLAN, not f(*PLAN): readers of the place a parameter
        # gets take any row first (red team 28, report 13, f8: a one-row PLAN read as PLAN[1], no such row)
        made.each_row = True
        return [made]
    return []


def held_within(finder, node: ast.AST, scope, classes=None) -> List[ast.AST]:
    """The expressions ``node`` holds when it wraps other values (F10, F11), ``node`` itself first.

    A dict / list / tuple / set display's values, a ``*x`` / ``**x``'s value, a lambda's body, the
    arguments of ``SimpleNamespace(...)`` / ``dict(...)`` and kin, an instance of a class of the module
    (``Op(...)``: its arguments, and the values its body binds: a dataclass field's default, a class
    attribute), and the values a name is bound to.  ``classes``: name -> ClassDef of the module's
    top-level classes.  At most ``MAX_HELD`` expressions, ``_DEPTH`` levels, each once.
    """
    found: List[ast.AST] = []
    seen = set()
    stack = [(node, 0)]
    while stack and len(found) < MAX_HELD:
        current, depth = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        found.append(current)
        if depth >= _DEPTH:
            continue
        inner: List[ast.AST] = []
        if isinstance(current, ast.Dict):
            inner = [v for v in current.values if v is not None]
        elif isinstance(current, (ast.List, ast.Tuple, ast.Set)):
            inner = list(current.elts)
        elif isinstance(current, ast.Starred):
            inner = [current.value]
        elif isinstance(current, ast.Lambda):
            inner = [current.body]
        elif isinstance(current, ast.Call):
            called = _name(current.func)
            cls = (classes or {}).get(current.func.id) if isinstance(current.func, ast.Name) else None
            if called in _WRAPPERS or cls is not None:
                inner = list(current.args) + [k.value for k in current.keywords]
            if cls is not None:
                inner.extend(_class_values(cls))
            if isinstance(current.func, ast.Attribute) and current.func.attr in ("values", "items", "copy") and not current.args:
                inner.append(current.func.value)  # QUERIES.values(): the container's
        elif isinstance(current, (ast.Name, ast.Attribute)) and hasattr(finder, "_resolve"):
            inner = list(finder._resolve(current, scope)[:8])
            if isinstance(current, ast.Name) and current.id in (classes or {}):
                inner.extend(_class_values(classes[current.id]))  # fill(Op, v): the class itself handed over
        stack.extend((value, depth + 1) for value in reversed(inner))
    return found


def _class_values(cls: ast.ClassDef) -> List[ast.AST]:
    """The values a class body binds (a dataclass field's default, a class attribute, ``field(default=...)``)."""
    values: List[ast.AST] = []
    for statement in cls.body:
        if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
            value = statement.value
            if isinstance(value, ast.Call) and _name(value.func) == "field":
                values.extend(k.value for k in value.keywords if k.arg in ("default", "default_factory"))
            else:
                values.append(value)
    return values[:MAX_HELD]


def top_classes(module: ast.AST) -> dict:
    """name -> ClassDef of a module's top-level classes (one look at its body)."""
    return {s.name: s for s in getattr(module, "body", ()) if isinstance(s, ast.ClassDef)}


def expanded(finder, call: ast.Call, scope) -> ast.Call:
    """``call`` with ``**{"query": DOC}`` / ``**params`` (a name bound to a dict display with string keys)
    written as keywords, so a fill of the parameter ``query`` finds its argument (F10).  Else ``call``."""
    if not any(k.arg is None for k in call.keywords):
        return call
    keywords: List[ast.keyword] = []
    changed = False
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is None and isinstance(value, ast.Name) and hasattr(finder, "_resolve"):
            displays = [v for v in finder._resolve(value, scope)[:4] if isinstance(v, ast.Dict)]
            value = displays[0] if len(displays) == 1 else value
        if keyword.arg is None and isinstance(value, ast.Dict) and all(
            isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys
        ):
            keywords.extend(ast.keyword(arg=k.value, value=v) for k, v in zip(value.keys, value.values))
            changed = True
        else:
            keywords.append(keyword)
    return _made(call, call.func, call.args, keywords) if changed else call
