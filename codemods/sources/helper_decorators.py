"""A send helper's decorators are part of the helper: what they read of the call's variables counts.

Red team 20 (report 11b), F5::

    def require_supported_version(fn):
        @functools.wraps(fn)
        def wrapper(query, **variables):
            if variables["airflowVersion"] not in (...): raise SystemExit(...)
            return fn(query, **variables)
        return wrapper

    @require_supported_version
    def houston(query, **variables): ...   # posts {"query": query, "variables": variables}

    houston(CREATE, ws=ws, airflowVersion="2.3.3-2")

The call runs the decorator's ``wrapper`` first, with the call's own arguments; the tool looked only at
``houston``'s body, so the keyword was renamed and every call died with ``KeyError`` in the wrapper.  The
same read inside ``houston`` keeps the key (README: "the module's helper that receives the variables
reads the key itself"), so a decorator of the helper is read as part of it: a mention of the key (or of
its new name) anywhere in the decorator's function (its wrapper included), as a string or as a keyword
(``variables.update(airflowVersion=...)``), holds the rename, with the decorator's line in the review.

Followed: ``@name`` and ``@name(...)`` (a decorator factory) where ``name`` is a function the module
defines (not a method); the decorator's whole body is read, nested wrappers included.  Not followed
(noted, not guessed): decorators imported from other modules, classes used as decorators, a helper
rebound by ``houston = deco(houston)``.  Cost: a constant per decorator (the names index answers
"a mention of the key inside this function" once per key and module).
"""

from __future__ import annotations

import ast
from typing import Dict, List

MAX_DECORATORS = 8  # a helper's decorators looked at; real helpers carry one or two


def keyword_names(function: ast.AST) -> Dict[str, int]:
    """Names given as keywords inside a decorator, each with its first line (``variables.update(airflowVersion=...)``,
    ``fn(q, airflowVersion=v, **kw)``, ``dict(kw, airflowVersion=...)``): its wrapper writing the key
    the call sends, which a mention of the key as a string does not show.  One walk of the decorator."""
    found: Dict[str, int] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.keyword) and node.arg is not None:
            found[node.arg] = min(found.get(node.arg, node.lineno), node.lineno)
    return found


def of(definition: ast.AST, function_defs: Dict[str, ast.AST], methods) -> List[ast.AST]:
    """The module functions ``definition`` is decorated with (``@deco``, ``@deco(...)``), in order."""
    found: List[ast.AST] = []
    for decorator in list(getattr(definition, "decorator_list", ()))[:MAX_DECORATORS]:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if not isinstance(target, ast.Name):
            continue
        function = function_defs.get(target.id)
        if (
            isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and function is not definition
            and id(function) not in methods
        ):
            found.append(function)
    return found
