"""Red team 8 on trust: tokens in the result cache, ``fleet --help`` into a closed stdout.

Every test runs the installed console script in a child process.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_cache import CACHE, SCRIPT, one_tool, run, stats

from codemods import secret_scan

HOUSTON_TOKEN = "hsttokenSECRET0123456789abcdef"
GITHUB_TOKEN = "ghs_R8cacheLeak9876543210zyxwv"
TOKENS = {"HOUSTON_API_TOKEN": HOUSTON_TOKEN, "GITHUB_TOKEN": GITHUB_TOKEN}

# The token as an operation name (stored as the document's operations).
AS_NAME = "query {name}($n: String) {{\n  deployments(releaseName: $n) {{ id }}\n}}\n"
# The token behind ``Bearer`` in base64, quoted by graphql-core's message for a wrong default value.
AS_VALUE = 'query Foo($n: Int = "{value}") {{\n  deployments(releaseName: $n) {{ id }}\n}}\n'
# A script whose mutation is named by the token and rewritten (the entry would hold edits too).
AS_SCRIPT = '''import requests

HOUSTON = "https://houston.example.com/v1"
Q = """
mutation {name}($ws: Uuid!) {{
  createDeployment(workspaceUuid: $ws, label: "l", type: "airflow", airflowVersion: "2.2.5") {{ id }}
}}
"""


def create(ws):
    return requests.post(HOUSTON, json={{"query": Q, "variables": {{"ws": ws}}}})
'''
CLEAN = "query Clean($n: String) {\n  deployments(releaseName: $n) { id }\n}\n"


def token_project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "q").mkdir(parents=True)
    (root / ".git").mkdir()
    files = {
        "plain.graphql": AS_NAME.format(name=HOUSTON_TOKEN),
        "hex.graphql": AS_NAME.format(name="op_" + HOUSTON_TOKEN.encode().hex()),
        "b64.graphql": AS_VALUE.format(value=base64.b64encode(b"Bearer " + HOUSTON_TOKEN.encode()).decode()),
        "github.graphql": AS_NAME.format(name=GITHUB_TOKEN),
        f"{HOUSTON_TOKEN}.graphql": CLEAN.replace("Clean", "Named"),  # in its path, which the key holds
        "script.py": AS_SCRIPT.format(name=HOUSTON_TOKEN),
        "clean.graphql": CLEAN,
    }
    for name, text in files.items():
        (root / "q" / name).write_text(text)
    return root


def cache_files(root: Path):
    return [path for path in (root / CACHE).rglob("*") if path.is_file()]


def holds_a_token(path: Path) -> bool:
    """Any spelling the redactor knows, in the bytes or in the entry's strings read as one stream."""
    held = list(TOKENS.values())
    raw = path.read_bytes()
    if secret_scan.leaks(raw.decode("utf-8", "replace"), held):
        return True
    payload = raw.partition(b"\n")[2]
    try:
        return secret_scan.leaks(secret_scan.json_text(json.loads(payload)), held)
    except ValueError:
        return False


@one_tool
def test_an_entry_holding_a_token_is_not_stored_and_the_warm_run_reports_the_same(tmp_path):
    root = token_project(tmp_path)
    # Without the tokens in the environment nothing is secret: the entries then do hold the text,
    # which is what shows that the files put it into findings, documents and keys.
    bare = run("check", "q", cwd=root)
    assert stats(bare)[:3] == (7, 0, 7), bare.stderr
    assert sum(holds_a_token(path) for path in cache_files(root)) == 6
    shutil.rmtree(root / CACHE)

    first = run("check", "--format", "json", "q", cwd=root, **TOKENS)
    assert stats(first)[:3] == (7, 0, 1), first.stderr  # only clean.graphql's entry is written
    assert cache_files(root) and not [path for path in cache_files(root) if holds_a_token(path)]
    second = run("check", "--format", "json", "q", cwd=root, **TOKENS)
    assert stats(second)[:3] == (6, 1, 0), second.stderr  # the token files are analysed again
    fresh = run("check", "--no-cache", "--format", "json", "q", cwd=root, **TOKENS)
    assert first.returncode == second.returncode == fresh.returncode == 1
    assert first.stdout == second.stdout == fresh.stdout
    report = json.loads(second.stdout)
    assert {"variables-in-allowed-position", "values-of-correct-type", "migrate-version-argument"} <= {
        finding["code"] for finding in report["findings"]
    }
    assert not secret_scan.leaks((second.stdout + second.stderr).decode(), list(TOKENS.values()))
    assert not [path for path in cache_files(root) if holds_a_token(path)]


# ---- help into a stdout that takes nothing ----------------------------------------------------

HELPS = [["fleet", "--help"], ["fleet", "-h"], ["fleet", "status", "--help"], ["check", "--help"], ["--help"]]
STDOUT_TROUBLE = {
    "closed": "houston-codemod: stdout is closed; the output is incomplete",
    "broken-pipe": "houston-codemod: stdout closed before all output was written (broken pipe); the output is incomplete",
    "full": "houston-codemod: cannot write to stdout: No space left on device; the output is incomplete",
}


def run_with_stdout(command, how, cwd):
    """``command >&-``, ``command | true`` (the reader gone before the start: EPIPE), ``command >/dev/full``."""
    common = dict(cwd=cwd, stderr=subprocess.PIPE, text=True, timeout=120,
                  env={k: v for k, v in os.environ.items() if not k.startswith("HOUSTON_")})
    if how == "closed":
        return subprocess.run(command, preexec_fn=lambda: os.close(1), **common)
    if how == "full":
        with open("/dev/full", "w") as full:
            return subprocess.run(command, stdout=full, **common)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(command, stdout=write_end, **common)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("how", sorted(STDOUT_TROUBLE))
@pytest.mark.parametrize("args", HELPS, ids=" ".join)
def test_help_into_a_stdout_that_takes_nothing_is_one_line_and_exit_2(tmp_path, args, how):
    """argparse (fleet's options are all-repos') swallowed the write error and exited 0; with stdout
    closed at start it even wrote the help to stderr, and click dropped it without a word."""
    if how == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    completed = run_with_stdout([SCRIPT, *args], how, tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.splitlines() == [STDOUT_TROUBLE[how]]


@pytest.mark.parametrize("how", ["closed", "full"])
def test_python_m_codemods_fleet_keeps_the_same_contract(tmp_path, how):
    if how == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    completed = run_with_stdout([sys.executable, "-m", "codemods.fleet", "--help"], how, tmp_path)
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.splitlines() == [STDOUT_TROUBLE[how]]


def test_fleet_with_stdout_closed_is_not_an_internal_error(tmp_path):
    """all-repos asks ``sys.stdout.isatty()`` for ``--color auto``: None there was an internal error line."""
    completed = run_with_stdout([SCRIPT, "fleet", "status", "-C", tmp_path / "none.json"], "closed", tmp_path)
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        f"houston-codemod: {tmp_path / 'none.json'}: no such all-repos configuration (give one with -C)"
    ]


def test_help_into_an_open_pipe_is_all_there_and_exit_0(tmp_path):
    for args in HELPS:
        completed = subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=120, cwd=tmp_path)
        assert completed.returncode == 0 and completed.stderr == "", completed.stderr
        assert completed.stdout.startswith("Usage:" if args[0] != "fleet" else "usage:"), completed.stdout[:80]
