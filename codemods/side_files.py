"""Files a run may read besides its inputs, so that ``-o`` never replaces one (red team 9, F10).

The README promises that ``-o`` refuses "a FILE this run reads".  Inputs are
compared by identity in ``cli._guard_output``; but rules also read files that
are never inputs: the ``.env`` beside a compose file (its variables), the CI
files, ``Makefile`` and top-level scripts searched for ``--build-arg``
overrides, graphql-config / codegen configurations and project SDL, other
modules of the project, ``pyproject.toml`` and ``setup.cfg``, Makefiles, task files and shell
scripts (steps that edit the run's files), Jupytext configurations.  ``check -o deploy/.env deploy``
replaced the ``.env`` the run had just read (often git-ignored, so lost for
good).

The rule is by name, not by where the run happened to look: an existing file
whose name is one of those kinds is never a report of ours, so refusing it
costs nothing, and it stays right when a rule starts reading one more place.
A report's own names (``.json``, ``.sarif``, ``.html``, ``.txt``, ``.md``...)
are not among them, so writing over a previous report keeps working.
"""

from __future__ import annotations

import os
from typing import Optional

from .files import file_kind

_SCRIPT_SUFFIXES = (".sh", ".bash", ".env", ".graphqls")


def why_read(path: str) -> Optional[str]:
    """Why the run may read ``path`` (a short phrase), or None when no rule reads a file of that name."""
    from .destination.project_sdl import CONFIG_NAMES
    from .rules.build_arg_overrides import CI_FILES

    name = os.path.basename(path)
    lowered = name.lower()
    if lowered == ".env" or lowered.startswith(".env."):
        return "a .env file: compose files take their variables from it"
    if lowered == "pyproject.toml":
        return "pyproject.toml: the configuration"
    if name in CONFIG_NAMES:
        return "a graphql-config / codegen configuration"
    if name in {os.path.basename(ci) for ci in CI_FILES}:
        return "a CI or build file searched for --build-arg values"
    from .rules.build_arg_overrides import BAKE_FILES, SKAFFOLD
    from .sources.shell_steps import CONFIG_FILES as STEP_CONFIGS

    # red team 23 (report 11b), f3 / f8: build configurations and version bumpers read beside a Dockerfile
    # red team 27 (report 11b), f8: an Earthfile's FROM DOCKERFILE and a Terraform docker_image's build_args too
    if name in BAKE_FILES or SKAFFOLD.fullmatch(name) or lowered in ("package.json", "devcontainer.json", ".devcontainer.json", "tiltfile", "earthfile") \
            or lowered.endswith(".tf"):
        return "a build configuration searched for build arguments"
    if name in {os.path.basename(config) for config in STEP_CONFIGS}:
        return "a version bumper's configuration: it searches the files it bumps"
    from .sources.image_readers import SHELL_FILE_NAMES, SHELL_SUFFIXES
    from .sources.jupytext_pairs import CONFIG_FILES as JUPYTEXT_CONFIGS

    # red team 19, report 11a, F1: every file kind a rule reads, named case-insensitively (tox.INI)
    # red team 23 (report 11b), f2: a make file a Makefile includes (``Makefile.astro``) is read as one
    if lowered in {n.lower() for n in SHELL_FILE_NAMES} or lowered.endswith(SHELL_SUFFIXES) or lowered.startswith("makefile."):
        return "a Makefile, task file or shell script searched for steps that read or edit the run's files"
    if lowered in JUPYTEXT_CONFIGS:
        return "a Jupytext configuration: it pairs notebooks with text files"
    if lowered == "setup.cfg":
        return "setup.cfg: its entry points name modules' documents"
    from .sources.image_readers import LINE_PROGRAM_SUFFIXES, PROGRAM_SUFFIXES

    # red team 25 / 27 (report 11b): a JS, Ruby, Go, PowerShell ... script is read for the image files it reads
    if lowered.endswith(PROGRAM_SUFFIXES + LINE_PROGRAM_SUFFIXES):
        return "a script read for the image files it reads or edits"
    if file_kind(path) is not None:
        return "a file of a kind this tool reads (source, schema, Dockerfile, compose or CI file)"
    if lowered.endswith(_SCRIPT_SUFFIXES) or lowered.endswith((".yml", ".yaml")):
        return "a script, schema or YAML file a rule may read"
    return None


SCHEMA_SUFFIXES = (".graphql", ".graphqls", ".gql", ".gqls")
_SCHEMA_HEAD = 1 << 20  # enough of a schema file to see a type definition


def why_kept(path: str, schema: bool = False) -> Optional[str]:
    """Why an EXISTING regular file ``path`` must not be replaced by what a command writes with ``-o``
    (a report; with ``schema``, a fetched SDL), or None when it may be.

    The commands that are not a run over files (``schema fetch``, ``fleet status``) have no
    inputs to compare with, so the rule is by name, as ``why_read`` gives it (red team 14,
    report 11a, F6: ``schema fetch -o deploy.py`` replaced a script).  A fetched schema may
    replace a schema file: one that is empty or holds type definitions, not GraphQL operations.
    Absent files, devices and FIFOs are left to ``files.write_new_file``.
    """
    try:
        if not os.path.isfile(path):  # follows a link: a dangling one is no file to keep
            return None
    except (OSError, ValueError):
        return None
    why = why_read(path)
    if why is None or not schema or not path.lower().endswith(SCHEMA_SUFFIXES):
        return why
    from .destination.gather_module import SDL_DEFINITION
    from .files import read_bytes

    try:
        head = read_bytes(path)[:_SCHEMA_HEAD].decode("utf-8", errors="replace")
    except OSError:
        return why
    if not head.strip() or SDL_DEFINITION.search(head):
        return None
    return "a GraphQL file holding no type definitions (operations, not a schema)"
