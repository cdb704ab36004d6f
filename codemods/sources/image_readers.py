"""Which image-pinning files (Dockerfile, compose, CI) a Python script of the run opens and searches for AC text.

Red team 12, F9: ``deploy.py`` did ``open("Dockerfile").read()`` then
``re.search(r"ap-airflow:(...)", text).group(1)`` to learn the version it sent
Houston.  Migrating the Dockerfile's ``FROM`` to ``astro-runtime`` made that
search find nothing, so the script failed on every run, and nothing said so:
the edit changes bytes other code reads.  So such a file's AC images are
reviewed, never edited, the review naming the script and its lines (see
:mod:`rules.project_images`).

A script counts when its text names an image file of the run by a quoted
literal path AND holds the AC image text ``ap-airflow`` (what it searches
for, or writes).  A relative literal is resolved against the script's folder
and then each folder above it (up to :data:`MAX_LEVELS_UP`, as a script run
from the project's root would open it), first match wins; an absolute one as
it is.  Like ``.graphql`` files read by scripts (:mod:`cross_module`), the
index is built once per run, before any file is processed: a script is read
only when the run holds an image file that may name an AC image, and scanned
only when its bytes hold ``ap-airflow``; every regex is linear.  A path joined
from literal parts (``Path(__file__).parent / "docker" / "Dockerfile"``,
``os.path.join(ROOT, "docker", "Dockerfile")``, ``f"{ROOT}/docker/Dockerfile"``)
names the file by those parts (red team 13, F9).  A notebook's code cells are read as one script, at
the ``.ipynb`` file's lines (red team 14, report 13, F15).  Paths built at run time from variables are
not followed.

Red team 16 (report 11b), F14 and F8: what a script holds of the AC image need not be the word
``ap-airflow``.  A bump script writing the Dockerfile holds the AC version it replaces
(``CURRENT = "2.3.4-11"``; ``df.write_text(df.read_text().replace(CURRENT, new))``), and a drift check
parses the tag generically (``re.search(r"^FROM \\S+:(...)", ...)``) to compare it with a Deployment's
``airflowVersion`` read from Houston.  So an AC version (``2.3.4-11``) or ``airflowVersion`` in the
script counts too (``ap-airflow`` is named first when present).  A drift check is held on both sides:
the image file here, and the script's own Houston migrations (:func:`settle_script`, naming the image
file), since once either side is migrated the two values never match.

Red team 19, F5: a script reading the ``FROM`` line through a Dockerfile parser names the file by the
parser's arguments, not a quoted path: ``DockerfileParser()`` (dockerfile-parse) reads ``./Dockerfile``
(resolved as the literal ``"Dockerfile"`` is), ``DockerfileParser("docker")`` reads
``docker/Dockerfile``, ``DockerfileParser(path="docker/Dockerfile.prod")`` that file.  Its
``.baseimage`` / ``.parent_images`` is the AC tag itself, so such a script is a reader whether or not
it spells AC text.

Red team 14 (report 11b), F9: a script that looks for image files by name rather than by path
(``ROOT.rglob("Dockerfile")``, ``glob.glob("**/Dockerfile", recursive=True)``, ``os.walk`` with
``"Dockerfile" in files``) and holds ``ap-airflow`` reads every file of that name the search can reach.
Its root is a run-time value, so it is taken wide: each image file of the run with that name below the
work tree holding the script, or the run's top when no work tree does (:mod:`.look_around`).  Holding too many only turns edits into reviews.

Red team 23 (report 11b), f9: a test module holding AC text may get the file's text from a ``conftest.py``
fixture instead of reading it itself (``def test_base(dockerfile_text)``): the fixtures of the conftests above
it that name an image file count as its reads (:func:`_note_fixtures`).

Red team 25 (report 11b), f2: a JavaScript, TypeScript, Ruby or Perl script where the project keeps its shell scripts
(:func:`project_program_files`) is read as a Python script is (``scripts/bump-airflow.js``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Tuple

from .look_around import tree_root  # how far up the readers of a file are looked for
from .shell_steps import AC_VERSION  # an AC version, literal or regex-escaped
from .shell_steps import runs_editor  # does a shell line run a reader or editor (red team 25, report 13, f3)
from .shell_steps import runs_program  # an interpreter given its program inline (red team 27, report 11b, f3)
from .shell_steps import PROGRAM_KEYS, yaml_programs  # a CI step's program in another language (RT27 11b f2/f5)
from .shell_steps import may_name  # may a wildcard name (``Dockerfile*``) match a file's name (red team 24, 11b, f6)
from .shell_steps import without_comment, without_printed  # comments and printed text run nothing (RT27 11b f7)

AC_TEXT = "ap-airflow"
# What a Python script holds of an AC image it reads or writes: the image word, an AC version (the tag a
# bump replaces), or ``airflowVersion`` (a Houston read compared with the tag).  Bounded runs: linear.
# An AC version also as a regex spells it (``re.sub(r"2\.3\.4-11", new, text)``: red team 20, F3).
# Red team 22 (report 11b), f3: the astro CLI's own AC flag, ``astro deployment airflow upgrade
# --desired-airflow-version "$AC_VERSION"``: a step passing the Dockerfile's tag there reads it as the AC
# version it is, whether or not it spells AC text itself.
ASTRO_AC_FLAG = "desired-airflow-version"
_AC_MARK = re.compile(rb"ap-airflow|" + AC_VERSION.encode() + rb"|airflowVersion|" + ASTRO_AC_FLAG.encode())
_AC_REPOSITORY_MARK = re.compile(r"ap-airflow")
_AC_VERSION_MARK = re.compile(AC_VERSION)
_VERSION_ARGUMENT_MARK = re.compile(r"airflowVersion")
_ASTRO_FLAG_MARK = re.compile(ASTRO_AC_FLAG)
_AC_MARKS = (_AC_REPOSITORY_MARK, _AC_VERSION_MARK, _VERSION_ARGUMENT_MARK, _ASTRO_FLAG_MARK)
_SHELL_MARKS = (AC_TEXT.encode(), ASTRO_AC_FLAG.encode())  # what a CI step or shell script reading the tag holds
COMPARED = "review-ac-version-comparison"
MAX_LEVELS_UP = 8  # folders above a script tried for a relative literal path
MAX_READERS = 4  # scripts named in one file's review
# A quoted string on one line, each quote kind on its own and escapes taken whole, so a raw regex
# (``r"ap-airflow:(\S+)"``) or an apostrophe inside double quotes does not pair the closing quote
# of one literal with the opening quote of the next (``", Path("``) and hide the path after it.
# The two alternatives start with different characters, an escape and a plain character are told
# apart by their first one, and the run is bounded: at most 400 steps from each quote (linear).
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.){0,400})"|\'((?:[^\'\\\n]|\\.){0,400})\'')
# What joins two literal path parts: `` / `` (pathlib, after an optional ``)``) or ``, `` (os.path.join)
_JOIN = re.compile(r"\)?\s*[/,]\s*")
# A search by name just before the quote: ``rglob(`` / ``glob(`` / ``iglob(`` (red team 14, report 11b, F9)
_GLOB_CALL = re.compile(r"glob\(\s*$")
# A folder walk anywhere in the script (``os.walk(``, ``Path.walk(``, ``scandir(``, ``listdir(``)
_WALK = re.compile(r"\b(?:walk|scandir|listdir)\(")
_MAX_NAMES_MATCHED = 256  # image file names a wildcard literal is matched against (more: not matched)
# Red team 24 (report 11b), f11: a Python script cutting the image tag out of an image file it names, with no AC
# text of its own (``Path("Dockerfile").read_text().split(":")[1]``, ``.partition(":")``, a ``FROM`` line
# looked for, a compose service's ``["image"]``).  Fixed words, each class run bounded by a fixed character
# after it that the run cannot hold (linear).
_PY_TAG_CUT = re.compile(
    rb"""(?:split|partition)\([ \t]{0,8}[rbuRBU]?["']:|\bFROM\b|\[[ \t]{0,8}["']image["'][ \t]{0,8}\]"""
    rb"""|\.get\([ \t]{0,8}["']image["']|\.baseimage\b"""
)
# Red team 27 (report 11b), f6/f1: the same cut in the other languages a project's programs are written in, added to
# Python's: JavaScript / Ruby / Groovy ``split(":")`` (``split(/:/)``), Groovy ``tokenize(':')``, Go
# ``strings.SplitN(l, ":", 2)`` / ``strings.Cut``, PHP ``explode(":", ...)``, PowerShell ``-split ':'`` (a compose
# service's image read through js-yaml is cut so: ``.image.split(":")``).  Fixed words, each run bounded (linear).
_PROGRAM_TAG_CUT = re.compile(
    _PY_TAG_CUT.pattern
    + rb"""|(?:split|tokenize|SplitN|SplitAfterN|Split|Cut|explode)\([^"'\n)]{0,40}["'/]:|-split[ \t]{0,4}["']:"""
)
# ... and what reads a file's text there (a program cutting the tag without AC text must read some file: one that
# only names it, ``spawn("docker", ["build", "-f", "Dockerfile"])`` or ``hadolint``, is no reader).  Fixed words.
_PROGRAM_READ = re.compile(
    rb"\b(?:readFileSync|readFile|readTextFileSync|readTextFile|createReadStream|readlines|readLines|foreach"
    rb"|read_file|read_yaml|ReadFile|ReadAll|ReadAllText|ReadAllLines|file_get_contents|fopen|load_file|safe_load_file"
    rb"|Get-Content|open|Open|IO\.read|File\.read|Bun\.file)\b"
)
TAG = "tag"  # the fifth element of an index entry whose reader cuts the tag out of the file without AC text
MAX_JOIN_GAP = 16  # characters between two joined literals (the gap is matched only when this short)
MAX_JOIN_PARTS = 8


def build(paths: Iterable[str]) -> Dict[str, List[list]]:
    """image file path (as the run spells it) -> ``[[script, line of the path, line of 'ap-airflow'], ...]``."""
    from ..files import file_kind, read_bytes
    from ..prefilter import may_spell_ac_image

    paths = list(paths)
    images: Dict[str, str] = {}
    for path in paths:
        if file_kind(path) in ("dockerfile", "compose", "ci"):
            try:
                text = read_bytes(path).decode("utf-8", "replace")
            except (OSError, ValueError):
                continue
            if may_spell_ac_image(text):
                images[os.path.normpath(os.path.abspath(path))] = path
    if not images:
        return {}
    found: Dict[str, List[list]] = {}
    names = {os.path.basename(path) for path in images}
    from .conftest_fixtures import is_test_module
    from .cross_module import imported_stems, module_stem

    spelled = {name.encode() for name in names}
    # module name -> (image file, the module, the line naming it) it names by path, with no AC text (F17)
    path_modules: Dict[str, List[tuple]] = {}
    importing: List[tuple] = []  # (script holding AC text, module names it imports, its first AC mark)
    tests: List[Tuple[str, str, str]] = []  # (absolute, as given, text) of the test modules holding AC text
    fixture_modules: List[tuple] = []  # (absolute, text, image files named) of other modules defining fixtures
    for path in paths:
        kind = file_kind(path)
        if kind == "ci":  # red team 14 (11b), F10: a CI step that greps a Dockerfile's tag
            try:
                data = read_bytes(path)
            except (OSError, ValueError):
                continue
            # red team 24 (11b), f11: a step cutting the tag out of an image file need not spell AC text
            if any(mark in data for mark in _SHELL_MARKS) or any(name in data for name in spelled):
                _note_shell(path, data.decode("utf-8", "replace"), images, names, found)
            if b"CI_JOB_IMAGE" in data and os.path.normpath(os.path.abspath(path)) in images:  # red team 24 (11b), f9
                _note_job_image(path, data.decode("utf-8", "replace"), found)
            continue
        if kind not in ("python", "notebook"):
            continue
        try:
            data = read_bytes(path)
        except (OSError, ValueError):
            continue
        if kind == "python" and b"#" in data and (_AC_MARK.search(data) is not None or any(name in data for name in spelled)):
            data = _code_only(data.decode("utf-8", "replace")).encode("utf-8", "replace")  # RT27 (11b) f7: no comments
        if _AC_MARK.search(data) is None and _PARSER.search(data) is None:  # RT16 (11b) F14/F8; RT19 F5: a parser
            named = any(name in data for name in spelled)
            code = data
            if kind == "notebook" and named:  # red team 28 (11b), f8: its code cells cut the tag as a script's do
                from .cross_module import notebook_python

                code = _code_only(notebook_python(data.decode("utf-8", "replace"))).encode("utf-8", "replace")
            cut = _PY_TAG_CUT.search(code) if named else None
            if cut is not None:  # red team 24 (11b), f11: Path("Dockerfile").read_text().split(":")[1]
                where = [code.count(b"\n", 0, cut.start()) + 1, cut.group(0).decode("utf-8", "replace"), TAG]
                _note(path, code.decode("utf-8", "replace"), images, names, found, where)
            if named:
                # Red team 28 (report 11b), f6/f8: a shell pipeline cutting the tag run from Python (``os.system``,
                # ``os.popen``, ``subprocess.run("...", shell=True)``, ``["bash", "-c", "..."]``, nox's
                # ``session.run``) or a notebook's ``!`` line or ``%%bash`` cell (its JSON lines, the file's lines)
                # is a reader as the same line in a shell script is: read with the shell steps' one test
                _note_shell(path, data.decode("utf-8", "replace"), images, names, found)
            if kind == "python" and any(name in data for name in spelled):  # RT17 (11b, F17): a path module
                named_here: Dict[str, List[list]] = {}
                _note(path, data.decode("utf-8", "replace"), images, names, named_here)
                if named_here:
                    path_modules.setdefault(module_stem(path), []).extend(
                        (image, os.path.relpath(path), readers[0][1]) for image, readers in named_here.items()
                    )
                    if b"fixture" in data and os.path.basename(path) != "conftest.py":  # a plugin's fixture (f9)
                        fixture_modules.append((os.path.normpath(os.path.abspath(path)), data.decode("utf-8", "replace"), named_here))
            continue
        text = data.decode("utf-8", "replace")
        if kind == "notebook":  # red team 14 (report 13), F15: its code cells, lines as the .ipynb file's
            from .cross_module import notebook_python

            text = _code_only(notebook_python(text))
        _note(path, text, images, names, found)
        if "import" in text:
            importing.append((path, imported_stems(text), _first_mark(text)))
        if kind == "python" and is_test_module(path) and os.path.basename(path) != "conftest.py":
            tests.append((os.path.normpath(os.path.abspath(path)), path, text))  # red team 23 (11b), f9
    # Red team 17 (report 11b), F17: the path is a constant of another module of the run the script
    # imports (``from paths import DOCKERFILE``): the script reads what that module names.  The module is
    # looked up by name in a dict, each script's imports once (linear).
    for script, stems, mark in importing if path_modules else ():
        for stem in stems & path_modules.keys():
            for image, module, line in path_modules[stem]:
                readers = found.setdefault(image, [])
                if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(script) for r in readers):
                    # the module names the file, not the script (red team 28, report 13, f11: "deploy.py names
                    # this file on line 5", the script's mutation line)
                    readers.append([os.path.relpath(script), mark[0], *mark, IMPORTS, f"line {line} of {module}"])
    if tests:
        _note_fixtures(tests, images, names, found, fixture_modules)
    # red team 15 (report 11b), F10: a Makefile or shell script of the project reading the tag
    ci_files = {os.path.normpath(os.path.abspath(path)) for path in paths if file_kind(path) == "ci"}
    from .outside_writers import ci_files as pipeline_files  # RT19 F1: composite actions, buildspec, GitLab includes

    roots = {tree_root(os.path.dirname(image)) for image in images}
    steps = [path for root in sorted(roots) for path in pipeline_files(root)]
    for script in dict.fromkeys(project_shell_files(images) + steps):
        if script in ci_files:
            continue  # read above as a CI file
        try:
            data = read_bytes(script)
        except (OSError, ValueError):
            continue
        if any(mark in data for mark in _SHELL_MARKS) or any(name in data for name in spelled):  # f11 as above
            _note_shell(os.path.relpath(script), data.decode("utf-8", "replace"), images, names, found)
    # red team 25 (report 11b), f2: a bump or pin script in another language (``scripts/bump-airflow.js`` doing
    # ``fs.readFileSync("Dockerfile", "utf8").replace(/ap-airflow:[\d.]+-\d+/, ...)``) reads the file as a Python
    # script does: the same quoted paths and AC marks (the run does not scan such files: listed where shell
    # scripts are)
    # Red team 27 (report 11b), f6/f1: and as a Python script, also one without AC text that cuts the tag out of a
    # file it names and reads (``fs.readFileSync("Dockerfile", "utf8")`` ... ``from.split(":")[1]``; Go's
    # ``os.ReadFile("Dockerfile")`` ... ``strings.SplitN(l, ":", 2)``, also in ``tools/NAME/main.go``)
    for script in project_program_files(images):
        try:
            data = read_bytes(script)
        except (OSError, ValueError):
            continue
        if any(name in data for name in spelled):
            _note_program(script, data.decode("utf-8", "replace"), data, images, names, found)
    # Red team 27 (report 11b), f1/f6: the files of other languages read line by line as a shell script is, with their
    # read steps in shell_steps' vocabulary: a Tiltfile (``read_file('Dockerfile')``), PowerShell, Groovy
    for script in project_line_programs(images):
        try:
            data = read_bytes(script)
        except (OSError, ValueError):
            continue
        marked = any(mark in data for mark in _SHELL_MARKS)
        if marked and os.path.basename(script) in TASK_FILE_NAMES:
            continue  # a task holding AC text is read as a step (shell_steps._task_steps), its review in those words
        if marked or any(name in data for name in spelled):
            _note_shell(os.path.relpath(script), data.decode("utf-8", "replace"), images, names, found)
    return found


