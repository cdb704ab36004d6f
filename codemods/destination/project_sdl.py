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

from .evidence import CONTEXT, STRONG, WEAK, Evidence
from .gather_module import SDL_DEFINITION

SDL_SUFFIXES = (".graphql", ".graphqls", ".gql", ".gqls")
MAX_SDL_FILES_PER_FOLDER = 200  # a folder of thousands of operation files is read for its first few only
KIND = "project-sdl"
HOUSTON_SCHEMA = "the project's GraphQL configuration names Houston's endpoint as its schema: "
# Red team 23, report 12, f11: a schema the configuration reads at run time (a variable with no default, a JS
# expression not read): another API's schema may be the project's, so vocabulary alone never makes its
# documents Houston's (weak, against: with Houston's words only, undecided).
RUN_TIME_SCHEMA = "the project's GraphQL configuration names a schema known only at run time: "


# GraphQL tool configurations that name a project's schema (graphql-config, GraphQL Code Generator).
CONFIG_NAMES = frozenset({
    ".graphqlrc", ".graphqlrc.yml", ".graphqlrc.yaml", ".graphqlrc.json", "graphql.config.yml", "graphql.config.yaml",
    "graphql.config.json", "graphql.config.js", "graphql.config.ts", "codegen.yml", "codegen.yaml", "codegen.json", "codegen.ts",
    ".graphqlrc.js", ".graphqlrc.cjs", ".graphqlrc.ts", "graphql.config.cjs", "graphql.config.mjs",
    # red team 25, report 12, f5: graphql-config's TOML and JSON5 forms (read as TOML, and as the JSON-like text it is)
    ".graphqlrc.toml", "graphql.config.toml", ".graphqlrc.json5", "graphql.config.json5",
})
# Red team 13 (report 12), F7: the other places graphql-config and Apollo read a project's schema from.
# ``package.json``: only its ``graphql`` (graphql-config) and ``apollo`` (Apollo) keys.
PACKAGE_JSON = "package.json"
# graphql-config's legacy files (``schemaPath``, ``extensions.endpoints``), still read by its loaders and IDE plugins.
LEGACY_CONFIG_NAMES = frozenset({".graphqlconfig", ".graphqlconfig.json", ".graphqlconfig.yml", ".graphqlconfig.yaml"})
# Apollo's project configuration (``client.service.url``, ``service.endpoint.url``, ``localSchemaFile``): JavaScript,
# never run; only string literals written after those keys are read.
APOLLO_CONFIG_NAMES = frozenset({"apollo.config.js", "apollo.config.cjs", "apollo.config.mjs", "apollo.config.ts"})
# Red team 17 (report 12), F27: ariadne-codegen, the Python codegen, reads ``[tool.ariadne-codegen]`` of
# ``pyproject.toml``: ``remote_schema_url`` (a URL) and ``schema_path`` (a local SDL file or folder).
PYPROJECT = "pyproject.toml"
_ARIADNE_CODEGEN_KEYS = ("schema_path", "remote_schema_url")
CONFIG_NAMES = CONFIG_NAMES | LEGACY_CONFIG_NAMES | APOLLO_CONFIG_NAMES | {PACKAGE_JSON, PYPROJECT}
# Keys whose string value names a schema (a path or a URL) in a JSON / YAML configuration.
_SCHEMA_KEYS = frozenset({"schema", "schemaPath", "localSchemaFile"})
_URL_KEYS = frozenset({"url"})  # Apollo's ``engine.endpoint`` string is its registry's URL, not the schema's
# ``url: 'https://api.acme-corp.net/graphql'`` / ``localSchemaFile: "./schema.graphql"`` in a JS configuration: a
# key, an optional quote, blanks, ":", blanks, one quote, then one run of characters that are no quote, backslash
# or newline (a template literal with ``${`` is left out later, as a value holding "$"): each match starts at a key
# word and its runs are of different classes: linear.
_JS_SCHEMA = re.compile(r"""\b(url|localSchemaFile)["']?[ \t]*:[ \t]*["'`]([^"'`\\\n]*)["'`]""")
# Red team 24, report 12, f7: ``url: process.env.FLEET_API_URL ?? '...'`` / ``url: FLEET_URL``: the key, blanks, ":",
# blanks, then (looked at, not read) a name's first character; the expression is read by ``_js_expression_at``.
# Each match starts at a key word, its two blank runs separated by ":": linear.
_JS_URL_EXPRESSION = re.compile(r"""\b(?:url|localSchemaFile)["']?[ \t]*:[ \t]*(?=[A-Za-z_$])""")
# ``service: { name: 'fleet', url }``: a shorthand property: "{" or ",", blanks, the key, blanks, then (looked at)
# "," or "}".  Each match starts at "{" or ",", its two blank runs separated by the key word: linear.
_JS_SHORTHAND = re.compile(r"[{,][ \t\r\n]*\b(url|localSchemaFile)\b[ \t\r\n]*(?=[,}])")
MAX_CONFIG_VALUES = 64  # values read from one configuration (the first ones)
# ``schema: ./server/schema.graphql``, ``"schema": ["a.graphql"]``, ``schema: 'x.graphql',``: the first path of each.
# Red team 10, F6: also a YAML block list (``schema:\n  - schema/api.graphqls:\n      noRequire: true``) and
# graphql-config's object form (``"schema": [{"a.graphqls": {...}}]``).  Each match starts at a ``schema`` key and
# reads a whitespace run, optional "[", "-", "{" (each with its own run after it), then one run of path characters;
# the runs of two matches never overlap (a ``schema`` word separates them): linear.
_CONFIG_SCHEMA = re.compile(
    r"""["']?\bschema["']?[ \t]*:\s*(?:\[\s*)?(?:-[ \t]+)?(?:\{\s*)?["']?([^"'\s,\]\}#]+)"""
)
MAX_GLOB_ENTRIES = 20000  # files and folders listed for every schema glob of the run together; beyond, no more
MAX_GLOB_CHARS = 300  # a longer schema glob is not matched (pattern length bounds the per-name matching work)
MAX_GLOB_ALTERNATIVES = 16  # ``*.{graphql,graphqls}``: one brace group, at most this many choices
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
        self._glob_budget = MAX_GLOB_ENTRIES

    def contexts(self, paths: Iterable[str], sources: Iterable[str] = ()) -> Dict[str, str]:
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
        if any(path.lower().endswith(SDL_SUFFIXES + (".py",)) for path in paths):  # a document to judge by fit
            self._python_index(sources, run_sdl)  # red team 20, report 12, F3: a schema written in Python
        found = {}
        for path in paths:
            lower = path.lower()
            if not lower.endswith(SDL_SUFFIXES + (".py",)):
                continue
            hit = self.context_for(path) or self._named_by_config(path)
            by_fit = lower.endswith(".py")
            if hit is not None and by_fit and not hit[1]:
                hit = None  # a config's schema URL binds its documents (.graphql), not the project's Python files
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

    def _python_index(self, sources: Iterable[str], run_sdl) -> None:
        """Red team 20, report 12, F3: a Python module of the run declaring a GraphQL server's schema
        (strawberry, graphene, ariadne's SDL strings: ``code_first_sdl``) is the project's SDL as a
        ``.graphql`` file is, judged per document by fit; a copy of Houston's is not (``houston_agreement``).
        Each module is read once; only one naming a server framework is parsed."""
        from ..files import read_bytes
        from . import code_first_sdl

        read = 0
        for path in sources:
            if read >= MAX_RUN_SDL_FILES or not path.endswith(".py") or "houston" in os.path.basename(path).lower():
                continue
            try:
                data = read_bytes(path)
            except OSError:
                continue
            if not any(marker.encode() in data for marker in code_first_sdl.MARKERS):
                continue
            read += 1
            sdl = code_first_sdl.sdl_of(data.decode("utf-8", errors="replace"))
            if sdl is None or _houston_copy(sdl) is not False:
                continue
            target = os.path.abspath(path)
            found = run_sdl.setdefault(self._root_of(os.path.dirname(target)), [])
            if len(found) < 2:
                found.append((f"schema declared in Python in the project: {os.path.relpath(path)}", target))

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
        top = _project_top(folder)
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
            if result is not None or self._roots.get(folder) or parent == folder or folder == top:
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
        values = [_with_defaults(value) for value in _config_values(os.path.basename(config), text)]
        houston = [value for value in values if _houston_endpoint(value)]
        if houston and len(houston) == len(values):
            # Red team 18, report 12, F17: every schema the configuration names is Houston's endpoint: the
            # project's IDE and codegen check these operations against Houston's schema, so they are Houston's.
            return f"{HOUSTON_SCHEMA}{_shown_url(houston[0])} (named by {os.path.relpath(config)})", ""
        names_houston = any("houston" in value.lower() for value in values)
        if any(_names_houston_url(value) for value in values):
            # a project of the configuration is Houston's: which documents are whose is not read here
            values = [value for value in values if "://" not in value]
        run_time = []
        for value in values:
            if "$" in value:
                run_time.append(value)  # a variable names no file or host we can see
                continue
            if "://" in value:
                # Red team 12, F3: the documents are for a schema served at another host (never fetched).
                foreign = _foreign_schema_url(value)
                if foreign is not None:
                    return f"the schema is another API's URL: {foreign} (named by {os.path.relpath(config)})", ""
                continue
            if value.lower().endswith(".json") and "houston" not in os.path.basename(value).lower():
                # Red team 12, F3: a local introspection result (Apollo / graphql-codegen), read like SDL.
                hit = self._introspection(os.path.normpath(os.path.join(os.path.dirname(config), value)))
                if hit is not None:
                    words, sdl_path = hit
                    return f"{words} (named by {os.path.relpath(config)})", sdl_path
                continue
            if any(c in value for c in "*?[{"):
                hit = self._glob(os.path.dirname(config), value)  # red team 10, F6: local SDL files a glob names
            elif not value.lower().endswith(SDL_SUFFIXES) or "houston" in os.path.basename(value).lower():
                continue
            else:
                hit = self._file(os.path.normpath(os.path.join(os.path.dirname(config), value)))
            if hit is not None:
                words, sdl_path = hit
                return f"{words} (named by {os.path.relpath(config)})", sdl_path
        if run_time and not names_houston:
            # Red team 23, report 12, f11: the schema exists but is read at run time (``${API_BASE}/graphql``,
            # ``process.env.SCHEMA_URL``): its documents may be another API's, so their words alone never decide.
            shown = " ".join(run_time[0].split())
            shown = shown if len(shown) <= 80 else shown[:77] + "..."
            return f"{RUN_TIME_SCHEMA}{shown} (named by {os.path.relpath(config)})", ""
        return None

    def _glob(self, base: str, pattern: str) -> Optional[Tuple[str, str]]:
        """The first project SDL file of the tree that a graphql-config / codegen ``schema:`` glob names.

        ``schema/**/*.graphqls``, ``./schema/*.graphqls``, ``*.{graphql,graphqls}``: the glob's literal
        leading folders are walked (``os.walk``, never following a symlink, and never above the
        repository: a ``..`` glob is not read), names matched component by component
        (``glob_matches``).  Nothing is fetched.  Every glob of the run shares one budget of listed
        entries, so the work is linear in the tree whatever the configs say.
        """
        if len(pattern) > MAX_GLOB_CHARS:
            return None
        alternatives = _expand_braces(pattern)
        if not alternatives:
            return None
        for alternative in alternatives:
            parts = [p for p in alternative.replace("\\", "/").split("/") if p not in ("", ".")]
            if ".." in parts or not parts or not parts[-1].lower().endswith(SDL_SUFFIXES) and "*" not in parts[-1]:
                continue
            literal = 0
            while literal < len(parts) - 1 and not any(c in parts[literal] for c in "*?["):
                literal += 1
            top = os.path.join(base, *parts[:literal]) if literal else base
            rest = parts[literal:]
            inside = os.path.realpath(top) == os.path.realpath(base) or os.path.realpath(top).startswith(os.path.realpath(base) + os.sep)
            if not inside or not os.path.isdir(top):
                continue  # a folder reached through a symlink out of the config's tree is not read
            for folder, dirs, names in os.walk(top, followlinks=False):
                self._glob_budget -= len(dirs) + len(names)
                if self._glob_budget < 0:
                    return None
                dirs.sort()
                relative = os.path.relpath(folder, top)
                prefix = [] if relative == "." else relative.split(os.sep)
                if not _prefix_may_match(rest, prefix):
                    dirs[:] = []
                    continue
                for name in sorted(names):
                    if not name.lower().endswith(SDL_SUFFIXES) or "houston" in name.lower():
                        continue
                    if glob_matches(rest, prefix + [name]):
                        path = os.path.join(folder, name)
                        if not os.path.islink(path):
                            hit = self._file(os.path.abspath(path))
                            if hit is not None:
                                return hit
        return None

    def _introspection(self, path: str) -> Optional[Tuple[str, str]]:
        """(words, path) when ``path`` is a regular file holding a non-Houston introspection result; read once."""
        if path not in self._files:
            found = None
            schema = _introspection_of(path)
            if schema is not None:
                types = [t.get("name") for t in schema.get("types", ()) if isinstance(t, dict) and t.get("kind") == "OBJECT"]
                named = [t for t in types if isinstance(t, str) and not t.startswith("__")]
                found = (f"introspection schema in the project: {os.path.relpath(path)}: types {', '.join(named[:3])}", path)
            self._files[path] = found
        return self._files[path]

    def _file(self, path: str) -> Optional[Tuple[str, str]]:
        """(words, path) when ``path`` is a regular file (never a symlink) of project SDL; each file read once."""
        if path not in self._files:
            from ..files import read_bytes

            found = None
            try:
                if not os.path.islink(path):
                    text = read_bytes(path).decode("utf-8", errors="replace")
                    match = SDL_DEFINITION.search(text)
                    if match is not None and not _houston_copy(text):
                        line = text.count("\n", 0, match.start()) + 1
                        found = (f"SDL type definitions in the project: {os.path.relpath(path)}:{line}: {' '.join(match.group().split())}", path)
            except OSError:
                found = None
            self._files[path] = found
        return self._files[path]

    def context_for(self, path: str) -> Optional[Tuple[str, str]]:
        folder = os.path.dirname(os.path.abspath(path))
        top = _project_top(folder)
        chain = []
        result = None
        while True:
            if folder in self._up:
                result = self._up[folder]
                break
            chain.append(folder)
            result = self._scan(folder)
            parent = os.path.dirname(folder)
            if result is not None or self._roots.get(folder) or parent == folder or folder == top:
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


