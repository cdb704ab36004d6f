"""How a shell step is read to tell which files it MAY read or edit, and whether what it looks for MAY be AC text.

:mod:`.outside_writers` holds a file whose AC text a shell step reads or edits (a CI step, a Makefile
recipe, a shell script, a notebook's ``!`` line, a Python string run as a command).  Red team 20
(report 11b) found that a step counted only when the file's path and the AC text were both written
literally on one line.  The rule is now: a step names a file when a path it operates on MAY be that
file, and it looks for AC text when its pattern MAY match the bytes the tool would change.  So each
shell text is read here, once, as logical steps:

- F12: a line ending in ``\\`` goes on with the next one (one step, numbered by its first line);
  the checkout root's variables (``$GITHUB_WORKSPACE``, ``${{ github.workspace }}``,
  ``$CI_PROJECT_DIR``, ``$(git rev-parse --show-toplevel)``, ...) stand for the work tree's root.
- F4: variables are expanded: every value the file gives a name anywhere (``QUERY_FILE=...``,
  ``export X=...``, a Makefile's ``X ?= ...``, a workflow's / job's / step's ``env:`` entry, a GitLab
  ``variables:`` entry, ``for f in queries/*.graphql``), read as ``$X``, ``${X}``, ``$(X)`` or
  ``${{ env.X }}``.  A variable with no value in the file (``$1``, ``${{ inputs.v }}``) stands for
  any text (:data:`ANY`).
- F9: a working directory named anywhere in the file (``working-directory:``, ``defaults: run:
  working-directory:``, ``workingDirectory:``, ``working_directory:``, ``cd DIR``, ``pushd DIR``,
  Jenkins ``dir('DIR')``) is also tried as the folder a relative path is read from.
- F2: a glob (``queries/*.graphql``) names the files it may expand to, and ``find DIR -name PAT``
  feeding ``-exec``/``xargs`` an editor names the files below ``DIR`` matching ``PAT`` (a pattern word
  ``DIR/**/PAT``); ``grep -r PAT DIR`` every file below ``DIR``.
- F3: an AC version is AC text also as a regex spells it (``2\\.3\\.4-11``, ``2[.]3[.]4-11``).
- unknown pattern: an editor (``sed``, ``perl``, ``grep``) whose search text is a variable of
  unknown value (``sed -i "s/$OLD/$NEW/" Dockerfile``) may look for AC text: it holds the files it
  names (:attr:`Step.unknown`).
- unknown path: an editor whose file operand is a variable of unknown value (``sed -i "s/2.3.4-11/$V/"
  "$FILE"``, ``... | xargs sed -i 's/2.3.4-11/.../'``) may edit any file: it holds a file whose text
  holds the AC text it looks for (:attr:`Step.any_file`), and no other.
- F8: configured readers: a ``.bumpversion.cfg`` / ``setup.cfg`` ``[bumpversion:file:PATH]`` section
  searches ``PATH`` for its ``search`` (``{current_version}`` by default), and a
  ``.pre-commit-config.yaml`` hook's ``entry:`` runs on the files its ``files:`` pattern selects.
  Red team 23 (report 11b), f8: so do the other bumpers: a Renovate regex manager's ``matchStrings`` on its
  ``fileMatch`` files, tbump's ``[[file]]`` ``search`` and commitizen's ``version_files`` (``PATH:REGEX``).

Red team 25 (report 11b), f2: an interpreter's here-document (``python3 <<'PY'``, ``node - <<JS``) is its inline
program, read with its step (:func:`_heredoc_program`), and a ``pyproject.toml``'s task runner tasks are shell steps
(:func:`_task_steps`).

Every step keeps the path words of its expanded text (what :mod:`.outside_writers` read before, now
with globs), so nothing held before is released.  Each text is read once (cached by its path); the
tokenizer is one pass; every regex is anchored or made of bounded runs (linear).
"""

from __future__ import annotations

import os
import re
from typing import Dict, List, NamedTuple, Optional, Tuple

from .look_around import folders_up  # the one bounded walk up to the root

# An AC version as text or as a regex spells it (F3): dots escaped (``\.``, ``\\.`` in a quoted string)
# or in a class (``[.]``); bounded runs (linear)
_DOT = r"(?:\\{0,2}\.|\[\.\])"
# Red team 29 (report 13), f7 f8: an AC release written bare (``2.3.4``, ``2\.3\.4``) is what the AC table maps and
# the rewrite replaces, but not AC text alone (a label, a pip pin): a step looking for it holds a file only when the
# rewrite removes it from that file (:func:`.outside_writers._version_editing_lines`).  Bounded runs (linear).
BARE_VERSION = re.compile(r"\b\d{1,3}" + _DOT + r"\d{1,3}" + _DOT + r"\d{1,3}\b")
AC_VERSION = r"\b\d{1,3}" + _DOT + r"\d{1,3}" + _DOT + r"\d{1,3}\\{0,2}-\d{1,4}\b"
# The AC names of the migration, every field, argument and type Houston 1.0.1 drops (``schema diff 1.0.0 1.0.1``):
# a step keyed on ``desiredAirflowVersion`` or ``updateDeploymentAirflow`` edits or sends what a rewrite changes as
# surely as one keyed on ``airflowVersion`` (red team 22, report 13, f6: only ``airflowVersion`` was looked for, so
# ``jq ... variables: {desiredAirflowVersion: $v}`` and ``sed "s/desiredAirflowVersion: .../"`` did not hold the
# file).  ``airflowVersion`` stays unbounded as before (``airflowVersions`` too); the others start at a word start
# (``useDefaultAirflowImage`` and ``runtimeAirflowVersion`` are not AC).  Fixed alternatives: linear.
AC_NAMES = r"airflowVersion|\b(?:desiredAirflowVersion|updateDeploymentAirflow|airflowImages|AirflowImage|defaultAirflowImageTag)"
AC_NAME = re.compile(AC_NAMES)
AC_TEXT = re.compile(AC_VERSION + r"|" + AC_NAMES + r"|ap\\{0,2}-airflow")
ANY = "@ANY@"  # what a variable of unknown value stands for in an expanded step
_MAX_VALUES = 4  # values kept per variable
_MAX_FOLDERS = 8  # working directories tried per file
_MAX_WORDS = 64  # path words kept per step
_MAX_JOINED = 64  # physical lines joined into one step
_MAX_LINE = 8192  # characters of a step read
_MAX_GLOB = 64  # characters of a glob's file name (``create-*.graphql``)
_MAX_WILDCARDS = 4  # ``*`` / ``?`` in it


class Step(NamedTuple):
    number: int  # the first line of the step
    text: str  # its expanded text (variables replaced, continuations joined)
    words: Tuple[str, ...]  # the path words it names (literal, glob, ``DIR/**/PAT``), also from each working directory
    unknown: Tuple[str, ...]  # the files an editor names whose search text is of unknown value
    any_file: Tuple[str, ...]  # the AC texts (as plain text) an editor looks for in files of unknown path
    reads: Tuple[str, ...] = ()  # the files an HTTP client sends as a field's value or the body (:func:`sender_reads`)


def is_ac_name(text: str) -> bool:
    """Is this AC text one of the migration's names (``airflowVersion``, ``desiredAirflowVersion`` ...)?  A name
    alone is in every document and many responses: not enough to tell a file of unknown path."""
    return AC_NAME.fullmatch(text) is not None


def plain(text: str) -> str:
    """AC text as the file holds it: a regex's escapes and ``[.]`` classes undone."""
    return text.replace("[.]", ".").replace("\\", "")


# ---------------------------------------------------------------------------------------------- variables

# an assignment on a line: shell ``[export] NAME=value``, make ``NAME ?= value``, YAML ``NAME: value``
# (also as a list item ``- NAME=value``); anchored, bounded runs (linear)
_ASSIGN = re.compile(
    r"[ \t]*(?:-[ \t]+)?(?:(?:export|readonly|local|declare|typeset|override)[ \t]+(?:-\w+[ \t]+)?)?"
    r"([A-Za-z_]\w{0,63})[ \t]*(?:[:?+!]?=|::=|:(?=[ \t]))[ \t]*([^ \t\n].{0,399}|)"
)
_FOR = re.compile(r"\bfor[ \t]+([A-Za-z_]\w{0,63})[ \t]+in[ \t]+([^; \t\n][^;\n]{0,399}|)")
# a reference: $NAME ${NAME...} $(NAME) ${{ env.NAME }} ${{ any other expression }} $1 $@ $*
_REFERENCE = re.compile(
    r"\$\{\{[ \t]*env\.(\w{1,64})[ \t]*\}\}|\$\{\{[^}\n]{0,200}\}\}|\$\{(\w{1,64})(?:[^\w}\n][^}\n]{0,199})?\}|\$\((\w{1,64})\)|\$([A-Za-z_]\w{0,63})|\$[0-9@*]"
)
# the work tree's root as CI systems and scripts spell it (F12)
_WORKSPACE = re.compile(
    r"\$\{\{[ \t]*github\.workspace[ \t]*\}\}|\$\(git[ \t]+rev-parse[ \t]+--show-toplevel\)|\$\(pwd\)|`pwd`"
    r"|\$\((?:Build\.SourcesDirectory|System\.DefaultWorkingDirectory|Pipeline\.Workspace)\)"
    r"|\$\{?(?:GITHUB_WORKSPACE|CI_PROJECT_DIR|BITBUCKET_CLONE_DIR|CIRCLE_WORKING_DIRECTORY|CODEBUILD_SRC_DIR"
    r"|DRONE_WORKSPACE|TRAVIS_BUILD_DIR|BUILD_SOURCESDIRECTORY|SYSTEM_DEFAULTWORKINGDIRECTORY|WORKSPACE|PWD)\b\}?"
)
_WORKDIR_KEY = re.compile(r"[ \t]*(?:-[ \t]+)?(?:working-directory|workingDirectory|working_directory)[ \t]*:[ \t]*([^ \t\n].{0,299})")
_CD = re.compile(r"(?<![\w./-])(?:cd|pushd)[ \t]+([^;&|)\s]{1,300})")
_JENKINS_DIR = re.compile(r"\bdir[ \t]*(?:\([ \t]*)?['\"]([^'\"\n]{1,300})['\"]")


def _value(raw: str) -> str:
    """The value of an assignment as written: a trailing comment, ``;``/``\\`` and quotes removed."""
    raw = raw.strip()
    # red team 23 (report 11b), f4: ``"" in "\"'"`` is True, so an empty value (tox's ``setenv =``, a value on
    # the lines below) read raw[0] and ended the compose file's run in an IndexError: test the character itself
    if raw and raw[0] in "\"'":
        end = raw.find(raw[0], 1)
        return raw[1:end] if end > 0 else raw[1:]
    cut = raw.find(" #")
    raw = raw[:cut] if cut >= 0 else raw
    for stop in (";", " &&", " ||"):
        cut = raw.find(stop)
        raw = raw[:cut] if cut >= 0 else raw
    return raw.rstrip("\\ \t")


def _variables(lines: List[str]) -> Dict[str, List[str]]:
    values: Dict[str, List[str]] = {}
    for line in lines:
        for pattern in (_ASSIGN, _FOR):
            match = pattern.match(line) if pattern is _ASSIGN else pattern.search(line)
            if match is None:
                continue
            value = _value(match.group(2))
            if value and value not in ("|", ">", "|-", ">-") and not value.startswith(("{", "[")):
                kept = values.setdefault(match.group(1), [])
                if len(kept) < _MAX_VALUES and value not in kept:
                    kept.append(value)
    return values


