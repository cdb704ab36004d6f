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

Red team 24 (report 11b), f3 and f4: the setters were read by example (``export NAME=value`` on one line), so a
launcher exporting the variable another way had the compose default migrated under it.  Each launcher is now read
with its own grammar.  A shell file (:func:`_shell_values`): ``export`` / ``declare -x`` / ``typeset -x`` / ``local
-x`` assignments, ``NAME=value`` with ``export NAME`` anywhere, every assignment after ``set -a`` / ``set -o
allexport``, a sourced file's lines (``. FILE`` / ``source FILE``, nested, bounded) and every line of the file
``export $(cat FILE | xargs)`` reads; a make or just recipe line is such a shell of its own.  Make
(:func:`_make_assignment`): a target-specific assignment (``up: export NAME := value``) and the modifiers
``override`` / ``private`` before a name.  just (:func:`_just_values`): ``set export``, ``$NAME="default"`` recipe
parameters and the files a justfile imports.  Python (:func:`_python_updates`): ``os.environ.update(...)``,
``os.environ |= {...}``, ``os.putenv``.

Red team 25 (report 11b), f3: a ``package.json`` script running compose (:func:`_package_values`) and a CI step
writing ``NAME=value`` to ``$GITHUB_ENV`` / ``$BASH_ENV``, to a GitLab ``artifacts: reports: dotenv:`` file, or by
Azure's ``##vso[task.setvariable]`` (:func:`_ci_env_writes`) set compose's variables too.
"""

from __future__ import annotations

import ast
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
# ``NAME=value python deploy.py``: a prefix assignment before any command word, read on a line naming the script
_PREFIX_SET_ANY = re.compile(r"(?<![\w$])([A-Za-z_][A-Za-z0-9_]{0,127})=(\"[^\"\n]{0,400}\"|'[^'\n]{0,400}'|[^ \t\n;&|]{1,400})[ \t]+(?=[\w./])")
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


def script_values(script_path: Optional[str]) -> Dict[str, List[Tuple[str, str]]]:
    """NAME -> ``[(value, "file:line"), ...]`` the project's launchers set in the environment they run the
    Python script ``script_path`` with (red team 25, report 11b, f9): a CI workflow's ``env:`` above ``run: python
    deploy.py``, ``export NAME=...`` in a shell script or Makefile that runs it, ``NAME=value python deploy.py``.
    The same files and grammars as compose's launchers, a file counting when it names the script's file
    (``deploy.py``) or module (``-m deploy``) instead of running compose."""
    if not script_path or script_path == "-" or not script_path.endswith(".py"):
        return {}
    path = os.path.normpath(os.path.abspath(script_path))
    return _values_near(os.path.dirname(path), os.path.basename(path))


# A run of file-name characters (a word of a command), and ``-m`` with the module it runs: module constants, each
# one run of one class (linear); the script's name is compared with the words in Python, never built into a
# pattern (tests/test_regex_linearity.py: every computed pattern is a module constant)
_FILE_WORD = re.compile(r"[\w.-]+")
_RUN_MODULE = re.compile(r"-m[ \t]+([\w.-]+)")


def _names_script(text: str, script: str) -> bool:
    """Does ``text`` name ``deploy.py`` as a word of a command (``python deploy.py``, ``scripts/deploy.py``), or
    run it as a module (``-m deploy``, ``-m tools.deploy``)?  Each word looked at once (linear)."""
    stem = script[:-3]
    if stem not in text:
        return False
    if any(word.group() == script for word in _FILE_WORD.finditer(text)):
        return True
    for match in _RUN_MODULE.finditer(text):
        module = match.group(1)
        package = module[: -len(stem)] if module.endswith(stem) else None
        if package == "" or (package and package.endswith(".") and all(
            part and all(c.isalnum() or c == "_" for c in part) for part in package[:-1].split(".")
        )):
            return True
    return False


def _launches(path: str, script: str) -> bool:
    """Does ``path`` run compose (``script`` empty) or the Python script named ``script``?"""
    text = _text(path)
    if text is None:
        return False
    return _names_script(text, script) if script else _RUNS_COMPOSE.search(text) is not None


def launcher_files(folder: str, names: Tuple[str, ...] = (".envrc", "package.json")) -> List[str]:
    """The files that may launch something for ``folder``'s files, in reading order: the project's shell files
    (Makefiles, justfile, Taskfile, scripts), its CI files, the Python scripts of the work tree's root and of
    ``folder``, and each of those two folders' ``names``.  Shared by compose's variables (here) and the files a
    launcher merges with ``-f`` (``compose_launch_files``)."""
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
        files.extend(os.path.join(near, name) for name in names)
    return files


@lru_cache(maxsize=256)
def _values_near(folder: str, script: str = "") -> Dict[str, List[Tuple[str, str]]]:
    # red team 24 (report 11b), f3 class: direnv's .envrc sets the shell every command of the folder runs in,
    # compose run by hand included: read with the shell grammar, counted without a compose line of its own;
    # red team 25 (11b), f3: package.json's scripts are shell lines
    files = launcher_files(folder)
    from .image_readers import is_make_file

    # red team 23 (report 11b), f2: the make files of a project (the Makefile and what it includes or runs with
    # -f) are one program: a fragment's export counts when any of them runs compose
    makes = [path for path in dict.fromkeys(files) if is_make_file(path)]
    make_runs = any(_launches(path, script) for path in makes)
    found: Dict[str, List[Tuple[str, str]]] = {}
    for path in dict.fromkeys(files):
        launched = (make_runs and path in makes) or os.path.basename(path) == ".envrc"
        for name, value, line in _file_values(path, launched, script):
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


def _lines(text: str) -> List[str]:
    """A file's lines as the shell, make, just and compose-go count them: split at ``\\n`` only (``splitlines``
    also breaks at a form feed or U+2028, so a review named a line the editor shows elsewhere); ``\\r\\n`` read."""
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def _runs_compose(path: str) -> bool:
    return _launches(path, "")


@lru_cache(maxsize=1024)
def _file_values(path: str, launched: bool = False, script: str = "") -> Tuple[Tuple[str, str, object], ...]:
    """What ``path`` sets, when it runs compose or the script named ``script`` (or, ``launched``, another
    make file of its project does)."""
    text = _text(path)
    if text is None:
        return ()
    if not launched and not _launches(path, script) and not (
            is_just_file(path) and any(_launches(other, script) for other, _ in _just_program(path)[1:])):
        return ()  # a justfile whose imported recipe runs compose is a launcher too (red team 24, 11b, f4)
    found: List[Tuple[str, str, object]] = []
    if os.path.basename(path) == "package.json":
        return tuple(_package_values(path, text))  # red team 25 (11b), f3
    if path.endswith(".py"):
        for match in _PYTHON_SET.finditer(text):
            found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        if "env=" in text or "env =" in text or "env.update(" in text:
            for match in _PYTHON_ENTRY.finditer(text):
                found.append((match.group(1), match.group(2), text.count("\n", 0, match.start()) + 1))
        if "--env-file" in text:
            for match in _PYTHON_ENV_FILE.finditer(text):
                found.extend(_env_file(path, match.group(1), text.count("\n", 0, match.start()) + 1))
        if "update(" in text or "putenv" in text or "|=" in text:
            found.extend(_python_updates(text))  # red team 24 (11b), f3
        return tuple(found)
    lines = _lines(text)
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
    just = is_just_file(path)
    if just:  # red team 24 (11b), f4: set export, recipe parameters, imports
        found.extend(_just_values(path))
    if path.endswith((".yml", ".yaml")):
        # a CI step's / a Taskfile command's shell lines (``- run: set -a; . ./ci.env``, a ``run: |`` block)
        steps = [(n, _step_text(line)) for n, line in enumerate(lines, 1)]
        found.extend(_shell_values(path, steps, False))
        if "ENV" in text or "dotenv" in text or "setvariable" in text:
            found.extend(_ci_env_writes(path, lines, steps))  # red team 25 (11b), f3
    elif not make and not just and name != "tox.ini":
        found.extend(_shell_values(path, list(enumerate(lines, 1)), False))  # red team 24 (11b), f3: the shell's grammar
    elif make or just:
        # a recipe line is a shell of its own: export / declare -x / set -a + a sourced file there count too
        recipes = [(n, line) for n, line in enumerate(lines, 1) if line[:1] in ("\t", " ") and line.strip()]
        found.extend(_shell_values(path, recipes, True))
    exported = set()
    export_all = False
    if make:
        from .image_readers import make_program

        # red team 23 (11b), f2: ``export NAME`` (or .EXPORT_ALL_VARIABLES) in the Makefile including this one counts
        program = [line for other in make_program(path) for line in _lines(_text(other) or "")]
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
            assignment = _make_assignment(line) if make else None
            if assignment is not None and (assignment[2] or assignment[0] in exported or export_all):
                found.append((assignment[0], assignment[1], number))  # red team 24 (11b), f4
                continue
        if "docker" in line:
            for match in _PREFIX_SET.finditer(line):
                found.append((match.group(1), _unquoted(match.group(2)), number))
        if script and _names_script(line, script):
            for match in _PREFIX_SET_ANY.finditer(line):  # AIRFLOW_VERSION=2.3.4-11 python deploy.py
                found.append((match.group(1), _unquoted(match.group(2)), number))
    return tuple(found)


# red team 24 (report 11b), f4: a make assignment's operator (``=``, ``:=``, ``::=``, ``:::=``, ``?=``; ``+=`` and
# ``!=`` make a value of unknown text), after its target and modifiers are taken off (:func:`_make_assignment`);
# anchored, the name and the value one run of their class each (linear)
_MAKE_SET = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]*(:{0,3}=|[?+!]=)[ \t]*([^ \t\n][^\n]{0,399}|)")
_MAKE_MODIFIERS = ("export", "override", "private", "unexport")
# just: ``[export] NAME := value``, ``set export`` (every variable and parameter exported), ``import 'f.just'`` /
# ``import? ...`` / ``!include f``; anchored, one bounded run each (linear)
_JUST_SET = re.compile(r"(export[ \t]+)?([A-Za-z_][A-Za-z0-9_-]{0,127})[ \t]*:=[ \t]*([^ \t\n][^\n]{0,399}|)")
_JUST_SET_EXPORT = re.compile(r"[ \t]*set[ \t]+export(?:[ \t]*:=[ \t]*true)?[ \t]*(?:#[^\n]{0,400})?$")
_JUST_IMPORT = re.compile(r"(?:import\??|!include)[ \t]+([^ \t\n][^\n]{0,399})")
_JUST_KEYWORDS = ("set", "alias", "import", "mod", "!include")
MAX_PROGRAM_FILES = 16  # files a launcher sources / a justfile imports, read as part of it (nested too)
_SHELL_LEADERS = frozenset(("then", "do", "else", "{", "(", "!", "time", "exec", "command", "builtin"))


def is_just_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.lower() in ("justfile", ".justfile") or name.endswith(".just")


def _make_assignment(line: str) -> Optional[Tuple[str, str, bool]]:
    """Red team 24 (report 11b), f4: ``(name, value, exported)`` of a make assignment line, read with make's
    grammar: a target-specific one (``up: export NAME := value``, ``up: NAME = value``) applies to the recipe
    that runs compose; modifiers (``export``, ``override``, ``private``) come before the name, ``export`` marking it
    exported, ``unexport`` never.  None for any other line."""
    head, colon, after = line.partition(":")
    rest = line
    if colon and "=" not in head and not after.startswith(("=", ":")) and not head.startswith(("\t", "#")):
        rest = after  # targets: assignment
    exported = False
    for _ in range(4):  # modifiers, each at most once in practice
        stripped = rest.lstrip(" \t")
        parts = stripped.split(None, 1)
        word = parts[0] if parts else ""
        if word not in _MAKE_MODIFIERS or len(stripped) == len(word):
            break
        if word == "unexport":
            return None
        exported = exported or word == "export"
        rest = stripped[len(word):]
    match = _MAKE_SET.match(rest)
    if match is None:
        return None
    value = _unquoted(match.group(3)) if match.group(2)[0] not in "+!" else "{dynamic}"
    return match.group(1), value, exported


def _commands(line: str) -> List[List[str]]:
    """The words of each simple command of a shell line (split at ``;``, ``&``, ``|`` outside quotes and
    ``$(...)``; a ``#`` starting a word ends the line).  One pass over the characters."""
    import shlex

    parts: List[str] = []
    current: List[str] = []
    quote, depth = "", 0
    for at, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char == "(" and at and line[at - 1] == "$":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == "#" and not depth and (not current or current[-1] in " \t"):
            break
        elif char in ";&|" and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    commands: List[List[str]] = []
    for part in parts:
        try:
            words = shlex.split(part, comments=False, posix=True)
        except ValueError:
            words = part.split()
        while words and words[0] in _SHELL_LEADERS:
            words = words[1:]
        if words:
            commands.append(words)
    return commands


def _step_text(line: str) -> str:
    """A YAML line as the shell line it may hold: a list item's ``- `` and a leading key (``run:``, ``script:``,
    ``cmd:``) taken off; ``NAME: value`` entries become a lone word, never an assignment."""
    text = line.strip()
    if text.startswith("- "):
        text = text[2:].lstrip()
    first = text.split(None, 1)
    if first and first[0].endswith(":") and first[0][:-1].replace("-", "_").isidentifier():
        text = first[1] if len(first) > 1 else ""
    return text


def _assignment_word(word: str) -> Optional[Tuple[str, str]]:
    name, equals, value = word.partition("=")
    if not equals or not name or not name.isascii() or not name.isidentifier():
        return None
    return name, value


def _shell_values(path: str, lines, per_line: bool) -> List[Tuple[str, str, object]]:
    """Red team 24 (report 11b), f3: what a shell launcher exports, read with the shell's grammar: ``export NAME=v``
    and ``declare -x`` / ``typeset -x`` / ``local -x NAME=v``; ``NAME=v`` with an ``export NAME`` (``declare -x
    NAME``) anywhere in it; every assignment after ``set -a`` / ``set -o allexport`` (until ``set +a``); a file it
    sources (``. ./scripts/env.sh``, ``source "$(dirname "$0")/env.sh"``) read as part of it, nested; every line of
    a file ``export $(cat FILE | xargs)`` reads.  ``lines``: ``[(number, line)]`` (``per_line``: a recipe's lines,
    each a shell of its own)."""
    state = {"allexport": False, "exported": set(), "assigned": [], "files": [path]}
    for number, line in lines:
        if per_line:
            state["allexport"] = False
            line = line.strip().lstrip("@-+")  # make's recipe prefixes
        _shell_line(path, line, number, "", state)
    exported = state["exported"]
    return [(name, value, where) for name, value, where, out in state["assigned"] if out or name in exported]


def _shell_line(path: str, line: str, number: int, via: str, state: dict) -> None:
    stripped = line.strip()
    if not stripped or stripped.startswith("#") or "=" not in stripped and not any(
            word in stripped for word in ("export", "declare", "typeset", "set", ".", "source")):
        return
    where: object = f"{os.path.relpath(path)}:{number}, {via}" if via else number

    def assign(name: str, value: str, out: bool) -> None:
        if len(state["assigned"]) < 4096:
            state["assigned"].append((name, value, where, out or state["allexport"]))

    for words in _commands(line):
        head = words[0]
        if head == "set":
            for position, word in enumerate(words[1:], 1):
                if word in ("-o", "+o") and position + 1 < len(words) and words[position + 1] == "allexport":
                    state["allexport"] = word == "-o"
                elif word[:1] in "-+" and word[1:].isalpha() and "a" in word[1:]:
                    state["allexport"] = word[0] == "-"
        elif head in (".", "source") and len(words) > 1:
            _source(path, words[1], number, via, state)
        elif head in ("dotenv", "dotenv_if_exists") and os.path.basename(path) == ".envrc":
            _export_file(path, words[1] if len(words) > 1 else ".env", number, via, state)  # direnv's stdlib
        elif head == "env" and any(word.startswith(("$(", "`")) for word in words[1:]):
            for word in words[1:]:
                _export_file(path, word, number, via, state)  # env $(cat ci.env | xargs) docker compose up
        elif head in ("export", "declare", "typeset", "local"):
            flags = "".join(word[1:] for word in words[1:] if word[:1] == "-")
            out = (head == "export" and "n" not in flags) or (head != "export" and "x" in flags)
            if head == "export" and any(word.startswith(("$(", "`")) for word in words[1:]):
                for word in words[1:]:
                    _export_file(path, word, number, via, state)  # export $(cat ci.env | xargs)
                continue
            for word in words[1:]:
                if word[:1] in "-+":
                    continue
                pair = _assignment_word(word)
                if pair is not None:
                    assign(pair[0], pair[1], out)
                elif out and word.isascii() and word.isidentifier():
                    state["exported"].add(word)
        else:
            pairs = [_assignment_word(word) for word in words]
            if all(pair is not None for pair in pairs):  # NAME=v alone (a prefix before a command is not set here)
                for name, value in pairs:
                    assign(name, value, False)


def _program_file(path: str, word: str) -> Optional[str]:
    """The file a launcher's word names (a sourced script, an env file): from the launcher's folder, else its
    work tree's root; a path under a variable (``$(dirname "$0")/env.sh``, ``${ROOT}/ci/env.sh``) by its tail."""
    word = word.strip()
    if "$" in word or "`" in word:
        slash = word.find("/", max(word.rfind("$"), word.rfind(")"), word.rfind("}"), word.rfind("`")))
        if slash < 0:
            return None
        word = word[slash + 1:]
        if "$" in word or "`" in word or not word:
            return None
    if not word or word.startswith("~") or word.startswith("-"):
        return None
    folder = os.path.dirname(path_abs(path))
    for base in dict.fromkeys((folder, tree_root(folder))):
        candidate = os.path.normpath(os.path.join(base, word))
        if os.path.isfile(candidate):
            return candidate
    return None


def _source(path: str, word: str, number: int, via: str, state: dict) -> None:
    """A file the launcher sources (``. FILE`` / ``source FILE``): its lines are the launcher's, in order."""
    sourced = _program_file(path, word)
    if sourced is None or sourced in state["files"] or len(state["files"]) >= MAX_PROGRAM_FILES:
        return
    state["files"].append(sourced)
    text = _text(sourced)
    here = f"sourced by {os.path.relpath(path)}:{number}" + (f", {via}" if via else "")
    for line_number, line in enumerate(_lines(text or ""), 1):
        _shell_line(sourced, line, line_number, here, state)


def _export_file(path: str, word: str, number: int, via: str, state: dict) -> None:
    """``export $(cat ci.env | xargs)`` / ``export $(grep -v '^#' ci.env | xargs)``: every line of the file read."""
    if word.startswith(("$(", "`")) or word.endswith((")", "`")) or word.startswith("-"):
        return  # the command's own words
    named = _program_file(path, word)
    if named is None or named in state["files"] or len(state["files"]) >= MAX_PROGRAM_FILES:
        return
    state["files"].append(named)
    here = f"exported by {os.path.relpath(path)}:{number}" + (f", {via}" if via else "")
    for name, value, line in _dotenv_lines(named):
        if len(state["assigned"]) < 4096:
            state["assigned"].append((name, value, f"{os.path.relpath(named)}:{line}, {here}", True))


def _just_program(path: str) -> List[Tuple[str, str]]:
    """``[(file, "imported by justfile:N"), ...]``: a justfile and the files it imports (``import 'x.just'``,
    ``import? ...``, ``!include x``), nested, from each importer's folder; at most :data:`MAX_PROGRAM_FILES`."""
    files: List[Tuple[str, str]] = [(path_abs(path), "")]
    index = 0
    while index < len(files) and len(files) < MAX_PROGRAM_FILES:
        current, _ = files[index]
        index += 1
        text = _text(current) or ""
        if "import" not in text and "!include" not in text:
            continue
        for number, line in enumerate(_lines(text), 1):
            match = _JUST_IMPORT.match(line)
            if match is None:
                continue
            word = _unquoted(match.group(1))
            candidate = os.path.normpath(os.path.join(os.path.dirname(current), word)) if word else ""
            if candidate and os.path.isfile(candidate) and all(candidate != f for f, _ in files):
                files.append((candidate, f"imported by {os.path.relpath(current)}:{number}"))
    return files


def _just_literal(raw: str) -> str:
    """A just value: one quoted string (a comment may follow) is its text; anything else (a backtick, a function,
    a concatenation, a variable) is of unknown text."""
    raw = raw.strip()
    if raw[:1] in ("\"", "'"):
        end = raw.find(raw[0], 1)
        if end > 0 and (not raw[end + 1:].strip() or raw[end + 1:].strip().startswith("#")):
            return raw[1:end]
    return "{dynamic}"


def _just_parameters(line: str) -> List[Tuple[str, str, bool]]:
    """A just recipe header's parameters, ``(name, default or {dynamic}, exported with $)``: the words between
    the recipe's name and the first ``:`` outside quotes."""
    words: List[str] = []
    current: List[str] = []
    quote = ""
    for char in line:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'`":
            quote = char
        elif char == ":":
            break
        elif char in " \t":
            if current:
                words.append("".join(current))
                current = []
            continue
        current.append(char)
    else:
        return []  # no ':' outside quotes: not a recipe header
    if current:
        words.append("".join(current))
    if not words or not words[0].lstrip("@").replace("-", "_").isidentifier():
        return []
    found: List[Tuple[str, str, bool]] = []
    for word in words[1:]:
        word = word.lstrip("+*")
        exported = word.startswith("$")
        name, equals, default = word.lstrip("$").partition("=")
        if name.replace("-", "_").isidentifier():
            found.append((name, _just_literal(default) if equals else "{dynamic}", exported))
    return found


def _just_values(path: str) -> List[Tuple[str, str, object]]:
    """Red team 24 (report 11b), f4: what a justfile exports to its recipes, read with just's grammar: ``export NAME
    := value``; with ``set export``, every ``NAME := value`` and every recipe parameter; a parameter written
    ``$NAME="default"`` (exported whatever the settings, its default the value a bare ``just up`` runs with); the
    files it imports are part of it (their lines named with the import's)."""
    program = _just_program(path)
    texts = [(file, via, _lines(_text(file) or "")) for file, via in program]
    export_all = any(_JUST_SET_EXPORT.match(line) for _, _, lines in texts for line in lines if "export" in line)
    found: List[Tuple[str, str, object]] = []
    for file, via, lines in texts:
        for number, line in enumerate(lines, 1):
            if not line or line[0] in " \t#[" or (line.split(None, 1) or [""])[0].rstrip("?") in _JUST_KEYWORDS[:5]:
                continue  # a recipe's body, a comment, an attribute, a setting, an alias, an import
            where: object = number if not via else f"{os.path.relpath(file)}:{number}, {via}"
            match = _JUST_SET.match(line)
            if match is not None:
                if match.group(1) or export_all:
                    found.append((match.group(2), _just_literal(match.group(3)), where))
                continue
            for name, value, exported in _just_parameters(line):
                if exported or export_all:
                    found.append((name, value, where))
    return found


def _python_updates(text: str) -> List[Tuple[str, str, object]]:
    """Red team 24 (report 11b), f3: a Python launcher's ``os.environ.update({"NAME": "v"})`` /
    ``os.environ.update(NAME="v")`` / ``os.environ |= {...}`` / ``os.putenv("NAME", "v")`` (an ``env`` mapping's
    ``env.update(...)`` too), read from the module's tree (one walk); a value that is no literal is of unknown text."""
    try:
        module = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    found: List[Tuple[str, str, object]] = []

    def value_of(node) -> str:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else "{dynamic}"

    def mapping(node) -> None:
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.append((key.value, value_of(value), key.lineno))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            for keyword in node.keywords:
                if keyword.arg:
                    found.append((keyword.arg, value_of(keyword.value), keyword.value.lineno))
            for argument in node.args[:1]:
                mapping(argument)

    for node in ast.walk(module):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update" and _environ_like(node.func.value):
                for argument in node.args[:1]:
                    mapping(argument)
                for keyword in node.keywords:
                    if keyword.arg:
                        found.append((keyword.arg, value_of(keyword.value), keyword.value.lineno))
            elif node.func.attr == "putenv" and len(node.args) == 2 and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found.append((node.args[0].value, value_of(node.args[1]), node.lineno))
        elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.BitOr) and _environ_like(node.target):
            mapping(node.value)
        if len(found) >= 4096:
            break
    return found


