"""Red team 22, report 11a, f5: a GITHUB_API_URL that does not parse is one line naming it, never "internal error".

A bad port (``:443 `` with a trailing blank, a full-width digit, ``:99999``) or an unclosed IPv6 bracket
made ``urlsplit`` raise ValueError, which reached the user as "internal error: ValueError ...".  Now each is
refused the way a bad scheme is, exit 2, and no request is made.
"""

import subprocess

import pytest

from trust_cli import run_cli

SCRIPT = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go():
    return requests.post("https://houston.example.com/v1", json={"query": Q}).json()
'''


def _repository(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "base")
    git("branch", "base")
    (tmp_path / "deploy.py").write_text(SCRIPT)
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "pr")


@pytest.mark.parametrize("url", [
    "https://ghe.example.com:443 ", "https://ghe.example.com:44\uff13", "https://ghe.example.com:99999",
    "https://[ghe.example.com/api/v3", "https://bot:pw@ghe.example.com/api/v3",
])
def test_an_unparsable_github_api_url_is_one_line(tmp_path, url):
    _repository(tmp_path)
    env = {"GITHUB_TOKEN": "ghp_exampletoken0123456789abcdef", "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": url}
    done = run_cli("review", "--github", "--pr", "1", "--pr-base", "base", ".", cwd=tmp_path, env=env)
    lines = [line for line in done.stderr.splitlines() if "files scanned" not in line]
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "GITHUB_API_URL" in lines[0] and "internal error" not in lines[0], lines
    assert "Traceback" not in done.stderr and "ghp_example" not in done.stderr + done.stdout
