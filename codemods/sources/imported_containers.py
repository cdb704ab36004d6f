"""Collections of AC versions a settings module defines for its importers to compare with.

Why this exists (red team 18, report 13, F11): ``from settings import SUPPORTED_AC, LATEST`` with
``SUPPORTED_AC = {"2.3.4-11", "2.4.3-6"}`` and ``LATEST = {"prod": "2.4.3-6"}`` is the usual shape of an
allow-list or a per-environment pin table.  ``cross_module`` already hands an importer the *string*
constants it imports; these containers were lost, so ``d["airflowVersion"] not in SUPPORTED_AC`` (which
never holds once the read is migrated) was not reviewed, and ``{"desiredAirflowVersion": LATEST[env]}``
(an AC version sent as the Runtime version) got only the generic review.  Evidence for the AC format:
shared/houston houston-facts.md section 2 (AC versions are ``<airflow>-<hotfix>``).

What counts: a module-level name bound exactly once (and never stored into by ``NAME[k] = ...`` at module
level) to a tuple, list, set or frozenset literal of strings, or a dict literal whose keys and values are
all string literals, holding at least one AC-format string.  Each entry is
``[kind, keys, values, line]``: kind ``"strings"`` (values are the members) or ``"dict"`` (its keys and
values, in order).  JSON-shaped (lists), as the rest of ``cross_module``'s answer.

Cost: one pass over the module body's statements (the module's shared tree from ``parsed_modules``), and
nothing at all unless the text holds an AC-format version: linear.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional

from .parsed_modules import parsed

# An AC version ("2.3.4-11"); linear: fixed classes, no nested repetition.
_AC_FORMAT = re.compile(r"\d+\.\d+\.\d+-\d+")
_MAX_ITEMS = 64  # a larger table is not a hand-written allow-list: left alone (a constant per entry)
_COLLECTIONS = ("tuple", "list", "set", "frozenset")


def ac_containers(text: str) -> Dict[str, list]:
    """name -> [kind, keys, values, line] for each container of AC versions the module defines."""
    if not _AC_FORMAT.search(text):
        return {}
    module = parsed(text)
    if module is None:
        return {}
    bound: Dict[str, int] = {}
    found: Dict[str, list] = {}
    for statement in module.body:
        targets: List[ast.AST] = []
        value = None
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
            targets, value = [statement.target], getattr(statement, "value", None)
        for target in targets:
            if isinstance(target, ast.Name):
                bound[target.id] = bound.get(target.id, 0) + (2 if isinstance(statement, ast.AugAssign) else 1)
                entry = _container(value) if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
                if entry is not None:
                    found[target.id] = [*entry, statement.lineno]
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                bound[target.value.id] = 2  # LATEST["qa"] = ...: not a constant any more
            else:
                for name in ast.walk(target) if isinstance(target, (ast.Tuple, ast.List)) else ():
                    if isinstance(name, ast.Name):
                        bound[name.id] = 2
    return {name: entry for name, entry in found.items() if bound.get(name) == 1}


def _container(value: Optional[ast.AST]) -> Optional[list]:
    if (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in _COLLECTIONS
        and len(value.args) == 1 and not value.keywords
    ):  # frozenset({...})
        value = value.args[0]
    if isinstance(value, (ast.Tuple, ast.List, ast.Set)) and 0 < len(value.elts) <= _MAX_ITEMS:
        members = [_string(e) for e in value.elts]
        if all(m is not None for m in members) and any(_AC_FORMAT.fullmatch(m) for m in members):
            return ["strings", [], members]
        return None
    if isinstance(value, ast.Dict) and 0 < len(value.keys) <= _MAX_ITEMS:
        keys = [_string(k) if k is not None else None for k in value.keys]
        values = [_string(v) for v in value.values]
        if all(k is not None for k in keys) and all(v is not None for v in values) and any(
            _AC_FORMAT.fullmatch(t) for t in (*keys, *values)
        ):
            return ["dict", keys, values]
    return None


def _string(node: ast.AST) -> Optional[str]:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
