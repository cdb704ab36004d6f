"""Who else reads a name: the evidence that a Python binding is shared.

Editing a binding changes every reader of it, not only the Houston document we
migrate.  ``AC_VERSION = "2.3.1"`` spliced into a ``createDeployment`` document
is often also the filter of ``runtimeReleases(airflowVersion:)``, a Helm value
or a ``pip install apache-airflow==`` pin; a variables dict is often sent with
more than one document.  This index lists, for one module, every place a name
is read, written or named, so that a rule can prove a binding private before it
edits it.  It is built once per module, with an explicit stack (no recursion
limit), and only when a rule asks.

The test is by name, whatever the scope: two unrelated functions using a local
``version`` make each other's binding count as shared.  That can only turn an
edit into a review item, never the other way round.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Dict, List, Optional


@dataclass
class NameUses:
    loads: List[ast.Name] = field(default_factory=list)
    stores: List[ast.AST] = field(default_factory=list)  # Name (Store/Del) targets
    mentions: List[ast.AST] = field(default_factory=list)  # attribute names, strings, global/nonlocal, imports


class ModuleNames:
    def __init__(self, module: ast.Module) -> None:
        self.uses: Dict[str, NameUses] = {}
        self.parents: Dict[int, ast.AST] = {}
        stack: List[ast.AST] = [module]
        while stack:
            node = stack.pop()
            for child in ast.iter_child_nodes(node):
                self.parents[id(child)] = node
                stack.append(child)
            self._note(node)

    def _entry(self, name: str) -> NameUses:
        return self.uses.setdefault(name, NameUses())

    def _note(self, node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            entry = self._entry(node.id)
            (entry.loads if isinstance(node.ctx, ast.Load) else entry.stores).append(node)
        elif isinstance(node, ast.Attribute):
            self._entry(node.attr).mentions.append(node)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            for name in node.names:
                self._entry(name).mentions.append(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                self._entry((alias.asname or alias.name).split(".")[0]).stores.append(node)
                self._entry(alias.name).mentions.append(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            # __all__ = ["AC_VERSION"], globals()["AC_VERSION"], getattr(module, "AC_VERSION")
            self._entry(node.value).mentions.append(node)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._entry(node.name).stores.append(node)
        elif isinstance(node, ast.arg):
            self._entry(node.arg).stores.append(node)
        elif isinstance(node, ast.keyword) and node.arg is not None:
            self._entry(node.arg).mentions.append(node)

    def get(self, name: str) -> NameUses:
        return self.uses.get(name, NameUses())

    def parent(self, node: ast.AST) -> Optional[ast.AST]:
        return self.parents.get(id(node))


def other_uses_of_constant(
    names: ModuleNames, load: ast.Name, literal: ast.AST, module_level: bool
) -> Optional[List[int]]:
    """Lines where the constant read by ``load`` is used otherwise, or None when it is private.

    Private means: bound once, read only here, never named in a string, an
    attribute, ``global``/``nonlocal`` or an import, and not a public
    module-level name (one without a leading ``_``), which other modules may import.
    A public module-level constant with no other use in the module is reported
    with an empty list of lines: it is shared with whatever imports it.
    """
    uses = names.get(load.id)
    binding = names.parent(literal)  # the assignment of the literal itself
    rebinds = [n for n in uses.stores if names.parent(n) is not binding or binding is None]
    others = [n for n in uses.loads if n is not load] + uses.mentions + rebinds
    if others:
        return sorted({n.lineno for n in others if hasattr(n, "lineno")})
    if module_level and not load.id.startswith("_"):
        return []
    return None