def _expand(text: str, values: Dict[str, List[str]]) -> str:
    r"""``text`` with the checkout root as ``.``, each known variable as its values (joined by a space when
    several), each unknown one as :data:`ANY`; a value's own references expanded once more.  A shell
    variable in single quotes (``awk '{print $1}'``, ``sed 's/x$//'``) or escaped (``\$label``) is text;
    a make ``$(NAME)`` and an Actions ``${{ ... }}`` are expanded before the shell runs, quoted or not."""
    text = _WORKSPACE.sub(".", text)
    for _ in range(2):
        if "$" not in text:
            break
        segments = text.split("'")
        for index in range(len(segments)):
            quoted = index % 2 == 1 and index < len(segments) - 1
            segments[index] = _REFERENCE.sub(lambda m: _reference(m, values, quoted), segments[index])
        text = "'".join(segments)
    return text


def names_of(text: str) -> Dict[str, List[str]]:
    """The values a text gives its names (shell, make, YAML, or Python ``NAME = "..."``): see the module."""
    return _variables(text.splitlines())


# IPython's ``{name}`` in a ``!`` line (not ``{}`` nor ``${{``): one bounded run (linear)
_BRACE = re.compile(r"(?<![$\w{])\{([A-Za-z_]\w{0,63})\}")


def ipython_line(line: str, values: Dict[str, List[str]]) -> str:
    """A notebook's ``!`` line as IPython runs it: ``{name}`` and ``$name`` are the notebook's values of
    those names (:func:`names_of`), an unknown one :data:`ANY`."""
    line = _BRACE.sub(lambda m: " ".join(values.get(m.group(1)) or [ANY]), line)
    return _expand(line, values) if "$" in line else line


def _reference(match, values: Dict[str, List[str]], quoted: bool) -> str:
    start = match.start()
    if start and match.string[start - 1] == "\\":
        return match.group(0)  # \$label: a dollar sign
    if quoted and not match.group(0).startswith(("${{", "$(")):
        return match.group(0)  # '$1': text to the shell
    name = match.group(1) or match.group(2) or match.group(3) or match.group(4)
    if name is None:
        return ANY if match.group(0).startswith("${{") or not quoted else match.group(0)  # ${{ inputs.v }}, $1, $@
    if match.group(3) is not None and name not in values:
        return match.group(0)  # $(cmd): a command, not a make variable
    known = values.get(name)
    return " ".join(known) if known else ANY


# ----------------------------------------------------------------------------------------------- commands

# Red team 25 (report 13), f3: ONE vocabulary of the commands that read or edit a file's text, for every place
# asking whether a shell step does (this module, :mod:`.outside_writers` for shell / CI / Python / notebook steps,
# :mod:`.image_readers` for CI readers of an image file).  There were four lists and they differed: ``gsed -i``
# counted here but not in outside_writers, ``ruby -pi -e`` matched only as ``ruby -e``, and ``sd``, ``rpl``,
# ``replace``, ``ex``, ``vim -es`` and ``rg`` were in none, so a bump step using them held nothing while the same
# ``sed -i`` step held its file.
# Editors and searchers: a pattern (or script), then the files (each one's grammar is :func:`_editor_use`'s).
EDITORS = (
    "sed", "gsed", "perl", "ruby", "grep", "egrep", "fgrep", "rg", "awk", "gawk", "mawk", "nawk", "yq",
    "sd", "rpl", "replace", "ex", "ed", "vim", "vi", "nvim",
)
# Readers of a whole file's text.  Red team 27 (report 11b), f1/f6: also the read steps of the other languages a
# project's pipeline is written in, read line by line as a shell step is: Jenkins' ``readFile('Dockerfile')`` /
# ``readYaml file: 'docker-compose.yml'`` (pipeline-utility-steps), PowerShell's ``Get-Content Dockerfile`` /
# ``Select-String`` / ``[IO.File]::ReadAllText``, a Tiltfile's (Starlark) ``read_file('Dockerfile')`` / ``read_yaml``.
READERS = (
    "cut", "cat", "head", "tail", "tr", "jq", "dasel", "envsubst",
    "readFile", "readYaml", "readJSON", "readProperties", "readCSV", "read_file", "read_yaml", "read_json",
    "Get-Content", "get-content", "Select-String", "select-string", "ReadAllText", "ReadAllLines",
)
# Names that are also ordinary words on a shell line (``set -ex``, ``kubectl replace -f``, ``ruby app.rb``,
# ``--mode vi``): they count only as a command's first word (:func:`reads_text`), ruby and vim with an
# inline script (``ruby -pi -e``, ``vim -es -c``); the others count as a word anywhere, as they always did.
COMMAND_ONLY = frozenset(("ruby", "rg", "sd", "rpl", "replace", "ex", "ed", "vim", "vi", "nvim", "mawk", "nawk"))
_WORD_NAMES = "|".join(n for n in EDITORS + READERS if n not in COMMAND_ONLY)
# every name of the vocabulary as a word: a text without one runs none of them (a prefilter; fixed alternatives)
READER_NAME = re.compile(r"\b(?:" + "|".join(EDITORS + READERS) + r")\b")
WORD_READER = re.compile(r"\b(?:" + _WORD_NAMES + r")\b")  # a name of the vocabulary that counts anywhere
# a text reader or editor named anywhere on a line, an inline interpreter (``python -c``, ``node -e``), an input
# redirect (``< FILE``, ``$(< FILE)``; not ``<<`` nor ``<(``) or a Jinja include: one alternation of words from a
# word start, and one character with fixed look-arounds (linear)
LINE_READER = re.compile(
    r"\b(?:" + _WORD_NAMES + r")\b|\b(?:python[0-9.]{0,5}|ruby|node)[ \t]+-[ce]\b|(?<![<0-9])<(?![<(&])|\{%-?[ \t]*include\b"
)
# Red team 27 (report 11b), f3: ONE vocabulary of the interpreters given their program on the command line, and
# the options whose value is that program (a short one may close a group of short flags: ``python3 -Sc``, ``ruby
# -pe``); ``deno eval CODE``.  ``python -c`` / ``ruby -e`` / ``node -e`` counted, ``node -p``, ``node --eval``,
# ``python3 -Sc``, ``bun -e``, ``deno eval`` and ``php -r`` did not, so a step reading the Dockerfile's AC tag through
# one of them held nothing.  Each family's name is matched with an optional version (``python3.11``) and ``.exe``.
INLINE_PROGRAMS = {
    "python": ("-c",), "pypy": ("-c",),
    "node": ("-e", "-p", "--eval", "--print"), "nodejs": ("-e", "-p", "--eval", "--print"),
    "bun": ("-e", "-p", "--eval", "--print"), "deno": ("eval",),
    "ruby": ("-e",), "perl": ("-e", "-E"), "php": ("-r",),
    "pwsh": ("-c", "-Command", "-command"), "powershell": ("-c", "-Command", "-command"),
}
# the options of each family that take a value which is no program (``node -r dotenv/config``, ``python -W x``)
_INLINE_VALUED = {
    "python": ("-W", "-X", "-Q"), "pypy": ("-W", "-X"), "node": ("-r", "--require", "--import", "--loader"),
    "nodejs": ("-r", "--require", "--import", "--loader"), "bun": ("-r", "--preload", "--cwd"),
    "ruby": ("-r", "-I", "-C"), "perl": ("-I", "-M", "-m"), "php": ("-d", "-c"), "deno": (),
    "pwsh": ("-ExecutionPolicy", "-WorkingDirectory"), "powershell": ("-ExecutionPolicy",),
}
_INTERPRETERS = "|".join(sorted(INLINE_PROGRAMS, key=len, reverse=True))
# a family's name as a command: its name, a version (``python3.11``, ``pypy3``), ``.exe``: one bounded run (fullmatch)
_INTERPRETER_NAME = re.compile(r"(" + _INTERPRETERS + r")[0-9.]{0,5}(?:\.exe)?")
# a line that may run one with an inline program: the name at a word start, spaces, an option or ``eval`` (linear)
_INLINE_MARK = re.compile(r"\b(?:" + _INTERPRETERS + r")[0-9.]{0,5}(?:\.exe)?[ \t]+(?:-|eval\b)")


def interpreter(word: str) -> Optional[str]:
    """The family of :data:`INLINE_PROGRAMS` a command's first word runs (``/usr/bin/python3.11`` -> ``python``)."""
    match = _INTERPRETER_NAME.fullmatch(word.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])
    return match.group(1) if match is not None else None


def inline_program(words: List[str]) -> Optional[str]:
    """The program an interpreter's command is given inline (red team 27, report 11b, f3), else None: the value of
    its program option (``-c``, ``-e``, ``-p``, ``--eval``, ``--print``, ``-r`` for php, ``-Command``), also closing a
    group of short flags (``-Sc``, ``-pe``) or joined (``--eval=CODE``); ``deno eval CODE``.  Options are read up to
    the first operand (a script file: then the program is the file's, not inline)."""
    words = _command_words(words)
    while words and words[0].rsplit("/", 1)[-1] in _PREFIXES:  # ``/usr/bin/env python3 -c``
        words = words[1:]
    if len(words) > 1 and words[0] in _RUNNERS and words[1] == "run":  # ``uv run python -c``
        words = words[2:]
        while words and words[0].startswith("-"):
            words = words[1:]
    family = interpreter(words[0]) if words else None
    if family is None:
        return None
    flags = INLINE_PROGRAMS[family]
    valued = _INLINE_VALUED.get(family, ())
    index = 1
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in flags:
            return following or None
        if word.startswith("--") and "=" in word and word.split("=", 1)[0] in flags:
            return word.split("=", 1)[1] or None
        if word in valued:
            index += 2
            continue
        if word.startswith("-") and not word.startswith("--") and len(word) > 2 and word[1:].isalpha():
            if any(f"-{word[-1]}" == flag for flag in flags if len(flag) == 2):
                return following or None  # ``python3 -Sc CODE``, ``ruby -pe CODE``, ``perl -ne CODE``
        if not word.startswith("-"):
            return None  # a script file or a module: the program is not on the line
        index += 1
    return None


def runs_program(text: str) -> bool:
    """Does a shell text run an interpreter of :data:`INLINE_PROGRAMS` given its program inline (red team 27, report
    11b, f3)?  One search, then one tokenizing pass only when it may (linear)."""
    if _INLINE_MARK.search(text) is None:
        return False
    return any(inline_program(words) is not None for words in _commands(text))


# a line worth reading command by command: an editor, find or xargs in it (one alternation of words: linear)
_COMMAND_WORD = re.compile(r"\b(?:" + "|".join(EDITORS) + r"|find|xargs)\b")
# any reader :mod:`.outside_writers` looks for (a superset of :data:`LINE_READER`): a step without one is not read
_READER_WORD = re.compile(
    r"\b(?:" + "|".join(EDITORS + READERS) + r"|find|xargs|python[0-9.]{0,5}|node|include)\b|<|" + r"\b(?:" + _INTERPRETERS + r")"
)
_EDITORS = frozenset(EDITORS)
_SED = frozenset(("sed", "gsed"))
_GREP = frozenset(("grep", "egrep", "fgrep"))
_AWK = frozenset(("awk", "gawk", "mawk", "nawk"))
_VIM = frozenset(("ex", "ed", "vim", "vi", "nvim"))  # ed takes its commands on standard input only
# options taking a value, per editor (the value is neither the pattern nor a file)
_RG_VALUED = frozenset((
    "-A", "-B", "-C", "-m", "-M", "-j", "-d", "-r", "-t", "-T", "-E", "--after-context", "--before-context",
    "--context", "--max-count", "--max-columns", "--threads", "--max-depth", "--replace", "--type", "--type-not",
    "--encoding", "--type-add", "--ignore-file", "--sort", "--sortr", "--color", "--colors", "--pre", "--pre-glob",
    "--max-filesize", "--path-separator",
))
_SD_VALUED = frozenset(("-n", "--max-replacements", "-f", "--flags"))
_RPL_VALUED = frozenset(("-x", "--extension", "--encoding"))
_RUBY_VALUED = frozenset(("-r", "-I", "-C"))
_VIM_VALUED = frozenset(("-u", "-U", "-i", "-T", "-w", "-W", "-r", "-L"))


