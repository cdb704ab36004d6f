"""Deployment.airflowVersion / desiredAirflowVersion  ->  the Runtime fields, aliased to the old names.

Houston change: Software 0.29 adds ``Deployment.runtimeVersion``,
``desiredRuntimeVersion`` and ``runtimeAirflowVersion``; Houston API 1.0.1 no
longer serves ``Deployment.airflowVersion`` nor ``desiredAirflowVersion``.
Evidence: shared/houston houston-facts.md section 2, "Deployment output
fields" (``airflowVersion`` is ``""`` on Runtime deployments; astro-cli's
1.0.1 documents, commit 0da8d524, stop selecting both AC fields;
``runtimeAirflowVersion`` is "the Airflow version inside the Runtime image",
e.g. Runtime 4.2.4 -> 2.2.5); the bundled schema's provenance on
``Deployment`` ([CLI-0.29] ``runtimeAirflowVersion``/``desiredRuntimeVersion``
``@since 0.29.0``; ``desiredRuntimeVersion`` is still served on 1.0.1 because
astro-cli HEAD still selects it from ``updateDeploymentRuntime``).

The response keeps its shape: ``airflowVersion`` becomes
``airflowVersion: runtimeAirflowVersion`` and an existing alias is kept
(``v: airflowVersion`` -> ``v: runtimeAirflowVersion``), so
``d["airflowVersion"]`` goes on working.  What changes is the value:

* ``airflowVersion`` now holds the Airflow version of the Runtime image,
  which has no AC hotfix suffix (``"2.3.4"``, never ``"2.3.4-11"``): an info
  finding says so, and a comparison of that key with an AC-format literal in
  the same Python module is reported for review.
* ``desiredAirflowVersion`` now holds a Runtime version (``"5.5.0"``): a
  review finding says so wherever it is migrated.

A document that still sends an AC version (an argument the version rules
could not migrate, e.g. AC 2.1.4 has no Runtime equivalent) creates or
upgrades an AC Deployment: its reads are left as they are, for review.  A
field selected beside its replacement or any other Runtime field
(``airflowVersion runtimeVersion``: code that tells AC from Runtime
Deployments apart, as astro-cli's own 0.29 documents do) is not rewritten, and
a response key another field already answers is not reused: both are left for
review.  Nothing happens
where the platform schema has no Runtime fields (before 0.29).
"""

from __future__ import annotations

import ast
import re
import weakref
from typing import Dict, List, Tuple

from graphql import FieldNode, TypeInfo, TypeInfoVisitor, Visitor, visit

from .context import INFO, REVIEW, DocumentContext

