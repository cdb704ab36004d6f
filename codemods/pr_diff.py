"""A pull request's diff, the way GitHub computes it: base...head, from the merge base.

GitHub's "create a review" endpoint accepts a line comment only on a line the
pull request's diff shows (an added or a context line on the RIGHT side), and a
multi-line comment only when both ends lie in one hunk.  To know those lines we
ask git for ``git diff MERGE_BASE HEAD`` (committed history only: the working
tree is not what the pull request shows) with three lines of context, as
GitHub does, and parse the hunks with ``unidiff``.

Paths here are relative to the repository root, which is what GitHub wants,
whichever directory the command runs from.  Every git call passes
``--end-of-options`` so that a ref can never be read as an option, and
neutralises the person's diff configuration (external diff drivers, textconv,
prefixes, colour, quoted paths) that would change the text we parse.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

from .git import GitError

CONTEXT_LINES = 3  # GitHub shows three lines of context around each change


@dataclass
class PullRequestDiff:
    """Which lines of which files a pull request's diff shows on the RIGHT side."""

    root: str  # absolute path of the repository's top directory
    base: str = ""  # the merge base's commit id
    head: str = ""  # HEAD's commit id: the commit the review is about
    # Repository-relative path -> the RIGHT-side line ranges of its hunks, [first, last].
    hunks: Dict[str, List[Tuple[int, int]]] = field(default_factory=dict)

    def relative(self, path: str) -> Optional[str]:
        """``path`` (relative to the current directory, or absolute) as a repository path; None outside it."""
        full = os.path.realpath(path)
        root = os.path.realpath(self.root)
        if full != root and not full.startswith(root.rstrip(os.sep) + os.sep):
            return None
        return os.path.relpath(full, root).replace(os.sep, "/")

    def hunk_containing(self, path: str, first: int, last: int) -> Optional[Tuple[int, int]]:
        """The hunk that shows every line from ``first`` to ``last``, if one does."""
        for start, end in self.hunks.get(path, ()):
            if start <= first and last <= end:
                return start, end
        return None

    def shown(self, path: str, line: int) -> bool:
        return self.hunk_containing(path, line, line) is not None


def pull_request_diff(base_ref: str, cwd: str = ".") -> PullRequestDiff:
    """The diff a pull request from HEAD into ``base_ref`` shows on GitHub."""
    if base_ref.startswith("-") or not base_ref.strip():
        raise GitError(f"{base_ref!r} is not a git ref")
    root = _run(["rev-parse", "--show-toplevel"], cwd).decode("utf-8", "surrogateescape").strip()
    head = _sha(_run(["rev-parse", "--verify", "--end-of-options", "HEAD^{commit}"], root))
    _run(["rev-parse", "--verify", "--end-of-options", f"{base_ref}^{{commit}}"], root)
    try:
        base = _sha(_run(["merge-base", "--end-of-options", base_ref, head], root))
    except GitError:
        raise GitError(
            f"no merge base between {base_ref} and HEAD: fetch the whole history (actions/checkout with fetch-depth: 0)"
        ) from None
    text = _run(
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--find-renames",
            f"--unified={CONTEXT_LINES}",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            "--end-of-options",
            base,
            head,
            "--",
        ],
        root,
    )
    diff = parse(text.decode("utf-8", "replace"), root)
    diff.base, diff.head = base, head
    return diff


def parse(text: str, root: str) -> PullRequestDiff:
    """The RIGHT-side hunks of a ``git diff`` (unified, a/ and b/ prefixes)."""
    from unidiff import PatchSet
    from unidiff.errors import UnidiffParseError

    try:
        patch = PatchSet(text)
    except UnidiffParseError as exc:
        raise GitError(f"cannot read git's diff: {exc}") from None
    diff = PullRequestDiff(root=root)
    for patched in patch:
        if patched.is_removed_file or patched.is_binary_file:
            continue
        path = patched.path
        diff.hunks[path] = [
            (hunk.target_start, hunk.target_start + hunk.target_length - 1) for hunk in patched if hunk.target_length
        ]
    return diff


def _sha(output: bytes) -> str:
    return output.decode("ascii", "replace").strip()


def _run(arguments: List[str], cwd: str) -> bytes:
    command = ["git", "-c", "core.quotePath=false", "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false"]
    try:
        completed = subprocess.run(
            [*command, *arguments], cwd=cwd, capture_output=True, check=False, stdin=subprocess.DEVNULL
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if completed.returncode != 0:
        message = " ".join(completed.stderr.decode("utf-8", "replace").split())
        raise GitError(message or f"git {arguments[0]} failed")
    return completed.stdout
