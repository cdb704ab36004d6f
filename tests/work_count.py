"""Count the work the tool does, not the time it takes.

The project forbids timing assertions: wall-clock time on a shared 2-core CI machine varies with
load, so a "must finish in N seconds" test is either flaky or too loose to catch anything.  The
lines of the tool's own code executed while it processes an input do not vary from run to run, so
the scale tests run an input of N, 2N and 3N units and require those counts to lie on a line
(second difference near 0): a quadratic step shows up as a second difference of order N**2,
whatever the machine's speed.

Only lines in the counted files are traced; lines in the standard library and third-party
packages (ast, graphql) are left out so the count measures the tool's own algorithm.
"""

import sys
from pathlib import Path

import codemods

PACKAGE = str(Path(codemods.__file__).resolve().parent)


def under(*parts):
    """The path of a file or folder of the codemods package, as a str prefix for `counted`."""
    return str(Path(PACKAGE, *parts))


def traced_lines(call, counted=(PACKAGE,)):
    """(lines executed in `counted` while `call()` runs, what it returned).

    `counted` is either a str or tuple of str path prefixes (every file under them counts), or a
    set/frozenset of exact file names (only those files count)."""
    if isinstance(counted, (set, frozenset)):
        names = counted

        def wanted(filename):
            return filename in names
    else:
        prefixes = counted

        def wanted(filename):
            return filename.startswith(prefixes)

    count = 0

    def tracer(frame, event, _arg):
        nonlocal count
        if not wanted(frame.f_code.co_filename):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        value = call()
    finally:
        sys.settrace(None)
    return count, value


def lines_run(path, data, options, counted=(PACKAGE,), check=None):
    """Lines executed in `counted` while the pipeline processes one module `data` named `path`.

    The module must process without a file error; `check(result)`, when given, asserts more
    about the result (so a count is never taken of a run that did not do the work)."""
    from codemods.pipeline import process

    count, result = traced_lines(lambda: process(path, data, options), counted)
    assert result.error is None
    if check is not None:
        check(result)
    return count
