"""Red team 22, report 11a, f4 and f6: where the configuration may come from.

f4: a ``pyproject.toml`` in a shared folder above a repository (``/tmp``, a CI workspace), left there by
someone else, configured the run in silence: ``exclude = ["*"]`` made ``check`` of a broken Houston
script exit 0.  Inside a git work tree the search now stops at its top; outside one, a file owned by
another user (not root) is not taken.  f6: a ``pyproject.toml`` that is a FIFO or a link to
``/dev/zero`` was passed over in silence, and a parent folder's configuration applied: now one line,
exit 2.
"""

import os
import subprocess

import pytest

from trust_cli import run_cli

BROKEN = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''
EXCLUDE_ALL = '[tool.houston-codemod]\nexclude = ["*"]\n'


def test_a_configuration_above_the_git_work_tree_is_not_taken(tmp_path):
    (tmp_path / "pyproject.toml").write_text(EXCLUDE_ALL)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", "."], cwd=repo, check=True)
    (repo / "deploy.py").write_text(BROKEN)
    (repo / "pyproject.toml").write_text('[project]\nname = "alice"\nversion = "0"\n')
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=repo)
    assert done.returncode == 1 and "Unknown argument 'airflowVersion'" in done.stdout, done.stdout + done.stderr
    # the repository's own configuration is still read
    (repo / "pyproject.toml").write_text(EXCLUDE_ALL)
    assert run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=repo).returncode == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_outside_git_another_users_configuration_is_not_taken(tmp_path):
    (tmp_path / "pyproject.toml").write_text(EXCLUDE_ALL)
    os.chown(tmp_path / "pyproject.toml", 65534, 65534)
    work = tmp_path / "work"
    work.mkdir()
    (work / "deploy.py").write_text(BROKEN)
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=work)
    assert done.returncode == 1, done.stdout + done.stderr
    os.chown(tmp_path / "pyproject.toml", 0, 0)  # root's, or the runner's own: taken
    assert run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=work).returncode == 0


def test_a_pyproject_that_is_a_link_to_a_device_is_one_line_and_no_parent_applies(tmp_path):
    (tmp_path / "pyproject.toml").write_text(EXCLUDE_ALL)
    work = tmp_path / "work"
    work.mkdir()
    (work / "deploy.py").write_text(BROKEN)
    os.symlink("/dev/zero", work / "pyproject.toml")
    done = run_cli("check", "--no-cache", ".", cwd=work, timeout=60)
    assert done.returncode == 2 and "not a regular file" in done.stderr and len(done.stderr.strip().splitlines()) == 1
