"""Red team pass 12 (report 11), issue 11: notebooks and the LibCST runner, through the installed CLI.

F11: an indented line magic as a block's only statement is valid IPython; the notebook still migrates
and round-trips byte-exact.
F7: a notebook constant read through get_ipython().system/getoutput/magic/run_cell/ex or exec/eval of
a literal naming it is a use (review, no edit).
F8: a jupytext-paired notebook and its text twin are edited together or not at all.
F9: LibCST's own runner cannot see importers: it makes no one-sided edit of module-level names.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

DOC_CELL = (
    "import requests\n"
    'AC = "2.3.4-11"\n'
    "q = 'mutation { createDeployment(workspaceUuid: \"w\", label: \"l\", type: \"airflow\", airflowVersion: \"' + AC + '\") { id } }'\n"
    'requests.post("https://houston.example.com/v1", json={"query": q})\n'
)

VARIABLE_CELL = (
    "import os, requests\n"
    'URL = os.environ["HOUSTON_URL"]\n'
    "def houston(q, v=None):\n"
    '    return requests.post(URL, json={"query": q, "variables": v}).json()\n'
    'CREATE = """mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, '
    'label: "x", type: "airflow", airflowVersion: $airflowVersion) { id } }"""\n'
    'houston(CREATE, {"ws": "w", "airflowVersion": "2.3.4-11"})\n'
)


def _notebook(path, *sources, metadata=None):
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": s.splitlines(True)}
        for i, s in enumerate(sources)
    ]
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}
    meta.update(metadata or {})
    data = {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def run(*args, cwd):
    return subprocess.run([CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def _sources(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]]


# -- F11: an indented line magic ----------------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "for i in range(2):\n    %env X=1\n",
        "if True:\n    %time print(1)\n",
        "def g():\n    !echo hello\n",
        "for i in range(2):\n    %env X=\\\n1\n",  # a continued magic
        "with open('f') as f:\n    len?\n",
    ],
)
def test_f11_indented_magic_as_a_blocks_only_statement_migrates(tmp_path, block):
    path = tmp_path / "nb.ipynb"
    _notebook(path, VARIABLE_CELL, block)
    checked = run("check", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert checked.returncode in (0, 1), checked.stderr
    assert "cannot parse" not in checked.stderr
    assert "migrate-version-variable" in checked.stdout
    rewritten = run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    first, second = _sources(path)
    assert "$runtimeVersion" in first and "runtimeVersion:" in first
    assert second == block  # the IPython cell comes back byte for byte
    # and the rewritten notebook is exactly what Jupyter would write for the new sources
    expected = _notebook(tmp_path / "expected.ipynb", first, block)
    assert path.read_text(encoding="utf-8") == expected
    again = run("rewrite", "--no-cache", "--check", "nb.ipynb", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr


def test_f11_indented_magic_with_a_bad_indent_is_still_one_line_exit_2(tmp_path):
    """IPython cannot run a magic dedented out of its block either: one line, exit 2, file untouched."""
    path = tmp_path / "nb.ipynb"
    before = _notebook(path, VARIABLE_CELL, "def f():\n    x = 1\n  %time f()\n")
    rewritten = run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 2
    assert "Traceback" not in rewritten.stderr
    assert path.read_text(encoding="utf-8") == before
