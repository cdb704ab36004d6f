"""Red team pass 13, issue 11 (report 11): F13 (super-linear notebooks) and F6 (false syntax error).

F13: a notebook whose cells each send ``houston(CREATE, V{i})`` and name ``V{i}`` on an IPython
line (``%env X{i}=$V{i}``) gets one review finding per cell; each finding's JSON column was found by
splitting the whole notebook text again (a C loop, invisible to a line tracer), so the work grew with
cells x file size.  The test counts both the tool's lines and the characters its whole-string ``str``
method calls read, at N, 2N and 3N cells, and requires both to lie on a line.

F6: ``"{} {}".format(HEAD, BODY)`` (and ``{0}``/``{1}``) sent as one document: the head part alone
was checked as a document and reported as a graphql-syntax error, though the document sent is valid.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

HEAD_CELL = '''import requests
URL = "https://houston.example.com/v1"
def houston(query, variables=None):
    return requests.post(URL, json={"query": query, "variables": variables}).json()["data"]
CREATE = """
mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
'''


def _cells_naming_their_dicts(n):
    sources = [HEAD_CELL] + [
        f'V{i} = {{"ws": "w{i}", "airflowVersion": "2.3.4-11"}}\nr{i} = houston(CREATE, V{i})\n%env X{i}=$V{i}\n'
        for i in range(n)
    ]
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s.splitlines(True)}
        for s in sources
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}},
          "nbformat": 4, "nbformat_minor": 4}
    return json.dumps(nb, indent=1) + "\n"


# str methods that always read their whole receiver (find/count/startswith may take a start position: not counted)
WHOLE_STRING = frozenset({"splitlines", "split", "rsplit", "encode", "replace", "lower", "upper", "casefold",
                          "expandtabs", "translate", "isascii", "strip", "lstrip", "rstrip"})


def _work(data, options):
    """(lines of the tool run, characters read by whole-string str-method calls) while one notebook is processed."""
    from codemods.pipeline import process
    from work_count import PACKAGE

    lines = chars = 0

    def tracer(frame, event, _arg):
        nonlocal lines
        if not frame.f_code.co_filename.startswith(PACKAGE):
            return None
        if event == "line":
            lines += 1
        return tracer

    def profiler(frame, event, arg):
        nonlocal chars
        if event == "c_call" and frame.f_code.co_filename.startswith(PACKAGE):
            receiver = getattr(arg, "__self__", None)
            if isinstance(receiver, str) and arg.__name__ in WHOLE_STRING:
                chars += len(receiver)

    sys.settrace(tracer)
    sys.setprofile(profiler)
    try:
        result = process("q.ipynb", data.encode(), options)
    finally:
        sys.setprofile(None)
        sys.settrace(None)
    assert result.error is None
    reviews = [f for f in result.findings if f.code == "review-shared-variables"]
    return lines, chars, len(reviews)


def test_f13_cells_naming_their_variables_dicts_cost_linear_work(options):
    _work(_cells_naming_their_dicts(1), options)  # the schema's caches filled once, not counted
    sizes = (60, 120, 180)
    runs = [_work(_cells_naming_their_dicts(n), options) for n in sizes]
    for n, (_, _, reviews) in zip(sizes, runs):
        assert reviews >= n  # the work counted is the work of one finding per cell
    for measure in (0, 1):
        counts = [run[measure] for run in runs]
        step = counts[1] - counts[0]
        assert step > sizes[0]  # the work grows with the cells
        assert abs(counts[2] - 2 * counts[1] + counts[0]) <= step // 10, (measure, counts)


SCRIPT = '''import requests
URL = "https://houston.example.com/v1"
HEAD = "mutation M($id: Uuid!, $airflowVersion: String!) {"
BODY = "upsertDeployment(deploymentUuid: $id, airflowVersion: $airflowVersion) { id } }"

def houston(query, variables=None):
    return requests.post(URL, json={"query": query, "variables": variables}).json()["data"]

def up(i):
    return houston(COMPOSED, {"id": i, "airflowVersion": "2.3.4-11"})
'''

LOCAL = '''import requests
URL = "https://houston.example.com/v1"

def houston(query, variables=None):
    return requests.post(URL, json={"query": query, "variables": variables}).json()["data"]

def up(i):
    head = "mutation M($id: Uuid!, $airflowVersion: String!) {"
    body = "upsertDeployment(deploymentUuid: $id, airflowVersion: $airflowVersion) { id } }"
    return houston("{1} {0}".format(body, head), {"id": i, "airflowVersion": "2.3.4-11"})
'''


def _cli(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


@pytest.mark.parametrize(
    "composed",
    ['"{} {}".format(HEAD, BODY)', '"{0} {1}".format(HEAD, BODY)', '"{1} {0}".format(BODY, HEAD)',
     '"{h} {b}".format(h=HEAD, b=BODY)', 'HEAD + " " + BODY', 'f"{HEAD} {BODY}"'],
    ids=["auto", "numbered", "swapped", "named", "plus", "fstring"],
)
def test_f6_positional_format_composition_is_no_syntax_error(tmp_path, composed):
    script = tmp_path / "g.py"
    script.write_text(SCRIPT.replace("COMPOSED", composed))
    before = script.read_bytes()
    check = _cli("check", "--no-cache", "--format", "json", script.name, cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "graphql-syntax" not in check.stdout and "Syntax Error" not in check.stdout
    # the composed document is found and reviewed (shared module constants), not ignored
    assert "review-shared-constant" in check.stdout
    rewrite = _cli("rewrite", "--check", "--no-cache", script.name, cwd=tmp_path)
    assert rewrite.returncode in (0, 1), rewrite.stdout + rewrite.stderr
    assert "error" not in rewrite.stdout.split("houston-codemod:")[-1].replace("0 errors", "")
    assert script.read_bytes() == before


def test_f6_function_local_parts_swapped_by_index(tmp_path):
    # locals composed by index read like the same locals composed with "+": no false error on the head
    # (function-local compositions are not yet followed in any form; see the report of Z3)
    outputs = {}
    for name, composed in (("d.py", '"{1} {0}".format(body, head)'), ("plus.py", 'head + " " + body')):
        script = tmp_path / name
        script.write_text(LOCAL.replace('"{1} {0}".format(body, head)', composed))
        check = _cli("check", "--no-cache", name, cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "graphql-syntax" not in check.stdout, check.stdout
        outputs[name] = check.stderr.strip().splitlines()[-1]
    assert outputs["d.py"] == outputs["plus.py"]
