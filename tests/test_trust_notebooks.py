"""Issue 11, class 1: a notebook either round-trips exactly or is not written.

IPython lines (``%magic``, ``!shell``, ``name?``) are masked before the cell is
read as Python and put back afterwards.  These tests run the installed console
script on notebooks whose IPython lines hold every character that some line
splitter treats as a line break, and check the masking itself on random cells.
"""

import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codemods.sources.notebook import NotebookError, mask, unmask

DOC = 'mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }'
MIGRATED = DOC.replace('airflowVersion: "2.3.1"', 'runtimeVersion: "5.0.2"')
# Characters str.splitlines() breaks on but a "\n"-split does not.
ODD_BREAKS = ["\x0c", "\u2028", "\u2029", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\r"]


def notebook(*sources, split=lambda text: text.splitlines(keepends=True)) -> str:
    cells = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": split(source)}
        for source in sources
    ]
    data = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def by_line_feed(text):
    return [line + "\n" for line in text.split("\n")[:-1]] + ([text.split("\n")[-1]] if text.split("\n")[-1] else [])


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("split", [by_line_feed, lambda t: t.splitlines(keepends=True)], ids=["lf-split", "splitlines"])
def test_ipython_lines_with_odd_line_breaks_come_back_exactly(tmp_path, split):
    """One notebook per split style, one cell per character (a cell each, so one refusal cannot hide another)."""
    cells = [f"%time run(x{c}y)\n!echo a{c}b\nQ = '{DOC}'\nclient.execute(gql(Q))\n" for c in ODD_BREAKS]
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(*cells, split=split), encoding="utf-8")
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    expected = notebook(*(cell.replace(DOC, MIGRATED) for cell in cells), split=split)
    assert path.read_text(encoding="utf-8") == expected


def test_a_line_ending_in_a_question_mark_is_python(tmp_path):
    """Only ``name?`` is IPython help; a dict on a line ending in ``?`` is code, and is migrated with its document."""
    cell = (
        "Q = '''mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, "
        "label: \"l\", type: \"airflow\", airflowVersion: $airflowVersion) { id } }'''\n"
        "params = {'ws': ws, 'airflowVersion': '2.3.1'}  # right version?\n"
        "client.execute(gql(Q), variable_values=params)\n"
        "client.execute?\n"
    )
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(cell), encoding="utf-8")
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    text = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert "params = {'ws': ws, 'runtimeVersion': '5.0.2'}  # right version?\n" in text
    assert "$runtimeVersion: String" in text[0]
    assert text[-1] == "client.execute?\n"


def test_an_edit_on_an_ipython_line_refuses_the_notebook(tmp_path):
    """The document sits on a masked line that the Python reading saw differently: never write half of it."""
    original = "%env X=1\nQ = '" + DOC + "'\n"
    masked, lines = mask(original)
    rewritten = masked.replace("#" * 8, "#" * 7 + "!", 1)  # an edit that lands on the masked line
    with pytest.raises(NotebookError):
        unmask(original, masked, lines, rewritten)


def test_percent_inside_brackets_is_python_not_a_magic():
    cell = "q = ('mutation { deleteDeployment(deploymentUuid: \"%s\") { id } }'\n     % uuid)\n"
    masked, lines = mask(cell)
    assert masked == cell and lines == set()


def test_a_magic_continued_with_a_backslash_is_masked_whole():
    cell = "!pip install \\\n    requests\nx = 1\n"
    masked, lines = mask(cell)
    assert lines == {0, 1}
    assert masked.split("\n")[2] == "x = 1"


LINE_CHARS = st.sampled_from(ODD_BREAKS + ["\n", " ", "\t", "%", "!", "?", "#", "\\", "'", '"', "x", "(", ")", ".", "é"])
LINES = st.one_of(
    st.text(LINE_CHARS, max_size=12),
    st.builds(lambda p, t: p + t, st.sampled_from(["%", "!", "?", "  %", "\t!", "%%"]), st.text(LINE_CHARS, max_size=10)),
    st.builds(lambda t: t + "?", st.from_regex(r"[a-z_]\w{0,5}(\.[a-z_]\w{0,3}){0,2}", fullmatch=True)),
)