def _environ_like(node) -> bool:
    """``os.environ``, ``environ``, a launcher's ``env`` / ``session.env`` / ``run_env`` mapping."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return isinstance(name, str) and (name in ("environ", "env", "environment") or name.endswith("_env"))


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


def _package_values(path: str, text: str) -> List[Tuple[str, str, object]]:
    """Red team 25 (report 11b), f3: a ``package.json`` script that runs compose is a shell line npm runs
    (``"up": "AIRFLOW_IMAGE=<image> docker compose up -d"``, ``cross-env NAME=v docker compose ...``, ``export NAME=v
    && docker compose ...``): what it sets for its own compose, numbered by the script's key.  Not JSON: nothing."""
    import json

    from .shell_steps import _line_of

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    scripts = data.get("scripts") if isinstance(data, dict) else None
    found: List[Tuple[str, str, object]] = []
    offset = 0
    for key, command in list(scripts.items())[:512] if isinstance(scripts, dict) else ():
        if not isinstance(command, str) or _RUNS_COMPOSE.search(command) is None:
            continue
        number, offset = _line_of(text, key, offset)
        found.extend(_shell_values(path, [(number, command)], True))
        found.extend((m.group(1), _unquoted(m.group(2)), number) for m in _PREFIX_SET.finditer(command))
    return found


