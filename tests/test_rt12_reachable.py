"""Red team 12 (report 11, F1-F6, F10): a module another file of the run reaches is never edited alone.

The defining module (``frags.py``: ``CREATE`` declares ``$airflowVersion``) was migrated while its
importer kept sending ``airflowVersion`` (null at run time) whenever the importer named it in a
form the index did not read: ``from pkg import frags`` then ``frags.CREATE``, ``import pkg`` then
``pkg.frags.CREATE``, ``getattr(frags, "CREATE")``, ``runpy.run_path("frags.py")``, a notebook's
``%run frags.py``, a class attribute ``Docs.CREATE``, a helper reached as ``client.houston(...)``,
and explicit file paths (pre-commit) that leave the importer out of the run.

Every test runs the installed ``houston-codemod`` and reads back what is on disk: each form gives
no edit anywhere and ``review-imported-constant`` on both sides; a module nobody names (or names
only in prose) is still migrated.
"""

import json
import subprocess

import pytest

FRAGS = '''import os, requests
URL = os.environ["HOUSTON_URL"]
CREATE = """
mutation C($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""
def create(ws):
    return requests.post(URL, json={"query": CREATE, "variables": {"ws": ws, "airflowVersion": "2.3.4-11"}}).json()
'''

SEND = 'requests.post(os.environ["HOUSTON_URL"], json={{"query": {doc}, "variables": {{"ws": "w", "airflowVersion": "2.3.4-11"}}}})\n'

# form -> (importer path, importer text); the module it reaches is pk_<form>/fr_<form>.py (FRAGS).
# Each form has its own module names, so no importer reaches another form's module.
IMPORTERS = {
    "from_pkg_import_module": ("main_{f}.py", "import os, requests\nfrom pk_{f} import fr_{f}\n" + SEND.format(doc="fr_{f}.CREATE")),
    "from_pkg_import_module_as": ("main_{f}.py", "import os, requests\nfrom pk_{f} import fr_{f} as F\n" + SEND.format(doc="F.CREATE")),
    "from_dot_import": ("pk_{f}/main.py", "import os, requests\nfrom . import fr_{f}\n" + SEND.format(doc="fr_{f}.CREATE")),
    "from_dot_import_as": ("pk_{f}/main.py", "import os, requests\nfrom . import fr_{f} as F\n" + SEND.format(doc="F.CREATE")),
    "import_package_dotted": ("main_{f}.py", "import os, requests\nimport pk_{f}\n" + SEND.format(doc="pk_{f}.fr_{f}.CREATE")),
    "import_module_bound": (
        "main_{f}.py", "import os, requests, importlib\nm = importlib.import_module('pk_{f}.fr_{f}')\n" + SEND.format(doc="m.CREATE")),
    "import_module_relative": (
        "main_{f}.py", "import os, requests, importlib\n" + SEND.format(doc="importlib.import_module('.fr_{f}', 'pk_{f}').CREATE")),
    "sys_modules": ("main_{f}.py", "import os, sys, requests\n" + SEND.format(doc="sys.modules['pk_{f}.fr_{f}'].CREATE")),
    "getattr": ("main_{f}.py", "import os, requests\nfrom pk_{f} import fr_{f}\n" + SEND.format(doc="getattr(fr_{f}, 'CREATE')")),
    "vars": ("main_{f}.py", "import os, requests\nfrom pk_{f} import fr_{f}\n" + SEND.format(doc="vars(fr_{f})['CREATE']")),
    "dunder_dict": ("main_{f}.py", "import os, requests\nimport pk_{f}.fr_{f} as F\n" + SEND.format(doc="F.__dict__['CREATE']")),
    "attrgetter": (
        "main_{f}.py", "import os, requests\nfrom operator import attrgetter\nfrom pk_{f} import fr_{f}\n"
        + SEND.format(doc="attrgetter('CREATE')(fr_{f})")),
    "run_path": ("main_{f}.py", "import os, requests, runpy\n" + SEND.format(doc="runpy.run_path('pk_{f}/fr_{f}.py')['CREATE']")),
    "spec_from_file_location": (
        "main_{f}.py",
        "import os, requests, importlib.util\nspec = importlib.util.spec_from_file_location('x', 'pk_{f}/fr_{f}.py')\n"
        "m = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(m)\n" + SEND.format(doc="m.CREATE")),
    "exec_open": ("main_{f}.py", "import os, requests\nexec(open('pk_{f}/fr_{f}.py').read())\n" + SEND.format(doc="CREATE")),
    "star_import": ("main_{f}.py", "import os, requests\nfrom pk_{f}.fr_{f} import *\n" + SEND.format(doc="CREATE")),
    "alias_of_module": ("main_{f}.py", "import os, requests\nfrom pk_{f} import fr_{f}\nF = fr_{f}\n" + SEND.format(doc="F.CREATE")),
}

