"""A Runtime version argument that is sent an Astronomer Certified version: reviewed, before and after a rewrite.

Houston change: from Astronomer Software 0.29, ``createDeployment``,
``upsertDeployment`` and ``updateDeploymentImage`` take ``runtimeVersion`` and
``updateDeploymentRuntime`` takes ``desiredRuntimeVersion``: an Astro Runtime
version (``"5.0.6"``), never an AC one (``"2.3.4-11"``); the CLI's own
``RuntimeUpgrade`` refuses AC deployments and ``RuntimeMigrate`` sends the
Runtime release ``runtimeReleases`` names (shared/houston houston-facts.md
sections 2 and 3, items 5 and 6; the docs' custom-image-registry example
``runtimeVersion: "<runtime-version-number>" # for example "5.0.6"``,
houston-example-documents.md X03).

Why a rule of its own (red team 12, F1): the argument rules review an AC value
while they migrate (``review-version-value``, ``review-version-variable``), but
the rewritten file no longer has the AC argument those rules start from, so a
``check`` after ``rewrite`` said nothing while the script still sends an AC
version where Houston wants a Runtime one.  This rule starts from the Runtime
argument instead, so the same reviews come back at the same places on the
rewritten file (and a file written that way by hand is reviewed too):

* ``runtimeVersion: "2.3.4-11"`` (a literal, or a variable default, in the AC
  version grammar of ``versions.AC_VERSION`` with an Airflow major of 1 or 2):
  ``review-ac-version-in-runtime-argument``, naming the Runtime equivalent when
  the table has one.
* a variables-dict value sent for a variable feeding such an argument that is an
  AC version literal, or a name bound (in its own scope, or the module's) only to
  string literals one of which is an AC version: ``review-version-value`` at the
  value, the code ``rename_version_variable`` gives the same value while it migrates.
* a variable still named ``$airflowVersion`` / ``$desiredAirflowVersion`` feeding a
  Runtime argument (what ``rename_version_variable`` keeps when it cannot rename
  both sides, e.g. variables arriving through ``**extra``):
  ``review-version-variable`` at its definition, as the rewrite gave it.

Only the value the tool can read is judged: a parameter or a computed value
sent as ``runtimeVersion`` is not reviewed after the rewrite (it cannot be told
from a correct script), which is why the argument rules' reviews of such values
say "make sure" while they migrate.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from typing import Optional, Tuple

from graphql import StringValueNode, VariableNode

from ..sources import templates
from ..versions import AC_VERSION
from .context import REVIEW, DocumentContext
from .version_values import why_not_mapped
from .walk import fields_with_definitions

RUNTIME_ARGUMENTS = ("runtimeVersion", "desiredRuntimeVersion")
AC_NAMES = {"airflowVersion": "runtimeVersion", "desiredAirflowVersion": "desiredRuntimeVersion"}
AC_IN_RUNTIME = "review-ac-version-in-runtime-argument"
VERSION_VALUE = "review-version-value"
VERSION_VARIABLE = "review-version-variable"


def run(ctx: DocumentContext) -> None:
    seen_variables = set()
    for node, definition in fields_with_definitions(ctx):
        if definition is None:
            continue
        for argument in node.arguments or ():
            name = argument.name.value
            if name not in RUNTIME_ARGUMENTS or name not in definition.args:
                continue
            label = f"{node.name.value}({name}:)"
            value = argument.value
            if isinstance(value, StringValueNode) and ctx.hole_in(value) is None:
                _review_literal(ctx, value, value.value, label)
            elif isinstance(value, VariableNode) and value.name.value not in seen_variables:
                seen_variables.add(value.name.value)
                _review_variable(ctx, value.name.value, value, label, name)


def is_ac_version(ctx: DocumentContext, text: str) -> bool:
    """Text the tool's AC grammar reads exactly, with an Airflow major (1 or 2) no Runtime release has."""
    return isinstance(text, str) and AC_VERSION.fullmatch(text) is not None and not ctx.versions.is_runtime(text)


def _equivalent(ctx: DocumentContext, version: str) -> str:
    runtime = ctx.versions.runtime_for(version)
    if runtime is not None:
        return f"send its Astro Runtime equivalent {runtime!r}"
    return why_not_mapped(ctx, version)


def _review_literal(ctx: DocumentContext, node, text: str, label: str) -> None:
    if is_ac_version(ctx, text):
        ctx.review(
            node,
            AC_IN_RUNTIME,
            f"{text!r} is an Astronomer Certified version, but {label} takes an Astro Runtime version, so Houston "
            f"rejects it: {_equivalent(ctx, text)}",
        )


