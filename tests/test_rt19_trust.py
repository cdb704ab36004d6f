"""Red team 18, report 11a: the token through a proxy, per-byte numeric token spellings, blank settings,
fragment chains across files and long name chains.  Every scenario runs the installed command.

* F4: a request carrying HOUSTON_API_TOKEN over plain http (only ever to a loopback host) went through an
  ``HTTP_PROXY``/``ALL_PROXY`` from the environment: the token in clear to the proxy's host.  Such a request
  now connects straight to the URL's host (GitHub requests never used a proxy).
* F1/F1b/F1c/F1d: the token echoed one number per byte (``115,101,...``, ``0x73 0x65``, octal, binary) was
  neither refused at the transport nor redacted; now it is a spelling like the others (secret_scan).
* F2: a blank ``HOUSTON_CODEMOD_CACHE_DIR`` / ``GITHUB_API_URL`` meant the default; now one line, exit 2
  (a blank ``HOUSTON_CODEMOD_REPORT_ARTIFACT``: one line, the job summary without its link).
* F3: ``.graphql`` fragments spreading each other in a chain across N files cost N x N (each user carried
  every fragment it reached); a user reaching more than MAX_SPLICED is held, given none.
* N1: a 500-long chain of ``v1 = v0`` aliases was an internal RecursionError; now it is followed a bounded
  number of links (beyond: unknown) and the file is processed.
"""

import json
import os
import subprocess
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from houston_server import HoustonServer
from local_server import ThreadedServer
from trust_cli import run_cli

TOKEN = "sekret-token-ABCDEFGH12345"
GH_TOKEN = "ghp_SECRETgithubTOKEN0123456789"


class _Recorder(ThreadedServer):
    """Answers every request with ``status`` and ``body(authorization)``; keeps what it was sent."""

    def __init__(self, status, body):
        self.seen = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                authorization = self.headers.get("authorization") or ""
                server.seen.append((self.path, authorization))
                payload = body(authorization).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = _answer

        super().__init__(Handler)


def _token_value(authorization: str) -> str:
    return authorization.split()[-1] if authorization else ""


# ---------------------------------------------------------------------------------------------- F4


def test_f4_token_over_plain_http_never_goes_through_an_environment_proxy(tmp_path):
    with HoustonServer(catalogue={}, token=TOKEN) as houston, _Recorder(200, lambda a: '{"data": {}}') as proxy:
        proxy_url = f"http://127.0.0.1:{proxy.port}"
        proc = run_cli(
            "schema", "fetch", houston.url, "-o", tmp_path / "houston.graphql", cwd=tmp_path,
            env={"HOUSTON_API_TOKEN": TOKEN, "HTTP_PROXY": proxy_url, "http_proxy": proxy_url,
                 "ALL_PROXY": proxy_url, "all_proxy": proxy_url, "NO_PROXY": "", "no_proxy": ""},
        )
        assert proxy.seen == []  # nothing, the token least of all, reached the proxy's host
        assert proc.returncode == 0, proc.stderr
        assert houston.requests and houston.requests[0]["headers"].get("authorization") == TOKEN
        assert "type Query" in (tmp_path / "houston.graphql").read_text()


# ---------------------------------------------------------------------------------------------- F1


def _per_byte(token: str, style: str) -> str:
    raw = token.encode()
    return {
        "decimal": ",".join(str(b) for b in raw),  # list(token.encode()), Arrays.toString without brackets
        "hex0x": " ".join(hex(b) for b in raw),  # [hex(b) for b in raw], C/Go byte-array dumps
        "octal": " ".join(format(b, "o") for b in raw),
        "binary": " ".join(format(b, "08b") for b in raw),
        "decimal_spaces": " ".join(str(b) for b in raw),
        "java_list": str(list(raw)),
    }[style]


@pytest.mark.parametrize("style", ["decimal", "hex0x", "octal", "binary", "decimal_spaces", "java_list"])
def test_f1_every_per_byte_numeric_spelling_is_a_leak(style):
    """The recogniser itself, per spelling (cheap, in process); the CLI runs below prove the paths."""
    from codemods import secret_scan

    message = f"invalid token {_per_byte(TOKEN, style)}; try again"
    assert secret_scan.leaks(message, [TOKEN])
    shown = secret_scan.redact(message, [TOKEN])
    assert not secret_scan.leaks(shown, [TOKEN]) and _per_byte(TOKEN, style) not in shown
    assert secret_scan.leaks(f"Validation Failed {_per_byte(GH_TOKEN, style)}", [GH_TOKEN])
    scrubbed = secret_scan.scrub(f"line one\nbad {_per_byte(TOKEN, style)} here\n", [TOKEN])
    assert scrubbed is None or not secret_scan.leaks(scrubbed, [TOKEN])


