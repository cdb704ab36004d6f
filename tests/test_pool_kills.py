"""Issue 11: a worker killed at any moment costs the file it was on, never a hung run.

The installed CLI runs with a ``sitecustomize`` (on PYTHONPATH, for these runs only) that
SIGKILLs a worker, as the OOM killer would, at a chosen file: while running it ("run"), part
way through writing its result to the parent ("send": the half message that left
ProcessPoolExecutor's reader waiting forever, the hang 5ff84a9 reverted 16-file chunks for),
or just after its result went out ("after": between two files, or at a chunk's end).  One
run kills at every position of a chunk (one chunk each), so every position and both chunk
boundaries are covered; each run has a timeout, so a hang fails the test instead of hanging
the suite.  Outcomes are counted (lines, rewritten files), never timed.
"""

import os
import signal
import subprocess
import sys

import pytest

from codemods import pool

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
DOC = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'
LINE = 'Q = """' + DOC + '"""\n'
MIGRATED = LINE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
DIED = ": worker died (killed by a signal or out of memory); not processed"

# Kills the worker that handles a file named in HCM_TEST_KILL ("mode:name,name,...").
HOOK = r'''
import os, signal, struct
_spec = os.environ.get("HCM_TEST_KILL")
if _spec:
    from multiprocessing import connection
    from codemods import runner
    _mode, _names = _spec.split(":", 1)
    _names = set(_names.split(","))
    _parent = os.getpid()
    _armed = []
    _real_run, _real_send = runner._run, connection.Connection._send_bytes

    def _die():
        os.kill(os.getpid(), signal.SIGKILL)

    def _run(busy, options, cache=None):
        if os.getpid() != _parent and os.path.basename(busy[0].path) in _names:
            if _mode == "run":
                _die()
            _armed.append(_mode)  # the next result this worker sends
        return _real_run(busy, options, cache)

    def _send_bytes(self, buf):
        if not _armed or os.getpid() == _parent:
            return _real_send(self, buf)
        mode = _armed.pop()
        if mode == "send":
            data = struct.pack("!i", len(buf)) + bytes(buf)
            os.write(self._handle, data[: len(data) // 2])  # the length and half the result
            _die()
        _real_send(self, buf)
        _die()

    runner._run = _run
    connection.Connection._send_bytes = _send_bytes
'''


def _tree(directory, count):
    directory.mkdir()
    for n in range(count):
        (directory / f"s{n:04}.py").write_text(LINE)
    return sorted(directory.iterdir())


def _run_killing(tmp_path, name, mode, victims, files):
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(HOOK)
    environment = dict(os.environ, PYTHONPATH=str(hook), HCM_TEST_KILL=f"{mode}:" + ",".join(p.name for p in victims))
    process = subprocess.Popen(
        [CLI, "rewrite", "--jobs", "2", "--no-cache", str(tmp_path / name)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=120)  # a guard: a hung run fails here
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"the run hung after a worker was killed ({mode})")
    rewritten = {path for path in files if path.read_text() == MIGRATED}
    return process.returncode, stderr.decode().splitlines(), rewritten


def _layout():
    """A file count whose windows go in chunks of MAX_CHUNK, and one victim per position of a
    chunk: position j of chunk 2j+1 (every other chunk, so no two kills share a chunk)."""
    size = pool.MAX_CHUNK
    count = max(pool.CHUNKS_PER_WORKER * 2 * size, (2 * size + 1) * size)
    assert pool.chunk_size(count, 2) == size
    return count, [(2 * j + 1) * size + j for j in range(size)]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
@pytest.mark.parametrize("mode", ["run", "send", "send", "run"])
def test_a_worker_killed_on_a_file_costs_that_file_only(tmp_path, mode):
    count, positions = _layout()
    files = _tree(tmp_path / "tree", count)
    victims = [files[i] for i in positions]
    returncode, stderr, rewritten = _run_killing(tmp_path, "tree", mode, victims, files)
    assert returncode == 2, stderr
    died = [line for line in stderr if line.endswith(DIED)]
    assert died == [f"houston-codemod: {path}{DIED}" for path in victims]  # each once, in order
    assert rewritten == set(files) - set(victims)  # every other file was still processed
    assert stderr[-1].startswith(f"houston-codemod: {count} files scanned, ") and f", {count - len(victims)} rewritten," in stderr[-1]


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs process groups")
def test_a_worker_killed_between_files_or_chunks_costs_nothing(tmp_path):
    count, positions = _layout()
    files = _tree(tmp_path / "tree", count)
    victims = [files[i] for i in positions]  # the last one ends its chunk: a kill between chunks
    returncode, stderr, rewritten = _run_killing(tmp_path, "tree", "after", victims, files)
    assert [line for line in stderr if DIED in line] == []
    assert returncode == 0, stderr
    assert rewritten == set(files)


def _in_process_pool(run, files=12):
    from codemods.files import Discovered

    busy = [(Discovered(f"f{i}"), b"x") for i in range(files)]
    workers = pool.Pool(None, 2, None, run=run, failed=lambda path, exc: f"{path}: {exc}")
    try:
        results = [result for result, _ in workers.map(busy)]
    finally:
        workers.close()
    assert [r.path for r in results] == [f"f{i}" for i in range(files)]  # each file once, in order
    return results, workers.started


def _dies(busy, options, cache):
    os.kill(os.getpid(), signal.SIGKILL)


def _dies_unmarked(busy, options, cache):
    caller = sys._getframe(1).f_locals  # pool._serve's: clear the file's mark, as if not yet begun
    caller["states"][caller["slot"]] = 0
    os.kill(os.getpid(), signal.SIGKILL)


needs_fork = pytest.mark.skipif(
    not hasattr(os, "fork") or __import__("multiprocessing").get_start_method() != "fork", reason="the runs reach workers by fork"
)


@needs_fork
def test_every_file_killing_its_worker_costs_each_file_once():
    results, started = _in_process_pool(_dies)
    assert [r.error for r in results] == [f"f{i}{DIED}" for i in range(12)]
    assert started == 2 + 12  # a replacement per death, and each death was one file's


@needs_fork
def test_deaths_nothing_explains_still_end_the_run():
    """A worker that dies with no file marked costs no file, up to DEATHS_WITHOUT_CULPRIT such
    deaths in a row with no result between them; then the file it held is charged, so even a pool
    whose every worker dies at once ends."""
    results, started = _in_process_pool(_dies_unmarked)
    assert [r.error for r in results] == [f"f{i}{DIED}" for i in range(12)]
    assert started == 2 + pool.DEATHS_WITHOUT_CULPRIT + 12


def _fine(busy, options, cache):
    from codemods.pipeline import FileResult

    return FileResult(busy[0].path, new_text=busy[1].decode()), False


@needs_fork
def test_workers_dead_before_any_chunk_are_replaced_and_cost_nothing():
    from codemods.files import Discovered

    workers = pool.Pool(None, 2, None, run=_fine, failed=lambda path, exc: f"{path}: {exc}")
    try:
        for worker in workers.workers:
            os.kill(worker.process.pid, signal.SIGKILL)
            worker.process.join()
        busy = [(Discovered(f"f{i}"), b"x%d" % i) for i in range(12)]
        results = [result for result, _ in workers.map(busy)]
    finally:
        workers.close()
    assert [(r.path, r.error, r.new_text) for r in results] == [(f"f{i}", None, f"x{i}") for i in range(12)]
    assert workers.started == 4
