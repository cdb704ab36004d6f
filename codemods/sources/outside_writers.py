"""Files whose bytes other code writes or edits, code the tool does not migrate: held, never edited alone.

Red team 15 (report 11b), F2: a CI step, Makefile or shell script runs
``sed -i "s/2.3.4-11/$VER/" queries/create.graphql`` (or on ``deploy.py``) before the script that
sends the document.  Migrating the document removes the text ``sed`` looks for: the step matches
nothing and the pipeline's version input is silently ignored.  So a shell line that runs a text
reader or editor (``sed``, ``perl``, ``awk``, ``grep`` ...) on a file of the run AND holds the AC
text it edits (an AC version such as ``2.3.4-11``, ``airflowVersion`` or ``ap-airflow``) holds
that file: each migration becomes ``review-template-fill`` naming the line, as a Python script
that ``.replace``s the text it reads from the file does.

Red team 15 (report 11b), F6: a notebook's ``%%writefile houston_ops.py`` cell generates that
module; running the notebook writes the old text back over the migrated file.  The cell is the
module's source: the file is held (``review-generated-file``) naming the notebook and the cell;
migrate the cell's text (by hand) and run it.

Red team 16 (report 11b), F2: the same ``sed -i`` run from Python (``subprocess.run(["sed", "-i",
f"s/2.3.4-11/{v}/", "queries/create.graphql"])``, ``os.system("sed -i ...")``) or from a notebook
(``!sed -i ...``, a ``%%bash`` / ``%%sh`` / ``%%script`` cell) is the same shell step.  A Python
script's strings are read with ``ast`` (never run): a call's string arguments, a list or tuple of
strings, or one string, joined with spaces, count when a text reader or editor stands where a shell
command starts (first word, after ``;``, ``&&``, ``|``, ``(``, ``-c``, ``sudo``, ``xargs``) and the
text holds AC text.  A notebook's ``!`` lines and shell cells are read as shell lines, its other code
as Python.  F14: the file the step edits may be an image file (``sed -i "s/2.3.4-11/$(NEW)/"
Dockerfile``): a bare ``Dockerfile`` word names it, and the AC version is what a bump edits.

Only files with something to hold look for such code (after their rules ran): the project's
shell files (:func:`image_readers.project_shell_files`), its CI files, and the notebooks and Python
scripts in the file's folder, the folders above it up to the work tree's root, and the folders
directly below those (each folder's editors indexed once by the name of the file they edit).
Each file and folder is read once per run (cached); a file is scanned only when its bytes hold the
text looked for; every regex is linear.
"""

from __future__ import annotations

import json
import os
import re
from functools import lru_cache
from typing import List, Optional, Tuple

from .look_around import folders_up, tree_root  # the work tree, else the run's top
from .parsed_modules import parsed
from . import shell_steps  # how a shell step is read: continuations, variables, working folders, globs (RT20 F2-F12)
from .tree_nodes import walk as tree_walk  # ast.walk's order, listed once per tree (shared by the analyses)


GENERATED_FILE = "review-generated-file"
TEMPLATE_FILL = "review-template-fill"
_MAX_BYTES = 4 * 1024 * 1024  # a shell or CI file, or a notebook, larger than this is not read
_MAX_LEVELS = 8  # folders above the file looked at
_MAX_SUBFOLDERS = 256
_MAX_NAMED = 3  # places named in one review

