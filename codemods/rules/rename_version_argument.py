"""airflowVersion: "<AC>"  ->  runtimeVersion: "<equivalent Runtime>".

Houston change: from Astronomer Software 0.29, ``createDeployment``,
``upsertDeployment`` and ``updateDeploymentImage`` take ``runtimeVersion`` (an
Astro Runtime version) beside the Astronomer Certified ``airflowVersion``;
Houston API 1.0.1 drops ``airflowVersion``.  Evidence: shared/houston
houston-facts.md section 2 (astro-cli ``DeploymentCreateRequest`` 0.29.0 and
1.0.1 variants; Software docs' "replace airflowVersion arguments with
runtimeVersion arguments in your scripts").

Which fields: every field whose schema declares a ``runtimeVersion`` argument.
``runtimeReleases(airflowVersion:)`` declares none, so its filter is never
touched.  A variable value is renamed by ``rename_version_variable``.
"""

from __future__ import annotations

from graphql import ArgumentNode, NullValueNode, StringValueNode, VariableNode

from .context import DocumentContext
from .walk import fields_with_definitions

AC_ARGUMENT = "airflowVersion"
RUNTIME_ARGUMENT = "runtimeVersion"


def run(ctx: DocumentContext) -> None:
    for node, definition in fields_with_definitions(ctx):
        if definition is None or RUNTIME_ARGUMENT not in definition.args:
            continue
        arguments = {argument.name.value: argument for argument in node.arguments or ()}
        ac_argument = arguments.get(AC_ARGUMENT)
        if ac_argument is None:
            continue
        if RUNTIME_ARGUMENT in arguments:
            ctx.review(
                ac_argument,
                "review-both-version-arguments",
                f"{node.name.value} passes both airflowVersion and runtimeVersion: "
                "delete airflowVersion and keep a Runtime version in runtimeVersion",
            )
            continue
        _migrate_argument(ctx, node.name.value, ac_argument)


def _migrate_argument(ctx: DocumentContext, field_name: str, argument: ArgumentNode) -> None:
    value = argument.value
    if isinstance(value, StringValueNode) and not value.block:
        hole = ctx.hole_in(value)
        if hole is not None:
            ctx.replace_node(argument.name, RUNTIME_ARGUMENT)
            ctx.finding_at_file(
                hole.file_start,
                hole.file_end,
                "warning",
                "review-template-version",
                f"{field_name}(runtimeVersion:) now gets {hole.expression}: "
                "make sure it holds an Astro Runtime version, not an AC version",
            )
            return
        runtime = ctx.versions.runtime_for(value.value)
        if runtime is None:
            ctx.review(
                argument,
                "review-no-runtime-equivalent",
                f"AC version {value.value!r} has no Astro Runtime equivalent: upgrade the "
                "deployment to an AC version listed in the AC to Runtime table, then rename "
                "airflowVersion to runtimeVersion with its Runtime version",
            )
            return
        ctx.replace_node(argument.name, RUNTIME_ARGUMENT)
        # Only the characters between the GraphQL quotes: they are safe in any Python literal.
        ctx.replace(value.loc.start + 1, value.loc.end - 1, runtime)
    elif isinstance(value, (VariableNode, NullValueNode)):
        ctx.replace_node(argument.name, RUNTIME_ARGUMENT)
    elif ctx.hole_in(value) is not None:
        hole = ctx.hole_in(value)
        ctx.replace_node(argument.name, RUNTIME_ARGUMENT)
        ctx.finding_at_file(
            hole.file_start,
            hole.file_end,
            "warning",
            "review-template-version",
            f"{field_name}(runtimeVersion:) now gets {hole.expression}: "
            "make sure it holds an Astro Runtime version, not an AC version",
        )
    else:
        ctx.review(
            argument,
            "review-unexpected-version-value",
            f"airflowVersion of {field_name} is not a string or variable: "
            "replace it with runtimeVersion and an Astro Runtime version by hand",
        )
