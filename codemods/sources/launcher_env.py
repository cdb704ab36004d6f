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

Red team 23 (report 11b), f4 and f5: the other launchers a project sets compose's variables with.  A
``tox.ini`` ``setenv =`` / ``set_env =`` (its value on the key's line and the indented lines below it,
comments skipped; tox's ``{env:X}`` substitutions are a value of unknown text; ``file|ci.env`` reads that
file), a Taskfile's ``env:`` mapping (top level, a task's or a command's) and its ``dotenv:`` files, a noxfile's
``session.env["NAME"] = "value"`` / ``session.env.setdefault(...)``, and ``docker compose --env-file ci.env``
(``"--env-file", "ci.env"`` in an argument list) and a justfile's ``set dotenv-filename := "ci.env"``, whose file
compose reads instead of ``.env``: its lines are
set before compose runs, named by the env file's line and the launcher's.  A make file the root Makefile
``include``s or runs with ``-f`` is a make file too (:func:`.image_readers.is_make_file`).  An empty value,
a line with no ``=`` or a lone key never ends the run (f4: ``setenv =`` was read as ``""[0]``).
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
# ``.EXPORT_ALL_VARIABLES:``, or ``export`` alone on its line (GNU make: every variable), red team 23 (11b), f2
_EXPORT_ALL = re.compile(r"[ \t]*(?:\.EXPORT_ALL_VARIABLES[ \t]*:|export[ \t]*$)")
# just's ``set dotenv-filename := "ci.env"`` / ``set dotenv-path := ...``: the env file its recipes run with
_JUST_DOTENV = re.compile(r"[ \t]*set[ \t]+dotenv-(?:filename|path)[ \t]*:=[ \t]*([^ \t\n][^\n]{0,399})")
# ``NAME=value docker compose ...`` / ``docker-compose`` on one line (a prefix assignment)
_PREFIX_SET = re.compile(r"(?<![\w$])([A-Za-z_][A-Za-z0-9_]{0,127})=(\"[^\"\n]{0,400}\"|'[^'\n]{0,400}'|[^ \t\n;&|]{1,400})[ \t]+(?=docker)")
# Python: os.environ.setdefault("NAME", "value") and os.environ["NAME"] = "value"; nox's session.env (red team
# 23, report 11b, f5) the same way
_PYTHON_SET = re.compile(
    r"\b(?:environ|env)(?:\.setdefault\([ \t]*|\[[ \t]*)[\"']([A-Za-z_][A-Za-z0-9_]{0,127})[\"'][ \t]*(?:,|\][ \t]*=)[ \t]*"
    r"[rRuU]?[\"']([^\"'\n]{0,400})[\"']"
)
# red team 23 (report 11b), f5: ``docker compose --env-file FILE`` (``--env-file=FILE``), and in a Python argument
# list ``"--env-file", "FILE"``: a fixed flag, then one bounded run of one class (linear)
_ENV_FILE_FLAG = re.compile(r"--env-file(?:=|[ \t]+)[\"']?([^ \t\n;&|\"'`$]{1,300})")
_PYTHON_ENV_FILE = re.compile(r"[\"']--env-file[\"'][ \t]*,[ \t]*[rRuU]?[\"']([^\"'\n$]{1,300})[\"']")
# a dotenv line (compose's --env-file, tox's ``file|``, Taskfile's ``dotenv:``): ``[export] NAME=value`` or
# ``NAME: value``; anchored, the value one run from its first non-blank (linear)
_DOTENV_LINE = re.compile(r"[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]{0,127})[ \t]*[=:][ \t]*([^ \t\n][^\n]{0,399}|)")
# tox: a section header, the ``setenv`` / ``set_env`` key (its value on the line and the indented lines below),
# an entry ``NAME = value`` / ``NAME=value``; anchored, bounded runs (linear)
_INI_SECTION = re.compile(r"\[([^\]\n]{0,200})\]")
_TOX_SETENV = re.compile(r"(?:setenv|set_env)[ \t]*[=:][ \t]*([^ \t\n][^\n]{0,399}|)")
_TOX_ENTRY = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]*=[ \t]*([^ \t\n][^\n]{0,399}|)")
# Taskfile: an ``env:`` key (alone on its line: a mapping below), a ``NAME: value`` entry, a ``dotenv:`` list
_YAML_ENV_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?(env|environment|variables)[ \t]*:[ \t]*(?:#[^\n]{0,400})?$")
_YAML_ENTRY = re.compile(r"[ \t]*[\"']?([A-Za-z_][A-Za-z0-9_]{0,127})[\"']?[ \t]*:(?:[ \t]+([^ \t\n][^\n]{0,399})|[ \t]*)$")
_YAML_DOTENV = re.compile(r"[ \t]*dotenv[ \t]*:[ \t]*([^ \t\n][^\n]{0,399}|)")
_YAML_ITEM = re.compile(r"[ \t]*-[ \t]+([^ \t\n][^\n]{0,399})")
TASKFILES = frozenset(("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "Taskfile.dist.yml", "Taskfile.dist.yaml"))
# Python: a "NAME": "value" dict entry (an ``env=`` mapping)
_PYTHON_ENTRY = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]{0,127})[\"'][ \t]*:[ \t]*[rRuU]?[\"']([^\"'\n]{0,400})[\"']")


def values(compose_path: Optional[str]) -> Dict[str, List[Tuple[str, str]]]:
    """NAME -> ``[(value, "file:line"), ...]`` the project's launchers of compose set (see the module)."""
    if not compose_path or compose_path == "-":
        return {}
    return _values_near(os.path.dirname(os.path.normpath(os.path.abspath(compose_path))))


@lru_cache(maxsize=256)
def _values_near(folder: str) -> Dict[str, List[Tuple[str, str]]]:
    from .image_readers import project_shell_files

    from .outside_writers import ci_files

    root = tree_root(folder)
    # the CI files too: a workflow's / job's / step's ``env:``, GitLab's ``variables:``, CircleCI's ``environment:``
    files = list(project_shell_files([os.path.join(folder, "_")])) + list(ci_files(root))
    for near in dict.fromkeys((root, folder)):
        try:
            with os.scandir(near) as entries:
                files.extend(sorted(e.path for e in entries if e.name.endswith(".py") and e.is_file(follow_symlinks=False)))
        except (OSError, ValueError):
            continue
    from .image_readers import is_make_file

    # red team 23 (report 11b), f2: the make files of a project (the Makefile and what it includes or runs with
    # -f) are one program: a fragment's export counts when any of them runs compose
    makes = [path for path in dict.fromkeys(files) if is_make_file(path)]
    make_runs = any(_runs_compose(path) for path in makes)
    found: Dict[str, List[Tuple[str, str]]] = {}
    for path in dict.fromkeys(files):
        for name, value, line in _file_values(path, make_runs and path in makes):
            entries = found.setdefault(name, [])
            where = line if isinstance(line, str) else f"{os.path.relpath(path)}:{line}"  # an env file: its own line
            if len(entries) < 4 and all(e[0] != value for e in entries):
                entries.append((value, where))
    return found


@lru_cache(maxsize=1024)
def _text(path: str) -> Optional[str]:
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError):
        return None


