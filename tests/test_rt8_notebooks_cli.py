"""Red team 8 (F3-F6, minor notes), through the installed ``houston-codemod`` console script.

F3: a notebook whose kernel is not Python is never read as Python (no edit, one info item).
F4: malformed or hostile notebooks are one line naming the file and the cause, never
"internal error"; a cell holding a lone surrogate is not read, the other cells are.
F5: ``rewrite --format F`` without ``--check`` is refused instead of rewriting in place.
Minor: ``{"pull_request": {"number": true}}`` is not pull request #1.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

SCRIPT = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"

UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    desiredAirflowVersion
  }
}
"""


def houston(query, variables=None):
    r = requests.post(HOUSTON_URL, json={"query": query, "variables": variables or {}}, headers={"authorization": "x"})
    return r.json()["data"]


def upgrade(deployment_uuid):
    data = houston(UPGRADE, {"deploymentUuid": deployment_uuid, "desiredAirflowVersion": "2.4.3-6"})
    return data["updateDeploymentAirflow"]["id"]
'''


def run(*args, cwd, env=None, stdin=None):
    full_env = dict(os.environ, HOUSTON_CODEMOD_NO_CACHE="1", **(env or {}))
    return subprocess.run([CLI, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120, stdin=stdin)


def code_cell(text):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": text.splitlines(keepends=True)}


def notebook(cells, metadata=None, ensure_ascii=False):
    data = {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=ensure_ascii) + "\n"


def findings(result):
    assert result.stdout, result.stderr
    return json.loads(result.stdout)["findings"]


# ---- F3: kernel language --------------------------------------------------------------------------

R_KERNEL = {"kernelspec": {"display_name": "R", "language": "R", "name": "ir"}, "language_info": {"name": "R"}}
PYTHON_KERNEL = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}}


@pytest.mark.parametrize("metadata", [
    R_KERNEL,
    {"kernelspec": {"language": "julia", "name": "julia-1.9"}},
    {"language_info": {"name": "scala"}},
], ids=["R", "julia-kernelspec-only", "scala-language-info-only"])
def test_a_non_python_kernel_is_not_read_even_where_a_cell_parses_as_python(tmp_path, metadata):
    text = notebook([code_cell(SCRIPT)], metadata)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    checked = run("check", "--format", "json", "nb.ipynb", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    items = findings(checked)
    assert [(f["code"], f["severity"]) for f in items] == [("cell-not-checked", "info")]
    assert "kernel language" in items[0]["message"] and "[cell 1]" in items[0]["message"]
    rewritten = run("rewrite", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "nb.ipynb").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("metadata", [PYTHON_KERNEL, {}], ids=["python-kernel", "no-kernelspec"])
def test_a_python_or_unnamed_kernel_is_still_migrated(tmp_path, metadata):
    text = notebook([code_cell(SCRIPT)], metadata)
    (tmp_path / "nb.ipynb").write_text(text, encoding="utf-8")
    rewritten = run("rewrite", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    after = json.loads((tmp_path / "nb.ipynb").read_text(encoding="utf-8"))
    assert "$desiredRuntimeVersion" in "".join(after["cells"][0]["source"])


def test_a_real_r_notebook_is_not_a_python_parse_error(tmp_path):
    r_code = ('library(httr)\nhouston_url <- "https://houston.example.com/v1"\n'
              "q <- 'mutation { createDeployment(workspaceUuid: \"w\", label: \"etl\", type: \"airflow\", "
              "airflowVersion: \"2.3.4\") { id } }'\n"
              'r <- POST(houston_url, body = list(query = q), encode = "json", add_headers(authorization = "x"))\n')
    (tmp_path / "r.ipynb").write_text(notebook([code_cell(r_code)], R_KERNEL), encoding="utf-8")
    checked = run("check", "r.ipynb", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "cannot parse Python" not in checked.stderr
    assert "info cell-not-checked" in checked.stdout


def test_a_non_python_kernel_without_houston_evidence_is_silent(tmp_path):
    (tmp_path / "nb.ipynb").write_text(notebook([code_cell('x <- 1\nprint(x)\n')], R_KERNEL), encoding="utf-8")
    checked = run("check", "--format", "json", "nb.ipynb", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["findings"] == []


# ---- F4: hostile notebooks --------------------------------------------------------------------------


def test_a_lone_surrogate_cell_is_not_read_the_other_cells_are_and_nothing_is_written(tmp_path):
    # ensure_ascii: the only way a JSON file holds "\ud800" (UTF-8 cannot).
    text = notebook([code_cell('x = "\ud800"\n'), code_cell(SCRIPT)], ensure_ascii=True)
    (tmp_path / "nb.ipynb").write_text(text, encoding="ascii")
    checked = run("check", "--format", "json", "nb.ipynb", cwd=tmp_path)
    assert "internal error" not in checked.stderr
    codes = {(f["code"], f["message"].split("]")[0]) for f in findings(checked)}
    assert ("cell-not-checked", "[cell 1") in codes
    assert ("migrate-version-variable", "[cell 2") in codes  # the other cell was checked
    rewritten = run("rewrite", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 2
    errors = [line for line in rewritten.stderr.splitlines() if "nb.ipynb:" in line and "surrogate" in line]
    assert len(errors) == 1 and "not rewritten" in errors[0], rewritten.stderr
    assert "internal error" not in rewritten.stderr
    assert (tmp_path / "nb.ipynb").read_text(encoding="ascii") == text


def test_a_lone_surrogate_cell_without_changes_elsewhere_is_not_an_error(tmp_path):
    text = notebook([code_cell('x = "\ud800"\n'), code_cell("print(1)\n")], ensure_ascii=True)
    (tmp_path / "nb.ipynb").write_text(text, encoding="ascii")
    rewritten = run("rewrite", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "nb.ipynb").read_text(encoding="ascii") == text


def test_outputs_nested_too_deeply_are_one_line(tmp_path):
    depth = 100_000
    cell = code_cell(SCRIPT)
    cell["outputs"] = ["@@"]
    text = notebook([cell]).replace('"@@"', "[" * depth + "]" * depth)
    (tmp_path / "deep.ipynb").write_text(text, encoding="utf-8")
    for command in ("check", "rewrite"):
        result = run(command, "deep.ipynb", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        lines = [line for line in result.stderr.splitlines() if "deep.ipynb:" in line]
        assert len(lines) == 1 and "nested too deeply" in lines[0], result.stderr
        assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "deep.ipynb").read_text(encoding="utf-8") == text


@pytest.mark.parametrize("source", [5, ["import requests\n", 5], None, [["x"]]], ids=["int", "list-with-int", "null", "nested-list"])
def test_a_source_that_is_not_text_is_one_line(tmp_path, source):
    cell = code_cell(SCRIPT)
    cell["source"] = source
    other = code_cell(SCRIPT)
    text = notebook([cell, other])
    (tmp_path / "bad.ipynb").write_text(text, encoding="utf-8")
    for command in ("check", "rewrite"):
        result = run(command, "bad.ipynb", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        lines = [line for line in result.stderr.splitlines() if "bad.ipynb:" in line]
        assert lines == ["houston-codemod: bad.ipynb: not a Jupyter notebook: cell 1's source is not text (a string or a list of strings)"]
    assert (tmp_path / "bad.ipynb").read_text(encoding="utf-8") == text


# ---- F5: rewrite --format without --check ------------------------------------------------------------


@pytest.mark.parametrize("extra", [[], ["--diff"]], ids=["in-place", "diff"])
def test_rewrite_with_a_format_but_no_check_is_refused_and_writes_nothing(tmp_path, extra):
    (tmp_path / "d.py").write_text(SCRIPT)
    result = run("rewrite", *extra, "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "houston-codemod: --format sarif writes a report, which rewrite makes only with --check; nothing rewritten"
    ]
    assert (tmp_path / "d.py").read_text() == SCRIPT


def test_rewrite_check_with_a_format_still_reports(tmp_path):
    (tmp_path / "d.py").write_text(SCRIPT)
    result = run("rewrite", "--check", "--format", "sarif", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["runs"]
    assert (tmp_path / "d.py").read_text() == SCRIPT
    rewritten = run("rewrite", ".", cwd=tmp_path)  # and without --format, rewrite still rewrites
    assert rewritten.returncode == 0, rewritten.stderr
    assert "$desiredRuntimeVersion" in (tmp_path / "d.py").read_text()


# ---- minor: the pull request number from the event -----------------------------------------------------


@pytest.mark.parametrize("number", [True, 0, -4, 2.5, "7"], ids=["true", "zero", "negative", "float", "string"])
def test_an_event_pull_request_number_that_is_not_a_positive_integer_is_refused(tmp_path, number):
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main", str(repo)], check=True)
    (repo / "d.py").write_text(SCRIPT)
    subprocess.run([*git, "add", "d.py"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "x"], cwd=repo, check=True)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": number}}))
    env = {"GITHUB_REPOSITORY": "acme/dags", "GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": "t" * 20,
           "GITHUB_API_URL": "http://127.0.0.1:9", "HOME": str(tmp_path)}
    result = run("review", "--github", "--changed-since", "main", "-j", "1", ".", cwd=repo, env=env)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "GITHUB_EVENT_PATH" in line]
    assert len(lines) == 1 and "not a positive integer" in lines[0], result.stderr
    assert "cannot reach GitHub" not in result.stderr  # refused before any request
