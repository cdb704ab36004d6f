"""Which YAML files of a repository are GitLab CI files because a ``.gitlab-ci.yml`` includes them.

Red team 14 (report 13), F9: GitLab merges the files of ``include: local:`` into the pipeline
(``include: [{local: /ci/templates.yml}]``, ``include: ci/jobs.yml``), so the ``image:`` of a job
or template written there runs exactly as if it were written in ``.gitlab-ci.yml``.  The tool read
those files only for their variables and templates; an AC image in them was neither migrated nor
reviewed.  They are CI files too: :func:`included_by_gitlab` tells :func:`files.file_kind` so, and
they are then read with the same rules (grammar "gitlab"), edited only in their own bytes.

A file is included when a ``.gitlab-ci.yml`` in its folder or a folder above it, up to the git work
tree's root, names it by ``local:`` (or a plain string that is not a URL), directly or through
another included file (at most :data:`MAX_INCLUDES` files per ``.gitlab-ci.yml``).  A path with a
``$`` is not followed (which files it names is not decided here).  Red team 28, report 11b, f9: a wildcard path
(``local: '.gitlab/ci/*.yml'``, ``**`` too, as GitLab expands it) names the YAML files it matches inside the
repository, sorted, at most :data:`MAX_INCLUDES` in all: a job there reading the Dockerfile was not seen.  Each
``.gitlab-ci.yml`` is read once per content (size and modification time key the memo).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import FrozenSet, Optional

MAX_INCLUDES = 16
MAX_GLOB_MATCHES = 256  # files one wildcard include is matched against
MAX_BYTES = 1024 * 1024
MAX_LEVELS = 32  # folders looked at above a file for a .gitlab-ci.yml
GITLAB_CI = ".gitlab-ci.yml"


def included_by_gitlab(path: str) -> Optional[str]:
    """The ``.gitlab-ci.yml`` that includes the YAML file ``path`` (``include: local:``), or None."""
    target = os.path.normpath(os.path.abspath(path))
    folder = os.path.dirname(target)
    for _level in range(MAX_LEVELS):
        candidate = os.path.join(folder, GITLAB_CI)
        key = _key(candidate)
        if key is not None and candidate != target and target in _included(candidate, *key):
            return candidate
        if os.path.lexists(os.path.join(folder, ".git")):
            return None  # the work tree's root: nothing above includes this repository's files
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent
    return None


def local_includes(gitlab_ci: str) -> FrozenSet[str]:
    """Every file ``gitlab_ci`` includes by ``local:`` (absolute paths), nested includes too; empty when it
    cannot be read.  The shell steps there are the pipeline's (red team 19, F1: :mod:`.sources.outside_writers`)."""
    key = _key(gitlab_ci)
    return frozenset() if key is None else _included(gitlab_ci, *key)


def _key(path: str):
    from .files import regular_file_state

    return regular_file_state(path, MAX_BYTES)


@lru_cache(maxsize=256)
def _included(gitlab_ci: str, _size: int, _mtime: int) -> FrozenSet[str]:
    """Every file ``gitlab_ci`` includes by ``local:``, nested includes too (paths from its folder)."""
    root = os.path.dirname(gitlab_ci)
    found = []
    queue = [gitlab_ci]
    while queue and len(found) < MAX_INCLUDES:
        current = queue.pop(0)
        for local in _locals(_read(current)):
            for candidate in _expanded(root, local.strip().lstrip("/")):
                if not candidate.startswith(root + os.sep) or candidate in found or candidate == gitlab_ci:
                    continue
                if _key(candidate) is None:
                    continue
                found.append(candidate)
                queue.append(candidate)
                if len(found) >= MAX_INCLUDES:
                    break
            if len(found) >= MAX_INCLUDES:
                break
    return frozenset(found)


def _expanded(root: str, local: str):
    """The files an include path names from ``root``: itself, or (a wildcard: red team 28, report 11b, f9) the
    YAML files it matches, ``**`` across folders as GitLab does, sorted; at most :data:`MAX_INCLUDES`."""
    if not any(c in local for c in "*?["):
        return [os.path.normpath(os.path.join(root, local))]
    import glob

    matches = glob.iglob(os.path.join(glob.escape(root), local), recursive=True)
    kept = []
    for match in matches:  # bounded: the walk stops once enough files are seen (the first in name order kept)
        if match.lower().endswith((".yml", ".yaml")) and os.path.isfile(match):
            kept.append(os.path.normpath(match))
            if len(kept) >= MAX_GLOB_MATCHES:
                break
    return sorted(kept)[:MAX_INCLUDES]


def _read(path: str) -> Optional[str]:
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _locals(text: Optional[str]):
    """The ``local:`` paths of a CI file's top-level ``include:`` (a string, a list, or mappings)."""
    if not text or "include" not in text:
        return []
    import yaml

    try:
        top = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return []
    if not isinstance(top, yaml.MappingNode):
        return []
    include = next((v for k, v in top.value if isinstance(k, yaml.ScalarNode) and k.value == "include"), None)
    items = include.value if isinstance(include, yaml.SequenceNode) else [include] if include is not None else []
    paths = []
    for item in items:
        value = None
        if isinstance(item, yaml.ScalarNode) and "://" not in item.value:
            value = item.value
        elif isinstance(item, yaml.MappingNode):
            value = next(
                (v.value for k, v in item.value
                 if isinstance(k, yaml.ScalarNode) and k.value == "local" and isinstance(v, yaml.ScalarNode)),
                None,
            )
        if value and "$" not in value and value.lower().endswith((".yml", ".yaml")):
            paths.append(value)
    return paths
