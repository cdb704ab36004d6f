"""Where else a repository sets a Dockerfile build argument: CI and compose files.

Docker's rule: ``--build-arg NAME=value`` (or compose ``build: args:``)
overrides an ``ARG NAME=default``.  So when the Dockerfile rule migrates an
ARG default that holds the AC image, a value passed from CI would still build
the AC image; the person must be told where.

Which files: the usual places a build is driven from, in the repository root
(the nearest directory above the Dockerfile holding ``.git``, else the
Dockerfile's own directory): GitHub workflows, ``.gitlab-ci.yml``,
``.circleci/config.yml``, ``Jenkinsfile``, ``azure-pipelines.yml``,
``bitbucket-pipelines.yml``, ``cloudbuild.yaml``, ``Makefile``, top-level shell
scripts, and compose files there and beside the Dockerfile.  Forms: ``--build-arg
NAME=...`` anywhere, and in YAML an ``args:`` (compose) or ``build-args:``
(docker/build-push-action) block or one-line value naming ``NAME``.  Only regular
files under a size cap are read; a file that cannot be read is skipped (this
is a hint, not a gate).  Each file is scanned once, line by line, with linear
expressions.

Red team 10, F5 and F6: an override is linked to the Dockerfile it builds.  A
compose ``build:`` mapping names it by ``context:`` (default ``.``, relative to the
compose file) and ``dockerfile:`` (default ``Dockerfile``, relative to the
context); docker/build-push-action by ``context:`` (default: the repository) and
``file:`` (default ``<context>/Dockerfile``); ``docker build`` by its context
argument and ``-f`` / ``--file`` (relative to where it runs: the repository root
for CI files).  A place that builds another existing Dockerfile is not this one's; a
place whose target cannot be read (a variable, a URL, a command continued on the
next line, a ``cd`` before it, a ``working-directory:``, a path naming no file) still
counts.  Without a ``.git`` above the Dockerfile, the directories
above it are read too, and a place there counts only when it names this
Dockerfile.

Red team 15 (report 13), F4: a compose file in a sub-folder of the repository (``deploy/``,
``docker/``) building with ``context: ..`` builds the Dockerfile above it, as docker compose resolves
``context:`` against the compose file's folder.  Compose files below the root (a bounded walk, see
:func:`_compose_files_below`, each folder listed once per state) count when their ``build:`` names this
Dockerfile: a sub-folder file whose target cannot be read is another service's.  An ``args:`` list entry without a value (``- BASE``) and a bare
``BASE`` line of ``build-args:`` pass the variable from the environment: they set
the argument too.

Red team 22 (report 11b), f4: a build driven from ``scripts/build.sh``, a root ``justfile`` or ``Taskfile.yml``, a
GitHub composite action, or a docker buildx bake file (``args = { NAME = ... }``) was not read, so the default was
migrated with "0 need review".  Every file whose steps the tool reads as shell steps
(:func:`..sources.image_readers.project_shell_files`, :func:`..sources.outside_writers.ci_files`) is read
here too, and bake files are read by their targets (:func:`_bake_lines`).

Red team 23 (report 11b), f3: the other places a build is configured.  ``skaffold.yaml`` (``skaffold*.yaml``)
``docker: buildArgs:`` (the Dockerfile read from the artifact's ``context:`` and the ``docker:`` mapping's
``dockerfile:``), a dev container's ``build.args`` (``.devcontainer/devcontainer.json``, ``.devcontainer.json``,
``.devcontainer/NAME/devcontainer.json``; ``dockerfile`` and ``context`` from its folder), a Tiltfile's
``docker_build(..., build_args={'NAME': ...})``, a ``package.json`` script running ``docker build --build-arg`` (from the package's folder), and a bake file that a step names by
``bake -f FILE`` / ``--file FILE`` wherever it lives (``build/docker-bake.hcl``).

Red team 24 (report 11b), f2: the Docker SDK's ``client.images.build(path=".", buildargs={"NAME": ...})`` and
``docker.APIClient().build(buildargs=...)`` in a Python script of the root, its script folders or the Dockerfile's
folder (:func:`_sdk_build_lines`, read from the module's tree once per state), and there an argument list whose
``"--build-arg"`` and ``f"NAME={...}"`` items are on different lines (:func:`_argv_build_args`).

Red team 25 (report 11b), f4: ``--build-arg \\`` with ``NAME=...`` on the next line is one option to the shell: the
two lines are read joined (:func:`_split_build_arg`).

Red team 27 (report 11b), f8: an Earthfile's ``FROM DOCKERFILE --build-arg NAME=... .`` (also Earthly's ``--NAME=...``;
the Dockerfile read from its context and ``-f``, from the Earthfile's folder: :func:`_earthly_lines`) and a Terraform
``docker_image`` resource's ``build { build_args = { NAME : ... } }`` (kreuzwerker/docker; ``build_arg``, and
``context`` / ``path`` and ``dockerfile`` from the ``.tf`` file's folder: :func:`_terraform_lines`) pass the argument
as ``docker build`` does.  Both are read in the root, the Dockerfile's folder and the folders below the root (the
compose walk).
"""

from __future__ import annotations

import os
import re
import stat
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