def test_f1_ordinary_numbers_are_no_leak():
    from codemods import secret_scan

    text = "ports 8080 8081 8082 8083 1 2 3 4 5 6 7 8 9 10 11 12 0x10 0x20 0x30 0x40 0x50 0x60 0x70 0x7f 01 10 11 00"
    assert not secret_scan.leaks(text, [TOKEN])
    assert secret_scan.redact(text, [TOKEN]) == text


def test_f1_houston_401_echoing_the_token_as_decimal_bytes_is_not_shown(tmp_path):
    body = lambda a: json.dumps({"errors": [{"message": f"invalid token {_per_byte(_token_value(a), 'decimal')}"}]})
    with _Recorder(401, body) as server:
        proc = run_cli("schema", "fetch", server.url, cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN})
    shown = proc.stdout + proc.stderr
    assert proc.returncode == 2
    assert _per_byte(TOKEN, "decimal") not in shown and "115,101,107" not in shown
    assert "the token was rejected (HTTP 401)" in shown and "not shown" in shown


def test_f1d_schema_fetch_refuses_an_introspection_answer_holding_the_token_as_hex_bytes(tmp_path):
    from codemods.houston_schema import HoustonSchema
    from graphql import get_introspection_query, graphql_sync

    schema = HoustonSchema.bundled().schema
    introspection = graphql_sync(schema, get_introspection_query(descriptions=True)).data

    def body(authorization):
        answer = json.loads(json.dumps(introspection))
        for kind in answer["__schema"]["types"]:
            if kind["name"] == "Query":
                kind["description"] = f"Houston API. Session: {_per_byte(_token_value(authorization), 'hex0x')}"
        return json.dumps({"data": answer})

    out = tmp_path / "fetched.graphql"
    with _Recorder(200, body) as server:
        proc = run_cli("schema", "fetch", server.url, "-o", out, cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN})
    assert proc.returncode == 2, proc.stderr
    assert "contains HOUSTON_API_TOKEN (in some spelling)" in proc.stderr
    assert not out.exists()
    assert "0x73 0x65" not in proc.stdout + proc.stderr


def _pull_request(tmp_path):
    """A repository whose last commit adds a file with a finding (what review --github posts)."""
    (tmp_path / "deploy.py").write_text(
        'import requests\nURL = "https://houston.example.com/v1"\n'
        'Q = """mutation C($v: String) { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", '
        'airflowVersion: $v) { id } }"""\n'
        'requests.post(URL, json={"query": Q, "variables": {"v": "2.3.4-11"}})\n'
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "base"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "deploy.py"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "feature"], cwd=tmp_path, check=True)


def test_f1b_github_answer_echoing_the_token_as_octal_bytes_is_refused(tmp_path):
    body = lambda a: json.dumps({"message": f"Validation Failed {_per_byte(_token_value(a), 'octal')}"})
    _pull_request(tmp_path)
    with _Recorder(422, body) as server:
        proc = run_cli(
            "review", "--github", "--pr", "1", "--changed-since", "HEAD~1", "--no-cache", ".", cwd=tmp_path,
            env={"GITHUB_TOKEN": GH_TOKEN, "GITHUB_API_URL": f"http://127.0.0.1:{server.port}",
                 "GITHUB_REPOSITORY": "o/r", "HOUSTON_CODEMOD_BOT_LOGIN": "bot"},
        )
        assert server.seen  # GitHub was asked, and answered with the token's octal bytes
    shown = proc.stdout + proc.stderr
    assert proc.returncode == 2
    assert _per_byte(GH_TOKEN, "octal") not in shown and "147 150 160" not in shown
    # (this token holds "githubTOKEN", so the variable's own name is masked in the line too)
    assert "HTTP 422: the answer contains" in shown and "(in some spelling); it is refused and not shown" in shown


# ---------------------------------------------------------------------------------------------- F2


def test_f2_blank_cache_dir_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    proc = run_cli("check", ".", cwd=tmp_path, env={"HOUSTON_CODEMOD_CACHE_DIR": " "})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "houston-codemod: HOUSTON_CODEMOD_CACHE_DIR is empty: give it a value, or unset it for its default"
    ]
    assert not (tmp_path / ".houston-codemod-cache").exists()  # never the default place


