"""What the other compose files of a compose file's folder say about its services (red team 12, F2 and F4).

Houston change: none of its own; this serves :mod:`compose_ci_images`, whose
rule (AC images -> Runtime images) must not rename the tag compose gives a
BUILD.  A service's ``build:`` need not sit in the file holding its
``image:``:

* compose merges ``compose.override.yaml`` / ``docker-compose.override.yml``
  into ``compose.yaml`` / ``docker-compose.yml`` by default, and any other
  compose file of the folder with ``-f`` (Docker's "Merge Compose files"
  reference): a service merged that way has the ``image:`` of one file and the
  ``build:`` of the other, in either direction;
* ``extends: {file: ..., service: ...}`` takes the other file's service
  (``image:`` included) into a service that may add ``build:`` (the "Extend"
  reference), so the extended service's ``image:`` is then the built tag;
* a service with no ``build:`` whose ``image:`` is the tag another service
  builds, its ``image:`` or one of its ``build.tags:`` (``pull_policy: never``
  beside ``depends_on``) runs that build: the
  name is the project's image, not Astronomer's (F4; the same file or a
  neighbour).

So, for the file at ``path``, :func:`neighbours` reads every other compose
file of its folder (regular files only, each at most once, at most
:data:`MAX_NEIGHBOURS`) with PyYAML's composer and returns, by service name,
where a neighbour builds it or extends it with a build, and the image tags
the neighbours' building services give their builds.  Files the tool cannot
read or parse add nothing (each gets its own one-line error when processed).
The files the compose file includes (top-level ``include:``, local paths, in any folder, and
what they include) and, when the folder's ``.env`` sets ``COMPOSE_FILE`` to a list naming the file,
the other files listed are read the same way (the same bound).
So are the files a launcher names with it on one compose command line (``-f``, ``COMPOSE_FILE``; red team 28,
report 11b, f7: :mod:`..sources.compose_launch_files`).
An extending file in another folder is not looked for.  Each mapping is read
once (merges memoised), so the work is linear in the folder's compose files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

MAX_NEIGHBOURS = 32  # compose files of one folder read for one file; a folder holding more is read this far
COMPOSE_SUFFIXES = (".yml", ".yaml")


@dataclass
class Neighbours:
    """By service name: where another compose file of the folder builds it (``builds``) or a service that
    builds extends it (``extended``); and tag -> the building service that gives its build that tag."""

    builds: Dict[str, str] = field(default_factory=dict)
    extended: Dict[str, str] = field(default_factory=dict)
    tags: Dict[str, str] = field(default_factory=dict)
    path: Optional[str] = None  # the compose file these are the neighbours of (its extends: file: are read from there)
    env: Dict[str, str] = field(default_factory=dict)  # its folder's .env, for the names tags stand for (F8)


def normal_tag(value: str) -> str:
    """An image name as compose tags it: no tag and no digest means ``:latest``."""
    value = value.strip()
    last = value.rsplit("/", 1)[-1]
    if "@" in last or ":" in last:
        return value
    return value + ":latest"


def tag_forms(value: str, env: Optional[Dict[str, str]] = None) -> List[str]:
    """The names an ``image:`` value stands for, each as compose tags it (:func:`normal_tag`): as written,
    and, when it interpolates, with no variable set and with the folder's ``.env`` values (``env``).

    Red team 19 (report 19), F8: a build tagged ``quay.io/astronomer/ap-airflow:${AC_TAG:-2.3.1}`` is run by
    a service naming ``quay.io/astronomer/ap-airflow:2.3.1`` (and one naming
    ``${AIRFLOW_IMAGE-quay.io/...:2.3.1}`` runs a build tagged ``${AIRFLOW_IMAGE:-quay.io/...:2.3.1}``):
    compared as written, the two names differed and the service's image was migrated to the stock Runtime
    image, which runs without the project's code.  A form whose interpolation is an error, or that is
    empty or ends in an empty tag, names nothing and is left out."""
    forms = [normal_tag(value)]
    if "$" not in value:
        return forms
    from ..sources.compose_interpolation import parse, set_value

    text = value.strip()
    parts = parse(text)
    if parts is None:
        return forms
    for values in ({}, env) if env else ({},):
        name = set_value(text, parts, values)
        if name and name.strip() and not name.rstrip().endswith((":", "/", "@")):
            form = normal_tag(name)
            if form not in forms:
                forms.append(form)
    return forms


def folder_env(path: Optional[str]) -> Dict[str, str]:
    """NAME -> value of the ``.env`` beside the compose file at ``path`` (values read as plain text only)."""
    from .image_variables import dotenv

    return {name: known.value for name, known in dotenv(path).items() if known.value is not None}


def build_tags(build) -> List[str]:
    """The tags a ``build:`` mapping's ``tags:`` list gives the build besides ``image:`` (red team 13, F3:
    a service whose ``image:`` is one of them runs that build, as for the ``image:`` of the build)."""
    import yaml

    if not isinstance(build, yaml.MappingNode):
        return []
    listed = next((v for k, v in build.value if isinstance(k, yaml.ScalarNode) and k.value == "tags"), None)
    if not isinstance(listed, yaml.SequenceNode):
        return []
    return [item.value for item in listed.value if isinstance(item, yaml.ScalarNode) and item.value.strip()]


def neighbours(path: Optional[str], documents=None) -> Neighbours:
    """``documents``: the composed documents of ``path`` itself, whose top-level ``include:`` is followed."""
    found = Neighbours()
    if not path or path == "-":
        return found
    from ..files import file_kind

    here = os.path.normpath(os.path.abspath(path))
    found.path = here
    found.env = folder_env(here)
    folder = os.path.dirname(here)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    read = 0
    done = {here}
    for name in names:
        other = os.path.join(folder, name)
        if other == here or not name.lower().endswith(COMPOSE_SUFFIXES) or file_kind(other) != "compose":
            continue
        if read >= MAX_NEIGHBOURS:
            break
        read += 1
        done.add(other)
        _read_neighbour(other, name, here, found)
    # red team 18 (report 13), F9: compose also merges the files this one includes (top-level
    # ``include:``, any folder, and theirs in turn) and, with this file, every file ``COMPOSE_FILE``
    # lists in the folder's ``.env``: a service there building the tag this file names is a neighbour
    pending = _merged_with(here, folder) + _included(documents, folder)
    # red team 28 (report 11b), f7: a launcher's ``docker compose -f docker-compose.yml -f ci/compose.build.yml``
    # merges a file of another folder (resolved where the launcher runs, inside the work tree)
    from ..sources.compose_launch_files import merged_with

    launched = {}
    for other, where in merged_with(here):
        launched.setdefault(other, where)
        pending.append(other)
    while pending and read < MAX_NEIGHBOURS:
        other = pending.pop(0)
        if other in done or not os.path.isfile(other):
            continue
        done.add(other)
        read += 1
        name = os.path.relpath(other, folder)
        if other in launched:
            name = f"{name} (merged with -f by {launched[other]})"
        more = _read_neighbour(other, name, here, found)
        pending.extend(_included(more, os.path.dirname(other)))
    return found


def _included(documents, folder: str) -> List[str]:
    """The local files a top-level ``include:`` names (``- path``, ``- path: p`` or ``- path: [p, q]``),
    read relative to ``folder``; a remote one (``oci://``, a git URL) or an interpolated path is not read."""
    import yaml

    paths: List[str] = []
    for root in documents or ():
        if not isinstance(root, yaml.MappingNode):
            continue
        listed = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "include"), None)
        if not isinstance(listed, yaml.SequenceNode):
            continue
        for item in listed.value[:MAX_NEIGHBOURS]:
            if isinstance(item, yaml.MappingNode):
                item = next((v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "path"), None)
            values = item.value if isinstance(item, yaml.SequenceNode) else [item]
            for value in values[:MAX_NEIGHBOURS]:
                if isinstance(value, yaml.ScalarNode) and _local_path(value.value):
                    paths.append(os.path.normpath(os.path.join(folder, os.path.expanduser(value.value.strip()))))
    return paths


