"""Version arguments written inside a fragment definition (red team 19, report 19, F5).

Houston change: none of its own; this serves the rules that rename a version argument
(``rename_version_argument``, ``update_deployment_runtime``) and the variable it reads
(``rename_version_variable``).

A fragment's text is part of every operation that spreads it, and its variables are theirs:
``fragment Up on Mutation { updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v)
{ id } }`` reads ``$v`` from each ``mutation Upgrade($id: Uuid!, $v: String!) { ...Up }`` that spreads
it.  ``rename_version_variable`` follows a variable through the one operation whose text holds it,
and a fragment's text lies in none: the argument became ``runtimeVersion: $airflowVersion`` while the
variable, its default (``$v: String = "2.3.4-11"``) and the values the script sends stayed AC (an AC
version sent as a Runtime one), and ``updateDeploymentAirflow`` in a fragment on Mutation was not read
as a root mutation field, so it was neither migrated nor reviewed.

The rule, in one place:

* a version argument inside a fragment definition whose value is a variable is held whole (the
  field, the argument, the variable in every spreading operation and the values sent stay as they
  are), with ``review-fragment-version-variable`` naming the fragment and the operations declaring
  the variable: migrate them together by hand (or inline the field into the operation);
* a literal value (or a template hole) reads the same in every operation that spreads the fragment,
  so that argument migrates as it does in an operation;
* the root fields of a mutation are its own selections, those of inline fragments on Mutation (or
  without a type condition) among them, and those of named fragments on Mutation: there
  ``updateDeploymentAirflow`` is migrated (literal value) or held (variable) like the plain form.

Each document's definitions are indexed once (their spans, sorted) and each question answered by
bisection: linear in the document.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Iterator, List, Optional

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
)

REVIEW_FRAGMENT_VARIABLE = "review-fragment-version-variable"
_MEMO = "_fragment_scope"
_SPREADERS = "_fragment_spreaders"


def enclosing_fragment(ctx, node: Any) -> Optional[FragmentDefinitionNode]:
    """The fragment definition whose text holds ``node``, or None."""
    starts, fragments = _index(ctx)
    at = bisect_right(starts, node.loc.start) - 1
    if at < 0:
        return None
    fragment = fragments[at]
    return fragment if fragment.loc.start <= node.loc.start < fragment.loc.end else None


def _index(ctx):
    memo = ctx.__dict__.get(_MEMO)
    if memo is None:
        fragments = sorted(
            (d for d in ctx.document.definitions if isinstance(d, FragmentDefinitionNode) and d.loc is not None),
            key=lambda d: d.loc.start,
        )
        memo = ctx.__dict__[_MEMO] = ([d.loc.start for d in fragments], fragments)
    return memo


def _spreaders(ctx) -> dict:
    """Fragment name -> ids of the operations that spread it, directly or through other fragments.

    Built once per document: each definition's spreads are read once, then each operation's reach is
    followed over the fragment graph (each fragment entered once per operation)."""
    memo = ctx.__dict__.get(_SPREADERS)
    if memo is not None:
        return memo
    spreads = {}
    operations = []
    for definition in ctx.document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            spreads[definition.name.value] = _spread_names(definition.selection_set)
        elif isinstance(definition, OperationDefinitionNode):
            operations.append(definition)
    memo = {}
    for operation in operations:
        seen = set()
        pending = list(_spread_names(operation.selection_set))
        while pending:
            fragment = pending.pop()
            if fragment in seen:
                continue
            seen.add(fragment)
            memo.setdefault(fragment, set()).add(id(operation))
            pending.extend(spreads.get(fragment, ()))
    ctx.__dict__[_SPREADERS] = memo
    return memo


def _spread_names(selection_set) -> List[str]:
    """The fragment names spread anywhere under a selection set (nested fields and inline fragments too)."""
    names: List[str] = []
    pending = [selection_set]
    while pending:
        current = pending.pop()
        if current is None:
            continue
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                names.append(selection.name.value)
            else:
                pending.append(getattr(selection, "selection_set", None))
    return names


def held_fragment_variable(ctx, value: Any, argument: Any) -> bool:
    """Review and True when ``value`` (a variable, the value of ``argument``) sits in a fragment definition:
    the caller leaves the argument (and its field) as they are."""
    fragment = enclosing_fragment(ctx, value)
    if fragment is None:
        return False
    name = value.name.value
    # Only the operations that spread the fragment (through other fragments too) give it $name: another
    # operation declaring a $name of its own is not one of them (red team 27, report 13, f5).
    spreading = _spreaders(ctx).get(fragment.name.value, ())
    declaring = [
        d.name.value if d.name is not None else "an unnamed operation"
        for d in ctx.document.definitions
        if isinstance(d, OperationDefinitionNode) and id(d) in spreading
        and any(v.variable.name.value == name for v in d.variable_definitions or ())
    ]
    where = (
        f"declared by {', '.join(declaring[:3])}{' and more' if len(declaring) > 3 else ''}"
        if declaring else "declared by the operations that spread it"
    )
    label = f"{argument.name.value}: ${name}" if argument is not None else f"${name}"
    ctx.review(
        argument if argument is not None else value,
        REVIEW_FRAGMENT_VARIABLE,
        f"{label} is inside fragment {fragment.name.value}, whose ${name} is the variable of every operation "
        f"that spreads it ({where}): renaming the argument there without the variable, its default and the "
        "values each send gives it would send an AC version as a Runtime one, so nothing of it is changed; "
        "migrate the fragment, the variable in those operations and the values sent together by hand "
        "(or write the field in the operation itself)",
    )
    return True


def mutation_root_fields(ctx) -> Iterator[FieldNode]:
    """The fields selected at the root of a mutation: a mutation operation's own selections, those of
    its inline fragments on Mutation (or with no type condition), and those of every fragment
    definition on Mutation (spread into a mutation, they are root fields too).  Each selection set
    once."""
    mutation = ctx.schema.schema.mutation_type
    mutation_name = mutation.name if mutation is not None else "Mutation"
    pending: List[Any] = []
    for definition in ctx.document.definitions:
        if isinstance(definition, OperationDefinitionNode) and definition.operation == OperationType.MUTATION:
            pending.append(definition.selection_set)
        elif isinstance(definition, FragmentDefinitionNode) and definition.type_condition.name.value == mutation_name:
            pending.append(definition.selection_set)
    while pending:
        selection_set = pending.pop()
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode) and (
                selection.type_condition is None or selection.type_condition.name.value == mutation_name
            ):
                pending.append(selection.selection_set)
