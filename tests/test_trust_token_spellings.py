"""Red-team findings A-D on the tokens: echoed in schema text, encoded in errors, FIFOs, timeouts.

Every test runs the installed console script against servers on 127.0.0.1 and
checks that no spelling of the token reached stdout, stderr or a written file.
"""

import base64
import json
import os
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from houston_server import HoustonServer
from local_server import ThreadedServer
from trust_cli import run_cli

from codemods import secret_scan

SECRET = "SeCrEt-tok_123/+=abcXYZ"
ENV = {"HOUSTON_API_TOKEN": SECRET}
SCRIPT = 'Q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""\n'


def encodings(token):
    raw = token.encode()
    return {
        "plain": token,
        "upper": token.upper(),
        "percent-upper": "".join(f"%{b:02X}" for b in raw),
        "percent-lower": "".join(f"%{b:02x}" for b in raw),
        "b64-bearer": base64.b64encode(b"Bearer " + raw).decode(),
        "b64-user": base64.b64encode(b"user:" + raw).decode(),
        "b64-x": base64.b64encode(b"x:" + raw).decode(),
        "b64-urlsafe": base64.urlsafe_b64encode(b"u:" + raw).decode(),
        "hex-lower": raw.hex(),
        "hex-upper": raw.hex().upper(),
        "entities-dec": "".join(f"&#{ord(c)};" for c in token),
        "entities-hex": "".join(f"&#x{ord(c):x};" for c in token),
        "split-space": token[:6] + " " + token[6:12] + " " + token[12:],
        "split-newline": token[:5] + "\n" + token[5:],
        "all-but-last-2": token[:-2],
        "all-but-first-2": token[2:],
        "middle": token[4:14],
        "json-escaped": "".join(f"\\u{ord(c):04x}" for c in token),
        # red team pass 3: shown on screen as the token itself, or readable at a glance
        "zero-width-joined": "\u200b".join(token),
        "dash-joined": "-".join(token),
        "percent-twice": "".join(f"%25{b:02X}" for b in raw),
    }


def assert_clean(text, token=SECRET):
    assert not secret_scan.leaks(text, [token]), text
    for form in encodings(token).values():
        assert form.lower() not in text.lower(), (form, text)


def EchoHouston():
    """A Houston that takes any ``authorization`` and copies it into descriptions and deprecation reasons."""
    return HoustonServer(catalogue={}, token=None, echo_token_in_schema=True)


# ---- A: a server that copies the token into its schema ----------------------------------------


def test_schema_fetch_refuses_an_answer_that_echoes_the_token(tmp_path):
    out = tmp_path / "s.graphql"
    with EchoHouston() as server:
        result = run_cli("schema", "fetch", server.url, "-o", out, env=ENV)
    assert len(server.requests) == 1
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"houston-codemod: {server.url}: HTTP 200: the answer contains HOUSTON_API_TOKEN (in some spelling); "
        "it is refused and not shown"
    ]
    assert not out.exists()
    assert_clean(result.stdout + result.stderr)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_check_never_prints_or_writes_an_echoed_token(tmp_path, fmt):
    (tmp_path / "s.py").write_text(SCRIPT)
    report = tmp_path / "r.out"
    with EchoHouston() as server:
        result = run_cli("check", "--schema", server.url, "--format", fmt, "-o", report, tmp_path / "s.py", env=ENV)
    assert len(server.requests) >= 1
    assert result.returncode == 2, result.stderr
    assert_clean(result.stdout + result.stderr)
    if report.exists():
        assert_clean(report.read_text())
    assert (tmp_path / "s.py").read_text() == SCRIPT