MAX_BYTES = 2 * 1024 * 1024
MAX_LEVELS = 40
CI_FILES = (
    ".gitlab-ci.yml", ".circleci/config.yml", "Jenkinsfile", "azure-pipelines.yml",
    "bitbucket-pipelines.yml", "cloudbuild.yaml", "cloudbuild.yml", "Makefile",
)
_COMPOSE = re.compile(r"(?:docker-)?compose[\w.-]*\.ya?ml")
# compose "build: args:", docker/build-push-action "build-args:" (a block or one line)
_ARGS_KEY = re.compile(r"[ \t]*(?:-[ \t]*)?(?:args|build-args|build_args|buildArgs)[ \t]*:(.*)")
# Red team 20 (report 13), F7: a Python script's argument list, ``["docker", "build", "--build-arg",
# f"BASE={AC_IMAGE}", "."]`` (subprocess): the list item after "--build-arg" names the argument.  The
# spaces, the comma and the prefix letters are different characters (linear).
_PYTHON_BUILD_ARG = re.compile(r"--build-arg[\"'][ \t]*,[ \t]*[fFrRbBuU]{0,2}[\"'](\w+)")
# docker buildx bake (red team 22, report 11b, f4): a target's ``args = {`` (HCL) / ``"args": {`` (JSON) block,
# its ``target "name" {`` and its ``context`` / ``dockerfile`` values.  Fixed prefixes, one bounded or
# single-class run each (linear).
BAKE_FILES = ("docker-bake.hcl", "docker-bake.json", "docker-bake.override.hcl", "docker-bake.override.json")
_BAKE_ARGS = re.compile(r"[ \t]*\"?args\"?[ \t]*[:=][ \t]*\{([^\n]*)")
_BAKE_TARGET = re.compile(r"[ \t]*(?:target[ \t]+\"[^\"\n]{0,200}\"[ \t]*\{|\"target\"[ \t]*:)")
_BAKE_KEY = re.compile(r"[ \t]*\"?(context|dockerfile|inherits)\"?[ \t]*[:=][ \t]*([^ \t\n][^\n]{0,399}|)")
# red team 23 (report 11b), f3: skaffold's ``buildArgs:`` key, dev container configurations, a package's scripts,
# and ``bake -f FILE`` on a step (the option's value: one bounded run of one class; linear)
SKAFFOLD = re.compile(r"skaffold[\w.-]{0,100}\.ya?ml")
DEVCONTAINER_FILES = (".devcontainer/devcontainer.json", ".devcontainer.json")
# red team 27 (report 11b), f8: Earthly's ``FROM DOCKERFILE`` and Terraform's ``build {`` / ``build_args = {`` and keys.
# Anchored fixed words, each blank run before a different character (linear).
EARTHFILE = "Earthfile"
TERRAFORM_SUFFIX = ".tf"
_EARTHLY_FROM = re.compile(r"[ \t]*FROM[ \t]+DOCKERFILE\b")
_TF_BUILD = re.compile(r"[ \t]*build[ \t]*\{")
_TF_ARGS = re.compile(r"[ \t]*build_args?[ \t]*=[ \t]*\{([^\n]*)")
_TF_KEY = re.compile(r"[ \t]*(context|path|dockerfile)[ \t]*=[ \t]*([^ \t\n][^\n]{0,399}|)")
_TF_PATH_PREFIX = re.compile(r"\$\{path\.(?:module|root|cwd)\}/?")
_BAKE_FILE_OPTION = re.compile(r"\bbake\b[^\n]{0,400}?(?:-f|--file)(?:=|[ \t]+)[\"']?([\w./-]{1,300})")


def places_setting(dockerfile: str, name: str) -> List[str]:
    """``["path:line", ...]`` where ``name`` is passed as a build argument to this Dockerfile, paths relative to the root."""
    from ..sources.shell_steps import without_comment  # a comment passes nothing (red team 27, report 11b, f7)

    target = os.path.abspath(dockerfile)
    directory = os.path.dirname(target)
    root, above = _repository_root(directory)
    build_arg = re.compile(r"--build-arg(?:=|[ \t]+)[\"']?" + re.escape(name) + r"(?![\w])")
    compose_arg = re.compile(
        r"^[ \t]*(?:-[ \t]*[\"']?" + re.escape(name) + r"[\"']?[ \t]*(?:#.*)?$|(?:-[ \t]*)?[\"']?"
        + re.escape(name) + r"[\"']?[ \t]*[:=])"
    )
    bare_line = re.compile(r"^[ \t]*" + re.escape(name) + r"[ \t]*$")  # build-args: |  NAME (from the environment)
    inline_arg = re.compile(r"(?<![\w-])" + re.escape(name) + r"[ \t]*(?:[:=,\]]|$)")
    found: List[str] = []
    for path, precise in _candidates(root, directory, above):
        text = _read(path)
        if text is None or name not in text:
            continue
        if os.path.basename(path) in BAKE_FILES or path.endswith(".hcl") or (path.endswith(".json") and "bake" in os.path.basename(path)):
            found.extend(f"{os.path.relpath(path, root)}:{n}" for n in _bake_lines(text, path, name, target, compose_arg))
            continue
        if os.path.basename(path) == EARTHFILE:  # red team 27 (report 11b), f8
            found.extend(f"{os.path.relpath(path, root)}:{n}" for n in _earthly_lines(text, path, name, target, precise))
            continue
        if path.endswith(TERRAFORM_SUFFIX):  # red team 27 (report 11b), f8
            found.extend(f"{os.path.relpath(path, root)}:{n}" for n in _terraform_lines(text, path, name, target, compose_arg, precise))
            continue
        if os.path.basename(path) in ("package.json", "devcontainer.json", ".devcontainer.json", "Tiltfile"):
            lines = _json_build_lines(text, path, name, target, build_arg, precise)
            found.extend(f"{os.path.relpath(path, root)}:{n}" for n in lines)
            continue
        if path.endswith(".py") and ("buildargs" in text or "build_args" in text or "--build-arg" in text):  # RT24 11b f2
            for number, builds in _sdk_build_lines(path, name, root):
                if builds is not None and not os.path.isfile(builds):
                    builds = None
                if (builds is None and precise) or (builds is not None and builds != target):
                    continue
                found.append(f"{os.path.relpath(path, root)}:{number}")
        yaml = path.endswith((".yml", ".yaml"))
        cwd = _working_directory(path)
        targets = None  # line -> Dockerfile built there, from the YAML parse (read on first use)
        args_indent = None
        args_bare = False
        previous = ""
        for number, line in enumerate(text.splitlines(), 1):
            if "#" in line:  # red team 27 (report 11b), f7: a commented-out ``--build-arg NAME=...`` passes nothing
                line = without_comment(line)
            hit = False
            builds: Optional[str] = None
            continued, previous = previous, line
            if build_arg.search(line) or _python_build_arg(line, name) or _bake_set(line, name):
                hit, builds = True, _docker_build_target(line, cwd) if "working-directory" not in text else None
            elif _split_build_arg(continued, line, build_arg):  # red team 25 (11b), f4: --build-arg \ / NAME=...
                hit, builds = True, _docker_build_target(continued, cwd) if "working-directory" not in text else None
            elif yaml:
                indent = len(line) - len(line.lstrip(" "))
                key = _ARGS_KEY.match(line)
                if key is not None:
                    args_indent = indent
                    args_bare = "build-args" in line[: key.start(1)] or "build_args" in line[: key.start(1)]
                    hit = inline_arg.search(key.group(1)) is not None  # build-args: NAME=... inline, args: [NAME]
                elif args_indent is not None and line.strip() and indent <= args_indent:
                    args_indent = None
                elif args_indent is not None and (compose_arg.match(line) or (args_bare and bare_line.match(line))):
                    hit = True
                if hit:
                    if targets is None:
                        targets = _yaml_targets(text, path)
                    builds = targets.get(number)
            if not hit:
                continue
            if builds is not None and not os.path.isfile(builds):
                builds = None  # names no Dockerfile there: it runs somewhere this tool cannot see
            if builds is None and precise:
                continue  # above the directory tree this Dockerfile belongs to: only a place naming it counts
            if builds is not None and builds != target:
                continue  # builds another Dockerfile
            found.append(f"{os.path.relpath(path, root)}:{number}")
    return list(dict.fromkeys(found))  # a line read both ways is named once