def _project_top(folder: str) -> str:
    """The highest folder a walk up from ``folder`` reads configurations and SDL in: the git work tree's top, else
    the widest folder the run was pointed at (or its configured project) holding it (``look_around.tree_root``).
    Red team 24, report 12, f7 (side note): ``check`` in a subfolder with no git read a ``codegen.ts`` of a parent
    folder outside the run, as a ``pyproject.toml`` above a work tree is not read (``config.load``)."""
    from ..sources import look_around

    return look_around.tree_root(os.path.normpath(folder))


MAX_INTROSPECTION_BYTES = 8 << 20  # a larger schema.json is not read (json.loads is linear in what is read)


def _config_values(name: str, text: str) -> List[str]:
    """The schema paths and URLs a configuration names, in its order (at most ``MAX_CONFIG_VALUES``).

    ``.graphqlrc*``, ``graphql.config.*``, ``codegen.*``: each ``schema:`` value (``_CONFIG_SCHEMA``).
    Red team 13 (report 12), F7: ``package.json``'s ``graphql`` / ``apollo`` object and a legacy
    ``.graphqlconfig`` (JSON, or YAML for ``.graphqlconfig.yml``): ``schema``, ``schemaPath``,
    ``localSchemaFile``, and each endpoint's URL (``extensions.endpoints``, ``url``);
    ``apollo.config.js``: the string literals written after ``url:`` and ``localSchemaFile:``
    (``client.service.url``, ``service.endpoint.url``), the file never being run.
    """
    if name == PACKAGE_JSON or name in LEGACY_CONFIG_NAMES:
        data = _loaded(text, yaml=name.endswith((".yml", ".yaml")))
        if name == PACKAGE_JSON:
            data = [data.get("graphql"), data.get("apollo")] if isinstance(data, dict) else None
        return _structured_values(data)
    if name in APOLLO_CONFIG_NAMES:
        return _apollo_values(text)
    if name == PYPROJECT:
        return _ariadne_codegen_values(text)
    if name.endswith(".toml"):  # .graphqlrc.toml: schema = "https://..." (red team 25, report 12, f5)
        return _structured_values(_toml_loaded(text))
    values = []
    script = name.endswith(_SCRIPT_SUFFIXES)  # graphql.config.ts, codegen.ts, .graphqlrc.js: JavaScript, never run
    constants = _js_constants(text) if script else {}
    for match in _CONFIG_SCHEMA.finditer(text):
        if script:
            read = _js_schema_value(text, match, constants)
            if read is not None:
                values.append(read)
                if len(values) >= MAX_CONFIG_VALUES:
                    break
                continue
        value = match.group(1).rstrip(":")  # ``- schema/api.graphqls:`` (object form) names the path before ":"
        if "{" in value:  # ``*.{graphql,graphqls}``: the brace group holds "," and "}" (at most MAX_GLOB_CHARS read)
            end = text.find("}", match.end(1), match.end(1) + MAX_GLOB_CHARS)
            value = text[match.start(1):end + 1] if end > 0 else value
        values.append(value)
        if len(values) >= MAX_CONFIG_VALUES:
            break
    return values


