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

``updateDeploymentImage(image: <an AC image>, airflowVersion: ...)`` is left as it
is and reviewed: the version describes the image, and the image cannot be
migrated by an edit (``image_argument`` gives the evidence; red team 12, F5).
"""

from __future__ import annotations

from .context import DocumentContext
from .image_argument import review_ac_image_beside, review_lone_ac_image
from .version_values import can_migrate, migrate_value
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
            if RUNTIME_ARGUMENT not in arguments:
                review_lone_ac_image(ctx, node)  # red team 20 (report 13), F14: an AC image with no version
            continue
        if RUNTIME_ARGUMENT in arguments:
            ctx.review(
                ac_argument,
                "review-both-version-arguments",
                f"{node.name.value} passes both airflowVersion and runtimeVersion: "
                "delete airflowVersion and keep a Runtime version in runtimeVersion",
            )
            continue
        if review_ac_image_beside(ctx, node, ac_argument):
            continue  # red team 12, F5: the version and the AC image beside it change together or not at all
        if can_migrate(ctx, ac_argument.value, ac_argument):
            since = len(ctx.edits)
            ctx.replace_node(ac_argument.name, RUNTIME_ARGUMENT)
            migrate_value(ctx, ac_argument.value, RUNTIME_ARGUMENT, node.name.value)
            ctx.migrated(
                ac_argument,
                "migrate-version-argument",
                f"{node.name.value}(airflowVersion:) becomes runtimeVersion with the equivalent Astro Runtime version",
                since,
            )