def _bake_lines(text: str, path: str, name: str, target: str, entry) -> List[int]:
    """The lines of a docker buildx bake file (HCL or JSON) whose target's ``args`` set ``name``, for the targets
    that may build ``target``: one whose ``context`` / ``dockerfile`` (defaults ``.`` and ``Dockerfile``, from
    the bake file's folder) name another existing Dockerfile does not count; one that ``inherits`` or whose
    values are not plain paths does.  One pass over the lines, braces counted."""
    folder = os.path.dirname(path)
    if path.endswith(".json"):
        return _bake_json_lines(text, folder, name, target)
    targets: List[dict] = [{}]  # per target: context, dockerfile, inherits, lines
    depth, args_depth = 0, None
    for number, line in enumerate(text.splitlines(), 1):
        if depth <= 1 and _BAKE_TARGET.match(line):
            targets.append({})
        opened, closed = line.count("{"), line.count("}")
        args = _BAKE_ARGS.match(line)
        if args is not None and args_depth is None:
            rest = args.group(1)
            if _word_in(rest, name):
                targets[-1].setdefault("lines", []).append(number)
            if rest.count("}") < rest.count("{") + 1:
                args_depth = depth + 1
        elif args_depth is not None and entry.match(line):
            targets[-1].setdefault("lines", []).append(number)
        else:
            key = _BAKE_KEY.match(line)
            if key is not None and args_depth is None:
                targets[-1][key.group(1)] = key.group(2).strip().rstrip(",").strip()
        depth += opened - closed
        if args_depth is not None and depth < args_depth:
            args_depth = None
    return _lines_building(targets, folder, target, precise=False)


def _bake_json_lines(text: str, folder: str, name: str, target: str) -> List[int]:
    """:func:`_bake_lines` for a JSON bake file, read as JSON (the lines of ``"NAME"`` keys, in order)."""
    import json

    try:
        targets = json.loads(text).get("target")
    except (ValueError, RecursionError, AttributeError):
        return []
    found: List[int] = []
    offset = 0
    for entry in targets.values() if isinstance(targets, dict) else []:
        args = entry.get("args") if isinstance(entry, dict) else None
        if not isinstance(args, dict) or name not in args:
            continue
        at = text.find(f'"{name}"', offset)
        offset = at + 1 if at >= 0 else offset
        context, dockerfile = entry.get("context", "."), entry.get("dockerfile", "Dockerfile")
        if "inherits" not in entry and isinstance(context, str) and isinstance(dockerfile, str) and \
                _plain_path(context or ".") and _plain_path(dockerfile or "Dockerfile"):
            builds = os.path.normpath(os.path.join(folder, context or ".", dockerfile or "Dockerfile"))
            if os.path.isfile(builds) and builds != target:
                continue
        found.append(text.count("\n", 0, at) + 1 if at >= 0 else 1)
    return found


