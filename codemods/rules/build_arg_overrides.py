"""Where else a repository sets a Dockerfile build argument: CI and compose files.

Docker's rule: ``--build-arg NAME=value`` (or compose ``build: args:``)
overrides an ``ARG NAME=default``.  So when the Dockerfile rule migrates an
ARG default that holds the AC image, a value passed from CI would still build
the AC image; the person must be told where.

Which files: the usual places a build is driven from, in the repository root
(the nearest directory above the Dockerfile holding ``.git``, else the
Dockerfile's own directory): GitHub workflows, ``.gitlab-ci.yml``,
``.circleci/config.yml``, ``Jenkinsfile``, ``azure-pipelines.yml``,
``bitbucket-pipelines.yml``, ``cloudbuild.yaml``, ``Makefile``, top-level shell
scripts, and compose files there and beside the Dockerfile.  Forms: ``--build-arg
NAME=...`` anywhere, and in YAML an ``args:`` (compose) or ``build-args:``
(docker/build-push-action) block or one-line value naming ``NAME``.  Only regular
files under a size cap are read; a file that cannot be read is skipped (this
is a hint, not a gate).  Each file is scanned once, line by line, with linear
expressions.
"""

from __future__ import annotations

import os
import re
import stat
from typing import List

MAX_BYTES = 2 * 1024 * 1024
MAX_LEVELS = 40
CI_FILES = (
    ".gitlab-ci.yml", ".circleci/config.yml", "Jenkinsfile", "azure-pipelines.yml",
    "bitbucket-pipelines.yml", "cloudbuild.yaml", "cloudbuild.yml", "Makefile",
)
_COMPOSE = re.compile(r"(?:docker-)?compose[\w.-]*\.ya?ml")
# compose "build: args:", docker/build-push-action "build-args:" (a block or one line)
_ARGS_KEY = re.compile(r"[ \t]*(?:-[ \t]*)?(?:args|build-args|build_args)[ \t]*:(.*)")


def places_setting(dockerfile: str, name: str) -> List[str]:
    """``["path:line", ...]`` where ``name`` is passed as a build argument, paths relative to the root."""
    directory = os.path.dirname(os.path.abspath(dockerfile))
    root = _repository_root(directory)
    build_arg = re.compile(r"--build-arg(?:=|[ \t]+)[\"']?" + re.escape(name) + r"(?![\w])")
    compose_arg = re.compile(r"^[ \t]*(?:-[ \t]*)?[\"']?" + re.escape(name) + r"[\"']?[ \t]*[:=]")
    inline_arg = re.compile(r"(?<![\w-])" + re.escape(name) + r"[ \t]*[:=]")
    found: List[str] = []
    for path in _candidates(root, directory):
        text = _read(path)
        if text is None or name not in text:
            continue
        yaml = path.endswith((".yml", ".yaml"))
        args_indent = None
        for number, line in enumerate(text.splitlines(), 1):
            if build_arg.search(line):
                found.append(f"{os.path.relpath(path, root)}:{number}")
                continue
            if not yaml:
                continue
            indent = len(line) - len(line.lstrip(" "))
            key = _ARGS_KEY.match(line)
            if key is not None:
                args_indent = indent
                if inline_arg.search(key.group(1)):
                    found.append(f"{os.path.relpath(path, root)}:{number}")  # build-args: NAME=... inline
            elif args_indent is not None and line.strip() and indent <= args_indent:
                args_indent = None
            elif args_indent is not None and compose_arg.match(line):
                found.append(f"{os.path.relpath(path, root)}:{number}")
    return found


def _repository_root(directory: str) -> str:
    current = directory
    for _ in range(MAX_LEVELS):
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return directory


def _candidates(root: str, directory: str) -> List[str]:
    paths = [os.path.join(root, name) for name in CI_FILES]
    workflows = os.path.join(root, ".github", "workflows")
    for base, suffixes in ((workflows, (".yml", ".yaml")), (root, (".sh",))):
        try:
            names = sorted(os.listdir(base))
        except OSError:
            continue
        paths.extend(os.path.join(base, n) for n in names if n.endswith(suffixes))
    for base in dict.fromkeys((root, directory)):
        try:
            names = sorted(os.listdir(base))
        except OSError:
            continue
        paths.extend(os.path.join(base, n) for n in names if _COMPOSE.fullmatch(n))
    return list(dict.fromkeys(paths))


def _read(path: str):
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
