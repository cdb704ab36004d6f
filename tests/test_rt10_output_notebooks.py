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


# ---------------------------------------------------------------- F9 / F11: notebooks as IPython runs them

HELPER_CELL = (
    'import requests\nURL = "https://houston.example.com/v1"\n'
    'def houston(q, v=None):\n    return requests.post(URL, json={"query": q, "variables": v}).json()["data"]\n'
)
AC_CELL = 'AC = "2.3.4"\nhouston(\'mutation { upsertDeployment(deploymentUuid: "d", airflowVersion: "\' + AC + \'") { id } }\')\n'
Q_CELL = (
    'Q = """\nmutation C($ws: Uuid!, $airflowVersion: String) {\n'
    '  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }\n}\n"""\n'
)


def _notebook(path, *sources, nbformat=4):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s} for s in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": nbformat, "nbformat_minor": 5}, indent=1) + "\n")
    return path.read_text()


def test_a_constant_read_by_ipython_itself_is_shared(tmp_path):
    (tmp_path / "pin.py").write_text('import subprocess\nsubprocess.run(["pip", "install", f"apache-airflow=={AC}"])\n')
    before = {
        "run_i.ipynb": _notebook(tmp_path / "run_i.ipynb", HELPER_CELL, AC_CELL, "%run -i pin.py\n"),
        "line_magic.ipynb": _notebook(tmp_path / "line_magic.ipynb", HELPER_CELL, AC_CELL, "get_ipython().run_line_magic('env', 'V=$AC')\n"),
        "cell_magic.ipynb": _notebook(
            tmp_path / "cell_magic.ipynb", HELPER_CELL, AC_CELL, "get_ipython().run_cell_magic('bash', '', 'pip install apache-airflow==$AC\\n')\n"
        ),
        "call_run_i.ipynb": _notebook(tmp_path / "call_run_i.ipynb", HELPER_CELL, AC_CELL, "get_ipython().run_line_magic('run', '-i pin.py')\n"),
    }
    done = run("rewrite", "--no-cache", *before, cwd=tmp_path)
    for name, text in before.items():
        assert (tmp_path / name).read_text() == text, name  # AC is read by IPython: never edited
        assert f"{name}:" in done.stderr and "review-shared-constant [cell 2] AC feeds airflowVersion" in done.stderr
    # the control: %run without -i runs the script in its own namespace, so AC is the cell's own
    _notebook(tmp_path / "run_plain.ipynb", HELPER_CELL, AC_CELL, "%run pin.py\n")
    done = run("rewrite", "--no-cache", "run_plain.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'AC = \\"5.5.0\\"' in (tmp_path / "run_plain.ipynb").read_text() or "5.5.0" in (tmp_path / "run_plain.ipynb").read_text()


def test_a_python_script_magic_cell_is_another_process(tmp_path):
    # %%python runs its body in a separate interpreter: not read as the notebook's code
    text = _notebook(tmp_path / "p.ipynb", HELPER_CELL, "%%python3\n" + Q_CELL + 'houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n')
    done = run("check", "--no-cache", "p.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cell-not-checked [cell 2] cell not checked: %%python3 cell" in done.stdout
    assert "review-version-variable" not in done.stdout
    run("rewrite", "--no-cache", "p.ipynb", cwd=tmp_path)
    assert (tmp_path / "p.ipynb").read_text() == text


def test_notebooks_ipython_transforms_are_not_parse_errors(tmp_path):
    send = 'r = houston(Q, {"ws": "w", "airflowVersion": "2.3.4"})\n'
    _notebook(tmp_path / "indent.ipynb", HELPER_CELL, Q_CELL, "    " + send + "    print(r)\n")
    _notebook(tmp_path / "prompt1.ipynb", HELPER_CELL, Q_CELL, ">>> " + send + ">>> print(r)\n")
    _notebook(tmp_path / "prompt2.ipynb", HELPER_CELL, Q_CELL, send + ">>> print(r)\n")
    v3 = {
        "metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0,
        "worksheets": [{"cells": [{"cell_type": "code", "input": HELPER_CELL + Q_CELL, "language": "python", "outputs": []}]}],
    }
    (tmp_path / "v3.ipynb").write_text(json.dumps(v3))
    (tmp_path / "nocells.ipynb").write_text(json.dumps({"metadata": {}, "q": HELPER_CELL + Q_CELL}))  # Houston words: read
    done = run("check", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 2  # only nocells.ipynb, which is not a notebook
    errors = [line for line in done.stderr.splitlines() if not line.startswith("houston-codemod: 5 files")]
    assert errors == ['houston-codemod: nocells.ipynb: not a Jupyter notebook: it has no "cells" list'], done.stderr
    assert "cannot parse Python" not in done.stderr and "KeyError" not in done.stderr
    for name in ("indent", "prompt1", "prompt2"):
        # each cell's source is one JSON string: reported at that string's own line (red team 11, F8)
        lines = (tmp_path / f"{name}.ipynb").read_text().splitlines()
        q_line = next(n for n, line in enumerate(lines, 1) if '"source": "Q = ' in line or ('"source"' in line and "$airflowVersion" in line))
        sent = next(n for n, line in enumerate(lines, 1) if '"source"' in line and "houston(Q" in line)
        column = lines[q_line - 1].index("$airflowVersion") + 1
        assert f"{name}.ipynb:{sent}:1: info cell-not-checked [cell 3] cell not checked:" in done.stdout
        # the unread cell sends Q with the old key: Q's variable is kept and reviewed
        assert f"{name}.ipynb:{q_line}:{column}: warning review-version-variable [cell 2]" in done.stdout
    assert "v3.ipynb:1:1: info cell-not-checked notebook format 3 is not read" in done.stdout


# ---------------------------------------------------------------- F7: GitLab variables: !reference

GITLAB_REFERENCE = """.vars:
  variables:
    REG: mirror.example.com
job:
  variables: !reference [.vars, variables]
  image: $REG/astronomer/ap-airflow:2.3.4-onbuild
  script: [echo]
"""


def test_gitlab_job_variables_by_reference_are_reviewed_as_a_mirror(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text(GITLAB_REFERENCE)
    done = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / ".gitlab-ci.yml").read_text() == GITLAB_REFERENCE  # not moved onto the mirror
    assert "review-ac-image ap-airflow:2.3.4-onbuild: the registry comes from REG, set to 'mirror.example.com'" in done.stderr
    # the control: a reference to the public registry is migrated as inline variables are
    public = GITLAB_REFERENCE.replace("mirror.example.com", "quay.io")
    (tmp_path / ".gitlab-ci.yml").write_text(public)
    done = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "image: $REG/astronomer/astro-runtime:5.5.0" in (tmp_path / ".gitlab-ci.yml").read_text()
