"""SDL a project ships: context evidence against Houston for its ``.graphql`` operations.

Red team 6, F4: a project with its own ``graphql/schema.graphql`` (``type Query
{ workspaces: ... }``, ``type Deployment { ... airflowVersion }``) and its
operations in ``graphql/ops.graphql`` serves that schema itself (ariadne's
``load_schema_from_path``, graphql-core's ``build_schema``).  Its operations
resemble Houston's, but they go to the project's own server: weak vocabulary
never beats this.

The evidence: a ``.graphql``/``.graphqls``/``.gql`` file holding SDL type
definitions in the operation file's folder or a parent, up to the repository
root (the first folder holding ``.git``).  A Houston schema kept in the project
(its name says ``houston``, or it declares Houston's ``workspaceUuid``) is not
evidence against: sgqlc and codegen users download Houston's schema next to
their operations.

Cost: each folder is listed and its SDL files read at most once per run (the
index is built by the walker before any file is processed, and memoised per
folder), so the work is linear in the folders and SDL bytes of the project.
Only regular files are read (``files.read_bytes``), never through a symlink.
"""

from __future__ import annotations

import os
from typing import Dict, Iterable, Optional

from .evidence import CONTEXT, Evidence
from .gather_module import SDL_DEFINITION

SDL_SUFFIXES = (".graphql", ".graphqls", ".gql")
MAX_SDL_FILES_PER_FOLDER = 200  # a folder of thousands of operation files is read for its first few only
KIND = "project-sdl"


class ProjectSdl:
    """Folder -> what SDL it (or a parent) holds, each folder looked at once."""

    def __init__(self) -> None:
        self._own: Dict[str, Optional[str]] = {}  # folder -> SDL found in the folder itself
        self._up: Dict[str, Optional[str]] = {}  # folder -> SDL found in it or a parent (to the repo root)
        self._roots: Dict[str, bool] = {}

    def contexts(self, paths: Iterable[str]) -> Dict[str, str]:
        """The evidence text for each operation file in ``paths`` that has project SDL around it."""
        found = {}
        for path in paths:
            if path.lower().endswith(SDL_SUFFIXES):
                text = self.context_for(path)
                if text is not None:
                    found[path] = text
        return found

    def context_for(self, path: str) -> Optional[str]:
        folder = os.path.dirname(os.path.abspath(path))
        chain = []
        result = None
        while True:
            if folder in self._up:
                result = self._up[folder]
                break
            chain.append(folder)
            result = self._scan(folder)
            parent = os.path.dirname(folder)
            if result is not None or self._roots.get(folder) or parent == folder:
                break
            folder = parent
        for seen in chain:  # every folder walked shares the answer: each is walked once
            self._up[seen] = result
        return result

    def _scan(self, folder: str) -> Optional[str]:
        if folder in self._own:
            return self._own[folder]
        from ..files import read_bytes

        found = None
        self._roots[folder] = False
        try:
            with os.scandir(folder) as entries:
                candidates = []
                for entry in entries:
                    if entry.name == ".git":
                        self._roots[folder] = True
                    elif entry.name.lower().endswith(SDL_SUFFIXES) and "houston" not in entry.name.lower():
                        if entry.is_file(follow_symlinks=False) and len(candidates) < MAX_SDL_FILES_PER_FOLDER:
                            candidates.append(entry.path)
        except OSError:
            candidates = []
        for candidate in sorted(candidates):
            try:
                text = read_bytes(candidate).decode("utf-8", errors="replace")
            except OSError:
                continue
            match = SDL_DEFINITION.search(text)
            if match is not None and "workspaceUuid" not in text:
                line = text.count("\n", 0, match.start()) + 1
                found = f"SDL type definitions in the project: {os.path.relpath(candidate)}: {' '.join(match.group().split())} (line {line})"
                break
        self._own[folder] = found
        return found


def evidence(text: str) -> Evidence:
    return Evidence(KIND, False, CONTEXT, text)