def _apollo_values(text: str) -> List[str]:
    """``apollo.config.js``'s ``url`` / ``localSchemaFile`` values, in the file's order (at most ``MAX_CONFIG_VALUES``).

    A quoted literal as written; a template literal (red team 23, report 12, f11) or an expression,
    ``url: process.env.FLEET_API_URL ?? 'https://...'``, ``url: FLEET_URL``, read as ``codegen.ts``'s schema is
    (``_js_value``); red team 24, report 12, f7: the shorthand property ``service: { name: 'fleet', url }`` is the
    ``const url = ...`` of the file (a shorthand naming no constant of the file, a parameter or a destructured
    name, is not read).  One pass of each pattern and one of the constants.
    """
    constants = _js_constants(text)
    found: List[Tuple[int, str]] = []
    for match in _JS_SCHEMA.finditer(text):
        quote = match.start(2) - 1
        found.append((match.start(), _js_value(_js_expression_at(text, quote), constants, 0) if text[quote] == "`" else match.group(2)))
        if len(found) >= MAX_CONFIG_VALUES:
            break
    for count, match in enumerate(_JS_URL_EXPRESSION.finditer(text)):
        if count >= MAX_CONFIG_VALUES:
            break
        found.append((match.start(), _js_value(_js_expression_at(text, match.end()), constants, 0)))
    for count, match in enumerate(_JS_SHORTHAND.finditer(text)):
        if count >= MAX_CONFIG_VALUES:
            break
        if match.group(1) in constants:
            found.append((match.start(), _js_value(match.group(1), constants, 0)))
    return [value for _, value in sorted(found)][:MAX_CONFIG_VALUES]


