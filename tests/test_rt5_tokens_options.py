"""Red team 5: token spellings in a Houston answer (F13), the token echoed from the person's own
arguments (F20), and empty option values (F14), all through the installed console script."""

import base64
import json
from http.server import BaseHTTPRequestHandler

import click
import pytest
from graphql import build_schema, graphql_sync
from local_server import ThreadedServer
from trust_cli import run_cli

from codemods.cli import main as cli_main

TOKEN = "tok_SECRETabcdef1234567890"


def _descriptions(mode):
    t = TOKEN
    return {
        "split7": [t[i : i + 7] for i in range(0, len(t), 7)],
        "split4": [t[i : i + 4] for i in range(0, len(t), 4)],
        "fullwidth": ["".join(chr(ord(c) + 0xFEE0) if 33 <= ord(c) <= 126 else c for c in t)],
        "utf16hex": [t.encode("utf-16-le").hex()],
        "utf16behex": [t.encode("utf-16-be").hex().upper()],
        "octal": ["".join("\\%03o" % ord(c) for c in t)],
        "hexescapes": ["".join("\\x%02x" % ord(c) for c in t)],
        "ascii85": [base64.a85encode(t.encode()).decode()],
        "ascii85shifted": [base64.a85encode(b"Bearer " + t.encode()).decode()],
        "base85": [base64.b85encode(b"x" + t.encode()).decode()],
        "plain": ["an ordinary field"],
    }[mode]


def _sdl(mode):
    fields = "\n".join('  """%s"""\n  f%d: String' % (d, i) for i, d in enumerate(_descriptions(mode)))
    return "type Query {\n%s\n  deployments(workspaceUuid: ID): [Deployment]\n}\ntype Deployment { id: ID }\n" % fields


class _Server(ThreadedServer):
    """A Houston that puts the token into its field descriptions in one spelling."""

    def __init__(self, mode):
        schema = build_schema(_sdl(mode))
        self.authorizations = authorizations = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                authorizations.append(self.headers.get("authorization"))
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                out = json.dumps({"data": graphql_sync(schema, json.loads(body)["query"]).data}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        super().__init__(Handler)
        self.thread.start()  # the tests stop it with close() in a finally


def _no_token(*texts):
    for text in texts:
        assert TOKEN.lower() not in text.lower(), text


@pytest.mark.parametrize(
    "mode", ["split7", "split4", "fullwidth", "utf16hex", "utf16behex", "octal", "hexescapes", "ascii85", "ascii85shifted", "base85"]
)
def test_a_token_in_the_answer_in_any_of_these_spellings_is_refused(tmp_path, mode):
    server = _Server(mode)
    try:
        result = run_cli("schema", "fetch", server.url, "-o", tmp_path / "out.graphql", env={"HOUSTON_API_TOKEN": TOKEN})
    finally:
        server.close()
    assert result.returncode == 2, result.stderr
    assert not (tmp_path / "out.graphql").exists()  # 0.1.0-rt5: written, exit 0
    assert result.stderr.strip().splitlines() == [
        f"houston-codemod: {server.url}: HTTP 200: the answer contains HOUSTON_API_TOKEN (in some spelling); it is refused and not shown"
    ]
    _no_token(result.stdout, result.stderr)


def test_an_answer_without_the_token_is_still_fetched(tmp_path):
    server = _Server("plain")
    try:
        result = run_cli("schema", "fetch", server.url, "-o", tmp_path / "out.graphql", env={"HOUSTON_API_TOKEN": TOKEN})
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    assert '"""an ordinary field"""' in (tmp_path / "out.graphql").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--houston-version", TOKEN, "a.py"],
        ["check", "--schema", TOKEN, "a.py"],
        ["check", TOKEN],
        ["rewrite", TOKEN.upper()],
        ["check", "--format", TOKEN],
        ["check", "--jobs", TOKEN],
        [TOKEN],
        ["check", "--" + TOKEN],
        ["schema", TOKEN],
        ["schema", "fetch", "--timeout", TOKEN, "x"],
        ["review", "--pr", TOKEN],
        ["check", "--explain", TOKEN],
        ["fleet", "--x" + TOKEN],  # argparse's own usage error
        ["fleet", "status", "--repos", TOKEN],
    ],
)
def test_a_token_given_as_an_argument_is_never_echoed(tmp_path, args):
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run_cli(*args, cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN})
    assert result.returncode == 2, result.stderr
    assert "***" in result.stderr  # the line is still there, with the token masked
    _no_token(result.stdout, result.stderr)