CLASS_DEFINER = FRAGS.replace('CREATE = """', 'class Docs:\n    CREATE = """').replace('"query": CREATE', '"query": Docs.CREATE')
CLASS_IMPORTERS = {
    "class_attribute": "import os, requests\nfrom pk_{f}.fr_{f} import Docs\n" + SEND.format(doc="Docs.CREATE"),
    "subclass": (
        "import os, requests\nfrom pk_{f}.fr_{f} import Docs\nclass Mine(Docs):\n    def create2(self):\n        "
        + SEND.format(doc="self.CREATE")
    ),
}


def _notebook(*cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
                   "source": cell.splitlines(keepends=True)} for i, cell in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


SETUP_NOTEBOOK = _notebook(
    'import os, requests\nURL = os.environ["HOUSTON_URL"]\nAC = "2.3.4-11"\n'
    'DOC = "mutation { upsertDeployment(deploymentUuid: \\"x\\", airflowVersion: \\"" + AC + "\\") { id } }"\n'
    'requests.post(URL, json={"query": DOC})\n'
)

NOTEBOOKS = {  # form -> (definer path, its text, the notebook's path, its text)
    "notebook_import": ("fr_{f}.py", FRAGS, "nb_{f}.ipynb", _notebook("import os, requests, fr_{f}\n" + SEND.format(doc="fr_{f}.CREATE"))),
    "notebook_run_script": ("fr_{f}.py", FRAGS, "nb_{f}.ipynb", _notebook("%run fr_{f}.py\n", "import os, requests\n" + SEND.format(doc="CREATE"))),
    "notebook_run_notebook": (
        "setup_{f}.ipynb", SETUP_NOTEBOOK, "nb_{f}.ipynb",
        _notebook("%run ./setup_{f}.ipynb\n", 'import subprocess\nsubprocess.run(["helm", "upgrade", "af", "astronomer/airflow", "--set", "airflowVersion=" + AC])\n'),
    ),
}

CLIENT = '''import os, requests
URL = os.environ["HOUSTON_URL"]
def houston(q, v=None):
    v = v or {}
    if "airflowVersion" not in v and q.lstrip().startswith("mutation C"):
        raise ValueError("createDeployment needs a version")
    return requests.post(URL, json={"query": q, "variables": v}).json()
'''
HELPER_USER = '''from pk_helper import client
def create(ws):
    q = """mutation C($ws: Uuid!, $airflowVersion: String) { createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id } }"""
    return client.houston(q, {"ws": ws, "airflowVersion": "2.3.4-11"})
'''

FORMS = sorted(IMPORTERS) + sorted(CLASS_IMPORTERS) + sorted(NOTEBOOKS)