_SCRIPT_SUFFIXES = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")
MAX_JS_EXPRESSION = 500  # characters of one schema expression read (the first ones)
# ``const API = `...`;``, ``export const SCHEMA_URL: string = '...'``: a constant's name and the rest of its line (at
# most MAX_JS_EXPRESSION characters, from its first non-blank), read once per configuration.  Each run is bounded and
# of another class than the text before it ("=" is not in the annotation's run, a blank not the value's first): linear.
_JS_CONSTANT = re.compile(r"\b(?:const|let|var)[ \t]+([A-Za-z_$][\w$]{0,99})[ \t]*(?::[^=\n]{0,100})?=[ \t]*([^\s][^\n]{0,499})")
# ``process.env.API_BASE``, ``process.env["API_BASE"]``, ``import.meta.env.VITE_API``: a variable read, its name
# in one bounded run: linear.
_JS_ENVIRONMENT = re.compile(r"(?:process|import\.meta)\.env(?:\.([A-Za-z_$][\w$]{0,99})|\[[\"'`]([A-Za-z_$][\w$]{0,99})[\"'`]\])")
MAX_JS_CONSTANTS = 256


def _js_constants(text: str) -> Dict[str, str]:
    """Name -> the expression text of each ``const``/``let``/``var`` of a JavaScript configuration (the first one
    of each name, at most ``MAX_JS_CONSTANTS``): one pass, so a schema written through a constant is read."""
    found: Dict[str, str] = {}
    for match in _JS_CONSTANT.finditer(text):
        found.setdefault(match.group(1), match.group(2))
        if len(found) >= MAX_JS_CONSTANTS:
            break
    return found


