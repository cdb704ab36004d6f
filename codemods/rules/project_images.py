"""Which rule reads which image-pinning file, and the check a rewritten one must pass.

Dockerfiles go to :mod:`dockerfile_from`, compose and CI YAML to
:mod:`compose_ci_images`; both map images through :mod:`ac_images`.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from typing import List, Optional

from ..ignore_header import IGNORE_MARKER, file_ignored, marked_comment_lines, unit_spans
from ..versions import VersionTable
from . import compose_ci_images, dockerfile_from
from .ac_images import ImageMigration, edits

__all__ = ["migrations", "edits", "rewrite_problem", "parse_problem"]


def migrations(kind: str, source_file, versions: VersionTable, readers=None) -> List[ImageMigration]:
    """Every AC image of the file; ``readers``: the run's scripts that open this file and handle its AC
    image text (:mod:`sources.image_readers`), which make every edit a review naming them (red team 12, F9)."""
    if kind == "dockerfile":
        found = dockerfile_from.migrations(source_file.text, versions, source_file.path)
    else:
        found = compose_ci_images.migrations(
            source_file.text, versions, grammar(kind, source_file.path), source_file.path
        )
    found = _not_ignored(source_file.text, found, kind, source_file.path)
    if readers:
        from ..sources.image_readers import review_reason

        reason = review_reason(readers)
        found = [
            m if m.new is None else ImageMigration(m.start, m.end, m.old, None, reason.replace("{new}", m.new))
            for m in found
        ]
    return found


def _not_ignored(text: str, found: List[ImageMigration], kind: str, path: Optional[str] = None) -> List[ImageMigration]:
    """Drop what a ``# houston-codemod: ignore`` comment skips, as for Python literals and ``.graphql``
    files (red team 13, F8): the marker in the comment and blank lines that open the file skips every
    image of it; on an image's own line or the line above, that image.  Dockerfiles, compose and CI YAML
    all take ``#`` comments, so a user can pin an AC image on purpose (a legacy stage).  "The top" is
    :func:`ignore_header.file_ignored`'s, the same for every kind (a YAML ``---`` is preamble)."""
    if not found:
        return found
    if IGNORE_MARKER.search(text) is None:
        file_grammar = grammar(kind, path) if kind != "dockerfile" else ""
        if file_grammar in ("gitlab", "compose") and any(m.new is not None for m in found):
            # red team 19 (report 19), F2: an ignored job of the .gitlab-ci.yml including this file, or an
            # ignored service of the compose file extending one of its services
            return _held_for_ignored(text, found, file_grammar, frozenset(), path)
        return found
    if file_ignored(text, "dockerfile" if kind == "dockerfile" else "yaml"):
        return []
    starts = [0] + [newline.end() for newline in re.finditer("\n", text)]
    marked = set()
    # red team 17 (report 13), F8b: only a real comment of the file's grammar (not a RUN echo, a
    # quoted label value or a block scalar's line that mentions the marker)
    grammar_kind = "dockerfile" if kind == "dockerfile" else "yaml"
    comments = marked_comment_lines(text, grammar_kind)
    for number in comments:
        marked.update((number, number + 1))  # its own line and the one below
    # red team 18 (report 13), F2: and every line of the instruction (``FROM \`` / ``ARG IMAGE=\``
    # then the image) or the YAML entry (a job key, ``container:``, ``image:`` with the value below)
    # that starts there
    for first, last in unit_spans(text, grammar_kind, comments):
        marked.update(range(first, last + 1))
    if kind == "dockerfile":
        # Docker has no trailing comments (a "#" after an instruction is an argument), so
        # ``FROM <AC> AS legacy  # houston-codemod: ignore`` is the only way to mark the image on its
        # own line: honoured for that line alone, never the one below (RUN echo "# ..." above a FROM)
        marked.update(bisect_right(starts, hit.start()) - 1 for hit in IGNORE_MARKER.finditer(text))
    kept = [m for m in found if bisect_right(starts, m.start) - 1 not in marked]
    if kind != "dockerfile" and marked and any(m.new is not None for m in kept):
        kept = _held_for_ignored(text, kept, grammar(kind, path), marked, path)
    return kept


def _held_for_ignored(
    text: str, found: List[ImageMigration], file_grammar: str, marked, path: Optional[str] = None
) -> List[ImageMigration]:
    """Red team 19 (report 19), F2: an edit of an image an ignored service or job inherits (a ``<<`` merge,
    ``extends:``, GitLab's ``default: image:``) would change that service or job too: a review instead
    (:mod:`ignored_inheritance`)."""
    from .ignored_inheritance import held_spans

    merged: List[list] = []  # nested or overlapping spans (a scalar in an anchored mapping) merged: disjoint, sorted
    for start, end, why in sorted(held_spans(text, file_grammar, marked, path)):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, why])
    if not merged:
        return found
    firsts = [span[0] for span in merged]
    result = []
    for migration in found:
        reason = None
        at = bisect_right(firsts, migration.start) - 1
        if migration.new is not None and at >= 0 and migration.end <= merged[at][1]:
            reason = merged[at][2]
        if reason is None:
            result.append(migration)
        else:
            text_reason = reason.replace("{old}", migration.old).replace("{new}", migration.new)
            result.append(ImageMigration(migration.start, migration.end, migration.old, None, text_reason))
    return result


def parse_problem(kind: str, source_file, found: List[ImageMigration]) -> Optional[str]:
    """Why a compose or CI file the tool would act on (it holds an AC image the rules found, not all
    skipped by an ignore comment) does not parse as YAML, or None: that file is bad input, one line
    and exit 2, like a Python file that does not parse (red team 15, report 13, F7)."""
    if kind == "dockerfile" or not found:
        return None
    return compose_ci_images.parse_problem(source_file.text, found)


def grammar(kind: str, path: Optional[str]) -> str:
    """How a compose or CI file expands ``$`` in an image value (see :func:`compose_ci_images.migrations`)."""
    if kind == "compose":
        return "compose"
    if path and os.path.basename(path).lower() == ".gitlab-ci.yml":
        return "gitlab"
    if path and kind == "ci":
        from ..gitlab_includes import included_by_gitlab

        if included_by_gitlab(path):  # a file a .gitlab-ci.yml includes (red team 14, F9)
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
    again = _not_ignored(new_text, again, kind, source_file.path)
    if any(m.new is not None for m in again):
        return "the rewritten file would still hold an AC image to migrate"
    return None
