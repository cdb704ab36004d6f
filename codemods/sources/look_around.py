"""How far above a file the tool looks for the scripts, shell steps and notebooks around it.

Some facts about a file live in other files: a CI step or Makefile that runs ``sed`` on a
Dockerfile (:mod:`.outside_writers`), a notebook cell that writes it, a script that opens it
(:mod:`.image_readers`).  Those are looked for up to the root of the file's project:

- the git work tree holding the file;
- else the run's own top: the project folder whose ``pyproject.toml`` configured the run, or the
  folder the run was pointed at (``check .``, ``check scripts/``; a file's own folder for a file).

Never above what the person running the tool named.  The look went up to eight folders above
the file before, listing every folder beside each one: ``check .`` in ``~/proj`` with no ``.git``
read the scripts of every other folder of ``~``, and in this project's test suite every CLI run
read every other test's folder (about 0.8 s of CPU a run, most of the suite's time).
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Tuple

# The folders a run was pointed at (absolute, normalised): set once per run by the runner, before
# any index is built or worker started (a forked worker inherits it; a spawned one sets it again).
_TOPS: Tuple[str, ...] = ()


def tops_of(paths: Iterable[str], config_root: Optional[str] = None) -> Tuple[str, ...]:
    """The run's tops for ``paths`` (a folder itself, a file's folder) and the configured project."""
    tops = []
    for path in list(paths) + ([config_root] if config_root else []):
        if not path or path == "-":
            continue
        absolute = os.path.normpath(os.path.abspath(path))
        top = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
        if top not in tops:
            tops.append(top)
    return tuple(tops)


def bound_to(tops: Tuple[str, ...]) -> None:
    """Use ``tops`` as the run's tops from now on."""
    global _TOPS
    if tops != _TOPS:
        _TOPS = tuple(tops)
        _root.cache_clear()


def tree_root(folder: str) -> str:
    """The highest folder at or above ``folder`` that the look around it may reach (see the module)."""
    return _root(os.path.normpath(folder), _TOPS)


@lru_cache(maxsize=4096)
def _root(folder: str, tops: Tuple[str, ...]) -> str:
    from ..files import git_work_tree

    work_tree = git_work_tree(folder)
    if work_tree is not None:
        return work_tree
    best = folder
    for top in tops:  # the widest named top holding the folder
        if (folder == top or folder.startswith(os.path.join(top, ""))) and len(top) < len(best):
            best = top
    return best


def folders_up(folder: str, root: str, levels: int) -> Iterator[str]:
    """``folder`` and the folders above it, up to ``root`` (included) and at most ``levels`` above it.

    The one walk up of every reader look (scripts near a file, a relative path tried from each folder
    above the script naming it): it never passes ``root`` nor the file system's top.
    """
    for _ in range(levels + 1):
        yield folder
        if folder == root:
            return
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent

