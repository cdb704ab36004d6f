"""Single-process baselines, each run as its own process by ``run.py``.

    python baselines.py floor SKIP_JSON PATH...   read every *.py file, one regex over its bytes
    python baselines.py parse SKIP_JSON PATH...   libcst.parse_module on every *.py file, serially

SKIP_JSON is a JSON list of directory names to skip (the tool's own list); like
the tool, directories that are symlinks or hold a ``pyvenv.cfg`` are skipped too.
Prints one line: how many files were read and a checksum of the work done.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Iterator, List

# What a grep-based migration would look for: scanned over every byte of every file.
FLOOR_PATTERN = re.compile(rb"airflowVersion")


def python_files(paths: List[str], skipped: frozenset) -> Iterator[str]:
    """``*.py`` files under ``paths`` with the tool's skip rules, in sorted order."""
    for root in paths:
        if not os.path.isdir(root):
            yield root
            continue
        for directory, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not _skipped(directory, d, skipped))
            for name in sorted(filenames):
                if name.lower().endswith(".py"):
                    yield os.path.join(directory, name)


def _skipped(parent: str, name: str, skipped: frozenset) -> bool:
    path = os.path.join(parent, name)
    return name in skipped or os.path.islink(path) or os.path.exists(os.path.join(path, "pyvenv.cfg"))


def floor(files: Iterator[str]) -> str:
    """Read each file and count regex hits: the least any tool must do."""
    count = hits = 0
    for path in files:
        with open(path, "rb") as handle:
            hits += len(FLOOR_PATTERN.findall(handle.read()))
        count += 1
    return f"{count} files, {hits} matches"


def parse(files: Iterator[str]) -> str:
    """Parse each file with LibCST, serially, in this one process."""
    import libcst

    count = failed = 0
    for path in files:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        try:
            libcst.parse_module(text)
        except libcst.ParserSyntaxError:
            failed += 1
        count += 1
    return f"{count} files, {failed} unparseable"


def main(argv: List[str]) -> int:
    mode, skip_json, *paths = argv
    files = python_files(paths, frozenset(json.loads(skip_json)))
    print({"floor": floor, "parse": parse}[mode](files))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