def reads_text(text: str) -> bool:
    """Does a shell text run a command of the vocabulary on a file's text (red team 25, report 13, f3)?  A name
    of :data:`LINE_READER` anywhere (as before), else a :data:`COMMAND_ONLY` name as a command's first word (after
    ``sudo`` / ``env`` ..., an assignment, a make recipe's ``@`` / ``-``, ``xargs`` and its options, ``find ...
    -exec``): ``sd 'A' 'B' f``, ``rpl A B f``, ``replace A B -- f``, ``ex -sc CMD f``, ``rg -l A DIR``, and
    ``ruby`` / ``vim`` given an inline script (``ruby -pi -e``, ``vim -es -c``).  One tokenizing pass (linear)."""
    if LINE_READER.search(text) is not None or runs_program(text):  # red team 27 (11b), f3: node -p, php -r ...
        return True
    return READER_NAME.search(text) is not None and any(_runs_command_only(words) for words in _commands(text))


def runs_editor(text: str) -> bool:
    """Does a shell line run a reader or editor of the vocabulary (no redirect, include nor inline interpreter):
    a name anywhere, a :data:`COMMAND_ONLY` one as a command's first word (:func:`reads_text`)."""
    if WORD_READER.search(text) is not None:
        return True
    return READER_NAME.search(text) is not None and any(_runs_command_only(words) for words in _commands(text))


def _runs_command_only(words: List[str]) -> bool:
    words = _command_words(words)
    if words and words[0].rsplit("/", 1)[-1] == "find":
        words = _find_words(words)[1]
    elif words and words[0].rsplit("/", 1)[-1] == "xargs":
        words = _xargs_command(words)
    words = _command_words(words)
    if not words:
        return False
    name = words[0].rsplit("/", 1)[-1]
    if name not in COMMAND_ONLY:
        return False
    options = [w for w in words[1:] if w.startswith(("-", "+")) and len(w) > 1]
    if name == "ruby":  # an inline script: -e, -pe, -pi -e (``ruby app.rb`` runs a program)
        return any(w[0] == "-" and w[1:2] != "-" and w[1:].isalpha() and w.endswith("e") for w in options)
    if name in ("vim", "vi", "nvim"):  # scripted: -es, -E, -c CMD, +CMD, --cmd CMD, -S FILE
        return any(w[0] == "+" or w in ("--cmd", "-S") or (w[1:2] != "-" and any(c in w[1:] for c in "eEsc")) for w in options)
    return True


def _command_words(words: List[str]) -> List[str]:
    """A command's words from its name on: a YAML item / key (``- run: sd ...``), a make recipe's ``@`` / ``-``,
    ``sudo`` / ``env`` ... and assignments left out."""
    while words and (words[0] == "-" or words[0].endswith(":")):
        words = words[1:]
    if words and words[0][:1] in "@-+" and len(words[0]) > 1:
        words = [words[0].lstrip("@-+")] + words[1:]
    while words and (words[0] in _PREFIXES or ("=" in words[0] and not words[0].startswith("-"))):
        words = words[1:]
    return words


def _xargs_command(words: List[str]) -> List[str]:
    """The command ``xargs`` runs: its words after xargs's own options."""
    rest = words[1:]
    while rest and rest[0].startswith("-"):
        rest = rest[1 + (rest[0] in ("-I", "-n", "-P", "-d", "-L", "-s", "-a", "-E")):]
    return rest
_PREFIXES = frozenset(("sudo", "env", "exec", "time", "nohup", "command", "!", "then", "do", "else"))
_OPERATORS = ";|&()`{}"


def _commands(text: str) -> List[List[str]]:
    """The simple commands of a shell text, each the list of its words with quotes removed, ``<`` / ``>``
    kept as words; one pass over the text (linear)."""
    commands: List[List[str]] = []
    words: List[str] = []
    word: List[str] = []
    quoted = False  # the word had quotes (an empty '' is a word)
    quote = ""
    backtick = False
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"' and index + 1 < size:
                word.append(char)
                index += 1
                word.append(text[index])
            else:
                word.append(char)
        elif char in "\"'":
            quote, quoted = char, True
        elif char == "\\" and index + 1 < size:
            word.append(char)
            index += 1
            word.append(text[index])
        elif char in " \t\n" or char in _OPERATORS or char in "<>":
            if char == "(" and word and word[-1] == "$" or char == "`" and not backtick:
                # $(git ls-files ...) / `...` as an operand: files of unknown path; its own command follows
                word = word[:-1] if char == "(" else word
                word.append(ANY)
            if char == "`":
                backtick = not backtick
            if word or quoted:
                words.append("".join(word))
            word, quoted = [], False
            if char in "<>":
                words.append(char)
            elif char in _OPERATORS and words:
                commands.append(words)
                words = []
        else:
            word.append(char)
        index += 1
    if word or quoted:
        words.append("".join(word))
    if words:
        commands.append(words)
    return commands


class _Use(NamedTuple):
    patterns: Tuple[str, ...]  # the search texts / scripts
    files: Tuple[str, ...]  # the files operated on (may be pattern words)
    stdin: bool  # reads its input (no file operand): the files of a pipe before it
    searches: bool  # its pattern is a search (sed, perl, grep), not a program reading fields (awk, yq)
    lists: bool = False  # it prints the names of the files it read (grep -l, rg -l): what ``| xargs`` is given


# ---------------------------------------------------------------------------------- HTTP clients' file reads

# an HTTP client that may send a file's text (a word start; ``http``/``https`` also start every URL: the
# tokenized command's first word decides, this only skips lines without one); one alternation: linear
SENDER_WORD = re.compile(r"\b(?:curl|wget|https?|xhs?)\b")
_MAKE_REFERENCE = re.compile(r"\$\(\w{1,64}\)")  # ``$(VER)``: one bounded class run (linear)
_CURL = frozenset(("curl",))
_WGET_BODY = ("--post-file=", "--body-file=")  # wget sends the file as the request body
_HTTPIE = frozenset(("http", "https", "xh", "xhs"))
# curl options whose value ``@FILE`` is the body read from FILE (``@-``: standard input), ``-F``'s
# ``name=@FILE`` / ``name=<FILE`` a form field's content, ``-T`` a file uploaded as it is
_CURL_DATA = frozenset(("-d", "--data", "--data-binary", "--data-ascii", "--data-urlencode", "--json"))
_CURL_FORM = frozenset(("-F", "--form"))
_CURL_UPLOAD = frozenset(("-T", "--upload-file"))
# HTTPie / xh options taking a value (the value is no request item: ``-a user:p@ss``)
_HTTPIE_VALUED = frozenset((
    "-a", "--auth", "-A", "--auth-type", "-o", "--output", "--session", "--session-read-only", "--cert",
    "--cert-key", "--cert-key-pass", "--proxy", "--verify", "--timeout", "--max-redirects", "-p", "--print",
    "-s", "--style", "--pretty", "--format-options", "--boundary", "--ssl", "--ciphers", "--default-scheme",
    "--response-charset", "--response-mime", "-P", "--history-print", "--raw",
))
# HTTPie's request item separators, longest first at one position (``:=@`` before ``:=`` before ``:``)
_HTTPIE_SEPARATORS = (":=@", "=@", ":@", "==", ":=", "=", ":", "@", ";")
_HTTPIE_FILE_SEPARATORS = frozenset((":=@", "=@", ":@", "@"))


def sender_reads(text: str) -> Tuple[str, ...]:
    """The files the HTTP clients of an expanded shell text send (red team 24, report 13, f3): a document file
    posted this way is read by the step as surely as by ``jq --rawfile`` or ``$(< f)``.

    - curl: ``-F name=@FILE`` / ``-F 'name=<FILE'`` (``--form``, also ``-Fname=@FILE``), ``-d @FILE``
      (``--data``, ``--data-binary``, ``--data-ascii``, ``--json``, ``--data-urlencode [name]@FILE``), ``-T FILE``;
    - HTTPie / xh: a request item ``name=@FILE`` (the file's text as a string field), ``name:=@FILE`` (as
      JSON), ``name@FILE`` (an upload), ``Header:@FILE``, and ``@FILE`` (the body).  Each item is split at its
      leftmost separator as HTTPie splits it, so ``email=ops@acme.io`` is a string, not a file;
    - wget: ``--post-file=FILE`` / ``--body-file=FILE`` (the body).

    ``@-`` (standard input) and a path of unknown value are no file; a partly known one is a glob.  One pass
    over the tokenized commands (linear)."""
    if SENDER_WORD.search(text) is None:
        return ()
    if "$(" in text:  # a make variable of no known value (``$(VER)``) is a word, not a command splitting the line
        text = _MAKE_REFERENCE.sub(ANY, text)
    found: List[str] = []
    for words in _commands(text):
        while words and (words[0] == "-" or words[0].endswith(":")):  # a YAML item / key: ``- run: curl ...``
            words = words[1:]
        if words and words[0][:1] in "@-+" and len(words[0]) > 1:  # a make recipe's ``@curl`` / ``-curl``
            words = [words[0].lstrip("@-+")] + words[1:]
        while words and (words[0] in _PREFIXES or ("=" in words[0] and not words[0].startswith("-"))):
            words = words[1:]
        if not words:
            continue
        head = words[0].rsplit("/", 1)[-1]
        if head in _CURL:
            _curl_reads(words, found)
        elif head in _HTTPIE:
            _httpie_reads(words, found)
        elif head == "wget":
            for index, word in enumerate(words):
                if word in ("--post-file", "--body-file") and index + 1 < len(words):
                    _read_word(words[index + 1], found)
                elif word.startswith(_WGET_BODY):
                    _read_word(word.split("=", 1)[1], found)
    return tuple(found)


def _read_word(path: str, found: List[str]) -> None:
    path = path.split(";", 1)[0].strip()  # curl's ``-F q=@f.graphql;type=application/graphql``
    if not path or path == "-" or _is_any(path):
        return
    path = path.replace(ANY, "*")
    if path not in found and len(found) < _MAX_WORDS:
        found.append(path)


def _curl_reads(words: List[str], found: List[str]) -> None:
    index = 1
    while index < len(words):
        word = words[index]
        option, value = word, None
        if word.startswith("--") and "=" in word:
            option, value = word.split("=", 1)
        elif word[:2] in ("-d", "-F", "-T") and len(word) > 2:  # ``-d@q.json``, ``-Fq=@f``
            option, value = word[:2], word[2:]
        if option in _CURL_DATA or option in _CURL_FORM or option in _CURL_UPLOAD:
            if value is None:
                value = words[index + 1] if index + 1 < len(words) else ""
                index += 1
            if option in _CURL_UPLOAD:
                _read_word(value, found)
            elif option in _CURL_FORM:
                name, equals, content = value.partition("=")
                if equals and content[:1] in ("@", "<"):
                    _read_word(content[1:], found)
            elif option == "--data-urlencode":
                at = value.find("@")
                if at >= 0 and "=" not in value[:at]:
                    _read_word(value[at + 1:], found)
            elif value.startswith("@"):
                _read_word(value[1:], found)
        index += 1


def _httpie_reads(words: List[str], found: List[str]) -> None:
    index = 1
    while index < len(words):
        word = words[index]
        if word.startswith("-"):
            index += 2 if word in _HTTPIE_VALUED else 1
            continue
        index += 1
        if "://" in word:
            continue  # the URL (``https://user@host``)
        separator, at = _httpie_separator(word)
        if separator in _HTTPIE_FILE_SEPARATORS:
            _read_word(word[at + len(separator):], found)


