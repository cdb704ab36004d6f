"""Which schema a document is executed against in process: the project's own, or a copy of Houston's.

Red team 20, report 12, F13.  A contract test runs the project's Houston documents against a stub of
Houston's schema::

    SCHEMA = build_schema((Path(__file__).parent / "houston.graphql").read_text())
    def test_create(): assert graphql_sync(SCHEMA, CREATE).errors is None

``cross_module._local_executions`` took any execution against an object *named* like a schema as
the project's own API, strong evidence against Houston, so these documents became undecided (the
typo went unreported, the AC version unmigrated); named ``HOUSTON_STUB``, the same test gave no
evidence at all.  The name decided, not the schema.  Here the schema object is read: a module-level
name bound to ``build_schema(X)`` / ``build_ast_schema(parse(X))`` / ``make_executable_schema(X, ...)``
/ ``graphql.GraphQLSchema``-free forms of those, where ``X`` is an SDL string (through ``gql(...)`` and
module constants) or the read of a file (``open("tests/houston.graphql").read()``,
``(Path(__file__).parent / "houston.graphql").read_text()``: the quoted parts joined to the module's
folder, else to the working folder).  Whether that SDL is Houston's is
``destination.houston_agreement``'s rule (the whole schema, never a word).  A copy of Houston's makes
the execution evidence *for* Houston (``HOUSTON_COPY`` in the words).

Cost: the module's top-level bindings are indexed once (on the first execution read); an SDL file is
read and weighed once per run (memoised by path and size); a resolution follows at most 4 names.
"""

from __future__ import annotations

import ast
import os
from typing import Dict, Optional

HOUSTON_COPY = " against a copy of Houston's schema ("
_BUILDERS = frozenset({"build_schema", "build_ast_schema", "make_executable_schema", "parse", "gql", "dedent", "load_schema_from_path"})
_READS = frozenset({"read_text", "read", "read_bytes", "decode"})
_SDL_SUFFIXES = (".graphql", ".graphqls", ".gql")
_MAX_DEPTH = 4
_weighed: Dict[tuple, Optional[bool]] = {}  # (SDL path, size, mtime) -> is it Houston's


def houstons(schema: ast.AST, module: ast.Module, path: Optional[str], bindings: dict) -> Optional[str]:
    """What the executed ``schema`` is: None (not read), "" (an SDL that is not Houston's), or the SDL's name
    when it is a copy of Houston's schema."""
    if not bindings:
        bindings["\x00"] = None  # indexed (possibly empty)
        for statement in module.body:
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
                bindings.setdefault(statement.targets[0].id, statement.value)
            elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value is not None:
                bindings.setdefault(statement.target.id, statement.value)
    folder = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    found = _sdl(schema, bindings, folder, 0, built=False)
    if found is None:
        return None
    text, name = found
    from ..destination.houston_agreement import sdl_is_houstons

    key = (name, len(text))
    if key not in _weighed:
        _weighed[key] = sdl_is_houstons(text)
    return name if _weighed[key] else ""


def _sdl(node: ast.AST, bindings: dict, folder: str, depth: int, built: bool):
    """(SDL text, its name) the expression stands for, else None."""
    if depth > _MAX_DEPTH or node is None:
        return None
    if isinstance(node, ast.Name):
        value = bindings.get(node.id)
        return _sdl(value, bindings, folder, depth + 1, built) if value is not None else None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value, "an SDL string") if built and "{" in node.value else None
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if callee in _BUILDERS and node.args:
        return _sdl(node.args[0], bindings, folder, depth + 1, True)
    if built and callee in _READS:
        return _read(node, folder)
    return None


def _read(call: ast.Call, folder: str):
    """The SDL file a read expression names by its quoted parts (``Path(__file__).parent / "houston.graphql"``)."""
    parts = [n.value for n in ast.walk(call) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    parts = [p for p in parts if p and p not in ("r", "rb", "utf-8", "utf8")]
    if not parts or not parts[-1].lower().endswith(_SDL_SUFFIXES):
        return None
    from ..files import read_bytes

    for candidate in (os.path.join(folder, *parts), os.path.join(*parts), os.path.join(folder, parts[-1])):
        candidate = os.path.normpath(candidate)
        if os.path.isfile(candidate) and not os.path.islink(candidate):
            try:
                return read_bytes(candidate, limit=8 << 20).decode("utf-8", errors="replace"), os.path.relpath(candidate)
            except (OSError, ValueError):
                return None
    return None