def _earthly_lines(text: str, path: str, name: str, target: str, precise: bool) -> List[int]:
    """Red team 27 (report 11b), f8: the lines of an Earthfile whose ``FROM DOCKERFILE`` passes ``name``
    (``--build-arg NAME=...``, Earthly's ``--NAME=...``; a ``\\`` continuation read joined, numbered by its first
    line) and may build ``target``: its context (the one operand) and ``-f`` read from the Earthfile's folder; an
    artifact (``+target/dir``) or a variable is a build this tool cannot place (it counts, unless ``precise``)."""
    folder = os.path.dirname(path)
    found: List[int] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        number, joined = index + 1, lines[index]
        while joined.rstrip().endswith("\\") and index + 1 < len(lines):
            index += 1
            joined = joined.rstrip()[:-1] + " " + lines[index]
        index += 1
        match = _EARTHLY_FROM.match(joined)
        if match is None:
            continue
        words = joined[match.end():].split()
        passes, file, operands, at = False, None, [], 0
        while at < len(words):
            word = words[at].strip("\"'")
            if word == "--build-arg" and at + 1 < len(words):
                passes = passes or words[at + 1].strip("\"'").partition("=")[0] == name
                at += 2
                continue
            if word.startswith("--build-arg="):
                passes = passes or word[len("--build-arg="):].partition("=")[0] == name
            elif word == f"--{name}" or word.startswith(f"--{name}="):
                passes = True
            elif word in ("-f", "--target", "--platform") and at + 1 < len(words):
                file = words[at + 1].strip("\"'") if word == "-f" else file
                at += 2
                continue
            elif not word.startswith("-"):
                operands.append(word)
            at += 1
        if not passes:
            continue
        builds = None
        if len(operands) == 1 and _plain_path(operands[0]) and "+" not in operands[0] and (file is None or (_plain_path(file) and "+" not in file)):
            context = os.path.join(folder, operands[0])
            builds = os.path.normpath(os.path.join(folder, file) if file else os.path.join(context, "Dockerfile"))
        if builds is not None and not os.path.isfile(builds):
            builds = None
        if (builds is None and precise) or (builds is not None and builds != target):
            continue
        found.append(number)
    return found


def _terraform_lines(text: str, path: str, name: str, target: str, entry, precise: bool) -> List[int]:
    """Red team 27 (report 11b), f8: the lines of a Terraform file whose ``build { ... build_args = { NAME : ... } }``
    block (kreuzwerker/docker's ``docker_image``; ``build_arg`` of its older versions) sets ``name`` and may build
    ``target``: ``context`` (``path`` in older versions; ``${path.module}`` is the file's folder) from the file's
    folder, ``dockerfile`` (default ``Dockerfile``) from the context; a value that is no plain string is a build this
    tool cannot place (it counts, unless ``precise``).  One pass over the lines, braces counted."""
    folder = os.path.dirname(path)
    blocks: List[dict] = []  # per build block: its depth, context, dockerfile, lines
    depth, args_depth = 0, None
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0] if "#" in line and '"' not in line else line
        opened, closed = code.count("{"), code.count("}")
        if _TF_BUILD.match(code):
            blocks.append({"depth": depth + 1})
        args = _TF_ARGS.match(code) if blocks else None
        if args is not None and args_depth is None:
            rest = args.group(1)
            if _word_in(rest, name):
                blocks[-1].setdefault("lines", []).append(number)
            if rest.count("}") < rest.count("{") + 1:
                args_depth = depth + 1
        elif args_depth is not None and entry.match(code):
            blocks[-1].setdefault("lines", []).append(number)
        elif blocks and args_depth is None and depth == blocks[-1]["depth"]:
            key = _TF_KEY.match(code)
            if key is not None:
                blocks[-1]["dockerfile" if key.group(1) == "dockerfile" else "context"] = key.group(2).strip().rstrip(",").strip()
        depth += opened - closed
        if args_depth is not None and depth < args_depth:
            args_depth = None
    return _lines_building(blocks, folder, target, precise, context_prefix=_TF_PATH_PREFIX, absolute_dockerfile=False)


def _lines_building(blocks: List[dict], folder: str, target: str, precise: bool, context_prefix=None,
                    absolute_dockerfile: bool = True) -> List[int]:
    """The ``lines`` of the HCL blocks (bake targets, Terraform build blocks) that may build ``target``: a block's
    quoted ``context`` / ``dockerfile`` values (defaults ``.`` and ``Dockerfile``) name, from ``folder``, the
    Dockerfile it builds; a block building another existing Dockerfile adds nothing.  A block that ``inherits``,
    whose values are no plain quoted paths, or that names no file, is a build this tool cannot place (it counts,
    unless ``precise``).  ``context_prefix`` is cut from the context's start (Terraform's ``${path.module}/``);
    ``absolute_dockerfile`` False places no absolute ``dockerfile`` (Terraform's is a name in the context).
    One helper for :func:`_bake_lines` and :func:`_terraform_lines`, which read their blocks differently."""
    found: List[int] = []
    for block in blocks:
        if not block.get("lines"):
            continue
        builds = None
        context, dockerfile = block.get("context", '"."'), block.get("dockerfile", '"Dockerfile"')
        if "inherits" not in block and context[:1] == '"' == context[-1:] and dockerfile[:1] == '"' == dockerfile[-1:]:
            context = context[1:-1] if context_prefix is None else context_prefix.sub("", context[1:-1], count=1)
            context, dockerfile = context or ".", dockerfile[1:-1] or "Dockerfile"
            if _plain_path(context) and _plain_path(dockerfile) and (absolute_dockerfile or not os.path.isabs(dockerfile)):
                builds = os.path.normpath(os.path.join(folder, context, dockerfile))
        if builds is not None and not os.path.isfile(builds):
            builds = None  # names no Dockerfile there: it runs somewhere this tool cannot see
        if (builds is None and precise) or (builds is not None and builds != target):
            continue  # above the tree this Dockerfile belongs to, or builds another Dockerfile
        found.extend(block["lines"])
    return found


def _word_in(text: str, name: str) -> bool:
    """Is ``name`` a key of the one-line mapping ``text`` (``BASE = "..."``, ``"BASE": "..."``)?"""
    at = text.find(name)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(name):].lstrip(" \t\"")
        if not (before.isalnum() or before in "_-") and after[:1] in ("=", ":"):
            return True
        at = text.find(name, at + 1)
    return False