def _httpie_separator(word: str) -> Tuple[str, int]:
    """``(separator, position)`` of an HTTPie request item: the leftmost one (a ``\\`` escapes the character
    after it), the longest at that position; ``("", -1)`` for none.  One walk over the word (linear)."""
    index = 0
    while index < len(word):
        char = word[index]
        if char == "\\":
            index += 2
            continue
        if char in ":=@;":
            for separator in _HTTPIE_SEPARATORS:
                if word.startswith(separator, index):
                    return separator, index
        index += 1
    return "", -1


def _editor_use(words: List[str]) -> Optional[_Use]:
    """What an editor command (:data:`EDITORS`: ``sed``, ``perl``, ``grep``, ``awk``, ``yq``, ``sd`` ...) looks
    for and operates on, read by its own grammar (red team 25, report 13, f3): ``sd FIND REPLACE FILE...``,
    ``rpl [-R] OLD NEW FILE...``, ``replace OLD NEW [OLD NEW ...] -- FILE...`` (standard input without ``--``),
    ``ruby -pi -e SCRIPT FILE...`` as perl, ``ex`` / ``vim -es`` with ``-c CMD`` / ``+CMD`` (no command given:
    the commands come on standard input, of unknown value), ``rg PATTERN [DIR...]`` searching folders as
    ``grep -r`` does."""
    while words and (words[0] in _PREFIXES or ("=" in words[0] and not words[0].startswith("-"))):
        words = words[1:]
    if not words:
        return None
    name = words[0].rsplit("/", 1)[-1]
    if name not in _EDITORS or name in ("ruby", "vim", "vi", "nvim") and not _runs_command_only(words):
        return None  # ``ruby app.rb`` runs a program, ``vim FILE`` is a person editing: no inline script
    patterns: List[str] = []
    operands: List[str] = []
    given = False  # the pattern / script came by an option (-e, -f)
    recursive = name == "rg"  # rg searches the folders it is given
    lists = False
    include = "*"
    ended = False  # after ``--``: operands only
    index = 1
    while index < len(words):
        word = words[index]
        if word in "<>" and len(word) == 1:
            if word == "<" and index + 1 < len(words):
                operands.append(words[index + 1])
            index += 2
            continue
        if word == "--" and not ended:
            ended = True
            if name == "replace":  # MySQL's replace: the pairs before ``--``, the files after it
                operands.append(word)
            index += 1
            continue
        if name in _VIM and word.startswith("+") and len(word) > 1 and not ended:
            patterns.append(word[1:])  # ex +'%s/2\.3\.4-11/.../' +wq FILE
            given, index = True, index + 1
            continue
        if word.startswith("-") and len(word) > 1 and not ended:
            following = words[index + 1] if index + 1 < len(words) else ""
            if name in _SED and word in ("-e", "--expression", "-f", "--file"):
                patterns.append(following)
                given, index = True, index + 2
                continue
            if name in _SED and word == "-i" and following == "":
                index += 2  # macOS sed -i ''
                continue
            if name in ("perl", "ruby") and not word.startswith("--") and word[-1] in ("eE" if name == "perl" else "e"):
                patterns.append(following)
                given, index = True, index + 2
                continue
            if name == "ruby" and word in _RUBY_VALUED:
                index += 2
                continue
            if (name in _GREP or name == "rg") and word in ("-e", "--regexp", "-f", "--file"):
                patterns.append(following)
                given, index = True, index + 2
                continue
            if (name in _GREP or name == "rg") and word in (
                    "-l", "-L", "--files-with-matches", "--files-without-match", "--files") or (
                    name in _GREP and not word.startswith("--") and ("l" in word[1:] or "L" in word[1:])):
                lists = True
            if name in _GREP and word in ("-A", "-B", "-C", "-m", "-d", "-D"):
                index += 2
                continue
            if name in _GREP and (word in ("-r", "-R", "--recursive") or (
                    not word.startswith("--") and ("r" in word[1:] or "R" in word[1:]))):
                recursive = True
            if name in _GREP and word.startswith("--include="):
                include = word.split("=", 1)[1] or "*"
            if name == "rg" and word in ("-g", "--glob", "--iglob"):
                include = following.lstrip("!") or "*"
                index += 2
                continue
            if name == "rg" and word in _RG_VALUED:
                index += 2
                continue
            if name == "rg" and word.startswith(("--glob=", "--iglob=")):
                include = word.split("=", 1)[1].lstrip("!") or "*"
            if name in _AWK and word in ("-F", "-v", "-f", "-i"):  # gawk -i inplace: a library, not the program
                (patterns if word in ("-v", "-f") else []).append(following)
                given = given or word == "-f"
                index += 2
                continue
            if name == "yq" and word in ("-i", "--inplace"):
                index += 1
                continue
            if name == "sd" and word in _SD_VALUED or name == "rpl" and word in _RPL_VALUED:
                index += 2
                continue
            if name == "rpl" and word in ("-R", "--recursive"):
                recursive = True
            if name in _VIM and (word in ("-c", "--cmd", "-S") or (not word.startswith("--") and word.endswith("c"))):
                patterns.append(following)  # ex -sc CMD, vim -es -c CMD, vim -S script.vim
                given, index = True, index + 2
                continue
            if name in _VIM and word in _VIM_VALUED:
                index += 2
                continue
            index += 1
            continue
        operands.append(word)
        index += 1
    if name == "yq" and operands[:1] in (["e"], ["eval"], ["eval-all"], ["ea"]):
        operands = operands[1:]
    if name in ("sd", "rpl"):  # FIND REPLACE FILE...: the replacement is no file
        patterns.extend(operands[:1])
        operands = operands[2:]
    elif name == "replace":  # FROM TO [FROM TO ...] -- FILE...: without ``--``, standard input
        cut = operands.index("--") if "--" in operands else len(operands)
        patterns.extend(operands[:cut:2])
        operands = operands[cut + 1:]
    elif name in _VIM:
        if not given:  # its commands come on standard input (a here-document, a pipe): of unknown value
            patterns.append(ANY)
    elif not given and operands:
        patterns.append(operands.pop(0))
    if name in _AWK:
        operands = [o for o in operands if "=" not in o]
    if recursive:  # grep -r over a folder reads its files; over the whole checkout (a guard that no AC
        # text is left, ``grep -rq ap-airflow .``) it is no reader of one file in particular
        # (a file given is searched too: ``rg -l A queries/create.graphql``)
        operands = [w for o in operands if o.rstrip("/") not in ("", ".") for w in (f"{o.rstrip('/')}/**/{include}", o)]
    return _Use(tuple(patterns), tuple(operands), not operands, name not in _AWK and name != "yq", lists)


def _find_words(words: List[str]) -> Tuple[Tuple[str, ...], List[str]]:
    """``(pattern words, -exec command)`` of a ``find`` command: ``DIR/**/NAME`` for each start folder."""
    index = 1
    while index < len(words) and words[index] in ("-L", "-H", "-P"):
        index += 1
    folders = []
    while index < len(words) and not words[index].startswith(("-", "(", "!")):
        folders.append(words[index])
        index += 1
    name, command = "*", []
    while index < len(words):
        word = words[index]
        if word in ("-name", "-iname") and index + 1 < len(words):
            name = words[index + 1]
            index += 2
            continue
        if word in ("-path", "-wholename", "-ipath") and index + 1 < len(words) and name == "*":
            name = words[index + 1].rsplit("/", 1)[-1] or "*"
            index += 2
            continue
        if word in ("-exec", "-execdir", "-ok", "-okdir"):
            index += 1
            while index < len(words) and words[index] not in ("+", "\\;", ";"):
                command.append(words[index])
                index += 1
            continue
        index += 1
    return tuple(f"{(folder.rstrip('/') or '/')}/**/{name}" for folder in (folders or ["."])), command


def _search_part(pattern: str) -> str:
    """The part of a sed / perl script that is searched for: ``A`` of ``s/A/B/``, else the whole script."""
    match = re.search(r"(?:^|[;{\s])s([^\w\s\\])", pattern)
    if match is None:
        return pattern
    delimiter, start = match.group(1), match.end()
    index = start
    while index < len(pattern) and pattern[index] != delimiter:
        index += 2 if pattern[index] == "\\" else 1
    return pattern[start:index]


def _step_uses(text: str) -> Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]:
    """``(files named by find / grep -r, files an editor with an unknown search names, AC texts an editor
    of unknown files looks for)`` of one expanded step."""
    extra: List[str] = []
    unknown: List[str] = []
    any_file: List[str] = []
    piped: Tuple[str, ...] = ()  # the files a find before this command lists
    for words in _commands(text):
        while words and (words[0] == "-" or words[0].endswith(":")):  # a YAML item / key: ``- run: find ...``
            words = words[1:]
        if words and words[0][:1] in "@-+" and len(words[0]) > 1:  # a make recipe's ``@sed`` / ``-sed``
            words = [words[0].lstrip("@-+")] + words[1:]
        if not words:
            continue
        head = words[0].rsplit("/", 1)[-1]
        if head == "find":
            piped, command = _find_words(words)
            if command:
                use = _editor_use(command)
                if use is not None:
                    _note(use, piped, extra, unknown, any_file)
                piped = ()
            continue
        from_pipe = piped
        piped = ()
        if head == "xargs":
            use = _editor_use(_xargs_command(words))
            if use is not None:
                _note(use, from_pipe or (ANY,), extra, unknown, any_file)
                if use.lists:  # find ... | xargs grep -l A | xargs sed ...: the files the first pipe named
                    piped = from_pipe
            continue
        use = _editor_use(words)
        if use is not None:
            _note(use, use.files, extra, unknown, any_file)
            if use.lists:
                # red team 25 (report 13), f7: ``grep -rl A queries | xargs sed -i ...`` edits only files below
                # queries/ (``rg -l A DIR`` too): the files the lister may print, not any file holding A.  A
                # lister over the whole checkout or its standard input leaves the editor's files unknown.
                piped = use.files
    return tuple(extra), tuple(unknown), tuple(any_file)


def _note(use: _Use, files, extra: List[str], unknown: List[str], any_file: List[str]) -> None:
    searched = " ".join(_search_part(p) for p in use.patterns)
    found = [plain(m.group(0)) for m in AC_TEXT.finditer(" ".join(use.patterns))]
    for path in files:
        if _is_any(path):
            # a file of unknown path is held when it holds the AC version or image name looked for (the
            # name airflowVersion alone is in every document and many responses: not enough to tell)
            if found and not (ANY in searched):
                any_file.extend(f for f in found if f not in any_file and not is_ac_name(f))
            continue
        if "**" in path:
            extra.append(path.replace(ANY, "*"))
        if ANY in searched and not found and use.searches:
            unknown.append(path.replace(ANY, "*"))


def _is_any(word: str) -> bool:
    """Is a path word only variables of unknown value (``"$FILE"``, ``$DIR/$NAME``)?"""
    return ANY in word and not word.replace(ANY, "").replace("/", "").replace(".", "").replace("*", "")


# ---------------------------------------------------------------------------------------------- the steps

_WORD = re.compile(r"[\w./*?@+-]+")
_EXTENSION = re.compile(r"[A-Za-z]\w{0,15}")  # the literal extension a glob's name ends with (fullmatch)


