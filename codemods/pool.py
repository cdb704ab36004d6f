"""Worker processes for ``runner.iter_results`` that a dying worker can never hang.

Why not ``concurrent.futures.ProcessPoolExecutor`` (used up to 5ff84a9): its workers all write
their results into one shared pipe, which one thread of the parent reads.  A worker killed (the
OOM killer, SIGKILL) part way through writing a result leaves half a message in that pipe; the
thread then waits in ``recv()`` for the rest, which nothing will ever write (the parent and every
worker hold the pipe's write end, so it never reads end of file either), and it never looks at
the workers' death notices again: no future fails and the run waits forever (issue 11: the CLI
kill test hung once with 16-file chunks, whose results are bigger than a pipe's buffer, so a
worker spends longer writing them; with 2-file chunks the same race is only rarer).

Here each worker has a pipe of its own for its tasks and one for its results, and only the
parent holds their other ends (a worker closes the parent's ends it inherits): a worker that dies
part way through a message gives the parent end of file, never a wait.  The parent waits only
on the results pipes and the death notices (sentinels) of the workers that hold a chunk, so each
wait ends with a result or a death.  A worker sends each file's result as soon as it has it, and
marks in shared memory which file of its chunk it is running: one that dies costs that file only
(one line, exit 2); the rest of its chunk runs again, first, on the worker that replaces it.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from typing import Any, Callable, Deque, Dict, List, Optional, Tuple

from .files import Discovered
from .pipeline import FileResult, Options

CHUNK = 2  # files handed to a worker at a time, at least: small, so no worker idles at a window's end
CHUNKS_PER_WORKER = 16  # but a window of many files goes in about this many chunks per worker,
MAX_CHUNK = 2  # of at most this many files (each chunk costs the worker a wait for the parent)
# Deaths in a row with no result received in between, before a death with no file to blame costs the
# file its worker held anyway (or, holding none, the worker is not replaced): so the run always ends.
DEATHS_WITHOUT_CULPRIT = 2
DIED = "worker died (killed by a signal or out of memory); not processed"

Busy = Tuple[Discovered, bytes]
Outcome = Tuple[FileResult, bool]  # a file's result, and whether it was stored in the cache


def chunk_size(files: int, jobs: int) -> int:
    """Files per chunk for a window of ``files``: CHUNK, or more while every worker still gets
    CHUNKS_PER_WORKER chunks (so the last ones still even out), never more than MAX_CHUNK."""
    return max(CHUNK, min(MAX_CHUNK, files // (CHUNKS_PER_WORKER * max(jobs, 1))))


def died(path: str) -> Outcome:
    return FileResult(path, error=f"{path}: {DIED}"), False


def _serve(slot: int, tasks, results, states, run, failed, options: Options, cache, inherited) -> None:
    """A worker: run each chunk the parent sends, sending back each file's result at once.

    Ctrl-C is the parent's to handle (SIGINT arrives blocked and is ignored before it is
    unblocked).  End of file on the tasks pipe (the parent closed the pool, or died) ends it,
    and so does a results pipe the parent no longer reads: after the file it is on.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .sources import look_around

    look_around.bound_to(getattr(options, "look_around", ()))  # a spawned worker did not inherit the run's tops
    if hasattr(signal, "SIGTERM"):  # a forked worker inherits the parent's handler (guard.py): a worker just ends
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    for connection in inherited:  # the parent's ends of every pipe: only the parent may hold them
        connection.close()
    while True:
        try:
            chunk = tasks.recv()
        except (EOFError, OSError):
            return
        for position, busy in enumerate(chunk):
            states[slot] = position + 1  # a worker that dies now (or while sending) costs this file
            try:
                outcome = run(busy, options, cache)
            except Exception as exc:
                outcome = FileResult(busy[0].path, error=failed(busy[0].path, exc)), False
            try:
                try:
                    results.send(outcome)
                except OSError:
                    raise
                except Exception as exc:  # a result that cannot be pickled: nothing of it was sent
                    results.send((FileResult(busy[0].path, error=failed(busy[0].path, exc)), False))
            except OSError:
                return  # the parent closed the pool
        states[slot] = 0


class _Worker:
    def __init__(self, process, tasks, results) -> None:
        self.process, self.tasks, self.results = process, tasks, results
        self.chunk: Optional[List[int]] = None  # the indices (in map's list) of the files it holds
        self.answered = 0  # how many of them have come back


