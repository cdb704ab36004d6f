"""The Dockerfile a script builds and deploys: is its AC ``FROM`` left as it is?

Red team 20 (report 13), F3: ``deploy_image.py`` runs ``docker build -t image .``, pushes the image and
sends ``updateDeploymentImage(releaseName:, image: $image, airflowVersion: "2.3.4-11")``.  The image is
the project's own build, so the version beside it was migrated on the README's ground that the build's
``FROM`` is migrated in its Dockerfile.  When the Dockerfile's AC ``FROM`` is one the tool only reviews
(the tag from ``ARG AC_VERSION``, a mirror registry, a digest pin, an ignore comment), the script then
deployed an image still built on AC while telling Houston it runs Runtime 5.5.0.  "The version describes
the image deployed, so the two change together or not at all": the version is held too.

:func:`held_build` answers for one module: the first ``docker build`` (``subprocess.run([...])``,
``os.system("docker build ...")``, ``podman`` / ``buildah``, the Docker SDK's ``images.build(path=,
dockerfile=)``) whose Dockerfile (``-f`` / ``--file``, else ``Dockerfile`` in the build context, ``.``
when the context cannot be read) exists, resolved against the script's folder and then each folder up to
its work tree's root (a script is run from the project's root as often as from its own folder), and
that Dockerfile's first AC ``FROM`` the Dockerfile rule leaves as it is.  :mod:`image_argument` holds
the version beside a non-AC image with ``review-ac-image-with-version`` naming the Dockerfile.

The script's result depends on those Dockerfiles: :func:`context` gives the result cache their bytes'
digests.  Cost: one pass over the module's calls (memo per module), each candidate Dockerfile read once
per run (``lru_cache`` on its path and stat), at most ``_MAX_BYTES`` of it.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shlex
from functools import lru_cache
from typing import List, Optional, Tuple

_MAX_BYTES = 1 << 20
_MAX_LEVELS = 8  # folders looked at from the script's up to its work tree's root
# options of docker build that take no value (every other option takes the next word unless written --x=y)
_FLAGS = frozenset({"--push", "--load", "--no-cache", "--pull", "-q", "--quiet", "--rm", "--force-rm", "--squash",
                    "--compress", "--disable-content-trust"})
_CUE = re.compile(rb"\b(?:docker|podman|buildah)\b[^\n]{0,400}\bbuild|\.images\.build\b")  # bounded: linear


def held_build(ctx) -> Optional[Tuple[str, int, str, int]]:
    """(the Dockerfile as shown, the line of its AC FROM left as it is, that image, the build call's line), else None."""
    finder = ctx.python
    path = getattr(ctx.file, "path", None)
    if finder is None or not path or _CUE.search(ctx.file.text.encode("utf-8", "replace")) is None:
        return None
    memo = finder.memo.setdefault("built_images", {})
    if "held" not in memo:
        memo["held"] = _held(finder, path, ctx.versions)
    return memo["held"]


def _held(finder, path: str, versions) -> Optional[Tuple[str, int, str, int]]:
    from ..sources.tree_nodes import walk
    from .python_images import _bound_strings, _runs_docker

    strings = _bound_strings(finder.module)
    folder = os.path.dirname(os.path.abspath(path))
    for node in walk(finder.module):
        if not isinstance(node, ast.Call) or not _runs_docker(node, strings):
            continue
        named = _dockerfile_of(node, strings)
        if named is None:
            continue
        for candidate in _candidates(folder, named):
            held = _held_from(candidate, versions)
            if held is not None:
                shown = os.path.relpath(candidate, folder)
                return shown, held[0], held[1], node.lineno
            if os.path.isfile(candidate):
                break  # the first Dockerfile found is the one built
    return None


def _dockerfile_of(call: ast.Call, strings) -> Optional[str]:
    """The Dockerfile (relative or absolute) a call running docker builds, or None when it builds nothing."""
    from .python_images import _HOLE, _text

    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "build" and isinstance(func.value, ast.Attribute) \
            and func.value.attr == "images":  # the Docker SDK: images.build(path=".", dockerfile="Dockerfile")
        keywords = {k.arg: _text(k.value, strings) for k in call.keywords if k.arg in ("path", "dockerfile")}
        if "path" not in keywords and "fileobj" not in {k.arg for k in call.keywords}:
            return None
        context = keywords.get("path", ".")
        context = "." if _HOLE in context else context
        dockerfile = keywords.get("dockerfile") or "Dockerfile"
        return dockerfile if os.path.isabs(dockerfile) or _HOLE in dockerfile else os.path.join(context, dockerfile)
    words: List[str] = []
    arguments = call.args[0].elts if call.args and isinstance(call.args[0], (ast.List, ast.Tuple)) else call.args[:1]
    for argument in arguments:
        text = _text(argument, strings)
        if isinstance(call.args[0], (ast.List, ast.Tuple)):
            words.append(text)
        else:
            try:
                words.extend(shlex.split(text, comments=False))
            except ValueError:
                words.extend(text.split())
    if "build" not in words[:4]:
        return None
    rest = words[words.index("build") + 1:]
    dockerfile, context, skip = None, None, False
    for position, word in enumerate(rest):
        if skip:
            skip = False
            continue
        if word in ("-f", "--file"):
            dockerfile = rest[position + 1] if position + 1 < len(rest) else None
            skip = True
        elif word.startswith("--file="):
            dockerfile = word.split("=", 1)[1]
        elif word.startswith("-"):
            skip = "=" not in word and word not in _FLAGS
        elif word in ("&&", ";", "|"):
            break
        else:
            context = word
    if context is None or _HOLE in context:
        context = "."
    if dockerfile is not None and _HOLE not in dockerfile and dockerfile != "-":
        return dockerfile
    return os.path.join(context, "Dockerfile")


def _candidates(folder: str, named: str) -> List[str]:
    """``named`` resolved against ``folder`` and each folder above it up to its work tree's root."""
    if os.path.isabs(named):
        return [os.path.normpath(named)]
    from ..sources.look_around import tree_root

    root = tree_root(folder)
    found, here = [], folder
    for _ in range(_MAX_LEVELS):
        found.append(os.path.normpath(os.path.join(here, named)))
        if here == root or os.path.dirname(here) == here or not here.startswith(os.path.join(root, "")):
            break
        here = os.path.dirname(here)
    return found


def _held_from(path: str, versions) -> Optional[Tuple[int, str]]:
    """(line, image) of the first AC ``FROM`` of the Dockerfile at ``path`` that is not migrated, else None."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if not os.path.isfile(path):
        return None
    text = _read(path, stat.st_mtime_ns, stat.st_size)
    if text is None:
        return None
    from .dockerfile_from import migrations
    from .project_images import _not_ignored

    found = migrations(text, versions, path)
    kept = {id(m) for m in _not_ignored(text, found, "dockerfile", path)}
    for migration in found:
        if migration.new is None or id(migration) not in kept:  # reviewed, or skipped by an ignore comment
            return text.count("\n", 0, migration.start) + 1, migration.old
    return None


@lru_cache(maxsize=256)
def _read(path: str, _mtime: int, _size: int) -> Optional[str]:
    """The Dockerfile's text (once per path and version of the file), None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8")
    except (OSError, ValueError):
        return None


def context(path: str) -> Optional[str]:
    """For the result cache: the digests of the Dockerfiles a script that builds images may build."""
    if not path.endswith((".py", ".ipynb")):
        return None
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            data = handle.read(_MAX_BYTES)
    except (OSError, ValueError):
        return None
    if _CUE.search(data) is None:
        return None
    folder = os.path.dirname(os.path.abspath(path))
    digests = []
    for candidate in _candidates(folder, "Dockerfile"):
        try:
            with open(candidate, "rb") as handle:
                digests.append(candidate + ":" + hashlib.sha256(handle.read(_MAX_BYTES)).hexdigest())
        except OSError:
            continue
    return " ".join(digests) or None
