"""FROM quay.io/astronomer/ap-airflow:<AC>[-onbuild]  ->  FROM quay.io/astronomer/astro-runtime:<Runtime>.

Houston change: a Deployment is migrated when an image of its new Runtime
version is deployed (Software docs, migrate-to-runtime, step 2:
``FROM quay.io/astronomer/astro-runtime:5.0.4``).

Image variants (evidence: astronomer/ap-airflow README and the Software docs on
customizing images, "If you use the default distribution of Astronomer
Certified, make sure to remove the -onbuild part"; Runtime's default image runs
the ONBUILD steps, its ``-base`` image does not):

* ``ap-airflow:X.Y.Z[-N]-onbuild`` -> ``astro-runtime:R`` (both run ONBUILD steps)
* ``ap-airflow:X.Y.Z[-N]``         -> ``astro-runtime:R-base`` (neither does)
* any other tag (``-buster-onbuild``, ``-alpine3.10``, ``${ARG}``) is reported
  for review: Runtime has no OS variants to map it to.

The Runtime release always ships the same Airflow version as the AC image
(the table is keyed by Airflow version), so this never downgrades Airflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from ..model import Edit
from ..versions import VersionTable

RUNTIME_IMAGE = "quay.io/astronomer/astro-runtime"
# FROM [--flags] <image>:<tag> [AS name]; the image and tag are group "reference".
FROM_LINE = re.compile(
    r"^(?P<lead>[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*)"
    r"(?P<reference>(?:quay\.io/)?astronomer(?:inc)?/ap-airflow:(?P<tag>\S+))",
    re.IGNORECASE | re.MULTILINE,
)
PLAIN_TAG = re.compile(r"^(?P<version>\d+\.\d+\.\d+)(?:-(?P<hotfix>\d+))?(?P<onbuild>-onbuild)?$")


@dataclass
class ImageMigration:
    start: int  # file offsets of the image reference
    end: int
    old: str
    new: Optional[str]  # None: needs review
    reason: str = ""


def migrations(text: str, versions: VersionTable) -> List[ImageMigration]:
    found = []
    for match in FROM_LINE.finditer(text):
        tag = match.group("tag")
        start, end = match.start("reference"), match.end("reference")
        plain = PLAIN_TAG.match(tag)
        if plain is None:
            found.append(ImageMigration(start, end, match.group("reference"), None, f"tag {tag!r} is not a plain AC version"))
            continue
        runtime = versions.runtime_for(plain.group("version"))
        if runtime is None:
            found.append(
                ImageMigration(start, end, match.group("reference"), None, f"AC {plain.group('version')} has no Astro Runtime equivalent")
            )
            continue
        suffix = "" if plain.group("onbuild") else "-base"
        found.append(ImageMigration(start, end, match.group("reference"), f"{RUNTIME_IMAGE}:{runtime}{suffix}"))
    return found


def edits(found: List[ImageMigration]) -> List[Edit]:
    return [Edit(m.start, m.end, m.new) for m in found if m.new is not None]
