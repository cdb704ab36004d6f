"""Red team 24, report 11a: what a name on the command line may reach, and two error lines.

f1: ``rewrite $(git ls-files)`` named tracked FOLDER links (``shared -> ../shared_outside``, ``vendored ->
.venv/.../site-packages/houston_client``) and paths through them (``shared/deploy.py``), and rewrote a file
outside the repository and an installed package's file, while ``rewrite .`` saw neither (the pass-23 fix
covered file links only).  f3: files committed below folders the walk skips (a virtualenv's site-packages,
``node_modules``), named one by one, were rewritten.  Both now follow the walk's rules from the working
directory (``files._walk_passes_over``).  f2: ``review --github`` printed a ``GITHUB_API_URL``'s
``;jsessionid=...`` on its error line.  f4: ``-o /dev/tty`` with no controlling terminal was "a FIFO".
"""

import os
import socket
import subprocess

from trust_cli import run_cli

AC = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go(token):
    return requests.post("https://houston.example.com/v1", json={"query": Q}, headers={"authorization": token})
'''


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _tracked(repo):
    listed = subprocess.run(["git", "ls-files"], cwd=repo, check=True, capture_output=True, text=True).stdout
    return listed.split()


def test_f1_folder_links_and_paths_through_them_follow_the_walk(tmp_path):
    repo = tmp_path / "repo"
    package = repo / ".venv" / "lib" / "python3.11" / "site-packages" / "houston_client"
    package.mkdir(parents=True)
    (package / "deploy.py").write_text(AC)
    (tmp_path / "shared_outside").mkdir()
    (tmp_path / "shared_outside" / "deploy.py").write_text(AC)
    (repo / "own").mkdir()
    (repo / "own" / "deploy.py").write_text(AC)
    os.symlink("../shared_outside", repo / "shared")
    os.symlink(".venv/lib/python3.11/site-packages/houston_client", repo / "vendored")
    os.symlink("own", repo / "own_link")
    _git(repo, "init", "-q")
    _git(repo, "add", "shared", "vendored", "own", "own_link")
    names = _tracked(repo) + ["shared/deploy.py", "vendored/deploy.py"]
    done = run_cli("rewrite", "--no-cache", *names, cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "shared_outside" / "deploy.py").read_text() == AC
    assert (package / "deploy.py").read_text() == AC
    assert "runtimeVersion" in (repo / "own" / "deploy.py").read_text(), done.stderr  # a link inside the tree is followed


def test_f3_files_below_skipped_folders_named_one_by_one_are_passed_over(tmp_path):
    repo = tmp_path / "repo"
    site = repo / "venv" / "lib" / "python3.11" / "site-packages" / "houston_client"
    site.mkdir(parents=True)
    (repo / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    (site / "deploy.py").write_text(AC)
    (repo / "node_modules" / "tool").mkdir(parents=True)
    (repo / "node_modules" / "tool" / "deploy.py").write_text(AC)
    (repo / "scripts").mkdir()
    (repo / "scripts" / "deploy.py").write_text(AC)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    done = run_cli("rewrite", "--no-cache", *_tracked(repo), cwd=repo)
    assert done.returncode in (0, 1), done.stderr
    assert (site / "deploy.py").read_text() == AC
    assert (repo / "node_modules" / "tool" / "deploy.py").read_text() == AC
    assert "runtimeVersion" in (repo / "scripts" / "deploy.py").read_text()
    asked = run_cli("check", "--no-cache", "venv", cwd=repo)  # a folder named itself is still walked
    assert asked.returncode in (0, 1), asked.stderr


def test_f2_github_api_url_parameters_are_not_printed(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "init")
    _git(repo, "checkout", "-q", "-b", "feat")
    (repo / "a.py").write_text(AC)
    _git(repo, "add", "a.py")
    _git(repo, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "add")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api;jsessionid=SESSIONSECRET42?q=QUERYSECRET#FRAGSECRET"
    done = run_cli("review", "--no-cache", "--github", "--pr", "1", "--changed-since", "main", ".", cwd=repo,
                   env={"GITHUB_API_URL": url, "GITHUB_TOKEN": "ghp_" + "x0" * 18, "GITHUB_REPOSITORY": "o/r"})
    assert done.returncode == 2, done.stderr
    assert "cannot reach GitHub" in done.stderr or "GitHub" in done.stderr, done.stderr
    for secret in ("SESSIONSECRET42", "QUERYSECRET", "FRAGSECRET"):
        assert secret not in done.stderr + done.stdout, done.stderr


def test_f4_a_terminal_device_with_no_terminal_is_not_called_a_fifo(tmp_path):
    (tmp_path / "a.py").write_text(AC)
    done = subprocess.run(
        ["bash", "-c", 'exec "$0" check --no-cache -o /dev/tty a.py', run_cli.__globals__["SCRIPT"]],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, start_new_session=True, stdin=subprocess.DEVNULL,
    )
    if done.returncode == 0:  # the machine gave this session a terminal after all: nothing to test
        return
    assert done.returncode == 2, done.stderr
    assert "FIFO" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "/dev/tty" in done.stderr, done.stderr
