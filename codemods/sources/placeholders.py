"""Template holes a Python module fills in by hand: ``.replace("$x", ...)``, ``string.Template``, Jinja.

Scripts write placeholders that look like GraphQL: ``deploymentUuid: "$deploymentId"``
or ``environmentVariables: [ $envVars ]``, filled by ``.replace("$envVars", ...)``
before the document is sent.  Read as GraphQL they are variables nobody
defined.  They are template holes, like f-string fields: opaque to
validation, never edited, and a version value coming from one gets a review
finding.  Which placeholders a document has is decided by what the module
does with that string (or a name bound to it):

* ``.replace(OLD, ...)`` with a placeholder-looking ``OLD`` (``$x``, ``${x}``,
  ``{{x}}``, ``<x>``, ``%x%``, ``__x__``): every occurrence of ``OLD``;
* ``string.Template(DOC)``: ``$name`` and ``${name}`` (``$$`` is a dollar);
* ``jinja2.Template(DOC)`` or ``environment.from_string(DOC)``: ``{{ ... }}``.

Each document's characters keep their file positions; existing holes (f-string
fields) stay holes.
"""

from __future__ import annotations

import ast
import re
from typing import Dict, List, Optional, Set

from .templates import placeholder
from .text_map import TextMap

# What a hand-made placeholder looks like: a sigil-wrapped name.
_PLACEHOLDER = re.compile(r"\$\{?\w+\}?|\{\{\s*[\w.]+\s*\}\}|<\w+>|%\w+%|__\w+__")
_STRING_TEMPLATE = r"\$(?:[_A-Za-z]\w*|\{[_A-Za-z]\w*\})"
_JINJA = r"\{\{[^{}]*\}\}"
TEMPLATE_METHODS = frozenset({"replace", "substitute", "safe_substitute", "render"})


def templated_base(node: ast.AST) -> Optional[ast.AST]:
    """The string expression a template call works on: ``DOC`` in ``DOC.replace(...)``, ``Template(DOC)``."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr in TEMPLATE_METHODS:
        return func.value
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name in ("Template", "from_string") and node.args:
        return node.args[0]
    return None


def find(finder) -> Dict[int, Set[str]]:
    """id(string node) -> the patterns (regular expression sources) of its placeholders."""
    jinja = _imports(finder.module, "jinja2")
    found: Dict[int, Set[str]] = {}
    for call, scope in finder.collector.calls:
        patterns: List[str] = []
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "replace" and call.args:
            old = call.args[0]
            if isinstance(old, ast.Constant) and isinstance(old.value, str) and _PLACEHOLDER.fullmatch(old.value):
                patterns.append(re.escape(old.value))
        else:
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
            if name == "from_string" or (name == "Template" and (owner == "jinja2" or (owner is None and jinja))):
                patterns.append(_JINJA)
            elif name == "Template":
                patterns.append(_STRING_TEMPLATE)
        if not patterns:
            continue
        base = templated_base(call)
        while base is not None and templated_base(base) is not None:  # DOC.replace(...).replace(...)
            base = templated_base(base)
        for value in finder._resolve(base, scope) if base is not None else ():
            found.setdefault(id(value), set()).update(patterns)
    return found


def _imports(module: ast.Module, package: str) -> bool:
    """Is ``Template`` imported from ``package`` (``from jinja2 import Template``)?"""
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == package:
            if any(alias.name == "Template" for alias in node.names):
                return True
    return False


def apply(text_map: TextMap, patterns: Optional[Set[str]]) -> TextMap:
    """``text_map`` with every placeholder turned into a hole (existing holes kept)."""
    if not patterns:
        return text_map
    text = text_map.text
    # Alternatives of fixed strings and single-class repetitions: linear.
    pattern = re.compile("|".join(sorted(patterns, key=len, reverse=True)))
    spans = [
        (m.start(), m.end(), m.group(), text_map.starts[m.start()], text_map.ends[m.end() - 1])
        for m in pattern.finditer(text)
        if m.end() > m.start() and text_map.hole_at(m.start(), m.end()) is None
    ]
    if not spans:
        return text_map
    spans.extend((h.doc_start, h.doc_end, h.expression, h.file_start, h.file_end) for h in text_map.holes)
    spans.sort()
    result = TextMap(inlined=list(text_map.inlined), pieces=list(text_map.pieces), format_style=text_map.format_style)
    position = 0
    for start, end, expression, file_start, file_end in spans:
        for i in range(position, start):
            result.add(text_map.chars[i], text_map.starts[i], text_map.ends[i])
        result.add_hole(placeholder(len(result.holes)), expression, file_start, file_end)
        position = end
    for i in range(position, len(text_map.chars)):
        result.add(text_map.chars[i], text_map.starts[i], text_map.ends[i])
    result.file_end = text_map.file_end
    return result
