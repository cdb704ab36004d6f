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

from codemods.versions import VersionTable
from trust_cli import SCRIPT, run_cli

DOC_LINE = (
    'mutation {{ createDeployment(workspaceUuid: "w", label: "{label}", type: "airflow", '
    'airflowVersion: "2.3.1") {{ id }} }}'
)
SCRIPT_TEXT = textwrap.dedent(
    '''\
    import requests


    def deploy():  # built inside a function: edited on stdin too (module-level ones are held there, RT17 F21)
        doc = """
    mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.1") { id } }
    """
        requests.post("https://houston.example.com/v1", json={"query": doc})
    '''
)

# The explain tests name lines of this 6-line script (a module-level document; no stdin involved).
EXPLAINED_TEXT = textwrap.dedent(
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
        ["check", "--help"],
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
    for index in range(60):  # about 375 KB of diff and 170 KB of SARIF, well over a pipe's 64 KB
        lines.append(f'D{index} = """{DOC_LINE.format(label="x" * 3000)}"""')
        lines.append(f'requests.post(URL, json={{"query": D{index}}})')
    (tmp_path / "many.py").write_text("\n".join(lines) + "\n")
    # (The JSON report of these 60 documents is smaller than a pipe holds: all of it could be written.)
    for args in (["rewrite", "--diff", "--jobs", "2", "."], ["check", "--format", "sarif", "."]):
        process = subprocess.Popen(
            [SCRIPT, *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment()
        )
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=120) == 2, stderr
        assert first
        assert _one_error_line(stderr).startswith("houston-codemod: stdout closed")


def test_a_stdout_closed_at_start_or_full_is_one_line(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    closed = subprocess.run(
        [SCRIPT, "check", "s.py"], cwd=tmp_path, stderr=subprocess.PIPE, text=True, env=_environment(), timeout=120,
        preexec_fn=lambda: os.close(1),  # `houston-codemod check s.py >&-`
    )
    assert closed.returncode == 2
    assert _one_error_line(closed.stderr) == "houston-codemod: stdout is closed; the output is incomplete"
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [SCRIPT, "rewrite", "--diff", "s.py"], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True,
            env=_environment(), timeout=120,
        )
        helped = subprocess.run(
            [SCRIPT, "schema", "diff", "--help"], cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, text=True,
            env=_environment(), timeout=120,
        )
    for run in (completed, helped):
        assert run.returncode == 2
        assert _one_error_line(run.stderr) == (
            "houston-codemod: cannot write to stdout: No space left on device; the output is incomplete"
        )


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
    (tmp_path / "s.py").write_text(EXPLAINED_TEXT)
    (tmp_path / "sub").mkdir()
    completed = run_cli("check", "--explain", target, cwd=tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stdout == ""
    assert _one_error_line(completed.stderr) == f"houston-codemod: --explain {target}: {cause}"


@pytest.mark.parametrize("target", ["s.py:4", "s.py:6", "s.py"])
def test_explain_of_a_real_line_still_explains(tmp_path, target):
    (tmp_path / "s.py").write_text(EXPLAINED_TEXT)
    completed = run_cli("check", "--explain", target, cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    if target == "s.py:6":  # the call's line holds no document
        assert completed.stdout == "no GraphQL document found at line 6\n"
    else:
        assert completed.stdout.startswith("s.py:3:7: Houston ((anonymous))\n")


def test_a_file_whose_name_has_a_colon_and_digits_is_a_path(tmp_path):
    (tmp_path / "s.py:4").write_text(EXPLAINED_TEXT)
    completed = run_cli("check", "--explain", "s.py:4", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("s.py:4:3:7: Houston")


# --- 3. fleet without clones --------------------------------------------------------------


def _fleet_configuration(path):
    (path / "repos.json").write_text(json.dumps({"r1": str(path / "remote-r1")}))
    configuration = path / "all-repos.json"
    configuration.write_text(json.dumps({
        "output_dir": "clones",
        "source": "all_repos.source.json_file",
        "source_settings": {"filename": str(path / "repos.json")},
        "push": "all_repos.push.readonly",
        "push_settings": {},
    }))
    configuration.chmod(0o600)
    return configuration


FLEET_COMMANDS = [[], ["--dry-run"], ["status"], ["status", "--format", "json"], ["status", "--format", "html"]]


@pytest.mark.parametrize("command", FLEET_COMMANDS, ids=lambda c: " ".join(c) or "autofix")
def test_fleet_before_all_repos_clone_says_what_to_run(tmp_path, command):
    configuration = _fleet_configuration(tmp_path)
    arguments = ["fleet", *command[:1], "-C", str(configuration), *command[1:]]
    completed = run_cli(*arguments, cwd=tmp_path)
    assert completed.returncode == 2
    assert completed.stdout == ""
    line = _one_error_line(completed.stderr)
    assert line == f"houston-codemod: {tmp_path / 'clones'}: no such folder: no clones yet; run all-repos-clone -C {configuration}"

    (tmp_path / "clones").mkdir()  # made by hand, or all-repos-clone never finished
    completed = run_cli(*arguments, cwd=tmp_path)
    assert completed.returncode == 2 and completed.stdout == ""
    listing = tmp_path / "clones" / "repos_filtered.json"
    assert _one_error_line(completed.stderr) == (
        f"houston-codemod: {listing}: no such file: no clones yet; run all-repos-clone -C {configuration}"
    )

    listing.write_text("[1]")
    (tmp_path / "clones" / "repos.json").write_text("[1]")
    completed = run_cli(*arguments, cwd=tmp_path)
    assert completed.returncode == 2 and completed.stdout == ""
    assert "not all-repos' repository list; run all-repos-clone" in _one_error_line(completed.stderr)


def test_fleet_names_a_listed_clone_that_is_not_there(tmp_path):
    configuration = _fleet_configuration(tmp_path)
    (tmp_path / "clones").mkdir()
    for name in ("repos.json", "repos_filtered.json"):
        (tmp_path / "clones" / name).write_text(json.dumps({"r1": "x", "r2": "y"}))
    completed = run_cli("fleet", "-C", str(configuration), "--dry-run", cwd=tmp_path)
    assert completed.returncode == 2
    assert _one_error_line(completed.stderr) == (
        f"houston-codemod: {tmp_path / 'clones' / 'r1'}: not cloned (and 1 more); run all-repos-clone -C {configuration}"
    )
    completed = run_cli("fleet", "-C", str(configuration), "--dry-run", "--repos", "clones/r1", cwd=tmp_path)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr and "internal error" not in completed.stderr
    assert f"houston-codemod: r1: skipped: no such clone; run all-repos-clone -C {configuration}" in completed.stderr


# --- 4. notebook cell magics --------------------------------------------------------------

DOC = 'mutation { createDeployment(workspaceUuid: "w", label: "x", type: "airflow", airflowVersion: "2.3.1") { id } }'
SEND = 'requests.post("https://houston.example.com/v1", json={"query": DOC})\n'


def _notebook(*cells) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                 "source": cell.splitlines(keepends=True)}
                for cell in cells
            ],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
        },
        indent=1, sort_keys=True, ensure_ascii=False,
    ) + "\n"