# the AC text a shell edit looks for: an AC version with its hotfix suffix (also as a regex spells it,
# ``2\.3\.4-11``: red team 20, F3), or an AC name
_AC_TEXT = shell_steps.AC_TEXT
_CI_FILES = (
    ".gitlab-ci.yml", ".circleci/config.yml", "Jenkinsfile", "azure-pipelines.yml",
    "bitbucket-pipelines.yml", "cloudbuild.yaml", "cloudbuild.yml", ".drone.yml", ".travis.yml",
    # red team 28, report 11b, f3: Buildkite, Woodpecker, Concourse and Semaphore pipelines run shell steps too
    ".buildkite/pipeline.yml", ".buildkite/pipeline.yaml", ".woodpecker.yml", ".woodpecker.yaml",
    "ci/pipeline.yml", "ci/pipeline.yaml", ".semaphore/semaphore.yml", ".semaphore/semaphore.yaml",
)
# Folders whose every YAML file is a pipeline: GitHub's, and (red team 28, report 11b, f3) Gitea's and Forgejo's
# Actions (GitHub's syntax) and Woodpecker's multi-file pipelines
_WORKFLOW_FOLDERS = (".github/workflows", ".gitea/workflows", ".forgejo/workflows", ".woodpecker")
# ``%%writefile [-a|--append] PATH`` on the first line of a cell
_WRITEFILE = re.compile(r"[ \t]*%%writefile(?:[ \t]+(?:-a|--append))?[ \t]+(\S+)")
# a notebook cell run by a shell (its first line), and a shell line of a Python cell (``!cmd``, ``x = !cmd``)
_SHELL_CELL = re.compile(r"[ \t]*%%(?:bash|sh|script[ \t]+(?:ba|z)?sh|system)\b")
_BANG_LINE = re.compile(r"[ \t]*(?:\w+[ \t]*=[ \t]*)?(?:!|%sx\b|%system\b)")
_NAMES = "|".join(shell_steps.EDITORS + shell_steps.READERS)  # every reader or editor's name
# a text reader or editor where a shell command starts, in the strings of a Python call: one alternation
# of fixed prefixes, a whitespace run after a one-character trigger (each run follows one trigger: linear)
# (red team 25, report 13, f3: the names are shell_steps' one vocabulary: gsed, sd, rpl, ruby ... too)
_COMMAND_READER = re.compile(
    r"(?:^|;|&&|\|\|?|\$\(|-c(?=[ \t])|\bsudo(?=[ \t])|\bxargs(?=[ \t]))[ \t]*(?:(?:" + _NAMES + r")\b"
    r"|(?:curl|wget|https?|xhs?)(?=[ \t]))"  # red team 24, report 13, f3: an HTTP client sending a file (a space after it: not a URL)
)
# Red team 27 (report 11b), f3: an interpreter given its program inline, run from Python (``subprocess.run(["node",
# "-p", "...readFileSync('Dockerfile')..."])``, ``os.system("python3 -c '...open(\"Dockerfile\")...'")``): the
# inline programs' one vocabulary (``shell_steps.INLINE_PROGRAMS``); a command it starts counts only when
# :func:`.shell_steps.runs_program` reads an inline program in it (``python3 app.py`` runs a file).  Fixed words.
_INTERPRETER_WORDS = "|".join(sorted(shell_steps.INLINE_PROGRAMS, key=len, reverse=True))
_COMMAND_PROGRAM = re.compile(
    r"(?:^|;|&&|\|\|?|\$\(|\bsudo(?=[ \t])|\bxargs(?=[ \t]))[ \t]*(?:" + _INTERPRETER_WORDS + r")[0-9.]{0,5}(?=[ \t])"
)
_COMMAND_STARTER = re.compile(_COMMAND_READER.pattern + r"|" + _COMMAND_PROGRAM.pattern)
# the same in a Python text: the reader opens a string or follows a shell trigger (a script without one is not parsed)
_QUOTED_READER = re.compile(
    r"(?:[\"'`;&|(][ \t]*|-c[ \t]+|\bsudo[ \t]+|\bxargs[ \t]+)(?:(?:" + _NAMES + r")\b"
    r"|(?:curl|wget|https?|xhs?)(?=[ \t\"'])"  # ``["curl", "-F", ...]``, ``"http POST ..."``; never ``"https://...``
    r"|(?:" + _INTERPRETER_WORDS + r")[0-9.]{0,5}(?=[ \t\"']))"  # ``["node", "-p", ...]`` (red team 27, 11b, f3)
)
# A shell line reading a file's text: a text reader or editor (image_readers' list), ``jq`` (``--rawfile q
# queries/create.graphql``, ``--slurpfile``, ``-Rs . FILE``), or an input redirect (``< FILE``, ``$(< FILE)``;
# not ``<<`` nor ``<(``) (red team 18, report 11b, F3: ``jq -n --rawfile q create.graphql ... '{query: $q,
# variables: {airflowVersion: $v}}' | curl ...`` sends the file's document; it was not seen as a reader and
# the file's $airflowVersion was renamed under it).  One alternation of words from a word start, and one
# character with fixed look-arounds: linear.
# Also ``yq``, ``envsubst`` and an inline interpreter (``python -c``, ``ruby -e``, ``node -e``: red team 20);
# ``dasel`` and ``tail`` (red team 24, report 11b, f5: the structured and line readers image_readers knows).
# Red team 25 (report 13), f3: the list is shell_steps' one vocabulary, and a line is asked
# :func:`.shell_steps.reads_text` (``gsed -i``, ``ruby -pi -e``, ``sd A B f``, ``ex -sc``, ``vim -es``, ``rpl``,
# ``replace A B -- f``, ``rg -l A DIR | xargs sd``); this pattern only tells a text that may hold such a line.
_LINE_READER = shell_steps.LINE_READER
_ANY_READER = shell_steps.READER_NAME
# Jinja in a Python string that reads a file (``{% include "q.graphql" %}``) or edits a value's AC text
# (``{{ params.q | replace("2.3.4-11", params.v) }}``): red team 19, F4/F15; fixed prefixes (linear)
_JINJA_MARK = re.compile(r"\{%-?[ \t]*include\b|\|[ \t]*replace\(")
# a GraphQL document file named on a shell line, and the AC name its variables are sent under
_DOCUMENT_FILE = (".graphql", ".gql")
_AC_NAME = shell_steps.AC_NAME  # airflowVersion, desiredAirflowVersion ... (red team 22, report 13, f6)


