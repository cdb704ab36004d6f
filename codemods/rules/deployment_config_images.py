"""DeploymentConfig.airflowImages / airflowVersions / defaultAirflowImageTag  ->  review, with the runtimeReleases query.

Houston change: the Astronomer Certified catalogue on ``deploymentConfig``
(``airflowImages { version channel tag }``, ``airflowVersions``,
``defaultAirflowImageTag``) is superseded by ``Query.runtimeReleases``
(Software 0.29+) and no longer served by Houston API 1.0.1.  Evidence:
shared/houston houston-facts.md section 2 (``Query.deploymentConfig`` row: "no
proven Runtime field on DeploymentConfig; Runtime list comes from
``runtimeReleases``"; astro-cli ``DeploymentInfoRequest`` key 1.0.1 selects
only ``deploymentConfig { __typename }``, commit db114d6c) and the bundled
schema's provenance on ``DeploymentConfig`` and ``runtimeReleases``
([CLI-DEC] ``"GetRuntimeReleases": {GTE: "0.29.0"}``; ``RuntimeRelease {
version airflowVersion airflowDatabaseMigrations }``).

There is no field of the same shape to alias, and the replacement is another
root field, so nothing is rewritten: each use gets a review finding carrying
the exact query that replaces it, ready to paste.  Only where the platform
schema serves ``runtimeReleases``.

Red team 22 (report 13), f3: the catalogue's own type goes with it (``TYPE_REMOVED AirflowImage`` in
``schema diff 1.0.0 1.0.1``).  A fragment on it (``fragment ImageFields on AirflowImage { version tag }``,
in its own ``.graphql`` file or a Python constant composed into the query) or an inline ``... on
AirflowImage`` was left unreviewed, so after the user followed the ``airflowImages`` review, check 1.0.1
reported "Unknown type 'AirflowImage'" with no review at that line.  Each such type condition is now
reviewed too, at the type's name, with the same replacement query: delete it with the field that reaches it.
"""

from __future__ import annotations

from .context import DocumentContext
from .runtime_read_fields import fields_on_type

TYPE_NAME = "DeploymentConfig"
CODE = "review-ac-image-catalogue"
RUNTIME_IMAGE = "quay.io/astronomer/astro-runtime"

# field -> (the query that replaces it, how to read its answer)
REPLACEMENTS = {
    "airflowImages": (
        "query RuntimeReleases { runtimeReleases { version airflowVersion } }",
        f"each release's image is {RUNTIME_IMAGE}:<version>",
    ),
    "airflowVersions": (
        "query RuntimeReleases { runtimeReleases { airflowVersion } }",
        "the Airflow versions the available Runtime releases ship",
    ),
    "defaultAirflowImageTag": (
        "query RuntimeReleases { runtimeReleases { version } }",
        f"take the highest version; its image is {RUNTIME_IMAGE}:<version>",
    ),
}


# the AC catalogue's types every platform version from 1.0.1 drops -> the field of REPLACEMENTS reaching them
# (tests/test_rt23_ac_types.py checks this lists every type the bundled SDL marks removed)
REMOVED_TYPES = {"AirflowImage": "airflowImages"}


def run(ctx: DocumentContext) -> None:
    text = ctx.source.text
    removed_type = any(name in text for name in REMOVED_TYPES)
    if not removed_type and "airflowImages" not in text and "airflowVersions" not in text and "defaultAirflowImageTag" not in text:
        return
    if not ctx.schema.serves_runtime():
        return  # before 0.29 the AC catalogue is all there is
    if removed_type:
        _review_type_conditions(ctx)
    for node, _siblings in fields_on_type(ctx, TYPE_NAME, REPLACEMENTS):
        name = node.name.value
        replacement, reading = REPLACEMENTS[name]
        ctx.review(
            node,
            CODE,
            f"deploymentConfig.{name} is the Astronomer Certified catalogue (gone in Houston 1.0.1) and has no "
            f"Runtime field of the same shape: delete it and send `{replacement}` instead ({reading})",
        )


def _review_type_conditions(ctx: DocumentContext) -> None:
    """A fragment (named or inline) on a type of :data:`REMOVED_TYPES`, reviewed at the type's name: Houston 1.0.1
    rejects it as an unknown type.  One pass over the document's selections (an explicit stack)."""
    stack = list(ctx.document.definitions)
    while stack:
        node = stack.pop()
        condition = getattr(node, "type_condition", None)
        if condition is not None and condition.name.value in REMOVED_TYPES:
            type_name = condition.name.value
            field = REMOVED_TYPES[type_name]
            replacement, reading = REPLACEMENTS[field]
            what = f"fragment {node.name.value}" if node.kind == "fragment_definition" else "this inline fragment"
            ctx.review(
                condition,
                CODE,
                f"{what} is on {type_name}, the type of deploymentConfig.{field}, the Astronomer Certified catalogue "
                f"(gone in Houston 1.0.1, which no longer knows {type_name}): delete it with {field} and send "
                f"`{replacement}` instead ({reading})",
            )
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)