def run(*args, cwd):
    return subprocess.run(["houston-codemod", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _tree(root):
    """Every form's definer and importer, and the controls; form -> (definer, importer) paths."""
    pairs = {}
    for form in FORMS:
        f = form.replace("_", "")
        if form in NOTEBOOKS:
            definer, text, importer, notebook = NOTEBOOKS[form]
            definer, importer = definer.format(f=f), importer.format(f=f)
            (root / definer).write_text(text)
            (root / importer).write_text(notebook.replace("{f}", f))
        else:
            (root / f"pk_{f}").mkdir()
            (root / f"pk_{f}" / "__init__.py").write_text("")
            definer = f"pk_{f}/fr_{f}.py"
            (root / definer).write_text(CLASS_DEFINER if form in CLASS_IMPORTERS else FRAGS)
            if form in CLASS_IMPORTERS:
                importer, text = f"main_{f}.py", CLASS_IMPORTERS[form]
            else:
                importer, text = IMPORTERS[form]
            importer = importer.format(f=f)
            (root / importer).write_text(text.replace("{f}", f))
        pairs[form] = (definer, importer)
    # Controls: a module nobody names, and one named only in prose (a comment, a log message).
    (root / "alone.py").write_text(FRAGS)
    (root / "prose.py").write_text(FRAGS)
    (root / "talks.py").write_text('import logging\n# prose.py is documented elsewhere\nlogging.info("prose is fine")\n')
    (root / "pk_helper").mkdir()
    (root / "pk_helper" / "__init__.py").write_text("")
    (root / "pk_helper" / "client.py").write_text(CLIENT)
    (root / "pk_helper" / "main.py").write_text(HELPER_USER)
    return pairs


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    root = tmp_path_factory.mktemp("reachable")
    pairs = _tree(root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    checked = run("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert checked.returncode in (0, 1), checked.stderr
    report = json.loads(checked.stdout)
    done = run("rewrite", "--no-cache", ".", cwd=root)
    assert done.returncode in (0, 1), done.stderr
    changed = {str(p.relative_to(root)) for p, data in before.items() if p.read_bytes() != data}
    return pairs, report["findings"], changed, root


@pytest.mark.parametrize("form", FORMS)
def test_a_reached_module_is_reviewed_on_both_sides_and_edited_nowhere(outcome, form):
    pairs, findings, changed, _root = outcome
    definer, importer = pairs[form]
    assert definer not in changed and importer not in changed
    codes = {(f["path"].lstrip("./"), f["code"]) for f in findings}
    assert (definer, "review-imported-constant") in codes, [f for f in findings if definer in f["path"]]
    assert (importer, "review-imported-constant") in codes, [f for f in findings if importer in f["path"]]
    said = " ".join(f["message"] for f in findings if f["path"].lstrip("./") == definer)
    assert importer in said  # the definer's review names the file reaching it


def test_a_module_nobody_names_is_still_migrated(outcome):
    _pairs, findings, changed, root = outcome
    assert "alone.py" in changed and "prose.py" in changed  # prose ("prose.py is documented", "prose is fine") is no mention
    text = (root / "alone.py").read_text()
    assert "$runtimeVersion" in text and '"runtimeVersion": "5.5.0"' in text


def test_a_helper_reached_through_its_module_is_judged_in_its_module(outcome):
    """F5: ``client.houston(q, {...})`` whose body reads ``v["airflowVersion"]``: the key is kept."""
    _pairs, findings, _changed, root = outcome
    assert '"airflowVersion": "2.3.4-11"' in (root / "pk_helper" / "main.py").read_text()
    assert any(f["code"] == "review-version-variable" and "client.py" in f["message"] for f in findings)


def _git_tree(root, importer=True):
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "frags.py").write_text(FRAGS)
    if importer:
        (root / "main.py").write_text("import os, requests\nfrom frags import CREATE\n" + SEND.format(doc="CREATE"))


def test_explicit_paths_are_judged_in_their_project(tmp_path):
    """F10: pre-commit passes only the staged ``frags.py``; its importer is read from the work tree."""
    _git_tree(tmp_path)
    done = run("rewrite", "--no-cache", "frags.py", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert (tmp_path / "frags.py").read_text() == FRAGS
    checked = run("check", "--no-cache", "--format", "json", "frags.py", cwd=tmp_path)
    report = json.loads(checked.stdout)
    assert report["files"] == 1  # only the named file is processed
    assert any(f["code"] == "review-imported-constant" and "main.py" in f["message"] for f in report["findings"])


def test_explicit_paths_still_migrate_a_module_nobody_imports(tmp_path):
    _git_tree(tmp_path, importer=False)
    (tmp_path / "other.py").write_text("import os\nprint(os.getcwd())\n")
    done = run("rewrite", "--no-cache", "frags.py", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "$runtimeVersion" in (tmp_path / "frags.py").read_text()


def test_a_mentioning_file_the_prefilter_drops_is_reviewed_not_parsed(tmp_path):
    """A Python 2 script (no GraphQL in sight) naming the module: its review, and no parse error (exit 0)."""
    (tmp_path / "frags.py").write_text(FRAGS)
    (tmp_path / "old.py").write_text('import frags\nprint "hello", getattr(frags, "CREATE")\n')
    checked = run("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    findings = json.loads(checked.stdout)["findings"]
    assert [(f["line"], f["code"]) for f in findings if f["path"].endswith("old.py")] == [(2, "review-imported-constant")]
    assert any(f["path"].endswith("frags.py") and "old.py (line 2" in f["message"] for f in findings)
