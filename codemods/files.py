"""Finding the files to process, reading them, and writing them back atomically."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Iterator, List, Optional, Set, Tuple

# A script, notebook or Dockerfile bigger than this is not one we were meant to read
# (a log or a data dump named *.py); reading it whole would only cost memory.
MAX_FILE_BYTES = 16 * 1024 * 1024

PYTHON_SUFFIXES = (".py",)
# ``.graphqls`` / ``.gqls``: the SDL convention of gqlgen, Spring GraphQL and DGS (red team 16, report 12, F18):
# read as GraphQL files so that a project's schema in another folder of the run is found as its SDL.
GRAPHQL_SUFFIXES = (".graphql", ".gql", ".graphqls", ".gqls")
NOTEBOOK_SUFFIXES = (".ipynb",)
YAML_SUFFIXES = (".yml", ".yaml")


# Dockerfile-named files that are not Dockerfiles (red team 5, F8): documents about one
# (Dockerfile.md, Dockerfile.README), editor and merge leftovers (Dockerfile.bak, .orig, .rej,
# .swp, Dockerfile~), patches, BuildKit's per-Dockerfile Dockerfile.dockerignore. Their words
# are matched against the last dot-separated part of the name, split on '-' and '_' (so
# Dockerfile.ac-backup is a backup too). A backup is a copy
# someone keeps on purpose: it is never edited.
NOT_DOCKERFILE_WORDS = frozenset(
    {"md", "markdown", "txt", "text", "rst", "adoc", "asciidoc", "readme", "html", "htm", "pdf",
     "bak", "backup", "bk", "orig", "original", "rej", "swp", "swo", "tmp", "temp", "old", "save",
     "saved", "prev", "previous", "patch", "diff", "log", "disabled", "dockerignore"}
)
DOCKERFILE_BASES = ("dockerfile", "containerfile")


def is_dockerfile_name(name: str) -> bool:
    """Whether a file name (any case) names a Dockerfile we may rewrite.

    ``Dockerfile`` / ``Containerfile``, ``Dockerfile.<variant>`` and ``<variant>.Dockerfile``
    (also ``*.containerfile``) are Dockerfiles, except names whose last part is a document,
    backup or patch word (:data:`NOT_DOCKERFILE_WORDS`) and names ending in ``~``.
    """
    lowered = name.lower()
    if lowered.endswith("~"):
        return False
    if lowered in DOCKERFILE_BASES:
        return True
    if lowered.endswith(tuple("." + base for base in DOCKERFILE_BASES)):
        return True
    if not lowered.startswith(tuple(base + "." for base in DOCKERFILE_BASES)):
        return False
    last = lowered.rsplit(".", 1)[1]
    return not any(word in NOT_DOCKERFILE_WORDS for word in last.replace("_", "-").split("-"))


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
    if is_dockerfile_name(lowered):
        return "dockerfile"
    if lowered.endswith(YAML_SUFFIXES):
        # Where an Astro project's image is pinned besides the Dockerfile (issue 13).
        if lowered.startswith(("docker-compose", "compose")):
            return "compose"
        from .compose_extends import extended_by_compose  # red team 14 F9: extends: file: names a compose file

        if extended_by_compose(path):
            return "compose"
        parent = os.path.dirname(path)
        if lowered == ".gitlab-ci.yml" or (
            os.path.basename(parent) == "workflows" and os.path.basename(os.path.dirname(parent)) == ".github"
        ):
            return "ci"
        from .gitlab_includes import included_by_gitlab  # red team 14 F9: include: local: files are CI files

        if included_by_gitlab(path):
            return "ci"
    return None

# Tool-owned folders.  ".ipynb_checkpoints" (red team 17, report 13, F16): Jupyter's own last-saved
# copies (what "Revert Notebook to Checkpoint" restores); migrating them changed the restore point and
# counted each document twice.  A folder named on the command line is still walked (only entries
# met while walking are skipped).
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", "site-packages", ".venv", "venv",
     ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".eggs", ".ipynb_checkpoints"}
)


@dataclass(frozen=True)
class Discovered:
    path: str
    error: str = ""  # set when the path could not be walked or does not exist


def regular_file_state(path: str, max_bytes: int) -> Optional[Tuple[int, int]]:
    """(size, mtime_ns) of the regular file ``path`` of at most ``max_bytes``, else None: the key
    under which a side file's parse is memoised (a changed file gets a new key)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
        return None
    return info.st_size, info.st_mtime_ns