def _runs_compose(path: str) -> bool:
    text = _text(path)
    return text is not None and _RUNS_COMPOSE.search(text) is not None


@lru_cache(maxsize=1024)
def _file_values(path: str, launched: bool = False) -> Tuple[Tuple[str, str, object], ...]:
    """What ``path`` sets, when it runs compose (or, ``launched``, another make file of its project does)."""
    text = _text(path)
    if text is None or not (launched or _RUNS_COMPOSE.search(text) is not None):
        return ()
    found: List[Tuple[str, str, object]] = []
    if path.endswith(".py"):
        for match in _PYTHON_SET.finditer(text):
            found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        if "env=" in text or "env =" in text or "env.update(" in text:
            for match in _PYTHON_ENTRY.finditer(text):
                found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        if "--env-file" in text:
            for match in _PYTHON_ENV_FILE.finditer(text):
                found.extend(_env_file(path, match.group(1), text.count("\n", 0, match.start()) + 1))
        return tuple(found)
    lines = text.splitlines()
    from .image_readers import is_make_file

    name = os.path.basename(path)
    if name == "tox.ini":
        found.extend(_tox_values(path, lines))
    elif name in TASKFILES:
        found.extend(_taskfile_values(path, lines, ("env",)))  # a Taskfile's vars: are not the environment
    elif path.endswith((".yml", ".yaml")):
        found.extend(_taskfile_values(path, lines, ("env", "environment", "variables")))
    if "dotenv-" in text and name.lower() in ("justfile", ".justfile"):
        for number, line in enumerate(lines, 1):
            match = _JUST_DOTENV.match(line)
            if match is not None:
                found.extend(_env_file(path, _unquoted(match.group(1)), number))
    if "--env-file" in text:
        for number, line in enumerate(lines, 1):
            for match in _ENV_FILE_FLAG.finditer(line) if "--env-file" in line else ():
                found.extend(_env_file(path, match.group(1), number))
    make = is_make_file(path)
    exported = set()
    export_all = False
    if make:
        from .image_readers import make_program

        # red team 23 (11b), f2: ``export NAME`` (or .EXPORT_ALL_VARIABLES) in the Makefile including this one counts
        program = [line for other in make_program(path) for line in (_text(other) or "").splitlines()]
        for line in lines + program:
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