def _split_build_arg(continued: str, line: str, build_arg) -> bool:
    """Red team 25 (report 11b), f4: ``docker build --build-arg \\`` with ``  NAME=value \\`` on the next line.  The
    shell joins a line ending in ``\\`` with the next one, so the option and its value are one ``--build-arg
    NAME=value``: the two lines are read joined, and a match that spans the join (the option on ``continued``, the
    name on ``line``) is this line's; one within either line alone is that line's own (read as before)."""
    head = continued.rstrip()
    if not head.endswith("\\") or head.endswith("\\\\") or "--build-arg" not in head:
        return False
    head = head[:-1].rstrip()
    joined = head + " " + line.lstrip()
    return any(m.start() < len(head) < m.end() for m in build_arg.finditer(joined))


def _bake_set(line: str, name: str) -> bool:
    """Red team 24 (report 11b), f2 class: ``docker buildx bake --set '*.args.NAME=...'`` (``TARGET.args.NAME``),
    also a docker/bake-action ``set:`` line: a bake override of the build argument (which target: not read)."""
    return f".args.{name}=" in line


def _python_build_arg(line: str, name: str) -> bool:
    """Does a Python argument list on ``line`` pass ``--build-arg`` ``name``=...?"""
    return "--build-arg" in line and any(m.group(1) == name for m in _PYTHON_BUILD_ARG.finditer(line))


# the keyword a Python build call takes its build arguments by: the Docker SDK's ``buildargs``, python-on-whales'
# ``build_args`` (``docker.build(".", build_args={...})``, ``docker.buildx.build``)
_SDK_BUILD_ARGS = frozenset(("buildargs", "build_args"))


