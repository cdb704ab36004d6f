"""Issue 11, classes 4 and 14: git refs and configuration values are inputs, not code.

Every test runs the installed console script (``trust_cli.run_cli``).
"""

import subprocess
import sys

import pytest
from trust_cli import run_cli

MIGRATABLE = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def git(cwd, *args):
    import os

    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "deploy.py").write_text(MIGRATABLE)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


REFS = ["--output=victim.txt", "--output", "-p", "--no-index", "main\n--output=victim.txt", ""]


@pytest.mark.parametrize(
    "ref, command",
    [(ref, ["check"]) for ref in REFS] + [(REFS[0], ["rewrite", "--check"]), (REFS[0], ["rewrite"])],
)
def test_a_ref_that_looks_like_an_option_is_a_bad_ref(repo, ref, command):
    (repo / "victim.txt").write_text("precious\n")
    result = run_cli(*command, f"--changed-since={ref}", ".", cwd=repo)
    assert (repo / "victim.txt").read_text() == "precious\n"  # 0.1.0 truncated it (git diff --output=...)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    # An empty value is refused before git sees it, like every option's (red team 5, F14).
    assert ("--changed-since is empty" if ref == "" else "not a commit in this repository") in result.stderr
    assert "Traceback" not in result.stderr
    assert (repo / "deploy.py").read_text() == MIGRATABLE


def test_a_good_ref_still_selects_changed_files(repo):
    base = git(repo, "rev-parse", "HEAD").strip()
    (repo / "new.py").write_text(MIGRATABLE)
    for ref in ("main", base, "HEAD~0"):
        result = run_cli("rewrite", "--check", "--changed-since", ref, ".", cwd=repo)
        assert result.returncode == 1, result.stderr
        assert result.stdout.split() == ["new.py"]


def test_a_ref_naming_a_tree_or_nothing_is_one_line(repo):
    tree = git(repo, "rev-parse", "HEAD^{tree}").strip()
    for ref in (tree, "no-such-branch", "HEAD~5"):
        result = run_cli("check", "--changed-since", ref, ".", cwd=repo)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [f"houston-codemod: --changed-since {ref}: not a commit in this repository"]


@pytest.mark.parametrize(
    "line, key",
    [
        ("houston-version = 0.34", "houston-version"),
        ("houston-version = 1", "houston-version"),
        ("schema = 5", "schema"),
        ("schema = []", "schema"),
        ('schema = ""', "schema"),
        ("include = [1]", "include"),
        ('include = "scripts"', "include"),
        ('exclude = "x"', "exclude"),
        ("exclude = [{a = 1}]", "exclude"),
        ("format = 1", "format"),
        ('format = "xml"', "format"),
        ("jobs = true", "jobs"),
        ('jobs = "2"', "jobs"),
        ("jobs = 0", "jobs"),
    ],
)
def test_a_config_value_of_the_wrong_type_is_one_line_naming_key_and_file(tmp_path, line, key):
    command = ["rewrite"] if key in ("include", "houston-version") else ["check"]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.houston-codemod]\n{line}\n")
    (tmp_path / "deploy.py").write_text(MIGRATABLE)
    result = run_cli(*command, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    (message,) = result.stderr.strip().splitlines()
    assert str(pyproject) in message and key in message, message
    assert "Traceback" not in result.stderr
    assert (tmp_path / "deploy.py").read_text() == MIGRATABLE


def test_a_table_that_is_not_a_table_is_one_line(tmp_path):
    (tmp_path / "pyproject.toml").write_text('tool = {houston-codemod = "yes"}\n')
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "must be a table" in result.stderr


@pytest.mark.parametrize("line", ['include = ["/"]', 'include = ["../outside"]', 'schema = "/etc/passwd"', 'schema = "../outside/x.graphql"', 'include = ["link"]'])
def test_a_repository_config_cannot_send_the_run_outside_the_repository(tmp_path, line):
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    outside.mkdir()
    (outside / "secret.py").write_text(MIGRATABLE)
    (outside / "x.graphql").write_text("type Query { secretField: String }\n")
    (repo / "link").symlink_to(outside)
    (repo / "pyproject.toml").write_text(f"[tool.houston-codemod]\n{line}\n")
    result = run_cli("rewrite", cwd=repo)
    assert result.returncode == 2
    (message,) = result.stderr.strip().splitlines()
    assert "must name a path inside" in message and str(repo / "pyproject.toml") in message
    assert (outside / "secret.py").read_text() == MIGRATABLE  # 0.1.0 rewrote it


def test_paths_inside_the_repository_still_work(tmp_path):
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "a.py").write_text(MIGRATABLE)
    (tmp_path / "pyproject.toml").write_text('[tool.houston-codemod]\ninclude = ["scripts", "./scripts/../scripts"]\n')
    result = run_cli("rewrite", "--check", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.split() == ["scripts/a.py"]


def test_jobs_from_a_repository_config_cannot_fork_bomb_the_runner(tmp_path):
    # 0.1.0 started every one of "jobs = 100000" workers (the OOM killer ended it). The pool
    # is recorded, not started, so a regression cannot take the machine down with it.
    for i in range(20):
        (tmp_path / f"s{i}.py").write_text(MIGRATABLE)
    (tmp_path / "pyproject.toml").write_text("[tool.houston-codemod]\njobs = 100000\n")
    code = (
        "import os, sys\n"
        "from codemods import runner\n"
        "seen = []\n"
        "class Pool:\n"  # records the workers asked for, runs their files here
        "    def __init__(self, options, jobs, cache, run, failed):\n"
        "        seen.append(jobs)\n"
        "        self.work = lambda busy: run(busy, options, cache)\n"
        "    def map(self, busy):\n"
        "        return map(self.work, busy)\n"
        "    def close(self):\n"
        "        pass\n"
        "runner.Pool = Pool\n"
        "from codemods.cli import main\n"
        "try:\n"
        "    main(['check', '.'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('WORKERS %s\\n' % seen)\n"
        "assert seen and max(seen) <= 2 * (os.cpu_count() or 1), seen\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
