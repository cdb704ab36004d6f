"""Files changed against a git ref: what a pull-request bot runs on."""

from __future__ import annotations

import os
import subprocess
from typing import Set


class GitError(Exception):
    pass


def changed_files(ref: str, cwd: str = ".") -> Set[str]:
    """Absolute paths of files added, copied, modified or renamed since ``ref``, plus untracked ones.

    ``ref`` comes from the command line (often from a pull-request event), so it is
    never handed to git where an option could go: it is resolved to a commit id
    after ``--end-of-options`` first, and only that id is used afterwards.  A ref
    such as ``--output=FILE`` is therefore an unknown commit, not an option.
    """
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()  # no argument of ours: nothing to end
    commit = resolve_commit(ref, top)
    changed = _git(["diff", "--name-only", "--diff-filter=ACMR", "-z", "--end-of-options", commit, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--end-of-options"], top)
    names = [n for n in (changed + untracked).split("\0") if n]
    return {os.path.realpath(os.path.join(top, name)) for name in names}


def resolve_commit(ref: str, cwd: str) -> str:
    """The commit id ``ref`` names, or GitError in one line (git 2.24+ for ``--end-of-options``)."""
    if not ref or "\0" in ref or "\n" in ref:
        raise GitError("not a commit in this repository")
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd).strip()
    except GitError:
        raise GitError("not a commit in this repository") from None
    if not commit or not all(c in "0123456789abcdef" for c in commit):
        raise GitError("not a commit in this repository")
    return commit


def _git(arguments, cwd: str) -> str:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, check=False,
            encoding="utf-8", errors="surrogateescape",  # file names need not be UTF-8
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if completed.returncode != 0:
        message = " ".join(completed.stderr.split()) or f"git {' '.join(arguments)} failed"
        raise GitError(message)
    return completed.stdout
