"""updateDeploymentAirflow(...)  ->  updateDeploymentAirflow: updateDeploymentRuntime(...).

Houston change: Software 0.29 adds ``updateDeploymentRuntime(deploymentUuid,
desiredRuntimeVersion)``, used both for Runtime upgrades and for the AC to
Runtime migration; ``updateDeploymentAirflow(deploymentUuid,
desiredAirflowVersion)`` is AC only and gone in Houston API 1.0.1.  Evidence:
astro-cli ``UpdateDeploymentRuntimeRequest`` and its decorator gate
``"UpdateDeploymentRuntime": {GTE: "0.29.0"}`` (houston-facts.md section 2).

The alias keeps the response shape: code reading
``data["updateDeploymentAirflow"]`` goes on working.  An existing alias is kept.
Both mutations return ``Deployment``, so the selection set stays valid.
"""

from __future__ import annotations

from .context import DocumentContext, review_shared_binding
from .fragment_scope import mutation_root_fields
from .version_values import can_migrate, migrate_value
from .walk import fields_with_definitions

AC_FIELD, RUNTIME_FIELD = "updateDeploymentAirflow", "updateDeploymentRuntime"
AC_ARGUMENT, RUNTIME_ARGUMENT = "desiredAirflowVersion", "desiredRuntimeVersion"


def run(ctx: DocumentContext) -> None:
    if not _schema_has_runtime_twin(ctx):
        return
    for node, _definition in fields_with_definitions(ctx):
        if node.name.value != AC_FIELD or not _on_mutation_root(ctx, node):
            continue
        argument = next((a for a in node.arguments or () if a.name.value == AC_ARGUMENT), None)
        if argument is None or review_shared_binding(ctx, node.name, AC_FIELD):
            continue
        if not can_migrate(ctx, argument.value, argument):
            continue
        since = len(ctx.edits)
        renamed = RUNTIME_FIELD if node.alias else f"{AC_FIELD}: {RUNTIME_FIELD}"
        ctx.replace_node(node.name, renamed)
        ctx.replace_node(argument.name, RUNTIME_ARGUMENT)
        migrate_value(ctx, argument.value, RUNTIME_ARGUMENT, RUNTIME_FIELD)
        ctx.migrated(
            node.name,
            "migrate-update-deployment-runtime",
            f"{AC_FIELD}(desiredAirflowVersion:) becomes {RUNTIME_FIELD}(desiredRuntimeVersion:), "
            "aliased so the response keeps its shape",
            since,
        )


def _schema_has_runtime_twin(ctx: DocumentContext) -> bool:
    mutation = ctx.schema.schema.mutation_type
    twin = mutation.fields.get(RUNTIME_FIELD) if mutation is not None else None
    return twin is not None and RUNTIME_ARGUMENT in twin.args


def _on_mutation_root(ctx: DocumentContext, node) -> bool:
    """A root field of a mutation, also through an inline fragment or a fragment on Mutation (red team 19,
    F5: :func:`fragment_scope.mutation_root_fields`).  The roots are listed once per document."""
    roots = ctx.__dict__.get("_mutation_roots")
    if roots is None:
        roots = ctx.__dict__["_mutation_roots"] = {id(field) for field in mutation_root_fields(ctx)}
    return id(node) in roots