def _tox_values(path: str, lines: List[str]) -> List[Tuple[str, str, object]]:
    """tox's ``setenv`` / ``set_env`` of every section: ``NAME = value`` on the key's line or on the indented
    (continuation) lines below it; ``#`` / ``;`` lines skipped; ``file|PATH`` reads that dotenv file."""
    found: List[Tuple[str, str, object]] = []
    inside = False
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if inside and line[:1] in (" ", "\t") and stripped:
            entry = stripped
        elif inside and not stripped:
            continue
        else:
            inside = False
            match = _TOX_SETENV.match(line) if not line[:1].isspace() else None
            if match is None:
                continue
            inside, entry = True, match.group(1).strip()
        if not entry or entry[0] in "#;":
            continue
        if entry.startswith("file|"):
            found.extend(_env_file(path, entry[5:].strip(), number))
            continue
        match = _TOX_ENTRY.match(entry)
        if match is not None:
            found.append((match.group(1), _unquoted(match.group(2)), number))
    return found


def _taskfile_values(path: str, lines: List[str], keys: Tuple[str, ...]) -> List[Tuple[str, str, object]]:
    """A Taskfile's ``env:`` mappings (top level, a task's, a command's) and its ``dotenv:`` files; a CI file's
    ``env:`` / ``variables:`` / ``environment:`` mappings (``keys``).  An entry whose value is on the lines below
    (``sh: ...``, GitLab's ``value:``) or a template (``{{.X}}``) is a value of unknown text."""
    found: List[Tuple[str, str, object]] = []
    env_indent = -1  # inside an env: mapping whose key sat at this indentation
    child = -1  # the indentation of its entries
    dotenv_indent = -1  # inside a dotenv: list
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        if env_indent >= 0:
            if indent > env_indent:
                if child < 0:
                    child = indent
                match = _YAML_ENTRY.match(line) if indent == child else None
                if match is not None:
                    value = match.group(2) or ""
                    if not value or value[0] in "|>&*!":  # on the lines below, a block scalar, an alias, a tag
                        value = "{dynamic}"
                    found.append((match.group(1), _unquoted(value), number))
                continue
            env_indent = child = -1
        if dotenv_indent >= 0:
            item = _YAML_ITEM.match(line)
            if indent >= dotenv_indent and item is not None:
                found.extend(_env_file(path, _unquoted(item.group(1)), number))
                continue
            dotenv_indent = -1
        key = _YAML_ENV_KEY.match(line)
        if key is not None and key.group(1) in keys:
            env_indent = indent + (2 if stripped.startswith("-") else 0)
            continue
        listed = _YAML_DOTENV.match(line)
        if listed is not None:
            value = listed.group(1).split(" #", 1)[0].strip()
            if value.startswith("[") and value.endswith("]"):  # dotenv: ['ci.env', .env]
                for item in value[1:-1].split(","):
                    if _unquoted(item):
                        found.extend(_env_file(path, _unquoted(item), number))
            elif not value:
                dotenv_indent = indent
    return found


def _env_file(launcher: str, name: str, number: int) -> List[Tuple[str, str, str]]:
    """The ``NAME=value`` lines of the env file a launcher's line names (``--env-file``, tox ``file|``, Taskfile
    ``dotenv:``), from the launcher's folder, else its work tree's root: ``(name, value, "where")`` with where
    naming the env file's line and the launcher's."""
    name = name.strip()
    if not name or "$" in name or "{" in name or name.startswith("~"):
        return []
    folder = os.path.dirname(path_abs(launcher))
    for base in dict.fromkeys((folder, tree_root(folder))):
        candidate = os.path.normpath(os.path.join(base, name))
        if os.path.isfile(candidate):
            break
    else:
        return []
    found: List[Tuple[str, str, str]] = []
    for entry, value, line in _dotenv_lines(candidate):
        found.append((entry, value, f"{os.path.relpath(candidate)}:{line}, read by {os.path.relpath(launcher)}:{number}"))
    return found


def path_abs(path: str) -> str:
    return os.path.normpath(os.path.abspath(path))


@lru_cache(maxsize=256)
def _dotenv_lines(path: str) -> Tuple[Tuple[str, str, int], ...]:
    try:
        if os.path.getsize(path) > MAX_BYTES:
            return ()
        with open(path, "rb") as handle:
            text = handle.read(MAX_BYTES).decode("utf-8-sig", "replace")
    except (OSError, ValueError):
        return ()
    found: List[Tuple[str, str, int]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        match = _DOTENV_LINE.match(line)
        if match is not None:
            found.append((match.group(1), _unquoted(match.group(2)), number))
    return tuple(found)


def _unquoted(raw: str) -> str:
    raw = raw.strip()
    if raw and raw[0] in "\"'":  # red team 23 (11b), f4: "" is in every string, so test the character
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    cut = raw.find(" #")
    return (raw[:cut] if cut >= 0 else raw).strip()
