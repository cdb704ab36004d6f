"""Run the pipeline over many paths, yielding each file's result as soon as it is ready.

Results come in discovery order whatever ``jobs`` is, so output is
deterministic; a caller that writes files does so one at a time as results
arrive, so a run that is stopped part way has rewritten some files, each whole.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator, List, Optional

from .files import Discovered, discover, read_bytes
from .pipeline import FileResult, Options, process

# Files handed to a worker at a time: large enough to amortise the hand-off.
CHUNK = 8


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
    files = [f for f in found if not f.error]
    jobs = min(jobs or default_jobs(), max(len(files), 1))
    results = _parallel(files, options, jobs) if jobs > 1 else (_process_one(f, options) for f in files)
    results_by_path = iter(results)
    for item in found:
        if item.error:
            run.errors.append(f"{item.path}: {item.error}")
            continue
        result = next(results_by_path)
        run.files += not result.unread
        if result.error:
            run.errors.append(result.error)
        yield result


def _process_one(found: Discovered, options: Options) -> FileResult:
    try:
        data = read_bytes(found.path)
    except OSError as exc:
        return FileResult(found.path, error=f"{found.path}: cannot read: {exc.strerror or exc}", unread=True)
    return process(found.path, data, options)


_worker_options: Optional[Options] = None


def _init_worker(options: Options) -> None:
    global _worker_options
    _worker_options = options


def _work(found: Discovered) -> FileResult:
    assert _worker_options is not None
    return _process_one(found, _worker_options)


def _parallel(files: List[Discovered], options: Options, jobs: int) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(options,)) as pool:
        yield from pool.map(_work, files, chunksize=CHUNK)


def run(paths: List[str], options: Options, jobs: Optional[int] = None) -> Run:
    outcome = Run()
    outcome.results.extend(iter_results(list(discover(paths)), options, outcome, jobs))
    return outcome
