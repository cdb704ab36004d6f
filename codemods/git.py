"""Files changed against a git ref: what a pull-request bot runs on."""

from __future__ import annotations

import os
import subprocess
from typing import Set


class GitError(Exception):
    pass


def changed_files(ref: str, cwd: str = ".") -> Set[str]:
    """Absolute paths of files added, copied, modified or renamed since ``ref``, plus untracked ones."""
    top = _git(["rev-parse", "--show-toplevel"], cwd).strip()
    changed = _git(["diff", "--name-only", "--diff-filter=ACMR", "-z", ref, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = [n for n in (changed + untracked).split("\0") if n]
    return {os.path.realpath(os.path.join(top, name)) for name in names}


def _git(arguments, cwd: str) -> str:
    try:
        completed = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if completed.returncode != 0:
        message = " ".join(completed.stderr.split()) or f"git {' '.join(arguments)} failed"
        raise GitError(message)
    return completed.stdout
