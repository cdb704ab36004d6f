"""An Astronomer Certified image reference  ->  the Astro Runtime image that replaces it, or why none does.

Houston change: a Deployment is migrated to Runtime when an image of its new
Runtime version is deployed (Software docs, migrate-to-runtime, step 2:
``FROM quay.io/astronomer/astro-runtime:5.0.4``); the Runtime version is the
equivalent of the AC version (shared/houston ac-runtime-equivalence.json: the
highest Runtime release shipping the same Airflow version, what ``astro
deployment runtime migrate`` picks).  Shared by the Dockerfile rule and the
compose / CI rule, so an image maps the same way wherever it is pinned.

AC tag forms, and the evidence for each mapping (astronomer/ap-airflow at
f18bbcf8: README "Docker images"; ``.circleci/config.yml.j2`` and commits
b4f9330 "Drop distro name from image tags for AC 2.2.0+", 85de5ab "Re-add
symlinks to produce buster images for 2.2.0 and 2.2.1"; ca088d7
``scripts/build-alt-py-version.sh``):

* ``X.Y.Z[-N]-onbuild`` -> ``astro-runtime:R``: both run the ONBUILD steps
  (ap-airflow README: the only difference between the two AC variants is the
  ONBUILD copy of packages.txt, requirements.txt and the project; Runtime's
  default image does the same, its ``-base`` image does not).
* ``X.Y.Z[-N]`` -> ``astro-runtime:R-base``: neither runs them.
* ``X.Y.Z[-N]-buster[-onbuild]`` for Airflow 2.2 and later -> the same as
  without ``-buster``: from AC 2.2.0 the default image is Debian bullseye and
  ``-buster`` was a compatibility build of the same AC release, kept because
  the platform had "buster" hard-coded (ap-airflow 85de5ab); Runtime is
  Debian-based too (Runtime lifecycle docs), so the OS family is kept.
  ``-bullseye`` (the default distribution spelt out) maps the same way.
* Airflow 1.x (``1.10.x``, all ``-alpine3.10`` images: Alpine builds stopped
  with 1.10.12, ap-airflow b4f9330): review, no Runtime exists for Airflow 1;
  the docs' upgrade path goes through an AC 2.x first ("AC 2.2.3 > AC 2.3.0 >
  Astro Runtime 5.0.4").
* AC 2.0 / 2.1: review, no Runtime equivalent on Software (the equivalence
  table starts at Airflow 2.2.0).
* ``-pythonX.Y``: review.  Those images were never published: ap-airflow's
  ``build-alt-py-version.sh`` built them locally ("unofficial") on another
  Python; Runtime 4 to 6, the releases with AC's Airflow versions, publish one
  Python per release (per-Python Runtime distributions start with Runtime 9,
  docs "customize-dockerfile"), so the Python version cannot be kept.
* development and nightly builds (``-dev``, ``.dev``, ``-nightly-...``), digests,
  tags taken from build arguments, mirrors outside Astronomer's registries:
  review, with the reason.

The Runtime release always ships the AC image's own Airflow version, so this
never downgrades Airflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from ..model import INFO, WARNING, Edit, Finding
from ..versions import AC_VERSION, VersionTable

RUNTIME_IMAGE = "quay.io/astronomer/astro-runtime"
MIGRATE_CODE = "migrate-ac-image"
REVIEW_CODE = "review-ac-image"

# Astronomer's own AC repositories: Quay's ``astronomer`` (documented) and Docker Hub's
# ``astronomerinc`` (the old home), under each spelling of Docker Hub (none, docker.io,
# index.docker.io, registry-1.docker.io, registry.hub.docker.com).  Red team 17 (report 13), F3:
# Docker Hub's ``astronomer`` namespace (``astronomer/ap-airflow``, ``docker.io/astronomer/...``) is
# another namespace than Quay's, and nothing shows Astronomer published AC there, so it is reviewed
# as a mirror like ``ghcr.io/astronomer``, never silently moved to quay.io; one verdict per registry,
# whatever its spelling.
_DOCKER_HUB = r"(?:(?:docker\.io|index\.docker\.io|registry-1\.docker\.io|registry\.hub\.docker\.com)/)?"
OFFICIAL_REPOSITORY = re.compile(r"(?:quay\.io/astronomer|" + _DOCKER_HUB + r"astronomerinc)/ap-airflow")
# An image reference whose repository's last component is ap-airflow.  Linear: one pass, no nesting.
# Never starting right after "${": in ${IMG-quay.io/...} the name IMG is not part of a registry
# (IMG-quay.io); the default after ${NAME- is found by :func:`reference_spans`.
_REFERENCE_BODY = (
    r"(?P<repository>(?:\w[\w.-]*(?::\d+)?/)*ap-airflow)(?![\w.-])"
    r"(?::(?P<tag>(?:[\w.-]|\$\{\w+\}|\$\w+)+)?)?(?P<digest>@[\w:]+)?"
)
# Red team 10, F1: an image right after a transport scheme (skopeo/crane ``docker://``, buildx
# ``docker-image://``) is a reference too; a ``/`` before it is otherwise part of a longer path.
# Fixed-width lookbehinds only: linear.
REFERENCE = re.compile(
    r"(?:(?<![\w./])|(?<=docker://)|(?<=docker-image://))(?<![\w.-]-)(?<!\$\{)" + _REFERENCE_BODY
)
# The default of ${NAME-<reference>} (a plain "-" after the name, which REFERENCE's own start rule
# refuses so that foo-quay.io/... is not read as quay.io/...).  Linear: the body is REFERENCE's.
_DASH_DEFAULT = re.compile(r"\$\{\w+-" + _REFERENCE_BODY)
TAG = AC_VERSION  # the one AC version grammar (versions.py), shared with version arguments


@dataclass
class ImageMigration:
    start: int  # file offsets of the bytes to replace (the image reference)
    end: int
    old: str
    new: Optional[str]  # None: needs review
    reason: str = ""  # why not (review), or what to know (migration)
    code: str = ""  # overrides the finding code
    # The bytes written over [start, end) when they are not ``new`` itself: a reference split by a
    # Dockerfile line continuation keeps the continuation (red team 7, F9).
    replacement: Optional[str] = None

    @property
    def written(self) -> str:
        return self.new if self.replacement is None else self.replacement

    def finding(self, source_file) -> Finding:
        line, column = source_file.line_col(self.start)
        end_line, end_column = source_file.line_col(self.end)
        if self.new is None:
            message = f"{self.old}: {self.reason}"
            return Finding(
                source_file.path, line, column, end_line, end_column, WARNING, self.code or REVIEW_CODE, message
            )
        message = f"{self.old} is an Astronomer Certified image; use {self.new}"
        if self.reason:
            message += f" ({self.reason})"
        fix = (Edit(self.start, self.end, self.written),)
        finding = Finding(
            source_file.path, line, column, end_line, end_column, INFO, self.code or MIGRATE_CODE, message, fix
        )
        from .context import fix_lines

        finding.fix_lines = fix_lines(source_file, fix)
        return finding


def runtime_reference(reference: str, versions: VersionTable) -> Tuple[Optional[str], str]:
    """``quay.io/astronomer/ap-airflow:2.3.4-11-onbuild`` -> (``quay.io/astronomer/astro-runtime:5.5.0``, note).

    (None, reason) when a person has to choose.
    """
    match = REFERENCE.fullmatch(reference)
    if match is None:
        return None, "not an image reference this tool can read: choose an Astro Runtime image by hand"
    tag, digest = match.group("tag"), match.group("digest")
    if digest:
        return None, "pinned by digest: choose the Astro Runtime image (and its digest) by hand"
    if not tag:
        return None, "no AC version in the tag: choose an Astro Runtime image by hand"
    if "$" in tag:
        return None, "the tag comes from a build argument: choose an Astro Runtime image by hand"
    runtime, note = runtime_tag(tag, versions)
    if runtime is None:
        return None, note
    new = f"{RUNTIME_IMAGE}:{runtime}"
    if not OFFICIAL_REPOSITORY.fullmatch(match.group("repository")):
        return None, f"not Astronomer's registry (a mirror?): point it at a copy of {new}"
    return new, note


def runtime_tag(tag: str, versions: VersionTable) -> Tuple[Optional[str], str]:
    """An AC tag -> (Runtime tag, note), or (None, the true reason none is chosen).

    The tag is read and decided by ``VersionTable.mapping``, the policy a version
    argument's value goes through too; only the image variant (``-onbuild``) and
    the note about ``-buster`` are the image's own.
    """
    mapped = versions.mapping(tag)
    if mapped.runtime is None:
        if mapped.kind == "form":
            return None, f"tag {tag!r} is not a form AC published: choose an Astro Runtime image by hand"
        return None, mapped.reason
    parsed = mapped.parsed
    suffix = "" if parsed.group("onbuild") else "-base"
    note = ""
    if parsed.group("distro") == "buster":
        note = "AC's -buster build was the same release on Debian buster; Runtime is Debian-based too"
    return f"{mapped.runtime}{suffix}", note


def references(text: str) -> List[re.Match]:
    return list(REFERENCE.finditer(text))


def reference_spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, reference) of every AC image reference in ``text``, in order, the default of a
    ``${NAME-<reference>}`` included (its span is the reference's alone, never the name's)."""
    spans = [(m.start(), m.end(), m.group()) for m in REFERENCE.finditer(text)]
    if "${" in text:
        spans.extend((m.start("repository"), m.end(), text[m.start("repository"):m.end()])
                     for m in _DASH_DEFAULT.finditer(text))
        spans.sort()
    return spans


def edits(found: List[ImageMigration]) -> List[Edit]:
    return [Edit(m.start, m.end, m.written) for m in found if m.new is not None]
