"""The command-line contract: output shapes and exit codes."""

import json
import subprocess
import sys

import pytest
from helpers import cli_runner

from codemods.cli import main

MIGRATABLE = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
MIGRATED = MIGRATABLE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
INVALID = 'Q = """query { deployments { id\n  nosuchField } }"""\n\nimport requests\nrequests.post("https://houston.example.com/v1", json={"query": Q})\n'  # sent to a Houston URL: a field Houston's types lack makes a words-only document undecided (red team 6, F1c)
CLEAN = "print('hello')\n"


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "migrate.py").write_text(MIGRATABLE)
    (tmp_path / "clean.py").write_text(CLEAN)
    skipped = tmp_path / "node_modules"
    skipped.mkdir()
    (skipped / "vendored.py").write_text(MIGRATABLE)
    venv = tmp_path / "env"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /usr\n")
    (venv / "lib.py").write_text(MIGRATABLE)
    return tmp_path


def invoke(*args, input=None):
    return cli_runner().invoke(main, list(args), input=input)


def test_rewrite_writes_in_place_and_exits_0(tree):
    result = invoke("rewrite", str(tree))
    assert result.exit_code == 0, result.output
    assert (tree / "migrate.py").read_text() == MIGRATED
    assert (tree / "node_modules" / "vendored.py").read_text() == MIGRATABLE
    assert (tree / "env" / "lib.py").read_text() == MIGRATABLE


def test_rewrite_diff_prints_and_writes_nothing(tree):
    result = invoke("rewrite", "--diff", str(tree))
    assert result.exit_code == 1
    assert '+Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", runtimeVersion: "5.0.2")' in result.stdout
    assert (tree / "migrate.py").read_text() == MIGRATABLE


def test_rewrite_check_lists_files_and_exits_1(tree):
    result = invoke("rewrite", "--check", str(tree))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [str(tree / "migrate.py")]
    assert (tree / "migrate.py").read_text() == MIGRATABLE


def test_rewrite_check_exits_0_when_nothing_changes(tree):
    (tree / "migrate.py").write_text(MIGRATED)
    assert invoke("rewrite", "--check", str(tree)).exit_code == 0


def test_rewrite_stdin_to_stdout():
    # A document built inside a function: a module-level one is held on stdin, whose importers are
    # unseen (red team 17, 11b, F21; tests/test_rt18_entry_points.py).
    local = "def f():\n    " + MIGRATABLE + "    send(Q)\n"
    result = invoke("rewrite", "-", input=local)
    assert result.exit_code == 0
    assert result.stdout == local.replace(MIGRATABLE, MIGRATED)


def test_check_exits_1_on_error_with_position(tmp_path):
    (tmp_path / "bad.py").write_text(INVALID)
    result = invoke("check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'bad.py'}:2:3: error fields-on-correct-type Cannot query field 'nosuchField' on type 'Deployment'."
    ]


def test_check_warnings_alone_exit_0(tree):
    result = invoke("check", str(tree))
    assert result.exit_code == 0
    assert " warning deprecated " in result.stdout


def test_check_json_shape(tree):
    (tree / "bad.py").write_text(INVALID)
    result = invoke("check", "--format", "json", str(tree))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["files"] == 3
    assert {d["path"]: (d["line"], d["column"], d["operations"], d["houston"]) for d in report["documents"]} == {
        str(tree / "bad.py"): (1, 5, [None], True),
        str(tree / "migrate.py"): (1, 5, [None], True),
    }
    error = next(f for f in report["findings"] if f["severity"] == "error")
    assert error == {
        "path": str(tree / "bad.py"),
        "line": 2,
        "column": 3,
        "end_line": 2,
        "end_column": 14,
        "severity": "error",
        "code": "fields-on-correct-type",
        "message": "Cannot query field 'nosuchField' on type 'Deployment'.",
    }


def test_unparseable_file_exits_2_and_others_still_processed(tree):
    (tree / "broken.py").write_text("def f(:\n    query = 'mutation { deleteDeployment }'\n")
    result = invoke("rewrite", str(tree))
    assert result.exit_code == 2
    assert (tree / "migrate.py").read_text() == MIGRATED
    (line,) = [line for line in result.stderr.splitlines() if "broken.py" in line]
    assert "cannot parse Python" in line


def test_missing_path_exits_2_with_one_line(tree):
    result = invoke("check", str(tree / "nope"), str(tree))
    assert result.exit_code == 2
    error, summary = result.stderr.strip().splitlines()
    assert error == f"houston-codemod: {tree / 'nope'}: no such file or directory"
    assert summary.startswith("houston-codemod: 2 files scanned, 1 documents found")


def test_bad_schema_exits_2(tmp_path):
    (tmp_path / "schema.graphql").write_text("type Query { broken(: }")
    result = invoke("check", "--schema", str(tmp_path / "schema.graphql"), str(tmp_path))
    assert result.exit_code == 2
    assert "schema does not parse" in result.stderr
    assert "Traceback" not in result.output


def test_usage_error_exits_2():
    assert invoke("check", "--format", "yaml").exit_code == 2
    assert invoke("rewrite", "--nope").exit_code == 2


def test_console_script_help_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "codemods", "--help"], capture_output=True, text=True, check=True
    )
    assert "rewrite" in completed.stdout and "check" in completed.stdout


def test_help_imports_neither_libcst_nor_graphql():
    code = "import sys, runpy; sys.argv = ['houston-codemod', '--help']\n" \
        "try:\n    runpy.run_module('codemods', run_name='__main__')\nexcept SystemExit:\n    pass\n" \
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('libcst', 'graphql', 'gql')))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "[]"


def test_progress_bar_on_a_terminal_and_summary_always(tmp_path):
    import os
    import pty

    for n in range(30):
        (tmp_path / f"s{n:02}.py").write_text(MIGRATABLE)
    primary, secondary = pty.openpty()
    completed = subprocess.run(
        [sys.executable, "-m", "codemods", "check", "--jobs", "1", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=secondary, timeout=120,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    terminal = b"".join(chunks).decode()
    assert completed.returncode == 0
    assert "houston-codemod  [" in terminal and "100%" in terminal  # click's progress bar
    assert "30 files scanned, 30 documents found (30 for Houston), 30 would be rewritten" in terminal