@given(st.lists(LINES, max_size=8).map("\n".join))
def test_masking_is_exact_on_random_cells(cell):
    masked, lines = mask(cell)
    assert len(masked) == len(cell)
    assert masked.count("\n") == cell.count("\n")
    for number, (before, after) in enumerate(zip(cell.split("\n"), masked.split("\n"))):
        if number in lines:
            # a comment; an indented escape is a statement, as IPython runs it: 0 then a comment
            body = after.lstrip(" \t")
            if body != after and body.startswith("0"):
                body = body[1:]
            assert set(body) <= {"#"}
        else:
            assert after == before
    assert unmask(cell, masked, lines, masked) == cell


@settings(max_examples=8)  # each example runs the console script
@given(st.lists(LINES, min_size=1, max_size=4).map("\n".join))
def test_notebooks_with_random_ipython_lines_round_trip_or_are_refused(tmp_path_factory, prefix):
    tmp_path = tmp_path_factory.mktemp("nb")
    cell = prefix + f"\nQ = '{DOC}'\nclient.execute(gql(Q))\n"
    path = tmp_path / "n.ipynb"
    before = notebook(cell)
    path.write_text(before, encoding="utf-8")
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    after = path.read_text(encoding="utf-8")
    assert "Traceback" not in completed.stderr
    if completed.returncode == 2:
        assert after == before
    else:
        assert completed.returncode == 0, completed.stderr
        assert after in (before, notebook(prefix + f"\nQ = '{MIGRATED}'\nclient.execute(gql(Q))\n"))


def test_a_cell_that_cannot_be_put_back_is_refused_by_rewrite_only(tmp_path):
    """A source list split in a way no splitter reproduces: rewrite refuses (exit 2), check reports."""
    data = json.loads(notebook(f"Q = '{DOC}'\nclient.execute(gql(Q))\n"))
    data["cells"][0]["source"] = ["Q = 'mut", data["cells"][0]["source"][0][len("Q = 'mut"):], data["cells"][0]["source"][1]]
    path = tmp_path / "n.ipynb"
    before = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(before, encoding="utf-8")
    rewritten = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 2
    assert rewritten.stderr.splitlines()[0] == (
        "houston-codemod: n.ipynb: cell 1: its source lines are split in a way we cannot reproduce; not rewritten"
    )
    assert path.read_text(encoding="utf-8") == before
    checked = run("check", "n.ipynb", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr


SENT = (
    "Q = '''mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, "
    "label: \"l\", type: \"airflow\", airflowVersion: $airflowVersion) { id } }'''\n"
    "params = {'ws': ws, 'airflowVersion': '2.3.1'}\n"
    "client.execute(gql(Q), variable_values=params)\n"
)


@pytest.mark.parametrize(
    "other_cell, migrated",
    [("print(1)\n", True), ("client.execute(gql(RELEASES), variable_values=params)\n", False)],
    ids=["alone", "read-by-another-cell"],
)
def test_a_dict_another_cell_reads_is_shared(tmp_path, other_cell, migrated):
    """Cells share one namespace: a variables dict another cell uses keeps its key."""
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(SENT, other_cell), encoding="utf-8")
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert (source[1] == "params = {'ws': ws, 'runtimeVersion': '5.0.2'}\n") is migrated
    # The cells are one module: the other use is named by its cell (red team 8, 12-R1).
    assert ("also used on line 1 of cell 2" in completed.stderr) is not migrated


@pytest.mark.parametrize(
    "cells",
    [
        # Another cell's send is seen since cells are read as one module (red team 8, 12-R1):
        # tests/test_rt8_cross_module.py migrates both sends together.
        (SENT + "%time client.execute(gql(Q), variable_values={'ws': w, 'airflowVersion': v})\n",),
    ],
    ids=["ipython-line"],
)
def test_a_document_sent_where_its_variables_cannot_be_seen_keeps_its_variable(tmp_path, cells):
    path = tmp_path / "n.ipynb"
    path.write_text(notebook(*cells), encoding="utf-8")
    completed = run("rewrite", "n.ipynb", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    source = json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"]
    assert "$airflowVersion: String" in source[0] and "'airflowVersion': '2.3.1'" in source[1]
    assert "Q is also used in another cell or an IPython line" in completed.stderr