TYPE_NAME = "Deployment"
REPLACEMENTS = {"airflowVersion": "runtimeAirflowVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}
# A selection that already reads one of these tells AC from Runtime Deployments itself
# (astro-cli's 0.29 GetDeployment selects airflowVersion beside runtimeVersion to print
# "Astronomer-Certified-..." or "Runtime-..."): aliasing its AC field would hide the AC side.
RUNTIME_FIELDS = frozenset({"runtimeVersion", "runtimeAirflowVersion", "desiredRuntimeVersion"})
MIGRATED = "migrate-read-field"
DESIRED_VALUE = "review-desired-runtime-version"
ALREADY_SELECTED = "review-read-field-replacement-selected"
KEY_TAKEN = "review-read-field-key-taken"
NOT_EDITABLE = "review-read-field-template"
AC_COMPARISON = "review-ac-version-comparison"
STILL_AC = "review-read-field-ac-deployment"
# An AC version carries a hotfix suffix ("2.3.4-11"); Airflow and Runtime versions never do.
AC_FORMAT = re.compile(r"\d+\.\d+\.\d+-\d+")


def run(ctx: DocumentContext) -> None:
    text = ctx.source.text
    if "irflowVersion" not in text:
        return
    deployment = ctx.schema.schema.get_type(TYPE_NAME)
    fields = getattr(deployment, "fields", None) or {}
    served = {old: new for old, new in REPLACEMENTS.items() if new in fields}
    if not served:
        return  # a platform before 0.29: nothing to read instead
    still_ac = _still_sends_ac_version(ctx)
    for node, siblings in fields_on_type(ctx, TYPE_NAME, served):
        if still_ac:
            ctx.review(
                node,
                STILL_AC,
                f"this document still creates or updates the Deployment with an AC version (see the review on "
                f"{still_ac}), so it reads {node.name.value} as it is: migrate that first, then select "
                f"{served[node.name.value]} under this name",
            )
            continue
        _migrate(ctx, node, siblings, served[node.name.value])


def _still_sends_ac_version(ctx: DocumentContext) -> str:
    """The AC version argument the earlier rules left in this document ('' if none).

    Such a document creates or upgrades an AC Deployment, whose Runtime fields are empty:
    aliasing its reads would turn the versions it reads into "".
    """
    from .walk import fields_with_definitions

    edited = [(start, end) for start, end, _new in ctx.document_edits]
    for node, definition in fields_with_definitions(ctx):
        for argument in node.arguments or ():
            name = argument.name.value
            ac_write = (name == "airflowVersion" and definition is not None and "runtimeVersion" in definition.args) or (
                name == "desiredAirflowVersion" and node.name.value == "updateDeploymentAirflow"
            )
            span = argument.name.loc
            if ac_write and not any(span.start <= start < span.end for start, _end in edited):
                return f"{node.name.value}({name}:)"
    return ""


def _migrate(ctx: DocumentContext, node: FieldNode, siblings: List[FieldNode], new: str) -> None:
    old = node.name.value
    key = node.alias.value if node.alias else old
    runtime_side = sorted({s.name.value for s in siblings if s.name.value in RUNTIME_FIELDS})
    if runtime_side:
        ctx.review(
            node,
            ALREADY_SELECTED,
            f"{old} is selected beside {', '.join(runtime_side)}: this selection already reads the Runtime side, "
            f"so {old} is left as it is; Houston 1.0.1 no longer serves it: delete it once no Deployment runs AC, "
            f"or read {new} ({_value_of(new)})",
        )
        return
    if any(s is not node and _key(s) == key and s.name.value != old for s in siblings):
        ctx.review(
            node,
            KEY_TAKEN,
            f"another field of this selection already answers as {key!r}: select {new} under a free alias "
            f"instead of {old} and read that key",
        )
        return
    since = len(ctx.edits)
    if not ctx.replace_node(node.name, new if node.alias else f"{old}: {new}"):
        ctx.review(
            node,
            NOT_EDITABLE,
            f"{old} is written outside this literal (a template hole or a shared constant): "
            f"select {key}: {new} there instead",
        )
        return
    ctx.migrated(
        node,
        MIGRATED,
        f"{TYPE_NAME}.{old} becomes {key}: {new}: same response key, but the value is now {_value_of(new)}",
        since,
    )
    if old == "desiredAirflowVersion":
        ctx.review(
            node,
            DESIRED_VALUE,
            f"{key!r} now holds the pending Astro Runtime version (such as \"5.5.0\"), not an AC version: "
            "check the code that reads it",
        )
    if ctx.python is not None:
        for compare, literal in _ac_comparisons(ctx.python, key):
            start, end = ctx.python.span_of(compare)
            ctx.finding_at_file(
                start,
                end,
                REVIEW,
                AC_COMPARISON,
                f"compares {key!r} with the AC version {literal!r}, but it now holds {_value_of(new)}: "
                "compare with that instead",
            )


def _value_of(new: str) -> str:
    if new == "runtimeAirflowVersion":
        return "the Airflow version of the Deployment's Runtime image, with no AC hotfix suffix (\"2.3.4\", not \"2.3.4-11\")"
    return "a Runtime version (\"5.5.0\"), not an AC version"


def _key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


# -- walking the document --------------------------------------------------------------------------
class _Collector(Visitor):
    def __init__(self, type_info: TypeInfo, type_name: str, names) -> None:
        super().__init__()
        self.type_info, self.type_name, self.names = type_info, type_name, names
        self.found: List[Tuple[FieldNode, List[FieldNode]]] = []

    def enter_field(self, node: FieldNode, _key, parent, *_args) -> None:
        if node.name.value not in self.names:
            return
        parent_type = self.type_info.get_parent_type()
        if parent_type is None or parent_type.name != self.type_name:
            return
        siblings = [s for s in parent if isinstance(s, FieldNode)] if isinstance(parent, (list, tuple)) else [node]
        self.found.append((node, siblings))


def fields_on_type(ctx: DocumentContext, type_name: str, names) -> List[Tuple[FieldNode, List[FieldNode]]]:
    """Fields named ``names`` selected on ``type_name``, each with the fields of its own selection set.

    The parent type comes from the schema walk, so it is known even where the
    field itself is gone from the schema (``--houston-version 1.0.1``).
    """
    type_info = TypeInfo(ctx.schema.schema)
    collector = _Collector(type_info, type_name, names)
    visit(ctx.document, TypeInfoVisitor(type_info, collector))
    return collector.found


# -- comparisons in the Python that reads the response ---------------------------------------------
# finder -> {response key: [(Compare node, AC literal)]} and the comparisons already reported.
_COMPARISONS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
# finder -> {None: holds an AC-format literal, key: reads the key}: the cheap gates, per module.
_GATES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _ac_comparisons(finder, key: str) -> List[Tuple[ast.AST, str]]:
    """Comparisons of ``x[key]`` / ``x.get(key)`` with an AC-format literal, each returned once per module."""
    gates = _GATES.get(finder)
    if gates is None:  # once per module, not once per document (a scan of the file each: quadratic)
        gates = _GATES[finder] = {None: _AC_LITERAL.search(finder.file.text) is not None}
    if key not in gates:
        gates[key] = _reads_key(finder.file.text, key)
    if not gates[None] or not gates[key]:
        return []  # the module never compares that key with an AC-format literal: no walk
    entry = _COMPARISONS.get(finder)
    if entry is None:
        entry = (_index_comparisons(finder), set())
        _COMPARISONS[finder] = entry
    by_key, reported = entry
    found = [(c, lit) for c, lit in by_key.get(key, ()) if id(c) not in reported]
    reported.update(id(c) for c, _lit in found)
    return found


# Cheap gates before walking the module: an AC-format string literal, and a read of the key.
_AC_LITERAL = re.compile(r"[\"']\d+\.\d+\.\d+-\d+[\"']")


def _reads_key(text: str, key: str) -> bool:
    return f'"{key}"' in text or f"'{key}'" in text


def _index_comparisons(finder) -> Dict[str, List[Tuple[ast.AST, str]]]:
    constants = _module_constants(finder.module)
    index: Dict[str, List[Tuple[ast.AST, str]]] = {}
    for node in ast.walk(finder.module):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        keys = [k for k in map(_read_key, operands) if k is not None]
        if not keys:
            continue
        literals = [lit for operand in operands for lit in _ac_literals(operand, constants)]
        if literals:
            for key in keys:
                index.setdefault(key, []).append((node, literals[0]))
    return index


def _read_key(node: ast.AST):
    """``x["key"]`` or ``x.get("key"[, default])`` -> "key"."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ):
        return node.args[0].value
    return None


def _ac_literals(node: ast.AST, constants: Dict[str, str]) -> List[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and AC_FORMAT.fullmatch(node.value):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return [constants[node.id]]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [lit for element in node.elts for lit in _ac_literals(element, constants)]
    return []


def _module_constants(module: ast.Module) -> Dict[str, str]:
    """Module-level names bound once, to an AC-format string literal."""
    bound: Dict[str, List[ast.AST]] = {}
    for statement in module.body:
        if isinstance(statement, ast.Assign):
            for target in statement.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(statement.value)
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.value:
            bound.setdefault(statement.target.id, []).append(statement.value)
    return {
        name: values[0].value
        for name, values in bound.items()
        if len(values) == 1
        and isinstance(values[0], ast.Constant)
        and isinstance(values[0].value, str)
        and AC_FORMAT.fullmatch(values[0].value)
    }


__all__ = ["run", "fields_on_type", "INFO"]