def git_work_tree(folder: str) -> Optional[str]:
    """The nearest folder at or above ``folder`` holding ``.git`` (a directory, a worktree's
    file or a link), or None."""
    here = folder
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def discover(paths: List[str], any_kind: bool = False) -> Iterator[Discovered]:
    """Files under ``paths`` in a stable order; each problem comes back as an error entry.

    A file named in ``paths`` is read when ``read_when_named`` says so, or whatever it is with
    ``any_kind`` (``check --explain PATH``: the one file asked about).

    Each real file comes once, under the first name it was found by: ``dir dir/a.py``
    or a link inside the tree to a file in it would otherwise be read twice and
    written twice (the second write finding the file "changed on disk").
    """
    seen: Set[object] = set()
    for root in paths:
        if not os.path.lexists(root):
            yield Discovered(root, "no such file or directory")
            continue
        if os.path.isdir(root):
            if _walk_passes_over(root):
                continue
            found = _walk(root)
        elif any_kind or read_when_named(root):
            if not any_kind and _walk_passes_over(root):
                continue
            found = iter([Discovered(_real_name(root) if not any_kind else root)])
        else:
            continue  # red team 21, report 11a, f10: a README.md or body.json named is skipped as the walk skips it
        for item in found:
            identity = _identity(item.path) if not item.error else None
            key = identity or item.path
            if key not in seen:
                seen.add(key)
                yield item


# Python files the walk does not look for but a person may name (red team 21, report 11a, f10).
NAMED_PYTHON_SUFFIXES = (".pyw",)
_SHEBANG_HEAD = 512  # enough of a first line to see its interpreter


def read_when_named(path: str) -> bool:
    """Whether a file named on the command line is one this tool reads.

    The kinds the walk finds (``file_kind``), a ``.pyw`` script, and a script without an
    extension whose first line is a Python shebang (``#!/usr/bin/env python3``).  Anything else
    (a README.md, a JSON request body, a backup) is skipped as the walk skips it: passing every
    changed or tracked file by name (``check $(git ls-files)``) must not read Markdown as Python
    (red team 21, report 11a, f10).  A name that is not a regular file (absent, a FIFO, a device)
    is kept, so that reading it gives its one line, as before.
    """
    if file_kind(path) is not None or path.lower().endswith(NAMED_PYTHON_SUFFIXES):
        return True
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return True
    if not stat.S_ISREG(status.st_mode):
        return True
    if os.path.splitext(os.path.basename(path))[1]:
        return False
    return _python_shebang(path)


def _python_shebang(path: str) -> bool:
    """Does the regular file ``path`` start with ``#!`` naming a Python interpreter (directly or
    through ``env``, options and ``NAME=value`` words skipped)?  Reads at most 512 bytes, without
    blocking.  A file that cannot be opened is kept (reading it gives its one line)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return True
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, _SHEBANG_HEAD)
    except OSError:
        return False
    finally:
        os.close(fd)
    if not head.startswith(b"#!"):
        return False
    words = head[2:].split(b"\n", 1)[0].split()
    if words and os.path.basename(words[0]) == b"env":
        words = [word for word in words[1:] if not word.startswith(b"-") and b"=" not in word]
    if not words:
        return False
    return os.path.basename(words[0]).startswith((b"python", b"pypy"))


def _identity(path: str) -> Optional[Tuple[int, int]]:
    """(device, inode) of the file ``path`` names, following links; None if it cannot be stat'ed."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


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
                if entry.is_symlink():
                    if not _inside(entry.path, root) or _lands_in_skipped(entry.path, root):
                        continue  # never follow a link out of the roots we were given, nor into a folder the walk skips
                    real = os.path.realpath(entry.path)
                    if file_kind(real) is not None and os.path.isfile(real):  # (a dangling link keeps its one line)
                        # The walk meets the file under its own name too: reported by that name, never the
                        # link's, whichever sorts first (red team 25, report 11a, f5: `scripts/current.py ->
                        # deploy_v2.py` put the link's name in every report, a diff git could not apply)
                        continue
                yield Discovered(os.path.normpath(entry.path))
        stack.extend(reversed(subdirectories))


def _skipped(entry: os.DirEntry) -> bool:
    # Linked directories are never entered (is_dir(follow_symlinks=False) is False for them):
    # a link could lead anywhere, including back here.
    return _skipped_folder(entry.path)  # by its name, or a virtualenv by any name


