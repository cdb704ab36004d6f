"""The worker pool's chunks (issue 15, validation row): a window of many small files goes to the
workers in chunks of up to ``runner.MAX_CHUNK`` files, not two at a time (each chunk's round trip
cost more than validating a small .graphql file), and a worker that dies still costs only the one
file it was running: the rest of its chunk is run again.  Work is counted (chunks handed over),
never timed; the installed CLI's own kill test is tests/test_trust_files.py."""

import multiprocessing
import os
import signal

import pytest

from codemods import runner
from codemods.files import Discovered
from codemods.pipeline import FileResult

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method(allow_none=False) != "fork", reason="the fake pipeline reaches workers by fork"
)


def _fake_process(path, data, options):
    if path.endswith("killer"):
        os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does, on this file only
    return FileResult(path, new_text=data.decode())


def _busy(count, killer=None):
    return [
        (Discovered(f"f{i:04d}" + ("killer" if i == killer else "")), f"text {i}".encode()) for i in range(count)
    ]


def _map(monkeypatch, busy, jobs=2):
    monkeypatch.setattr(runner, "process", _fake_process)
    submitted = []
    submit = runner._Pool._submit
    monkeypatch.setattr(runner._Pool, "_submit", lambda self, slot, chunk: submitted.append(len(chunk)) or submit(self, slot, chunk))
    pool = runner._Pool(object(), jobs)  # the fake pipeline reads no options
    try:
        results = [result for result, _ in pool.map(busy)]
    finally:
        pool.close()
    return results, submitted


def test_chunk_sizes():
    assert runner.chunk_size(10, 2) == runner.CHUNK  # few files: small chunks, no worker idles
    assert runner.chunk_size(1000, 2) == runner.MAX_CHUNK
    assert runner.chunk_size(200, 2) == 6  # every worker still gets CHUNKS_PER_WORKER chunks
    assert runner.chunk_size(10 ** 6, 64) == runner.MAX_CHUNK < runner.RUNNING


def test_many_files_go_in_few_chunks_in_order(monkeypatch):
    busy = _busy(1000)
    results, submitted = _map(monkeypatch, busy)
    assert [r.path for r in results] == [item.path for item, _ in busy]
    assert all(r.error is None and r.new_text == f"text {i}" for i, r in enumerate(results))
    assert len(submitted) == 63 and max(submitted) == runner.MAX_CHUNK  # was 500 chunks of 2


def test_a_dead_worker_costs_only_the_file_it_was_running(monkeypatch):
    busy = _busy(1000, killer=517)  # in the middle of a 16-file chunk
    results, submitted = _map(monkeypatch, busy)
    assert [r.path for r in results] == [item.path for item, _ in busy]  # every file once, in order
    died = [r for r in results if r.error]
    assert [r.path for r in died] == ["f0517killer"]
    assert died[0].error == "f0517killer: worker died (killed by a signal or out of memory); not processed"
    assert all(r.new_text == f"text {i}" for i, r in enumerate(results) if i != 517)
    assert 15 in submitted  # the dead file's chunk ran again without it


def test_a_dead_worker_on_a_chunks_first_and_last_file(monkeypatch):
    for killer in (512, 527, 999):
        busy = _busy(1000, killer=killer)
        results, _ = _map(monkeypatch, busy)
        assert [r.path for r in results if r.error] == [busy[killer][0].path]
        assert len(results) == 1000
