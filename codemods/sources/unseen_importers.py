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
"""

from __future__ import annotations

import ast
from typing import List, Tuple

IMPORTERS_UNSEEN = "review-importers-unseen"

_WHY = (
    "not rewritten: LibCST's runner reads one module at a time and cannot see which modules import this "
    "module-level name (an importer may send it with its own variables); run houston-codemod rewrite over "
    "the project, which reads every importer, or migrate it with those modules by hand"
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
        finder._unseen_importer_spans = spans
    return spans


def settle(ctx, finder) -> None:
    """Withdraw this document's edits when it, or an edit of it, is in a module-level binding."""
    if not ctx.edits and not ctx.document_edits:
        return
    spans = _module_level_spans(finder)
    touched = [ctx.source.start] + [edit.start for edit in ctx.edits]
    if any(start <= at < end for at in touched for start, end in spans):
        ctx.withdraw_edits(IMPORTERS_UNSEEN, _WHY)
