"""The last line of defence of the command line: no traceback, no token, ever.

Any exception that escapes a command (a bug, or a library failing in a way we did
not foresee) becomes one line, ``internal error: <type>: <message>``, with the
token redacted, and exit 2.  The exception's chain is never printed: a chained
exception is where 0.1.0 printed a server's error object with the token in it.

Output to a closed pipe (``houston-codemod check . | head -1``) is trouble too:
the results did not all reach their reader, so the run exits 2 with one line
on stderr.  click's own handling would exit 1 (the code for "findings") with
no word, and Python would then print "Exception ignored ... BrokenPipeError"
when it flushed stdout at exit; so stdout is pointed at ``/dev/null`` first,
the documented idiom (the Python docs' note on SIGPIPE).

Large outputs go through :func:`write_stdout`, in pieces no larger than the
stream's buffer: a single big write into a pipe whose reader leaves part way
comes back as a short count, not an error, and ``TextIOWrapper``/``click.echo``
ignore the count, so the rest would be lost without a word.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from contextlib import contextmanager

import click

EXIT_TROUBLE = 2
EXIT_INTERRUPTED = 130  # the shell's 128 + SIGINT, as check and rewrite give
EXIT_TERMINATED = 143  # the shell's 128 + SIGTERM


class Terminated(SystemExit):
    """SIGTERM's exit (143).

    ``check`` and ``rewrite`` catch it to say what they had done, as they do for Ctrl-C (red team 27,
    report 11a, minor note (a): the line gave no count of the files rewritten); for any other
    command :meth:`GuardedGroup.main` says ``terminated``.
    """


# While ``rewrite`` writes and counts one file (``sigterm_held``), SIGTERM waits for it, as Ctrl-C does.
_HOLD = {"holding": False, "pending": False}


def _terminated(_signum, _frame) -> None:
    """SIGTERM (a CI job cancelled, ``docker stop``, ``timeout``) ends the run as an exit, not a kill.

    Killed outright, the process left its ``--jobs`` workers running, holding stdout open for as long
    as their files took (red team 17, report 11a, F4: a reader blocked 40 s).  As an exit, the pending
    ``finally`` blocks run (a rewrite's temporary file is removed) and multiprocessing's exit handler
    ends the daemonic workers.  A second SIGTERM ends the process at once.  The line is said where
    the exit is caught (the command's own, with its counts, or ``main``'s).
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if _HOLD["holding"]:
        _HOLD["pending"] = True  # the file being written is finished and counted first
        return
    raise Terminated(EXIT_TERMINATED)


@contextmanager
def sigterm_held():
    """SIGTERM during the block ends the run when the block is done (the file written and counted)."""
    _HOLD["holding"] = True
    try:
        yield
    finally:
        _HOLD["holding"] = False
    if _HOLD["pending"]:
        _HOLD["pending"] = False
        raise Terminated(EXIT_TERMINATED)


def _stop_on_signal(signum, said: str, code: int) -> None:
    """End the run for a signal: the next one of its kind kills at once; one line, then exit ``code``."""
    import signal

    signal.signal(signum, signal.SIG_DFL)
    try:
        sys.stderr.write(f"houston-codemod: {said}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    raise SystemExit(code)


@contextmanager
def _exit_on_sigterm():
    """:func:`_terminated` for the run, unless the embedding program chose its own SIGTERM handling."""
    import signal
    import threading

    installed = (
        hasattr(signal, "SIGTERM")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    )
    if installed:
        signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        if installed and signal.getsignal(signal.SIGTERM) is _terminated:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def _help_output():
    """Making a context parses arguments and reads nothing: an OSError there is --help/--version's stdout."""
    try:
        yield
    except click.exceptions.Exit as exc:
        if exc.exit_code == 0 and sys.stdout is None:  # >&-: click.echo drops the help without a word
            raise StdoutError("stdout is closed") from None
        raise
    except OSError as exc:
        raise _stdout_failure(exc) from None


@contextmanager
def _scrubbed_usage_errors():
    """click's own usage errors quote what was typed (``--jobs "$HOUSTON_API_TOKEN"``, an unknown
    command or option): their message goes through the same line scrubber as every stderr line."""
    try:
        yield
    except click.ClickException as exc:
        from .houston_token import scrub_line

        shown = exc.format_message
        exc.format_message = lambda: scrub_line(shown())  # what click's standalone main prints
        raise


class _ScrubbedLines:
    """A stderr that passes each line through the token scrubber before it is written (argparse's
    usage errors and ``print(..., file=sys.stderr)`` in code that does not use the CLI's own
    one-line helper).  A line is held until its newline, or until the end of the block."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.pending: list = []

    def write(self, text: str) -> int:
        if "\n" not in text:
            self.pending.append(text)
            return len(text)
        from .houston_token import scrub_line

        *lines, rest = ("".join(self.pending) + text).split("\n")
        self.pending = [rest] if rest else []
        self.stream.write("".join(scrub_line(line) + "\n" for line in lines))
        return len(text)

    def finish(self) -> None:
        if self.pending:
            from .houston_token import scrub_line

            self.stream.write(scrub_line("".join(self.pending)))
            self.pending = []
        self.stream.flush()

    def __getattr__(self, name):  # flush, fileno, isatty, encoding: the real stream's
        return getattr(self.stream, name)


@contextmanager
def scrubbed_stderr():
    """Every line written to ``sys.stderr`` inside the block is scrubbed of tokens."""
    real = sys.stderr
    if real is None:
        yield
        return
    sys.stderr = wrapper = _ScrubbedLines(real)
    try:
        yield
    finally:
        sys.stderr = real
        try:
            wrapper.finish()
        except (OSError, ValueError):
            pass


class StdoutCommand(click.Command):
    """A subcommand whose ``--help`` into a closed or full stdout is one line like any output."""

    def make_context(self, *args, **kwargs):
        with _help_output():
            return super().make_context(*args, **kwargs)


class GuardedGroup(click.Group):
    """``click.Group`` whose ``main`` turns an unexpected exception into one redacted line."""

    group_class = type  # subgroups (``schema``) are guarded groups too
    command_class = StdoutCommand

    def make_context(self, *args, **kwargs):
        with _scrubbed_usage_errors(), _closed_stdout_is_trouble(), _help_output():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _scrubbed_usage_errors(), _closed_stdout_is_trouble():
            try:
                value = super().invoke(ctx)
            except SystemExit:
                _flush_stdout()  # what is still buffered must reach the reader before the exit code stands
                raise
            except KeyboardInterrupt:
                # check and rewrite say what they had done; any other command (review, schema fetch)
                # is interrupted too, not "Aborted!" and exit 1, which for review means "items found"
                # (red team 14, report 11a, F10).  A second Ctrl-C ends the process at once.
                import signal

                _stop_on_signal(signal.SIGINT, "interrupted", EXIT_INTERRUPTED)
            _flush_stdout()
            return value

    def main(self, *args, **kwargs):
        closed_standard_streams()
        _replace_what_cannot_be_encoded()
        try:
            os.getcwd()
        except OSError as exc:  # run from a folder deleted under the shell (red team 24, report 11a)
            _say(f"the working directory cannot be read ({exc.strerror or exc}): cd to an existing folder")
            sys.exit(EXIT_TROUBLE)
        try:
            with _exit_on_sigterm():
                return super().main(*args, **kwargs)
        except Terminated:
            _say("terminated")  # a command that says more (its counts) exits with a plain SystemExit
            raise
        except (SystemExit, KeyboardInterrupt, GeneratorExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the point of this class
            from .houston_token import redact

            _say(redact(f"internal error: {type(exc).__name__}: {exc}")[:2000])
            sys.exit(EXIT_TROUBLE)


def _replace_what_cannot_be_encoded() -> None:
    """Output streams write what their encoding cannot hold as escapes (``d\\xe9pl.py``), not an error.

    Red team 24, report 11a: with ``PYTHONIOENCODING=ascii`` (or a C locale) a file named ``dépl.py``
    ended the run as "internal error: UnicodeEncodeError" and the whole report was lost.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        # strict, and surrogateescape on an encoding that is not UTF-8 (a C locale with PYTHONUTF8=0,
        # PYTHONIOENCODING=ascii:surrogateescape: red team 25, report 11a, f1): it escapes only the bytes
        # a file name could not decode, not a character the encoding lacks
        errors = getattr(stream, "errors", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if reconfigure is not None and (errors == "strict" or (errors == "surrogateescape" and encoding not in ("utf-8", "utf8"))):
            try:
                reconfigure(errors="backslashreplace")
            except (OSError, ValueError, AttributeError):
                pass


def _say(message: str) -> None:
    """One line on stderr, the tool's name first; a stderr that cannot be written to is left alone."""
    try:
        sys.stderr.write(f"houston-codemod: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def closed_standard_streams() -> None:
    """Run with a standard stream closed (``2>&-``, ``<&-``, ``>&-``): its descriptor is pointed
    at ``/dev/null`` before anything else is opened.

    Python starts with ``sys.stderr`` (``sys.stdin``, ``sys.stdout``) None then, and 0.1.0
    died on the first write to it, silently (the error could not be printed either) with
    exit 1 (red team 6, F9).  Worse, the lowest free descriptor is what the next ``open``
    gets: a report written with ``-o``, or a file being rewritten, would become descriptor
    2, and a git child's messages would land in it.  So each closed descriptor is filled
    with ``/dev/null``.  stderr then takes lines and drops them: it is not where the report
    goes, and the exit code still says how the run ended.  ``sys.stdin`` and ``sys.stdout``
    stay None, so that ``rewrite -`` says "stdin is closed" and a report says "stdout is
    closed", each as one line and exit 2.
    """
    for descriptor, mode in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(descriptor)
            continue
        except OSError:
            pass
        try:
            opened = os.open(os.devnull, mode)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)
        except OSError:
            continue
    if sys.stderr is None:
        try:
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
        except (OSError, ValueError):
            pass


CHUNK = 8192  # io.DEFAULT_BUFFER_SIZE: a piece this size is buffered, and flushing checks every byte


class StdoutError(Exception):
    """stdout cannot take the output (closed at start, disk full): the one-line reason."""


def _stdout_failure(exc: OSError) -> Exception:
    """What a failed write or flush of stdout raises: EPIPE stays itself (the reader left; its own
    line, in ``_closed_stdout_is_trouble``), any other error becomes a :class:`StdoutError`."""
    if exc.errno == errno.EPIPE:
        return exc
    return StdoutError(f"cannot write to stdout: {exc.strerror or exc}")


def write_stdout(data) -> None:
    """Write ``data`` (str or bytes) to stdout so that a reader leaving part way is an error (EPIPE)."""
    if sys.stdout is None:  # started with stdout closed (>&-)
        raise StdoutError("stdout is closed")
    if isinstance(data, str):
        encoding = sys.stdout.encoding or "utf-8"
        data = data.encode(encoding, sys.stdout.errors or "strict")
    try:
        sys.stdout.flush()
        binary = getattr(sys.stdout, "buffer", None)
        if binary is None:  # a text-only stream (tests): it keeps everything it is given
            sys.stdout.write(data.decode(sys.stdout.encoding or "utf-8", "replace"))
            sys.stdout.flush()
            return
        view = memoryview(data)
        for start in range(0, len(view), CHUNK):
            binary.write(view[start : start + CHUNK])
        binary.flush()
    except OSError as exc:
        raise _stdout_failure(exc) from None


class ClosedStdout:
    """Stands in for a stdout closed at start (``>&-``) where a library needs an object: all-repos
    asks ``sys.stdout.isatty()`` for ``--color auto`` and died on None (an internal error line).
    Not a terminal; a write is :class:`StdoutError`, so output lost is one line and exit 2; a
    flush (Python's own at exit) is nothing, as nothing was taken."""

    encoding = "utf-8"
    errors = "strict"

    def isatty(self) -> bool:
        return False

    def flush(self) -> None:
        pass

    def write(self, text) -> int:
        raise StdoutError("stdout is closed")


class StdoutArgumentParser(argparse.ArgumentParser):
    """argparse, for ``fleet`` (all-repos' options), with ``--help`` held to the same contract as click's.

    argparse writes help and usage with ``file.write`` and swallows any OSError (a
    closed pipe, a full disk), and with stdout closed at start (``>&-``) it writes the
    help to stderr instead: ``fleet --help >&-`` or ``| head -c0`` exited 0 as if
    read.  What is meant for stdout goes through :func:`write_stdout` here, so it is
    one line and exit 2 like every other command; stderr (usage errors) is argparse's.
    """

    def print_help(self, file=None):
        if file is None:
            write_stdout(self.format_help())
        else:
            super().print_help(file)

    def print_usage(self, file=None):
        if file is None:
            write_stdout(self.format_usage())
        else:
            super().print_usage(file)


def _flush_stdout() -> None:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except ValueError:  # closed by the command itself: nothing buffered to lose
        pass
    except OSError as exc:
        raise _stdout_failure(exc) from None


def run_as_main(function) -> None:
    """``python -m`` entry points without click (``codemods.fleet``): the same closed-stream and
    stdout contract as the console script (one line and exit 2), then exit with ``function()``."""
    closed_standard_streams()
    with _closed_stdout_is_trouble():
        code = function()
        _flush_stdout()
    sys.exit(code)


@contextmanager
def _closed_stdout_is_trouble():
    """A write to a pipe whose reader has gone (or a stdout that takes nothing): one line, exit 2,
    and a quiet interpreter exit."""
    try:
        yield
    except StdoutError as exc:
        _give_up_on_stdout(f"{exc}; the output is incomplete")
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _give_up_on_stdout("stdout closed before all output was written (broken pipe); the output is incomplete")


def _give_up_on_stdout(message: str) -> None:
    if sys.stdout is not None:
        _to_devnull(sys.stdout)  # Python's own flush at exit must not fail again
    try:
        sys.stderr.write(f"houston-codemod: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        if sys.stderr is not None:
            _to_devnull(sys.stderr)  # stderr is the same closed pipe (2>&1 | head): nobody to tell
    sys.exit(EXIT_TROUBLE)


def _to_devnull(stream) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, stream.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