def _js_schema_value(text: str, match, constants: Dict[str, str]) -> Optional[str]:
    """The schema a JavaScript configuration's ``schema:`` holds when it is a template literal or an expression
    (red team 23, report 12, f11), else None (a quoted path or URL, an object or list: read as before).

    ``schema: `${process.env.API_BASE ?? 'https://inventory.acme-corp.net'}/graphql``` reads as
    ``https://inventory.acme-corp.net/graphql``: the default (``??``, ``||``) of an environment variable is what
    the project's own runs use, as ``${VAR:default}`` is in YAML.  A variable with no default, or an expression
    not read (a function call), stays as ``${NAME}`` / ``$expression``: a schema known only at run time.
    """
    colon = text.find(":", match.start(), match.end())
    at = colon + 1
    while at < len(text) and text[at] in " \t\r\n[":
        at += 1
    if text[at : at + 1] == "{":
        # Red team 24, report 12, f7: graphql-codegen's documented object form for passing headers,
        # ``schema: { [process.env.FLEET_API_URL ?? 'https://fleet...']: { headers } }``: a computed key is the
        # schema, read like a plain expression (a quoted key is read by the pattern, as before).
        at += 1
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if text[at : at + 1] != "[":
            return None
        return _js_value(_js_expression_at(text, at + 1), constants, 0)
    first = text[at : at + 1]
    if not (first == "`" or first.isalpha() or first in "_$"):
        return None
    expression = _js_expression_at(text, at)
    return _js_value(expression, constants, 0)


def _js_expression_at(text: str, at: int) -> str:
    """The expression starting at ``at``: up to a ``,`` ``;`` newline or closing bracket outside strings, templates
    and brackets (at most ``MAX_JS_EXPRESSION`` characters).  One scan with a stack of what is open: a template's
    text, a template's ``${`` field, a bracket."""
    stack: List[str] = []
    quote, end = "", at
    limit = min(len(text), at + MAX_JS_EXPRESSION)
    while end < limit:
        char = text[end]
        if quote or (stack and stack[-1] == "`"):  # inside '...' / "..." or a template's text
            if char == "\\":
                end += 1
            elif quote and char == quote:
                quote = ""
            elif not quote and char == "`":
                stack.pop()
            elif not quote and char == "$" and text[end + 1 : end + 2] == "{":
                stack.append("${")
                end += 1
        elif char in "'\"":
            quote = char
        elif char in "`([{":
            stack.append(char)
        elif char in ")]}":
            if not stack:
                break
            stack.pop()
        elif not stack and char in ",;\n":
            break
        end += 1
    return text[at:end].strip()


def _js_value(expression: str, constants: Dict[str, str], depth: int) -> str:
    """The string a JavaScript expression stands for, as far as it is read: a quoted literal, a template literal
    (each field read the same way), an environment variable's ``??`` / ``||`` default, a constant of the file
    (one level); else ``${NAME}`` for a variable read, ``$expression`` for anything else (known at run time)."""
    expression = expression.strip()
    if len(expression) >= 2 and expression[0] in "'\"" and expression[-1] == expression[0] and expression[0] not in expression[1:-1]:
        return expression[1:-1]
    if len(expression) >= 2 and expression[0] == "`" and expression[-1] == "`":
        return _template_value(expression[1:-1], constants, depth)
    split = _top_level_or(expression)
    if split is not None:
        left, right = split
        variable = _JS_ENVIRONMENT.fullmatch(left.strip())
        if variable is not None or left.strip() in constants:
            default = _js_value(right, constants, depth + 1)
            return default if "$" not in default else _js_value(left, constants, depth + 1)
        return "$" + expression
    variable = _JS_ENVIRONMENT.fullmatch(expression)
    if variable is not None:
        return "${" + (variable.group(1) or variable.group(2)) + "}"
    if depth < 2 and expression in constants:
        return _js_value(constants[expression].rstrip().rstrip(";,"), constants, depth + 1)
    return "$" + expression


