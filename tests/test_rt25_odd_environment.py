"""Red team 24, report 11a (minor items): three environments that ended a run as "internal error".

* ``PYTHONIOENCODING=ascii`` with a file named ``dépl.py``: "internal error: UnicodeEncodeError", the whole
  report lost.  Output streams now write what their encoding cannot hold as escapes.
* Run from a folder deleted under the shell: "internal error: FileNotFoundError".  One line, exit 2.
* A ``pyproject.toml`` nesting arrays 100,000 deep: "internal error: RecursionError", no file named.
"""

import os
import subprocess
import sys

from trust_cli import SCRIPT, run_cli

TYPO = 'import requests\nQ = "query { workspacez { id } }"\nrequests.post("https://houston.example.com/v1", json={"query": Q})\n'


def _direct_script() -> str:
    # pyenv's shim is a shell script that cannot run from a deleted folder itself: the installed entry point
    if "/shims/" in SCRIPT:
        return os.path.join(os.path.dirname(sys.executable), "houston-codemod")
    return SCRIPT


def test_an_ascii_output_encoding_escapes_a_file_name(tmp_path):
    (tmp_path / "dépl.py").write_text(TYPO, encoding="utf-8")
    done = run_cli("check", "--no-cache", ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 1, done.stderr
    assert "d\\xe9pl.py:2:" in done.stdout, done.stdout
    assert "internal error" not in done.stderr, done.stderr


def test_a_deleted_working_directory_is_one_line(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run(
        ["bash", "-c", 'cd "$1" && rmdir "$1" && exec "$0" check --no-cache "$2"', _direct_script(), str(gone), str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("houston-codemod:")]
    assert len(lines) == 1 and "working directory" in lines[0] and "internal error" not in lines[0], done.stderr


def test_a_deeply_nested_pyproject_is_one_line_naming_it(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "pyproject.toml").write_text("[tool.houston-codemod]\nx = " + "[" * 100000 + "]" * 100000 + "\n")
    (tmp_path / "a.py").write_text(TYPO)
    done = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "pyproject.toml" in done.stderr and "internal error" not in done.stderr, done.stderr
