"""Red team 25, report 11a, f5, f2, f1: names a run reports, files deep in a tree, odd output encodings.

f5: ``scripts/current.py -> deploy_v2.py`` committed in the tree, and ``deploy_v2.py`` changed: every report
named the link (it sorts first and each file is processed once), so ``rewrite --diff`` made a patch git
refused and ``--changed-since`` named an unchanged file.  The walk now reports the file under its own name.
f2: a script 600 folders deep ended in "internal error: RecursionError" (a per-folder recursion looking for
a Jupytext configuration).  f1: ``PYTHONIOENCODING=ascii:surrogateescape`` with ``café_deploy.py`` lost the
whole report to a UnicodeEncodeError.
"""

import os
import subprocess

from trust_cli import run_cli

AC = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", *args], cwd=repo, check=True, capture_output=True)


def test_f5_a_file_is_reported_by_its_own_name_not_a_link_to_it(tmp_path):
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / "scripts" / "deploy_v2.py").write_text("print('v2')\n")
    os.symlink("deploy_v2.py", repo / "scripts" / "current.py")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "one")
    (repo / "scripts" / "deploy_v2.py").write_text(AC)
    _git(repo, "commit", "-qam", "two")
    changed = run_cli("check", "--no-cache", "--changed-since", "HEAD~1", ".", cwd=repo)
    assert "scripts/deploy_v2.py" in changed.stdout and "current.py" not in changed.stdout, changed.stdout
    diff = run_cli("rewrite", "--no-cache", "--diff", ".", cwd=repo)
    assert "+++ b/scripts/deploy_v2.py" in diff.stdout and "current.py" not in diff.stdout, diff.stdout
    (tmp_path / "fix.patch").write_text(diff.stdout)
    applied = subprocess.run(["git", "apply", "--check", str(tmp_path / "fix.patch")], cwd=repo, capture_output=True, text=True)
    assert applied.returncode == 0, applied.stderr
    named = run_cli("rewrite", "--no-cache", "--check", "scripts/current.py", cwd=repo)  # a link named: its file's name
    assert "scripts/deploy_v2.py" in named.stdout, named.stdout


def test_f2_a_script_many_folders_deep_is_processed(tmp_path):
    deep = tmp_path
    for _ in range(600):
        deep = deep / "d"
    os.makedirs(deep)
    (deep / "deep.py").write_text(AC)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "internal error" not in done.stderr, done.stderr[-500:]
    assert "runtimeVersion" in (deep / "deep.py").read_text()


def test_f1_an_ascii_surrogateescape_output_escapes_a_file_name(tmp_path):
    (tmp_path / "café_deploy.py").write_text(AC, encoding="utf-8")
    (tmp_path / "plain.py").write_text(AC)
    done = run_cli("rewrite", "--no-cache", "--check", ".", cwd=tmp_path, env={"PYTHONIOENCODING": "ascii:surrogateescape"})
    assert done.returncode == 1, done.stderr
    assert "caf\\xe9_deploy.py" in done.stdout and "plain.py" in done.stdout, done.stdout


def test_f5_a_dangling_link_still_gets_its_one_line(tmp_path):
    """The walk passes over a link to a file it meets under its own name; a link to nothing is no such link."""
    os.symlink(str(tmp_path / "nothing-here.py"), tmp_path / "a.py")
    (tmp_path / "b.py").write_text(AC)
    done = run_cli("rewrite", "--no-cache", "--check", ".", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert any(line.startswith("houston-codemod: a.py:") for line in done.stderr.splitlines()), done.stderr
    assert "b.py" in done.stdout, done.stdout