def _sdk_build_lines(path: str, name: str, root: str) -> List[Tuple[int, Optional[str]]]:
    """Red team 24 (report 11b), f2: ``[(line, Dockerfile built or None)]`` of the Docker SDK builds in the Python
    file ``path`` passing the build argument ``name``: ``client.images.build(path=".", buildargs={"NAME": ...})``,
    ``docker.APIClient().build(..., buildargs=dict(NAME=...))``, a ``buildargs=args`` whose dict the module fills
    (``args = {...}``, ``args["NAME"] = ...``, ``args.update(...)``); a value that cannot be read counts where the
    module spells the name as a quoted key.  The Dockerfile: ``path=`` (the low-level client's first argument)
    and ``dockerfile=``, from the script's folder, else the root; ``fileobj=`` or a variable cannot be read.
    python-on-whales' ``docker.build(".", file=..., build_args={...})`` / ``docker.buildx.build`` the same way.
    The module is parsed once per state (:func:`_sdk_builds`)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return []
    found: List[Tuple[int, Optional[str]]] = []
    text = None
    for keys, open_value, line, builds in _sdk_builds(path, root, info.st_mtime_ns, info.st_size):
        lines = [number for key, number in keys if key == name]
        if not lines and open_value and text is None:
            text = _read(path) or ""  # read once, only where a value cannot be read
        if not lines and open_value and (f'"{name}"' in text or f"'{name}'" in text):
            lines = [line]
        found.extend((number, builds) for number in lines[:1])
    return found


@lru_cache(maxsize=256)
def _sdk_builds(path: str, root: str, _changed: int, _size: int):
    """``((keys ((name, line), ...), value unreadable, call line, Dockerfile or None), ...)`` per build call."""
    import ast

    text = _read(path)
    try:
        module = ast.parse(text or "")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ()
    from ..sources.tree_nodes import walk

    filled: Dict[str, List] = {}  # a name -> the keys the module gives the dict bound to it ([None]: unreadable)

    def keys_of(node, into: List) -> None:
        if isinstance(node, ast.Dict):
            for key in node.keys:
                into.append((key.value, key.lineno) if isinstance(key, ast.Constant) and isinstance(key.value, str) else None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
            into.extend((k.arg, k.value.lineno) if k.arg else None for k in node.keywords)
            for argument in node.args[:1]:
                keys_of(argument, into)
        elif isinstance(node, ast.Name):
            into.extend(filled.get(node.id, [None]) or [None])
        else:
            into.append(None)

    calls = []
    argv: List[Tuple[str, int]] = []  # ["docker", "build", "--build-arg", f"NAME={...}", ...] over several lines
    for node in walk(module):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and isinstance(node.value, (ast.Dict, ast.Call)):
                keys_of(node.value, filled.setdefault(target.id, []))
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                key = target.slice
                filled.setdefault(target.value.id, []).append(
                    (key.value, key.lineno) if isinstance(key, ast.Constant) and isinstance(key.value, str) else None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "update" and isinstance(node.func.value, ast.Name):
                into = filled.setdefault(node.func.value.id, [])
                for argument in node.args[:1]:
                    keys_of(argument, into)
                into.extend((k.arg, k.value.lineno) if k.arg else None for k in node.keywords)
            elif node.func.attr == "build" and any(k.arg in _SDK_BUILD_ARGS for k in node.keywords):
                calls.append(node)
        elif isinstance(node, (ast.List, ast.Tuple)) and "--build-arg" in (text or ""):
            argv.extend(_argv_build_args(node.elts))
    found = [((tuple(argv), False, 0, None))] if argv else []
    folder = os.path.dirname(path)
    for call in calls:
        keys: List = []
        keys_of(next(k.value for k in call.keywords if k.arg in _SDK_BUILD_ARGS), keys)
        words = {k.arg: k.value for k in call.keywords if k.arg in ("path", "context_path", "dockerfile", "file", "fileobj")}
        words.setdefault("path", words.pop("context_path", None))
        if words["path"] is None and call.args and not (isinstance(call.func.value, ast.Attribute) and call.func.value.attr == "images"):
            words["path"] = call.args[0]  # APIClient.build(path, tag, ...), python-on-whales' docker.build(context, ...)
        builds = None
        context, dockerfile, file = words.get("path"), words.get("dockerfile"), words.get("file")
        plain = [isinstance(v, ast.Constant) and isinstance(v.value, str) and _plain_path(v.value)
                 for v in (context, dockerfile, file) if v is not None]
        if context is not None and "fileobj" not in words and all(plain):
            for base in dict.fromkeys((folder, root)):
                # the SDK's dockerfile= is read from the context, python-on-whales' file= from where it runs
                candidate = os.path.normpath(os.path.join(base, file.value) if file is not None else os.path.join(
                    base, context.value, dockerfile.value if dockerfile is not None else "Dockerfile"))
                if os.path.isfile(candidate):
                    builds = candidate
                    break
        found.append((tuple(k for k in keys if k is not None), any(k is None for k in keys), call.lineno, builds))
    return tuple(found)


def _argv_build_args(items) -> List[Tuple[str, int]]:
    """``(NAME, line)`` of each ``"--build-arg", "NAME=..."`` / ``"--build-arg=NAME=..."`` of an argument list
    (its items on any lines; the value an f-string or a constant whose text starts with ``NAME=``)."""
    import ast

    def head(node) -> str:
        if isinstance(node, ast.JoinedStr) and node.values:
            node = node.values[0]
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""

    found: List[Tuple[str, int]] = []
    for position, item in enumerate(items):
        word = head(item)
        if word == "--build-arg" and position + 1 < len(items):
            value, line = head(items[position + 1]), items[position + 1].lineno
        elif word.startswith("--build-arg="):
            value, line = word[len("--build-arg="):], item.lineno
        else:
            continue
        name = value.split("=", 1)[0]
        if name and name.isidentifier():
            found.append((name, line))
    return found


def _repository_root(directory: str) -> Tuple[str, List[str]]:
    """The nearest directory at or above ``directory`` holding ``.git``, and no directories above; or,
    without one, ``directory`` itself and the directories above it (at most :data:`MAX_LEVELS`)."""
    current = directory
    above: List[str] = []
    for _ in range(MAX_LEVELS):
        if os.path.exists(os.path.join(current, ".git")):
            return current, []
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
        above.append(current)
    return directory, above


def _candidates(root: str, directory: str, above: List[str]) -> List[Tuple[str, bool]]:
    """(path, precise) of each file to read: ``precise`` when it lies above the root (it counts only
    where it names this Dockerfile)."""
    found: Dict[str, bool] = {}
    for base in [root] + above:
        precise = base != root
        paths = [os.path.join(base, name) for name in CI_FILES]
        workflows = os.path.join(base, ".github", "workflows")
        listings = ((workflows, (".yml", ".yaml")), (base, (".sh", ".py")))  # .py: RT20 (report 13) F7
        for folder, suffixes in listings:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            paths.extend(os.path.join(folder, n) for n in names if n.endswith(suffixes))
        for folder in dict.fromkeys((base, directory) if not precise else (base,)):
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            paths.extend(os.path.join(folder, n) for n in names if _COMPOSE.fullmatch(n))
        for path in paths:
            found.setdefault(path, precise)
    composes, builders = _files_below(root)
    for path in composes:
        found.setdefault(path, True)  # counts only where its build: names this Dockerfile
    # red team 27 (report 11b), f8: Earthfiles and Terraform files in the root, beside the Dockerfile and below the root
    for folder in dict.fromkeys((root, directory)):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        builders.extend(os.path.join(folder, n) for n in names if n == EARTHFILE or n.endswith(TERRAFORM_SUFFIX))
    inside_root = os.path.join(root, "")
    for path in builders:
        found.setdefault(path, not os.path.normpath(path).startswith(inside_root))
    # Red team 22 (report 11b), f4: every file whose steps the tool reads as shell steps drives a build as
    # well: justfile, Taskfile.yml, tox.ini, the scripts of scripts/, bin/, ci/, tools/ ..., a script a CI step
    # or Makefile runs by its path (image_readers.project_shell_files), GitHub composite actions, the files
    # .gitlab-ci.yml includes, buildspec.yml (outside_writers.ci_files); and docker buildx bake files, whose
    # target's ``args = {...}`` are build arguments.
    from ..sources.image_readers import project_shell_files
    from ..sources.outside_writers import ci_files

    inside = os.path.join(root, "")
    for path in project_shell_files([os.path.join(directory, "_")]) + list(ci_files(root)):
        # one above the repository root (a run's top with no .git) counts only where it names this Dockerfile
        found.setdefault(os.path.normpath(path), not os.path.normpath(path).startswith(inside))
    # red team 24 (report 11b), f2: a Python build script (the Docker SDK's buildargs=) in the script folders or
    # beside the Dockerfile, as for shell scripts
    from ..sources.image_readers import SCRIPT_FOLDERS

    for folder in dict.fromkeys([directory] + [os.path.join(root, sub) for sub in SCRIPT_FOLDERS]):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:
            if name.endswith(".py"):
                candidate = os.path.normpath(os.path.join(folder, name))
                found.setdefault(candidate, not candidate.startswith(inside))
    for folder in dict.fromkeys((root, directory)):
        for name in BAKE_FILES:
            found.setdefault(os.path.join(folder, name), False)
    # red team 23 (report 11b), f3: skaffold, dev containers, a package's scripts, and the bake files steps name
    for folder in dict.fromkeys((root, directory)):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        for name in names:
            if SKAFFOLD.fullmatch(name) or name in ("package.json", "Tiltfile"):
                found.setdefault(os.path.join(folder, name), False)
    for name in DEVCONTAINER_FILES:
        found.setdefault(os.path.join(root, name), False)
    for sub in _folders(os.path.join(root, ".devcontainer")):
        found.setdefault(os.path.join(sub, "devcontainer.json"), False)
    for path in [p for p, _ in found.items()]:
        for bake in _bake_files_named(path, root):
            found.setdefault(bake, not bake.startswith(inside))
    return list(found.items())


def _folders(folder: str) -> List[str]:
    try:
        with os.scandir(folder) as entries:
            return sorted(e.path for e in entries if e.is_dir(follow_symlinks=False))[:64]
    except (OSError, ValueError):
        return []


def _bake_files_named(path: str, root: str) -> List[str]:
    """The bake files a step of ``path`` names by ``bake -f FILE`` (from where it runs, else the root); each
    file read once per state (every ARG of every Dockerfile asks again)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return []
    return list(_bake_files_in(path, root, info.st_mtime_ns, info.st_size))


