"""Red team 9 (trust pass, part 1), through the installed ``houston-codemod`` console script.

F10: ``-o`` never replaces a file the run reads besides its inputs (a compose
file's ``.env``, a CI workflow read for ``--build-arg`` values, ...).
F1: a cell magic's argument line (``%%bash -s "$AC"``) reads a notebook
constant: the constant is reviewed, not rewritten.
F2: valid IPython cells are read the way IPython runs them: a ``!``/``%`` line
inside a triple-quoted string is text, ``x = !cmd`` is a system assignment.
F7: ``review`` carries a notebook's migration (a comment holding the change)
and exits 1.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

CLI = os.path.join(os.path.dirname(sys.executable), "houston-codemod")
if not os.path.exists(CLI):
    CLI = shutil.which("houston-codemod")

HELPER = (
    "import requests\n"
    'HOUSTON_URL = "https://houston.example.com/v1"\n'
    "def houston(q, v=None):\n"
    '    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}, headers={"authorization": "t"}).json()\n'
)
SEND = "houston('mutation { upsertDeployment(deploymentUuid: \"x\", airflowVersion: \"2.3.4\") { id } }')\n"
AC_CELL = (
    'AC = "2.3.4"\n'
    "DOC = 'mutation { upsertDeployment(deploymentUuid: \"x\", airflowVersion: \"' + AC + '\") { id } }'\n"
    "houston(DOC)\n"
)


def cli(*args, cwd=None, env=None, timeout=120):
    full = dict(os.environ, HOUSTON_CODEMOD_NO_CACHE="1", **(env or {}))
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=full, timeout=timeout)


def notebook(path, cells):
    """nbformat 4 as Jupyter writes it (indent 1, sorted keys, list sources)."""
    data = {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
             "source": source.splitlines(keepends=True)}
            for i, source in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def cells_of(path):
    return ["".join(cell["source"]) for cell in json.loads(path.read_text())["cells"]]


# --- F10: -o onto a file the run reads besides its inputs --------------------------------


def test_output_onto_the_env_file_a_compose_file_reads_is_refused(tmp_path):
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    (deploy / "docker-compose.yml").write_text("services:\n  web:\n    image: ${REG}/astronomer/ap-airflow:2.3.4\n")
    env = deploy / ".env"
    env.write_text("REG=mirror.example.com\n")
    result = cli("check", "-o", "deploy/.env", "deploy", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("houston-codemod: -o deploy/.env: is an input of this run (")
    assert "Traceback" not in result.stderr
    assert env.read_text() == "REG=mirror.example.com\n"
    # The run itself still reads .env (a mirror registry: reviewed), and a report elsewhere is written.
    written = cli("check", "-o", "report.txt", "deploy", cwd=tmp_path)
    assert written.returncode in (0, 1) and (tmp_path / "report.txt").read_text()
    again = cli("check", "-o", "report.txt", "deploy", cwd=tmp_path)  # a previous report is overwritten
    assert again.returncode == written.returncode


def test_output_onto_a_workflow_read_for_build_args_is_refused(tmp_path):
    (tmp_path / ".git").mkdir()
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    workflow = workflows / "build.yml"
    text = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --build-arg IMG=x .\n"
    workflow.write_text(text)
    (tmp_path / "Dockerfile").write_text("ARG IMG=quay.io/astronomer/ap-airflow:2.3.4\nFROM ${IMG}\n")
    for target in (".github/workflows/build.yml", "Makefile", "pyproject.toml", ".graphqlrc.yml"):
        if target != ".github/workflows/build.yml":
            (tmp_path / target).write_text("# keep\n")
        result = cli("check", "-o", target, "Dockerfile", cwd=tmp_path)
        assert result.returncode == 2, target
        assert result.stderr.splitlines()[0].startswith(f"houston-codemod: -o {target}: is an input of this run ("), target
    assert workflow.read_text() == text
    assert all((tmp_path / name).read_text() == "# keep\n" for name in ("Makefile", "pyproject.toml", ".graphqlrc.yml"))


def test_output_through_a_symlink_onto_an_env_file_is_refused(tmp_path):
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: quay.io/astronomer/ap-airflow:2.3.4\n")
    (tmp_path / ".env").write_text("A=1\n")
    (tmp_path / "out.json").symlink_to(tmp_path / ".env")
    result = cli("check", "--format", "json", "-o", "out.json", ".", cwd=tmp_path)
    assert result.returncode == 2 and "is an input of this run" in result.stderr.splitlines()[0]
    assert (tmp_path / ".env").read_text() == "A=1\n"


# --- F1: a cell magic's argument line reads a notebook constant ---------------------------


@pytest.mark.parametrize("magic", ['%%bash -s "$AC"\necho $1\n', "%%script bash -s {AC}\necho $1\n",
                                   "%%writefile airflow-{AC}.txt\nhello\n"])
def test_a_cell_magic_argument_line_keeps_the_constant(tmp_path, magic):
    path = notebook(tmp_path / "h.ipynb", [HELPER, AC_CELL, magic])
    before = path.read_bytes()
    result = cli("rewrite", path)
    assert path.read_bytes() == before, result.stderr
    assert result.returncode in (0, 1)
    assert "review-shared-constant" in result.stderr and "AC" in result.stderr
    # The same notebook without the magic cell is migrated: the magic line is what holds it back.
    alone = notebook(tmp_path / "alone.ipynb", [HELPER, AC_CELL])
    assert cli("rewrite", alone).returncode == 0
    assert 'AC = "2.3.4"' not in cells_of(alone)[1] and "runtimeVersion" in cells_of(alone)[1]


# --- F2: IPython-valid cells are read the way IPython runs them ---------------------------


@pytest.mark.parametrize("closing", ['!"""', '%"""', '!!!"""'])
def test_an_escape_looking_line_inside_a_string_is_text(tmp_path, closing):
    banner = f'BANNER = """Deploy\n{closing}\nprint(BANNER)\n'
    path = notebook(tmp_path / "t1.ipynb", [HELPER + SEND, banner])
    result = cli("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert "cannot parse" not in result.stderr
    after = cells_of(path)
    assert 'runtimeVersion: "' in after[0] and "airflowVersion" not in after[0]
    assert after[1] == banner  # the string cell is byte for byte as it was
    assert cli("rewrite", "--check", path).returncode == 0  # idempotent


def test_a_system_assignment_is_an_ipython_line(tmp_path):
    # x = !echo {AC} reads AC: AC is reviewed; the other document of the cell is migrated.
    cell = AC_CELL + "x = !echo {AC}\nfiles, more = %sx ls\n" + SEND
    path = notebook(tmp_path / "g.ipynb", [HELPER, cell])
    result = cli("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert "cannot parse" not in result.stderr
    assert "review-shared-constant" in result.stderr
    after = cells_of(path)[1]
    assert after.startswith('AC = "2.3.4"\n')
    assert "x = !echo {AC}\nfiles, more = %sx ls\n" in after
    assert "houston('mutation { upsertDeployment(deploymentUuid: \"x\", runtimeVersion: \"" in after
    checked = cli("check", "--houston-version", "1.0.1", "--format", "json", path)
    assert checked.returncode in (0, 1) and "cannot parse" not in checked.stderr


# --- F7: review carries a notebook's migration --------------------------------------------


def git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_SYSTEM=os.devnull)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def applied(text, comment):
    """The file with a review comment's suggestion applied the way GitHub applies it."""
    body = comment["body"]
    suggestion = body.split("```suggestion\n", 1)[1].rsplit("```", 1)[0]
    lines = text.split("\n")
    first = comment.get("start_line", comment["line"])
    return "\n".join(lines[: first - 1] + suggestion[:-1].split("\n") + lines[comment["line"]:])


def test_review_suggests_a_notebook_migration_and_exits_1(tmp_path):
    git("init", "-q", cwd=tmp_path)
    git("commit", "-q", "--allow-empty", "-m", "base", cwd=tmp_path)
    path = notebook(tmp_path / "clean.ipynb", [HELPER, "x = 1\n" + SEND, "print(x)\n"])
    git("add", "clean.ipynb", cwd=tmp_path)
    git("commit", "-q", "-m", "notebook", cwd=tmp_path)
    text = path.read_text()
    result = cli("review", "--changed-since", "HEAD~1", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    review = json.loads(result.stdout)
    assert len(review["comments"]) == 1 and review["body"].startswith("houston-codemod: 1 suggested change(s)")
    comment = review["comments"][0]
    assert comment["path"] == "clean.ipynb" and "migrate-version-argument" in comment["body"]
    # Applied, the suggestion gives exactly what rewrite writes.
    suggested = applied(text, comment)
    assert cli("rewrite", path).returncode == 0
    assert suggested == path.read_text() and "runtimeVersion" in suggested
    # rewrite --check --format github-review carries it too.
    path.write_text(text)
    report = cli("rewrite", "--check", "--format", "github-review", path)
    assert report.returncode == 1 and len(json.loads(report.stdout)["comments"]) == 1


def test_review_puts_a_notebook_migration_outside_the_diff_in_the_body(tmp_path):
    git("init", "-q", cwd=tmp_path)
    path = notebook(tmp_path / "n.ipynb", [HELPER, AC_CELL.replace("houston(DOC)\n", "houston(DOC)\nprint(1)\n")])
    git("add", "n.ipynb", cwd=tmp_path)
    git("commit", "-q", "-m", "base", cwd=tmp_path)
    # The pull request changes only a line far from the migrated ones (the notebook's metadata).
    path.write_text(path.read_text().replace('"display_name": "Python 3"', '"display_name": "Python 3 (ipykernel)"'))
    git("commit", "-q", "-am", "kernel name", cwd=tmp_path)
    result = cli("review", "--changed-since", "HEAD~1", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    review = json.loads(result.stdout)
    assert review["comments"] == []
    assert "n.ipynb" in review["body"] and "migrate-" in review["body"] and "runtimeVersion" in review["body"]
