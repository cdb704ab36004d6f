"""Red team pass 11, issue 11 (F1), through the installed CLI.

F1: a cell that hands the notebook's whole namespace to other code (``% globals()``,
``.format(**vars())``, ``.format_map(locals())``, ``Template(...).substitute(globals())``,
``eval`` of a computed string, ``dill.dump_session``) reads every notebook name by a key no
identifier spells: the version constant is a shared one (review-shared-constant), never edited,
in another cell or in the document's own cell.  A notebook without such a call still migrates.
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

READERS = {
    "percent": 'print("pinning apache-airflow image tag %(AC)s" % globals())\n',
    "format_vars": 'print("tag {AC}".format(**vars()))\n',
    "format_map_locals": 'print("tag {AC}".format_map(locals()))\n',
    "template": 'from string import Template\nprint(Template("ap-airflow:$AC").substitute(globals()))\n',
    "eval_computed": 'tag = eval("A" + "C")\n',
    "dill": 'import dill\ndill.dump_session("s.pkl")\n',
}


def _notebook(path, *sources):
    cells = [
        {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": s.splitlines(True)}
        for i, s in enumerate(sources)
    ]
    nb = {
        "cells": cells,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text)
    return text


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


@pytest.mark.parametrize("same_cell", [False, True], ids=["other-cell", "same-cell"])
def test_a_cell_handing_the_namespace_away_makes_the_constant_shared(tmp_path, same_cell):
    before = {}
    for name, reader in READERS.items():
        sources = (DOC_CELL + reader,) if same_cell else (DOC_CELL, reader)
        before[f"{name}.ipynb"] = _notebook(tmp_path / f"{name}.ipynb", *sources)
    done = run("rewrite", "--no-cache", *before, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    for name, text in before.items():
        assert (tmp_path / name).read_text() == text, name  # never edited
        lines = [l for l in done.stderr.splitlines() if f"{name}:" in l and "review-shared-constant" in l]
        assert lines and "AC" in lines[0], (name, done.stderr)


def test_without_a_namespace_reader_the_notebook_still_migrates(tmp_path):
    # controls: an eval of a literal, vars(obj), locals() inside a function hand no notebook name away
    reader = 'print(eval("1 + 1"))\nprint(vars(requests))\ndef f():\n    x = 1\n    return locals()\nprint("tag", f())\n'
    _notebook(tmp_path / "n.ipynb", DOC_CELL, reader)
    done = run("rewrite", "--no-cache", "n.ipynb", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    after = (tmp_path / "n.ipynb").read_text()
    assert "5.5.0" in after and "runtimeVersion" in after
    assert "review-shared-constant" not in done.stderr


# ---------------------------------------------------------------- F2: work linear in the number of cells

HEAD_CELL = (
    "import requests\n"
    "Q = 'mutation { createDeployment(workspaceUuid: \"w\", label: \"l\", type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }'\n"
    "requests.post('https://houston.example.com/v1', json={'query': Q})\n"
)


def _many_cells(n):
    cells = [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s} for s in [HEAD_CELL] + ["pass"] * n]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}}, "nbformat": 4, "nbformat_minor": 4}
    return json.dumps(nb, indent=1)


class _CountingText(str):
    """A notebook text that adds up how many characters its ``count`` calls scan (a C loop no line tracer sees)."""

    scanned = 0

    def count(self, sub, start=0, end=None):
        end = len(self) if end is None else end
        _CountingText.scanned += max(0, end - start)
        return str.count(self, sub, start, end)


def test_cell_lines_are_found_in_one_pass():
    # red team 11, F2: each cell's JSON line was counted from the top of the file (quadratic)
    from codemods.sources.notebook import _source_line_numbers

    scanned = []
    for n in (500, 1000):
        text = _many_cells(n)
        _CountingText.scanned = 0
        lines = _source_line_numbers(_CountingText(text))
        assert lines[-1] is None and len(lines) == n + 1  # one-string sources: not on a line of their own
        scanned.append(_CountingText.scanned)
        assert scanned[-1] <= len(text)  # every character at most once
    assert scanned[1] > 1.9 * scanned[0]


def test_a_notebook_of_many_cells_costs_linear_work(options):
    from work_count import lines_run

    def checked(result):
        assert result.documents

    # lines of the tool run for 400, 800 and 1,200 cells lie on a line: a per-cell rescan of the
    # cells before it would add a second difference of order N**2
    lines_run("n.ipynb", _many_cells(1).encode(), options, check=checked)  # the schema's caches filled once, not counted
    counts = [lines_run("n.ipynb", _many_cells(n).encode(), options, check=checked) for n in (400, 800, 1200)]
    step = counts[1] - counts[0]
    assert step > 400  # the work does grow with the cells (one line or more per cell)
    assert abs(counts[2] - 2 * counts[1] + counts[0]) <= step // 20, counts