def _glob_names_files(word: str) -> bool:
    """Is a glob word one a shell expands to files (``queries/*.graphql``, ``Dockerfile*``, ``queries/*``),
    not a regex (``.*``, ``[0-9.]*``, ``s/2.3.4-11.*/x/``)?"""
    if "\\" in word or word.startswith(("s/", "s|")):
        return False
    name = word.rsplit("/", 1)[-1]
    if name in ("*", "**"):
        return "/" in word and bool(word.strip("*/."))
    if "ockerfile" in name:
        return True
    stem, dot, extension = name.rpartition(".")
    return bool(dot) and _EXTENSION.fullmatch(extension) is not None and bool(name.strip("*?."))


def line_words(text: str) -> Tuple[str, ...]:
    """The path words of one shell line read alone (a notebook's ``!`` line, a Python command string):
    :func:`path_words`, and the files a ``find`` / ``grep -r`` in it names."""
    words = list(path_words(text))
    if _COMMAND_WORD.search(text):
        words.extend(w for w in _step_uses(text)[0] if w not in words)
    words.extend(w for w in sender_reads(text) if w not in words)  # red team 24, report 13, f3
    return tuple(words)


def path_words(text: str) -> Tuple[str, ...]:
    """The words of an expanded step that may name a file: a path (a ``.`` or ``/`` in it), a bare
    Dockerfile name, or a glob whose name ends with an extension or a Dockerfile name (``queries/*.graphql``)
    or that lists a folder (``queries/*``); words that are only unknown variables are left to :func:`_step_uses`."""
    from ..files import is_dockerfile_name

    found: List[str] = []
    for word in _WORD.findall(text):
        if ANY in word:
            if _is_any(word):
                continue
            word = word.replace(ANY, "*")
        if "*" in word or "?" in word:
            if not _glob_names_files(word):
                continue
        elif not ("." in word or "/" in word or is_dockerfile_name(word)):
            continue
        if word not in found:
            found.append(word)
        if len(found) >= _MAX_WORDS:
            break
    return tuple(found)


def steps(text: str, folders: Tuple[str, ...] = (), shared: Optional[Dict[str, List[str]]] = None) -> List[Step]:
    """The logical steps of a shell / CI / make text, read as the module says; ``shared``: the values other files
    of the same program give names (a make file's includer and includes, red team 23, report 11b, f2).  Red team 27
    (report 11b), f7: comments are no steps (:func:`without_comment`, each line) and the text an ``echo`` / ``printf``
    prints is no command (:func:`without_printed`, each step)."""
    lines = [without_comment(line) for line in text.splitlines()]
    values = _variables(lines)
    for name, more in (shared or {}).items():
        kept = values.setdefault(name, [])
        for value in more:
            if len(kept) < _MAX_VALUES and value not in kept:
                kept.append(value)
    folders = folders + _folders(lines, values)
    # red team 27 (report 11b), f2/f5: a step's program in another language (``shell: python``, github-script)
    programs = yaml_programs(lines) if any(mark in text for mark in PROGRAM_KEYS) else {}
    found: List[Step] = []
    index = 0
    while index < len(lines):
        number, parts = index + 1, [lines[index]]
        while parts[-1].endswith("\\") and not parts[-1].endswith("\\\\") and len(parts) < _MAX_JOINED and index + 1 < len(lines):
            parts[-1] = parts[-1][:-1]
            index += 1
            parts.append(lines[index])
        index += 1
        raw = " ".join(parts)[:_MAX_LINE]
        if "echo" in raw or "printf" in raw:  # red team 27 (report 11b), f7: printed text runs nothing
            raw = without_printed(raw)
        if "<<" in raw:  # red team 25 (report 11b), f2: an interpreter's here-document is its inline program
            program = _heredoc_program(raw, lines, index)
            if program:
                raw = f"{raw} ; {program}"[:_MAX_LINE]
        if number - 1 in programs:  # read as that interpreter's inline program, as a here-document is
            family, _, body = programs[number - 1]
            if family == "cat":  # a read-file action's path
                raw = f"{raw} ; cat " + " ".join(body)
            else:
                raw = f"{raw} ; {family} {INLINE_PROGRAMS[family][0]} '" + " ".join(body).replace("'", '"') + "'"
            raw = raw[:_MAX_LINE]
        text_ = _expand(raw, values) if ("$" in raw or "`" in raw) else raw
        reads = sender_reads(text_)  # red team 24, report 13, f3: curl -F q=@f.graphql, http ... q=@f.graphql
        if _READER_WORD.search(text_) is None:  # no reader on it: no words to keep (the caller skips it)
            if reads:  # an HTTP client reading a file: that file is the step's only word (not the URL, -o's)
                relative = [w for w in reads if not w.startswith("/")]
                words = list(reads) + [f"{f}/{w[2:] if w.startswith('./') else w}" for f in folders for w in relative]
                found.append(Step(number, text_, tuple(words), (), (), reads))
            else:
                found.append(Step(number, text_, (), (), ()))
            continue
        words = list(path_words(text_))
        words.extend(w for w in reads if w not in words)
        extra, unknown, any_file = _step_uses(text_) if _COMMAND_WORD.search(text_) else ((), (), ())
        words.extend(w for w in extra if w not in words)
        relative = [w for w in words if not w.startswith("/")]
        for folder in folders:
            words.extend(f"{folder}/{w[2:] if w.startswith('./') else w}" for w in relative)
        unknown = tuple(unknown) + tuple(f"{f}/{w}" for f in folders for w in unknown if not w.startswith("/"))
        found.append(Step(number, text_, tuple(words[: _MAX_WORDS * (1 + len(folders))]), unknown, any_file, reads))
    return found


def without_comment(line: str) -> str:
    """Red team 27 (report 11b), f7: one line of a shell script, a CI file's YAML, a make file or an INI / TOML task
    with its comment cut off: a ``#`` at the line's start or after an unescaped blank, outside quotes, starts one in
    all of them (a YAML comment, a shell comment, a make comment line, ``#<TAB>sed ...``; ``$#``, ``${#x}``,
    ``url#frag`` and ``'s/#.*//'`` are text).  A commented-out bump step (``# - run: sed -i ... Dockerfile``) runs
    nothing, so it neither reads nor edits a file.  Quotes are tracked within the line only: a quote left open
    keeps the rest of the line (read as before).  One walk over the line (linear)."""
    if "#" not in line:
        return line
    quote = ""
    escaped = -1  # the index of a character a backslash escapes (``\ #`` is a word holding ``#``)
    index, size = 0, len(line)
    while index < size:
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char == "\\":
            escaped = index + 1
            index += 1
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or (line[index - 1] in " \t" and index - 1 != escaped)):
            return line[:index]
        index += 1
    return line


# An ``echo`` / ``printf`` where a shell command starts: the line's start (after a YAML item and key, ``- run:``,
# or a make recipe's ``@`` / ``-``), an operator, a subshell's ``(`` (not ``$(``: a value), ``then`` / ``do`` /
# ``else``.  Each run is of a class the next fixed character or run cannot hold (linear).
_PRINTER = re.compile(
    r"(?:^|[;&|{]|(?<!\$)\()[ \t]*(?:-[ \t]+)?(?:[\w-]{1,64}:[ \t]+)?(?:(?:then|do|else)[ \t]+)?[@-]?(?:echo|printf)(?=[ \t]|$)"
)


def without_printed(text: str) -> str:
    """Red team 27 (report 11b), f7: a shell step with the arguments of its ``echo`` / ``printf`` commands blanked
    (spaces; redirections and the other commands kept).  ``echo "To bump by hand: sed -i 's/2.3.4-11/NEW/'
    Dockerfile"`` prints a sentence; no ``sed`` runs.  Kept as written (read as a command, as before) when the
    printed text may run or read something: a command substitution in it (``$(...)``, backquotes), a quote left
    open, or a pipe after it (``echo ... | sh``)."""
    pieces: List[str] = []
    position = 0
    for match in _PRINTER.finditer(text):
        if match.start() < position:
            continue
        end = _printed_end(text, match.end())
        if end < 0:
            continue
        pieces.append(text[position:match.end()])
        pieces.append(" " * (end - match.end()))
        position = end
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def _printed_end(text: str, index: int) -> int:
    """Where the arguments of the ``echo`` / ``printf`` ending at ``index`` end (the operator or redirection after
    them, or the text's end); -1 when they must be read as written (see :func:`without_printed`)."""
    quote = ""
    size = len(text)
    while index < size:
        char = text[index]
        if quote:
            if char == quote:
                quote = ""
            elif quote == '"' and (char == "`" or (char == "$" and text[index + 1:index + 2] == "(")):
                return -1
            elif char == "\\" and quote == '"':
                index += 1
        elif char == "\\":
            index += 1
        elif char in "\"'":
            quote = char
        elif char == "`" or (char == "$" and text[index + 1:index + 2] == "("):
            return -1
        elif char in ";&|<>)":
            if char == "|" and text[index + 1:index + 2] != "|":
                return -1  # piped into another command (``| sh``, ``| sed ...``): read as written
            return index
        index += 1
    return -1 if quote else size


# A here-document operator (not ``<<<``, a here-string) and its delimiter word, quoted or not: fixed text, one
# bounded class run (linear).
_HEREDOC = re.compile(r"(?<!<)<<(?!<)-?[ \t]*[\"']?([A-Za-z_][\w.-]{0,63})")
# The interpreters whose here-document is a program (python3, python3.11, pypy3, node, ruby, perl ...): the inline
# programs' one vocabulary (:data:`INLINE_PROGRAMS`, red team 27, report 11b, f3).
_RUNNERS = frozenset(("uv", "poetry", "pipenv", "pdm", "hatch", "rye", "pixi"))  # ``uv run python - <<PY``
_MAX_HEREDOC = 512  # lines of a here-document read into its command's step


def _heredoc_program(raw: str, lines: List[str], index: int) -> str:
    """Red team 25 (report 11b), f2: ``python3 <<'PY'`` (``python3 - "$F" <<PY``, ``node <<-JS``, ``uv run python -
    <<PY``) runs the here-document's lines as its program, as ``python3 -c '...'`` runs its argument: a step
    reading the Dockerfile's AC tag that way (``re.search(r"ap-airflow:(...)", open("Dockerfile").read())``) is the
    reader ``python3 -c`` in a Makefile already was.  The body (``lines`` from ``index`` up to the line that is the
    delimiter, spaces around it ignored: ``<<-`` and a YAML block's indentation) is given back as that inline form,
    ``NAME -c '...'`` (``-e`` for the others), for the caller to add to the step; ``""`` when the here-document
    feeds no interpreter's program (``cat <<EOF``, ``python3 app.py <<EOF`` reading it as data).  The body lines
    stay steps of their own as well, as they were."""
    for match in _HEREDOC.finditer(raw):
        commands = _commands(raw[: match.start()])
        words = _command_words(commands[-1]) if commands else []
        if len(words) > 1 and words[0] in _RUNNERS and words[1] == "run":
            words = words[2:]
            while words and words[0].startswith("-"):  # the runner's own options
                words = words[1:]
        family = interpreter(words[0]) if words else None
        if family is None:
            continue
        options = words[1:]
        if "-" in options:
            options = options[: options.index("-")]
        if any(not w.startswith("-") or w in ("-m", "-c", "-e", "-E", "-r") for w in options):
            continue  # a script file, a module or an inline program of its own: the here-document is its data
        delimiter = match.group(1)
        body: List[str] = []
        for line in lines[index: index + _MAX_HEREDOC]:
            if line.strip() == delimiter:
                break
            body.append(line.strip())
        name = words[0].rsplit("/", 1)[-1]
        flag = INLINE_PROGRAMS[family][0]
        # one quoted word (its quotes made double): the program is read, never run
        return f"{name} {flag} '" + " ".join(body).replace("'", '"') + "'"
    return ""


