"""Red team pass 10, issue 11 (F4, F7, F8, F9, F11), through the installed CLI.

* F8: a file name holding control characters (a line break that would start a
  ``::error`` workflow command, ESC, bidi controls) is printed escaped by every
  line-oriented output (text, stderr, github, html, explain): files.printed;
* F4: a document built with ``+=`` / ``q = q + ...`` is read whole or reported
  as not read, never a false graphql-syntax error;
* F9: a notebook constant read by IPython itself (``%run -i``,
  ``get_ipython().run_line_magic('env', ...)``) is a shared constant; a
  ``%%python`` cell runs in another process;
* F11: indented cells, ``>>>`` prompts and nbformat 3 notebooks;
* F7: GitLab ``variables: !reference [.vars, variables]``.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

SENDER = '''import requests
URL = "https://houston.example.com/v1"
def houston(q, v=None):
    return requests.post(URL, json={"query": q, "variables": v}).json()["data"]
Q = """
mutation C($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
def go():
    return houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})
'''


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


# ---------------------------------------------------------------- F8: names as printed

INJECTED = "x\n::error file=README.md,line=1,title=Security::Repository compromised\n.py"
NAMES = [INJECTED, "c\x1b[31m.py", "r\u202etxt.py", "l\u2028s.py", "cr\rz.py"]


def _named_tree(tmp_path):
    for name in NAMES:
        (tmp_path / name).write_text(SENDER)
    return tmp_path


def _no_raw_control(text):
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 or c in "\u202e\u2028\r"]
    assert not bad, [hex(ord(c)) for c in bad]


def _no_injected_line(text):
    for line in text.split("\n"):
        assert not line.startswith("::error file=README.md"), line
        assert not line.startswith(".py"), line


def test_text_and_stderr_print_names_escaped(tmp_path):
    _named_tree(tmp_path)
    for args in (["check", "--no-cache", "."], ["rewrite", "--check", "--no-cache", "."]):
        done = run(*args, cwd=tmp_path)
        assert done.returncode == (1 if "rewrite" in args else 0), done.stderr  # info findings only: check exits 0
        for stream in (done.stdout, done.stderr):
            _no_raw_control(stream)
            _no_injected_line(stream)
        both = done.stdout + done.stderr
        assert "x\\n::error file=README.md" in both
        assert "c\\x1b[31m.py" in both and "r\\u202etxt.py" in both and "l\\u2028s.py" in both and "cr\\rz.py" in both


def test_github_format_never_starts_a_command_from_a_name(tmp_path):
    _named_tree(tmp_path)
    done = run("check", "--no-cache", "--format", "github", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    _no_raw_control(done.stdout)
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith(("::warning file=", "::notice file=", "::error file=")) for line in lines)
    assert not any("file=README.md,line" in line for line in lines)  # only ever as an escaped %2C property
    # the property is escaped per GitHub's workflow-command rules: ':' and ',' as %3A / %2C
    assert any(line.startswith("::notice file=x\\n%3A%3Aerror file=README.md%2Cline=1") for line in lines)
    assert any("file=c\\x1b[31m.py,line=" in line for line in lines)


def test_html_and_explain_escape_names(tmp_path):
    _named_tree(tmp_path)
    done = run("check", "--no-cache", "--format", "html", ".", cwd=tmp_path)
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout and "\r" not in done.stdout
    assert "c\\x1b[31m.py" in done.stdout
    done = run("check", "--no-cache", "--explain", "c\x1b[31m.py:5", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "\x1b" not in done.stdout + done.stderr
    assert "c\\x1b[31m.py:5:" in done.stdout


def test_json_and_sarif_keep_names_exact_and_escaped_by_the_encoder(tmp_path):
    _named_tree(tmp_path)
    done = run("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "\x1b" not in done.stdout and "\r" not in done.stdout
    paths = {d["path"] for d in json.loads(done.stdout)["documents"]}
    assert "c\x1b[31m.py" in paths and INJECTED in paths  # the real name, JSON-escaped on the wire
    done = run("check", "--no-cache", "--format", "sarif", ".", cwd=tmp_path)
    assert "\x1b" not in done.stdout and "\n::error" not in done.stdout
    json.loads(done.stdout)


# ---------------------------------------------------------------- F4: documents built with +=

AUG_HEAD = '''import requests
URL = "https://houston.example.com/v1"
def houston(q, v=None):
    return requests.post(URL, json={"query": q, "variables": v})
def go(ws, extra):
    q = "query Q { deployments { id "
'''
AUG_TAILS = {
    "aug1.py": '    q += " airflowVersion } }"\n    return houston(q)\n',
    "aug2.py": '    q = q + " airflowVersion } }"\n    return houston(q)\n',
    "aug3.py": '    if extra:\n        q += " releaseName "\n    q += " airflowVersion } }"\n    return houston(q)\n',
}


def test_a_document_built_with_plus_equals_is_not_a_false_syntax_error(tmp_path):
    for name, tail in AUG_TAILS.items():
        (tmp_path / name).write_text(AUG_HEAD + tail)
    done = run("check", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "graphql-syntax" not in done.stdout
    for name in AUG_TAILS:
        assert f"{name}:6:9: info template-not-parsed document built step by step (q += ...)" in done.stdout
    done = run("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == "", done.stdout + done.stderr
    done = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0
    assert all((tmp_path / name).read_text() == AUG_HEAD + tail for name, tail in AUG_TAILS.items())


def test_a_whole_document_assigned_once_is_still_migrated(tmp_path):
    # the control: the same query written as one string is read and migrated
    (tmp_path / "one.py").write_text(AUG_HEAD.replace('{ id "', '{ id airflowVersion } }"') + "    return houston(q)\n")
    done = run("rewrite", "--diff", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 1 and "template-not-parsed" not in done.stderr
    assert "+    q = \"query Q { deployments { id airflowVersion: runtimeAirflowVersion } }\"" in done.stdout