def test_f2_blank_github_api_url_is_one_line_and_exit_2(tmp_path):
    _pull_request(tmp_path)
    proc = run_cli(
        "review", "--github", "--pr", "1", "--changed-since", "HEAD~1", "--no-cache", ".", cwd=tmp_path,
        env={"GITHUB_TOKEN": GH_TOKEN, "GITHUB_API_URL": "", "GITHUB_REPOSITORY": "o/r"},
    )
    assert proc.returncode == 2
    assert "houston-codemod: GITHUB_API_URL is empty: give it a value, or unset it for its default" in proc.stderr
    assert "cannot reach GitHub" not in proc.stderr


# ---------------------------------------------------------------------------------------------- F3 + N1


def _fragment_chain(root: Path, n: int) -> None:
    root.mkdir(parents=True)
    (root / "f00.graphql").write_text("fragment F0 on Deployment { releaseName }\n")
    for i in range(1, n):
        (root / f"f{i:02d}.graphql").write_text(
            f"fragment F{i} on Deployment {{ id ...F{i - 1} }}\n"
            f"query Q{i}($id: String!) {{ deployment(where: {{id: $id}}) {{ id airflowVersion ...F{i} }} }}\n"
        )


def test_f3_fragment_chain_index_carries_bounded_work_per_file(tmp_path):
    """Work counted: the fragments the run's index appends, summed over its files, grow linearly."""
    from codemods.sources import graphql_fragments_index as index

    totals = {}
    for n in (40, 80):
        root = tmp_path / f"c{n}"
        _fragment_chain(root, n)
        built = index.build(sorted(str(p) for p in root.glob("*.graphql")))
        totals[n] = sum(len(entry.get("needs") or ()) for entry in built.values())
    assert totals[80] <= 80 * index.MAX_SPLICED
    assert totals[80] - totals[40] <= 40 * index.MAX_SPLICED  # linear, not 80*79/2 = 3160


def test_f3_and_n1_deep_fragment_chain_held_and_long_alias_chain_processed(tmp_path):
    _fragment_chain(tmp_path / "frags", 40)
    chain = ["import requests", 'URL = "https://houston.example.com/v1"', 'v0 = "2.3.4-11"']
    chain += [f"v{i} = v{i - 1}" for i in range(1, 600)]
    chain += [
        "def create():",
        '    q = """mutation C($v: String) { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", '
        'airflowVersion: $v) { id } }"""',
        '    return requests.post(URL, json={"query": q, "variables": {"v": v599}})',
    ]
    (tmp_path / "alias.py").write_text("\n".join(chain) + "\n")
    summary = tmp_path.parent / f"{tmp_path.name}-summary.md"
    proc = run_cli(
        "check", "--no-cache", "--format", "json", ".", cwd=tmp_path,
        env={"GITHUB_STEP_SUMMARY": str(summary), "HOUSTON_CODEMOD_REPORT_ARTIFACT": ""},
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert "internal error" not in proc.stderr and "RecursionError" not in proc.stderr
    # F2 (same run): a blank report artifact is one line; the summary is written, with no link
    assert "HOUSTON_CODEMOD_REPORT_ARTIFACT is empty: give it a value" in proc.stderr
    assert summary.exists() and "artifact" not in summary.read_text()
    findings = json.loads(proc.stdout)["findings"]
    by_path = {}
    for finding in findings:
        by_path.setdefault(finding["path"], []).append(finding)
    # N1: the document behind the 600-link chain is found and judged (its value is not followed that far)
    alias = {f["code"] for f in by_path[os.path.join("alias.py")]}
    assert "migrate-version-argument" in alias
    # F3: near the chain's start every fragment is appended and the operation is checked whole
    near = by_path[os.path.join("frags", "f05.graphql")]
    assert not [f for f in near if f["code"] == "known-fragment-names"]
    assert any(f["code"].startswith("migrate-") for f in near)
    # far along it, the operation reaches more than MAX_SPLICED fragments: checked without them, held
    far = by_path[os.path.join("frags", "f39.graphql")]
    unknown = [f for f in far if f["code"] == "known-fragment-names"]
    assert unknown and all(f["severity"] == "info" and "more than 32 fragments" in f["message"] for f in unknown)
    assert not [f for f in far if f["code"].startswith("migrate-")]
    assert not [f for f in findings if f["severity"] == "error"]
