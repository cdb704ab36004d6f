"""Red team pass 13, report 11 (issue 11): F1, F9, F8, F7, F14, through the installed CLI.

F1: a notebook name read by a string or through a handle on the whole namespace, from another
cell (``%%sql ... :AC``, ``df.query('v == @AC')``, ``pd.eval``, ``get_ipython().user_ns``,
``sys._getframe().f_globals``, ``import __main__``, an aliased or other use of the shell object,
``g = globals``, ``%store -r``) is a shared name: reviewed, never edited.
F9: the names of a cell tagged ``parameters`` are the notebook's input (Papermill injects new
values after it): reviewed, never edited.
F8: a Jupytext pairing set for the whole project (``jupytext.toml``, ``[tool.jupytext]`` with the
tree form ``notebooks///ipynb,scripts///py:percent``): neither side edited; the result cache
knows the configuration.
F7: a valid document repeating one field ~800 times is valid (graphql-core's merge check ran out
of its budget: "error invalid Validation aborted.").
F14: a shorthand ``{ ... }`` document in a batched body ``json=[{"query": Q}]`` is a document.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

HELPER_CELL = (
    "import requests\n"
    'URL = "https://houston.example.com/v1"\n'
    "def houston(query, variables=None):\n"
    '    return requests.post(URL, json={"query": query, "variables": variables}).json()["data"]\n'
)
DOC_CELL = (
    'AC = "2.3.4-11"\n'
    "r = houston('mutation { upsertDeployment(deploymentUuid: \"x\", airflowVersion: \"' + AC + '\") { id } }')\n"
)


def _notebook(path, *cells):
    """cells: source strings, or (source, metadata) pairs."""
    made = []
    for i, cell in enumerate(cells):
        source, metadata = cell if isinstance(cell, tuple) else (cell, {})
        made.append(
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": metadata, "outputs": [], "source": source.splitlines(True)}
        )
    nb = {
        "cells": made,
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    text = json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text)
    return text


def run(*args, cwd, cache=False):
    env = dict(os.environ)
    if cache:
        env.pop("HOUSTON_CODEMOD_NO_CACHE", None)
        env["XDG_CACHE_HOME"] = str(Path(cwd).parent / "xdg")
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


# Each reads AC by a string or through a handle on the whole namespace; none spells AC as code.
READERS = {
    "sql_bind": "%%sql\nSELECT * FROM t WHERE v = :AC\n",
    "sql_jinja": "%%sql\nSELECT * FROM t WHERE v = '{{AC}}'\n",
    "pandas_query": "import pandas as pd\ndf = pd.DataFrame({'v': ['2.3.4-11']})\nx = df.query('v == @AC')\n",
    "pandas_eval": "import pandas as pd\nx = pd.eval('AC')\n",
    "user_ns": "x = get_ipython().user_ns['A' + 'C']\n",
    "alias_user_global_ns": "ip = get_ipython()\nx = ip.user_global_ns['A' + 'C']\n",
    "ns_table": "x = get_ipython().ns_table['user_global']['A' + 'C']\n",
    "frame": "import sys\nx = sys._getframe(0).f_globals['A' + 'C']\n",
    "main_module": "import __main__\nx = getattr(__main__, 'A' + 'C')\n",
    "sys_modules_main": "import sys\nx = vars(sys.modules['__' + 'main__'])['A' + 'C']\n",
    "shell_instance": "from IPython.core.interactiveshell import InteractiveShell\nsh = InteractiveShell.instance()\nx = sh.user_ns['A' + 'C']\n",
    "imported_alias": "from IPython import get_ipython as g\ng().system('echo $' + 'AC')\n",
    "lambda_shell": "ip = (lambda: get_ipython())()\nip.system('echo $' + 'AC')\n",
    "globals_alias": "g = globals\nx = g()['A' + 'C']\n",
    "run_cell_async": "get_ipython().run_cell_async('print(A' + 'C)')\n",
    "store_restore": "%store -r\n",
}
# Controls in the same run: IPython and other calls that read no notebook name by a string.
CONTROLS = {
    "control_plain": "print(len('hello'))\n",
    "control_main_guard": "if __name__ == '__main__':\n    print(1)\n",
    "control_ipython_literal": "get_ipython().run_line_magic('matplotlib', 'inline')\n",
}


def test_f1_names_read_by_a_string_or_a_namespace_handle_are_held(tmp_path):
    before = {}
    for name, reader in {**READERS, **CONTROLS}.items():
        before[f"{name}.ipynb"] = _notebook(tmp_path / f"{name}.ipynb", HELPER_CELL, DOC_CELL, reader)
    done = run("rewrite", "--no-cache", *before, cwd=tmp_path)
    assert "Traceback" not in done.stderr
    for name in READERS:
        path = f"{name}.ipynb"
        assert (tmp_path / path).read_text() == before[path], name  # never edited
        lines = [l for l in done.stderr.splitlines() if l.startswith(f"{path}:") and "review-shared-constant" in l]
        assert lines and "AC" in lines[0], (name, done.stderr)
    for name in CONTROLS:
        after = (tmp_path / f"{name}.ipynb").read_text()
        assert '\\"5.5.0\\"' in after and "runtimeVersion" in after, (name, done.stderr)


def test_f9_a_papermill_parameters_cell_is_the_notebooks_input(tmp_path):
    tagged = _notebook(tmp_path / "run.ipynb", HELPER_CELL, ('AC = "2.3.4-11"\n', {"tags": ["parameters"]}), DOC_CELL.split("\n", 1)[1])
    untagged = _notebook(tmp_path / "plain.ipynb", HELPER_CELL, ('AC = "2.3.4-11"\n', {"tags": ["setup"]}), DOC_CELL.split("\n", 1)[1])
    injected = _notebook(
        tmp_path / "out.ipynb", HELPER_CELL, ('AC = "2.3.4-11"\n', {"tags": ["injected-parameters"]}), DOC_CELL.split("\n", 1)[1]
    )
    done = run("rewrite", "--no-cache", "run.ipynb", "plain.ipynb", "out.ipynb", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "run.ipynb").read_text() == tagged
    assert (tmp_path / "out.ipynb").read_text() == injected
    for path in ("run.ipynb", "out.ipynb"):
        assert any(l.startswith(path + ":") and "review-shared-constant" in l and "AC" in l for l in done.stderr.splitlines()), done.stderr
    assert (tmp_path / "plain.ipynb").read_text() != untagged  # a cell with another tag is the notebook's own
    assert '\\"5.5.0\\"' in (tmp_path / "plain.ipynb").read_text()


PERCENT_PY = (
    "# %%\n" + HELPER_CELL + "\n# %%\n"
    'DOC = """\nmutation Up($id: Uuid!, $airflowVersion: String!) {\n'
    "  upsertDeployment(deploymentUuid: $id, airflowVersion: $airflowVersion) { id }\n}\n\"\"\"\n"
    'r = houston(DOC, {"id": "x", "airflowVersion": "2.3.4-11"})\n'
)


