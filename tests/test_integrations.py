"""The tool through other runners: LibCST's codemod runner, pre-commit, git, configuration."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import cli_runner

from codemods.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tests" / "corpus" / "scripts"
EXPECTED = ROOT / "tests" / "corpus" / "scripts_expected"
MIGRATABLE = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
MIGRATED = MIGRATABLE.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')


def test_libcst_runner_makes_the_same_edits_except_module_level_documents(tmp_path):
    names = ["fstring_documents.py", "latin1_provision_donnees.py", "crlf_windows_sandbox.py"]
    for name in names:
        shutil.copy(SCRIPTS / name, tmp_path / name)
    completed = subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "-x", "codemods.runtime_migration.MigrateToRuntime",
         "--no-format", "--hide-progress", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    # Module-level documents, and (red team 17, report 11b, F14) documents functions return, as
    # fstring_documents.py's builders do: LibCST's runner cannot see importers, so they are
    # reviewed, not edited (red team 12, report 11, F9; README "LibCST's own runner").  A document
    # built and sent inside a function gets the CLI's edits (tests/test_rt18_entry_points.py).
    assert (tmp_path / names[0]).read_bytes() != (EXPECTED / names[0]).read_bytes()
    for name in names:
        assert (tmp_path / name).read_bytes() == (SCRIPTS / name).read_bytes()
    assert "review-importers-unseen" in completed.stderr
    assert "review-no-runtime-equivalent" in completed.stderr  # needs-review items become warnings


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin:/usr/local/bin", "HOME": str(cwd)})


def test_changed_since_limits_the_run_to_changed_files(tmp_path, monkeypatch):
    (tmp_path / "old.py").write_text(MIGRATABLE)
    (tmp_path / "touched.py").write_text("x = 1\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "touched.py").write_text(MIGRATABLE)
    (tmp_path / "new.py").write_text(MIGRATABLE)  # untracked files count as changed
    monkeypatch.chdir(tmp_path)
    result = cli_runner().invoke(main, ["rewrite", "--check", "--changed-since", "main", "."])
    assert result.exit_code == 1
    assert sorted(result.stdout.split()) == ["new.py", "touched.py"]


def test_changed_since_a_bad_ref_is_one_line(tmp_path, monkeypatch):
    _git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    result = cli_runner().invoke(main, ["check", "--changed-since", "no-such-ref", "."])
    assert result.exit_code == 2
    assert result.stderr.startswith("houston-codemod: --changed-since no-such-ref: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_configuration_is_found_upwards_and_flags_win(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.houston-codemod]\ninclude = ["scripts"]\nexclude = ["scripts/vendored/*"]\nformat = "json"\njobs = 1\n'
    )
    (tmp_path / "scripts" / "vendored").mkdir(parents=True)
    (tmp_path / "scripts" / "a.py").write_text(MIGRATABLE)
    (tmp_path / "scripts" / "vendored" / "b.py").write_text(MIGRATABLE)
    (tmp_path / "elsewhere.py").write_text(MIGRATABLE)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = cli_runner().invoke(main, ["check"])
    import json

    report = json.loads(result.stdout)  # format from the configuration
    assert [d["path"] for d in report["documents"]] == ["../scripts/a.py"]
    text = cli_runner().invoke(main, ["check", "--format", "text"])  # the flag wins
    assert text.stdout.startswith("../scripts/a.py:1:")


def test_bad_configuration_is_one_line(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.houston-codemod]\nformatt = "json"\n')
    monkeypatch.chdir(tmp_path)
    result = cli_runner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "unknown key(s) in [tool.houston-codemod]: formatt" in result.stderr


PRE_COMMIT = shutil.which("pre-commit")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    # One hook environment for both hooks: pre-commit installs the package once per repository
    # revision, and both parametrizations try the same one.
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)")
@pytest.mark.parametrize("hook, exit_code, rewritten", [("houston-codemod-check", 0, False), ("houston-codemod-rewrite", 1, True)])
def test_pre_commit_hooks_through_try_repo(tmp_path, pre_commit_home, hook, exit_code, rewritten):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "deploy.py").write_text(MIGRATABLE)
    _git(repo, "add", ".")
    completed = subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), hook, "--files", "deploy.py", "--verbose"],
        cwd=repo, capture_output=True, text=True, timeout=600,
        env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
             "PRE_COMMIT_HOME": str(pre_commit_home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert completed.returncode == exit_code, completed.stdout + completed.stderr
    assert ((repo / "deploy.py").read_text() == MIGRATED) is rewritten


def _action_script():
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "schema", "mode"}
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == "Run houston-codemod"]
    return step["run"]


@pytest.mark.parametrize("mode, exit_code", [("check", 0), ("rewrite", 0), ("bogus", 2)])
def test_action_step_runs_as_written(tmp_path, mode, exit_code):
    (tmp_path / "deploy.py").write_text(MIGRATABLE)
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "INPUT_PATHS": str(tmp_path), "INPUT_SCHEMA": "",
           "INPUT_HOUSTON_VERSION": "", "INPUT_MODE": mode, "INPUT_CHANGED_SINCE": ""}
    completed = subprocess.run(["bash", "-c", _action_script()], env=env, capture_output=True, text=True, timeout=120)
    assert completed.returncode == exit_code, completed.stderr
    if mode == "check":
        assert completed.stdout.startswith(f"::warning file={tmp_path / 'deploy.py'},line=1,col=")
    if mode == "rewrite":
        assert (tmp_path / "deploy.py").read_text() == MIGRATED
