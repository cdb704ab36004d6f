"""A package's lazy export table is a list of re-exports: ``{"NAME": ("pkg.docs", "CREATE")}``.

Red team 20 (report 11b), F11 (PEP 562)::

    # pkg/__init__.py
    _LAZY = {"CREATE_DEPLOYMENT": ("pkg.docs", "CREATE")}
    def __getattr__(name):
        mod, attr = _LAZY[name]
        return getattr(import_module(mod), attr)

    # run.py
    from pkg import CREATE_DEPLOYMENT as CREATE
    q = CREATE.replace("2.3.4-11", version)

``pkg/__init__.py`` binds ``CREATE_DEPLOYMENT`` nowhere, so the import was not followed and
``pkg/docs.py``'s document was migrated, breaking the importer's ``.replace`` fill.  A module that
defines a module-level ``__getattr__`` and a module-level dict literal whose entries name a module and
an attribute is read as doing ``from pkg.docs import CREATE as CREATE_DEPLOYMENT`` for each entry:
the submodule's constant is then imported by the package (held, ``review-imported-constant``), and an
importer taking the name from the package is followed to it (``cross_module``).

Entry shapes read: ``"NAME": ("module", "attr")`` (or a list), ``"NAME": "module:attr"``, and
``"NAME": "module"`` (the attribute is ``NAME`` itself: ``getattr(import_module(_LAZY[name]), name)``).
A module name is dotted words, possibly relative (``".docs"``, as ``import_module(mod, __name__)``
reads it).  Anything else in the table is not guessed at.  Cost: only a text holding ``__getattr__``
is parsed (once, shared), and only its top-level statements are looked at.
"""

from __future__ import annotations

import ast
import re
from typing import List, Tuple

from .parsed_modules import parsed

# A dotted module name, possibly relative: dots, then words joined by single dots (linear: disjoint steps).
_MODULE = re.compile(r"\.*[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_ATTRIBUTE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_ENTRIES = 512  # entries read per module: a table longer than any package's is not a list of exports


def table_imports(text: str) -> List[Tuple[str, str, int]]:
    """(module, "attr as NAME", line) for each entry of the module's lazy export tables; [] without one."""
    if "__getattr__" not in text:
        return []
    module = parsed(text)
    if module is None:
        return []
    if not any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == "__getattr__" for s in module.body
    ):
        return []
    found: List[Tuple[str, str, int]] = []
    for statement in module.body:
        value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
        if not isinstance(value, ast.Dict):
            continue
        for key, entry in list(zip(value.keys, value.values))[:MAX_ENTRIES]:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str) and _ATTRIBUTE.fullmatch(key.value)):
                continue
            pair = _pair(entry, key.value)
            if pair is not None:
                found.append((pair[0], f"{pair[1]} as {key.value}", getattr(entry, "lineno", statement.lineno)))
    return found


def _pair(entry: ast.AST, name: str):
    """(module, attribute) an entry names, or None."""
    if isinstance(entry, (ast.Tuple, ast.List)) and len(entry.elts) == 2:
        module, attribute = (e.value if isinstance(e, ast.Constant) and isinstance(e.value, str) else None for e in entry.elts)
        if module is not None and attribute is not None and _MODULE.fullmatch(module) and _ATTRIBUTE.fullmatch(attribute):
            return module, attribute
        return None
    if isinstance(entry, ast.Constant) and isinstance(entry.value, str):
        module, _, attribute = entry.value.partition(":")
        attribute = attribute or name
        if _MODULE.fullmatch(module) and _ATTRIBUTE.fullmatch(attribute):
            return module, attribute
    return None
