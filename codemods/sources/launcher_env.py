"""Variables a project's own launcher sets before it runs docker compose: read, never written.

Red team 22 (report 11b), f9: compose ``image: ${AIRFLOW_IMAGE:-<AC image>}`` where the project sets
``AIRFLOW_IMAGE`` itself before ``docker compose up``: a root ``Makefile`` ``export AIRFLOW_IMAGE := <AC
image>``, a shell script ``export AIRFLOW_IMAGE=...``, or a Python launcher
``os.environ.setdefault("AIRFLOW_IMAGE", "<AC image>")`` / ``os.environ["AIRFLOW_IMAGE"] = ...`` then
``subprocess.run(["docker", "compose", "up"])``.  The exported value is in the environment compose
interpolates with, so it wins over the default (and over ``.env``): migrating the default changes nothing
that runs, and the AC image that does run was never reported.  Such a value is read like ``.env``'s
(:func:`rules.image_variables.dotenv`): grounds for a review naming the setter, never for an edit.

Which files: the project's shell files (:func:`.image_readers.project_shell_files`: Makefiles, justfile,
Taskfile, shell scripts of the root, its script folders and the compose file's folder, and the scripts a
step runs by path) and the Python scripts in the work tree's root and the compose file's folder, each
counting only when its text runs compose (``docker compose``, ``docker-compose``, ``"compose"`` in an
argument list).  Forms: ``export NAME=value`` / ``export NAME := value`` (shell, make), make's
``NAME := value`` with an ``export NAME`` line, ``NAME=value docker compose ...`` on one line, and in
Python ``os.environ.setdefault("NAME", "value")``, ``os.environ["NAME"] = "value"`` and a
``"NAME": "value"`` entry of a text that passes ``env=`` to its call.  Each file is read once per run;
every regex is anchored or a bounded run (linear).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from .look_around import tree_root

MAX_BYTES = 1024 * 1024
# a file that runs compose: ``docker compose``, ``docker-compose``, or ``"compose"`` as an argument-list word
_RUNS_COMPOSE = re.compile(r"\bdocker[ \t]+compose\b|\bdocker-compose\b|[\"']compose[\"']")
# shell / make: ``export NAME=value``, ``export NAME := value``, ``NAME ?= value``; anchored, the name one run
# of its class, the operator fixed, the value one bounded run (linear)
_SHELL_SET = re.compile(
    r"[ \t]*(export[ \t]+)?([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]*(?:[:?]{0,2}=)[ \t]*([^ \t\n][^\n]{0,399}|)"
)
_MAKE_EXPORT = re.compile(r"[ \t]*export[ \t]+([A-Za-z_][A-Za-z0-9_ \t]{0,400})$")
_EXPORT_ALL = re.compile(r"[ \t]*\.EXPORT_ALL_VARIABLES[ \t]*:")
# ``NAME=value docker compose ...`` / ``docker-compose`` on one line (a prefix assignment)
_PREFIX_SET = re.compile(r"(?<![\w$])([A-Za-z_][A-Za-z0-9_]{0,127})=(\"[^\"\n]{0,400}\"|'[^'\n]{0,400}'|[^ \t\n;&|]{1,400})[ \t]+(?=docker)")
# Python: os.environ.setdefault("NAME", "value") and os.environ["NAME"] = "value"
_PYTHON_SET = re.compile(
    r"environ(?:\.setdefault\([ \t]*|\[[ \t]*)[\"']([A-Za-z_][A-Za-z0-9_]{0,127})[\"'][ \t]*(?:,|\][ \t]*=)[ \t]*"
    r"[rRuU]?[\"']([^\"'\n]{0,400})[\"']"
)
# Python: a "NAME": "value" dict entry (an ``env=`` mapping)
_PYTHON_ENTRY = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]{0,127})[\"'][ \t]*:[ \t]*[rRuU]?[\"']([^\"'\n]{0,400})[\"']")
_SHELL_NAMES = ("Makefile", "makefile", "GNUmakefile")


def values(compose_path: Optional[str]) -> Dict[str, List[Tuple[str, str]]]:
    """NAME -> ``[(value, "file:line"), ...]`` the project's launchers of compose set (see the module)."""
    if not compose_path or compose_path == "-":
        return {}
    return _values_near(os.path.dirname(os.path.normpath(os.path.abspath(compose_path))))


@lru_cache(maxsize=256)
def _values_near(folder: str) -> Dict[str, List[Tuple[str, str]]]:
    from .image_readers import project_shell_files

    root = tree_root(folder)
    files = list(project_shell_files([os.path.join(folder, "_")]))
    for near in dict.fromkeys((root, folder)):
        try:
            with os.scandir(near) as entries:
                files.extend(sorted(e.path for e in entries if e.name.endswith(".py") and e.is_file(follow_symlinks=False)))
        except (OSError, ValueError):
            continue
    found: Dict[str, List[Tuple[str, str]]] = {}
    for path in dict.fromkeys(files):
        for name, value, line in _file_values(path):
            entries = found.setdefault(name, [])
            where = f"{os.path.relpath(path)}:{line}"
            if len(entries) < 4 and all(e[0] != value for e in entries):
                entries.append((value, where))
    return found


@lru_cache(maxsize=1024)
def _file_values(path: str) -> Tuple[Tuple[str, str, int], ...]:
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_BYTES:
            return ()
        with open(path, "rb") as handle:
            text = handle.read(MAX_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ()
    if _RUNS_COMPOSE.search(text) is None:
        return ()
    found: List[Tuple[str, str, int]] = []
    if path.endswith(".py"):
        for match in _PYTHON_SET.finditer(text):
            found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        if "env=" in text or "env =" in text:
            for match in _PYTHON_ENTRY.finditer(text):
                found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        return tuple(found)
    lines = text.splitlines()
    make = os.path.basename(path) in _SHELL_NAMES or path.endswith(".mk")
    exported = set()
    export_all = False
    if make:
        for line in lines:
            match = _MAKE_EXPORT.match(line)
            if match is not None and "=" not in match.group(1):
                exported.update(match.group(1).split())
            export_all = export_all or _EXPORT_ALL.match(line) is not None
    for number, line in enumerate(lines, 1):
        if line.startswith("\t") and make:
            pass  # a recipe line: a shell line, read below for prefix assignments
        else:
            match = _SHELL_SET.match(line)
            if match is not None and (match.group(1) or (make and (match.group(2) in exported or export_all))):
                found.append((match.group(2), _unquoted(match.group(3)), number))
                continue
        if "docker" in line:
            for match in _PREFIX_SET.finditer(line):
                found.append((match.group(1), _unquoted(match.group(2)), number))
    return tuple(found)


def _unquoted(raw: str) -> str:
    raw = raw.strip()
    if raw[:1] in "\"'":
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    cut = raw.find(" #")
    return (raw[:cut] if cut >= 0 else raw).strip()