def _review_variable(ctx: DocumentContext, name: str, use, label: str, argument: str) -> None:
    operation, definition = _definition(ctx, use, name)
    if definition is None:
        return  # an undefined variable: validation reports it
    default = definition.default_value
    if isinstance(default, StringValueNode) and ctx.hole_in(default) is None:
        _review_literal(ctx, default, default.value, f"{label}, which ${name} feeds,")
    unread = _review_sent_values(ctx, name, operation, label)
    if name in AC_NAMES:
        why = f": {unread}" if unread else ""
        ctx.review(
            definition.variable,
            VERSION_VARIABLE,
            f"${name} feeds {label}, a Runtime version argument, under its AC name{why}: rename it to "
            f"${AC_NAMES[name]} (and the key its senders use) and send an Astro Runtime version in it",
        )


def _definition(ctx: DocumentContext, use, name: str):
    from graphql import OperationDefinitionNode

    for operation in ctx.document.definitions:
        if isinstance(operation, OperationDefinitionNode) and operation.loc.start <= use.loc.start < operation.loc.end:
            found = next((d for d in operation.variable_definitions or () if d.variable.name.value == name), None)
            return operation, found
    return None, None


def _review_sent_values(ctx: DocumentContext, name: str, operation, label: str) -> str:
    """Review the AC values the module's sends put in ``name``; return why a send cannot be read ("" if none)."""
    finder = ctx.python
    if finder is None:
        return "the code that sends it is not in this file"
    unread = ""
    seen = set()
    for site in ctx.source.sites:
        if site.kind == "gql" and site.variables is None:
            continue  # gql() only builds the document; the execute call carries the variables
        chosen = finder.operations_run(site)
        if chosen is not None and operation is not None and operation.name is not None and operation.name.value not in chosen:
            continue
        dicts, why = finder.read_variables(site, [name])
        if dicts is None:
            unread = unread or why or f"the variables sent on line {site.call.lineno} cannot be read"
            continue
        for container in dicts:
            if id(container) in seen:
                continue
            seen.add(id(container))
            entries, _complete = finder.variable_entries(container)
            for key, _start, _end, value in entries:
                if key == name:
                    _review_sent_value(ctx, value, name, label)
    return unread


def _review_sent_value(ctx: DocumentContext, value: ast.AST, key: str, label: str) -> None:
    finder = ctx.python
    if templates.is_plain_literal(value) and isinstance(value.value, str):
        version, where = value.value, ""
    else:
        bound = _bound_literal(finder, value, lambda text: is_ac_version(ctx, text))
        if bound is None:
            return
        version, line = bound
        where = f" ({finder.code_of(value)}, bound on line {line})"
    if not is_ac_version(ctx, version):
        return
    start, end = finder.span_of(value)
    ctx.finding_at_file(
        start, end, REVIEW, VERSION_VALUE,
        f"the value sent as '{key}'{where} is the AC version {version!r}, but it feeds {label}, an Astro Runtime "
        f"version argument, so Houston rejects it: {_equivalent(ctx, version)}",
    )


def _bound_literal(finder, value: ast.AST, wanted) -> Optional[Tuple[str, int]]:
    """(the first string ``wanted`` accepts, its line) when ``value`` is a name bound only to string
    literals one of which is accepted, else None.

    The bindings looked at are those of the name's own scope, or the module's when that scope
    binds none; each name's stores are grouped by scope once per module (memo), so N values
    reading one name cost O(N + stores).
    """
    if not isinstance(value, ast.Name):
        return None
    names = finder.names
    memo = finder.memo.setdefault("runtime_argument_values.stores", {})
    if value.id not in memo:
        by_scope, module_stores = defaultdict(list), []
        for store in names.get(value.id).stores:
            scope = names.scope_of(store)
            by_scope[id(scope)].append(store)
            if isinstance(scope, ast.Module):
                module_stores.append(store)
        memo[value.id] = (by_scope, module_stores)
    by_scope, module_stores = memo[value.id]
    stores = by_scope.get(id(names.scope_of(value))) or module_stores
    if not stores:
        return None
    found = None
    for store in stores:
        parent = names.parent(store)
        if isinstance(parent, ast.Assign) and any(target is store for target in parent.targets):
            literal = parent.value
        elif isinstance(parent, ast.AnnAssign) and parent.target is store and parent.value is not None:
            literal = parent.value
        else:
            return None  # a parameter, a loop, an augmented assignment...: not known
        if not (templates.is_plain_literal(literal) and isinstance(literal.value, str)):
            return None
        if found is None and wanted(literal.value):
            found = (literal.value, store.lineno)
    return found