class Pool:
    """``jobs`` worker processes, replaced when one dies; ``map`` yields results in order.

    ``run(busy, options, cache)`` is a file's outcome (called in the workers), ``failed(path,
    exc)`` the line for an exception a file's run or result raised.
    """

    def __init__(self, options: Options, jobs: int, cache, run: Callable[..., Outcome], failed: Callable[[str, BaseException], str]) -> None:
        import multiprocessing

        self.options, self.jobs, self.cache, self.run, self.failed = options, jobs, cache, run, failed
        self.context = multiprocessing.get_context()
        self.fork = self.context.get_start_method() == "fork"
        self.states = self.context.RawArray("q", jobs)
        self.workers: List[Optional[_Worker]] = [None] * jobs
        self.barren = 0  # deaths since the last result received
        self.started = 0  # worker processes started, replacements included (counted, for tests)
        for slot in range(jobs):
            self._spawn(slot)

    def _spawn(self, slot: int) -> None:
        tasks_theirs, tasks = self.context.Pipe(duplex=False)
        results, results_theirs = self.context.Pipe(duplex=False)
        inherited: List[Any] = []
        if self.fork:  # a forked child has a copy of every descriptor: it closes the parent's ends
            inherited = [tasks, results] + [c for w in self.workers if w is not None for c in (w.tasks, w.results)]
        self.states[slot] = 0
        process = self.context.Process(
            target=_serve,
            args=(slot, tasks_theirs, results_theirs, self.states, self.run, self.failed, self.options, self.cache, inherited),
            daemon=True,
        )
        masked = hasattr(signal, "pthread_sigmask")
        if masked:  # a Ctrl-C between the fork and the worker ignoring it would print its traceback
            before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            process.start()
        finally:
            if masked:
                signal.pthread_sigmask(signal.SIG_SETMASK, before)
            tasks_theirs.close()  # from now on only the worker holds these ends
            results_theirs.close()
        self.workers[slot] = _Worker(process, tasks, results)
        self.started += 1

    def map(self, busy: List[Busy]):
        """Each file's outcome, in the order of ``busy``."""
        size = chunk_size(len(busy), self.jobs)
        pending: Deque[List[int]] = deque(list(range(i, min(i + size, len(busy)))) for i in range(0, len(busy), size))
        done: Dict[int, Outcome] = {}
        for index in range(len(busy)):
            self._step(busy, pending, done, block=False)  # keep the workers fed while results are used
            while index not in done:
                if not self._step(busy, pending, done, block=True):  # never: every file is somewhere
                    done[index] = FileResult(busy[index][0].path, error=self.failed(busy[index][0].path, RuntimeError("lost"))), False
            yield done.pop(index)

    def _step(self, busy: List[Busy], pending: Deque[List[int]], done: Dict[int, Outcome], block: bool) -> bool:
        """Hand out chunks, then take what is ready (waiting for it with ``block``): a result or a death."""
        from multiprocessing.connection import wait

        self._hand_out(busy, pending, done)
        holding = [w for w in self.workers if w is not None and w.chunk is not None]
        if not holding:
            if pending and all(w is None for w in self.workers):  # no worker left to run them
                while pending:
                    for index in pending.popleft():
                        done[index] = died(busy[index][0].path)
                return True
            return bool(pending)
        ready = set(wait([w.results for w in holding] + [w.process.sentinel for w in holding], timeout=None if block else 0))
        for worker in holding:
            if worker.results in ready:
                self._receive(worker, busy, pending, done)
            elif worker.process.sentinel in ready:
                while worker.chunk is not None and self._receive(worker, busy, pending, done):
                    pass  # what it sent before it died: each message whole, or end of file
                if worker.chunk is None:
                    self._bury(worker, busy, pending, done)
        return True

    def _hand_out(self, busy: List[Busy], pending: Deque[List[int]], done: Dict[int, Outcome]) -> None:
        for slot in range(len(self.workers)):
            while pending and self.workers[slot] is not None and self.workers[slot].chunk is None:
                worker = self.workers[slot]
                worker.chunk, worker.answered = pending.popleft(), 0
                try:  # it waits for this, so the send ends when it has read it or when it is dead
                    worker.tasks.send([busy[index] for index in worker.chunk])
                except OSError:
                    self._bury(worker, busy, pending, done)

    def _receive(self, worker: _Worker, busy: List[Busy], pending: Deque[List[int]], done: Dict[int, Outcome]) -> bool:
        """Take one message of ``worker``'s (False: it has died, and was buried)."""
        assert worker.chunk is not None
        index = worker.chunk[worker.answered]
        try:
            outcome = worker.results.recv()
        except (EOFError, OSError):  # end of file, maybe part way through a message: it has died
            self._bury(worker, busy, pending, done)
            return False
        except Exception as exc:  # read whole but could not be unpickled: that file's line
            outcome = FileResult(busy[index][0].path, error=self.failed(busy[index][0].path, exc)), False
        done[index] = outcome
        self.barren = 0
        worker.answered += 1
        if worker.answered == len(worker.chunk):
            worker.chunk, worker.answered = None, 0
        return True

    def _bury(self, worker: _Worker, busy: List[Busy], pending: Deque[List[int]], done: Dict[int, Outcome]) -> None:
        """``worker`` has died (or is dying: its pipe ended): the file it was running, if any, gets
        its line; the rest of its chunk goes first in line; a new worker takes its place."""
        slot = self.workers.index(worker)
        worker.process.kill()  # already dead, or about to be: its pipes are closed
        worker.process.join()
        worker.tasks.close()
        worker.results.close()
        self.workers[slot] = None
        running = worker.chunk is not None and self.states[slot] == worker.answered + 1
        if not running:
            self.barren += 1
        if worker.chunk is not None:
            left = worker.chunk[worker.answered :]
            if running or self.barren > DEATHS_WITHOUT_CULPRIT:
                done[left[0]] = died(busy[left[0]][0].path)
                left = left[1:]
            if left:
                pending.appendleft(left)
        if worker.chunk is not None or self.barren <= DEATHS_WITHOUT_CULPRIT:
            self._spawn(slot)

    def terminate(self) -> None:
        """End the workers now (the run is being stopped): they write nothing, so nothing is left half done."""
        for worker in self.workers:
            if worker is not None:
                worker.process.terminate()
                worker.tasks.close()
                worker.results.close()
        for worker in self.workers:
            if worker is not None:
                worker.process.join(5)
        self.workers = [None] * self.jobs

    def close(self) -> None:
        """End the workers: each ends after the file it is on (its next send finds no reader)."""
        for worker in self.workers:
            if worker is not None:
                worker.tasks.close()
                worker.results.close()
        for worker in self.workers:
            if worker is not None:
                worker.process.join()
        self.workers = [None] * self.jobs