def _value_options(command, path=()):
    """(command words, option) for every option of every click command that takes a value."""
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            yield path, param
    for name, sub in getattr(command, "commands", {}).items():
        yield from _value_options(sub, path + (name,))


ARGUMENTS = {("schema", "fetch"): ["http://127.0.0.1:9/v1"], ("schema", "diff"): ["1.0.0", "1.0.1"]}
VALUE_OPTIONS = list(_value_options(cli_main))


def test_the_walk_sees_the_options_the_red_team_named():
    names = {(path, max(option.opts, key=len)) for path, option in VALUE_OPTIONS}
    for expected in [(("check",), "--schema"), (("check",), "--houston-version"), (("rewrite",), "--versions-from"),
                     (("check",), "--output"), (("schema", "fetch"), "--output"), (("review",), "--timeout")]:
        assert expected in names


@pytest.mark.parametrize("path, option", VALUE_OPTIONS, ids=lambda v: "-".join(v) if isinstance(v, tuple) else v.name)
def test_an_empty_option_value_is_one_line_and_exit_2(tmp_path, path, option):
    (tmp_path / "a.py").write_text("x = 1\n")
    name = max(option.opts, key=len)
    result = run_cli(*path, option.opts[0], "", *ARGUMENTS.get(path, ["a.py"]), cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.strip().splitlines() == [
        f"houston-codemod: {name} is empty: give it a value, or leave the option out for its default"
    ]
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.py"]  # -o '' wrote nothing anywhere


@pytest.mark.parametrize(
    "args, name",
    [
        (["--schema", ""], "--schema"),
        (["--houston-version="], "--houston-version"),
        (["-C", " "], "-C"),
        (["--repos", "a", ""], "--repos"),
        (["status", "-o", ""], "-o"),
        (["status", "--format="], "--format"),
    ],
)
def test_an_empty_fleet_option_value_is_one_line_and_exit_2(tmp_path, args, name):
    """fleet's options are argparse's (all-repos), not click's: checked on its words."""
    result = run_cli("fleet", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"houston-codemod: {name} is empty: give it a value, or leave the option out for its default"
    ]


def test_env_blank_values(tmp_path):
    """HOUSTON_TIMEOUT set but blank is an error (README: never a silent 30 s); HOUSTON_URL blank
    trusts no URL (like a blank token, it grants nothing)."""
    (tmp_path / "a.py").write_text("x = 1\n")
    result = run_cli("check", "--versions-from", "http://127.0.0.1:9/v1", "a.py", cwd=tmp_path, env={"HOUSTON_TIMEOUT": ""})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "houston-codemod: HOUSTON_TIMEOUT='': not a number of seconds between 0 and 86400"
    ]


@pytest.mark.parametrize("houston_url", ["", "   "])
def test_a_blank_houston_url_trusts_no_url(tmp_path, houston_url):
    """Blank counts as not set, as for the token: a configured schema URL gets no token;
    HOUSTON_URL naming that URL does give it one (so the check can tell the two apart)."""
    (tmp_path / "a.py").write_text("x = 1\n")
    server = _Server("plain")
    try:
        (tmp_path / "pyproject.toml").write_text(f'[tool.houston-codemod]\nschema = "{server.url}"\n')
        blank = run_cli("check", "a.py", cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN, "HOUSTON_URL": houston_url})
        named = run_cli("check", "a.py", cwd=tmp_path, env={"HOUSTON_API_TOKEN": TOKEN, "HOUSTON_URL": server.url})
    finally:
        server.close()
    assert blank.returncode == 0 and named.returncode == 0, (blank.stderr, named.stderr)
    assert server.authorizations == [None, TOKEN]
    assert "named only by a configuration file, so HOUSTON_API_TOKEN is not sent there" in blank.stderr
    _no_token(blank.stdout, blank.stderr, named.stdout, named.stderr)
