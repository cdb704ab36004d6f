"""SIGTERM ends a --jobs run and its workers (red team 17, report 11a, F4).

A CI job cancelled or ``docker stop`` sends SIGTERM.  Killed outright, the parent left its worker
processes running, holding stdout open until their files were done (a reader blocked 40 s).  Now
the run exits 143 (128 + SIGTERM) with one line, and no worker outlives it.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))
CORPUS = Path(__file__).parent / "corpus"


def _descendants(pid: int):
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        try:
            threads = os.listdir(f"/proc/{parent}/task")
        except FileNotFoundError:
            continue
        for thread in threads:
            try:
                children = [int(c) for c in Path(f"/proc/{parent}/task/{thread}/children").read_text().split()]
            except FileNotFoundError:
                continue
            found += children
            stack += children
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_sigterm_ends_the_run_and_its_workers(tmp_path):
    if not Path("/proc/self/task").exists():
        import pytest

        pytest.skip("needs /proc to see the workers")
    shutil.copytree(CORPUS, tmp_path / "corpus")
    run = subprocess.Popen([CLI, "check", "--no-cache", "-j", "2", "corpus"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        workers = []
        while time.monotonic() < deadline and len(workers) < 2 and run.poll() is None:
            workers = _descendants(run.pid)
            time.sleep(0.02)
        assert len(workers) >= 2, "the run ended before its workers were seen"
        os.kill(run.pid, signal.SIGTERM)
        _out, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    assert run.returncode == 143, err[-2000:]
    # with the counts Ctrl-C's line gives (red team 27, report 11a, minor note (a))
    assert err.decode().strip().splitlines()[-1].startswith("houston-codemod: terminated: nothing written; ")
    assert b"Traceback" not in err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_running(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _running(pid)]
