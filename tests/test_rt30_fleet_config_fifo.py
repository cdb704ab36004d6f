"""Red team 29 (report 11a), f3: ``fleet -C FIFO`` and ``fleet status -C FIFO`` blocked for ever on a named pipe
nobody writes to (all-repos opens the configuration as it is), and a SIGTERM then printed ``cfg.json: 143``.
Only a regular file is read: one line naming it, exit 2, at once.  Control: a missing file keeps its line."""

import os

import pytest

from trust_cli import run_cli


@pytest.mark.parametrize("command", [["fleet", "--dry-run"], ["fleet", "status"]])
def test_a_fifo_configuration_is_one_line_not_a_hang(tmp_path, command):
    os.mkfifo(tmp_path / "cfg.json", 0o600)
    done = run_cli(*command, "-C", "cfg.json", cwd=tmp_path, timeout=30)
    assert done.returncode == 2, done.stderr
    assert "cfg.json: not a regular file" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_a_missing_configuration_keeps_its_line(tmp_path):
    done = run_cli("fleet", "status", "-C", "absent.json", cwd=tmp_path, timeout=30)
    assert done.returncode == 2 and "absent.json" in done.stderr and "Traceback" not in done.stderr