PYTHON_BODY_MAGICS = ["%%time", "%%timeit -n 1 -r 1", "%%capture out --no-stderr", "%%prun -q", "\n  %%time"]


def test_python_body_cell_magics_are_migrated_and_round_trip(tmp_path):
    """One cell per magic (one run for all: the suite stays fast); the last starts after a blank line."""
    cells = [
        f'{magic}\nDOC{index} = """{DOC}"""\n%time x = 1\n{SEND.replace("DOC", f"DOC{index}")}'
        for index, magic in enumerate(PYTHON_BODY_MAGICS)
    ]
    original = _notebook("import requests\n", *cells)
    path = tmp_path / "n.ipynb"
    path.write_text(original)
    check = run_cli("check", "n.ipynb", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    for cell in range(2, 2 + len(PYTHON_BODY_MAGICS)):
        assert f"migrate-version-argument [cell {cell}]" in check.stdout
    completed = run_cli("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    # Byte for byte the original, but for the arguments; the magic lines are as they were.
    expected = original.replace('airflowVersion: \\"2.3.1\\"', 'runtimeVersion: \\"5.0.2\\"')
    assert expected.count("runtimeVersion") == len(PYTHON_BODY_MAGICS)
    assert path.read_text() == expected
    again = run_cli("rewrite", "n.ipynb", cwd=tmp_path)
    assert again.returncode == 0 and path.read_text() == expected


@pytest.mark.parametrize("magic", ["%%bash", "%%sql", "%%writefile deploy.py", "%%script sh"])
def test_another_language_cell_with_houston_evidence_is_reported_not_skipped(tmp_path, magic):
    body = (
        f"curl -X POST https://houston.example.com/v1 -d '{{\"query\": \"{DOC}\"}}'\n"
        if magic != "%%writefile deploy.py" else f'import requests\nDOC = """{DOC}"""\n{SEND}'
    )
    original = _notebook("import requests\n", f"{magic}\n{body}", "%%bash\nls -l\n")
    path = tmp_path / "n.ipynb"
    path.write_text(original)
    completed = run_cli("check", "--format", "json", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    findings = json.loads(completed.stdout)["findings"]
    name = magic.split()[0]
    # One finding, at the magic line of the cell with evidence; the plain `ls` cell holds none.
    assert [(f["line"], f["severity"], f["code"]) for f in findings] == [(18, "info", "cell-not-checked")]
    assert f"[cell 2] cell not checked: {name} cell" in findings[0]["message"]
    assert run_cli("rewrite", "n.ipynb", cwd=tmp_path).returncode == 0
    assert path.read_text() == original


def test_a_notebook_cell_that_is_not_an_object_is_one_line(tmp_path):
    (tmp_path / "n.ipynb").write_text('{"cells": [null], "metadata": {"title": "query"}, "nbformat": 4, "nbformat_minor": 5}')
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    completed = run_cli("rewrite", ".", cwd=tmp_path)
    assert completed.returncode == 2
    assert "houston-codemod: n.ipynb: not a Jupyter notebook: cell 1 is null, not an object" in completed.stderr.splitlines()
    assert "internal error" not in completed.stderr and "Traceback" not in completed.stderr
    assert "runtimeVersion" in (tmp_path / "s.py").read_text()  # the other file was still migrated


# --- 5. long + chains ---------------------------------------------------------------------

HEAD = DOC.replace('"', '\\"')


def _chain_script(literals: int) -> str:
    """A Houston document followed by ``literals`` one-space literals, all joined with ``+``."""
    chain = " + ".join([f'"{HEAD}"'] + ['" "'] * literals)
    return f"import requests\nDOC = {chain}\n{SEND}"


def _python_parses(text: str) -> bool:
    import ast

    try:
        ast.parse(text)
    except (RecursionError, SyntaxError, MemoryError):
        return False
    return True


def test_a_long_plus_chain_python_parses_is_migrated(tmp_path):
    """Deeper than Python's recursion limit (1,000) lets a recursive walk go, within what CPython parses."""
    import sys

    lengths = [n for n in (2500, 1800, 1300) if n > sys.getrecursionlimit() and _python_parses(_chain_script(n))]
    if not lengths:
        pytest.skip("this CPython's parser refuses every chain deeper than the recursion limit")
    text = _chain_script(lengths[0])
    (tmp_path / "long.py").write_text(text)
    completed = run_cli("rewrite", "long.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "RecursionError" not in completed.stderr and "internal error" not in completed.stderr
    assert (tmp_path / "long.py").read_text() == text.replace('airflowVersion: \\"2.3.1\\"', 'runtimeVersion: \\"5.0.2\\"')


@pytest.mark.parametrize("literals", [5000, 100000])
def test_a_chain_python_refuses_is_one_line_saying_so(tmp_path, literals):
    text = _chain_script(literals)
    (tmp_path / "long.py").write_text(text)
    (tmp_path / "s.py").write_text(SCRIPT_TEXT)
    completed = run_cli("rewrite", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr and "internal error" not in completed.stderr
    assert "runtimeVersion" in (tmp_path / "s.py").read_text()  # the other file goes on
    if _python_parses(text):  # a newer CPython may take it: then it is processed like any file
        assert completed.returncode == 0, completed.stderr
        assert "runtimeVersion" in (tmp_path / "long.py").read_text()
    else:
        assert completed.returncode == 2
        assert "houston-codemod: long.py: cannot parse Python: expression too deeply nested for Python's parser" in (
            completed.stderr.splitlines()
        )
        assert (tmp_path / "long.py").read_text() == text


def test_the_walk_of_a_plus_chain_is_linear(monkeypatch):
    """Counted, not timed: every literal test while a chain of N and one of 2N go through the pipeline."""
    from codemods.pipeline import BundledSchema, Options, process
    from codemods.sources import templates

    calls = {"n": 0}
    original = templates.is_literal

    def counting(node):
        calls["n"] += 1
        return original(node)

    monkeypatch.setattr(templates, "is_literal", counting)
    options = Options(BundledSchema(None), VersionTable.bundled(), rewrite=True, validate=False)
    counts = []
    for literals in (400, 800):
        calls["n"] = 0
        result = process("long.py", _chain_script(literals).encode(), options)
        assert result.error is None and result.changed
        counts.append(calls["n"])
    assert counts[0] > 400
    assert counts[1] <= 2.2 * counts[0], counts  # a quadratic walk would be about 4x