def _local_path(value: str) -> bool:
    value = value.strip()
    return bool(value) and "://" not in value and "$" not in value and not value.startswith("git@")


def _merged_with(here: str, folder: str) -> List[str]:
    """The other files ``COMPOSE_FILE`` in the folder's ``.env`` lists, when it lists ``here``."""
    from .image_variables import dotenv

    values = dotenv(here)
    listed = values.get("COMPOSE_FILE")
    if listed is None or not listed.value:
        return []
    separator = values.get("COMPOSE_PATH_SEPARATOR")
    separator = separator.value if separator is not None and separator.value else os.pathsep
    paths = [
        os.path.normpath(os.path.join(folder, part.strip()))
        for part in listed.value.split(separator)[:MAX_NEIGHBOURS]
        if _local_path(part)
    ]
    return [other for other in paths if other != here] if here in paths else []


def _read_neighbour(other: str, name: str, here: str, found: Neighbours) -> list:
    import yaml

    from ..files import read_bytes
    from .yaml_aliases import MergedKeys, merged_entries

    try:
        text = read_bytes(other).decode("utf-8-sig")
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return []
    keys = MergedKeys()  # each (mapping, key) answered once: an anchor merged into many services is read once
    seen_services: set = set()
    for root in documents:
        services = keys.get(root, "services")
        if services is None:
            continue
        for _owner, service_name, service in merged_entries(services, seen_services):
            if not isinstance(service_name, yaml.ScalarNode) or keys.get(service, "build") is None:
                continue
            where = f"{name} line {service_name.start_mark.line + 1}"
            found.builds.setdefault(service_name.value, f"service {service_name.value!r} in {where} has build:")
            image = keys.get(service, "image")
            if isinstance(image, yaml.ScalarNode) and image.value.strip():
                for form in tag_forms(image.value, found.env):
                    found.tags.setdefault(form, f"service {service_name.value!r} in {where} builds it")
            for tag in build_tags(keys.get(service, "build")):
                for form in tag_forms(tag, found.env):
                    found.tags.setdefault(form, f"service {service_name.value!r} in {where} gives its build this tag (build.tags)")
            _note_extends(keys.get(service, "extends"), service_name.value, where, other, here, found)
    return documents


