"""The compose files a project's launcher merges with ``-f`` (red team 28, report 11b, f7).

``docker compose -f docker-compose.yml -f ci/compose.build.yml up --build`` in a Makefile merges the
``build:`` of ``ci/compose.build.yml`` into the root file's service: its ``image:`` is then the tag compose
gives the local build, not Astronomer's image.  :mod:`rules.compose_neighbours` read only the compose files
of the same folder, ``include:`` and ``.env``'s ``COMPOSE_FILE``, so an overlay in another folder was never
seen and the image was migrated (the local build tagged as the official Runtime image).

:func:`merged_with` answers, for one compose file, the other files a launcher names with it on one compose
command line (``-f F`` / ``-f=F`` / ``--file F`` / ``--file=F`` words after ``docker compose`` or
``docker-compose``, ``\\``-continued lines joined; in Python, ``"-f", "F"`` in an argument list naming
``"compose"``), and those a launcher's ``COMPOSE_FILE`` lists (:func:`.launcher_env.values`).  A word is
resolved as compose resolves it, from where the launcher runs: its own folder (a Makefile, a script), else
the work tree's root (a CI step).  A path outside the work tree, under a variable, or not a regular file is
not read.  The launchers are those :mod:`.launcher_env` reads (the project's shell files, CI files, the
Python scripts and ``package.json`` of the root and the compose file's folder); the index is built once per
folder (each launcher read once), every pattern a module constant, anchored or one bounded class run.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Dict, List, Tuple

from .look_around import tree_root

MAX_FILES_PER_COMMAND = 32  # -f files read from one compose command line
MAX_JOINED = 64  # continuation lines joined into one command
# the compose command itself; the -f words are looked for after it only (``rm -f x`` earlier on the line is not one)
_COMPOSE_RUN = re.compile(r"\bdocker[ \t]+compose\b|\bdocker-compose\b")
# a shell word after a file flag: one bounded run of one class (no variable, no quote inside), linear
_FILE_FLAG = re.compile(r"(?<![\w-])(?:-f|--file)(?:=|[ \t]+)[\"']?([^ \t\n;&|\"'`$()<>]{1,300})")
# an argument list's ``"-f", "ci/x.yml"`` (Python): fixed quotes around fixed flags, one bounded run (linear)
_PYTHON_FILE_FLAG = re.compile(r"[\"'](?:-f|--file)[\"'][ \t]*,[ \t]*[rRuU]?[\"']([^\"'\n$]{1,300})[\"']")
_COMMAND_END = re.compile(r"[;|&]")


def merged_with(compose_path: str) -> List[Tuple[str, str]]:
    """``[(other compose file, "launcher:line"), ...]`` merged with ``compose_path`` by a launcher (see module)."""
    if not compose_path or compose_path == "-":
        return []
    here = os.path.normpath(os.path.abspath(compose_path))
    folder = os.path.dirname(here)
    found = list(_index(folder).get(here, ()))
    from .launcher_env import values

    root = tree_root(folder)
    for value, where in values(here).get("COMPOSE_FILE", ()):
        launcher = where.rsplit(":", 1)[0]
        parts = [p for p in value.replace(";", ":").split(":") if p.strip()]  # POSIX ':' and Windows ';' lists
        paths = [_resolve(os.path.abspath(launcher), p.strip(), root) for p in parts[:MAX_FILES_PER_COMMAND]]
        if here in paths:
            found.extend((p, where) for p in paths if p is not None and p != here)
    return list(dict.fromkeys(found))


@lru_cache(maxsize=256)
def _index(folder: str) -> Dict[str, Tuple[Tuple[str, str], ...]]:
    """compose file -> the (other file, "launcher:line") each launcher command merges it with; built once."""
    from .launcher_env import _lines, _text, launcher_files

    root = tree_root(folder)
    files = launcher_files(folder, ("package.json",))
    index: Dict[str, Dict[Tuple[str, str], None]] = {}
    for launcher in dict.fromkeys(os.path.normpath(p) for p in files):
        text = _text(launcher)
        if text is None or ("compose" not in text) or ("-f" not in text):
            continue
        python = launcher.endswith(".py")
        for number, command in _commands(_lines(text)):
            if python:
                if "compose" not in command:
                    continue
                words = [m.group(1) for m in _PYTHON_FILE_FLAG.finditer(command)]
            else:
                words = []
                for run in _COMPOSE_RUN.finditer(command):
                    end = _COMMAND_END.search(command, run.end())
                    words.extend(m.group(1) for m in _FILE_FLAG.finditer(command, run.end(), end.start() if end else len(command)))
            paths = [_resolve(launcher, w, root) for w in words[:MAX_FILES_PER_COMMAND]]
            paths = [p for p in dict.fromkeys(paths) if p is not None]
            if len(paths) < 2:
                continue
            where = f"{os.path.relpath(launcher)}:{number}"
            for path in paths:
                entries = index.setdefault(path, {})
                for other in paths:
                    if other != path:
                        entries.setdefault((other, where), None)
    return {path: tuple(entries) for path, entries in index.items()}


def _commands(lines: List[str]) -> List[Tuple[int, str]]:
    """``[(first line number, text), ...]``: lines ending in ``\\`` joined to the next (bounded)."""
    found: List[Tuple[int, str]] = []
    number = 0
    while number < len(lines):
        start = number
        parts = [lines[number]]
        while parts[-1].endswith("\\") and number + 1 < len(lines) and len(parts) < MAX_JOINED:
            parts[-1] = parts[-1][:-1]
            number += 1
            parts.append(lines[number])
        found.append((start + 1, " ".join(parts)))
        number += 1
    return found


def _resolve(launcher: str, word: str, root: str):
    """The regular file ``word`` names, from the launcher's folder, else the work tree's root; inside the tree."""
    word = word.strip()
    if not word or "$" in word or word.startswith("~") or word == "-":
        return None
    top = os.path.join(root, "")
    for base in dict.fromkeys((os.path.dirname(launcher), root)):
        candidate = os.path.normpath(os.path.join(base, word))
        if (candidate == root or candidate.startswith(top)) and os.path.isfile(candidate):
            return candidate
    return None
