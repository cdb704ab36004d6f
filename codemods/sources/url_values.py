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

* a URL built over an environment read (:func:`reading`: ``os.environ["HOUSTON_URL"].rstrip("/")``,
  ``f"{os.environ['HOUSTON_BASE']}/v1"``, ``"{}/v1".format(...)``, ``urljoin(...)``, ``+``): the words the
  importer's send reads, as the same expression written in the importer gives them (red team 23, report 12, f15).

Cost: at most ``_MAX_PARTS`` parts, each shown in at most ``_MAX_CODE_NODES`` nodes: constant work a value.
"""

from __future__ import annotations

import ast
from typing import Any, List, Mapping, Optional

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
    # the code's own blanks (``os.environ.get('BASEDOMAIN', 'example.com')``) are no prose: a URL holding
    # such a part stays a URL (red team 23, report 12, f15)
    return "{" + "".join(code(node).split()) + "}"


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


def reading(node: ast.AST, constants: Mapping[str, Any], readings: Mapping[str, Any]) -> Optional[List[str]]:
    """The words a send reads from a module-level URL expression over an environment read, else None.

    Red team 23, report 12, f15: ``URL = os.environ["HOUSTON_URL"].rstrip("/")``, ``f"{os.environ['HOUSTON_BASE']}/v1"``,
    ``os.environ.get("HOUSTON_BASE", "").rstrip("/") + "/v1"``, ``"{}/v1".format(os.environ["HOUSTON_BASE"])``,
    ``urljoin(os.environ["HOUSTON_BASE"], "v1")`` in a settings module were lost to an importer, while the same
    expression written in the importer is read by ``destination.gather_binding._words``.  Read here the same
    way, with the same helpers (``url_wrappers.leaves`` peels the normalisers and joins, ``call_url.formatted``
    reads ``.format``): each environment variable's name, its URL default, each string part, a module string
    constant's text, an earlier reading's words.  The importer's send reads these words as its own.

    ``constants``: the module's string constants above (name -> (text, line)); ``readings``: its earlier
    readings (name -> (variable, line, words, code)).  None when no environment variable is read (a literal
    or an f-string over constants is ``rendered``'s).  At most ``_MAX_PARTS`` words, ``_MAX_PARTS`` deep.
    """
    out: List[str] = []
    variables: List[str] = []
    if not _read(node, constants, readings, out, variables, 0) or not variables:
        return None
    return out[:_MAX_PARTS]


def _read(node: ast.AST, constants: Mapping[str, Any], readings: Mapping[str, Any], out: List[str], variables: List[str], depth: int) -> bool:
    """Add ``node``'s words to ``out``; False when a part is nothing read here (a call, a parameter)."""
    from ..destination import call_url, gather_binding, url_wrappers  # the importer's reading (no import cycle at load)

    if depth > _MAX_PARTS or len(out) >= _MAX_PARTS:
        return False
    peeled = url_wrappers.leaves(node)
    if peeled is not None:  # os.environ["X"].rstrip("/"), urljoin(BASE, "v1"): the URL inside speaks
        for index, part in enumerate(peeled):
            if index and gather_binding._joined_graphql(part):  # urljoin(BASE, "graphql"): a /graphql path, as there
                out.append("/" + part.value[:_MAX_TEXT].lstrip("/"))
            elif not _read(part, constants, readings, out, variables, depth + 1):
                return False
        return True
    formatted = call_url.formatted(node, None, None)
    if formatted is not node:  # "{}/v1".format(BASE): the f-string it is
        return _read(formatted, constants, readings, out, variables, depth + 1)
    variable = environment_read(node)
    if variable is not None:
        out.append(variable[0])
        variables.append(variable[0])
        if variable[1] is not None:  # os.environ.get("HOUSTON_URL", "http://localhost:8871/v1"): the default too
            out.append(variable[1])
        return True
    if (isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and 2 <= len(node.values) <= 4
            and isinstance(node.values[-1], ast.Constant) and isinstance(node.values[-1].value, str)
            and all(environment_read(read) is not None for read in node.values[:-1])):
        # os.environ.get("HOUSTON_URL") or "http://localhost:8871/v1": read as its .get(NAME, default) spelling
        # (red team 24, report 12, f8; gather_binding.environment_or_default)
        for read in node.values[:-1]:
            _read(read, constants, readings, out, variables, depth + 1)
        if "://" in node.values[-1].value[:200]:
            out.append(node.values[-1].value[:_MAX_TEXT])
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if node.value:
            out.append(node.value[:_MAX_TEXT])
        return True
    if isinstance(node, ast.Name):
        if node.id in readings:
            variables.append(readings[node.id][0])
            out.extend(readings[node.id][2][: _MAX_PARTS - len(out)])
            return True
        held = constants.get(node.id)
        text = held[0] if isinstance(held, tuple) else held
        if isinstance(text, str):
            out.append(text[:_MAX_TEXT])
            return True
        return False
    if isinstance(node, ast.JoinedStr):
        return all(
            _read(part.value if isinstance(part, ast.FormattedValue) else part, constants, readings, out, variables, depth + 1)
            for part in node.values[: _MAX_PARTS + 1]
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (_read(node.left, constants, readings, out, variables, depth + 1)
                and _read(node.right, constants, readings, out, variables, depth + 1))
    return False


def environment_read(node: ast.AST) -> Optional[tuple]:
    """(``X``, its URL default or None) of ``os.environ["X"]``, ``os.environ.get("X"[, default])``,
    ``os.getenv("X"[, default])``; else None.  A default that is no URL (``""``) is not kept."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value):
        key, default = node.slice, None
    elif isinstance(node, ast.Call) and node.args and not node.keywords and len(node.args) <= 2:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if not (name == "getenv" or (name == "get" and isinstance(func, ast.Attribute) and _is_environ(func.value))):
            return None
        key, default = node.args[0], (node.args[1] if len(node.args) == 2 else None)
    else:
        return None
    if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and key.value.isidentifier() and len(key.value) <= 100):
        return None
    url = default.value[:200] if isinstance(default, ast.Constant) and isinstance(default.value, str) and "://" in default.value[:200] else None
    return key.value, url