def _note_extends(extends, service: str, where: str, other: str, here: str, found: Neighbours) -> None:
    """``extends: {file: F, service: S}`` of a building service, F (relative to its own file) being ``here``."""
    import yaml

    if not isinstance(extends, yaml.MappingNode):
        return
    values = {k.value: v.value for k, v in extends.value if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
    target, extended = values.get("file"), values.get("service")
    if not target or not extended:
        return
    if os.path.normpath(os.path.join(os.path.dirname(other), target)) != here:
        return
    found.extended.setdefault(
        extended, f"service {service!r} in {where} extends it from this file and has build:"
    )


MAX_EXTENDED_FILES = 32  # other compose files one file's ``extends: file:`` entries are read from


def extended_image(path: Optional[str], extends, memo: Dict[str, object]) -> Optional[str]:
    """Red team 16 (report 13), F3: the ``image:`` a service gets through ``extends: {file: F, service: S}``,
    F being read relative to ``path``'s folder (any folder: compose resolves it so), or None.

    A building service of ``path`` that has no ``image:`` of its own takes S's: that is the tag compose gives
    its build, so a service of ``path`` naming the same tag (``pull_policy: never``) runs the project's
    build.  Each file is read and parsed at most once per compose file (``memo``), regular files only,
    at most :data:`MAX_EXTENDED_FILES`; one it cannot read or parse gives nothing.
    """
    import yaml

    from ..files import read_bytes
    from .yaml_aliases import MergedKeys, merged_entries

    if not path or path == "-" or not isinstance(extends, yaml.MappingNode):
        return None
    values = {k.value: v.value for k, v in extends.value if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
    target, extended = values.get("file"), values.get("service")
    if not target or not extended:
        return None
    other = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), target))
    if other not in memo:
        if len(memo) >= MAX_EXTENDED_FILES:
            return None
        images: Dict[str, str] = {}
        memo[other] = images
        try:
            if not os.path.isfile(other):
                return None
            text = read_bytes(other).decode("utf-8-sig")
            documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, RecursionError, MemoryError):
            return None
        keys = MergedKeys()
        seen: set = set()
        for root in documents:
            services = keys.get(root, "services")
            if services is None:
                continue
            for _owner, name, service in merged_entries(services, seen):
                image = keys.get(service, "image")
                if isinstance(name, yaml.ScalarNode) and isinstance(image, yaml.ScalarNode) and image.value.strip():
                    images.setdefault(name.value, image.value)
    return memo[other].get(extended)  # type: ignore[union-attr]
