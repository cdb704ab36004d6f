"""Where ``all-repos-clone`` left the clones: the repository list, or one line saying what to run.

all-repos keeps the list of cloned repositories in ``<output_dir>/repos_filtered.json``
and reads it with a bare ``open``: before the first ``all-repos-clone``, every fleet
command ended in ``internal error: FileNotFoundError``.  Every fleet command asks
here instead, and a missing or unreadable list, or a listed clone that is not
there, is one line naming the path and the command that makes it.
"""

from __future__ import annotations

import json
import os
from typing import Dict, List


class NoClones(Exception):
    """The clones are not there (or not all-repos'): the message says where and what to run."""


def cloned_repos(config, config_filename: str) -> Dict[str, str]:
    """all-repos' ``get_cloned_repos``, with one-line errors."""
    listing = config.repos_filtered_path
    again = f"run all-repos-clone -C {config_filename}"
    try:
        with open(listing, "rb") as file:
            repos = json.loads(file.read())
    except FileNotFoundError:
        if not os.path.isdir(config.output_dir):
            raise NoClones(f"{config.output_dir}: no such folder: no clones yet; {again}") from None
        raise NoClones(f"{listing}: no such file: no clones yet; {again}") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or " ".join(str(exc).split())
        raise NoClones(f"{listing}: cannot read all-repos' repository list ({reason}); {again}") from None
    if not isinstance(repos, dict) or not all(isinstance(name, str) for name in repos):
        raise NoClones(f"{listing}: not all-repos' repository list; {again}")
    return repos


def missing_clones(config, repos: Dict[str, str]) -> List[str]:
    """The clone folders the list names that are not there (a clone removed by hand, a failed clone)."""
    return [
        os.path.join(config.output_dir, name)
        for name in sorted(repos)
        if not os.path.isdir(os.path.join(config.output_dir, name, ".git"))
    ]
