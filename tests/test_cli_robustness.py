"""CLI robustness left over from red-team passes 3 and 4 (issue 11), through the installed command.

Each class below was a wrong exit code, a silent skip or a crash seen by a user:

1. output to a pipe whose reader has gone exited 1 (the code for "findings") with no word;
2. ``check --explain FILE:0`` (a line that cannot be) exited 0;
3. ``fleet`` without clones ended in ``internal error: FileNotFoundError``;
4. notebook cells starting with ``%%time`` (Python inside) were skipped silently, and so
   were ``%%bash`` cells holding Houston calls;
5. long ``+`` chains of string literals crashed the walk with a RecursionError.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest

from trust_cli import SCRIPT, run_cli

DOC_LINE = (
    'mutation {{ createDeployment(workspaceUuid: "w", label: "{label}", type: "airflow", '
    'airflowVersion: "2.3.1") {{ id }} }}'
)
SCRIPT_TEXT = textwrap.dedent(
    '''\
    import requests

    DOC = """
    mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.1") { id } }
    """
    requests.post("https://houston.example.com/v1", json={"query": DOC})
    '''
)


def _environment():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("HOUSTON_")}
    environment.pop("GITHUB_STEP_SUMMARY", None)
    return environment


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    return lines[0]


# --- 1. a closed stdout -------------------------------------------------------------------


def _run_into_closed_pipe(args, cwd):
    """The command writing into a pipe nobody reads any more (its read end closed before the start).

    SIGPIPE is left as Python sets it (ignored), so the write fails with EPIPE as in ``| true``.
    """
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [SCRIPT, *args], cwd=cwd, stdout=write_end, stderr=subprocess.PIPE, env=_environment(),
            timeout=120, text=True,
        )
    finally:
        os.close(write_end)


def _git_repository_with_change(path):
    def git(*args):
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=path, check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("commit", "-q", "--allow-empty", "-m", "base")
    (path / "s.py").write_text(SCRIPT_TEXT)
    git("add", "s.py")
    git("commit", "-q", "-m", "a script")


@pytest.mark.parametrize(
    "args",
    [
        ["check", "."],
        ["check", "--format", "json", "."],
        ["rewrite", "--diff", "."],
        ["rewrite", "-"],
        ["schema", "diff", "1.0.0", "1.0.1"],
        ["review", "--changed-since", "HEAD~1", "."],
        ["--help"],
    ],
    ids=lambda args: " ".join(args),
)
def test_output_into_a_closed_pipe_is_trouble_in_one_line(tmp_path, args):
    _git_repository_with_change(tmp_path)
    if args == ["rewrite", "-"]:
        read_end, write_end = os.pipe()
        os.close(read_end)
        with open(tmp_path / "s.py", "rb") as stdin:
            try:
                completed = subprocess.run(
                    [SCRIPT, *args], cwd=tmp_path, stdin=stdin, stdout=write_end, stderr=subprocess.PIPE,
                    env=_environment(), timeout=120, text=True,
                )
            finally:
                os.close(write_end)
    else:
        completed = _run_into_closed_pipe(args, tmp_path)
    line = _one_error_line(completed.stderr)
    assert line.startswith("houston-codemod: stdout closed"), line
    assert completed.returncode == 2
    assert (tmp_path / "s.py").read_text() == SCRIPT_TEXT  # a filter's closed output writes no file


def test_a_reader_that_stops_after_one_line_makes_the_run_trouble(tmp_path):
    """``| head -1`` on output larger than the pipe holds: the rest cannot be written."""
    lines = ["import requests", "URL = 'https://houston.example.com/v1'"]
    for index in range(40):  # about 250 KB of diff, well over a pipe's 64 KB
        lines.append(f'D{index} = """{DOC_LINE.format(label="x" * 3000)}"""')
        lines.append(f'requests.post(URL, json={{"query": D{index}}})')
    (tmp_path / "many.py").write_text("\n".join(lines) + "\n")
    for args in (["rewrite", "--diff", "--jobs", "2", "."], ["check", "--format", "json", "."]):
        process = subprocess.Popen(
            [SCRIPT, *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment()
        )
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 2, stderr
        assert first
        assert _one_error_line(stderr).startswith("houston-codemod: stdout closed")


def test_an_open_pipe_still_gets_everything(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    completed = run_cli("rewrite", "--diff", ".", cwd=tmp_path)
    assert completed.returncode == 1
    assert "+mutation { createDeployment(" in completed.stdout and "runtimeVersion" in completed.stdout
    assert "stdout closed" not in completed.stderr


# --- 2. check --explain PATH:LINE ---------------------------------------------------------


@pytest.mark.parametrize(
    "target, cause",
    [
        ("s.py:0", "line 0: lines count from 1"),
        ("s.py:-1", "'-1' is not a line number (PATH:LINE, lines count from 1)"),
        ("s.py:abc", "'abc' is not a line number (PATH:LINE, lines count from 1)"),
        ("s.py:", "'' is not a line number (PATH:LINE, lines count from 1)"),
        ("s.py:7", "line 7 is past the end of s.py (6 lines)"),
        ("s.py:999999", "line 999999 is past the end of s.py (6 lines)"),
        ("missing.py", "no such file or directory"),
        ("missing.py:3", "missing.py: no such file or directory"),
        ("sub:2", "sub is a folder: a line number needs a file"),
    ],
)
def test_explain_of_a_line_that_cannot_be_is_one_line_and_exit_2(tmp_path, target, cause):
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    (tmp_path / "sub").mkdir()
    completed = run_cli("check", "--explain", target, cwd=tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
    assert _one_error_line(completed.stderr) == f"houston-codemod: --explain {target}: {cause}"


@pytest.mark.parametrize("target", ["s.py:4", "s.py:6", "s.py"])
def test_explain_of_a_real_line_still_explains(tmp_path, target):
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    completed = run_cli("check", "--explain", target, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    if target == "s.py:6":  # the call's line holds no document
        assert completed.stdout == "no GraphQL document found at line 6\n"
    else:
        assert completed.stdout.startswith("s.py:3:7: Houston ((anonymous))\n")


def test_a_file_whose_name_has_a_colon_and_digits_is_a_path(tmp_path):
    (tmp_path / "s.py:4").write_text(SCRIPT_TEXT)
    completed = run_cli("check", "--explain", "s.py:4", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("s.py:4:3:7: Houston")
