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

import functools
import hashlib
import os
import re
from typing import Dict, Iterable, List, Optional, Tuple

from .evidence import CONTEXT, Evidence
from .gather_module import SDL_DEFINITION

SDL_SUFFIXES = (".graphql", ".graphqls", ".gql")
MAX_SDL_FILES_PER_FOLDER = 200  # a folder of thousands of operation files is read for its first few only
KIND = "project-sdl"


# GraphQL tool configurations that name a project's schema (graphql-config, GraphQL Code Generator).
CONFIG_NAMES = frozenset({
    ".graphqlrc", ".graphqlrc.yml", ".graphqlrc.yaml", ".graphqlrc.json", "graphql.config.yml", "graphql.config.yaml",
    "graphql.config.json", "graphql.config.js", "graphql.config.ts", "codegen.yml", "codegen.yaml", "codegen.json", "codegen.ts",
})
# ``schema: ./server/schema.graphql``, ``"schema": ["a.graphql"]``, ``schema: 'x.graphql',``: the first path of each.
# A whitespace run, an optional "[" with its own run after it, then one run of path characters: linear.
_CONFIG_SCHEMA = re.compile(r"""["']?\bschema["']?[ \t]*:[ \t]*(?:\[[ \t]*)?["']?([^"'\s,\]\}#]+)""")
MAX_RUN_SDL_FILES = 2000  # SDL files of the run indexed for sibling folders; beyond, the first ones
# Kept apart from the words so that the cache key (which holds the whole context) changes with the SDL's bytes.
DIGEST_MARK = "\x00sha256:"


class ProjectSdl:
    """Folder -> what SDL it (or a parent) holds, each folder looked at once."""

    def __init__(self) -> None:
        self._own: Dict[str, Optional[Tuple[str, str]]] = {}  # folder -> (words, SDL path) found in the folder itself
        self._up: Dict[str, Optional[Tuple[str, str]]] = {}  # folder -> SDL found in it or a parent (to the repo root)
        self._roots: Dict[str, bool] = {}
        self._configs: Dict[str, List[str]] = {}  # folder -> its graphql-config / codegen files
        self._configured: Dict[str, Optional[Tuple[str, str]]] = {}  # folder -> SDL a config in it or a parent names
        self._files: Dict[str, Optional[Tuple[str, str]]] = {}  # SDL file -> (words, path) when it holds project SDL
        self._repo_root: Dict[str, Optional[str]] = {}
        self._digests: Dict[str, Optional[str]] = {}

    def contexts(self, paths: Iterable[str]) -> Dict[str, str]:
        """The evidence text for each operation file in ``paths`` that has project SDL around it.

        Red team 8, F7: besides the operation file's folder and its parents, a schema a
        graphql-config or codegen file names (a local path, never a URL), and any SDL
        file of the run in the same repository (``server/schema.graphql`` beside
        ``web/queries/``).  13-F10: a Python file gets the SDL too (with the digest of
        its bytes), so that a document whose fields fit the project's own schema is
        not taken for Houston's.
        """
        paths = list(paths)
        run_sdl = self._run_index(paths)
        found = {}
        for path in paths:
            lower = path.lower()
            if not lower.endswith(SDL_SUFFIXES + (".py",)):
                continue
            hit = self.context_for(path) or self._named_by_config(path)
            by_fit = lower.endswith(".py")
            if hit is None:
                # Another folder's SDL in the run is the project's only if the document fits it (judged per
                # document, in the worker): a run may hold an SDL test fixture beside Houston operations.
                hit, by_fit = self._in_run(path, run_sdl), True
            if hit is None:
                continue
            text, sdl_path = hit
            if by_fit:
                digest = self._digest(sdl_path)
                if digest is None:
                    continue
                text = f"{text}{DIGEST_MARK}{digest}\x00{sdl_path}"
            found[path] = text
        return found

    def _run_index(self, paths: List[str]) -> Dict[Optional[str], List[Tuple[str, str]]]:
        """Repository root -> the first two SDL files of the run under it, each file read once."""
        index: Dict[Optional[str], List[Tuple[str, str]]] = {}
        read = 0
        for path in paths:
            if read >= MAX_RUN_SDL_FILES:
                break
            if path.lower().endswith(SDL_SUFFIXES) and "houston" not in os.path.basename(path).lower():
                read += 1
                hit = self._file(os.path.abspath(path))
                if hit is not None:
                    found = index.setdefault(self._root_of(os.path.dirname(os.path.abspath(path))), [])
                    if len(found) < 2:  # two: one of them may be the operation file asking
                        found.append(hit)
        return index

    def _in_run(self, path: str, run_sdl) -> Optional[Tuple[str, str]]:
        target = os.path.abspath(path)
        for hit in run_sdl.get(self._root_of(os.path.dirname(target)), ()):
            if hit[1] != target:
                return hit
        return None

    def _digest(self, path: str) -> Optional[str]:
        if path not in self._digests:  # once per SDL file, however many files it is the context of
            self._digests[path] = _digest(path)
        return self._digests[path]

    def _root_of(self, folder: str) -> Optional[str]:
        """The first folder holding ``.git`` at or above ``folder`` (None: none), each folder asked once."""
        chain = []
        result = None
        while True:
            if folder in self._repo_root:
                result = self._repo_root[folder]
                break
            chain.append(folder)
            if os.path.isdir(os.path.join(folder, ".git")):
                result = folder
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        for seen in chain:
            self._repo_root[seen] = result
        return result

    def _named_by_config(self, path: str) -> Optional[Tuple[str, str]]:
        """SDL named by a ``.graphqlrc``/``graphql.config.*``/``codegen.*`` in the file's folder or a parent."""
        folder = os.path.dirname(os.path.abspath(path))
        chain = []
        result = None
        while True:
            if folder in self._configured:
                result = self._configured[folder]
                break
            chain.append(folder)
            self._scan(folder)
            for config in self._configs.get(folder, ()):
                result = result or self._config_schema(config)
            parent = os.path.dirname(folder)
            if result is not None or self._roots.get(folder) or parent == folder:
                break
            folder = parent
        for seen in chain:
            self._configured[seen] = result
        return result

    def _config_schema(self, config: str) -> Optional[Tuple[str, str]]:
        from ..files import read_bytes

        try:
            text = read_bytes(config, limit=1 << 20).decode("utf-8", errors="replace")
        except OSError:
            return None
        for match in _CONFIG_SCHEMA.finditer(text):
            value = match.group(1)
            if "://" in value or any(c in value for c in "*?{}$") or not value.lower().endswith(SDL_SUFFIXES):
                continue  # a URL is never fetched; a glob or a variable names no one file
            if "houston" in os.path.basename(value).lower():
                continue
            hit = self._file(os.path.normpath(os.path.join(os.path.dirname(config), value)))
            if hit is not None:
                words, sdl_path = hit
                return f"{words} (named by {os.path.relpath(config)})", sdl_path
        return None

    def _file(self, path: str) -> Optional[Tuple[str, str]]:
        """(words, path) when ``path`` is a regular file (never a symlink) of project SDL; each file read once."""
        if path not in self._files:
            from ..files import read_bytes

            found = None
            try:
                if not os.path.islink(path):
                    text = read_bytes(path).decode("utf-8", errors="replace")
                    match = SDL_DEFINITION.search(text)
                    if match is not None and "workspaceUuid" not in text:
                        line = text.count("\n", 0, match.start()) + 1
                        found = (f"SDL type definitions in the project: {os.path.relpath(path)}: {' '.join(match.group().split())} (line {line})", path)
            except OSError:
                found = None
            self._files[path] = found
        return self._files[path]

    def context_for(self, path: str) -> Optional[Tuple[str, str]]:
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

    def _scan(self, folder: str) -> Optional[Tuple[str, str]]:
        if folder in self._own:
            return self._own[folder]
        found = None
        self._roots[folder] = False
        configs = []
        try:
            with os.scandir(folder) as entries:
                candidates = []
                for entry in entries:
                    if entry.name == ".git":
                        self._roots[folder] = True
                    elif entry.name in CONFIG_NAMES and entry.is_file(follow_symlinks=False):
                        configs.append(entry.path)
                    elif entry.name.lower().endswith(SDL_SUFFIXES) and "houston" not in entry.name.lower():
                        if entry.is_file(follow_symlinks=False) and len(candidates) < MAX_SDL_FILES_PER_FOLDER:
                            candidates.append(entry.path)
        except OSError:
            candidates = []
        self._configs[folder] = sorted(configs)
        for candidate in sorted(candidates):
            found = self._file(os.path.abspath(candidate))
            if found is not None:
                break
        self._own[folder] = found
        return found


