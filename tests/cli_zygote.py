"""Run the installed ``houston-codemod`` in a fresh process forked from one that has imported it.

Most of this suite's time was the console script starting: about 3,600 tests, most of them one or
more CLI runs, and each run paid the interpreter's start and the imports of ``codemods``, LibCST and
graphql-core again (the run itself is often a few milliseconds).  Here, each pytest worker starts
one *zygote*: the interpreter the console script runs in (``sys.executable``), with the console
script's folder first on ``sys.path`` as the script would have it, that imports ``codemods.cli`` and
its heavy dependencies once, then waits.  For each CLI run of a test it forks, and the fork becomes
the command: the test's argv, environment, working folder and standard streams (the test's own pipe
ends, passed over a Unix socket), then ``codemods.cli:main`` exactly as the console script calls it,
ending as the interpreter ends a script (exit functions, stdout and stderr flushed, exit code 120 when
stdout cannot be), without tearing down the shared heap (0.8 s a run: every object's pages copied).
What the test sees is a real process: its own pid, exit status (negative for a signal), pipes,
descriptors, environment and folder.  Only the imports were done before the command was known.

Runs whose start-up itself is under test get a real process (:func:`_eligible`): another program
or install (``TRUST_CLI_UNDER_TEST``), an environment that changes how Python starts (``PYTHON*``,
``LC_*``, ``LANG``), standard streams this module does not pass, ``Popen`` (signals, closed pipes:
only ``subprocess.run`` is routed here).  ``HOUSTON_CODEMOD_TEST_REAL_PROCESS=1`` sends every run to
a real process, for a run of the suite exactly as a user starts the command.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading

REAL_PROCESS = "HOUSTON_CODEMOD_TEST_REAL_PROCESS"
_real_run = subprocess.run
_START_ENV = ("PYTHON", "LC_", "LANG")  # what the interpreter reads while it starts
_KNOWN = {"cwd", "env", "capture_output", "text", "universal_newlines", "input", "timeout", "check", "errors",
          "encoding", "stdout", "stderr", "stdin"}

# The zygote's program: it runs as ``python -c BOOT FOLDER SOCKET``.  After the imports it only
# accepts; each connection is served by a fork (the *runner*) that forks the command, reports its
# pid, waits for it and reports its wait status.  The command runs ``main()`` as the console script
# does, at the top level of this program, and leaves as the interpreter would (see the module).
BOOT = r'''
import os, sys, json, socket, signal
folder, path = sys.argv[1], sys.argv[2]
sys.path[0] = folder
import importlib, pkgutil
import codemods, codemods.cli
for module in pkgutil.walk_packages(codemods.__path__, "codemods."):  # every module a run may import later
    if not module.name.endswith(".__main__"):  # that one runs the command on import
        importlib.import_module(module.name)
import libcst, graphql
from codemods.houston_schema import HoustonSchema
HoustonSchema.bundled()  # parsed and built once (schema_versions caches both)
from codemods.destination.gather_vocabulary import every_version_schema
every_version_schema()  # the every-version schema the verdict's vocabulary is weighed in, built once
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(64)
import gc
gc.freeze()  # the imported heap stays out of every collection (and out of each fork's copied pages)
sys.stdout.write("ready\n"); sys.stdout.flush()
import select
serving = True
while serving:
    ready, _, _ = select.select([listener, sys.stdin], [], [])
    if sys.stdin in ready:  # end of file: the test process that started this one is gone
        os._exit(0)
    try:
        connection, _ = listener.accept()
    except InterruptedError:
        continue
    runner = os.fork()
    if runner:
        connection.close()
        while True:  # reap the runners that are done
            try:
                done, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if not done:
                break
        continue
    listener.close()
    head, fds, _, _ = socket.recv_fds(connection, 15, 3)
    while len(head) < 15:
        head += connection.recv(15 - len(head))
    size = int(head.decode())
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            os._exit(3)
        data += chunk
    request = json.loads(data)
    command = os.fork()
    if command == 0:
        connection.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = list(request["argv"])
        serving = False
        break
    for fd in fds:
        os.close(fd)
    connection.sendall(("%d\n" % command).encode())
    _, status = os.waitpid(command, 0)
    connection.sendall(("%d\n" % status).encode())
    os._exit(0)
from codemods.cli import main
try:
    code = main()
except SystemExit as stop:
    code = stop.code
except BaseException:  # what the interpreter prints for an exception nothing caught, then exit 1
    import traceback
    traceback.print_exc()
    code = 1
if code is None:
    code = 0
elif not isinstance(code, int):
    sys.stderr.write(str(code) + "\n")
    code = 1
# The interpreter's exit, without tearing down the heap the zygote shares (that cost 0.8 s a run):
# the exit functions, then the standard streams flushed, 120 when stdout cannot be (as CPython).
import atexit
atexit._run_exitfuncs()
for stream in (sys.stdout, sys.stderr):
    try:
        if stream is not None:
            stream.flush()
    except Exception as exc:
        if stream is sys.stdout:
            try:
                sys.stderr.write("Exception ignored in: %r\n%s: %s\n" % (stream, type(exc).__name__, exc))
                sys.stderr.flush()
            except Exception:
                pass
            code = 120
os._exit(code & 0xFF)
'''


class _Zygote:
    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="houston-codemod-zygote-")
        self.path = os.path.join(self.folder, "socket")
        environment = dict(os.environ)
        self.start_env = {k: v for k, v in environment.items() if k.startswith(_START_ENV)}
        self.process = subprocess.Popen(
            [_python(), "-c", BOOT, os.path.dirname(_python()), self.path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, env=environment, cwd=self.folder,
        )  # stdin is never written: its end of file tells the zygote this process is gone
        ready = self.process.stdout.readline()
        if ready != b"ready\n":
            raise RuntimeError("the CLI zygote did not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        self.process.stdin.close()
        if self.alive():
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_zygote = None
_lock = threading.Lock()


def _python() -> str:
    import sys

    return sys.executable


def _get() -> _Zygote:
    global _zygote
    with _lock:
        if _zygote is None or not _zygote.alive():
            _zygote = _Zygote()
            atexit.register(_zygote.close)
        return _zygote


def _installed() -> str:
    return os.path.realpath(shutil.which("houston-codemod") or "")


def _eligible(args, kwargs) -> bool:
    if os.environ.get(REAL_PROCESS, "") not in ("", "0"):
        return False
    if not isinstance(args, (list, tuple)) or not args or not set(kwargs) <= _KNOWN:
        return False
    if not all(isinstance(a, (str, os.PathLike)) and "\0" not in str(a) for a in args):
        return False  # bytes, or a value subprocess refuses: its own behaviour
    env = kwargs.get("env")
    search = (env if env is not None else os.environ).get("PATH")
    program, installed = shutil.which(str(args[0]), path=search), _installed()
    if program is None or not installed or os.path.realpath(program) != installed:
        return False
    if env is not None:
        started = {k: v for k, v in os.environ.items() if k.startswith(_START_ENV)}
        if {k: v for k, v in env.items() if k.startswith(_START_ENV)} != started:
            return False
        if any("\0" in str(k) + str(v) for k, v in env.items()):
            return False
    cwd = kwargs.get("cwd")
    if cwd is not None and not os.path.isdir(cwd):
        return False
    streams = (kwargs.get("stdin"), kwargs.get("stdout"), kwargs.get("stderr"))
    if streams[0] not in (None, subprocess.DEVNULL, subprocess.PIPE) and not hasattr(streams[0], "fileno"):
        return False
    if kwargs.get("input") is not None and streams[0] is not None:
        return False
    for stream in streams[1:]:
        if stream not in (None, subprocess.DEVNULL, subprocess.PIPE, subprocess.STDOUT) and not hasattr(stream, "fileno"):
            return False
    if streams[1] == subprocess.STDOUT:
        return False
    if kwargs.get("capture_output") and (streams[1] is not None or streams[2] is not None):
        return False
    return True


def run(args, **kwargs):
    """``subprocess.run``, with runs of the installed ``houston-codemod`` started from the zygote."""
    if not _eligible(args, kwargs):
        return _real_run(args, **kwargs)
    return _run_forked([str(a) for a in args], **kwargs)


def _run_forked(argv, cwd=None, env=None, capture_output=False, text=None, universal_newlines=None, input=None,
                timeout=None, check=False, errors=None, encoding=None, stdout=None, stderr=None, stdin=None):
    as_text = bool(text or universal_newlines or encoding or errors)
    if capture_output:
        stdout = stderr = subprocess.PIPE
    if input is not None:
        stdin = subprocess.PIPE
    opened = []  # descriptors of this process to close once passed
    parent_ends = {}

    def child_end(stream, index):
        if stream is None:
            return index  # inherited, as a real process would
        if stream == subprocess.DEVNULL:
            fd = os.open(os.devnull, os.O_RDWR)
            opened.append(fd)
            return fd
        if stream == subprocess.STDOUT:
            return ends[1]
        if stream == subprocess.PIPE:
            read, write = os.pipe()
            if index == 0:
                parent_ends[0] = write
                opened.append(read)
                return read
            parent_ends[index] = read
            opened.append(write)
            return write
        return stream.fileno() if hasattr(stream, "fileno") else stream

    ends = []
    for index, stream in enumerate((stdin, stdout, stderr)):
        ends.append(child_end(stream, index))
    request = json.dumps({
        "argv": argv, "cwd": os.path.abspath(cwd) if cwd is not None else os.getcwd(),
        "env": dict(env) if env is not None else dict(os.environ),
    }).encode()
    zygote = _get()
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(zygote.path)
        socket.send_fds(connection, [b"%15d" % len(request)], ends)
        connection.sendall(request)
    finally:
        for fd in opened:
            os.close(fd)
    reader = _Lines(connection)
    pid = int(reader.line())
    outputs = {1: [], 2: []}
    threads = []
    for index in (1, 2):
        if index in parent_ends:
            thread = threading.Thread(target=_drain, args=(parent_ends[index], outputs[index]), daemon=True)
            thread.start()
            threads.append(thread)
    if 0 in parent_ends:
        data = input if input is not None else b""
        if isinstance(data, str):
            data = data.encode(encoding or "utf-8", errors or "strict")
        writer = threading.Thread(target=_feed, args=(parent_ends[0], data), daemon=True)
        writer.start()
        threads.append(writer)
    status_line = reader.line(timeout)
    if status_line is None:  # the time is up: as subprocess.run, kill and raise
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        reader.line()
        for thread in threads:
            thread.join()
        connection.close()
        raise subprocess.TimeoutExpired(argv, timeout, output=_decoded(outputs[1], as_text, encoding, errors),
                                        stderr=_decoded(outputs[2], as_text, encoding, errors))
    for thread in threads:
        thread.join()
    connection.close()
    if not status_line:
        raise RuntimeError("the CLI zygote lost a run")
    returncode = os.waitstatus_to_exitcode(int(status_line))
    result = subprocess.CompletedProcess(
        argv, returncode,
        _decoded(outputs[1], as_text, encoding, errors) if 1 in parent_ends else None,
        _decoded(outputs[2], as_text, encoding, errors) if 2 in parent_ends else None,
    )
    if check and returncode:
        raise subprocess.CalledProcessError(returncode, argv, result.stdout, result.stderr)
    return result


class _Lines:
    """Lines from the runner (the command's pid, then its wait status), with an optional deadline."""

    def __init__(self, connection) -> None:
        self.connection, self.buffer = connection, b""

    def line(self, timeout=None):
        """The next line (b"" when the runner closed), or None when ``timeout`` seconds passed first."""
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buffer:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.connection.settimeout(left)
            else:
                self.connection.settimeout(None)
            try:
                chunk = self.connection.recv(4096)
            except (socket.timeout, TimeoutError):
                return None
            if not chunk:
                return b""
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line


def _drain(fd, into) -> None:
    with open(fd, "rb", closefd=True) as handle:
        while True:
            chunk = handle.read1(65536)
            if not chunk:
                return
            into.append(chunk)


def _feed(fd, data: bytes) -> None:
    try:
        with open(fd, "wb", closefd=True) as handle:
            handle.write(data)
    except BrokenPipeError:
        pass


def _decoded(chunks, as_text, encoding, errors):
    data = b"".join(chunks)
    if not as_text:
        return data
    text = data.decode(encoding or "utf-8", errors or "strict")
    return text.replace("\r\n", "\n").replace("\r", "\n")  # universal newlines, as subprocess's text mode


def install() -> None:
    """Route ``subprocess.run`` of the installed CLI through the zygote for this process."""
    subprocess.run = run