def _lands_in_skipped(path: str, root: str) -> bool:
    """Does the link ``path`` lead into a folder the walk skips (a virtualenv's site-packages,
    ``node_modules``)?  Red team 22, report 11a, f1: ``scripts/client.py -> ../.venv/lib/.../client.py``
    had ``rewrite .`` edit an installed package the walk itself never enters.

    A link to a folder is looked at from that folder itself (``vendored -> .venv/.../site-packages``).
    """
    real_root = os.path.realpath(root)
    target = os.path.realpath(path)
    folder = target if os.path.isdir(target) else os.path.dirname(target)
    while folder.startswith(real_root.rstrip(os.sep) + os.sep):
        if _skipped_folder(folder):
            return True
        folder = os.path.dirname(folder)
    return False


def _skipped_folder(folder: str) -> bool:
    """A folder the walk does not enter, by its name or as a virtualenv (a ``pyvenv.cfg`` in it)."""
    return os.path.basename(folder) in SKIPPED_DIRECTORIES or os.path.exists(os.path.join(folder, "pyvenv.cfg"))


def _real_name(path: str) -> str:
    """A file named through a link, by the name of the file it leads to (as the walk reports it), written
    the way ``path`` was (relative to the working directory, or absolute); ``path`` when it is no link."""
    if not os.path.islink(path) and os.path.realpath(path) == os.path.abspath(path):
        return path
    real = os.path.realpath(path)
    if file_kind(real) is None or not os.path.isfile(real):
        return path  # the link's name is what makes it a file of ours (deploy.py -> tools/deploy), or it leads nowhere
    return real if os.path.isabs(path) else os.path.relpath(real)


CHECKPOINTS = ".ipynb_checkpoints"


def _walk_passes_over(path: str) -> bool:
    """Would the walk from the working directory pass over ``path``, a file or folder named on the command line?

    So that ``rewrite $(git ls-files)`` (and pre-commit's list of file names) is ``rewrite .``: a name
    written below a folder the walk skips (a committed virtualenv's ``site-packages``, ``node_modules``) is
    passed over, and so is a name that is or goes through a link, file or folder (``shared ->
    ../outside``, ``vendored -> .venv/.../houston_client``), whose target is outside the working
    directory or in such a folder (red team 23, report 11a, f2: file links; red team 24, report 11a, f1 and
    f3: folder links, paths through them, files below skipped folders).  A folder named itself is walked
    whatever its name (``check .venv/`` asks for it); a name outside the working directory that goes
    through no link is taken as given.  One ``lstat`` per component of the name.
    """
    here = os.path.abspath(os.curdir)
    named = os.path.abspath(path)
    if not (named == here or named.startswith(here.rstrip(os.sep) + os.sep)):
        # A file link named outside the working directory is never followed; a folder there is walked as given.
        return os.path.islink(path) and not os.path.isdir(path)
    parts = [part for part in os.path.relpath(named, here).split(os.sep) if part not in ("", ".")]
    through_link = False
    folder = here
    for index, part in enumerate(parts):
        folder = os.path.join(folder, part)
        through_link = through_link or os.path.islink(folder)
        last = index == len(parts) - 1
        if not last and part != CHECKPOINTS and _skipped_folder(folder):
            return True  # Jupyter's saved copies are the user's: named, they are processed (as the README says)
    if not through_link:
        return False
    return not _inside(named, here) or _lands_in_skipped(named, here)


def _inside(path: str, root: str) -> bool:
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def _not_regular(mode: int) -> OSError:
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    return OSError(errno.EINVAL, f"not a regular file ({kind})")