def settle(result, kind: str, path: str) -> None:
    """Hold ``path``'s edits when a shell line edits its AC text or a notebook cell generates it."""
    if not any(f.fix or f.code.startswith("migrate-") for f in result.findings) and not result.changed:
        return
    target = os.path.normpath(os.path.abspath(path))
    writers = _notebook_writers(target)
    if writers:
        named = "; ".join(f"{notebook} [cell {cell}] writes it with %%writefile" for notebook, cell in writers)
        _hold(result, GENERATED_FILE, f"a notebook generates this file ({named}): running it writes the "
              "old text back over a migrated file; migrate that cell's text (the file's source), then run it")
        return
    generators = _shell_generators(target)
    if generators:
        named = "; ".join(f"{script}:{line}" for script, line in generators)
        _hold(result, GENERATED_FILE, f"a shell step writes this file ({named}): running it writes the old text "
              "back over a migrated file; migrate what it is made from (its template), then run the step")
        return
    editors = _shell_editors(target, result.original.text if result.original is not None else None,
                             changed=result.new_text)
    if editors:
        named = "; ".join(f"{script}:{line}" for script, line in editors)
        _hold(result, TEMPLATE_FILL, f"a shell step reads or edits this file's AC text ({named}): once migrated, "
              "what it looks for or sends with it no longer matches and the step silently misbehaves; change the "
              "step and the file together")


# A shell step's output written over a file: ``> FILE`` or ``>| FILE`` (not ``>>``, ``2>``, ``&>``, ``>&2``),
# or ``tee FILE`` without ``-a``.  One character class before each ``>``, one word after: linear.
_WRITE_REDIRECT = re.compile(r"(?:^|[^>&0-9<\\])>\|?[ \t]*[\"']?([^ \t;&|<>()'\"`]+)")
_TEE = re.compile(r"\btee([ \t][^;&|<>()\n]*)")


def _step_files(target: str, root: str) -> Tuple[str, ...]:
    """The files whose shell steps may read, edit or write ``target``: the project's CI files, its shell
    files for the target's folder, and its configuration files (bumpers, pre-commit, renovate ...)."""
    return _ci_files(root) + _shell_files(os.path.dirname(target)) + _config_files(root)


def _shell_generators(target: str) -> List[Tuple[str, int]]:
    """``[(shell or CI file, line), ...]`` whose step writes its output over ``target``.

    Red team 24, report 11b (side note): a Makefile's ``envsubst < Dockerfile.tmpl > Dockerfile`` makes the
    Dockerfile from its template; migrating the Dockerfile alone is undone the next time the step runs (and
    the template, whose tag is a variable, only gets a review).  Like a notebook's ``%%writefile`` cell, the
    step is the file's source: the file is held.  Appending (``>>``) leaves what the file holds in place.
    """
    root = tree_root(os.path.dirname(target))
    found: List[Tuple[str, int]] = []
    for script in _step_files(target, root):
        for number, word in _writing_lines(script):
            if len(found) < _MAX_NAMED and (os.path.relpath(script), number) not in found:
                if _resolves(word, os.path.dirname(script), root, target):
                    found.append((os.path.relpath(script), number))
    return found


@lru_cache(maxsize=1024)
def _writing_lines(script: str) -> Tuple[Tuple[int, str], ...]:
    """``((line, path word), ...)``: the files the steps of ``script`` write their output over (read once per run)."""
    text = _read(script)
    if text is None or (">" not in text and "tee" not in text):
        return ()
    found = []
    for step in _steps(script, text):
        line = step.text[:10000]
        words = [m.group(1) for m in _WRITE_REDIRECT.finditer(line)]
        for tee in _TEE.finditer(line):
            named = tee.group(1).split()
            if not any(word in ("-a", "--append") or (word.startswith("-") and not word.startswith("--") and "a" in word) for word in named):
                words.extend(word for word in named if not word.startswith("-"))
        found.extend((step.number, word) for word in words if word and word != "/dev/null" and "$" not in word[:1])
    return tuple(found)


def _hold(result, code: str, why: str) -> None:
    """Nothing of this file is written; every migrate item (and fix) becomes a review saying why."""
    result.new_text = None
    note = f"not rewritten: {why}"
    result.findings = [f.withdrawn(code, note) if f.migrates else f for f in result.findings]


