"""A URL a module builds at its top level, read there without running it, for the modules importing it.

Red team 22, report 12, f9: ``lib/settings.py`` binds ``API_URL = f"https://houston.{BASEDOMAIN}/v1"``
(Astronomer's own shape), ``"https://houston." + BASEDOMAIN + "/v1"`` or ``os.environ["HOUSTON_URL"]``,
and ``lib/clients.py`` builds ``houston = GraphQLClient(f"https://houston.{os.environ['BASEDOMAIN']}/v1",
token)``.  The run's index (``cross_module``, ``module_instances``) read only a string literal there, so
an importer's ``requests.post(API_URL, ...)`` or ``houston.run(LIST)`` was traced to nothing and its
documents left undecided, while the same forms written in the importer itself are read
(``gather_binding``).  Here they are read in the defining module:

* an f-string or a ``+`` chain of strings is its text, each part that is not a string shown as its
  code (``https://houston.{BASEDOMAIN}/v1``; a module string constant above it is its text): a URL
  when the text holds ``://`` and no blank;
* ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X")`` (no URL default: that one is read as
  the URL, ``cross_module._env_default_url``): the environment variable ``X``, whose name speaks as it
  does when read in the importer (``HOUSTON_URL`` for Houston, ``CATALOG_URL`` for the catalog).

Cost: at most ``_MAX_PARTS`` parts, each shown in at most ``_MAX_CODE_NODES`` nodes: constant work a value.
"""

from __future__ import annotations

import ast
from typing import Any, Mapping, Optional

_MAX_PARTS = 8
_MAX_CODE_NODES = 16
_MAX_TEXT = 300


def rendered(node: ast.AST, constants: Mapping[str, Any]) -> Optional[str]:
    """The text of an f-string or ``+`` chain of strings that is a URL (``://`` in it, no blank), else None.

    ``constants``: the module's string constants bound above it (name -> text, or (text, line)), read as their text.
    """
    if not isinstance(node, (ast.JoinedStr, ast.BinOp)):
        return None
    parts: list = []
    if not _parts(node, constants, parts, 0) or len(parts) > _MAX_PARTS:
        return None
    text = "".join(parts)
    if "://" not in text or len(text) > _MAX_TEXT or any(c.isspace() for c in text):
        return None
    return text


def _parts(node: ast.AST, constants: Mapping[str, Any], out: list, depth: int) -> bool:
    if len(out) > _MAX_PARTS or depth > _MAX_PARTS:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        out.append(node.value[:_MAX_TEXT])
        return True
    if isinstance(node, ast.JoinedStr):
        for part in node.values[: _MAX_PARTS + 1]:
            if isinstance(part, ast.Constant):
                out.append(str(part.value)[:_MAX_TEXT])
            elif isinstance(part, ast.FormattedValue):
                out.append(_placeholder(part.value, constants))
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left, constants, out, depth + 1) and _parts(node.right, constants, out, depth + 1)
    if depth == 0:
        return False
    out.append(_placeholder(node, constants))
    return True


def _placeholder(node: ast.AST, constants: Mapping[str, Any]) -> str:
    """A module string constant's text, else ``{its code}`` (``{BASEDOMAIN}``, ``{os.environ['BASEDOMAIN']}``)."""
    held = constants.get(node.id) if isinstance(node, ast.Name) else None
    text = held[0] if isinstance(held, tuple) else held
    if isinstance(text, str):
        return text[:_MAX_TEXT]
    return "{" + code(node) + "}"


def code(node: ast.AST) -> str:
    """A short expression's code (a name, an attribute, a subscript, a call), else ``...``."""
    seen = 0
    stack = [node]
    while stack:
        seen += 1
        if seen > _MAX_CODE_NODES:
            return "..."
        stack.extend(ast.iter_child_nodes(stack.pop()))
    return ast.unparse(node)[:60]


def environment_variable(node: ast.AST) -> Optional[str]:
    """``X`` of ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X")`` (``environ`` / ``getenv``
    imported from ``os`` too), when no URL default is given; else None."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        key = node.slice
    elif isinstance(node, ast.Call) and node.args and not node.keywords and len(node.args) <= 2:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if not (name == "getenv" or (name == "get" and isinstance(func, ast.Attribute) and _is_environ(func.value))):
            return None
        default = node.args[1] if len(node.args) == 2 else None
        if isinstance(default, ast.Constant) and isinstance(default.value, str) and "://" in default.value[:200]:
            return None  # os.environ.get("X", "https://..."): the default is the URL (cross_module._env_default_url)
        key = node.args[0]
    else:
        return None
    if isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier() and len(key.value) <= 100:
        return key.value
    return None


def _is_environ(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")