def test_the_same_schema_without_a_token_is_used(tmp_path):
    """The refusal is about the token, not the server: with no token set the answer holds none and is used."""
    out = tmp_path / "s.graphql"
    with EchoHouston() as server:
        result = run_cli("schema", "fetch", server.url, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "type Query" in out.read_text()


def test_runtime_releases_echoing_the_token_are_refused(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    answer = {"data": {"runtimeReleases": [{"version": "5.0.10", "note": SECRET[:-2]}]}}
    with HoustonServer(catalogue={}, answer=answer) as server:
        result = run_cli("rewrite", "--versions-from", server.url, tmp_path, env=ENV)
    assert result.returncode == 2, result.stderr
    assert "refused and not shown" in result.stderr
    assert_clean(result.stdout + result.stderr)
    assert (tmp_path / "s.py").read_text() == SCRIPT


@pytest.mark.parametrize("fmt", ["explain", "json"])  # html/sarif quote the file's own lines in diffs and fixes, as written
def test_a_token_written_in_a_scanned_file_is_not_echoed_by_the_evidence(tmp_path, fmt):
    """Red team pass 3: a script posting to ``...houston.example.com/v1?t=<token>`` had the token
    printed back in ``check --explain`` and the JSON evidence."""
    (tmp_path / "s.py").write_text(
        "import requests\n"
        "Q = 'mutation { createDeployment(workspaceUuid: \"w\", label: \"l\", type: \"airflow\", "
        "airflowVersion: \"2.3.1\") { id } }'\n"
        f'requests.post("https://houston.example.com/v1?t={SECRET}", json={{"query": Q}})\n'
    )
    args = ["--explain", str(tmp_path / "s.py")] if fmt == "explain" else ["--format", fmt, str(tmp_path)]
    result = run_cli("check", *args, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "houston.example.com" in result.stdout  # the evidence is still shown
    assert_clean(result.stdout + result.stderr)


# ---- B: encodings of the token in error messages ----------------------------------------------


@pytest.mark.parametrize("name", sorted(encodings(SECRET)))
def test_an_encoded_token_in_a_houston_error_never_reaches_the_output(tmp_path, name):
    message = f"denied: credential {encodings(SECRET)[name]} is not valid"
    with HoustonServer(catalogue={}, answer={"errors": [{"message": message}]}) as server:
        result = run_cli("schema", "fetch", server.url, env=ENV)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "refused and not shown" in result.stderr
    assert_clean(result.stdout + result.stderr)


def test_a_message_without_the_token_is_still_shown(tmp_path):
    message = "GraphQL introspection is not allowed, but the query contained __schema or __type."
    with HoustonServer(catalogue={}, answer={"errors": [{"message": message}]}) as server:
        result = run_cli("schema", "fetch", server.url, env=ENV)
    assert result.returncode == 2
    assert message in result.stderr


@pytest.mark.parametrize("token", ["a", "ab", "abc12"])
def test_a_very_short_token_is_redacted_only_as_a_whole_word(tmp_path, token):
    """A short token does not turn ordinary messages into asterisks; the whole word still counts."""
    harmless = "the account abacus123 is unknown"  # holds "a", "ab", "abc" inside words only
    with HoustonServer(catalogue={}, answer={"errors": [{"message": harmless}]}) as server:
        shown = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": token})
    assert shown.returncode == 2 and harmless in shown.stderr, shown.stderr
    with HoustonServer(catalogue={}, answer={"errors": [{"message": f"bad key: {token}."}]}) as server:
        hidden = run_cli("schema", "fetch", server.url, env={"HOUSTON_API_TOKEN": token})
    assert hidden.returncode == 2 and "refused and not shown" in hidden.stderr, hidden.stderr


def test_the_redactor_cuts_words_and_withholds_a_scattered_token():
    for name, form in encodings(SECRET).items():
        line = secret_scan.redact(f"HTTP 403 at /x: {form} (see docs)", [SECRET])
        assert not secret_scan.leaks(line, [SECRET]), (name, line)
        if name == "split-space":  # parts too short to cut out word by word: the message is withheld
            assert line == secret_scan._WITHHELD
        else:
            assert line.startswith("HTTP 403 at /x:"), (name, line)
    scattered = " ".join(SECRET[i : i + 3] for i in range(0, len(SECRET), 3))
    assert secret_scan.redact(f"oops {scattered}", [SECRET]) == secret_scan._WITHHELD
    assert secret_scan.redact(f"auth={SECRET}; retry", [SECRET]) == "auth=***; retry"


def make_review_repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"], "HOME": str(tmp_path)}

    def git(*args):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)

    git("init", "-q", "-b", "main")
    (repo / "README.md").write_text("x\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "pr")
    (repo / "s.py").write_text(SCRIPT)
    git("add", "-A")
    git("commit", "-qm", "pr")
    return repo


class HostileGitHub(ThreadedServer):
    """Answers everything with 403 and the token, base64-encoded behind ``x-access-token:``."""

    path = ""

    def __init__(self, token, link=False):
        self.requests = 0
        outer = self
        leak = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        percent = "".join(f"%{b:02x}" for b in token.encode())

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                outer.requests += 1
                if link:  # a good page whose next link carries the token: never followed, never shown
                    data = b"[]"
                    self.send_response(200)
                    self.send_header("Link", f'</repos/acme/dags/pulls/7/comments?t={percent}>; rel="next"')
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                data = json.dumps({"message": f"Bad credentials for Basic {leak}"}).encode()
                self.send_response(403)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_GET

        super().__init__(Handler)


def review_env(tmp_path, api_url, token, event):
    return {"GITHUB_TOKEN": token, "GITHUB_REPOSITORY": "acme/dags", "GITHUB_API_URL": api_url,
            "GITHUB_EVENT_PATH": str(event), "HOME": str(tmp_path)}


@pytest.mark.parametrize("link", [False, True], ids=["403-base64", "link-header"])
def test_review_github_never_prints_an_encoded_github_token(tmp_path, link):
    repo = make_review_repo(tmp_path)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 7}}))
    with HostileGitHub(SECRET, link) as github:
        result = run_cli("review", "--github", "--changed-since", "main", "-j", "1", ".", cwd=repo,
                         env=review_env(tmp_path, github.url, SECRET, event))
    assert github.requests == 1
    assert result.returncode == 2, result.stderr
    assert f"HTTP {200 if link else 403}" in result.stderr and "not shown" in result.stderr
    assert_clean(result.stdout + result.stderr)