def _template_value(body: str, constants: Dict[str, str], depth: int) -> str:
    """A template literal's text with each ``${...}`` field read (``_js_value``).  One scan of ``body``."""
    out, at = [], 0
    while at < len(body):
        opened = body.find("${", at)
        if opened < 0:
            out.append(body[at:])
            break
        out.append(body[at:opened])
        closed = _field_end(body, opened + 2)
        if closed < 0:
            out.append(body[opened:])
            break
        out.append(_js_value(body[opened + 2 : closed], constants, depth + 1) if depth < 3 else "$")
        at = closed + 1
    return "".join(out)


def _field_end(body: str, at: int) -> int:
    """The offset of the ``}`` closing a template field opened before ``at`` (quotes and braces skipped), or -1."""
    depth, quote = 0, ""
    for end in range(at, len(body)):
        char = body[end]
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                return end
            depth -= 1
    return -1


def _top_level_or(expression: str) -> Optional[Tuple[str, str]]:
    """``A ?? B`` / ``A || B`` split at its first such operator outside quotes and brackets, else None."""
    depth, quote = 0, ""
    for at, char in enumerate(expression):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and expression[at : at + 2] in ("??", "||"):
            return expression[:at], expression[at + 2 :]
    return None


def _ariadne_codegen_values(text: str) -> List[str]:
    """``[tool.ariadne-codegen]``'s ``schema_path`` and ``remote_schema_url`` (red team 17, report 12, F27).

    ariadne-codegen generates a typed client from those and the operations of ``queries_path``:
    like graphql-codegen's ``schema:``, another host's URL says its documents are that API's, and a
    local SDL file is the project's schema (a folder of SDL files is read as its ``*.graphql*`` glob).
    A ``pyproject.toml`` without that table (most of them) is not parsed at all.
    """
    if "ariadne-codegen" not in text:
        return []
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        table = tomllib.loads(text).get("tool", {}).get("ariadne-codegen")
    except (tomllib.TOMLDecodeError, AttributeError, ValueError, RecursionError):
        return []
    if not isinstance(table, dict):
        return []
    values = []
    for key in _ARIADNE_CODEGEN_KEYS:
        value = table.get(key)
        if isinstance(value, str) and value:
            if key == "schema_path" and not value.lower().endswith(SDL_SUFFIXES + (".json",)) and "*" not in value:
                value = value.rstrip("/") + "/*.{graphql,graphqls,gql,gqls}"  # a folder of SDL files
            values.append(value[:MAX_GLOB_CHARS])
    return values


# ``${PLATFORM_API_URL:https://platform.acme-corp.net/graphql}``: graphql-config's and GraphQL Code Generator's
# environment interpolation with a default.  A variable name, then an optional ":" and a run of non-"}"
# characters: each match starts at "${" and its runs are of different classes: linear.
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}")


def _with_defaults(value: str) -> str:
    """``value`` with each ``${VAR:default}`` read as its default (red team 16, report 12, F3).

    graphql-config and codegen document ``schema: ${VAR:default}`` as the way to let CI override
    the endpoint; the default is what the project's own runs use, so it is read like the plain value.
    A ``${VAR}`` without a default is left as written (a "$" value: no evidence).
    """
    if "${" not in value:
        return value
    return _INTERPOLATION.sub(lambda match: match.group(0) if match.group(2) is None else match.group(2), value)


def _toml_loaded(text: str):
    """A TOML configuration's data (None when it does not load: any malformed file gives no evidence)."""
    try:
        import tomllib
    except ImportError:  # Python before 3.11: the file is not read
        return None
    try:
        return tomllib.loads(text)
    except Exception:
        return None


def _loaded(text: str, yaml: bool):
    """The configuration's data (None when it does not load): JSON, or YAML through PyYAML's safe loader."""
    import json

    try:
        if yaml:
            import yaml as pyyaml

            return pyyaml.safe_load(text)
        return json.loads(text)
    except Exception:  # any malformed configuration (PyYAML's and json's errors, too deep): no evidence from it
        return None


def _structured_values(data) -> List[str]:
    """Strings under schema and URL keys of loaded configuration data, in document order.

    ``schema: {"https://api/graphql": {headers}}`` / ``schema: [{"a.graphqls": {...}}]``: a mapping's keys
    under a schema key are the values.  Under ``endpoints`` each value (a URL, or ``{url: ...}``) is an
    endpoint's.  Each container is walked once (YAML aliases share one object): linear in the data.
    """
    values: List[str] = []
    stack = [(data, None)]
    seen = set()
    while stack and len(values) < MAX_CONFIG_VALUES:
        node, key = stack.pop()
        if isinstance(node, str):
            if key in _SCHEMA_KEYS or key in _URL_KEYS:
                values.append(node)
            continue
        if not isinstance(node, (dict, list)) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend((item, key) for item in reversed(node))
            continue
        children = []
        for child_key, value in node.items():
            if key in _SCHEMA_KEYS and isinstance(child_key, str):
                values.append(child_key)  # the schema's path or URL, its options as the value
            elif key == "endpoints":
                children.append((value, "url"))
            elif isinstance(child_key, str):
                children.append((value, child_key))
        stack.extend(reversed(children))
    return values[:MAX_CONFIG_VALUES]


