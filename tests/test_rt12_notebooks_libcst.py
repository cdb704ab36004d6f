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


# -- F7: IPython's API and exec/eval of a literal read a notebook constant ---------------------

IPYTHON_READERS = {
    "system_dollar": 'get_ipython().system("echo $AC > v.txt")\n',
    "getoutput": 'out = get_ipython().getoutput("echo $AC > v")\n',
    "alias_system_braces": 'ip = get_ipython()\nip.system("echo {AC} > v")\n',
    "magic": 'get_ipython().magic("env V=$AC")\n',
    "run_cell": "get_ipython().run_cell(\"open('v.txt','w').write(AC)\")\n",
    "ex": "get_ipython().ex(\"open('v.txt','w').write(AC)\")\n",
    "exec_literal": 'exec("open(\\"v.txt\\", \\"w\\").write(AC)")\n',
    "computed_command": 'cmd = "echo " + "$" + "A" + "C"\nget_ipython().system(cmd)\n',
    "fstring_command": 'var = "AC"\nget_ipython().system(f"echo ${var}")\n',
}


@pytest.mark.parametrize("reader", sorted(IPYTHON_READERS))
def test_f7_constant_read_through_ipython_api_is_reviewed_not_edited(tmp_path, reader):
    path = tmp_path / "nb.ipynb"
    before = _notebook(path, DOC_CELL, IPYTHON_READERS[reader])
    checked = run("check", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert "review-shared-constant" in checked.stdout, checked.stdout + checked.stderr
    rewritten = run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode in (0, 1), rewritten.stderr
    assert '"2.3.4-11"' in _sources(path)[0]  # AC is not edited
    assert path.read_text(encoding="utf-8") == before


def test_f7_exec_of_a_literal_in_the_constants_own_cell_is_a_use(tmp_path):
    path = tmp_path / "nb.ipynb"
    before = _notebook(path, DOC_CELL + 'exec("print(AC)")\n')
    run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "other",
    [
        'get_ipython().system("echo hello > v.txt")\n',  # a literal naming no notebook name
        'exec("print(1)")\n',
        'import os\nos.system(cmd_of_elsewhere)\n',  # not IPython: expands nothing
    ],
)
def test_f7_controls_still_migrate(tmp_path, other):
    path = tmp_path / "nb.ipynb"
    _notebook(path, DOC_CELL, other)
    rewritten = run("rewrite", "--no-cache", "nb.ipynb", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert '"2.3.4-11"' not in _sources(path)[0]


# -- F9: LibCST's own runner cannot see importers ---------------------------------------------

FRAGS = (
    "import os, requests\n"
    'URL = os.environ["HOUSTON_URL"]\n'
    'CREATE = """\n'
    "mutation C($ws: Uuid!, $airflowVersion: String) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }\n'
    '}\n"""\n'
    "def create(ws):\n"
    '    return requests.post(URL, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4-11"}}).json()\n'
)
MAIN = (
    "import os, requests\n"
    "from frags import CREATE\n"
    'requests.post(os.environ["HOUSTON_URL"], json={"query": CREATE, "variables": {"ws": "w", "airflowVersion": "2.3.4-11"}})\n'
)
IN_FUNCTION = (
    "import requests\n"
    "def create():\n"
    '    q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
    '    return requests.post("https://houston.example.com/v1", json={"query": q})\n'
)


def _libcst(cwd):
    return subprocess.run(
        [sys.executable, "-m", "libcst.tool", "codemod", "--no-format", "--hide-progress", "-x",
         "codemods.runtime_migration.MigrateToRuntime", "."],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )


def test_f9_libcst_runner_makes_no_one_sided_edit_of_an_imported_document(tmp_path):
    (tmp_path / "frags.py").write_text(FRAGS)
    (tmp_path / "main.py").write_text(MAIN)
    (tmp_path / "local.py").write_text(IN_FUNCTION)
    completed = _libcst(tmp_path)
    assert completed.returncode == 0, completed.stderr
    # The module-level document another module sends with its own variables: reviewed, not edited.
    assert (tmp_path / "frags.py").read_text() == FRAGS
    assert (tmp_path / "main.py").read_text() == MAIN
    assert "review-importers-unseen" in completed.stderr
    assert "frags.py" in completed.stderr
    # A document inside a function: the same edit the CLI makes.
    libcst_local = (tmp_path / "local.py").read_text()
    assert 'runtimeVersion: "5.0.2"' in libcst_local
    cli_dir = tmp_path / "cli"
    cli_dir.mkdir()
    for name, text in (("frags.py", FRAGS), ("main.py", MAIN), ("local.py", IN_FUNCTION)):
        (cli_dir / name).write_text(text)
    rewritten = run("rewrite", "--no-cache", ".", cwd=cli_dir)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (cli_dir / "local.py").read_text() == libcst_local
    assert (cli_dir / "frags.py").read_text() == FRAGS  # the CLI sees main.py: reviewed there too
    assert "review-imported-constant" in run("check", "--no-cache", ".", cwd=cli_dir).stdout


def test_f9_libcst_runner_holds_a_module_level_document_the_cli_migrates_alone(tmp_path):
    """The CLI sees no importer and migrates; LibCST's runner cannot know, and reviews (README)."""
    (tmp_path / "frags.py").write_text(FRAGS)
    completed = _libcst(tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "frags.py").read_text() == FRAGS
    assert "review-importers-unseen" in completed.stderr
    rewritten = run("rewrite", "--no-cache", "frags.py", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert "$runtimeVersion" in (tmp_path / "frags.py").read_text()


# -- F8: Jupytext pairs ----------------------------------------------------------------------

HEADER = "# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n# ---\n\n"
FUNCTION_CELL = (
    "import requests\n"
    "def create():\n"
    '    q = """mutation { createDeployment(workspaceUuid: "w", label: "l", type: "airflow", airflowVersion: "2.3.1") { id } }"""\n'
    '    return requests.post("https://houston.example.com/v1", json={"query": q})\n'
)


def _pair(tmp_path, metadata=True, header=HEADER):
    before_nb = _notebook(
        tmp_path / "deploy.ipynb", DOC_CELL, metadata={"jupytext": {"formats": "ipynb,py:percent"}} if metadata else None
    )
    before_py = header + "# %%\n" + FUNCTION_CELL
    (tmp_path / "deploy.py").write_text(before_py)
    return before_nb, before_py


@pytest.mark.parametrize("metadata, header", [(True, HEADER), (False, HEADER), (True, "")])
def test_f8_paired_notebook_and_text_twin_are_both_reviewed_and_neither_written(tmp_path, metadata, header):
    before_nb, before_py = _pair(tmp_path, metadata, header)
    checked = run("check", "--no-cache", ".", cwd=tmp_path)
    pair_lines = [line for line in checked.stdout.splitlines() if "review-jupytext-pair" in line]
    assert any(line.startswith("deploy.ipynb:") for line in pair_lines), checked.stdout
    if header:  # the .py names itself a twin (header), or the .ipynb beside it does
        assert any(line.startswith("deploy.py:") and "deploy.ipynb" in line for line in pair_lines), checked.stdout
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode in (0, 1), rewritten.stderr
    assert (tmp_path / "deploy.ipynb").read_text(encoding="utf-8") == before_nb
    if header:
        assert (tmp_path / "deploy.py").read_text() == before_py


def test_f8_text_twin_alone_naming_a_notebook_is_held(tmp_path):
    (tmp_path / "deploy.py").write_text(HEADER + "# %%\n" + FUNCTION_CELL)
    rewritten = run("rewrite", "--no-cache", "deploy.py", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "deploy.py").read_text() == HEADER + "# %%\n" + FUNCTION_CELL
    assert "review-jupytext-pair" in run("check", "--no-cache", "deploy.py", cwd=tmp_path).stdout


def test_f8_unpaired_files_still_migrate(tmp_path):
    _notebook(tmp_path / "deploy.ipynb", DOC_CELL, metadata={"jupytext": {"formats": "ipynb"}})
    (tmp_path / "deploy.py").write_text("# ---\n# not a jupytext header\n# ---\n" + FUNCTION_CELL)
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert '"2.3.4-11"' not in _sources(tmp_path / "deploy.ipynb")[0]
    assert 'runtimeVersion: "5.0.2"' in (tmp_path / "deploy.py").read_text()