# ---- C: a FIFO where a file is expected ---------------------------------------------------------


def test_review_with_a_fifo_as_event_path_is_one_line(tmp_path):
    repo = make_review_repo(tmp_path)
    fifo = tmp_path / "event.fifo"
    os.mkfifo(fifo)
    result = run_cli("review", "--github", "--changed-since", "main", "-j", "1", ".", cwd=repo,
                     env=review_env(tmp_path, "http://127.0.0.1:9", "t" * 20, fifo), timeout=60)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.strip().splitlines() if "GITHUB_EVENT_PATH" in line]
    assert lines == [f"houston-codemod: GITHUB_EVENT_PATH {fifo}: cannot read the event: not a regular file (a FIFO)"]


def test_a_fifo_as_step_summary_or_output_does_not_hang(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    fifo = tmp_path / "summary.fifo"
    os.mkfifo(fifo)
    summary = run_cli("check", tmp_path / "s.py", env={"GITHUB_STEP_SUMMARY": str(fifo)}, timeout=60)
    assert "GITHUB_STEP_SUMMARY" in summary.stderr and "not a regular file" in summary.stderr
    output = run_cli("check", "--format", "json", "-o", fifo, tmp_path / "s.py", timeout=60)
    assert output.returncode == 2 and "FIFO that nobody reads from" in output.stderr, output.stderr


def test_a_fifo_named_pyproject_is_not_read(tmp_path):
    (tmp_path / "s.py").write_text(SCRIPT)
    os.mkfifo(tmp_path / "pyproject.toml")
    result = run_cli("check", "s.py", cwd=tmp_path, timeout=60)
    # never read (no hang), and never passed over for a parent folder's configuration: one line, exit 2
    # (red team 22, report 11a, f6: it was skipped in silence and a parent's exclude = ["*"] applied)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [f"houston-codemod: {tmp_path / 'pyproject.toml'}: not a regular file; configuration not read"]


# ---- D: timeouts ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "-1", "nan", "abc", "", "inf"])
def test_an_invalid_houston_timeout_is_one_line(tmp_path, value):
    (tmp_path / "s.py").write_text(SCRIPT)
    with HoustonServer(catalogue={}) as server:
        result = run_cli("check", "--schema", server.url, tmp_path, env={"HOUSTON_TIMEOUT": value})
        assert server.requests == []  # stopped before any call
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"houston-codemod: HOUSTON_TIMEOUT={value!r}: not a number of seconds between 0 and 86400"
    ]


def test_schema_fetch_timeout_is_the_total_deadline(tmp_path):
    """A server dripping one byte every 0.5 s needs 60 s for its answer; --timeout 2 ends the run.

    No read ever waits 2 s, so only a total deadline can end it. A bound, not a speed test: the run
    must end well before the server would (half its 60 s leaves room for start-up on a loaded machine)."""
    import time

    with HoustonServer(catalogue={}, drip=0.5) as server:
        started = time.monotonic()
        result = run_cli("schema", "fetch", "--timeout", "2", server.url, timeout=90)
        elapsed = time.monotonic() - started
    assert result.stderr.strip().splitlines() == [f"houston-codemod: {server.url}: no answer within 2 s"]
    assert elapsed < 30, elapsed