@lru_cache(maxsize=1024)
def _bake_files_in(path: str, root: str, _changed: int, _size: int) -> Tuple[str, ...]:
    text = _read(path) if os.path.basename(path) not in BAKE_FILES else None
    if text is None or "bake" not in text:
        return ()
    found: List[str] = []
    for match in _BAKE_FILE_OPTION.finditer(text):
        word = match.group(1)
        for start in (_working_directory(path), root):
            candidate = os.path.normpath(os.path.join(start, word))
            if os.path.isfile(candidate) and candidate not in found:
                found.append(candidate)
                break
        if len(found) >= 8:
            break
    return tuple(found)


def _json_build_lines(text: str, path: str, name: str, target: str, build_arg, precise: bool) -> List[int]:
    """The lines of a ``package.json`` script passing ``--build-arg NAME`` (run from the package's folder) or of a
    dev container's ``build.args`` entry ``NAME`` (``dockerfile`` / ``context`` from its folder) building
    ``target`` (one naming another existing Dockerfile does not count; one that cannot be read does, unless
    ``precise``).  JSON with comments that does not parse: each line holding ``"NAME":`` / the build argument."""
    import json

    folder = os.path.dirname(path)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    hits: List[Tuple[str, Optional[str]]] = []  # (text to find the line by, Dockerfile built)
    if isinstance(data, dict) and os.path.basename(path) == "package.json":
        scripts = data.get("scripts")
        for key, command in scripts.items() if isinstance(scripts, dict) else ():
            if isinstance(command, str) and build_arg.search(command):
                hits.append((json.dumps(key), _docker_build_target(command, folder)))
    elif isinstance(data, dict):
        build = data.get("build")
        args = build.get("args") if isinstance(build, dict) else None
        if isinstance(args, dict) and name in args:
            context, dockerfile = build.get("context", "."), build.get("dockerfile", "Dockerfile")
            builds = None
            if isinstance(context, str) and isinstance(dockerfile, str) and _plain_path(dockerfile or "Dockerfile"):
                builds = os.path.normpath(os.path.join(folder, dockerfile or "Dockerfile"))
            hits.append((json.dumps(name), builds))
    elif data is None and (os.path.basename(path) != "Tiltfile" or "build_args" in text):
        # JSON with comments, or a Tiltfile's ``docker_build(..., build_args={'BASE': ...})`` (Starlark): a line
        # with the quoted name as a key (the Dockerfile it builds is not read: it counts)
        keys = [json.dumps(name), f"'{name}'"]
        hits.extend((line, None) for line in text.splitlines() if build_arg.search(line) or any(
            key in line and line.split(key, 1)[1].lstrip().startswith(":") for key in keys))
    found: List[int] = []
    offset = 0
    for needle, builds in hits:
        if builds is not None and not os.path.isfile(builds):
            builds = None
        if (builds is None and precise) or (builds is not None and builds != target):
            continue
        at = text.find(needle, offset)
        offset = at + 1 if at >= 0 else offset
        found.append(text.count("\n", 0, at) + 1 if at >= 0 else 1)
    return found


# the walk for compose files below the root: how deep, how many folders at most, and folders that
# hold no project's compose files (dependencies, caches, virtual environments)
WALK_DEPTH = 4
WALK_FOLDERS = 4000
_SKIP_FOLDERS = frozenset(("node_modules", "venv", "site-packages", "__pycache__"))


def _files_below(root: str) -> Tuple[List[str], List[str]]:
    """(compose files, Earthfiles and Terraform files) in the folders under ``root`` (not the root itself), at most
    :data:`WALK_DEPTH` levels down and :data:`WALK_FOLDERS` folders, hidden folders and :data:`_SKIP_FOLDERS` left
    out, links not followed.  Each folder is listed once per state (its mtime): every Dockerfile ARG asks
    again, and then only stats the folders."""
    found: List[str] = []
    builders: List[str] = []
    queue: List[Tuple[str, int]] = [(root, 0)]
    visited = 0
    while queue and visited < WALK_FOLDERS:
        folder, depth = queue.pop()
        visited += 1
        try:
            changed = os.stat(folder).st_mtime_ns
        except (OSError, ValueError):
            continue
        folders, composes, built = _listing(folder, changed)
        if depth > 0:
            found.extend(composes)
            builders.extend(built)
        if depth < WALK_DEPTH:
            queue.extend((sub, depth + 1) for sub in reversed(folders))
    return found, builders


