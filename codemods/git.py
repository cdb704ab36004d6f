"""Files changed against a git ref: what a pull-request bot runs on."""

from __future__ import annotations

import os
import subprocess
from typing import Optional, Set


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


def project_files(top: str) -> Optional[Set[str]]:
    """The files of the work tree at ``top`` git does not ignore (tracked, and untracked but not
    ignored), as normalised paths under ``top``; None when git cannot say (no git, not a work
    tree, too slow).  What a run's context is read from: a build folder, a virtualenv or a
    benchmark corpus the repository ignores is not the project's code.  No argument of ours
    reaches git; the repository's fsmonitor hook is not run, and the call has a deadline."""
    try:
        listed = _git(
            ["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            top, timeout=PROJECT_LISTING_SECONDS,
        )
    except GitError:
        return None
    return {os.path.normpath(os.path.join(top, name)) for name in listed.split("\0") if name}


PROJECT_LISTING_SECONDS = 30


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


def _git(arguments, cwd: str, timeout: Optional[float] = None) -> str:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, capture_output=True, check=False, timeout=timeout,
            encoding="utf-8", errors="surrogateescape",  # file names need not be UTF-8
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {arguments[-1]} took more than {timeout:g} s") from None
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if completed.returncode != 0:
        message = " ".join(completed.stderr.split()) or f"git {' '.join(arguments)} failed"
        raise GitError(message)
    return completed.stdout
