"""File names as GitHub reads them: relative to the repository's checkout, not to where the tool ran.

GitHub resolves a workflow command's ``file=`` and a SARIF result's relative ``artifactLocation``
from the top of the checkout (``GITHUB_WORKSPACE``).  A step with ``working-directory: scripts``
printed ``file=deploy.py``, so the annotation and the code-scanning alert landed on another file
or on none (red team 20, report 11a, F5), while ``review`` already named ``scripts/deploy.py``.
Outside GitHub Actions (no ``GITHUB_WORKSPACE``), or for a file outside the checkout, names stay as
the run found them.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Optional


def in_workspace(path: str) -> str:
    """``path`` relative to ``GITHUB_WORKSPACE`` with ``/`` separators when it lies inside it, else ``path``."""
    workspace = os.environ.get("GITHUB_WORKSPACE", "")
    if not workspace:
        return path
    relative = _relative(path, workspace, os.getcwd())
    return path if relative is None else relative


@lru_cache(maxsize=4096)
def _relative(path: str, workspace: str, cwd: str) -> Optional[str]:
    try:
        full = os.path.realpath(os.path.join(cwd, path))
        top = os.path.realpath(workspace)
    except (OSError, ValueError):
        return None
    if full == top or not full.startswith(top.rstrip(os.sep) + os.sep):
        return None
    return os.path.relpath(full, top).replace(os.sep, "/")