@lru_cache(maxsize=4096)
def _listing(folder: str, _changed: int) -> Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]:
    """(sub-folders to walk, compose files, Earthfiles and Terraform files) of ``folder``, sorted by name."""
    folders: List[str] = []
    composes: List[str] = []
    builders: List[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return (), ()
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith(".") and entry.name not in _SKIP_FOLDERS:
                    folders.append(entry.path)
            elif _COMPOSE.fullmatch(entry.name):
                composes.append(entry.path)
            elif entry.name == EARTHFILE or entry.name.endswith(TERRAFORM_SUFFIX):
                builders.append(entry.path)
        except OSError:
            continue
    return tuple(folders), tuple(composes), tuple(builders)


def _working_directory(path: str) -> str:
    """Where a build command in ``path`` runs: the repository a workflow checks out, else the file's folder."""
    folder = os.path.dirname(path)
    if os.path.basename(folder) == "workflows" and os.path.basename(os.path.dirname(folder)) == ".github":
        return os.path.dirname(os.path.dirname(folder))
    return folder


# options of docker build / buildx build that take a value as the next word (the others are flags
# or written --name=value); an unknown option makes the context unreadable
_VALUE_OPTIONS = frozenset(
    "-f --file -t --tag --build-arg --target --platform --label --cache-from --cache-to --secret --ssh "
    "--network --output -o --progress --iidfile --build-context --add-host --shm-size --ulimit -m --memory "
    "--memory-swap --cpu-shares --cpuset-cpus --cpuset-mems --cpu-period --cpu-quota --isolation --cgroup-parent "
    "--metadata-file --attest --annotation --allow --builder".split()
)
_FLAGS = frozenset("--pull --no-cache --load --push -q --quiet --rm --force-rm --compress --squash".split())


def _docker_build_target(line: str, cwd: str) -> Optional[str]:
    """The Dockerfile a one-line ``docker [buildx] build ... CONTEXT`` builds (absolute), or None when
    the line does not say (no context on the line, a variable, a URL, stdin, an option not known)."""
    words = line.split()
    at = next((i for i in range(len(words) - 1) if words[i] in ("docker", "buildx") and words[i + 1] == "build"), None)
    if at is None:
        return None
    file, positional, i = None, [], at + 2
    while i < len(words):
        word = words[i]
        if word in ("&&", "||", ";", "|") or word.startswith("#"):
            break
        if word.startswith("-") and word != "-":
            option, _, value = word.partition("=")
            if option in ("-f", "--file"):
                if not value:
                    i += 1
                    value = words[i] if i < len(words) else ""
                file = value
            elif not value and option in _VALUE_OPTIONS:
                i += 1
            elif not value and option not in _FLAGS:
                return None
        else:
            positional.append(word)
        i += 1
    if len(positional) != 1 or any(w in ("cd", "pushd") for w in words[:at]):
        return None
    context = positional[0].strip("\"'")
    if not _plain_path(context) or (file is not None and not _plain_path(file.strip("\"'"))):
        return None
    context = os.path.join(cwd, context)
    dockerfile = os.path.join(cwd, file.strip("\"'")) if file else os.path.join(context, "Dockerfile")
    return os.path.normpath(dockerfile)


def _plain_path(text: str) -> bool:
    return bool(text) and text != "-" and "$" not in text and "://" not in text and not text.startswith("git@") \
        and "`" not in text and "\\" not in text


def _yaml_targets(text: str, path: str) -> Dict[int, Optional[str]]:
    """1-based line -> the Dockerfile (absolute) the ``args:`` / ``build-args:`` value on that line builds,
    read from the parsed YAML: compose ``build:`` mappings and ``with:`` mappings of
    docker/build-push-action (None: not readable).  Each node is visited once (yaml_aliases.each_node)."""
    import yaml

    from .yaml_aliases import each_node

    try:
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError):
        return {}
    folder = os.path.dirname(path)
    found: Dict[int, Optional[str]] = {}
    for node in each_node(documents):
        if not isinstance(node, yaml.MappingNode):
            continue
        entries = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        docker = entries.get("docker")
        if isinstance(docker, yaml.MappingNode):  # a skaffold artifact: context here, dockerfile and buildArgs below
            inner = {k.value: v for k, v in docker.value if isinstance(k, yaml.ScalarNode)}
            value = inner.get("buildArgs")
            if value is not None:
                artifact = {"context": entries.get("context"), "dockerfile": inner.get("dockerfile")}
                builds = _mapping_target({k: v for k, v in artifact.items() if v is not None}, "compose", folder, folder)
                for line in range(value.start_mark.line, value.end_mark.line + 2):
                    found[line] = builds
        for key_name, default_base in (("args", "compose"), ("build-args", "action"), ("build_args", "action")):
            value = entries.get(key_name)
            if value is None:
                continue
            builds = _mapping_target(entries, default_base, folder, _working_directory(path))
            for line in range(value.start_mark.line + 1, value.end_mark.line + 2):
                found.setdefault(line, builds)
            found.setdefault(value.start_mark.line + 1, builds)
    return found


def _mapping_target(entries, kind: str, folder: str, repository: str) -> Optional[str]:
    import yaml

    def scalar(key):
        node = entries.get(key)
        if node is None:
            return ""
        if not isinstance(node, yaml.ScalarNode) or not _plain_path(node.value):
            return None
        return node.value

    if kind == "compose":
        context, dockerfile = scalar("context"), scalar("dockerfile")
        if context is None or dockerfile is None:
            return None
        context = os.path.join(folder, context or ".")
        return os.path.normpath(os.path.join(context, dockerfile or "Dockerfile"))
    context, file = scalar("context"), scalar("file")
    if context is None or file is None:
        return None
    context = os.path.join(repository, context or ".")
    return os.path.normpath(os.path.join(repository, file) if file else os.path.join(context, "Dockerfile"))


def _read(path: str):
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
