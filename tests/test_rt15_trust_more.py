"""Red team 14, report 11a (issue 11): F5, F1, F3, F9, through the installed command where a user meets them.

- F5: a ``%`` / ``.format()`` template of thousands of holes and version edits was rewritten in time
  growing with edits x holes (``TextMap.hole_at`` scanned every hole per edit).  Counted, not timed.
- F1: a GitHub error answer whose ``errors`` list holds null, a list or an object ``message``.
- F3: ``rewrite -`` with more than 16 MiB on stdin: one line, exit 2, nothing on stdout (it may be endless).
- F9: a server's error echoing the token cut up by markup tags, ANSI escapes or backspace overstrikes.
"""

import json
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from codemods.pipeline import BundledSchema, Options, process
from codemods.versions import VersionTable
from local_server import ThreadedServer
from trust_cli import run_cli
from work_count import traced_lines, under

TEXT_MAP = frozenset({under("sources", "text_map.py")})


def pct_labels(n: int) -> str:
    """One function sending a ``%`` template of n aliased createDeployment calls: n holes, n version edits."""
    body = " ".join(
        f'd{i}: createDeployment(workspaceUuid: "w", label: "%s", type: "airflow", airflowVersion: "2.3.4") {{ id }}'
        for i in range(n)
    )
    args = ", ".join(["label"] * n)
    return (
        "import requests\n\ndef bulk(label):\n"
        f'    q = """mutation {{ {body} }}""" % ({args})\n'
        '    return requests.post("https://houston.example.com/v1", json={"query": q})\n'
    )


def _hole_work(n: int) -> int:
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled(), validate=False)
    count, result = traced_lines(lambda: process("s.py", pct_labels(n).encode(), options), TEXT_MAP)
    assert result.error is None, result.error
    assert result.changed and 'airflowVersion: "2.3.4"' not in result.new_text
    return count


def test_f5_template_edits_map_through_holes_in_linear_work():
    small, large = _hole_work(150), _hole_work(300)
    assert small > 150  # the count sees the work
    assert large / small < 2.3, (small, large)  # a scan of every hole per edit gives ~3.5


def test_f5_large_template_is_rewritten_through_the_command(tmp_path):
    (tmp_path / "s.py").write_text(pct_labels(400))
    completed = run_cli("rewrite", "--diff", "--no-cache", "-j", "1", ".", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.count('+    q = """mutation') == 1
    assert 'airflowVersion: "2.3.4"' not in completed.stdout.split("+    q =", 1)[1].split("\n", 1)[0]


# -- F1: GitHub's `errors` items of any shape ---------------------------------------------------------------

GITHUB_TOKEN = "ghp_SECRETtoken0123456789abcdef"


def _git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, check=True,
                   capture_output=True)


def _pr_repo(tmp_path: Path) -> Path:
    """A repository whose branch adds a script with a versioned createDeployment (a review item)."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "x.py").write_text("x = 1\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "init")
    _git(repo, "checkout", "-q", "-b", "feat")
    (repo / "s.py").write_text(
        'import requests\n\nQ = """\nmutation {\n  createDeployment(workspaceUuid: "w", label: "l", type: "airflow",'
        ' airflowVersion: "2.3.4") { id }\n}\n"""\n\n'
        'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "feat")
    return repo


def _github_answering(body: dict):
    """A GitHub that knows the token's account and answers every other call with HTTP 422 and ``body``."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            length = int(self.headers.get("content-length") or 0)
            if length:
                self.rfile.read(length)
            if self.path.split("?")[0] == "/user":
                status, payload = 200, {"login": "bot", "id": 1, "type": "User"}
            else:
                status, payload = 422, body
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer

    server = ThreadedServer(Handler)
    server.path = ""
    return server


@pytest.mark.parametrize("errors, shown", [
    ([None], "null"),
    ([[1]], "[1]"),
    ([{"message": {"a": ["b"]}}], '{"a": ["b"]}'),
    ([{"code": "invalid"}], '"code": "invalid"'),
    ({"field": "line"}, '"field": "line"'),
])
def test_f1_github_error_items_of_any_shape_are_the_http_line(tmp_path, errors, shown):
    repo = _pr_repo(tmp_path)
    with _github_answering({"message": "Validation Failed", "errors": errors}) as server:
        completed = run_cli(
            "review", "--github", "--pr", "1", "--changed-since", "main", "--no-cache", ".", cwd=repo,
            env={"GITHUB_TOKEN": GITHUB_TOKEN, "GITHUB_API_URL": server.url, "GITHUB_REPOSITORY": "o/r"},
        )
    assert completed.returncode == 2, completed.stderr
    assert "internal error" not in completed.stderr
    assert "Traceback" not in completed.stderr
    assert GITHUB_TOKEN not in completed.stderr + completed.stdout
    lines = [line for line in completed.stderr.splitlines() if "HTTP 422: Validation Failed" in line]
    assert lines, completed.stderr
    assert shown in lines[0], lines[0]


# -- F3: stdin refused for its size -------------------------------------------------------------------------

BIG_STDIN = "x = 1  # " + "a" * (16 * 1024 * 1024) + "\n"  # over the 16 MiB limit


@pytest.mark.parametrize("mode", [None, "--diff", "--check"])
def test_f3_rewrite_stdin_too_large_is_one_line_and_nothing_on_stdout(tmp_path, mode):
    # not echoed: stdin refused for its size may be endless (tests/test_trust_files.py: < /dev/zero);
    # and no summary claiming "0 errors" beside exit 2 (what red team 14 saw)
    completed = run_cli("rewrite", *([mode] if mode else []), "-", cwd=tmp_path, stdin=BIG_STDIN)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.splitlines() == ["houston-codemod: -: cannot read: larger than 16 MiB; not read"]