def _shell_editors(target: str, text: Optional[str] = None, loose: bool = False,
                   changed: Optional[str] = None) -> List[Tuple[str, int]]:
    """``[(shell or CI file, line), ...]`` whose line runs a text reader/editor on ``target``
    (resolved from that file's folder, then the folders above it) and holds AC text; then the
    Python scripts and notebooks near it running such a command (red team 16, report 11b, F2).
    An editor of files of unknown path (red team 20, F4: ``sed ... "$FILE"``) counts when ``text``
    (the target's) holds the AC text it looks for, or always when ``loose`` (a cache key's context).
    A line holding only a bare version (``sed -i "s/2.3.4/$AC/" Dockerfile``) counts when the rewrite
    (``changed``, the target's new text) removes that version from ``text`` (red team 29, report 13, f7 f8)."""
    root = tree_root(os.path.dirname(target))
    name = os.path.basename(target)
    found: List[Tuple[str, int]] = []
    for script in _step_files(target, root):
        lines = _editing_lines(script)
        if loose or (text is not None and changed is not None):
            lines = lines + tuple(
                (number, words) for number, words, versions in _version_editing_lines(script)
                if loose or any(text.count(v) > changed.count(v) for v in versions)
            )
        for number, words in lines:
            for word in words:
                if not shell_steps.may_name(word, name):
                    continue
                if _resolves(word, os.path.dirname(script), root, target):
                    if len(found) < _MAX_NAMED and (os.path.relpath(script), number) not in found:
                        found.append((os.path.relpath(script), number))
                    break
        if text is not None or loose:
            for number, searched in _any_file_lines(script):
                if (loose or any(s in text for s in searched)) and len(found) < _MAX_NAMED:
                    if (os.path.relpath(script), number) not in found:
                        found.append((os.path.relpath(script), number))
    for folder in folders_up(os.path.dirname(target), root, _MAX_LEVELS):
        near = _script_editors_near(folder)
        entries = near.get(name, ()) + tuple(e for e in near.get("*", ()) if shell_steps.may_name(e[2], name))
        if loose or (text is not None and changed is not None):  # a bare version the rewrite removes (RT29 13 f8)
            versioned = _script_version_editors_near(folder)
            entries += tuple(e[:3] for e in versioned.get(name, ()) + tuple(
                e for e in versioned.get("*", ()) if shell_steps.may_name(e[2], name))
                if loose or any(text.count(v) > changed.count(v) for v in e[3]))
        for script, number, word in entries:
            if len(found) < _MAX_NAMED and (os.path.relpath(script), number) not in found:
                if _resolves(word, os.path.dirname(script), root, target):
                    found.append((os.path.relpath(script), number))
    return found


def file_readers(target: str, writer: str) -> List[Tuple[str, int]]:
    """``[(script, line), ...]`` of the code reading or editing the file ``target`` (absolute; it may not
    exist yet), other than ``writer``: the shell steps :func:`settle` holds a file for, and the Python
    scripts and notebooks near it that name it by a quoted path and hold AC text (a read then filled,
    ``Path("gen/q.graphql").read_text().replace("2.3.4-11", v)``).  Red team 19, F13: a document a
    script writes to a generated file that other code reads (:mod:`.handovers`)."""
    found = [(script, line) for script, line in _shell_editors(target) if os.path.abspath(script) != writer]
    root = tree_root(os.path.dirname(target))
    name = os.path.basename(target)
    for folder in folders_up(os.path.dirname(target), root, _MAX_LEVELS):
        for script, number, word in _script_readers_near(folder).get(name, ()):
            if script == writer or len(found) >= _MAX_NAMED or (os.path.relpath(script), number) in found:
                continue
            if _resolves(word, os.path.dirname(script), root, target):
                found.append((os.path.relpath(script), number))
    return found


@lru_cache(maxsize=1024)
def _script_readers_near(folder: str) -> dict:
    """file name -> ``[(script, line, quoted path), ...]``: the quoted paths of the Python scripts and notebooks
    in ``folder`` and the folders directly below it that hold AC text (one index per folder per run)."""
    from .image_readers import _QUOTED

    index: dict = {}
    for script in _scripts_near(folder):
        text = _read(script)
        if text is None or _AC_TEXT.search(text) is None:
            continue
        if script.endswith(".ipynb"):
            from .cross_module import notebook_python

            text = notebook_python(text)
        if "#" in text:  # red team 27 (report 11b), f7: a commented-out read reads nothing
            from .image_readers import _code_only

            text = _code_only(text)
        counted, line = 0, 1
        for match in _QUOTED.finditer(text):
            literal = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
            if "." not in literal or "\\" in literal or " " in literal:
                continue
            line += text.count("\n", counted, match.start())
            counted = match.start()
            entries = index.setdefault(literal.rsplit("/", 1)[-1], [])
            if len(entries) < 64:
                entries.append((script, line, literal))
    return index


@lru_cache(maxsize=1024)
def _script_editors_near(folder: str) -> dict:
    """file name -> ``[(script, line, path word), ...]``: the shell commands editing AC text that the
    Python scripts and notebooks in ``folder`` and the folders directly below it run, by the name of
    the file each names (one index per folder per run, so each target looks its name up)."""
    index: dict = {}
    for script in _scripts_near(folder):
        edits = [(script, number, words) for number, words in _script_editing_lines(script)]
        # red team 19, F15: a shell script the Python script runs (BashOperator(bash_command="scripts/bump.sh"),
        # which Airflow renders from the DAG's folder; subprocess.run(["bash", "tools/pin.sh"])): its steps too
        edits.extend((shell, number, words) for shell in _run_shell_files(script) for number, words in _editing_lines(shell))
        for where, number, words in edits:
            for word in words:
                last = word.rsplit("/", 1)[-1]  # a glob's entries under "*" (red team 20, F2)
                entries = index.setdefault("*" if shell_steps.is_pattern(last) else last, [])
                if len(entries) < 64:
                    entries.append((where, number, word))
    return {key: tuple(entries) for key, entries in index.items()}