def test_f8_a_project_wide_jupytext_pairing_holds_both_sides(tmp_path):
    # same folder (jupytext.toml), and the tree form in pyproject.toml; each project is its own work tree
    flat, tree = tmp_path / "flat", tmp_path / "tree"
    for project in (flat, tree):
        (project / ".git").mkdir(parents=True)
    (flat / "jupytext.toml").write_text('formats = "ipynb,py:percent"\nnotebook_metadata_filter = "-all"\n')
    flat_nb = _notebook(flat / "a.ipynb", HELPER_CELL, PERCENT_PY.split("# %%\n")[2])
    (flat / "a.py").write_text(PERCENT_PY)
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.jupytext]\nformats = "notebooks///ipynb,scripts///py:percent"\n')
    (tree / "notebooks").mkdir()
    (tree / "scripts").mkdir()
    tree_nb = _notebook(tree / "notebooks" / "a.ipynb", HELPER_CELL, PERCENT_PY.split("# %%\n")[2])
    (tree / "scripts" / "a.py").write_text(PERCENT_PY)
    (tree / "scripts" / "lonely.py").write_text(PERCENT_PY)  # no notebook pairs with it: migrated
    for project, notebook, script in ((flat, flat_nb, "a.py"), (tree, tree_nb, "scripts/a.py")):
        done = run("rewrite", "--no-cache", ".", cwd=project)
        assert "Traceback" not in done.stderr
        nb_path = "a.ipynb" if project is flat else "notebooks/a.ipynb"
        assert (project / nb_path).read_text() == notebook
        assert (project / script).read_text() == PERCENT_PY
        for path in (nb_path, script):
            assert any(l.startswith(path + ":") and "review-jupytext-pair" in l for l in done.stderr.splitlines()), (path, done.stderr)
    assert "runtimeVersion" in (tree / "scripts" / "lonely.py").read_text()