def _digest(path: str) -> Optional[str]:
    from ..files import read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except OSError:
        return None


def judged_by_fit(context: str) -> bool:
    """Does this context apply per document, to those whose fields fit the SDL (else to the whole file)?"""
    return DIGEST_MARK in context


def schema_of(context: str):
    """(the project's schema, the SDL file's name) for a Python file's context, or None.

    The SDL is read again here (in the worker) and used only if its bytes are still
    those whose digest the context (and so the cache key) holds; a schema that does
    not build (a fragment of a larger SDL) gives no evidence.  Built once per process.
    """
    if DIGEST_MARK not in context:
        return None
    digest, _, path = context.split(DIGEST_MARK, 1)[1].partition("\x00")
    schema = _build(path, digest)
    return None if schema is None else (schema, os.path.relpath(path))


@functools.lru_cache(maxsize=8)
def _build(path: str, digest: str):
    from graphql import GraphQLError, build_schema

    from ..files import read_bytes

    try:
        data = read_bytes(path)
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        return build_schema(data.decode("utf-8", errors="replace"))
    except (OSError, GraphQLError, TypeError, ValueError, RecursionError):
        return None


def fits(document, project) -> Optional[Evidence]:
    """Context evidence against Houston when every field and argument of ``document`` is in the project's own schema."""
    from graphql import validate
    from graphql.validation import FieldsOnCorrectTypeRule, KnownArgumentNamesRule, KnownTypeNamesRule

    schema, name = project
    try:
        errors = validate(schema, document, [FieldsOnCorrectTypeRule, KnownArgumentNamesRule, KnownTypeNamesRule], max_errors=1)
    except Exception:  # graphql-core refuses a document it cannot walk: no evidence either way
        return None
    if errors:
        return None
    return Evidence(KIND, False, CONTEXT, f"fields fit the project's own SDL: {name}")


def words_of(context: str) -> str:
    """The words of a context (without the digest kept for the cache key)."""
    return context.split(DIGEST_MARK, 1)[0]


def evidence(text: str) -> Evidence:
    return Evidence(KIND, False, CONTEXT, words_of(text))