@lru_cache(maxsize=1024)
def _script_version_editors_near(folder: str) -> dict:
    """file name -> ``[(script, line, path word, bare versions), ...]``: :func:`_script_editors_near` for the commands
    of the Python scripts near ``folder`` (and the shell scripts they run) whose text holds a bare X.Y.Z version and
    no AC text (``subprocess.run(["sed", "-i", f"s/2.3.4/{v}/", "Dockerfile"])``: red team 29, report 13, f8)."""
    from .command_strings import commands

    index: dict = {}
    for script in _scripts_near(folder):
        edits = [(shell, number, words, versions) for shell in _run_shell_files(script)
                 for number, words, versions in _version_editing_lines(shell)]
        text = _read(script) if not script.endswith(".ipynb") else None
        module = parsed(text) if text is not None and _BARE_VERSION.search(text) and _QUOTED_READER.search(text) else None
        for line, command in commands(module, _COMMAND_STARTER, _BARE_VERSION) if module is not None else ():
            if _AC_TEXT.search(command) is None and shell_steps.reads_text(command):
                versions = tuple(dict.fromkeys(shell_steps.plain(m.group(0)) for m in _BARE_VERSION.finditer(command)))
                edits.append((script, line, _path_words(command), versions))
        for where, number, words, versions in edits:
            for word in words:
                last = word.rsplit("/", 1)[-1]
                entries = index.setdefault("*" if shell_steps.is_pattern(last) else last, [])
                if len(entries) < 64:
                    entries.append((where, number, word, versions))
    return {key: tuple(entries) for key, entries in index.items()}


# a quoted shell script path in a Python text (``"scripts/bump.sh "``: Airflow's trailing space too); one class run,
# bounded: linear
_SHELL_SCRIPT = re.compile(r"""["']([\w./-]{1,200}\.(?:sh|bash))[ \t]*["']""")


@lru_cache(maxsize=4096)
def _run_shell_files(script: str) -> Tuple[str, ...]:
    """The shell scripts of the repository a Python script or notebook names by a quoted path (``"scripts/bump.sh"``),
    resolved from its folder, then the folders above it up to the work tree's root (at most 8 per script)."""
    text = _read(script)
    if text is None or (".sh" not in text and ".bash" not in text):
        return ()
    folder = os.path.dirname(os.path.normpath(os.path.abspath(script)))
    root = tree_root(folder)
    found: List[str] = []
    for match in _SHELL_SCRIPT.finditer(text):
        literal = match.group(1)
        start = folder
        for _ in range(_MAX_LEVELS + 1):
            candidate = os.path.normpath(literal if os.path.isabs(literal) else os.path.join(start, literal))
            if os.path.isfile(candidate):
                if candidate not in found:
                    found.append(candidate)
                break
            if start == root or os.path.isabs(literal):
                break
            parent = os.path.dirname(start)
            if parent == start:
                break
            start = parent
        if len(found) >= 8:
            break
    return tuple(found)


def _path_words(line: str) -> Tuple[str, ...]:
    """The words of a shell line that may name a file: a path (a ``.`` or ``/`` in it) or a bare
    Dockerfile name (``sed -i ... Dockerfile``, red team 16, report 11b, F14)."""
    return shell_steps.line_words(line)  # and globs, find -exec, grep -r (red team 20, F2)


@lru_cache(maxsize=4096)
def _script_editing_lines(script: str) -> Tuple[Tuple[int, Tuple[str, ...]], ...]:
    """The lines of a Python script or notebook that run a text reader/editor holding AC text, with
    their path-like words (red team 16, report 11b, F2): a notebook's ``!`` lines and shell cells as
    shell lines, its other code and a script's code read with ``ast`` (never run)."""
    text = _read(script)
    if text is None or _AC_TEXT.search(text) is None or (
            _LINE_READER.search(text) is None and _ANY_READER.search(text) is None and _JINJA_MARK.search(text) is None
            and shell_steps.SENDER_WORD.search(text) is None and _QUOTED_READER.search(text) is None):  # RT27 f3
        return ()
    lines: List[Tuple[int, Tuple[str, ...]]] = []
    if script.endswith(".ipynb"):
        from .cross_module import _notebook_code, _notebook_placed

        code, cells = _notebook_code(text)
        names = shell_steps.names_of(code)  # red team 20, F4: IPython expands {NAME} / $NAME in ! lines
        for index, start in enumerate(cells.starts):
            end = cells.starts[index + 1] - 1 if index + 1 < len(cells.starts) else len(code)
            cell_lines = code[start:end].split("\n")
            whole = bool(cell_lines) and _SHELL_CELL.match(cell_lines[0]) is not None
            for offset, line in enumerate(cell_lines):
                if whole:  # every line after the magic one is a shell line
                    shell = line if offset else None
                else:  # ``!sed ...``, ``out = !sed ...``, ``%sx sed ...``
                    bang = _BANG_LINE.match(line)
                    shell = line[bang.end():] if bang is not None else None
                if shell is not None and ("#" in shell or "echo" in shell or "printf" in shell):
                    # red team 27 (report 11b), f7: a shell cell's comment and what an echo prints run nothing
                    shell = shell_steps.without_printed(shell_steps.without_comment(shell))
                if shell is not None and ("$" in shell or "{" in shell):
                    shell = shell_steps.ipython_line(shell, names)
                if shell is not None and _AC_TEXT.search(shell) and shell_steps.reads_text(shell):
                    lines.append((cells.lines[index] + offset, _path_words(shell)))
                elif shell is not None and _AC_TEXT.search(shell):  # ``!curl -F query=@q.graphql ...`` (f3)
                    reads = shell_steps.sender_reads(shell)
                    if reads:
                        lines.append((cells.lines[index] + offset, reads))
        text = _notebook_placed(code, cells)
    lines.extend(_python_commands(text))
    return tuple(lines)


def _python_commands(text: str) -> List[Tuple[int, Tuple[str, ...]]]:
    """``[(line, path words), ...]`` of the shell commands a Python text spells in its strings, when a
    text reader or editor stands where a command starts (the text's start, after ``;``, ``&&``, ``|``,
    ``$(``, ``-c``, ``sudo``, ``xargs``) and the text holds AC text: see :mod:`.command_strings` for
    which strings are commands (a call's arguments, each alone and joined; a list of words; a string a
    function returns or a name is bound to, as Airflow's ``@task.bash`` and ``bash_command=cmd`` run
    them; Jinja that includes or ``replace``-filters a file).  Each node is read once (linear)."""
    from .command_strings import commands

    if _QUOTED_READER.search(text) is None and _JINJA_MARK.search(text) is None:  # no command string: not parsed
        return []
    module = parsed(text)
    if module is None:
        return []
    # an HTTP client's command (no other reader on it) reads only the files it sends, not its URL nor ``-o``'s;
    # a Jinja template's read file (a path alone) keeps its words
    return [(line, shell_steps.sender_reads(command) if not shell_steps.reads_text(command)
             and shell_steps.SENDER_WORD.search(command) else _path_words(command))
            for line, command in commands(module, _COMMAND_STARTER, _AC_TEXT)
            if _COMMAND_READER.search(command) is not None or _COMMAND_PROGRAM.search(command) is None
            or shell_steps.runs_program(command)]  # red team 27 (11b), f3: an interpreter runs an inline program


# a checkout or deploy folder's variable as the first part of a path word (``CI_PROJECT_DIR``, ``GITHUB_WORKSPACE``,
# ``AIRFLOW_HOME``): upper case, one class run (linear)
_VARIABLE = re.compile(r"[A-Z][A-Z0-9_]*")


def _resolves(word: str, folder: str, root: str, target: str) -> bool:
    """Does the path ``word`` of a step in ``folder`` name ``target``: from that folder or one above it,
    else (red team 19, F4/F15/F1), when the path is absolute or starts with a variable, by its tail from
    the work tree's root, as a path of where the project is checked out or deployed spells it
    (``/usr/local/airflow/include/q.graphql`` in a DAG, ``$CI_PROJECT_DIR/queries/q.graphql`` in a CI
    step, its ``$`` dropped from the word).  A relative path (``docker/Dockerfile``) names only itself."""
    if word.startswith("./"):
        word = word[2:]
    if shell_steps.is_pattern(word):  # a glob or find word: the files it may expand to (red team 20, F2)
        return shell_steps.pattern_resolves(word, folder, root, target, _MAX_LEVELS)
    if os.path.isabs(word) and os.path.normpath(word) == target:
        return True
    if not os.path.isabs(word):
        for start in folders_up(folder, root, _MAX_LEVELS):
            if os.path.normpath(os.path.join(start, word)) == target:
                return True
    parts = [part for part in word.split("/") if part]
    if not (os.path.isabs(word) or (parts and _VARIABLE.fullmatch(parts[0]))):
        return False
    for index in range(1, len(parts)):  # the tails, longest first: at most a path's few parts
        if os.path.normpath(os.path.join(root, *parts[index:])) == target:
            return True
    return False


@lru_cache(maxsize=1024)
def _shell_files(folder: str) -> Tuple[str, ...]:
    """The project's shell files for a file in ``folder`` (listed once per folder per run)."""
    from .image_readers import project_shell_files

    return tuple(project_shell_files([os.path.join(folder, "_")]))


def context(path: str) -> Optional[str]:
    """What of other files this file's result depends on, for the result cache's key: the shell
    lines editing it and the notebook cells writing it (added or removed later, a cached result
    must not be reused)."""
    target = os.path.normpath(os.path.abspath(path))
    writers = _notebook_writers(target) + _shell_generators(target) + _shell_editors(target, loose=True)
    return None if not writers else " ".join(f"{where}:{line}" for where, line in writers)


def _ci_files(root: str) -> Tuple[str, ...]:
    return ci_files(root)


@lru_cache(maxsize=256)
def ci_files(root: str) -> Tuple[str, ...]:
    """The CI files of the work tree at ``root`` whose steps run shell lines: its workflows, the usual
    single files, and (red team 19, F1) the files those pipelines run steps from: GitHub composite
    actions (``.github/actions/NAME/action.yml``, one or two folders down, and an ``action.yml`` at the
    root), the files ``.gitlab-ci.yml`` includes by ``local:`` (nested too), and AWS CodeBuild's
    ``buildspec*.yml`` at the root.  A few listings per work tree, once per run."""
    found = [os.path.join(root, name) for name in _CI_FILES if os.path.isfile(os.path.join(root, name))]
    for workflows in _WORKFLOW_FOLDERS:
        found.extend(_yaml_in(os.path.join(root, workflows)))
    found.extend(path for path in _yaml_in(root) if os.path.basename(path).startswith(_ROOT_STEP_FILES))
    actions = os.path.join(root, ".github", "actions")
    for folder in _folders_in(actions):
        found.extend(path for path in _yaml_in(folder) if os.path.basename(path) in _ACTION_FILES)
        for sub in _folders_in(folder):  # .github/actions/group/NAME/action.yml
            found.extend(path for path in _yaml_in(sub) if os.path.basename(path) in _ACTION_FILES)
    if os.path.join(root, ".gitlab-ci.yml") in found:
        from ..gitlab_includes import local_includes

        found.extend(sorted(local_includes(os.path.join(root, ".gitlab-ci.yml"))))
    unique: dict = {}
    for path in found:
        unique.setdefault(os.path.normpath(path), None)
    return tuple(unique)


_ACTION_FILES = ("action.yml", "action.yaml")
_ROOT_STEP_FILES = ("action.", "buildspec")  # a composite action at the root; CodeBuild's buildspec*.yml


def _yaml_in(folder: str) -> List[str]:
    """The YAML files directly in ``folder`` (one listing), sorted."""
    try:
        with os.scandir(folder) as entries:
            return sorted(e.path for e in entries if e.name.endswith((".yml", ".yaml")) and e.is_file())
    except (OSError, ValueError):
        return []


