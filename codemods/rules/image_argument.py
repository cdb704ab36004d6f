"""``updateDeploymentImage(image: <AC image>, airflowVersion: ...)``: both stay, and both are reviewed.

Houston change: from Astronomer Software 0.29 ``updateDeploymentImage`` (the
bring-your-own-registry deploy endpoint) takes ``runtimeVersion`` beside
``airflowVersion``; Houston API 1.0.1 takes ``runtimeVersion`` only
(shared/houston houston-facts.md section 2, the ``Mutation.updateDeploymentImage``
row: CLI ``DeploymentImageUpdateRequest`` keys 0.25.0 and 1.0.1).

Red team 12, F5: ``rename_version_argument`` used to migrate ``airflowVersion:
"2.3.4-11"`` to ``runtimeVersion: "5.5.0"`` and leave ``image:
"quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"`` beside it, so the script told
Houston the Deployment runs Runtime 5.5.0 while deploying an AC image.  The two
must change together or not at all.  This tool chooses *not at all, and review*,
for these reasons:

* The version argument describes the image sent with it: the Astro CLI reads it
  from the image's own labels (``io.astronomer.docker.runtime.version`` /
  ``io.astronomer.docker.airflow.version``, ``apc/deploy/deploy.go``;
  houston-facts.md section 3, item 6) and sends the two together.  It is the
  image, not the text of the version, that decides what runs.
* On this endpoint the image is one the customer's own registry serves (docs'
  custom-image-registry example ``image: "<host>/<image-name>:<tag>"``, with
  ``runtimeVersion: "<runtime-version-number>"``: houston-example-documents.md X03;
  the endpoint must be enabled with ``enableUpdateDeploymentImageEndpoint``).  The
  Dockerfile rule's mapping (``ac_images.runtime_reference``) gives
  ``quay.io/astronomer/astro-runtime:R``, an image that registry may not hold (a
  mirror, an air-gapped install), and the docs' migration deploys an image *built*
  FROM astro-runtime (migrate-to-runtime, steps 2 and 3): a build and a push,
  which no edit of a string can do or check.  Writing the mapped reference would
  make the script deploy an image that may not exist, silently.

So, when ``image:`` is an AC image reference (``ac_images.REFERENCE``: any
repository ending in ``ap-airflow``) written in the document, sent for its
variable, or bound to a name that is sent, ``airflowVersion`` is not migrated and
both places get ``review-ac-image-with-version``, naming the Runtime image of the
same release when the mapping knows it.  Any other image (the project's own
build, whose ``FROM`` the Dockerfile rule migrates, or a value that cannot be
read) leaves the version migration as before.  The same check runs when the field
already passes ``runtimeVersion`` (a file rewritten before this rule, or written
so by hand): ``check`` after ``rewrite`` keeps saying it.
"""

from __future__ import annotations

from typing import Optional

from graphql import StringValueNode, VariableNode

from .ac_images import REFERENCE, runtime_reference
from .context import REVIEW, DocumentContext
from .sent_values import operation_of, sent_values, string_of

IMAGE_ARGUMENT = "image"
CODE = "review-ac-image-with-version"


def review_ac_image_beside(ctx: DocumentContext, field, version_argument) -> bool:
    """Review ``version_argument`` and the AC image sent beside it in ``field``; False when there is none."""
    image = next((a for a in field.arguments or () if a.name.value == IMAGE_ARGUMENT), None)
    if image is None:
        return False
    found = _ac_image(ctx, image.value)
    if found is None:
        return False
    reference, place, where = found
    new, reason = runtime_reference(reference, ctx.versions)
    if new is not None:
        version = new.rsplit(":", 1)[1]
        version = version[: -len("-base")] if version.endswith("-base") else version
        todo = f"build and push an image FROM {new} (the same Airflow release), then send it with runtimeVersion: {version!r}"
    else:
        todo = f"choose an Astro Runtime image by hand ({reason}), then send it with its runtimeVersion"
    label = f"{field.name.value}({version_argument.name.value}:)"
    ctx.review(
        version_argument,
        CODE,
        f"{label} is sent beside image {reference!r}{where}, an Astronomer Certified image: the version describes "
        f"the image deployed, so the two change together or not at all; neither is changed: {todo}",
    )
    message = (
        f"{reference!r} is an Astronomer Certified image sent to {field.name.value}(image:) with "
        f"{version_argument.name.value}: neither is changed: {todo}"
    )
    if isinstance(place, tuple):
        ctx.finding_at_file(place[0], place[1], REVIEW, CODE, message)
    else:
        ctx.review(place, CODE, message)
    return True


def _ac_image(ctx: DocumentContext, value):
    """(reference, where it is (a node, or a file span), how it is reached) for an AC image value, else None."""
    if isinstance(value, StringValueNode) and ctx.hole_in(value) is None:
        return (value.value, value, "") if REFERENCE.fullmatch(value.value) else None
    if not isinstance(value, VariableNode) or ctx.python is None:
        return None
    values, _unread = sent_values(ctx, value.name.value, operation_of(ctx, value))
    for sent in values:
        found: Optional[tuple] = string_of(ctx.python, sent, lambda text: REFERENCE.fullmatch(text) is not None)
        if found is not None:
            start, end = ctx.python.span_of(sent)
            line = ctx.file.line_col(start)[0]
            return found[0], (start, end), f" (sent as ${value.name.value} on line {line}{found[1]})"
    return None
