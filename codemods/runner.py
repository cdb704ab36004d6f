"""Run the pipeline over many paths, yielding each file's result as soon as it is ready.

Results come in discovery order whatever ``jobs`` is, so output is
deterministic; a caller that writes files does so one at a time as results
arrive, so a run that is stopped part way has rewritten some files, each whole.

The parent reads every file and applies the byte prefilter itself: on a big
repository almost nothing passes, and a file that does not pass costs no
parse, no worker and no hand-off.  A worker pool starts only when enough
files need parsing to repay its start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator, List, Optional, Tuple

from .files import Discovered, discover, file_kind, read_bytes
from .pipeline import FileResult, Options, process
from .prefilter import PREFILTERS

if TYPE_CHECKING:  # the pool's machinery is imported only when a pool starts
    from concurrent.futures import Executor

WINDOW = 256  # files read ahead of the workers at a time: bounds memory on huge trees
CHUNK = 4  # files handed to a worker at a time
MIN_FILES_PER_WORKER = 4  # below this, a pool costs more than it saves


@dataclass
class Run:
    """What a whole run adds up to, filled in while results stream past."""

    results: List[FileResult] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)  # one line each
    files: int = 0


def default_jobs() -> int:
    if os.environ.get("PRE_COMMIT"):
        return 1  # pre-commit already runs hooks in parallel: no nested pool
    return os.cpu_count() or 1


def iter_results(
    found: List[Discovered], options: Options, run: Run, jobs: Optional[int] = None
) -> Iterator[FileResult]:
    """Process ``found`` (from ``discover``); discovery errors join ``run.errors`` in order."""
    jobs = jobs or default_jobs()
    pool: Optional["Executor"] = None
    try:
        for start in range(0, len(found), WINDOW):
            window = found[start : start + WINDOW]
            loaded = [_load(item) for item in window]
            busy = [(item, data) for item, data, _, parse in loaded if parse]
            if pool is None and jobs > 1 and len(busy) >= MIN_FILES_PER_WORKER * 2:
                pool = _start_pool(options, jobs)
            parsed = iter(pool.map(_work, busy, chunksize=CHUNK) if pool else (_run(b, options) for b in busy))
            for item, data, read_error, parse in loaded:
                if item.error:
                    run.errors.append(f"{item.path}: {item.error}")
                    continue
                if data is None:
                    result = FileResult(item.path, error=f"{item.path}: cannot read: {read_error}", unread=True)
                elif parse:
                    result = next(parsed)
                else:
                    result = FileResult(item.path)
                run.files += not result.unread
                if result.error:
                    run.errors.append(result.error)
                yield result
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _load(item: Discovered) -> Tuple[Discovered, Optional[bytes], str, bool]:
    """The file's bytes (None if unreadable), why not, and whether it needs parsing."""
    if item.error:
        return item, b"", "", False
    try:
        data = read_bytes(item.path)
    except OSError as exc:
        return item, None, exc.strerror or str(exc), False
    return item, data, "", _needs_parsing(item, data)


def _needs_parsing(item: Discovered, data: bytes) -> bool:
    prefilter = PREFILTERS.get(file_kind(item.path) or "python")
    return prefilter is None or prefilter(data)


def _run(busy: Tuple[Discovered, bytes], options: Options) -> FileResult:
    item, data = busy
    return process(item.path, data, options)


_worker_options: Optional[Options] = None


def _init_worker(options: Options) -> None:
    global _worker_options
    _worker_options = options


def _work(busy: Tuple[Discovered, bytes]) -> FileResult:
    assert _worker_options is not None
    return _run(busy, _worker_options)


def _start_pool(options: Options, jobs: int) -> "Executor":
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(options,))


def run(paths: List[str], options: Options, jobs: Optional[int] = None) -> Run:
    outcome = Run()
    outcome.results.extend(iter_results(list(discover(paths)), options, outcome, jobs))
    return outcome
