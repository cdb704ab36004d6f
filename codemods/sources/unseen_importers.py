"""Module-level names when no run index is seen: LibCST's own runner (red team 12, report 11, F9).

``houston-codemod rewrite`` reads every module of the run first (``sources.cross_module``): a
document constant another module imports (``from frags import CREATE``, then sent with that
module's own ``{"airflowVersion": ...}``) is checked but not edited, or the definer's
``$airflowVersion`` would become ``$runtimeVersion`` while the importer still sends
``airflowVersion`` (the server rejects the undeclared variable).  LibCST's runner
(``python -m libcst.tool codemod -x codemods.runtime_migration.MigrateToRuntime PATH``) hands the
command one module at a time and no list of the others, so who imports a name is unknowable
there.  Any module-level name may be imported, so a document whose text is bound at module level
(or any of whose edits lands in a module-level binding) is not edited there: its edits become
reviews (``review-importers-unseen``).  Documents built and sent inside a function, whose names
no other module can import, are migrated as the CLI migrates them.  Module-level constant values
and variables dicts are never edited by either runner (``PythonDocumentFinder.exported``).

Red team 17 (report 11b, F14/F21): a module hands documents out not only by its module-level
names.  The CLI's index also holds what a function returns (``def upsert_doc(): return "mutation ..."``,
a conftest fixture), what a method stores on an instance or class (``self.X = ...``,
``cls.X = ...``) and a document handed to a helper imported from another module of the project
(``with_version(DOC, v)``, whose ``.replace`` the importer cannot see here).  Without the index
each of those may be filled elsewhere, so each is held here as a module-level binding is.  The
same holds for ``rewrite -`` (stdin): no path, so no project is read.
"""

from __future__ import annotations

import ast
import os
from functools import lru_cache
from typing import Dict, List, Set, Tuple

from . import handed_out
from .tree_nodes import walk

IMPORTERS_UNSEEN = "review-importers-unseen"

_WHY = (
    "not rewritten: LibCST's runner reads one module at a time and cannot see which modules import this "
    "name, call this function or fill this text (an importer may send or fill it with its own values); run houston-codemod rewrite over "
    "the project, which reads every importer, or migrate it with those modules by hand"
)


_WHY_STDIN = (
    "not rewritten: `rewrite -` reads one script on stdin, with no path and no project, so it cannot see "
    "which modules import this name, call this function or fill this text; run houston-codemod rewrite "
    "over the project, which reads every importer, or migrate it with those modules by hand"
)


def _module_level_spans(finder) -> List[Tuple[int, int]]:
    """File spans of every binding outside a function: top level, class bodies, top-level if/try/with/for."""
    spans = getattr(finder, "_unseen_importer_spans", None)
    if spans is None:
        spans = []
        stack = list(getattr(getattr(finder, "module", None), "body", ()))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue  # its names are local: no other module imports them
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                spans.append(finder.span_of(node))
                continue
            if isinstance(node, ast.stmt):
                stack.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, (ast.stmt, ast.excepthandler)))
            elif isinstance(node, ast.excepthandler):
                stack.extend(node.body)
        module = getattr(finder, "module", None)
        if module is not None:  # handed out otherwise: returned, stored on an object, passed to a project helper
            spans.extend(handed_out.returned_spans(module, finder.span_of))
            spans.extend(_attribute_store_spans(module, finder.span_of))
            spans.extend(_project_call_spans(module, finder.span_of, _folder(finder)))
        finder._unseen_importer_spans = spans
    return spans


def _folder(finder) -> str:
    """The folder the module is in (the working directory for stdin, ``-``)."""
    path = getattr(getattr(finder, "file", None), "path", None) or "-"
    return os.path.dirname(os.path.abspath(path)) if path not in ("-", "<module>") else os.getcwd()


def _attribute_store_spans(module: ast.Module, span_of) -> List[Tuple[int, int]]:
    """Spans of each ``X.attr = ...`` / ``X.attr[k] = ...`` (``self.X`` in ``__init__``, ``cls.X`` in
    ``setUpClass``): the object, and the text, outlive the call.  One walk of the module."""
    spans = []
    for node in walk(module):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(_stored_on(t), ast.Attribute) for t in targets):
                spans.append(span_of(node))
    return spans


def _stored_on(target: ast.AST) -> ast.AST:
    while isinstance(target, ast.Subscript):
        target = target.value
    return target


@lru_cache(maxsize=4096)
def _in_project(folder: str, top: str) -> bool:
    """Is ``top`` a module or package found in ``folder`` or a folder above it (or their ``src/``)?"""
    while True:
        for base in (folder, os.path.join(folder, "src")):
            if os.path.isfile(os.path.join(base, top + ".py")) or os.path.isdir(os.path.join(base, top)):
                return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def _project_names(module: ast.Module, folder: str) -> Set[str]:
    """Local names bound by importing from a module of the project (relative, or found on disk)."""
    names: Set[str] = set()
    for node in walk(module):
        if isinstance(node, ast.ImportFrom):
            if node.level or (node.module and _in_project(folder, node.module.split(".", 1)[0])):
                names.update((a.asname or a.name) for a in node.names if a.name != "*")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _in_project(folder, alias.name.split(".", 1)[0]):
                    names.add(alias.asname or alias.name.split(".", 1)[0])
    return names


def _root_name(node: ast.AST):
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _project_call_spans(module: ast.Module, span_of, folder: str) -> List[Tuple[int, int]]:
    """Spans of the texts a function hands to a callable imported from the project (``with_version(DOC %
    dep, v)``, ``gqlutil.fill(doc)``, ``Op(doc).render(v)``), and of the local bindings those texts are
    read from: the helper may fill them (``.replace("2.3.4-11", v)``) where this runner cannot look."""
    names = _project_names(module, folder)
    if not names:
        return []
    spans = []
    for _, function in handed_out._functions(module):  # nested functions walked with their outer one
        assigns: Dict[str, List[ast.AST]] = {}
        passed: List[ast.AST] = []
        for node in walk(function):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        assigns.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.Call) and _root_name(node.func) in names:
                passed.extend(node.args)
                passed.extend(k.value for k in node.keywords)
        if not passed:
            continue
        read: List[str] = []
        for value in passed:
            spans.extend(span_of(root) for root in handed_out._text_roots(value, read))
        seen: Set[str] = set()
        while read:  # each local name followed once: linear in the function
            name = read.pop()
            if name in seen:
                continue
            seen.add(name)
            for value in assigns.get(name, ()):
                spans.extend(span_of(root) for root in handed_out._text_roots(value, read))
    return spans


def settle(ctx, finder) -> None:
    """Withdraw this document's edits when it, or an edit of it, is in a module-level binding."""
    if not ctx.edits and not ctx.document_edits:
        return
    spans = _module_level_spans(finder)
    touched = [ctx.source.start] + [edit.start for edit in ctx.edits]
    if any(start <= at < end for at in touched for start, end in spans):
        ctx.withdraw_edits(IMPORTERS_UNSEEN, _WHY_STDIN if getattr(ctx.file, "path", None) == "-" else _WHY)