def test_f8_the_result_cache_knows_the_project_configuration(tmp_path):
    project = tmp_path / "p"
    (project / ".git").mkdir(parents=True)
    (project / "a.py").write_text(PERCENT_PY)
    _notebook(project / "a.ipynb", HELPER_CELL, "print(1)\n")
    cache = tmp_path / "cache"
    first = run("check", "--cache-dir", cache, "a.py", cwd=project, cache=True)
    # a .py beside a notebook is already held by the twin rule only with a Jupytext header: not here
    assert "migrate-" in first.stdout and "review-jupytext-pair" not in first.stdout, first.stdout + first.stderr
    (project / ".jupytext").write_text('formats = "ipynb,py:percent"\n')
    second = run("check", "--cache-dir", cache, "a.py", cwd=project, cache=True)
    assert "review-jupytext-pair" in second.stdout, second.stdout + second.stderr


def test_f7_repeated_fields_are_valid_and_errors_in_repeats_still_count(tmp_path):
    (tmp_path / "valid.graphql").write_text("query Q { deployments { id " + "releaseName " * 1000 + "} }\n")
    (tmp_path / "nested.graphql").write_text("query Q { " + "deployments { id releaseName } " * 900 + "}\n")
    (tmp_path / "lit.py").write_text(
        "import requests\n"
        f"Q = 'query Q {{ deployments {{ id {'label ' * 900}}} }}'\n"
        'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    (tmp_path / "wrong.py").write_text(
        "import requests\n"
        f"Q = 'query Q {{ deployments {{ id {'labelx ' * 900}}} }}'\n"
        'requests.post("https://houston.example.com/v1", json={"query": Q})\n'
    )
    done = run("check", "--no-cache", "valid.graphql", "nested.graphql", "lit.py", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "invalid" not in done.stdout and "error" not in done.stdout, done.stdout
    wrong = run("check", "--no-cache", "wrong.py", cwd=tmp_path)
    assert wrong.returncode == 1
    assert "fields-on-correct-type" in wrong.stdout and "labelx" in wrong.stdout
    assert "Validation aborted" not in wrong.stdout


def test_f14_shorthand_documents_in_a_batched_body_are_found(tmp_path):
    (tmp_path / "b.py").write_text(
        "import requests\n"
        'URL = "https://houston.example.com/v1"\n'
        'Q = "{ workspaces { id labelt } }"\n'
        "def f8():\n"
        '    return requests.post(URL, json=[{"query": Q}])\n'
        "def f9():\n"
        '    return requests.post(URL, json=[{"query": "{ workspaces { id labelq } }"}, {"query": "{ deployments { id labelp } }"}])\n'
        "def f10():\n"
        '    return requests.post(URL, json=({"query": "{ workspaces { id labelo } }"},))\n'
    )
    done = run("check", "--no-cache", "--format", "json", "b.py", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    bad = {(f["line"], f["message"].split("'")[1]) for f in report["findings"] if f["code"] == "fields-on-correct-type"}
    assert bad == {(3, "labelt"), (7, "labelq"), (7, "labelp"), (9, "labelo")}, report["findings"]
    assert all(d["houston"] is True for d in report["documents"]) and len(report["documents"]) == 4


def test_f1_a_module_the_notebook_imports_reads_its_namespace_through_main(tmp_path):
    (tmp_path / "helper.py").write_text(
        'import __main__\n\ndef check():\n    return int(__main__.AC.split("-")[1])\n'
    )
    (tmp_path / "plain.py").write_text('def check():\n    return 1\n\nif __name__ == "__main__":\n    print(check())\n')
    held = _notebook(tmp_path / "a.ipynb", HELPER_CELL, DOC_CELL, "import helper\nhelper.check()\n")
    _notebook(tmp_path / "b.ipynb", HELPER_CELL, DOC_CELL, "import plain\nplain.check()\n")
    done = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "a.ipynb").read_text() == held
    assert any(l.startswith("a.ipynb:") and "review-shared-constant" in l and "AC" in l for l in done.stderr.splitlines()), done.stderr
    assert '\\"5.5.0\\"' in (tmp_path / "b.ipynb").read_text()  # the __name__ guard reads nothing of the notebook