# Red team 27 (report 11b), f2/f5: a CI step whose shell is an interpreter runs its ``run:`` block as that program
# (GitHub ``shell: python``, ``shell: python3 {0}``, ``shell: pwsh``, ``shell: node {0}``; CircleCI's ``shell:``
# beside ``command:``), ``uses: actions/github-script`` runs its ``with: script:`` as JavaScript, and an Azure
# ``- pwsh:`` / ``- powershell:`` step's value is PowerShell.  A YAML key at a line's start (after an item's dash):
# anchored, each run bounded and told apart by its first character (linear).
_YAML_KEY = re.compile(r"([ \t]*)(-[ \t]+)?([A-Za-z_][\w.-]{0,63})[ \t]*:(?![^ \t\n])")
# GitHub actions whose ``with:`` input is a program (github-script's ``script:``: JavaScript) or the path of a file they
# read for a later step (a read-file action's ``path:``, matched by ``action-regex-match``: read as ``cat PATH``)
STEP_ACTIONS = {
    "actions/github-script@": ("script", "node"),
    "juliangruber/read-file-action@": ("path", "cat"),
    "andstor/file-reader-action@": ("path", "cat"),
    "guibranco/github-file-reader-action-v2@": ("path", "cat"),
}
PROGRAM_KEYS = ("shell:", "pwsh:", "powershell:", "github-script", "read-file", "file-reader")  # else no program block
_MAX_PROGRAMS = 64  # program keys looked at per file


def _yaml_key(line: str):
    """``(column of the key, key, dash before it, its value's text)`` of a YAML line, or None."""
    match = _YAML_KEY.match(line)
    if match is None:
        return None
    return match.start(3), match.group(3), match.group(2) is not None, line[match.end():].strip()


def _sibling(lines: List[str], index: int, column: int, keys: Tuple[str, ...]) -> Optional[int]:
    """The line of a key of ``keys`` in the same YAML mapping as the key at ``lines[index]`` (at ``column``): looked
    for back to the mapping's first line (an item's dash) and on to its end, at most :data:`_MAX_HEREDOC` lines."""
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(lines) and abs(other - index) <= _MAX_HEREDOC:
            line = lines[other]
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                key = _yaml_key(line)
                at = key[0] if key is not None else len(line) - len(line.lstrip(" \t"))
                if at < column or (key is not None and at == column and key[2] and step == 1):
                    break
                if key is not None and at == column and key[1] in keys:
                    return other
                if key is not None and at == column and key[2]:  # the mapping's first key: no key before it
                    break
            other += step
    return None


def _block(lines: List[str], index: int) -> Tuple[int, List[str]]:
    """``(index of its first line, its lines)``: the value of the YAML key at ``lines[index]``, a block scalar's lines
    (``run: |``), else the inline value."""
    key = _yaml_key(lines[index])
    if key is None:
        return index, []
    column, _, _, value = key
    if value[:1] not in ("|", ">"):
        return index, [value.strip("\"'")] if value else []
    body: List[str] = []
    for line in lines[index + 1: index + 1 + _MAX_HEREDOC]:
        if line.strip() and len(line) - len(line.lstrip(" \t")) <= column:
            break
        body.append(line.strip())
    return index + 1, body


def yaml_programs(lines: List[str]) -> Dict[int, Tuple[str, int, List[str]]]:
    """``{index of the line holding the program's key: (interpreter family, index of the program's first line, its
    lines)}``: the CI steps
    whose program is not a shell's (red team 27, report 11b, f2/f5; see :data:`_YAML_KEY`).  One pass over the lines,
    each program key's mapping looked at once (bounded)."""
    programs: Dict[int, Tuple[str, int, List[str]]] = {}
    looked = 0  # program keys whose mapping was looked at: at most _MAX_PROGRAMS, each look bounded
    for index, line in enumerate(lines):
        if not any(mark in line for mark in PROGRAM_KEYS) or looked >= _MAX_PROGRAMS:
            continue
        key = _yaml_key(line)
        if key is None:
            continue
        column, name, dash, value = key
        if name == "shell":
            words = [w for w in value.strip("\"'").split() if w.rsplit("/", 1)[-1] not in _PREFIXES]
            family = interpreter(words[0]) if words else None
            looked += family is not None
            found = _sibling(lines, index, column, ("run", "command")) if family is not None else None
            if found is not None:
                programs[found] = (family, *_block(lines, found))
        elif name == "uses" and value.strip("\"'").startswith(tuple(STEP_ACTIONS)):
            looked += 1
            action = next(a for a in STEP_ACTIONS if value.strip("\"'").startswith(a))
            wanted, family = STEP_ACTIONS[action]
            found = _sibling(lines, index, column, ("with",))
            if found is not None:
                for other in range(found + 1, min(len(lines), found + _MAX_HEREDOC)):  # its input under ``with:``
                    if not lines[other].strip():
                        continue
                    inner = _yaml_key(lines[other])
                    if (inner[0] if inner is not None else len(lines[other]) - len(lines[other].lstrip(" \t"))) <= column:
                        break
                    if inner is not None and inner[1] == wanted:
                        programs[other] = (family, *_block(lines, other))
                        break
        elif name in ("pwsh", "powershell") and dash:  # Azure Pipelines' PowerShell step
            programs[index] = ("pwsh", *_block(lines, index))
    return {at: program for at, program in programs.items() if program[2]}


def _folders(lines: List[str], values: Dict[str, List[str]]) -> Tuple[str, ...]:
    """The working directories the file names (F9), relative ones as written, the checkout root as ``.``."""
    found: List[str] = []
    for line in lines:
        for match in (_WORKDIR_KEY.match(line), *_CD.finditer(line), _JENKINS_DIR.search(line)):
            if match is None:
                continue
            folder = _expand(_value(match.group(1)), values).strip().rstrip("/")
            if folder.startswith("./"):
                folder = folder[2:]
            if not folder or folder in (".", "-") or ANY in folder or folder.startswith("~") or any(c in folder for c in " $()\"'`"):
                continue
            if folder not in found:
                found.append(folder)
            if len(found) >= _MAX_FOLDERS:
                return tuple(found)
    return tuple(found)


_FILE_STEPS: Dict[str, Tuple[Step, ...]] = {}  # path -> its steps, read once per run (not keyed by the text)


def file_steps(path: str, text: str) -> Tuple[Step, ...]:
    """The steps of the shell, CI or configuration file at ``path`` (its text given), once per run."""
    found = _FILE_STEPS.get(path)
    if found is not None:
        return found
    name = os.path.basename(path)
    program = _make_program_values(path)
    if program:  # red team 23 (11b), f2: a make file read with the variables of the make files it is read with
        found = tuple(steps(text, shared=program))
        if len(_FILE_STEPS) >= 1024:
            _FILE_STEPS.clear()
        _FILE_STEPS[path] = found
        return found
    if name in BUMPVERSION_FILES:
        found = tuple(_bumpversion_steps(text))
        if name == "pyproject.toml" and ("tbump" in text or "commitizen" in text):  # red team 23 (11b), f8
            found += tuple(_bumper_steps(name, text))
        if name == "pyproject.toml" and any(runner in text for runner in _TASK_RUNNERS):  # red team 25 (11b), f2
            found += tuple(_task_steps(text))
    elif name in _RENOVATE_NAMES:
        found = tuple(_renovate_steps(text))
    elif name == "package.json":  # its ``renovate`` key and its ``scripts`` (red team 23, report 11b, f8)
        found = tuple(_package_steps(text))
    elif name in BUMPER_FILES:
        found = tuple(_bumper_steps(name, text))
    elif is_updatecli_manifest(path):  # red team 24 (11b), f12
        found = tuple(_updatecli_steps(text))
    elif name in PRE_COMMIT_FILES:
        found = tuple(_pre_commit_steps(text))
    else:
        found = tuple(steps(text))
    if len(_FILE_STEPS) >= 1024:
        _FILE_STEPS.clear()
    _FILE_STEPS[path] = found
    return found


def _make_program_values(path: str) -> Dict[str, List[str]]:
    """The names the other make files of ``path``'s program give values (:func:`.image_readers.make_program`),
    each file read once per run."""
    from .image_readers import make_program

    shared: Dict[str, List[str]] = {}
    for other in make_program(path):
        for name, more in _file_variables(other).items():
            kept = shared.setdefault(name, [])
            kept.extend(v for v in more if v not in kept)
            del kept[_MAX_VALUES:]
    return shared


_FILE_VARIABLES: Dict[str, Dict[str, List[str]]] = {}


def _file_variables(path: str) -> Dict[str, List[str]]:
    found = _FILE_VARIABLES.get(path)
    if found is None:
        try:
            with open(path, "rb") as handle:
                found = _variables(handle.read(4 * 1024 * 1024).decode("utf-8", "replace").splitlines())
        except (OSError, ValueError):
            found = {}
        if len(_FILE_VARIABLES) >= 1024:
            _FILE_VARIABLES.clear()
        _FILE_VARIABLES[path] = found
    return found


# ------------------------------------------------------------------------------------------ pattern words

def is_pattern(word: str) -> bool:
    return "*" in word or "?" in word


def may_name(word: str, name: str) -> bool:
    """May the path word ``word`` name a file called ``name``?"""
    last = word.rsplit("/", 1)[-1]
    return last == name if not is_pattern(last) else _wild(last, name)


def pattern_resolves(word: str, folder: str, root: str, target: str, levels: int) -> bool:
    """Does the pattern word ``word`` of a step in ``folder`` match ``target``: read from that folder or one
    above it (up to ``root``), or by its tail from ``root`` (a path under another checkout root)."""
    target_parts = target.strip("/").split("/")
    if word.startswith("/"):
        if _match(_parts(word), target_parts):
            return True
    else:
        for start in folders_up(folder, root, levels):
            if _match(_parts(os.path.join(start, word)), target_parts):
                return True
    parts = [p for p in word.split("/") if p and p != "."]
    if not (word.startswith("/") or (parts and is_pattern(parts[0]))):
        return False  # a relative path names only itself; an absolute one or one under a variable, by its tail
    for index in range(1, len(parts)):
        if is_pattern(parts[index]) or parts[index] == "..":
            continue  # a tail from the root starts with a folder's name, not a glob (``**/*.graphql`` is every file)
        if _match(_parts(os.path.join(root, *parts[index:])), target_parts):
            return True
    return False


