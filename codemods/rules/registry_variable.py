"""An AC image whose registry comes from a variable: ``${REG:-quay.io}/astronomer/ap-airflow:2.3.4``.

Houston change: as for every AC image (:mod:`ac_images`), the project must
run the Runtime image of its Deployment's Runtime version (Software docs,
migrate-to-runtime, step 2: ``FROM quay.io/astronomer/astro-runtime:5.0.4``).
Here only the registry is a variable; the repository path and the tag are
literal, so the image's identity is known up to where it is pulled from.

One decision, the same in compose files, CI files that expand ``$VAR``,
Dockerfile ``FROM`` and Dockerfile ``ARG`` defaults:

* the path is exactly ``astronomer/ap-airflow`` with a literal tag, and the
  registry's value without overrides is ``quay.io`` (``${REG:-quay.io}``,
  ``${REG-quay.io}``, ``ARG REG=quay.io``) or there is no default at all
  (``$REG``, ``${REG}``, ``${REG:?msg}``, ``ARG REG`` with no value): the
  ``ap-airflow:TAG`` characters become ``astro-runtime:R[-base]`` (the tag
  mapping of :mod:`ac_images`) and the registry part stays byte for byte.
  Evidence: Astronomer publishes AC and Runtime side by side under
  ``quay.io/astronomer/`` (ap-airflow README "Docker images"; Runtime image
  ``quay.io/astronomer/astro-runtime``, Software docs), so with the default
  the result is the documented Runtime image.  The finding notes that a
  mirror named by the variable must carry ``astronomer/astro-runtime``.
* any other default (a mirror, ``docker.io``: Runtime is documented on
  quay.io only), a replacement (``${REG:+...}``: the registry when REG is
  set), a default that is itself interpolated, another path or no literal
  tag: review, naming the Runtime image to copy to the mirror or use.
* GitLab's predefined registries (``$CI_REGISTRY``, ``$CI_REGISTRY_IMAGE``,
  ``$CI_DEPENDENCY_PROXY_*``) have no default in the file but are always set
  by GitLab to the project's registry or the Docker Hub proxy, never quay.io
  (red team 9, F7): review, unless the project sets the variable itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..versions import VersionTable
from .ac_images import RUNTIME_IMAGE, runtime_tag

MAY_BE_SET = "may be set by "  # image_variables.Known.where of a value the tool cannot read

# The literal text right after the registry variable.  Linear: no nesting.
SUFFIX = re.compile(r"/astronomer/(?P<image>ap-airflow(?::(?P<tag>[\w.-]+))?)")
# "ap-airflow" as a repository's last component (not ap-airflow-custom): an AC image some
# form of reference around it did not cover, such as ${REG}/astronomer/ap-airflow.
NAMES_AC_REPOSITORY = re.compile(r"(?<![\w.-])ap-airflow(?![\w.-])")
ASTRONOMER_REGISTRY = "quay.io"
NO_DEFAULT = None
# GitLab's predefined registry variables (GitLab docs, "Predefined CI/CD variables"): the project's
# own container registry and the Dependency Proxy (a cache of Docker Hub). Neither is ever quay.io,
# and GitLab sets them in every job, so a default written beside them is not what a job pulls.
GITLAB_REGISTRIES = frozenset({"CI_REGISTRY", "CI_REGISTRY_IMAGE"})
GITLAB_PROXY_PREFIX = "CI_DEPENDENCY_PROXY_"


def gitlab_registry(variable: str) -> bool:
    """Is ``variable`` one of the registries GitLab itself sets in a job (red team 9, F7)?"""
    return variable in GITLAB_REGISTRIES or variable.startswith(GITLAB_PROXY_PREFIX)


@dataclass
class RegistryVerdict:
    start: int  # offsets of "ap-airflow[:TAG]" in the text given to :func:`decide`
    end: int
    old: str
    new: Optional[str]  # "astro-runtime:R[-base]", or None: review
    reason: str


def decide(after: str, variable: str, default: Optional[str], replacement: bool, versions: VersionTable,
           default_is_literal: bool = True, value_from: Optional[str] = None) -> Optional[RegistryVerdict]:
    """The verdict for ``<registry variable><after>``, or None when ``after`` is not ``/astronomer/ap-airflow...``.

    ``default`` is the registry's value with nothing set (None: no default);
    ``replacement`` says the registry is a ``${REG:+...}`` replacement.  ``value_from`` names where
    ``default`` was set when the project itself sets the variable (``.env``, GitLab ``variables:``,
    :mod:`image_variables`): that value is the registry, and the verdict says where it came from.
    """
    match = SUFFIX.fullmatch(after)
    if match is None:
        return None
    start, end = match.span("image")
    old = match.group("image")
    tag = match.group("tag")
    where = f"the registry comes from {variable}"
    if not tag:
        return RegistryVerdict(start, end, old, None, f"{where} and the tag is missing: choose an Astro Runtime image by hand")
    runtime, note = runtime_tag(tag, versions)
    if runtime is None:
        return RegistryVerdict(start, end, old, None, f"{where}; {note}")
    target = f"{RUNTIME_IMAGE}:{runtime}"
    use = f"use astro-runtime:{runtime} in place of {old}"
    if replacement:
        reason = f"{where} as a replacement used when it is set (a mirror?): {use} and have it carry a copy of {target}"
        return RegistryVerdict(start, end, old, None, reason)
    if value_from is None and gitlab_registry(variable):
        what = "the Dependency Proxy (a Docker Hub cache)" if variable.startswith(GITLAB_PROXY_PREFIX) else (
            "the project's GitLab container registry")
        reason = (
            f"{where}, which GitLab sets to {what}, never quay.io: {use} only once that registry carries a copy "
            f"of {target}, or pull {target} directly"
        )
        return RegistryVerdict(start, end, old, None, reason)
    if not default_is_literal and value_from and value_from.startswith(MAY_BE_SET):
        # red team 11, F3: a file GitLab merges in that the tool cannot read (or a job extended from one)
        reason = f"{where}, which {value_from} (a mirror?): choose by hand ({target}, or a mirror's copy of it)"
        return RegistryVerdict(start, end, old, None, reason)
    if not default_is_literal:
        what = f"whose value in {value_from}" if value_from else "whose default"
        reason = f"{where}, {what} is itself interpolated: choose by hand ({target}, or a mirror's copy of it)"
        return RegistryVerdict(start, end, old, None, reason)
    if default is not NO_DEFAULT and default != ASTRONOMER_REGISTRY:
        shown = f"set to {default!r} in {value_from}" if value_from else f"default {default!r}"
        reason = f"{where}, {shown} (a mirror registry?): {use} and have it carry a copy of {target}"
        return RegistryVerdict(start, end, old, None, reason)
    shown = "no default" if default is NO_DEFAULT else f"default {ASTRONOMER_REGISTRY}"
    if value_from:
        shown = f"set to {ASTRONOMER_REGISTRY} in {value_from}"
    info = f"{where} ({shown}): a mirror it names must carry astronomer/astro-runtime:{runtime}"
    if note:
        info += f"; {note}"
    return RegistryVerdict(start, end, old, f"astro-runtime:{runtime}", info)
