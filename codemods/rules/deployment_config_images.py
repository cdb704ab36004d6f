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


def run(ctx: DocumentContext) -> None:
    text = ctx.source.text
    if "airflowImages" not in text and "airflowVersions" not in text and "defaultAirflowImageTag" not in text:
        return
    if not ctx.schema.serves_runtime():
        return  # before 0.29 the AC catalogue is all there is
    for node, _siblings in fields_on_type(ctx, TYPE_NAME, REPLACEMENTS):
        name = node.name.value
        replacement, reading = REPLACEMENTS[name]
        ctx.review(
            node,
            CODE,
            f"deploymentConfig.{name} is the Astronomer Certified catalogue (gone in Houston 1.0.1) and has no "
            f"Runtime field of the same shape: delete it and send `{replacement}` instead ({reading})",
        )