def _note_program(script: str, text: str, data: bytes, images: Dict[str, str], names: set,
                  found: Dict[str, List[list]]) -> None:
    """A program in another language (or a CI step's program block, its other lines blank) naming an image file by a
    quoted path: a reader when it holds AC text (red team 25, report 11b, f2), or cuts the tag out and reads a file
    (red team 27, report 11b, f6: :data:`_PROGRAM_TAG_CUT`, :data:`_PROGRAM_READ`), the review saying so."""
    if _AC_MARK.search(data) is not None:
        _note(script, text, images, names, found)
        return
    cut = _PROGRAM_TAG_CUT.search(data)
    if cut is not None and _PROGRAM_READ.search(data) is not None:
        where = [data.count(b"\n", 0, cut.start()) + 1, cut.group(0).decode("utf-8", "replace"), TAG]
        _note(script, text, images, names, found, where)


# Files that run shell commands beside a project (red team 15, report 11b, F10): make, just, Task, tox,
# and shell scripts; looked for in the project's root, the image file's own folder, and a few
# conventional script folders of the root (a listing each: bounded work, no walk of the tree).
SHELL_FILE_NAMES = frozenset(
    ("Makefile", "makefile", "GNUmakefile", "justfile", "Justfile", ".justfile", "Taskfile.yml",
     "Taskfile.yaml", "taskfile.yml", "taskfile.yaml", "tox.ini")
)
SHELL_SUFFIXES = (".sh", ".bash", ".mk")
SCRIPT_FOLDERS = ("scripts", "script", "bin", "ci", ".ci", "tools", "hack", "build", "docker")


def is_shell_file(name: str) -> bool:
    """Is a file called ``name`` one that runs shell commands (a Makefile, a ``*.sh`` script...)?"""
    return name in SHELL_FILE_NAMES or name.endswith(SHELL_SUFFIXES)


def project_shell_files(files: Iterable[str]) -> List[str]:
    """The Makefiles and shell scripts of the projects holding ``files`` (absolute paths): in each work
    tree's root (:func:`.look_around.tree_root`), in its :data:`SCRIPT_FOLDERS`, and beside each file; each folder
    listed once, only regular files kept.  Then the shell scripts those files and the tree's CI files run
    by a path, wherever they live (:func:`scripts_run`)."""
    found, roots = _project_files(files, is_shell_file)
    for root in roots:  # red team 28 (report 11b), f4: ``bin/pin-airflow`` with a ``#!/usr/bin/env bash`` line
        found.extend(path for path in shebang_scripts(root, "shell") if path not in found)
    for root in roots:
        found.extend(path for path in scripts_run(root, tuple(sorted(found))) if path not in found)
    return sorted(found)


# Red team 28 (report 11b), f4: a command in a script folder has no extension (``bin/pin-airflow``); its first line
# says what runs it (read as words, no pattern).
_SHELLS = frozenset(("sh", "bash", "dash", "ksh", "zsh"))
MAX_SHEBANG_FILES = 64  # extensionless files looked at per script folder


@lru_cache(maxsize=256)
def _shebang_files(root: str) -> Tuple[Tuple[str, str], ...]:
    """``((path, "shell" | "python"), ...)``: the extensionless regular files of the root's :data:`SCRIPT_FOLDERS`
    whose first line is a shell or Python shebang; one listing per folder, 128 bytes read per file, bounded."""
    kinds: List[Tuple[str, str]] = []
    for sub in SCRIPT_FOLDERS:
        try:
            with os.scandir(os.path.join(root, sub)) as entries:
                candidates = sorted(e.path for e in entries if "." not in e.name and e.is_file(follow_symlinks=False))
        except (OSError, ValueError):
            continue
        for path in candidates[:MAX_SHEBANG_FILES]:
            try:
                with open(path, "rb") as handle:
                    head = handle.read(128)
            except (OSError, ValueError):
                continue
            kind = _shebang_kind(head)
            if kind is not None:
                kinds.append((path, kind))
    return tuple(kinds)


def _shebang_kind(head: bytes) -> Optional[str]:
    """"shell" or "python" for a first line ``#!/bin/bash``, ``#!/usr/bin/env python3``, ``#!/usr/bin/env -S bash -e``."""
    if not head.startswith(b"#!"):
        return None
    words = head[2:].split(b"\n", 1)[0].decode("utf-8", "replace").split()
    if words and words[0].endswith("/env"):
        words = [w for w in words[1:] if not w.startswith("-")]
    program = os.path.basename(words[0]) if words else ""
    if program in _SHELLS:
        return "shell"
    return "python" if program.rstrip("0123456789.") == "python" else None


def shebang_scripts(root: str, kind: str) -> List[str]:
    """The extensionless scripts of the root's script folders run by a shell (``kind`` "shell") or Python."""
    return [path for path, found in _shebang_files(root) if found == kind]


# Scripts in other languages that a project keeps beside its shell scripts (red team 25, report 11b, f2); Go and PHP
# too (red team 27, report 11b, f1), a Go program also one folder down (``tools/NAME/main.go``, ``cmd/NAME/``)
PROGRAM_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".rb", ".pl", ".go", ".php")
_NESTED_PROGRAM_FOLDERS = ("tools", "cmd", "scripts", "hack", "ci", "build")
_MAX_NESTED_FOLDERS = 32  # folders one level down listed per such folder
# Programs read line by line as a shell script is (red team 27, report 11b, f1/f6): a Tiltfile (Starlark), PowerShell
# and Groovy files; their read steps are in shell_steps' vocabulary (``read_file``, ``Get-Content``, ``readFile``)
LINE_PROGRAM_NAMES = frozenset(("Tiltfile",))
LINE_PROGRAM_SUFFIXES = (".ps1", ".psm1", ".groovy", ".star", ".tiltfile")


def project_program_files(files: Iterable[str]) -> List[str]:
    """The JavaScript, TypeScript, Ruby, Perl, Go and PHP scripts in the places :func:`project_shell_files` lists (the
    root, its :data:`SCRIPT_FOLDERS`, beside each file), and in the folders directly below the root's
    :data:`_NESTED_PROGRAM_FOLDERS` (a Go command's ``tools/NAME/main.go``), sorted."""
    keep = lambda name: name.endswith(PROGRAM_SUFFIXES)  # noqa: E731
    found, roots = _project_files(files, keep)
    for root in roots:  # red team 28 (report 11b), f4: ``bin/airflow-pin`` with a ``#!/usr/bin/env python3`` line
        found.extend(shebang_scripts(root, "python"))
    for root in roots:
        for sub in _NESTED_PROGRAM_FOLDERS:
            try:
                with os.scandir(os.path.join(root, sub)) as entries:
                    folders = sorted(e.path for e in entries if e.is_dir(follow_symlinks=False))[:_MAX_NESTED_FOLDERS]
            except (OSError, ValueError):
                continue
            for folder in folders:
                try:
                    with os.scandir(folder) as entries:
                        found.extend(e.path for e in entries if keep(e.name) and e.is_file(follow_symlinks=False))
                except (OSError, ValueError):
                    continue
    return sorted(dict.fromkeys(found))


def project_line_programs(files: Iterable[str]) -> List[str]:
    """The Tiltfiles, PowerShell and Groovy files in the places :func:`project_shell_files` lists, and the task files
    whose values are shell commands (:data:`TASK_FILE_NAMES`, a devcontainer's in ``.devcontainer/`` too), sorted."""
    keep = lambda name: name in LINE_PROGRAM_NAMES or name in TASK_FILE_NAMES or name.endswith(LINE_PROGRAM_SUFFIXES)  # noqa: E731
    return sorted(dict.fromkeys(_project_files(files, keep, (".devcontainer",))[0]))


# Red team 28 (report 11b), f5: files whose values are shell commands a tool runs: poethepoet / taskipy tasks
# (``pyproject.toml``), npm scripts (``package.json``), a pre-commit local hook's ``entry: bash -c '...'``, a
# devcontainer's ``postCreateCommand``.  A command there cutting the tag is a reader as the same line of a Makefile is
# (read by :func:`_note_shell`, line by line); they were seen only when the command also held AC text.
TASK_FILE_NAMES = frozenset(
    ("pyproject.toml", "package.json", ".pre-commit-config.yaml", ".pre-commit-config.yml", "devcontainer.json",
     ".devcontainer.json")
)


def _project_files(files: Iterable[str], keep, more: Tuple[str, ...] = ()) -> Tuple[List[str], Dict[str, None]]:
    """(the regular files whose name ``keep`` accepts in the project places of ``files`` (and the root's ``more``
    folders), the work trees' roots): each folder listed once."""
    folders: Dict[str, None] = {}
    roots: Dict[str, None] = {}
    for path in files:
        folder = os.path.dirname(os.path.normpath(os.path.abspath(path)))
        root = tree_root(folder)
        roots.setdefault(root, None)
        folders.setdefault(root, None)
        for sub in SCRIPT_FOLDERS + more:
            folders.setdefault(os.path.join(root, sub), None)
        folders.setdefault(folder, None)
    found: List[str] = []
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if keep(entry.name) and entry.is_file(follow_symlinks=False):
                        found.append(entry.path)
        except (OSError, ValueError):
            continue
    return found, roots


# Red team 23 (report 11b), f2: the make files a Makefile pulls in are part of the Makefile make runs.
# ``include make/astro.mk`` / ``-include`` / ``sinclude`` (words, globs, ``$(wildcard ...)``), and a make run
# from a recipe or script with another file or folder: ``$(MAKE) -f make/astro.mk``, ``make --file=X``,
# ``make -C sub`` (``sub/Makefile``).  Anchored or fixed-prefix, one bounded class run each (linear).
_MAKE_INCLUDE = re.compile(r"[ \t]*(?:-|s)?include[ \t]+([^ \t\n#][^\n#]{0,399})")
_MAKE_RUN = re.compile(r"\$[({]MAKE[)}]|(?<![\w./$-])g?make(?![\w.-])")
_MAKE_FILE_NAMES = ("GNUmakefile", "makefile", "Makefile")
_MAKE_NAME = re.compile(r"(?:GNU)?[Mm]akefile(?:[._-][\w.-]{0,64})?|[\w.-]{1,128}\.(?:mk|mak|make)")
_MAKE_VARIABLE_PREFIX = re.compile(r"(?:\$[({][\w.]{1,64}[)}]/?)+")
_INCLUDED_MAKE: Dict[str, None] = {}  # make files found by an include / -f of another one (read as make)
_MAKE_LINKS: Dict[str, Dict[str, None]] = {}  # make file -> the make files it includes or is included by (both ways)
MAX_MAKE_PROGRAM = 32  # make files read as one program
MAX_MAKE_GLOB = 16  # files one include glob adds


def is_make_file(path: str) -> bool:
    """Is ``path`` read by make: a Makefile, ``*.mk`` / ``Makefile.x`` by its name, or a file another make file
    includes or runs with ``-f`` (:func:`scripts_run` found it)?"""
    return _MAKE_NAME.fullmatch(os.path.basename(path)) is not None or os.path.normpath(path) in _INCLUDED_MAKE


def make_program(path: str) -> Tuple[str, ...]:
    """The other make files read with ``path`` as one program: those it includes and those including it, nested
    (found by :func:`scripts_run`); at most :data:`MAX_MAKE_PROGRAM`.  Their variables are its variables."""
    start = os.path.normpath(path)
    if start not in _MAKE_LINKS:
        return ()
    seen = {start: None}
    queue = [start]
    while queue and len(seen) < MAX_MAKE_PROGRAM:
        for other in _MAKE_LINKS.get(queue.pop(), {}):
            if other not in seen and len(seen) < MAX_MAKE_PROGRAM:
                seen[other] = None
                queue.append(other)
    return tuple(p for p in seen if p != start)


def _make_words(text: str, make: bool) -> List[Tuple[str, bool, bool]]:
    """``[(word, is_folder, included), ...]``: the make files ``text`` includes (when it is a ``make`` file) or
    runs make with (``-f``), and the folders it runs make in (``-C``), as written."""
    words: List[Tuple[str, bool, bool]] = []
    for line in text.splitlines():
        match = _MAKE_INCLUDE.match(line) if make else None
        if match is not None:
            body = match.group(1).replace("$(wildcard ", " ").replace("${wildcard ", " ")
            words.extend((w.rstrip(")}"), False, True) for w in body.split() if w.rstrip(")}"))
            continue
        run = _MAKE_RUN.search(line) if "make" in line or "MAKE" in line else None
        if run is None:
            continue
        tokens = line[run.end():].split()
        for index, token in enumerate(tokens):
            if token in (";", "&&", "||", "|") or token.endswith(";"):
                break
            for flag, folder in (("-f", False), ("--file", False), ("--makefile", False), ("-C", True), ("--directory", True)):
                if token == flag and index + 1 < len(tokens):
                    words.append((tokens[index + 1], folder, False))
                elif token.startswith(flag + "=") or (len(flag) == 2 and token.startswith(flag) and len(token) > 2):
                    words.append((token[len(flag) + 1:] if token.startswith(flag + "=") else token[2:], folder, False))
    return [(w.strip("\"'"), folder, included) for w, folder, included in words if w.strip("\"'")]


def _named_make_files(runner: str, text: str, root: str) -> List[str]:
    """The existing make files under ``root`` that ``runner`` includes or runs make with (see :func:`_make_words`),
    resolved from the runner's folder and the root; a path under a variable (``$(ROOT)/make/x.mk``) by its tail."""
    import glob

    prefix = root.rstrip(os.sep) + os.sep
    found: List[str] = []
    for word, folder, included in _make_words(text, is_make_file(runner)):
        tail = _MAKE_VARIABLE_PREFIX.sub("", word, count=1) if word.startswith("$") else word
        if not tail or "$" in tail or tail.startswith("~"):
            continue
        for base in dict.fromkeys((os.path.dirname(runner), root)):
            joined = os.path.normpath(os.path.join(base, tail))
            if folder:
                candidates = [os.path.join(joined, name) for name in _MAKE_FILE_NAMES]
            elif "*" in tail or "?" in tail or "[" in tail:
                candidates = sorted(glob.glob(joined))[:MAX_MAKE_GLOB]
            else:
                candidates = [joined]
            hits = [c for c in candidates if c.startswith(prefix) and c != runner and os.path.isfile(c)]
            if folder:
                hits = hits[:1]  # make reads the first of GNUmakefile, makefile, Makefile
            for hit in hits:
                if hit not in found:
                    found.append(hit)
                    _INCLUDED_MAKE.setdefault(os.path.normpath(hit), None)
                if included:  # one program: each side's variables are the other's (a sub-make via -f is not)
                    _MAKE_LINKS.setdefault(os.path.normpath(runner), {})[os.path.normpath(hit)] = None
                    _MAKE_LINKS.setdefault(os.path.normpath(hit), {})[os.path.normpath(runner)] = None
            if hits:
                break
    return found


# A shell script a step names by its path (``sh deploy/bump-ac.sh``, ``./deploy/bump.sh``, ``include ci/x.sh``):
# one bounded class run starting after a character outside the class (linear)
_RUN_SCRIPT = re.compile(r"(?<![\w./-])([\w./-]{1,200}\.(?:sh|bash))(?![\w.-])")
MAX_RUN_SCRIPTS = 32  # scripts found this way per work tree
_MAX_SHELL_BYTES = 4 * 1024 * 1024


def scripts_run(root: str, listed: tuple) -> List[str]:
    """Red team 22 (report 11b), f6: the shell scripts under ``root`` that its CI files
    (:func:`.outside_writers.ci_files`), the ``listed`` shell files, and in turn the scripts found so, run by a
    path (``sh deploy/bump-ac.sh`` in a workflow step): a script is read as a step wherever it lives, not only
    in :data:`SCRIPT_FOLDERS`.  Each file is read once per run (:func:`_named_scripts`); at most
    :data:`MAX_RUN_SCRIPTS` scripts."""
    from .outside_writers import ci_files

    queue = list(dict.fromkeys(ci_files(root) + listed))
    seen = set(queue)
    found: List[str] = []
    index = 0
    while index < len(queue) and len(found) < MAX_RUN_SCRIPTS:
        for script in _named_scripts(queue[index], root):
            if script not in seen and len(found) < MAX_RUN_SCRIPTS:
                seen.add(script)
                found.append(script)
                queue.append(script)
        index += 1
    return found


@lru_cache(maxsize=4096)
def _named_scripts(runner: str, root: str) -> Tuple[str, ...]:
    """The existing shell scripts under ``root`` that ``runner`` names by a path, resolved from the root
    (where a CI job or ``make`` runs) and from the runner's folder; a path under a variable
    (``$GITHUB_WORKSPACE/deploy/x.sh``, ``${{ github.workspace }}/deploy/x.sh``) by its tail."""
    try:
        if not os.path.isfile(runner) or os.path.getsize(runner) > _MAX_SHELL_BYTES:
            return ()
        with open(runner, "rb") as handle:
            text = handle.read(_MAX_SHELL_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ()
    found: List[str] = []
    if "include" in text or "make" in text or "MAKE" in text:  # red team 23 (11b), f2: make files it pulls in
        found.extend(_named_make_files(runner, text, root))
    if ".sh" not in text and ".bash" not in text:
        return tuple(found)
    prefix = root.rstrip(os.sep) + os.sep
    for match in _RUN_SCRIPT.finditer(text):
        word = match.group(1)
        parts = [p for p in word.split("/") if p and p != "."]
        tails = [parts] + ([parts[1:]] if len(parts) > 1 and (parts[0].isupper() or word.startswith("/")) else [])
        for tail in tails:
            for base in (root, os.path.dirname(runner)):
                candidate = os.path.normpath(os.path.join(base, *tail)) if tail else ""
                if candidate.startswith(prefix) and candidate != runner and os.path.isfile(candidate):
                    if candidate not in found:
                        found.append(candidate)
                    break
        if len(found) >= MAX_RUN_SCRIPTS:
            break
    return tuple(found)


# dockerfile-parse's parser (red team 19, F5): ``DockerfileParser(`` and its optional first literal argument
# (positional or ``path=``); one bounded run per quote (linear)
_PARSER = re.compile(rb"DockerfileParser\(")
# After the parenthesis and its spaces comes ")" (no argument), "path" or a literal's prefix or quote,
# none a space, so no two repeats trade characters.
_PARSER_CALL = re.compile(r"DockerfileParser\(\s*(?:(\))|(?:path\s*=\s*)?[rRuU]?(?:\"([^\"\n]{0,400})\"|'([^'\n]{0,400})'))?")


def _parsed_paths(text: str):
    """``[(path as a literal would spell it, offset), ...]`` of the Dockerfiles a ``DockerfileParser`` call
    reads: ``DockerfileParser()`` -> ``Dockerfile``, ``("docker")`` -> ``docker/Dockerfile``, a file path as
    it is; a call whose first argument is no literal (``fileobj=``, a variable) names nothing."""
    from ..files import is_dockerfile_name

    found = []
    for match in _PARSER_CALL.finditer(text):
        literal = match.group(2) if match.group(2) is not None else match.group(3)
        if literal is None:
            if match.group(1) == ")":  # DockerfileParser(): the working folder's Dockerfile
                found.append(("Dockerfile", match.start()))
            continue
        literal = literal.strip().rstrip("/") or "."
        name = literal.rsplit("/", 1)[-1]
        found.append((literal if is_dockerfile_name(name) else f"{literal}/Dockerfile", match.start()))
    return found


def _note(script: str, text: str, images: Dict[str, str], names: set, found: Dict[str, List[list]],
          mark: Optional[list] = None) -> None:
    """Note ``script`` as a reader of each image file it names; ``names``: the image files' base names (a
    literal is resolved only when it ends with one, an O(1) test); ``mark``: what the script holds of the
    image, when not AC text (``[line, 'split(":"', TAG]``: red team 24, report 11b, f11).

    Red team 24 (report 11b), f6: a name searched for by a wildcard (``glob.glob("**/Dockerfile*")``,
    ``rglob("Dockerfile*")``, ``fnmatch(f, "Dockerfile*")``, ``"*.yml"``) names every image file whose name
    it matches (``shell_steps.may_name``: ``*`` and ``?``, a bounded two-pointer walk); a pattern of only
    wildcards and dots (``"*"``, ``"*.*"``) names no file in particular."""
    folder = os.path.dirname(os.path.normpath(os.path.abspath(script)))
    if "DockerfileParser(" in text:  # red team 19, F5: the parser's path, not a quoted literal
        for literal, offset in _parsed_paths(text):
            target = _resolve(literal[2:] if literal.startswith("./") else literal, folder, images)
            if target is None:
                continue
            readers = found.setdefault(images[target], [])
            if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(script) for r in readers):
                line = text.count("\n", 0, offset) + 1
                mark = _first_mark(text) if _AC_MARK.search(text.encode("utf-8", "replace")) else [line, "DockerfileParser"]
                readers.append([os.path.relpath(script), line, *mark])
    searched = mark  # [line, text] of the first AC mark ('ap-airflow', an AC version, airflowVersion), found once
    counted, line = 0, 1  # lines counted up to offset ``counted``: each character counted once (linear)
    searched_names: set = set()  # image file names the script searches for by name (F9), each handled once
    walks = None  # does the script walk folders (os.walk, scandir, listdir)?  Looked for once
    chain: List[str] = []  # the literal parts joined so far: "docker" / "Dockerfile", join(ROOT, "docker", ...)
    previous_end = -1
    for match in _QUOTED.finditer(text):
        literal = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if not literal:
            continue
        gap = match.start() - previous_end
        joined = 0 < gap <= MAX_JOIN_GAP and _JOIN.fullmatch(text, previous_end, match.start()) is not None
        chain = (chain if joined else [])[-MAX_JOIN_PARTS:] + [literal]
        previous_end = match.end()
        name = literal.rsplit("/", 1)[-1]
        if name not in names:
            if not ("*" in name or "?" in name) or not name.strip("*?.") or len(names) > _MAX_NAMES_MATCHED:
                continue
            matched = [n for n in sorted(names) if may_name(name, n) and n not in searched_names]  # f6: a wildcard
            if not matched:
                continue
        elif name in searched_names:
            continue
        else:
            matched = [name]
        if walks is None:
            walks = _WALK.search(text) is not None
        if _searches_by_name(text, match.start(), "/".join(chain), walks):  # F9: every file of that name it reaches
            searched_names.update(matched)
            line += text.count("\n", counted, match.start())
            counted = match.start()
            if searched is None:
                searched = _first_mark(text)
            for image in (image for n in matched for image in _below(tree_root(folder), n, images)):
                readers = found.setdefault(images[image], [])
                if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(script) for r in readers):
                    readers.append([os.path.relpath(script), line, *searched])
            continue
        # red team 13, F9: Path(__file__).parent / "docker" / "Dockerfile" and os.path.join(ROOT, "docker",
        # "Dockerfile") name the file by all their literal parts; the whole join first, then the last part
        target = _resolve("/".join(chain), folder, images) if len(chain) > 1 else None
        if target is None:
            target = _resolve(_after_placeholder(literal), folder, images)
        if target is None:
            continue
        readers = found.setdefault(images[target], [])
        if len(readers) >= MAX_READERS or any(r[0] == os.path.relpath(script) for r in readers):
            continue
        if searched is None:
            searched = _first_mark(text)
        line += text.count("\n", counted, match.start())
        counted = match.start()
        readers.append([os.path.relpath(script), line, *searched])


# A shell reader of a file's text on a CI line (``sed -n 's|...ap-airflow:...|p' Dockerfile``, ``grep``, ``awk``):
# one alternation of words, each matched from a word start (linear)
# Red team 24 (report 11b), f5: also the structured readers, ``yq '.services.airflow.image | split(":")'
# docker-compose.yml``, ``jq`` (YAML read as JSON) and ``dasel``, and ``tail``.
# Red team 25 (report 13), f3: the names are shell_steps' one vocabulary (:func:`.shell_steps.runs_editor`:
# ``gsed``, ``fgrep``, ``envsubst``, and ``sd`` / ``rpl`` / ``ruby -pi -e`` / ``ex`` ... as a command's first word).
# Red team 24 (report 11b), f11: a step that holds no AC text reads an image file's tag when it cuts the
# reference at its ``:`` (``cut -d: -f2``, ``awk -F:``, ``IFS=:``, ``${X##*:}``, yq's ``split(":")``) or looks
# for the line or key holding it (``FROM``, ``image``).  Fixed alternatives, one bounded run each (linear).
# Red team 27 (report 11b), f1/f6: also Groovy's ``tokenize(':')`` and PowerShell's ``-split ':'``; the cuts at the
# ``:`` alone are what a later line does with a name a read was bound to (:func:`_note_bound`).
_COLON_CUT = re.compile(
    r"-[dFt][ \t]{0,4}[\"']?:|\bIFS=[\"']?:|##?\*:|(?:split|tokenize)\([ \t]{0,4}[\"']:|-split[ \t]{0,4}[\"']:"
)
_TAG_CUT = re.compile(_COLON_CUT.pattern + r"|\bFROM\b|\bimage\b")
# A path-like word on that line: one run of one class (linear)
_SHELL_WORD = re.compile(r"[\w./*?-]+")  # red team 24 (11b), f6: with the shell's wildcards (``Docker*``)
# A step that (re)generates a file (red team 20, report 13, F7): ``echo "FROM .../ap-airflow:..." > Dockerfile``,
# ``printf ... >> Dockerfile``, ``... | tee [-a] Dockerfile``: the path word right after the redirection or tee.
# The spaces, the optional -a (starting with '-') and the word (no space in it) never trade characters (linear).
_SHELL_WRITE = re.compile(r"(?:>>?|\btee\b)[ \t]*(?:-a[ \t]+|--append[ \t]+)?[\"']?([\w./-]+)")
WRITES = "writes"  # the fifth element of an index entry whose script writes the file rather than reads it


# Red team 28 (report 11b), f1: a CI file whose own step reads it with a structured reader (``AF=$(yq
# '.jobs.test.container' .github/workflows/ci.yml | cut -d: -f2)``, ``yq '.test.image' .gitlab-ci.yml``, jq, dasel,
# an inline ``yaml.safe_load``) reads its own image as a step of another file does: held, naming the step.  A plain
# ``grep``/``cat`` of itself is not counted (a lint or a hash of the workflow).  Fixed alternatives of words (linear)
_STRUCTURED_READER = re.compile(
    r"(?<![\w.-])(?:yq|jq|gojq|dasel|yj|readYaml|read_yaml|ConvertFrom-Yaml)(?![\w-])|\byaml\.(?:safe_|full_|unsafe_)?load\b"
)


def _note_shell(ci_file: str, text: str, images: Dict[str, str], names: set, found: Dict[str, List[list]]) -> None:
    """Red team 14 (report 11b), F10: a CI file holding ``ap-airflow`` whose line runs a text reader
    (``sed``, ``grep``, ``awk``, ...) on an image file of the run (``... Dockerfile``, resolved from the
    CI file's folder and the folders above it, where the job's checkout is): that file's AC text is
    read by the step (``$(sed -n 's|^FROM .../ap-airflow:\\(...\\)-onbuild|\\1|p' Dockerfile)``), so it
    is reviewed, like a Python script's read.  One pass over the lines; a few words per line looked up."""
    folder = os.path.dirname(os.path.normpath(os.path.abspath(ci_file)))
    if any(key in text for key in PROGRAM_KEYS):  # red team 27 (report 11b), f2/f5: shell: python, github-script
        _note_yaml_programs(ci_file, text, images, names, found)
    # red team 27 (report 11b), f7: a comment is no step (``# - run: grep ap-airflow Dockerfile``, a disabled one)
    lines = [without_comment(line) for line in text.splitlines()]
    text = "\n".join(lines)
    # what it holds of the AC image: ``ap-airflow``, else the astro CLI's AC flag (red team 22, report 11b, f3)
    mark = AC_TEXT if AC_TEXT in text else ASTRO_AC_FLAG
    # red team 24 (11b), f11: none: a line counts when it cuts the tag out (``head -1 Dockerfile | cut -d: -f2``
    # feeding ``apache-airflow==$(AIRFLOW_VERSION)``), its entry saying so
    marked = mark in text
    searched = text.count("\n", 0, text.find(mark)) + 1 if marked else 1
    bound: Dict[str, List[Tuple[int, str]]] = {}  # a name a line reads an image file into -> [(line, file key)]
    for number, line in enumerate(lines, 1):
        # red team 20 (report 13), F7: a step writing the file (echo / printf ... > Dockerfile, | tee Dockerfile)
        written = [m.group(1) for m in _SHELL_WRITE.finditer(line)] if marked and (">" in line or "tee" in line) else []
        if "echo" in line or "printf" in line:  # red team 27 (report 11b), f7: what an echo prints runs nothing
            line = without_printed(line)
        reads = runs_editor(line) or runs_program(line)  # red team 27 (11b), f3: ``node -p "...('Dockerfile')..."``
        cut = None if marked or not reads else _TAG_CUT.search(line)
        if not marked and cut is None:
            if reads or bound:
                _note_bound(ci_file, number, line, reads, folder, names, images, bound, found)
            continue
        if not reads and not written:
            continue
        for word, target in _shell_targets(_SHELL_WORD.findall(line) if reads else written, folder, names, images):
            if images[target] == ci_file and (word in written or _STRUCTURED_READER.search(line) is None):
                continue  # a CI file naming itself is a read of its image only through a structured reader (_STRUCTURED_READER)
            readers = found.setdefault(images[target], [])
            if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(ci_file) for r in readers):
                if word in written:  # the generator writes the AC image back over the migrated file
                    readers.append([os.path.relpath(ci_file), number, number if AC_TEXT in line else searched, AC_TEXT, WRITES])
                elif cut is not None:
                    readers.append([os.path.relpath(ci_file), number, number, cut.group(0), TAG])
                else:
                    readers.append([os.path.relpath(ci_file), number, searched, mark])


def _note_yaml_programs(ci_file: str, text: str, images: Dict[str, str], names: set, found: Dict[str, List[list]]) -> None:
    """Red team 27 (report 11b), f2/f5: a CI step whose program is another language's (``shell: python``, ``shell:
    python3 {0}``, ``shell: pwsh``, ``uses: actions/github-script`` ``with: script:``) is read as a program file of
    that language is (:func:`_note_program`): the file's text with only the program's lines kept, at their lines."""
    lines = text.splitlines()
    mark = AC_TEXT if AC_TEXT in text else ASTRO_AC_FLAG
    folder = os.path.dirname(os.path.normpath(os.path.abspath(ci_file)))
    for family, first, body in yaml_programs(lines).values():
        if family == "cat":  # a read-file action's ``path:``, its text matched by a later step holding AC text
            if mark in text:
                for _, target in _shell_targets(body, folder, names, images):
                    readers = found.setdefault(images[target], [])
                    if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(ci_file) for r in readers):
                        readers.append([os.path.relpath(ci_file), first + 1, text.count("\n", 0, text.find(mark)) + 1, mark])
            continue
        kept = [""] * len(lines)
        for offset, line in enumerate(body[: len(lines) - first], first):
            kept[offset] = line
        placed = "\n".join(kept)
        data = placed.encode("utf-8", "replace")
        if any(name.encode() in data for name in names):
            _note_program(ci_file, placed, data, images, names, found)


# A line binding a name (shell ``V=$(...)``, ``export V=``, Groovy ``def v =``, JavaScript ``const v =``, Starlark /
# Python ``v =``, PowerShell ``$v =``, make / Go ``v :=``): anchored, runs told apart by their first characters (linear)
_BINDING = re.compile(r"[ \t]*(?:(?:def|const|let|var|local|export|readonly)[ \t]+)?\$?([A-Za-z_]\w{0,63})[ \t]*:?=(?!=)")
_NAME = re.compile(r"[A-Za-z_]\w{0,63}")
_MAX_BOUND = 64  # names remembered per file


def _note_bound(ci_file: str, number: int, line: str, reads: bool, folder: str, names: set, images: Dict[str, str],
                bound: Dict[str, List[Tuple[int, str]]], found: Dict[str, List[list]]) -> None:
    """Red team 27 (report 11b), f1/f6: a line of a file holding no AC text that reads an image file into a name
    (``def compose = readYaml file: 'docker-compose.yml'``, ``df = str(read_file('Dockerfile'))``, ``FROM_LINE=$(head
    -1 Dockerfile)``) and a later line cutting the tag out of that name (``compose.services.scheduler.image
    .tokenize(':')``, ``.split(':')[1]``, ``cut -d:``) read the file's tag as one line doing both does: the entry names
    the read's line and the cut's (a cut at the ``:``: :data:`_COLON_CUT`).  Each line's names looked up in a dict
    (linear)."""
    if reads:
        binding = _BINDING.match(line)
        if binding is not None and len(bound) < _MAX_BOUND:
            for _, target in _shell_targets(_SHELL_WORD.findall(line), folder, names, images):
                if images[target] != ci_file:
                    bound.setdefault(binding.group(1), []).append((number, target))
        return
    cut = _COLON_CUT.search(line)  # a cut at the ``:``, not a mere ``image`` or ``FROM`` word (``echo "image-$HASH"``)
    if cut is None:
        return
    for name in dict.fromkeys(_NAME.findall(line)):
        for read, target in bound.get(name, ()):
            readers = found.setdefault(images[target], [])
            if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(ci_file) for r in readers):
                readers.append([os.path.relpath(ci_file), read, number, cut.group(0), TAG])


def _shell_targets(words: List[str], folder: str, names: set, images: Dict[str, str]) -> List[Tuple[str, str]]:
    """``[(word, image file key), ...]``: the image files the path words of a shell line name, resolved from
    ``folder`` up; a word whose name is a wildcard (``Dockerfile*``, ``docker/Docker*``: red team 24, report
    11b, f6) names each image file in that folder whose name it matches (one :func:`may_name` per name)."""
    found = []
    for written in words:
        word = written[2:] if written.startswith("./") else written
        head, _, name = word.rpartition("/")
        if name in names:
            candidates = [word]
        elif ("*" in name or "?" in name) and name.strip("*?.") and len(names) <= _MAX_NAMES_MATCHED:
            candidates = [f"{head}/{n}" if head else n for n in sorted(names) if may_name(name, n)]
        else:
            continue
        for candidate in candidates:
            target = _resolve(candidate, folder, images)
            if target is not None:
                found.append((written, target))
    return found


JOB = "job"  # the fifth element of an index entry whose CI job reads its own image ($CI_JOB_IMAGE)
# A top-level key of a YAML file (a GitLab job, ``default:``, ``image:``): anchored, one bounded run (linear)
_TOP_KEY = re.compile(r"([A-Za-z0-9_.\-][^:#\n]{0,200}):")
_IMAGE_KEY = re.compile(r"[ \t]{1,40}image[ \t]*:")


def _note_job_image(ci_file: str, text: str, found: Dict[str, List[list]]) -> None:
    """Red team 24 (report 11b), f9: a GitLab job whose script reads its own image through the predefined
    ``$CI_JOB_IMAGE`` (``AC_TAG="${CI_JOB_IMAGE##*:}"`` passed to ``--desired-airflow-version``) reads the
    bytes of its ``image:`` line as surely as a ``sed`` of the file.  The file (an image file of the run) is
    held, naming the line, when that job's image may be AC: its own ``image:`` holds ``ap-airflow``, or it
    has none and the file's top-level ``image:`` / ``default:`` image does, or it ``extends:`` a template
    (what it inherits is not read).  Top-level keys split the file into jobs; one pass over the lines."""
    blocks: List[List] = []  # [key, first line, lines]
    for number, line in enumerate(text.splitlines(), 1):
        match = _TOP_KEY.match(line) if line[:1] not in (" ", "\t", "#", "-", "") else None
        if match is not None:
            blocks.append([match.group(1).strip(), number, [line]])
        elif blocks:
            blocks[-1][2].append(line)
    inherited = any(key in ("image", "default") and AC_TEXT in "\n".join(lines) for key, _, lines in blocks)
    for key, first, lines in blocks:
        body = "\n".join(lines)
        if "CI_JOB_IMAGE" not in body or key in ("variables", "default", "image", "include", "stages"):
            continue
        own = any(_IMAGE_KEY.match(line) for line in lines)
        if not (AC_TEXT in body if own else inherited or "extends:" in body):
            continue
        number = first + next(i for i, line in enumerate(lines) if "CI_JOB_IMAGE" in line)
        readers = found.setdefault(ci_file, [])
        if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(ci_file) for r in readers):
            readers.append([os.path.relpath(ci_file), number, number, "$CI_JOB_IMAGE", JOB, key])


IMPORTS = "imports"  # ... whose script imports the module that names the file (its sixth: "line N of that module")
FIXTURE = "fixture"  # the fifth element of an index entry whose test gets the file's text from a conftest fixture


def _note_fixtures(tests: List[Tuple[str, str, str]], images: Dict[str, str], names: set, found: Dict[str, List[list]],
                   modules: List[tuple] = ()) -> None:
    """Red team 23 (report 11b), f9: a test module holding AC text that requests a fixture of a ``conftest.py``
    above it (up to the work tree's root) which reads an image file (``return (Path(__file__).parents[1] /
    "Dockerfile").read_text()``) handles that file's AC text as surely as a read in the test itself: the file
    is reviewed, naming the test and the fixture.  The fixtures counted are those whose function names the
    file (all of the conftest's when only a module-level constant does).  Each folder's conftest is read and
    parsed once; the links are :func:`.conftest_fixtures.requests` (each test's words once: linear).  ``modules``:
    the run's other modules defining fixtures that name an image file, offered as pytest plugins are
    (``pytest_plugins``, ``-p``) where no conftest offers the name."""
    from ..files import read_bytes
    from .conftest_fixtures import LEVELS_UP, fixture_functions, requests

    conftests: Dict[str, Optional[tuple]] = {}  # folder -> (its conftest.py, fixtures reading an image) or None
    named: Dict[str, Dict[str, List[list]]] = {}  # conftest -> image file -> its readers' entries (lines naming it)
    for absolute, _, _ in tests:
        folder = os.path.dirname(absolute)
        root = tree_root(folder)
        for _ in range(LEVELS_UP):
            if folder not in conftests:
                conftests[folder] = None
                candidate = os.path.join(folder, "conftest.py")
                try:
                    text = read_bytes(candidate).decode("utf-8", "replace") if os.path.isfile(candidate) else ""
                except (OSError, ValueError):
                    text = ""
                if text and any(name in text for name in names):
                    here: Dict[str, List[list]] = {}
                    _note(candidate, text, images, names, here)
                    fixtures = _reading_fixtures(text, here, fixture_functions(text)) if here else {}
                    if fixtures:
                        conftests[folder] = (candidate, fixtures)
                        named[candidate] = here
            parent = os.path.dirname(folder)
            if folder == root or parent == folder:
                break
            folder = parent
    offered = {folder: entry for folder, entry in conftests.items() if entry is not None}
    plugins = []
    for absolute, text, here in modules:
        fixtures = _reading_fixtures(text, here, fixture_functions(text))
        if fixtures:
            plugins.append((absolute, fixtures))
            named[absolute] = here
    if not offered and not plugins:
        return
    texts = {path: text for _, path, text in tests}
    marks: Dict[str, list] = {}
    for test, definer, requested, line in requests(offered, [(a, p) for a, p, _ in tests], texts.get, plugins):
        mark = marks.get(test) or marks.setdefault(test, _first_mark(texts[test]))
        for image, entries in named[definer].items():
            readers = found.setdefault(image, [])
            if len(readers) < MAX_READERS and not any(r[0] == os.path.relpath(test) for r in readers):
                where = f"{requested.rsplit(' as ', 1)[-1]} ({os.path.relpath(definer)} line {entries[0][1]})"
                readers.append([os.path.relpath(test), line, *mark, FIXTURE, where])


def _reading_fixtures(text: str, here: Dict[str, List[list]], fixtures: Dict[str, List[str]]) -> Dict[str, List[str]]:
    """The fixtures of a conftest whose function holds a line naming an image file; all of them when none does
    (the path is a module-level constant the fixtures share)."""
    import ast

    from .parsed_modules import parsed

    lines = {entry[1] for entries in here.values() for entry in entries}
    module = parsed(text)
    if module is None:
        return fixtures
    functions = [node for node in module.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    spans = {node.name: (node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno) for node in functions}
    reading = {
        requested: handed for requested, handed in fixtures.items()
        if any(name in spans and any(spans[name][0] <= line <= spans[name][1] for line in lines) for name in handed)
    }
    if not reading:
        return fixtures
    # a fixture requesting a reading one gets the file's text too (``def text(dockerfile_path): return
    # dockerfile_path.read_text()``): each round adds at least one fixture or stops (at most one per fixture)
    parameters = {node.name: {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs} for node in functions}
    for _ in range(len(fixtures)):
        more = {
            requested: handed for requested, handed in fixtures.items()
            if requested not in reading and any(not parameters.get(name, set()).isdisjoint(reading) for name in handed)
        }
        if not more:
            break
        reading.update(more)
    return reading


def _code_only(text: str) -> str:
    """Red team 27 (report 11b), f7: a Python script's text with its comments and string statements blanked (lines
    kept): ``# subprocess.run(["sed", "-i", "s/2.3.4-11/.../", "Dockerfile"])  # old bump`` opens nothing, so it
    names no file a script reads and holds no AC text it searches for.  A text that does not parse: as it is."""
    from ..destination.code_text import without_prose
    from .parsed_modules import parsed

    module = parsed(text)
    return text if module is None else without_prose(text, module)


def _first_mark(text: str) -> list:
    """``[line, text]`` of what the script holds of the AC image: ``ap-airflow`` first, else its first AC
    version, else its first ``airflowVersion`` (one search each, linear)."""
    for pattern in _AC_MARKS:
        match = pattern.search(text)
        if match is not None:
            return [text.count("\n", 0, match.start()) + 1, match.group(0)]
    return [1, AC_TEXT]


def scripts_reading(index: Dict[str, List[list]]) -> Dict[str, List[list]]:
    """script (absolute, normalised) -> ``[[image file, line naming it], ...]``: the index the other way
    round, built once per run (red team 16, report 11b, F8)."""
    scripts: Dict[str, List[list]] = {}
    seen = set()
    for image, readers in (index or {}).items():
        key = os.path.normpath(os.path.abspath(image))
        for reader in readers:
            script = os.path.normpath(os.path.abspath(reader[0]))
            if (script, key) not in seen:
                seen.add((script, key))
                # where the file is named: the script's line, or the imported module's (red team 28, 13, f11)
                where = reader[5] if len(reader) > 5 and reader[4] == IMPORTS else f"line {reader[1]}"
                scripts.setdefault(script, []).append([os.path.relpath(key), where])
    return scripts


def settle_script(result, path: str, text: str, scripts: Optional[Dict[str, List[list]]]) -> None:
    """Red team 16 (report 11b), F8: a script that reads an AC image file of the run (that file held, see
    :func:`build`) and handles ``airflowVersion`` compares or pairs the two (a drift check: the Deployment's
    ``airflowVersion`` against the Dockerfile's tag).  Once either side is migrated they never match (the
    tag a Runtime version, the field an Airflow version without the AC suffix), so the script's own
    migrations become reviews naming the image file: both sides are changed together, by hand."""
    images = (scripts or {}).get(os.path.normpath(os.path.abspath(path)))
    if not images or "airflowVersion" not in text or not any(f.migrates for f in result.findings):
        return
    named = "; ".join(f"{image} on {where}" for image, where in images[:MAX_READERS])
    note = (
        f"not rewritten: this script also reads the AC image tag of an image file of the run ({named}) and "
        "handles airflowVersion: once either side is migrated the tag is a Runtime version and the field an "
        "Airflow version without the AC suffix, so comparing them fails on every run; change the script, then "
        "migrate it and the image file together"
    )
    result.new_text = None
    result.findings = [f.withdrawn(COMPARED, note) if f.migrates else f for f in result.findings]


def _searches_by_name(text: str, start: int, literal: str, walks: bool) -> bool:
    """Is the quoted path ``literal`` (at ``start``, joined parts included) a name searched for: a glob's
    argument, a glob pattern (``**/Dockerfile``), or a bare file name in a script that ``walks`` folders
    (red team 14, report 11b, F9)?"""
    if "*" in literal or _GLOB_CALL.search(text, max(0, start - 16), start) is not None:
        return True
    return walks and "/" not in literal


def _below(root: str, name: str, images: Dict[str, str]) -> List[str]:
    """The run's image files called ``name`` below ``root`` (absolute, normalised keys of ``images``)."""
    prefix = root.rstrip(os.sep) + os.sep
    return [path for path in images if os.path.basename(path) == name and path.startswith(prefix)]


def _after_placeholder(literal: str) -> str:
    """``{ROOT}/docker/Dockerfile`` (an f-string or ``.format`` template) and ``%s/docker/Dockerfile``: the
    literal parts after the last placeholder, a path from wherever it points (tried like a relative one)."""
    brace = literal.rfind("}/")
    if brace >= 0:
        return literal[brace + 2 :]
    percent = literal.rfind("%s/")
    return literal[percent + 3 :] if percent >= 0 else literal


def _resolve(literal: str, folder: str, images: Dict[str, str]):
    if os.path.isabs(literal):
        candidate = os.path.normpath(literal)
        return candidate if candidate in images else None
    for _ in range(MAX_LEVELS_UP + 1):
        candidate = os.path.normpath(os.path.join(folder, literal))
        if candidate in images:
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    return None


def review_reason(readers: List[list]) -> str:
    """The reason an image file's AC images are reviewed, not edited, naming the scripts."""
    named = "; ".join(
        f"{r[0]} writes this file on line {r[1]} and its text holds '{r[3]}' on line {r[2]}"
        if len(r) > 4 and r[4] == WRITES
        else f"{r[0]} gets this file's text from the fixture {r[5]} on line {r[1]} and holds '{r[3]}' on line {r[2]}"
        if len(r) > 5 and r[4] == FIXTURE
        else f"{r[0]} names this file on line {r[1]} and cuts its image tag out on line {r[2]} ('{r[3]}')"
        if len(r) > 4 and r[4] == TAG
        else f"the job '{r[5]}' of {r[0]} reads its own image through '{r[3]}' on line {r[1]}"
        if len(r) > 5 and r[4] == JOB
        else f"{r[0]} imports the module that names this file (on {r[5]}) and holds '{r[3]}' on line {r[2]}"
        if len(r) > 5 and r[4] == IMPORTS
        else f"{r[0]} names this file on line {r[1]} and holds '{r[3] if len(r) > 3 else AC_TEXT}' on line {r[2]}"
        for r in readers
    )
    if all(len(r) > 4 and r[4] == WRITES for r in readers):  # red team 20 (report 13), F7: only generators
        return (
            f"a script of the run regenerates this file with AC image text ({named}): a migrated file is "
            "overwritten with the AC image on the script's next run; update the script's image, then migrate "
            "this file by hand to {new}"
        )
    return (
        f"a script of the run opens this file and handles its AC image text ({named}): migrating the image "
        "here changes what that script reads (a search for 'ap-airflow' or the AC tag would find nothing, a "
        "replace of the tag would do nothing, a comparison with the tag would fail); update the "
        "script, then migrate it by hand to {new}"
    )