# where a CI step's output sets the environment of what runs after it (red team 25, report 11b, f3): GitHub's
# ``$GITHUB_ENV`` (the job's later steps), CircleCI's ``$BASH_ENV`` (sourced by its later steps); a GitLab job's
# ``artifacts: reports: dotenv:`` file is read by the jobs after it (named in the file)
_ENV_TARGETS = {"GITHUB_ENV": "through $GITHUB_ENV, for the job's later steps", "BASH_ENV": "through $BASH_ENV, for the job's later steps"}
# Azure Pipelines: ``echo "##vso[task.setvariable variable=NAME]value"`` (a later step's environment); a fixed
# prefix, bounded runs of classes the next fixed character ends (linear)
_AZURE_SET = re.compile(r"##vso\[task\.setvariable[ \t]+variable=([A-Za-z_][A-Za-z0-9_.]{0,127})(?:;[^\]\n]{0,200})?\]([^ \t\n\"']{1,400})")


def _ci_env_writes(path: str, lines: List[str], steps) -> List[Tuple[str, str, object]]:
    """Red team 25 (report 11b), f3: a CI step writing ``NAME=value`` where the steps or jobs after it read their
    environment from: ``echo "NAME=value" >> "$GITHUB_ENV"`` (``| tee -a $GITHUB_ENV``, ``printf``), CircleCI's
    ``echo 'export NAME=value' >> "$BASH_ENV"``, a GitLab job's ``echo "NAME=value" > build.env`` whose file the job
    gives as ``artifacts: reports: dotenv: build.env``, and Azure's ``##vso[task.setvariable variable=NAME]value``.
    ``steps``: ``[(number, shell text)]`` of the file's lines.  Each line read once."""
    reports = set()  # the dotenv report files of the file's jobs
    listing = -1
    for line in lines:
        if listing >= 0:
            item = _YAML_ITEM.match(line)
            if item is not None and len(line) - len(line.lstrip(" \t")) >= listing:
                named = _unquoted(item.group(1))
                reports.add(named[2:] if named.startswith("./") else named)
                continue
            listing = -1
        listed = _YAML_DOTENV.match(line)
        if listed is not None:
            value = listed.group(1).split(" #", 1)[0].strip()
            if not value:
                listing = len(line) - len(line.lstrip(" \t"))
            for item in (value[1:-1].split(",") if value.startswith("[") and value.endswith("]") else [value]):
                if _unquoted(item):
                    named = _unquoted(item)
                    reports.add(named[2:] if named.startswith("./") else named)
    found: List[Tuple[str, str, object]] = []
    for number, text in steps:
        if "setvariable" in text:
            found.extend((m.group(1), _unquoted(m.group(2)), f"{os.path.relpath(path)}:{number}, through ##vso[task.setvariable], "
                          "for the job's later steps") for m in _AZURE_SET.finditer(text))
        if ">" not in text and "tee" not in text:
            continue
        written: List[Tuple[str, str]] = []  # (name, value) the previous echo / printf of a pipe writes
        for words in _commands(text):
            head = words[0].rsplit("/", 1)[-1]
            target, pairs = "", []
            if head in ("echo", "printf"):
                position = 1
                while position < len(words):
                    word = words[position]
                    if word in (">", ">>") and position + 1 < len(words):
                        target = words[position + 1]
                        break
                    if word.startswith((">>", ">")):
                        target = word.lstrip(">")
                        break
                    pairs.extend(p for p in (_assignment_word(w) for w in word.split() if w != "export") if p is not None)
                    position += 1
                written = pairs
            elif head == "tee":
                files = [w for w in words[1:] if not w.startswith("-")]
                target, pairs = (files[0] if files else ""), written
            else:
                written = []
            target = target.replace("${", "$").replace("}", "").strip()
            if not target or not pairs:
                continue
            if target.startswith("$") and target[1:] in _ENV_TARGETS:
                how = _ENV_TARGETS[target[1:]]
            elif (target[2:] if target.startswith("./") else target) in reports:
                how = f"written to {target}, which the job's artifacts: reports: dotenv: passes to the jobs after it"
            else:
                continue
            found.extend((name, _unquoted(value), f"{os.path.relpath(path)}:{number}, {how}") for name, value in pairs)
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
    for number, line in enumerate(_lines(text), 1):
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
