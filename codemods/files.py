"""Finding the files to process, reading them, and writing them back atomically."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from typing import Iterator, List, Optional

PYTHON_SUFFIXES = (".py",)
GRAPHQL_SUFFIXES = (".graphql", ".gql")
NOTEBOOK_SUFFIXES = (".ipynb",)
YAML_SUFFIXES = (".yml", ".yaml")


def file_kind(path: str) -> Optional[str]:
    """python | graphql | notebook | dockerfile | compose | ci, or None for files we do not read."""
    name = os.path.basename(path)
    lowered = name.lower()
    if lowered.endswith(PYTHON_SUFFIXES):
        return "python"
    if lowered.endswith(GRAPHQL_SUFFIXES):
        return "graphql"
    if lowered.endswith(NOTEBOOK_SUFFIXES):
        return "notebook"
    if lowered == "dockerfile" or lowered.startswith("dockerfile.") or lowered.endswith(".dockerfile"):
        return "dockerfile"
    if lowered.endswith(YAML_SUFFIXES):
        # Where an Astro project's image is pinned besides the Dockerfile (issue 13).
        if lowered.startswith(("docker-compose", "compose")):
            return "compose"
        parent = os.path.dirname(path)
        if lowered == ".gitlab-ci.yml" or (
            os.path.basename(parent) == "workflows" and os.path.basename(os.path.dirname(parent)) == ".github"
        ):
            return "ci"
    return None

SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", "site-packages", ".venv", "venv",
     ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".eggs"}
)


@dataclass(frozen=True)
class Discovered:
    path: str
    error: str = ""  # set when the path could not be walked or does not exist


def discover(paths: List[str]) -> Iterator[Discovered]:
    """Files under ``paths`` in a stable order; each problem comes back as an error entry."""
    seen = set()
    for root in paths:
        if not os.path.lexists(root):
            yield Discovered(root, "no such file or directory")
            continue
        if not os.path.isdir(root):
            if root not in seen:
                seen.add(root)
                yield Discovered(root)
            continue
        for found in _walk(root):
            if found.path not in seen:
                seen.add(found.path)
                yield found


def _walk(root: str) -> Iterator[Discovered]:
    """Depth first, names sorted; one ``scandir`` per directory, no extra stat per file."""
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield Discovered(error.filename or directory, f"cannot read directory: {error.strerror}")
            continue
        subdirectories = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not _skipped(entry):
                    subdirectories.append(entry.path)
            elif file_kind(entry.path) is not None:
                if entry.is_symlink() and not _inside(entry.path, root):
                    continue  # never follow a link out of the roots we were given
                yield Discovered(os.path.normpath(entry.path))
        stack.extend(reversed(subdirectories))


def _skipped(entry: os.DirEntry) -> bool:
    # Linked directories are never entered (is_dir(follow_symlinks=False) is False for them):
    # a link could lead anywhere, including back here.
    if entry.name in SKIPPED_DIRECTORIES:
        return True
    return os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))  # a virtualenv by any name


def _inside(path: str, root: str) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


class StaleFile(Exception):
    """The file changed on disk after we read it."""


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path``'s content with ``data``: all of it or none of it, ever.

    A symlink stays a symlink (its target is written) and the file keeps its
    mode.  If the file no longer holds ``expected``, nothing is written.
    """
    target = os.path.realpath(path)
    if read_bytes(target) != expected:
        raise StaleFile(f"{path}: changed on disk since it was read; not written")
    _replace(target, data, stat.S_IMODE(os.stat(target).st_mode))


def write_new_file(path: str, data: bytes) -> None:
    """Write a file we create (a report, a fetched schema) atomically; its mode follows the umask."""
    umask = os.umask(0)
    os.umask(umask)
    _replace(os.path.abspath(path), data, 0o666 & ~umask)


def _replace(target: str, data: bytes, mode: int) -> None:
    """Temporary file beside ``target``, flushed and fsynced, then renamed over it."""
    import tempfile

    directory = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(prefix=".houston-codemod-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
