"""Red team 22, report 11a, f2: ``--changed-since REF PATH`` with PATH in another git repository.

``REF``'s changes are the working directory's repository's; a submodule or a sibling checkout named on
the command line has its own, which that list never holds, so the run scanned nothing and exited 0
("0 files scanned ... 0 errors") over a broken Houston script.  Now it is one line, exit 2; the same
run from inside that repository checks the change.
"""

import subprocess

from trust_cli import run_cli

BROKEN = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''


def _git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=cwd, check=True, capture_output=True)


def test_a_path_in_another_repository_is_one_line_not_a_clean_run(tmp_path):
    for name in ("here", "scripts"):
        (tmp_path / name).mkdir()
        _git(tmp_path / name, "init", "-q", ".")
        _git(tmp_path / name, "commit", "-q", "--allow-empty", "-m", "base")
    (tmp_path / "scripts" / "deploy.py").write_text(BROKEN)  # untracked: a change since HEAD there
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--changed-since", "HEAD", "../scripts", cwd=tmp_path / "here")
    assert done.returncode == 2, done.stdout + done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "another git repository" in done.stderr
    there = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--changed-since", "HEAD", ".", cwd=tmp_path / "scripts")
    assert there.returncode == 1 and "airflowVersion" in there.stdout
    # a folder of the working directory's own repository is checked as before
    (tmp_path / "here" / "lib").mkdir()
    (tmp_path / "here" / "lib" / "deploy.py").write_text(BROKEN)
    own = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--changed-since", "HEAD", "lib", cwd=tmp_path / "here")
    assert own.returncode == 1 and "airflowVersion" in own.stdout