def _folders_in(folder: str) -> List[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted(e.path for e in entries if e.is_dir(follow_symlinks=False))[:_MAX_SUBFOLDERS]
    except (OSError, ValueError):
        return []


@lru_cache(maxsize=1024)
def _editing_lines(script: str) -> Tuple[Tuple[int, Tuple[str, ...]], ...]:
    """The lines of ``script`` that run a text reader/editor and hold AC text, with their path-like words
    (a line reading a GraphQL document file counts in a script holding AC text elsewhere: only those words)."""
    text = _read(script)
    if text is None or (_AC_TEXT.search(text) is None and "$" not in text):
        return ()
    lines = []
    sends_ac_name = _AC_NAME.search(text) is not None  # found once per script
    # red team 20, F2-F12: steps with continuations joined, variables expanded, working folders applied
    for number, line, words, unknown, reads in ((s.number, s.text, s.words, s.unknown, s.reads) for s in _steps(script, text)):
        # red team 24, report 13, f3: an HTTP client sending a file (``http POST ... query=@q.graphql``,
        # ``curl -F query=@q.graphql``) reads it as ``jq --rawfile`` does
        if not reads and not shell_steps.reads_text(line):
            continue
        if _AC_TEXT.search(line) is not None:
            lines.append((number, words))
        elif unknown:  # sed -i "s/$OLD/$NEW/" Dockerfile: what it looks for is unknown, so may be AC text
            lines.append((number, unknown))
        elif sends_ac_name:
            # Q="$(cat queries/create.graphql)" on one line, the variables {airflowVersion: $v} sent on
            # another: a script naming the AC variable that reads a document file sends that document's
            # AC variables (red team 18, report 11b, F3); held as a reader on the line itself is.  An AC
            # version alone elsewhere in the script is not enough (a `sed` of a label beside a bump step).
            documents = tuple(w for w in words if w.endswith(_DOCUMENT_FILE))
            if documents:
                lines.append((number, documents))
    return tuple(lines)


# Red team 29 (report 13), f7 f8: an AC release written bare (``2.3.4``, also regex-escaped ``2\.3\.4``) is what
# the AC table maps and the rewrite replaces (``airflowVersion: "2.3.4"``, ``ap-airflow:2.3.4-onbuild``), yet it is
# not AC text on its own (a label, a pip pin).  A step looking for it holds the file only when the rewrite removes
# that text from the file: the step's pattern is in the bytes the rewrite changes.  Bounded runs (linear).
_BARE_VERSION = shell_steps.BARE_VERSION


@lru_cache(maxsize=1024)
def _version_editing_lines(script: str) -> Tuple[Tuple[int, Tuple[str, ...], Tuple[str, ...]], ...]:
    """``((line, path words, bare versions), ...)``: the steps of ``script`` running a text reader/editor whose
    text holds a bare X.Y.Z version and no AC text (those are :func:`_editing_lines`'), read once per run."""
    text = _read(script)
    if text is None or _BARE_VERSION.search(text) is None:
        return ()
    lines = []
    for step in _steps(script, text):
        line = step.text[:10000]
        if _AC_TEXT.search(line) is not None or not (step.reads or shell_steps.reads_text(line)):
            continue
        versions = tuple(dict.fromkeys(shell_steps.plain(m.group(0)) for m in _BARE_VERSION.finditer(line)))
        if versions and step.words:
            lines.append((step.number, step.words, versions))
    return tuple(lines)


def _steps(script: str, text: str):
    """The shell steps of a shell, CI or configuration file (:mod:`.shell_steps`), read once per run."""
    return shell_steps.file_steps(script, text)


@lru_cache(maxsize=1024)
def _any_file_lines(script: str) -> Tuple[Tuple[int, Tuple[str, ...]], ...]:
    """``((line, AC texts), ...)``: the steps of ``script`` editing files of unknown path (red team 20, F4)."""
    text = _read(script)
    if text is None or _AC_TEXT.search(text) is None:
        return ()
    return tuple((s.number, s.any_file) for s in _steps(script, text) if s.any_file)


@lru_cache(maxsize=256)
def _config_files(root: str) -> Tuple[str, ...]:
    """bump2version / bump-my-version and pre-commit configurations at the root (red team 20, F8), and the
    manifests of its ``updatecli.d`` folder (red team 24, report 11b, f12: one listing)."""
    found = tuple(os.path.join(root, n) for n in shell_steps.CONFIG_FILES if os.path.isfile(os.path.join(root, n)))
    return found + tuple(p for p in _yaml_in(os.path.join(root, shell_steps.UPDATECLI_FOLDER)) if os.path.isfile(p))


def _read(path: str) -> Optional[str]:
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(_MAX_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None


def _notebook_writers(target: str) -> List[Tuple[str, int]]:
    """``[(notebook, cell number), ...]`` whose ``%%writefile`` cell writes ``target`` (a path
    resolved from the notebook's folder, where Jupyter runs it)."""
    folder = os.path.dirname(target)
    root = tree_root(folder)
    found: List[Tuple[str, int]] = []
    for near in folders_up(folder, root, _MAX_LEVELS):
        for notebook in _scripts_near(near):
            if not notebook.endswith(".ipynb"):
                continue
            for cell, written in _written_files(notebook):
                if written == target and len(found) < _MAX_NAMED:
                    found.append((os.path.relpath(notebook), cell))
    return found


_SCRIPTS = (".ipynb", ".py")


@lru_cache(maxsize=1024)
def _scripts_near(folder: str) -> Tuple[str, ...]:
    """The notebooks and Python scripts in ``folder`` and in the folders directly below it (one listing each)."""
    found, subfolders = [], []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(_SCRIPTS) and entry.is_file(follow_symlinks=False):
                    found.append(entry.path)
                elif entry.is_dir(follow_symlinks=False) and not entry.name.startswith("."):
                    subfolders.append(entry.path)
    except (OSError, ValueError):
        return ()
    for sub in sorted(subfolders)[:_MAX_SUBFOLDERS]:
        try:
            with os.scandir(sub) as entries:
                found.extend(e.path for e in entries if e.name.endswith(_SCRIPTS) and e.is_file(follow_symlinks=False))
        except (OSError, ValueError):
            continue
    return tuple(sorted(found))


@lru_cache(maxsize=1024)
def _written_files(notebook: str) -> Tuple[Tuple[int, str], ...]:
    """``((cell number, absolute path written), ...)`` of the notebook's ``%%writefile`` cells."""
    text = _read(notebook)
    if text is None or "%%writefile" not in text:
        return ()
    try:
        cells = json.loads(text).get("cells") or []
    except (ValueError, AttributeError, RecursionError):
        return ()
    folder = os.path.dirname(notebook)
    found = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source")
        first = (source[0] if source and isinstance(source[0], str) else "") if isinstance(source, list) else source
        if not isinstance(first, str):
            continue
        match = _WRITEFILE.match(first.split("\n", 1)[0])
        if match is None:
            continue
        written = os.path.expanduser(match.group(1).strip("\"'"))
        found.append((number, os.path.normpath(os.path.join(folder, written))))
    return tuple(found)