def read_bytes(path: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path``; OSError (one-line ``strerror``) for anything else.

    Only regular files are read: a FIFO would block for ever, ``/dev/zero`` would
    fill memory, a tape device rewinds when opened.  So the name is stat'ed first
    (nothing else is opened at all), then opened without blocking and checked
    again on the open descriptor (the name may have been swapped in between).
    A file larger than ``limit`` is refused whole, never truncated.
    """
    status = os.stat(path)
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(status.st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(status.st_mode)
        if status.st_size > limit:
            raise _too_large(limit)
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while we read it
                raise _too_large(limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_stream(stream, limit: int = MAX_FILE_BYTES) -> bytes:
    """All of a binary stream (stdin), or OSError if it holds more than ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def _too_large(limit: int) -> OSError:
    return OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MiB; not read")


def display_path(text: str) -> str:
    """``text`` (a path, or a line naming one) printable as UTF-8, the same way in every output.

    A file name that is not UTF-8 reaches Python with its bad bytes as lone
    surrogates (``bad\\udcff.py``); they are shown as ``\\xff`` escapes.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no file name can hold
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _escape(code: int) -> str:
    return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


# Characters a name must never print raw (red team 10, F8): every C0/C1 control and DEL (a line
# break starts a new line, and with it a GitHub workflow command such as ``::error``; ESC starts a
# terminal escape sequence), the other line breaks str.splitlines knows (U+2028/2029), and the
# bidirectional controls that make a name read as another (U+061C, U+200E/F, U+202A-E, U+2066-9).
_UNPRINTABLE = {
    code: _escape(code)
    for code in [*range(0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), 0x2028, 0x2029, *range(0x2066, 0x206A)]
}


def printed(text: str) -> str:
    """A path (or a one-line message naming one) as every line-oriented output prints it.

    The one function for this: ``display_path`` (bytes that are not UTF-8 as ``\\xNN``), then every
    control character escaped the way Python spells it (``\\n``, ``\\x1b``, ``\\u202e``), so a file
    name can neither add a line to a report nor a command to a CI log nor colour a terminal.
    One ``str.translate`` pass: linear.
    """
    return display_path(text).translate(_UNPRINTABLE)


def display_line(text: str) -> str:
    """One line, printable as UTF-8: ``printed`` (kept under this name for its callers)."""
    return printed(text)


class NotWritten(Exception):
    """The file is left as it is; the message is one line naming it and why."""


class StaleFile(NotWritten):
    """The file changed on disk after we read it."""


def write_atomically(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path``'s content with ``data``: all of it or none of it, ever.

    A symlink stays a symlink (its target is written) and the file keeps its
    mode, owner and group.  Nothing is written (``NotWritten``) when the file
    no longer holds ``expected``; when it is read-only (no write bit for its
    owner: a person's way of saying "don't touch", which root would otherwise
    ignore); when it has other hard links (replacing it would split it from
    them silently); or when its owner cannot be kept.
    """
    target = os.path.realpath(path)
    status = os.stat(target)
    if not status.st_mode & stat.S_IWUSR:
        raise NotWritten(f"{path}: read-only; not written")
    if status.st_nlink > 1:
        raise NotWritten(f"{path}: has {status.st_nlink - 1} other hard link(s); not written")
    if read_bytes(target) != expected:
        raise StaleFile(f"{path}: changed on disk since it was read; not written")
    _replace(target, data, stat.S_IMODE(status.st_mode), (status.st_uid, status.st_gid), path)


def _linked_elsewhere(path: str) -> Optional[str]:
    """The component of ``path`` that is a symbolic link to a file, a folder or nothing, if any.

    Reports are written in the checkouts the tool scans (``-o houston.sarif`` in a pull
    request's workflow), and a pull request can commit ``houston.sarif`` (or the folder
    holding it) as a link to any file the job may write: another checkout, a git hook, a
    dotfile (red team 14, report 11a, F11).  A link to a device or FIFO (``/dev/stdout``) is
    fine.  Every component is asked for a relative path (the checkout's own names); for an
    absolute one, the last only (system folders such as ``/tmp`` may be links).
    """
    parts = [path] if os.path.isabs(path) else []
    if not parts:
        head = path
        while head and head not in (".", os.curdir):
            parts.append(head)
            head = os.path.dirname(head)
    for part in parts:
        if not os.path.islink(part):
            continue
        try:
            mode = os.stat(part).st_mode
        except OSError:
            return part  # dangling: writing would create a file wherever it points
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            return part
    return None


def write_new_file(path: str, data: bytes) -> None:
    """Write a file we create (a report, a fetched schema) atomically; its mode follows the umask.

    A path through a symbolic link to a file or folder is refused (``_linked_elsewhere``).
    A device or FIFO (``-o /dev/stdout``) is written to as it is: renaming a file over it
    would replace the device node itself, which root is allowed to do (``-o /dev/null``
    would end /dev/null).
    """
    link = _linked_elsewhere(path)
    if link is not None:
        raise OSError(errno.EPERM, f"{link} is a symbolic link (a link in a checkout may point anywhere); "
                      "give the real file's name")
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is not None and not stat.S_ISREG(status.st_mode):
        if not (stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
            raise _not_regular(status.st_mode)
        # Opened without blocking: a FIFO nobody reads from is one error line, not a hang.
        try:
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        except OSError as exc:
            if exc.errno == errno.ENXIO and stat.S_ISFIFO(status.st_mode):
                raise OSError(errno.ENXIO, "a FIFO that nobody reads from") from None
            if exc.errno == errno.ENXIO:  # /dev/tty with no controlling terminal (red team 24, report 11a, f4)
                raise OSError(errno.ENXIO, "a character device with nothing behind it (no such device or address)") from None
            raise
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        return
    if status is not None:
        # Red team 21, report 11a, f13: an existing report or schema keeps its mode, owner and group
        # (a 600 report stays private) and is refused, as rewrite refuses a script, when read-only or
        # hard-linked.
        refusal = existing_file_refusal(status)
        if refusal is not None:
            raise OSError(errno.EPERM, f"{refusal}; not written")
        try:
            _replace(os.path.realpath(path), data, stat.S_IMODE(status.st_mode), (status.st_uid, status.st_gid), path)
        except NotWritten as exc:  # the callers name the file: the reason only
            raise OSError(errno.EPERM, str(exc).removeprefix(f"{path}: ")) from None
        return
    umask = os.umask(0)
    os.umask(umask)
    _replace(_new_file_target(path, status), data, 0o666 & ~umask)


def existing_file_refusal(status: os.stat_result) -> Optional[str]:
    """Why an existing regular file must not be replaced (read-only; other hard links), or None.

    The same rule as ``write_atomically``'s for scripts: no write bit for the owner is a person's
    "don't touch", which root would otherwise ignore; a rename would split the file from its other
    names silently.
    """
    if not status.st_mode & stat.S_IWUSR:
        return "read-only (no write permission for its owner)"
    if status.st_nlink > 1:
        return f"has {status.st_nlink - 1} other hard link(s)"
    return None


def _new_file_target(path: str, status: Optional[os.stat_result]) -> str:
    """Where the kernel would put ``path``, not where lexical normalisation says.

    ``os.path.realpath`` folds ``sub/..`` away even when ``sub`` does not exist,
    so ``-o ./sub/../a.py`` resolved to ``a.py`` (an input) although opening that
    path fails.  An existing file resolves fully; a new one must sit in a
    directory that exists as written.
    """
    if status is not None:
        return os.path.realpath(path)
    for _ in range(40):  # a dangling link is written through: its target is the new file
        if not os.path.islink(path):
            break
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)
    directory, name = os.path.split(path)
    if name in ("", ".", ".."):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not os.path.isdir(directory or "."):  # follows the path component by component, as open() would
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
    return os.path.join(os.path.realpath(directory or "."), name)


def _replace(target: str, data: bytes, mode: int, owner: Optional[Tuple[int, int]] = None, name: str = "") -> None:
    """Temporary file beside ``target``, flushed and fsynced, then renamed over it."""
    import tempfile

    directory = os.path.dirname(target)
    handle, temporary = tempfile.mkstemp(prefix=".houston-codemod-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if owner is not None:
            _keep_owner(temporary, owner, name or target)
            _keep_extended_attributes(target, temporary, name or target)
        os.chmod(temporary, mode)  # after chown, which may clear set-id bits
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    _fsync_directory(directory)


def _keep_owner(temporary: str, owner: Tuple[int, int], name: str) -> None:
    status = os.stat(temporary)
    if (status.st_uid, status.st_gid) == owner:
        return
    try:
        os.chown(temporary, *owner)
    except OSError:
        raise NotWritten(f"{name}: its owner or group could not be kept; not written") from None


def _keep_extended_attributes(target: str, temporary: str, name: str) -> None:
    """Carry the file's extended attributes over: POSIX ACLs, SELinux labels and user
    attributes live there, and a rename would drop them with the old inode."""
    listxattr = getattr(os, "listxattr", None)
    if listxattr is None:  # pragma: no cover - not Linux
        return
    try:
        names = listxattr(target, follow_symlinks=False)
    except OSError:
        return  # the file system keeps none
    for attribute in names:
        try:
            value = os.getxattr(target, attribute, follow_symlinks=False)
        except OSError:
            raise NotWritten(f"{name}: its extended attribute {attribute} could not be read; not written") from None
        try:
            if os.getxattr(temporary, attribute, follow_symlinks=False) == value:
                continue  # inherited already (a default ACL, say)
        except OSError:
            pass
        try:
            os.setxattr(temporary, attribute, value, follow_symlinks=False)
        except OSError:
            raise NotWritten(f"{name}: its extended attribute {attribute} could not be kept; not written") from None


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
