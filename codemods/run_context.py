"""The project files a run is judged in, when the run names less than its project.

The run-wide indexes (constants across modules, fills, ``.graphql`` files and image files that
scripts read, the project's own SDL) decide whether an edit is one-sided: a module's document
filled by an importer must be held, a Dockerfile a script parses must be reviewed.  Those facts
live in files the run may not name:

- files named one by one (pre-commit passes only the staged ones, red team 12 report 11 F10);
- a folder inside a project (``check lib``), whose importers, fillers and readers sit outside
  it (red team 13 report 12 F14 for the import direction, red team 15 report 11b F13 for the
  other: ``rewrite lib`` edited ``lib/queries.py`` alone while ``cli.py`` filled it, though
  ``rewrite lib/queries.py`` held it);
- ``--changed-since REF PATHS``, judged in the same context as a run on ``PATHS``.

The project is the git work tree holding a path, else the folder of the ``pyproject.toml``
that configured the run.  Only the indexes cover the context; only the run's own files are
processed.  The context is not the whole project: the files the run's files import, every
file that is not Python code (``.graphql`` operations and SDL, image files), and the modules
and notebooks that mention a run's file by module or file name.  Indexing every module of a
large checkout made ``check FILE`` of a 1 MB module 5x slower (benchmarks/run.py, size row).
"""

from __future__ import annotations

import os
import re
from typing import Iterable, List, Optional, Set

from .files import Discovered

# A name as code spells it: a run of word characters, dots and dashes (``lib.queries``,
# ``upsert.graphql``, ``docker-compose.yml``), one class, so each byte is scanned once (linear).
_NAME = re.compile(rb"[\w.\-]+")
MAX_SUFFIXES = 4  # dotted suffixes tried per name (``a.b.queries`` -> ``b.queries``, ``queries``)


def project_context(paths: List[str], config, found: List[Discovered]) -> Optional[List[Discovered]]:
    """The files outside ``found`` the run on ``paths`` is judged with, or None (the run is its own context).

    None when no path is in a project, when a folder is its project's root (the run holds the
    project), or when files named one by one cannot hold a document or an image (the sparse fast
    path of pre-commit: nothing of the run could be edited or reported).  A folder is always
    judged in its context: a module of it that holds no document may still send one through a
    helper imported from outside (red team 13, report 12, F14).
    """
    from .files import discover, read_bytes
    from .runner import _needs_parsing

    if not paths:
        return None
    folders = [path for path in paths if os.path.isdir(path)]
    if not folders:  # files named one by one: the fast path when none can hold anything
        try:
            if not any(_needs_parsing(item, read_bytes(item.path)) for item in found if not item.error):
                return None
        except OSError:
            return None
    config_root = os.path.abspath(str(config.root)) if getattr(config, "root", None) else None
    roots: List[str] = []
    for path in paths:
        absolute = os.path.abspath(path)
        is_folder = os.path.isdir(absolute)
        root = enclosing_project(absolute if is_folder else os.path.dirname(absolute), config_root)
        if root is None:
            continue
        if is_folder and os.path.normpath(root) == os.path.normpath(absolute):
            return None  # the run is the project
        if root not in roots:
            roots.append(root)
    if not roots:
        return None
    inside = [os.path.join(os.path.normpath(os.path.abspath(p)), "") for p in folders]
    project = []
    for item in discover([os.path.relpath(r) for r in roots]):
        if item.error or config.excluded(item.path):
            continue
        absolute = os.path.normpath(os.path.abspath(item.path))
        if any(absolute.startswith(folder) for folder in inside):
            continue  # a file of the run: found already
        project.append(item)
    return related(found, project) or None


def related(named: Iterable[Discovered], project: Iterable[Discovered]) -> List[Discovered]:
    """The files of ``project`` the indexes may need to judge the ``named`` ones.

    Every file that is not Python code (a script may read it, an SDL speaks for a verdict),
    the modules the named files import (by any part of the module's name), the named files
    themselves, and the modules and notebooks naming a named file (its module or file name):
    an importer, a filler, a reader.  Each file is read once and its names looked up in a set
    (linear in the project's size, whatever the number of named files).
    """
    from .files import file_kind, read_bytes
    from .sources import cross_module

    named_paths: Set[str] = set()
    words: Set[bytes] = set()
    imported: Set[str] = set()
    for item in named:
        if item.error:
            continue
        named_paths.add(os.path.normpath(os.path.abspath(item.path)))
        words.add(cross_module.module_stem(item.path).encode())
        words.add(os.path.basename(item.path).encode())
        if item.path.lower().endswith(".ipynb"):  # an import hook loads frags.ipynb as "frags" (red team 13, F5)
            words.add(os.path.basename(item.path)[:-6].encode())
        try:
            imported |= cross_module.imported_stems(read_bytes(item.path).decode("utf-8", errors="replace"))
        except OSError:
            continue
    found = []
    for item in project:
        stem = cross_module.module_stem(item.path)
        if file_kind(item.path) not in ("python", "notebook") or stem in imported or (
            stem.endswith(".ipynb") and stem[:-6] in imported
        ):
            found.append(item)
            continue
        if os.path.normpath(os.path.abspath(item.path)) in named_paths:
            found.append(item)
            continue
        try:
            data = read_bytes(item.path)
        except OSError:
            continue
        if names_any(data, words):
            found.append(item)
    return found


def names_any(data: bytes, words: Set[bytes]) -> bool:
    """Does ``data`` spell one of ``words`` as a name: a whole name, a dotted part of one
    (``lib.queries`` names ``queries`` and ``lib``), or a dotted tail (``pkg.upsert.graphql``
    names ``upsert.graphql``)?  One scan; each name's parts looked up in the set."""
    if not words:
        return False
    for match in _NAME.finditer(data):
        name = match.group()
        if name in words:
            return True
        if b"." not in name:
            continue
        parts = name.split(b".")
        if any(part in words for part in parts):
            return True
        for cut in range(1, min(len(parts), MAX_SUFFIXES + 1)):
            if b".".join(parts[-cut - 1 :]) in words:
                return True
    return False


def enclosing_project(folder: str, config_root: Optional[str]) -> Optional[str]:
    """The git work tree holding ``folder`` (a ``.git`` above it), else ``config_root`` if it holds it."""
    from .files import git_work_tree

    work_tree = git_work_tree(folder)
    if work_tree is not None:
        return work_tree
    if config_root and (folder == config_root or folder.startswith(os.path.join(config_root, ""))):
        return config_root
    return None
