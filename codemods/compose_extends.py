"""Which YAML files are compose files because a compose file's ``extends: file:`` names them.

Red team 14 (report 13), F9 (compose): ``services: web: extends: {file: common-services.yml,
service: airflow}`` makes compose read the service ``airflow`` of ``common-services.yml`` (Docker's
documented pattern), so the ``image:`` written there is the one ``web`` runs.  That file's name is
not a compose file's name, so it was never read: its AC image was neither migrated nor reviewed.
:func:`extended_by_compose` tells :func:`files.file_kind` it is a compose file; it is then read with
the compose rules, edited only in its own bytes.

Looked at: the compose files (``docker-compose*.yml``, ``compose*.yml``) in the file's own folder
(so the ``.env`` read for its variables is the project's), and the files they name by ``extends:
file:`` (relative to the naming file), one level (a file named by an extended file is not followed).  Each compose file is read once per
content (size and modification time key the memo).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import FrozenSet, Optional

MAX_BYTES = 1024 * 1024
MAX_FILES = 64  # compose files looked at in one folder
_SUFFIXES = (".yml", ".yaml")


def extended_by_compose(path: str) -> Optional[str]:
    """The compose file whose ``extends: file:`` names the YAML file ``path``, or None."""
    target = os.path.normpath(os.path.abspath(path))
    folder = os.path.dirname(target)
    for where in (folder,):  # the project's folder: its .env is the one beside this file too
        try:
            changed = os.stat(where).st_mtime_ns
        except (OSError, ValueError):
            continue
        for name in _compose_names(where, changed):
            candidate = os.path.join(where, name)
            key = _key(candidate)
            if key is not None and candidate != target and target in _extended(candidate, *key):
                return candidate
    return None


@lru_cache(maxsize=1024)
def _compose_names(folder: str, _changed: int) -> tuple:
    """The compose files of ``folder`` (listed once per folder state: a folder of many YAML files
    is listed once, not once per file)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return ()
    lowered = [(n, n.lower()) for n in names]
    return tuple(n for n, low in lowered if low.startswith(("docker-compose", "compose")) and low.endswith(_SUFFIXES))[:MAX_FILES]


def _key(path: str):
    from .files import regular_file_state

    return regular_file_state(path, MAX_BYTES)


@lru_cache(maxsize=256)
def _extended(compose: str, _size: int, _mtime: int) -> FrozenSet[str]:
    """The files ``compose``'s services name by ``extends: file:`` (paths from its folder)."""
    try:
        with open(compose, "rb") as handle:
            text = handle.read(MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return frozenset()
    if "extends" not in text or "file" not in text:
        return frozenset()
    import yaml

    try:
        top = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return frozenset()
    services = _get(top, "services")
    found = set()
    for _name, service in (services.value if isinstance(services, yaml.MappingNode) else []):
        extends = _get(service, "extends")
        named = _get(extends, "file")
        if isinstance(named, yaml.ScalarNode) and named.value and "$" not in named.value:
            if named.value.lower().endswith(_SUFFIXES):
                found.add(os.path.normpath(os.path.join(os.path.dirname(compose), named.value)))
    return frozenset(found)


def _get(node, key: str):
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