def _houston_endpoint(value: str) -> bool:
    """``https://houston.astro.acme.com/v1``: a schema URL whose host's first label is ``houston`` and whose
    path is Houston's ``/v1`` (no variable left in it), the endpoint Houston serves its schema at."""
    from urllib.parse import urlsplit

    if "$" in value or "://" not in value:
        return False
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    return host.startswith("houston.") and parts.path.rstrip("/") == "/v1"


def _shown_url(url: str) -> str:
    """The URL's scheme, host and path: never its userinfo or query (a token there is never shown)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}{parts.path}"


def _names_houston_url(value: str) -> bool:
    """A schema URL naming Houston (a ``houston`` host label, or Houston's ``/v1`` path)."""
    if "://" not in value or _foreign_schema_url(value) is not None or "houston" not in value.lower():
        return False
    from urllib.parse import urlsplit

    from .gather_calls import houston_host

    try:
        parts = urlsplit(value)
        netloc = parts.netloc.rpartition("@")[2].lower()
    except ValueError:
        return False
    # red team 22, report 12, f6: houston-dc1.inventory.acme.net is no Houston host; a gateway's /houston/v1 path names it
    return houston_host(netloc) or "houston" not in netloc


def _foreign_schema_url(url: str) -> Optional[str]:
    """``url`` when it is a schema URL that cannot be Houston's: its host names no ``houston`` and is a registered-looking
    domain, at any path.  Red team 25, report 12, f4: ``schema: https://api.acme-corp.net/v1`` (a project's own API,
    versioned at ``/v1``) gave no evidence while a Python send to the same URL is strong against (``foreign_host``)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    from .gather_calls import houston_host, visible_host

    if not host or houston_host(parts.netloc.rpartition("@")[2].lower()):
        return None
    if not visible_host(parts.netloc.rpartition("@")[2]):
        return None  # localhost, an IP address, a single-label service or port 8871: a local Houston may serve it
    return f"{parts.scheme}://{host}{parts.path}"  # no userinfo, query or fragment: a token there is never shown


def _introspection_of(path: str) -> Optional[dict]:
    """The ``__schema`` object of an introspection result at ``path`` (None: unreadable, not one, or Houston's)."""
    import json

    from ..files import read_bytes

    try:
        if os.path.islink(path):
            return None
        text = read_bytes(path, limit=MAX_INTROSPECTION_BYTES).decode("utf-8", errors="replace")
        if "workspaceUuid" in text:
            return None  # Houston's own schema, downloaded next to the operations
        data = json.loads(text)
    except (OSError, ValueError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"]
    schema = data.get("__schema") if isinstance(data, dict) else None
    if not isinstance(schema, dict) or not isinstance(schema.get("types"), list):
        return None
    return schema


def _expand_braces(pattern: str) -> List[str]:
    """``a.{x,y}`` -> ``a.x``, ``a.y`` (one brace group; nested or several groups: as written, matched literally)."""
    start = pattern.find("{")
    end = pattern.find("}", start + 1)
    if start < 0 or end < 0 or "{" in pattern[start + 1:end] or "{" in pattern[end + 1:]:
        return [pattern]
    choices = pattern[start + 1:end].split(",")
    if len(choices) > MAX_GLOB_ALTERNATIVES:
        return []
    return [pattern[:start] + choice + pattern[end + 1:] for choice in choices]


def _component_matches(pattern: str, name: str) -> bool:
    """fnmatch for one path component (``*``, ``?``, ``[...]``), greedy with one back-off point.

    The classic two-pointer wildcard match: at most ``len(pattern) * len(name)`` steps, and the
    pattern is at most ``MAX_GLOB_CHARS`` long, so each name costs time linear in its length.
    """
    p = n = 0
    star_p, star_n = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] == "*":
            star_p, star_n = p, n
            p += 1
            continue
        if p < len(pattern):
            step = _one(pattern, p, name[n])
            if step:
                p += step
                n += 1
                continue
        if star_p < 0:
            return False
        star_n += 1
        p, n = star_p + 1, star_n
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def _one(pattern: str, p: int, char: str) -> int:
    """How many pattern characters match ``char`` at ``p`` (0: no match)."""
    if pattern[p] == "?":
        return 1
    if pattern[p] == "[":
        end = pattern.find("]", p + 2)
        if end > 0:
            body = pattern[p + 1:end]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            hit = any(
                body[i] <= char <= body[i + 2] if i + 2 < len(body) and body[i + 1] == "-" else body[i] == char
                for i in range(len(body))
            )
            return end - p + 1 if hit != negate else 0
    return 1 if pattern[p] == char else 0


def glob_matches(parts: List[str], names: List[str]) -> bool:
    """Do path components ``names`` match glob components ``parts`` (``**`` spans any number of folders)?

    Dynamic programming over (glob component, name component): at most
    ``len(parts) * len(names)`` component matches.
    """
    reach = {0}  # glob positions reachable after the names read so far
    reach = _close(parts, reach)
    for name in names:
        following = set()
        for i in reach:
            if i < len(parts):
                if parts[i] == "**":
                    following.add(i)  # ``**`` takes this folder too
                elif _component_matches(parts[i], name):
                    following.add(i + 1)
        reach = _close(parts, following)
        if not reach:
            return False
    return len(parts) in reach


def _close(parts: List[str], reach) -> set:
    closed = set(reach)
    for i in sorted(reach):
        while i < len(parts) and parts[i] == "**":  # ``**`` may stand for no folder at all
            i += 1
            closed.add(i)
    return closed


def _prefix_may_match(parts: List[str], folders: List[str]) -> bool:
    """Can files under ``folders`` still match ``parts`` (so the walk goes into them)?"""
    reach = _close(parts, {0})
    for name in folders:
        following = set()
        for i in reach:
            if i < len(parts) - 1 or (i < len(parts) and parts[i] == "**"):
                if parts[i] == "**":
                    following.add(i)
                elif _component_matches(parts[i], name):
                    following.add(i + 1)
        reach = _close(parts, following)
        if not reach:
            return False
    return True


def _digest(path: str) -> Optional[str]:
    from ..files import read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except OSError:
        return None


def _houston_copy(text: str) -> bool:
    """Red team 20, report 12, F10: an SDL is "a Houston schema kept there" when it agrees with Houston's
    (``houston_agreement``), not because it declares ``workspaceUuid``; one that does not build keeps that
    word's former answer."""
    from .houston_agreement import sdl_is_houstons

    agreed = sdl_is_houstons(text)
    return "workspaceUuid" in text if agreed is None else agreed


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
    from graphql import GraphQLError

    from ..files import read_bytes

    try:
        data = read_bytes(path, limit=MAX_INTROSPECTION_BYTES)
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        if path.lower().endswith(".json"):  # an introspection result (red team 12, F3)
            import json

            from graphql import build_client_schema

            result = json.loads(data.decode("utf-8", errors="replace"))
            return build_client_schema(result.get("data", result))
        text = data.decode("utf-8", errors="replace")
        if path.endswith(".py"):  # a schema declared in Python (red team 20, report 12, F3)
            from .code_first_sdl import sdl_of

            text = sdl_of(text) or ""
        return _built_sdl(text)
    except (OSError, GraphQLError, TypeError, ValueError, RecursionError, KeyError, AttributeError):
        return None


def _built_sdl(text: str):
    """The schema an SDL text defines, Apollo Federation subgraphs included.

    Red team 16 (report 12), F18: a subgraph uses ``@key(fields: "id")``, ``@external``,
    ``extend schema @link(...)`` without declaring them (its gateway does), and Federation 1
    writes its root as ``extend type Query { ... }`` with no ``type Query``.  graphql-core's
    SDL validation refuses both, which left a federation project's operations judged by their
    words alone.  Directives never change which fields and arguments exist, so an SDL that does
    not validate is built again without that validation, each extension of a type the text
    never defines read as its definition.  One parse and one pass over the definitions: linear.
    """
    from graphql import DocumentNode, GraphQLError, build_ast_schema, build_schema, parse

    try:
        return build_schema(text)
    except (GraphQLError, TypeError):  # graphql-core reports an invalid SDL as a TypeError
        pass
    document = parse(text)
    defined = {node.name.value for node in document.definitions if hasattr(node, "name") and node.kind.endswith("_definition")}
    definitions = []
    for node in document.definitions:
        definition = _definition_of(node) if node.kind.endswith("_extension") and getattr(node, "name", None) is not None else None
        if definition is not None and node.name.value not in defined:
            defined.add(node.name.value)
            node = definition
        definitions.append(node)
    return build_ast_schema(DocumentNode(definitions=tuple(definitions)), assume_valid_sdl=True)


def _definition_of(extension):
    """The type definition an ``extend type|interface|input|enum|union|scalar`` node reads as (None: another kind)."""
    from graphql import language

    kinds = {
        "object_type_extension": language.ObjectTypeDefinitionNode,
        "interface_type_extension": language.InterfaceTypeDefinitionNode,
        "input_object_type_extension": language.InputObjectTypeDefinitionNode,
        "enum_type_extension": language.EnumTypeDefinitionNode,
        "union_type_extension": language.UnionTypeDefinitionNode,
        "scalar_type_extension": language.ScalarTypeDefinitionNode,
    }
    made = kinds.get(extension.kind)
    if made is None:
        return None
    fields = {key: getattr(extension, key) for key in made.keys if key not in ("loc", "description") and hasattr(extension, key)}
    return made(**fields, description=None)


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
    """Context against Houston (the project's own SDL, another host's schema URL); strong for Houston when the
    project's graphql-config names Houston's endpoint as its only schema (red team 18, report 12, F17)."""
    words = words_of(text)
    if words.startswith(HOUSTON_SCHEMA):
        return Evidence(KIND, True, STRONG, words)
    if words.startswith(RUN_TIME_SCHEMA):  # red team 23, report 12, f11: never Houston's on its words alone
        return Evidence(KIND, False, WEAK, words)
    return Evidence(KIND, False, CONTEXT, words)
