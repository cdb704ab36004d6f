"""Which rule reads which image-pinning file, and the check a rewritten one must pass.

Dockerfiles go to :mod:`dockerfile_from`, compose and CI YAML to
:mod:`compose_ci_images`; both map images through :mod:`ac_images`.
"""

from __future__ import annotations

import os
from typing import List, Optional

from ..versions import VersionTable
from . import compose_ci_images, dockerfile_from
from .ac_images import ImageMigration, edits

__all__ = ["migrations", "edits", "rewrite_problem"]


def migrations(kind: str, source_file, versions: VersionTable, readers=None) -> List[ImageMigration]:
    """Every AC image of the file; ``readers``: the run's scripts that open this file and handle its AC
    image text (:mod:`sources.image_readers`), which make every edit a review naming them (red team 12, F9)."""
    if kind == "dockerfile":
        found = dockerfile_from.migrations(source_file.text, versions, source_file.path)
    else:
        found = compose_ci_images.migrations(
            source_file.text, versions, grammar(kind, source_file.path), source_file.path
        )
    if readers:
        from ..sources.image_readers import review_reason

        reason = review_reason(readers)
        found = [
            m if m.new is None else ImageMigration(m.start, m.end, m.old, None, reason.replace("{new}", m.new))
            for m in found
        ]
    return found


def grammar(kind: str, path: Optional[str]) -> str:
    """How a compose or CI file expands ``$`` in an image value (see :func:`compose_ci_images.migrations`)."""
    if kind == "compose":
        return "compose"
    if path and os.path.basename(path).lower() == ".gitlab-ci.yml":
        return "gitlab"
    return "none"


def rewrite_problem(kind: str, source_file, new_text: str, versions: VersionTable) -> Optional[str]:
    """Why the rewritten text must not be written, or None.

    The rewrite must be a fixed point (nothing left to migrate where an edit
    was made) and, for a Dockerfile, keep every instruction: an edit only
    ever replaces one image reference by another.
    """
    if kind == "dockerfile":
        from ..sources.dockerfile import instructions

        before = [i.keyword for i in instructions(source_file.text)]
        after = [i.keyword for i in instructions(new_text)]
        if before != after:
            return "the rewritten Dockerfile would not have the same instructions"
        again = dockerfile_from.migrations(new_text, versions, None)
    else:
        again = compose_ci_images.migrations(new_text, versions, grammar(kind, source_file.path), source_file.path)
    if any(m.new is not None for m in again):
        return "the rewritten file would still hold an AC image to migrate"
    return None
