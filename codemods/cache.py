"""The persistent result cache: a second run over unchanged files reads answers instead of parsing.

Why (issue 15): ``check`` of a dense repository parses and validates every file
on every run, although almost nothing changed since the last one.  Like ruff's
cache, each file's result is stored under a key made of everything the result
depends on, and a later run with the same key reads it back.

What a result depends on, and so what the key holds (``Cache.key``):

* the file: its path as reported, its kind, and the SHA-256 of its bytes;
* the tool: its version and a fingerprint of its own code and bundled data (every
  module's size and modification time, the bundled schema's and version table's
  content), Python's version, and graphql-core's, PyYAML's and LibCST's installed files;
* the run's options: rewrite/validate/writing, the deprecation severity, the
  schema (the bundled one at ``--houston-version``, or the SHA-256 of the SDL file
  or of the SDL fetched from a URL), the version table, and a keyed hash of the
  tokens the run holds (evidence is redacted with them when it is made).

``--versions-from URL`` answers change without notice, so the cache is off then.

Trust.  An entry is JSON, never pickle, and carries its full key, which is
compared with the wanted one; a truncated, corrupt, foreign or mistyped entry is
a miss.  Every entry is signed (HMAC-SHA256) with a key that lives outside any
project, in the user's own cache folder (``$XDG_CACHE_HOME/houston-codemod/``,
default ``~/.cache``): a repository that commits ``.houston-codemod-cache/``
full of answers (a pull-request bot's input) cannot sign them, whatever it
predicts about the machine.  Besides, the directory is used only when it is a
real directory (not a link) owned by the person running the tool, and only when
its marker file says this tool created *that* directory (the marker records the
directory's device and inode, which a checkout, copy or restore does not
reproduce); another one is ignored, and nothing in it is touched.  Without a
usable key (no writable home), there is no cache.  An entry whose text holds a
token the run holds (``HOUSTON_API_TOKEN``, ``GITHUB_TOKEN``, in any spelling the
redactor knows: a file using it as an operation name, say) is not written: reports
are cleaned when printed, but the cache is a file in the project, in clear.

Writes are atomic (a new file in the same directory, then a rename), so a
concurrent run reads either no entry or a whole one, and a killed run leaves at
most a ``*.partial`` file, removed by a later prune.  A directory that cannot be
created or written leaves the run as it is, without a cache.

Size: after a run that stored entries, the least recently used ones (a hit
refreshes an entry's time, at most once an hour) are removed until at most
``MAX_ENTRIES`` entries and ``MAX_BYTES`` bytes remain.

Only files the byte prefilter lets through get entries: for the others the
prefilter is as cheap as hashing.  And only Python scripts, ``.graphql`` files
and notebooks (``CACHED_KINDS``): a Dockerfile's result also depends on other
files (a CI workflow or compose file passing ``--build-arg`` over an ARG
default, ``rules/build_arg_overrides.py``), which its key cannot hold; image
files are few and cheap to scan again.  ``rewrite`` that writes never reads the cache
(it recomputes every edit from the bytes it is about to replace).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import stat
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

if TYPE_CHECKING:
    from .pipeline import FileResult

DIRECTORY_NAME = ".houston-codemod-cache"
ENV_DIRECTORY = "HOUSTON_CODEMOD_CACHE_DIR"
ENV_OFF = "HOUSTON_CODEMOD_NO_CACHE"
ENV_STATS = "HOUSTON_CODEMOD_CACHE_STATS"
FORMAT = 1
MARKER = "houston-codemod-cache.json"
KEY_FILE = "cache-key"  # in $XDG_CACHE_HOME/houston-codemod/: signs every entry
ENTRIES = "entries"
CACHED_KINDS = frozenset({"python", "graphql", "notebook"})  # results that depend on the file's bytes alone
MAX_ENTRIES = 50_000
MAX_BYTES = 256 * 1024 * 1024
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # an entry larger than this was not written by us (files are at most 16 MiB)
TOUCH_AFTER = 3600  # seconds: a hit refreshes an older entry's time, for the LRU prune
STALE_PARTIAL = 3600  # seconds: a *.partial file this old was left by a killed run
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by houston-codemod.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def disabled_by_environment() -> bool:
    return os.environ.get(ENV_OFF, "") not in ("", "0")


def project_root(config_root: Optional[str], start: Optional[str] = None) -> str:
    """Where the default cache lives: the directory of the ``pyproject.toml`` that configured
    the run, else the top of the git work tree holding the working directory, else the
    working directory itself."""
    if config_root:
        return str(config_root)
    from .files import git_work_tree

    here = os.path.abspath(start or os.getcwd())
    return git_work_tree(here) or here


# -- the tool's identity -----------------------------------------------------------

_TOOL: Optional[str] = None


def tool_fingerprint() -> str:
    """The tool's version and code, Python's, and its parsing dependencies': one hash.

    An editable install being edited, or a dependency upgraded, makes every old entry
    a miss.  Dependencies are fingerprinted by their files' sizes and times, found
    without importing them (graphql-core alone takes 0.3 s to import).
    """
    global _TOOL
    if _TOOL is not None:
        return _TOOL
    from importlib.util import find_spec

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{sys.version}|{sys.implementation.name}".encode())
    package = os.path.dirname(os.path.abspath(__file__))
    _fingerprint_tree(digest, package)
    from .package_data import read_text

    for name in ("houston.graphql", "ac-runtime-equivalence.json"):
        try:
            digest.update(hashlib.sha256(read_text(name).encode("utf-8")).digest())
        except (OSError, ValueError):
            digest.update(b"missing " + name.encode())
    for module in ("graphql", "yaml", "libcst"):  # libcst: asked whether a refused file is newer syntax
        try:
            spec = find_spec(module)
        except (ImportError, ValueError):
            spec = None
        origin = getattr(spec, "origin", None)
        try:
            status = os.stat(origin) if origin else None
        except OSError:
            status = None
        # An install or upgrade writes the package's files anew: its __init__'s time is enough.
        digest.update(f"{module}|{origin}|{status and status.st_size}|{status and status.st_mtime_ns}\n".encode())
    _TOOL = digest.hexdigest()
    return _TOOL


def _fingerprint_tree(digest, root: str) -> None:
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith((".py", ".so", ".pyd")):
                    status = entry.stat(follow_symlinks=False)
                    digest.update(f"{os.path.relpath(entry.path, root)}|{status.st_size}|{status.st_mtime_ns}\n".encode())
            except OSError:
                continue


def sha256_file(path: str) -> str:
    from .files import read_bytes

    return hashlib.sha256(read_bytes(path)).hexdigest()


# -- entries: FileResult <-> JSON ----------------------------------------------------


def encode_result(result: "FileResult") -> Optional[dict]:
    """What the reporters need from ``result``, compactly; None if it must not be stored."""
    if result.unread or (result.error and ": internal error:" in result.error):
        return None  # a bug or a transient failure (memory, a signal) is not an answer
    original = result.original
    entry: Dict[str, Any] = {"e": result.error, "o": original.encoding if original is not None else None}
    entry["n"] = None
    if result.new_text is not None:
        if original is None:
            return None
        entry["n"] = _encode_new_text(original.text, result.new_text, result.findings)
    entry["f"] = [
        [
            None if f.path == result.path else f.path,
            f.line, f.column, f.end_line, f.end_column, f.severity, f.code, f.message,
            [[e.start, e.end, e.replacement] for e in f.fix],
            list(f.fix_lines),
            f.together,
        ]
        for f in result.findings
    ]
    entry["d"] = [
        [
            None if d.path == result.path else d.path,
            d.line, d.column, d.operations, d.houston, d.verdict, d.evidence, d.explanation, d.end_line,
        ]
        for d in result.documents
    ]
    return entry


def _encode_new_text(text: str, new_text: str, findings) -> Any:
    """The rewrite as edits: the findings' own fixes when they make it exactly, else one span."""
    if new_text == text:
        return "="
    from .apply import OverlappingEdits, apply_edits
    from .model import Edit

    fixes = {edit for finding in findings for edit in finding.fix}
    if fixes:
        try:
            if apply_edits(text, fixes) == new_text:
                return "fixes"
        except OverlappingEdits:
            pass
    prefix = 0
    limit = min(len(text), len(new_text))
    while prefix < limit and text[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and text[len(text) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
        suffix += 1
    edit = Edit(prefix, len(text) - suffix, new_text[prefix : len(new_text) - suffix])
    return [[edit.start, edit.end, edit.replacement]]


class BadEntry(Exception):
    """An entry that does not have the shape this version writes."""


def _check(condition: bool) -> None:
    if not condition:
        raise BadEntry


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _edits(raw, length: int):
    from .model import Edit

    _check(isinstance(raw, list))
    edits = []
    for item in raw:
        _check(isinstance(item, list) and len(item) == 3)
        start, end, replacement = item
        _check(_is_int(start) and _is_int(end) and isinstance(replacement, str) and 0 <= start <= end <= length)
        edits.append(Edit(start, end, replacement))
    return tuple(edits)


def decode_result(path: str, data: bytes, entry) -> "FileResult":
    """The ``FileResult`` an entry stands for; ``BadEntry`` for anything unexpected."""
    from .apply import OverlappingEdits, apply_edits
    from .model import Finding
    from .pipeline import DocumentInfo, FileResult
    from .source_file import SourceFile

    _check(isinstance(entry, dict) and set(entry) == {"e", "o", "n", "f", "d"})
    error, encoding = entry["e"], entry["o"]
    _check(error is None or isinstance(error, str))
    _check(encoding is None or isinstance(encoding, str))
    result = FileResult(path, error=error)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise BadEntry from None
        result.original = SourceFile(path, data, encoding, text)
    length = len(result.original.text) if result.original is not None else 0
    _check(isinstance(entry["f"], list) and isinstance(entry["d"], list))
    for raw in entry["f"]:
        _check(isinstance(raw, list) and len(raw) == 11)
        where, line, column, end_line, end_column, severity, code, message, fix, fix_lines, together = raw
        _check(_is_int(together))
        _check(where is None or isinstance(where, str))
        _check(all(_is_int(n) for n in (line, column, end_line, end_column)))
        _check(all(isinstance(s, str) for s in (severity, code, message)))
        _check(isinstance(fix_lines, list) and len(fix_lines) == 2 and all(_is_int(n) for n in fix_lines))
        result.findings.append(
            Finding(where or path, line, column, end_line, end_column, severity, code, message,
                    _edits(fix, length), (fix_lines[0], fix_lines[1]), together)
        )
    for raw in entry["d"]:
        _check(isinstance(raw, list) and len(raw) == 9)
        where, line, column, operations, houston, verdict, evidence, explanation, end_line = raw
        _check(where is None or isinstance(where, str))
        _check(all(_is_int(n) for n in (line, column, end_line)))
        _check(isinstance(operations, list) and all(o is None or isinstance(o, str) for o in operations))
        _check(isinstance(houston, bool) and (verdict is None or isinstance(verdict, bool)))
        for words in (evidence, explanation):
            _check(isinstance(words, list) and all(isinstance(w, str) for w in words))
        result.documents.append(
            DocumentInfo(where or path, line, column, operations, houston, verdict, evidence, explanation, end_line)
        )
    new = entry["n"]
    if new is not None:
        _check(result.original is not None)
        text = result.original.text
        if new == "=":
            result.new_text = text
        else:
            if new == "fixes":
                edits = {edit for finding in result.findings for edit in finding.fix}
            else:
                edits = _edits(new, length)
            _check(bool(edits))
            try:
                result.new_text = apply_edits(text, edits)
            except OverlappingEdits:
                raise BadEntry from None
    return result


# -- the directory -----------------------------------------------------------------


class Unusable(Exception):
    """The cache directory cannot be trusted or used; the message says why (for the stats line)."""


class Cache:
    """One run's view of a cache directory: look-ups and stores keyed for this run's options.

    Picklable (no open descriptor travels): a worker opens the entries directory
    itself and checks it is the one the parent vetted.
    """

    def __init__(self, directory: str, identity: Dict[str, Any], secret: bytes, entries_id: Tuple[int, int]) -> None:
        self.directory = directory
        self.identity = identity
        self.secret = secret  # the user's signing key
        self.entries_id = entries_id
        self.writable = True
        self.facts_read = 0  # answers to per-text questions read back (``remembered``): counted by tests
        self.facts_answered = 0  # and computed here
        self._fd: Optional[int] = None
        self._pid: Optional[int] = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_fd"] = state["_pid"] = None
        return state

    # -- opening ---------------------------------------------------------------
    @classmethod
    def open(cls, directory: str, identity: Dict[str, Any], secret: Optional[bytes] = None) -> "Cache":
        """The cache at ``directory`` (created if missing); ``Unusable`` if it may not be used.

        ``secret``: the signing key (default: the user's, made on first use).
        """
        directory = os.path.abspath(directory)
        if secret is None:
            secret = user_key()
        try:
            status = os.lstat(directory)
        except FileNotFoundError:
            status = None
        except OSError as exc:
            raise Unusable(f"{directory}: {exc.strerror}") from None
        if status is None:
            _create(directory)
            status = os.lstat(directory)
        _owned_directory(directory, status)
        marker = _read_marker(directory, status)
        if marker is None:
            if _names(directory):
                raise Unusable(f"{directory}: not a cache this tool created here (no valid marker); not used")
            _write_marker(directory, status)
            marker = _read_marker(directory, status)  # ours, or the one a concurrent run wrote first
            if marker is None:
                raise Unusable(f"{directory}: marker unreadable after writing it; not used")
        entries = os.path.join(directory, ENTRIES)
        try:
            os.mkdir(entries, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise Unusable(f"{entries}: {exc.strerror}") from None
        entries_status = os.lstat(entries)
        _owned_directory(entries, entries_status)
        keyed = dict(identity, salt=marker["salt"], secrets=_secrets_fingerprint(secret))
        return cls(directory, keyed, secret, (entries_status.st_dev, entries_status.st_ino))

    def _entries_fd(self) -> Optional[int]:
        if self._fd is not None and self._pid == os.getpid():
            return self._fd
        self._fd = None
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(os.path.join(self.directory, ENTRIES), flags)
        except OSError:
            return None
        status = os.fstat(fd)
        if (status.st_dev, status.st_ino) != self.entries_id:
            os.close(fd)
            return None  # swapped since the parent checked it
        self._fd, self._pid = fd, os.getpid()
        return fd

    # -- keys --------------------------------------------------------------------
    def key(self, path: str, kind: str, data: bytes) -> Tuple[str, Dict[str, Any]]:
        key = dict(self.identity, path=path, kind=kind, content=hashlib.sha256(data).hexdigest())
        context = (getattr(self, "contexts", None) or {}).get(path)
        if context is not None:  # a .graphql file's verdict also depends on the project's SDL around it
            key["context"] = context
        name = hashlib.sha256(json.dumps(key, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest()
        return name + ".json", key

    # -- look-up -----------------------------------------------------------------
    def get(self, path: str, kind: str, data: bytes) -> Optional["FileResult"]:
        if kind not in CACHED_KINDS:
            return None
        name, key = self.key(path, kind, data)
        stored = self._read(name, key)
        if stored is None:
            return None
        try:
            return decode_result(path, data, stored.get("result"))
        except (ValueError, BadEntry, RecursionError, TypeError, KeyError, IndexError):
            return None

    def _read(self, name: str, key: Dict[str, Any]) -> Optional[dict]:
        """The signed entry ``name`` when it holds exactly ``key``, else None (a miss, whatever went wrong)."""
        fd = self._entries_fd()
        if fd is None:
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            entry_fd = os.open(name, flags, dir_fd=fd)
        except OSError:
            return None
        try:
            status = os.fstat(entry_fd)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
                return None
            raw = _read_at_most(entry_fd, MAX_ENTRY_BYTES)
        except OSError:
            return None
        finally:
            os.close(entry_fd)
        if raw is None:
            return None  # grew past the bound while being read
        signature, _, payload = raw.partition(b"\n")
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None  # not written by this user's tool (planted, or torn)
        try:
            stored = json.loads(payload.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        if time.time() - status.st_mtime > TOUCH_AFTER and self.writable:
            try:
                os.utime(name, dir_fd=fd)
            except (OSError, NotImplementedError):
                pass
        return stored

    # -- store -------------------------------------------------------------------
    def put(self, path: str, kind: str, data: bytes, result: "FileResult") -> bool:
        """Store ``result``; False (and no more tries in this process) if the directory refuses."""
        if not self.writable or kind not in CACHED_KINDS:
            return False
        entry = encode_result(result)
        if entry is None:
            return False
        name, key = self.key(path, kind, data)
        return self._write(name, {"key": key, "result": entry})

    def _write(self, name: str, stored: dict) -> bool:
        """Sign and write ``stored`` as entry ``name``, atomically; False when it holds a token or cannot be written."""
        fd = self._entries_fd()
        if fd is None:
            self.writable = False
            return False
        payload = json.dumps(stored, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        if _holds_a_token(stored, payload):
            return False  # the next run computes it again: slower, but no token on disk
        payload = self._sign(payload) + b"\n" + payload
        partial = f"{name[:16]}-{os.getpid()}-{os.urandom(6).hex()}.partial"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            out = os.open(partial, flags, 0o600, dir_fd=fd)
        except OSError:
            self.writable = False  # read-only, full, or not ours to write: the run goes on
            return False
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(out, view):]
            finally:
                os.close(out)
            os.replace(partial, name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError:
            try:
                os.unlink(partial, dir_fd=fd)
            except OSError:
                pass
            self.writable = False
            return False
        return True

    # -- facts -------------------------------------------------------------------
    def remembered(self, question: str, text: str, answer: Callable[[], Any]) -> Any:
        """``answer()``, a pure function of ``text`` (``question`` names it), read from an entry when one holds it.

        The run-wide indexes (``sources.cross_module``) ask the same questions of every
        module on every run, whether or not the module changed; a warm run spent two thirds of
        its time there (issue 15).  The answer is stored under the tool's identity and the
        text's hash, signed and checked as a result is; it must be JSON (lists come back for
        tuples: the caller converts).
        """
        key = dict(self.identity, question=question, content=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())
        name = "fact-" + hashlib.sha256(json.dumps(key, sort_keys=True, ensure_ascii=True).encode("ascii")).hexdigest() + ".json"
        stored = self._read(name, key)
        if stored is not None and "answer" in stored:
            self.facts_read += 1
            return stored["answer"]
        self.facts_answered += 1
        value = answer()
        if self.writable:
            self._write(name, {"key": key, "answer": value})
        return value

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest().encode("ascii")

    # -- size --------------------------------------------------------------------
    def prune(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
        """Remove stale partial files, then the least recently used entries over the bounds."""
        fd = self._entries_fd()
        if fd is None or not self.writable:
            return 0
        now = time.time()
        entries = []
        removed = 0
        try:
            with os.scandir(fd) as scan:
                for item in scan:
                    try:
                        status = item.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    if item.name.endswith(".partial"):
                        if now - status.st_mtime > STALE_PARTIAL:
                            removed += _unlink(item.name, fd)
                    elif item.name.endswith(".json"):
                        entries.append((status.st_mtime, item.name, status.st_size))
        except OSError:
            return removed
        total = sum(size for _, _, size in entries)
        if len(entries) <= max_entries and total <= max_bytes:
            return removed
        entries.sort()
        count = len(entries)
        keep_entries, keep_bytes = max_entries * 3 // 4, max_bytes * 3 // 4
        for _, name, size in entries:
            if count <= keep_entries and total <= keep_bytes:
                break
            if _unlink(name, fd):
                removed += 1
                count -= 1
                total -= size
        return removed


def _holds_a_token(stored: dict, payload: bytes) -> bool:
    """Does an entry hold a token the run holds, in any spelling the redactor knows (red team 8, F11)?

    A finding's message, a document's operation names and evidence, and an edit's
    replacement are text from the scanned file; a file that uses the token as an
    operation name or a string would put it, in clear, into a file under the project
    (which a later ``git add -A`` or a CI cache upload may carry away).  Both the bytes
    written (JSON, ``\\uXXXX`` escapes and all) and every string of the entry read as
    one stream (a token spread over consecutive fields) are looked at.  With no token
    held there is nothing to look for, and no cost.
    """
    from .houston_token import secrets
    from .secret_scan import json_text, leaks

    held = secrets()
    if not held:
        return False
    return leaks(payload.decode("ascii"), held) or leaks(json_text(stored), held)


def _read_at_most(fd: int, limit: int) -> Optional[bytes]:
    chunks, size = [], 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None


def _unlink(name: str, fd: int) -> int:
    try:
        os.unlink(name, dir_fd=fd)
        return 1
    except OSError:
        return 0


def _create(directory: str) -> None:
    parent = os.path.dirname(directory)
    try:
        if not os.path.isdir(parent):
            os.makedirs(parent, exist_ok=True)
        os.mkdir(directory, 0o700)
    except FileExistsError:
        return  # another run made it first: checked like any existing one
    except OSError as exc:
        raise Unusable(f"{directory}: cannot create: {exc.strerror}") from None


def _owned_directory(directory: str, status: os.stat_result) -> None:
    if stat.S_ISLNK(status.st_mode):
        raise Unusable(f"{directory}: is a symbolic link; not used")
    if not stat.S_ISDIR(status.st_mode):
        raise Unusable(f"{directory}: not a directory; not used")
    if hasattr(os, "geteuid") and status.st_uid != os.geteuid():
        raise Unusable(f"{directory}: owned by another user; not used")


def _names(directory: str) -> List[str]:
    try:
        return os.listdir(directory)
    except OSError as exc:
        raise Unusable(f"{directory}: {exc.strerror}") from None


def _read_marker(directory: str, status: os.stat_result) -> Optional[dict]:
    """The marker, if this tool wrote it for this very directory (device and inode match)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(os.path.join(directory, MARKER), flags)
    except OSError:
        return None
    try:
        marker_status = os.fstat(fd)
        if not stat.S_ISREG(marker_status.st_mode) or marker_status.st_size > 4096:
            return None
        if hasattr(os, "geteuid") and marker_status.st_uid != os.geteuid():
            return None
        raw = os.read(fd, 4097)
    except OSError:
        return None
    finally:
        os.close(fd)
    try:
        marker = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(marker, dict) or marker.get("format") != FORMAT:
        return None
    if marker.get("device") != status.st_dev or marker.get("inode") != status.st_ino:
        return None
    salt = marker.get("salt")
    if not isinstance(salt, str) or len(salt) != 32:
        return None
    return marker


def _write_marker(directory: str, status: os.stat_result) -> None:
    """Claim an empty directory: .gitignore, CACHEDIR.TAG, and the marker (written last, whole).

    The marker is linked into place, never renamed over: when two runs claim a new
    directory at once, the first marker stays and both use its salt.
    """
    marker = {"format": FORMAT, "device": status.st_dev, "inode": status.st_ino, "salt": os.urandom(16).hex()}
    try:
        for name, text in ((".gitignore", "# Created by houston-codemod: its cache, never committed.\n*\n"),
                           ("CACHEDIR.TAG", CACHEDIR_TAG),
                           (MARKER, json.dumps(marker) + "\n")):
            _write_new(os.path.join(directory, name), text.encode("utf-8"), replace=name != MARKER)
    except OSError as exc:
        raise Unusable(f"{directory}: cannot write: {exc.strerror or exc}") from None


def _write_new(path: str, data: bytes, replace: bool = True, mode: int = 0o644) -> None:
    partial = f"{path}.{os.getpid()}-{os.urandom(6).hex()}.partial"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(partial, flags, mode)
    try:
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
        if replace:
            os.replace(partial, path)
        else:
            try:
                os.link(partial, path)
            except FileExistsError:
                pass  # another run's marker came first: that one counts
    finally:
        try:
            os.unlink(partial)
        except OSError:
            pass


def _secrets_fingerprint(key: bytes) -> str:
    """The tokens held change what evidence says (it is redacted with them): a keyed hash of them."""
    from .houston_token import secrets

    digest = hmac.new(key, b"tokens", hashlib.sha256)
    for secret in secrets():
        digest.update(b"\0" + secret.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def key_directory() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(os.path.abspath(base), "houston-codemod")


def user_key() -> bytes:
    """The user's signing key, made on first use; ``Unusable`` when it cannot be kept safely.

    Read only from a regular file (not a link) owned by this user in a directory
    owned by this user; made with 32 random bytes and linked into place, so two
    first runs agree on one key.
    """
    directory = key_directory()
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        _owned_directory(directory, os.lstat(directory))
    except OSError as exc:
        raise Unusable(f"{directory}: no place for the cache's signing key: {exc.strerror or exc}") from None
    path = os.path.join(directory, KEY_FILE)
    key = _read_key(path)
    if key is None:
        try:
            _write_new(path, os.urandom(32).hex().encode("ascii"), replace=False, mode=0o600)
        except OSError as exc:
            raise Unusable(f"{path}: cannot write the cache's signing key: {exc.strerror or exc}") from None
        key = _read_key(path)
    if key is None:
        raise Unusable(f"{path}: not a signing key this tool made; no cache (delete it to make a new one)")
    return key


def _read_key(path: str) -> Optional[bytes]:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or (hasattr(os, "geteuid") and status.st_uid != os.geteuid()):
            return None
        raw = os.read(fd, 65)
    except OSError:
        return None
    finally:
        os.close(fd)
    if len(raw) != 64 or any(c not in b"0123456789abcdef" for c in raw):
        return None
    return bytes.fromhex(raw.decode("ascii"))


def open_for_run(directory: Optional[str], root: str, identity: Dict[str, Any]) -> Tuple[Optional[Cache], str]:
    """The cache for this run and a few words on it (for the stats line); None when off or unusable."""
    chosen = directory or os.environ.get(ENV_DIRECTORY) or os.path.join(root, DIRECTORY_NAME)
    try:
        return Cache.open(chosen, identity), os.path.abspath(chosen)
    except Unusable as exc:
        return None, str(exc)
    except OSError as exc:  # a race with another run, a file system that says no: no cache, no error
        return None, f"{chosen}: {exc.strerror or exc}"
    except Exception as exc:  # a cache is an optimisation: whatever breaks it, the run goes on without
        return None, f"{chosen}: internal error: {type(exc).__name__}"


def identity(options, schema_identity: str) -> Dict[str, Any]:
    """The part of the key every file of this run shares."""
    return {
        "format": FORMAT,
        "tool": tool_fingerprint(),
        "rewrite": options.rewrite,
        "validate": options.validate,
        "writing": options.writing,
        "severity": options.deprecation_severity,
        "schema": schema_identity,
        "versions": "bundled",
    }