def _parts(path: str) -> List[str]:
    """The segments of a pattern path, ``.`` dropped and ``..`` applied (``**`` kept)."""
    out: List[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == ".." and out and out[-1] != "**":
            out.pop()
        else:
            out.append(part)
    return out


def _match(pattern: List[str], target: List[str]) -> bool:
    if "**" in pattern:
        cut = pattern.index("**")
        head, tail = pattern[:cut], [p for p in pattern[cut + 1:] if p != "**"]
        if len(target) < len(head) + len(tail):
            return False
        return all(_wild(p, t) for p, t in zip(head, target)) and all(
            _wild(p, t) for p, t in zip(tail, target[len(target) - len(tail):]))
    return len(pattern) == len(target) and all(_wild(p, t) for p, t in zip(pattern, target))


def _wild(pattern: str, name: str) -> bool:
    """Shell wildcard match of one name (``*``, ``?``; anything else literal): the two-pointer walk, at
    most len(pattern) * len(name) steps, with a pattern of at most :data:`_MAX_GLOB` characters."""
    if "*" not in pattern and "?" not in pattern:
        return pattern == name
    if len(pattern) > _MAX_GLOB or pattern.count("*") + pattern.count("?") > _MAX_WILDCARDS:
        return False  # no file name a step writes looks like this; bounds the walk below
    p = n = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(pattern) and (pattern[p] == "?" or pattern[p] == name[n]):
            p, n = p + 1, n + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, n, p + 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            n = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


# ---------------------------------------------------------------------------------- configured readers (F8)

BUMPVERSION_FILES = (".bumpversion.cfg", "setup.cfg", ".bumpversion.toml", "pyproject.toml")
PRE_COMMIT_FILES = (".pre-commit-config.yaml", ".pre-commit-config.yml")
# Red team 23 (report 11b), f8: the other version bumpers that search a file for the version they replace.
# Renovate's regex managers (``fileMatch`` + ``matchStrings``), tbump's ``[[file]]`` tables and commitizen's
# ``version_files`` (``"Dockerfile:ap-airflow"``); pyproject.toml's ``[tool.tbump]`` / ``[tool.commitizen]`` too.
RENOVATE_FILES = (
    "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json", ".renovaterc.json5",
    ".github/renovate.json", ".github/renovate.json5", ".gitlab/renovate.json", ".gitlab/renovate.json5",
)
BUMPER_FILES = ("tbump.toml", ".cz.toml", "cz.toml", ".cz.json", "cz.json", ".cz.yaml", "cz.yaml", ".cz.yml", "cz.yml")
# Red team 24 (report 11b), f12: an updatecli manifest (``updatecli.yaml``, or any YAML file of ``updatecli.d/``,
# the folder updatecli reads by default) whose sources, conditions and targets read or rewrite files.
UPDATECLI_FILES = ("updatecli.yaml", "updatecli.yml")
UPDATECLI_FOLDER = "updatecli.d"
CONFIG_FILES = BUMPVERSION_FILES + PRE_COMMIT_FILES + RENOVATE_FILES + BUMPER_FILES + UPDATECLI_FILES + ("package.json",)
_RENOVATE_NAMES = frozenset(os.path.basename(n) for n in RENOVATE_FILES)
_SECTION = re.compile(r"[ \t]*\[bumpversion:(?:file|glob)(?:\([^)\n]{0,100}\))?:([^\]\n]{1,300})\]")
_TOML_FILE = re.compile(r"[ \t]*(?:filename|glob)[ \t]*=[ \t]*[\"']([^\"'\n]{1,300})[\"']")
_KEY = re.compile(r"[ \t]*(current_version|search)[ \t]*[=:][ \t]*([^ \t\n].{0,399}|)")
_ENTRY = re.compile(r"[ \t]*(?:-[ \t]+)?entry[ \t]*:[ \t]*([^ \t\n].{0,399})")
_FILES = re.compile(r"[ \t]*(?:-[ \t]+)?files[ \t]*:[ \t]*([^ \t\n].{0,299})")
_HOOK_START = re.compile(r"[ \t]*-[ \t]+id[ \t]*:")


def _bumpversion_steps(text: str) -> List[Step]:
    """A ``[bumpversion:file:PATH]`` section reads ``PATH`` for its ``search`` (``{current_version}``).

    Red team 22 (report 11b), f7: every spelling that reaches a file counts.  A TOML configuration is
    read as TOML (``files = [{filename = "Dockerfile"}]`` is the same table array as
    ``[[tool.bumpversion.files]]``), and a ``glob`` (``glob = "Docker*"``, ``[bumpversion:glob:Docker*]``)
    is a pattern word naming each file it matches from the configuration's folder."""
    if "bumpversion" not in text:
        return []
    if "[tool.bumpversion" in text:
        found = _bumpversion_toml(text)
        if found is not None:
            return found
    lines = text.splitlines()
    current = ""
    sections: List[List] = []  # [line, path, search]
    for number, line in enumerate(lines, 1):
        match = _SECTION.match(line) or _TOML_FILE.match(line)
        if match is not None:
            sections.append([number, match.group(1).strip().strip("\"'"), "{current_version}"])
            continue
        match = _KEY.match(line)
        if match is None:
            continue
        value = match.group(2).strip().strip("\"'")
        if match.group(1) == "current_version":
            current = current or value
        elif sections:
            sections[-1][2] = value
    return _bumpversion_found(sections, current)


def _bumpversion_found(sections: List[List], current: str) -> List[Step]:
    found = []
    for number, path, search in sections:
        searched = search.replace("{current_version}", current)
        if AC_TEXT.search(searched) is None and BARE_VERSION.search(searched) is None:
            continue  # a bare version (``current_version = 2.3.4``) holds only what the rewrite removes (RT29 13 f8)
        # a glob (``Docker*``, ``**/Dockerfile``) or a bare name (``VERSION``) is a path word as written
        words = path_words(path) or (path,)
        found.append(Step(number, f"grep {searched} {path}", words, (), ()))
    return found


def _bumpversion_toml(text: str) -> Optional[List[Step]]:
    """``[tool.bumpversion]`` read as TOML (None when it does not parse: the line reading above then)."""
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        return None
    try:
        table = tomllib.loads(text).get("tool", {}).get("bumpversion")
    except (ValueError, RecursionError, AttributeError):
        return None
    if not isinstance(table, dict):
        return []
    current = table.get("current_version")
    current = current if isinstance(current, str) else ""
    default = table.get("search") if isinstance(table.get("search"), str) else "{current_version}"
    entries = table.get("files")
    sections: List[List] = []
    offset = 0
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        path = entry.get("filename") if isinstance(entry.get("filename"), str) else entry.get("glob")
        if not isinstance(path, str) or not path.strip():
            continue
        search = entry.get("search") if isinstance(entry.get("search"), str) else default
        at = max(text.find(f'"{path}"', offset), text.find(f"'{path}'", offset))  # its line, in entry order
        offset = at + 1 if at >= 0 else offset
        sections.append([text.count("\n", 0, at) + 1 if at >= 0 else 1, path.strip(), search])
    return _bumpversion_found(sections, current)


def _pre_commit_steps(text: str) -> List[Step]:
    """A hook's ``entry:`` (a shell command) runs on the files its ``files:`` selects: a plain path
    (``^queries/create\\.graphql$``) names that file, any other pattern (or none) files of unknown path."""
    found: List[Step] = []
    hook: List = []  # [entry line, entry, files]

    def close():
        if hook and hook[1]:
            entry = hook[1]
            pattern = hook[2]
            path = _regex_path(pattern) if pattern else None
            searched = [plain(m.group(0)) for m in AC_TEXT.finditer(entry)]
            if not searched:
                return
            if path is not None:
                found.append(Step(hook[0], f"{entry} {path}", path_words(path) or (path,), (), ()))
            else:
                kept = tuple(dict.fromkeys(s for s in searched if not is_ac_name(s)))
                if kept:  # files of unknown path: held when they hold the AC version / image looked for
                    found.append(Step(hook[0], entry, (), (), kept))

    for number, line in enumerate(text.splitlines(), 1):
        if _HOOK_START.match(line):
            close()
            hook = [number, "", ""]
            continue
        match = _ENTRY.match(line)
        if match is not None:
            if not hook:
                hook = [number, "", ""]
            hook[0], hook[1] = number, _value(match.group(1))
            continue
        match = _FILES.match(line)
        if match is not None and hook:
            hook[2] = _value(match.group(1))
    close()
    return found


# a ``files:`` regex that is a path: word characters, dots, slashes, dashes (one bounded class run: linear)
_PLAIN_REGEX_PATH = re.compile(r"[\w./-]{1,300}")


def _regex_path(pattern: str) -> Optional[str]:
    """The files a ``files:`` regex names when it is a plain one, as a path word: ``^queries/create\\.graphql$``
    that path, else None.  pre-commit ``re.search``es the path from the root (red team 22, report 11b, f7:
    ``files: ^Docker`` runs on ``Dockerfile``), so an open end matches any longer name (``Docker*``, a folder
    ``docker/`` anything below it) and an open start a path ending so in any folder (``**/*create.graphql``)."""
    body = pattern.strip()
    start = body.startswith("^")
    end = body.endswith("$") and not body.endswith("\\$")
    body = body[1:] if start else body
    body = body[:-1] if end else body
    body = body.replace("\\.", ".").replace("\\/", "/")
    if not body or _PLAIN_REGEX_PATH.fullmatch(body) is None:
        return None
    if not end:
        body += "**" if body.endswith("/") else "*"
    return body if start else "**/*" + body


# ------------------------------------------------------------------ other version bumpers (red team 23, 11b, f8)

def _line_of(text: str, literal: str, offset: int) -> Tuple[int, int]:
    """(1-based line of the quoted ``literal`` at or after ``offset``, the offset after it): entries in order."""
    at = -1
    for quoted in (f'"{literal}"', f"'{literal}'", json_quoted(literal)):
        found = text.find(quoted, offset)
        if found >= 0 and (at < 0 or found < at):
            at = found
    if at < 0:
        return 1, offset
    return text.count("\n", 0, at) + 1, at + 1


def json_quoted(literal: str) -> str:
    import json

    return json.dumps(literal)


def _searched_step(number: int, searched: List[str], path: str) -> Optional[Step]:
    """A configured search of ``path`` for ``searched`` (regexes or text) as a step: held like a ``grep`` of the
    file when what it looks for holds AC text."""
    texts = [m.group(0) for s in searched for m in AC_TEXT.finditer(s)]
    # a bare version: held only when the rewrite removes it from the file (red team 29, report 13, f8)
    texts = texts or [m.group(0) for s in searched for m in BARE_VERSION.finditer(s)]
    if not texts:
        return None
    return Step(number, f"grep {' '.join(texts)} {path}", path_words(path) or (path,), (), ())


def _package_steps(text: str) -> List[Step]:
    """A ``package.json``: its ``renovate`` key is a Renovate configuration (:func:`_renovate_steps`), and each of
    its ``scripts`` is a shell line npm runs from the package's folder (``"bump": "sed -i s/2.3.4-11/$V/
    Dockerfile"``), numbered by its key's line.  Not JSON: nothing."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if not isinstance(data, dict):
        return []
    found = _renovate_steps(text, data.get("renovate")) if isinstance(data.get("renovate"), dict) else []
    scripts = data.get("scripts")
    offset = 0
    for key, command in scripts.items() if isinstance(scripts, dict) else ():
        if not isinstance(command, str):
            continue
        number, offset = _line_of(text, key, offset)
        found.extend(step._replace(number=number) for step in steps(command))
    return found


def _renovate_steps(text: str, config=None) -> List[Step]:
    """A Renovate ``regexManagers`` / ``customManagers`` entry reads the files its ``fileMatch`` (or
    ``managerFilePatterns``) regexes select for its ``matchStrings`` (and templates): when those hold AC
    text (``ap-airflow:(?<currentValue>...)``), a migrated file no longer matches and Renovate silently stops
    bumping it.  A plain path regex (``^Dockerfile$``, ``(^|/)Dockerfile$``) names that file, any other pattern
    files of unknown path holding the AC text.  JSON5 that does not parse as JSON: the whole file as one entry."""
    import json

    if config is None:
        try:
            config = json.loads(text)
        except (ValueError, RecursionError):
            config = None
    managers: List[Tuple[List[str], List[str]]] = []  # (file patterns, searched texts)
    if isinstance(config, dict):
        for key in ("regexManagers", "customManagers"):
            entries = config.get(key)
            for entry in entries if isinstance(entries, list) else []:
                if not isinstance(entry, dict):
                    continue
                # ``managerFilePatterns``: a ``/regex/`` or a glob; ``fileMatch``: always a regex
                patterns = _strings(entry.get("fileMatch")) + [
                    p if len(p) > 2 and p[0] == p[-1] == "/" else _GLOB + p for p in _strings(entry.get("managerFilePatterns"))]
                searched = [s for k, v in entry.items() if k == "matchStrings" or k.endswith("Template") for s in _strings(v)]
                managers.append((patterns, searched))
    elif "fileMatch" in text or "managerFilePatterns" in text:
        from .image_readers import _QUOTED

        def strings(line):
            return [(m.group(1) if m.group(1) is not None else m.group(2)) for m in _QUOTED.finditer(line)]

        patterns: List[str] = []
        listing = False  # inside a ``fileMatch: [`` list running over several lines
        for line in text.splitlines():
            if "fileMatch" in line or "managerFilePatterns" in line:
                listing = "]" not in line
                patterns.extend(q for q in strings(line) if q not in ("fileMatch", "managerFilePatterns"))
            elif listing:
                listing = "]" not in line
                patterns.extend(strings(line))
        managers.append((patterns or [".*"], [q for q in strings(text) if AC_TEXT.search(q)]))
    found: List[Step] = []
    offset = 0
    for patterns, searched in managers:
        for pattern in patterns:
            number, offset = _line_of(text, pattern[len(_GLOB):] if pattern.startswith(_GLOB) else pattern, offset)
            path = _renovate_path(pattern)
            if path is not None:
                step = _searched_step(number, searched, path)
                if step is not None:
                    found.append(step)
                continue
            kept = tuple(dict.fromkeys(plain(m.group(0)) for s in searched for m in AC_TEXT.finditer(s)
                                       if not is_ac_name(plain(m.group(0)))))
            if kept:  # files of unknown path: held when they hold the AC version / image looked for
                found.append(Step(number, f"grep {' '.join(kept)}", (), (), kept))
    return found


def _strings(value) -> List[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


_GLOB = "\0glob:"  # marks a ``managerFilePatterns`` glob among a manager's patterns (no pattern holds a NUL)


def _renovate_path(pattern: str) -> Optional[str]:
    """A Renovate file pattern as a path word: ``/regex/`` or a regex (``(^|/)`` = from the root or any folder),
    else (``managerFilePatterns``' globs) the glob itself."""
    if pattern.startswith(_GLOB):
        glob = pattern[len(_GLOB):].strip()
        return glob if glob and not any(c in glob for c in "{}[]!") else None  # a brace or class glob: unknown files
    body = pattern.strip()
    if len(body) > 2 and body.startswith("/") and body.endswith("/"):
        body = body[1:-1]
    if body.startswith("(^|/)"):
        path = _regex_path("^" + body[5:])
        return None if path is None else "**/" + path
    return _regex_path(body)


def _bumper_steps(name: str, text: str) -> List[Step]:
    """tbump's ``[[file]] src = PATH`` (``search``, default ``{current_version}``, with ``[version] current``)
    and commitizen's ``version_files = ["PATH", "PATH:REGEX"]`` (the version replaced on the lines the regex
    matches, every line without one): each names ``PATH`` searched for AC text when the version or the search
    holds it.  TOML, JSON or YAML as the file's name says; a file that does not parse has none."""
    table = _config_table(name, text)
    if table is None:
        return []
    found: List[Step] = []
    offset = 0
    tbump = table.get("tbump") if name == "pyproject.toml" else (table if name == "tbump.toml" else None)
    if isinstance(tbump, dict):
        version = tbump.get("version")
        current = version.get("current") if isinstance(version, dict) else None
        current = current if isinstance(current, str) else ""
        files = tbump.get("file")
        for entry in files if isinstance(files, list) else []:
            path = entry.get("src") if isinstance(entry, dict) else None
            if not isinstance(path, str) or not path.strip():
                continue
            search = entry.get("search") if isinstance(entry.get("search"), str) else "{current_version}"
            number, offset = _line_of(text, path, offset)
            step = _searched_step(number, [search.replace("{current_version}", current)], path.strip())
            if step is not None:
                found.append(step)
    cz = table.get("commitizen")
    if isinstance(cz, dict):
        version = cz.get("version") if isinstance(cz.get("version"), str) else ""
        offset = 0
        for item in _strings(cz.get("version_files")):
            path, _, regex = item.partition(":")
            if not path.strip():
                continue
            number, offset = _line_of(text, item, offset)
            step = _searched_step(number, [version, regex], path.strip())
            if step is not None:
                found.append(step)
    return found


# Task runners configured in a pyproject.toml (red team 25, report 11b, f2): the tables holding their tasks, under
# ``tool``; hatch's are per environment (``tool.hatch.envs.NAME.scripts``).
_TASK_RUNNERS = ("poe", "taskipy", "pdm", "hatch", "rye")
_TASK_TABLES = (("poe", "tasks"), ("taskipy", "tasks"), ("pdm", "scripts"), ("rye", "scripts"))
_TASK_KEYS = ("cmd", "shell", "sequence", "composite", "chain")  # a task's command(s), and its list of commands


def _task_steps(text: str) -> List[Step]:
    """Red team 25 (report 11b), f2: a pyproject.toml's task runner tasks are shell steps, as a ``package.json``'s
    ``scripts`` are: poethepoet's ``[tool.poe.tasks]`` (``NAME = "cmd"``, ``{ cmd = ... }``, ``{ shell = "grep -o
    'ap-airflow:[^ ]*' Dockerfile | cut -d: -f2" }``, a sequence), taskipy's ``[tool.taskipy.tasks]``, PDM's
    ``[tool.pdm.scripts]`` (``cmd`` as a string or an argument list, ``shell``, ``composite``), Rye's
    ``[tool.rye.scripts]`` and Hatch's ``[tool.hatch.envs.NAME.scripts]``; each command numbered by its line (its
    text found after the previous one's; its key's line when written otherwise).  Not TOML: nothing."""
    table = _config_table("pyproject.toml", text)
    if not isinstance(table, dict):
        return []
    tasks: List[Tuple[str, object]] = []
    for runner, key in _TASK_TABLES:
        section = table.get(runner)
        entries = section.get(key) if isinstance(section, dict) else None
        tasks.extend(entries.items() if isinstance(entries, dict) else ())
    hatch = table.get("hatch")
    environments = hatch.get("envs") if isinstance(hatch, dict) else None
    for environment in environments.values() if isinstance(environments, dict) else ():
        scripts = environment.get("scripts") if isinstance(environment, dict) else None
        tasks.extend(scripts.items() if isinstance(scripts, dict) else ())
    found: List[Step] = []
    offset = 0
    for name, value in tasks[:256]:
        for command in _task_commands(value, 0):
            at = text.find(command[:80], offset)
            if at < 0:  # written otherwise (escapes, an argument list): its key's line (bare or quoted)
                at = min((f for f in (text.find(f"\n{name} ", offset), text.find(f"\n{name}=", offset),
                                      text.find(f'"{name}"', offset)) if f >= 0), default=-1)
                at = at + 1 if at >= 0 and text[at] == "\n" else at
            number = text.count("\n", 0, at) + 1 if at >= 0 else 1
            offset = max(offset, at + 1)
            found.extend(step._replace(number=number) for step in steps(command))
    return found


def _task_commands(value, depth: int) -> List[str]:
    """The command lines of one task's value: a string, a list's items, a table's :data:`_TASK_KEYS` (an argument
    list, PDM's ``cmd = ["sed", "-i", ...]``, joined with spaces); nested at most 3 deep."""
    if isinstance(value, str):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, list):
        return [c for item in value[:64] for c in _task_commands(item, depth + 1)]
    if isinstance(value, dict):
        found: List[str] = []
        for key in _TASK_KEYS:
            part = value.get(key)
            if key == "cmd" and isinstance(part, list) and all(isinstance(w, str) for w in part):
                found.append(" ".join(part))
            else:
                found.extend(_task_commands(part, depth + 1))
        return found
    return []


def _config_table(name: str, text: str) -> Optional[dict]:
    """The ``tool`` table of a TOML file (tbump.toml: the whole file), or a JSON / YAML commitizen file."""
    try:
        if name.endswith(".toml"):
            try:
                import tomllib
            except ImportError:  # Python < 3.11
                return None
            data = tomllib.loads(text)
            return data if name == "tbump.toml" else data.get("tool")
        if name.endswith(".json"):
            import json

            data = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (ValueError, TypeError, RecursionError, AttributeError):  # TOML / JSON errors are ValueErrors
        return None
    except Exception as error:  # yaml.YAMLError (yaml imported only here)
        if type(error).__module__.startswith("yaml"):
            return None
        raise
    return data if isinstance(data, dict) else None


# ------------------------------------------------------------------------ updatecli (red team 24, report 11b, f12)

# a ``file:`` / ``files:`` key of a manifest that does not parse as YAML (a Go template): anchored, bounded runs
_UPDATECLI_FILE = re.compile(r"[ \t]*(?:-[ \t]+)?files?[ \t]*:[ \t]*[\"']?([^\"'\s#]{1,300})")
_UPDATECLI_SECTIONS = ("sources", "conditions", "targets")
_MAX_UPDATECLI_FILES = 64


def is_updatecli_manifest(path: str) -> bool:
    """Is ``path`` a manifest updatecli reads by default: ``updatecli.yaml`` / ``.yml``, or a YAML file of a
    ``updatecli.d`` folder?"""
    name = os.path.basename(path)
    if name in UPDATECLI_FILES:
        return True
    return name.endswith((".yaml", ".yml")) and os.path.basename(os.path.dirname(path)) == UPDATECLI_FOLDER


def _updatecli_steps(text: str) -> List[Step]:
    """An updatecli manifest holding AC text (a ``dockerimage`` source of ``quay.io/astronomer/ap-airflow``, a
    ``dockerfile`` target's ``matcher``, an AC version filter) reads and rewrites the files its sources, conditions
    and targets name (``spec: file:`` / ``files:``): a ``dockerfile`` target matches the AC ``FROM``, a ``yaml``
    target writes the AC tag at its ``key``.  Once such a file is migrated, the next run matches nothing or writes
    the AC image back over it, so each file is a configured search of the manifest's AC text, held like a
    ``grep`` of it.  Its ``autodiscovery`` crawlers find files themselves: each file holding the AC image or
    version it names.  A manifest that does not parse as YAML (a template): each ``file:`` / ``files:`` line."""
    searched = list(dict.fromkeys(plain(m.group(0)) for m in AC_TEXT.finditer(text)))
    if not searched:
        return []
    paths: List[str] = []
    try:
        import yaml

        data = yaml.safe_load(text)
    except Exception:  # yaml.YAMLError, a Go template's braces: read line by line below
        data = None
    found: List[Step] = []
    if isinstance(data, dict):
        for section in _UPDATECLI_SECTIONS:
            entries = data.get(section)
            for entry in entries.values() if isinstance(entries, dict) else entries if isinstance(entries, list) else ():
                spec = entry.get("spec") if isinstance(entry, dict) else None
                if isinstance(spec, dict):
                    paths.extend(_strings(spec.get("file")) + _strings(spec.get("files")))
        discovery = data.get("autodiscovery")
        crawlers = discovery.get("crawlers") if isinstance(discovery, dict) else None
        if isinstance(crawlers, dict) and crawlers:
            # its crawlers (``dockerfile``, ``dockercompose``, ...) find the files themselves: files of unknown
            # path, held when they hold the AC image or version the manifest names
            kept = tuple(t for t in searched if not is_ac_name(t))
            if kept:
                at = text.find("autodiscovery")
                found.append(Step(text.count("\n", 0, at) + 1 if at >= 0 else 1, f"grep {' '.join(kept)}", (), (), kept))
    else:
        paths = [m.group(1) for m in map(_UPDATECLI_FILE.match, text.splitlines()) if m is not None]
    offset = 0
    for path in dict.fromkeys(p.strip() for p in paths[:_MAX_UPDATECLI_FILES] if p.strip() and "{{" not in p):
        at = text.find(path, offset)
        number = text.count("\n", 0, at) + 1 if at >= 0 else 1
        offset = at + 1 if at >= 0 else offset
        path = path[len("file://"):] if path.startswith("file://") else path
        found.append(Step(number, f"grep {' '.join(searched)} {path}", path_words(path) or (path,), (), ()))
    return found
