"""Red team 23, report 11a, f1 and f3: a URL given on the command line or in the environment is printed
without its password, query, parameters or fragment, on every line.

f1: ``GITHUB_API_URL=https://ci-bot:PASS@ghe.example.com/api/v3`` was quoted whole on stderr, with an
untrue reason ("not an http(s) URL the token may be sent to"); now the password is masked and the line
says the URL holds a user name or password.  f3: Houston URLs' error lines masked the password but
printed ``?api_key=...;jsessionid=...`` verbatim into CI logs.
"""

import subprocess

import pytest

from trust_cli import run_cli

SECRETS = ("Sup3rS3cretProxyPass", "QUERY_API_KEY_123", "SEMI_SESSION_456", "FRAG_789")
SCRIPT = '''import requests
Q = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }'
def go():
    return requests.post("https://houston.example.com/v1", json={"query": Q}).json()
'''


def _repository(tmp_path):
    def git(*args):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", ".")
    git("commit", "-q", "--allow-empty", "-m", "base")
    git("branch", "base")
    (tmp_path / "deploy.py").write_text(SCRIPT)
    git("add", ".")
    git("commit", "-q", "-m", "pr")


@pytest.mark.parametrize("url", [
    "https://ci-bot:Sup3rS3cretProxyPass@ghe.example.com/api/v3",
    "https://ci-bot:Sup3rS3cretProxyPass@ghe.example.com:99999/api/v3",
    "http://ci-bot:Sup3rS3cretProxyPass@10.0.0.5/api",
])
def test_a_github_api_url_password_is_never_printed(tmp_path, url):
    _repository(tmp_path)
    env = {"GITHUB_TOKEN": "ghp_exampletoken0123456789abcdef", "GITHUB_REPOSITORY": "o/r", "GITHUB_API_URL": url}
    done = run_cli("review", "--github", "--pr", "1", "--pr-base", "base", ".", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert "user name or password" in done.stderr and "***@" in done.stderr, done.stderr
    assert not any(secret in done.stderr + done.stdout for secret in SECRETS)


@pytest.mark.parametrize("args", [
    ["schema", "fetch", "-o", "s.graphql"],
    ["check", "--no-cache", "--schema"],
    ["check", "--no-cache", "--versions-from"],
])
def test_a_houston_url_query_and_parameters_are_never_printed(tmp_path, args):
    (tmp_path / "deploy.py").write_text(SCRIPT)
    url = "https://admin:Sup3rS3cretProxyPass@127.0.0.1:1/v1;jsessionid=SEMI_SESSION_456?api_key=QUERY_API_KEY_123#FRAG_789"
    plain = "https://127.0.0.1:1/v1?api_key=QUERY_API_KEY_123;jsessionid=SEMI_SESSION_456"
    for given in (url, plain):
        command = [*args, given] + ([] if args[0] == "schema" else ["deploy.py"])
        if args[0] == "schema":
            command = ["schema", "fetch", given, "-o", "s.graphql"]
        done = run_cli(*command, cwd=tmp_path, env={"HOUSTON_API_TOKEN": "tok-abcdef0123456789", "HOUSTON_TIMEOUT": "5"})
        assert done.returncode == 2, done.stderr
        assert "127.0.0.1" in done.stderr and not any(secret in done.stderr + done.stdout for secret in SECRETS), done.stderr
