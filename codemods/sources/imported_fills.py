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

from .tree_nodes import walk

FILLS = " fills "
MAX_FILL_KEYS = 8  # fills noted per helper: a few say enough (the rest is the same review)
_WORD = re.compile(r"\w")
_KEEPING = frozenset({"strip", "lstrip", "rstrip", "replace"})  # doc.replace(a, x).replace(b, y): still doc's text


def _parameter(node: ast.AST, parameters: Dict[str, int]) -> Optional[str]:
    """The parameter ``node`` is (through ``.replace(...)`` / ``.strip()`` receivers), else None."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _KEEPING:
        node = node.func.value
    return node.id if isinstance(node, ast.Name) and node.id in parameters else None


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
    added = 0
    for node in walk(function):
        if added >= MAX_FILL_KEYS:
            return
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        attr = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        key = None
        if attr == "replace" and isinstance(func, ast.Attribute) and node.args:
            name = _parameter(func.value, parameters)
            target = node.args[0]
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
            name = _parameter(string, parameters) if string is not None else None
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
