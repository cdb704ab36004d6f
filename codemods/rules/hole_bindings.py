"""A template hole filled by a name bound to an AC version literal (red team 20, report 11b, F7).

``version = "2.3.4-11"`` then ``'... airflowVersion: "' + version + '") ...'`` (or the f-string
``airflowVersion: "{version}"``): the argument rules renamed the argument and said "make sure it is
an Astro Runtime version", so the rewritten script sent ``runtimeVersion: "2.3.4-11"``, which Houston
rejects (the ``check`` right after said so), while the script worked before.  The value is known:
it is the literal the name is bound to.  So, as for a constant spliced into a document (README,
"What it changes"):

* a name private to the document (bound once, by a plain string literal, in a function; read only
  by this hole; never ``global``/``nonlocal`` or named elsewhere) has its literal changed to the AC
  version's Astro Runtime equivalent, with the argument;
* any other (a module-level name other modules may import, a name read elsewhere too, a version
  with no equivalent): the argument is left as it is, with ``review-shared-constant`` naming the
  binding, since renaming it alone would send an AC version as a Runtime version.

The hole's name is found among the document's own names, indexed by span once per document.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Optional

from ..sources import templates
from ..sources.bindings import other_uses_of_constant
from ..versions import AC_VERSION
from .context import DocumentContext


@dataclass(frozen=True)
class AcBinding:
    name: ast.Name  # the read in the hole
    line: int  # where the literal binds it
    version: str  # the AC version it is bound to
    runtime: Optional[str]  # its Astro Runtime equivalent, if it has one
    # The file span of the literal's characters between its quotes, when the name is private to this
    # hole and the literal spells the version plainly (no escapes, no implicit concatenation).
    content: Optional[tuple]
    # Lines of the binding's other uses in this module: empty when only code outside it may read it,
    # None when it is private to this hole.
    others: Optional[tuple] = None
    class_attribute: bool = False  # bound in a class body: reached as Class.NAME / self.NAME (red team 22, 11b, f2)


def hole_name(ctx: DocumentContext, hole) -> Optional[ast.Name]:
    """The name read in ``hole``, among the names of the document's own expression, else None."""
    finder = ctx.python
    if finder is None or ctx.source.node is None:
        return None
    memo = finder.memo.setdefault("hole_bindings.names", {})
    key = id(ctx.source.node)
    if key not in memo:
        memo[key] = {}
        for node in ast.walk(ctx.source.node):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                memo[key].setdefault(node.id, []).append(node)
    return next(
        (node for node in memo[key].get(hole.expression.strip(), ())
         if hole.file_start <= finder.span_of(node)[0] < hole.file_end + 1),
        None,
    )


def ac_binding(ctx: DocumentContext, hole) -> Optional[AcBinding]:
    """What ``hole`` holds when it reads a name bound once, by a plain literal, to an AC version."""
    name = hole_name(ctx, hole)
    if name is None:
        return None
    finder = ctx.python
    names = finder.names
    stores = names.uses_of_binding(name.id, "stores", name)
    if len(stores) != 1:
        return None
    store = stores[0]
    statement = names.parent(store)
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and statement.targets[0] is store:
        literal = statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.target is store and statement.value is not None:
        literal = statement.value
    else:
        return None
    if not (templates.is_plain_literal(literal) and isinstance(literal.value, str)):
        return None
    version = literal.value
    if AC_VERSION.fullmatch(version) is None or ctx.versions.is_runtime(version):
        return None
    runtime = ctx.versions.runtime_for(version)
    home = names.home(name.id, name)
    # A class attribute (``class Create: VERSION = "2.3.4-11"`` read by the class body's f-string) is read
    # as ``self.VERSION`` / ``Create.VERSION`` too, here or in another module: red team 22, report 11b, f2.
    exported = finder.binding_exported(name.id, home)
    others = other_uses_of_constant(names, name, literal, exported)
    content = None
    if runtime is not None and others is None:
        start, end = finder.span_of(literal)
        written = finder.file.text[start:end]
        for quote in ('"', "'"):
            if written == quote + version + quote:
                content = (start + 1, end - 1)
    shared = None if others is None else tuple(others)
    return AcBinding(name, store.lineno, version, runtime, content, shared, isinstance(home, ast.ClassDef))
