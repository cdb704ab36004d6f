"""String-normalising wrappers around a URL: transparent for where a send goes (red team 18, report 12, class A).

A URL read at run time is almost never sent as read: ``os.environ["HOUSTON_URL"].rstrip("/")``,
``str(settings.CATALOG_URL)``, ``urljoin(os.environ["HOUSTON_URL"], "v1")``,
``self.url = url.rstrip("/")`` in a client's ``__init__``, ``requests.post(URL.strip(), ...)``.
Each of these is the same URL (or the same base with a path after it), so the destination
evidence reads through them as if the wrapper were not written: the environment variable, the
setting or the argument inside speaks, for Houston's names (``HOUSTON_URL``) and other APIs'
(``CATALOG_URL``) alike.  Before, the wrapper's method name was the only word read and the send
counted as untraced (findings F8, F9, F11-F15, F18).

Transparent: ``str(X)``; ``X.strip()``, ``rstrip``, ``lstrip``, ``removesuffix``, ``removeprefix``,
``lower``, ``casefold`` with at most one constant argument (they return the same URL, normalised);
``urljoin(BASE, PATH)`` and ``posixpath.join(BASE, PATH, ...)`` (the base first, then the paths).
Not transparent: ``.format(...)`` / ``.replace(...)`` (they change what the URL says) and
``os.path.join`` (a file path on Windows, never a URL join).

Cost: ``leaves`` peels at most ``_MAX_WRAPPERS`` wrappers, iteratively (no recursion on a long
``.strip().strip()...`` chain), so reading one URL expression stays bounded.
"""

from __future__ import annotations

import ast
from typing import List, Optional

_NORMALISING = frozenset({"strip", "rstrip", "lstrip", "removesuffix", "removeprefix", "lower", "casefold"})
_MAX_WRAPPERS = 8
_MAX_PARTS = 8


def parts(node: ast.AST) -> Optional[List[ast.AST]]:
    """The URL parts one wrapper call holds (the base first), or None when ``node`` is no such wrapper."""
    if not isinstance(node, ast.Call) or node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        return None
    func = node.func
    if isinstance(func, ast.Name) and func.id == "str" and len(node.args) == 1:
        return [node.args[0]]
    if isinstance(func, ast.Attribute) and func.attr in _NORMALISING and len(node.args) <= 1:
        if node.args and not (isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            return None  # .strip(chars) with computed chars: not a plain normalisation
        return [func.value]
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name == "urljoin" and len(node.args) == 2:
        return list(node.args)
    if (name == "join" and isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id == "posixpath" and 2 <= len(node.args) <= _MAX_PARTS):
        return list(node.args)
    return None


def leaves(node: ast.AST) -> Optional[List[ast.AST]]:
    """``node``'s URL parts with every wrapper peeled (base first), or None when ``node`` is no wrapper.

    ``urljoin(os.environ["X"].rstrip("/"), "v1")`` -> ``[os.environ["X"], "v1"]``.  At most
    ``_MAX_WRAPPERS`` wrappers are peeled; an expression holding more is no wrapper (None), so a
    reader never peels the rest again at the same depth (no unbounded recursion).
    """
    outer = parts(node)
    if outer is None:
        return None
    found: List[ast.AST] = []
    stack = list(reversed(outer))
    peeled = 1
    while stack and len(found) < _MAX_PARTS:
        part = stack.pop()
        inner = parts(part)
        if inner is None:
            found.append(part)
        elif peeled >= _MAX_WRAPPERS:
            return None  # more wrappers than a URL setting has: an opaque computation, read as before
        else:
            peeled += 1
            stack.extend(reversed(inner))
    return found


def base(node: ast.AST) -> ast.AST:
    """The URL a wrapper normalises when nothing is joined to it (``url.rstrip("/")`` -> ``url``), else ``node``."""
    found = leaves(node)
    return found[0] if found is not None and len(found) == 1 else node
