"""A module linked to Houston only by what it imports is checked (issue 12, red team 12, F5).

Through the installed CLI.  ``from lib import run_q`` (``run_q`` posts to ``HOUSTON_URL``) or
``from config import API`` (``API = "https://houston.acme.com/v1"``), then one document whose
root field is mistyped: the file holds no Houston root field and no Houston name, so the
prefilter alone dropped it ("0 documents found", exit 0).  Now its typo is reported with "did
you mean", in a module and in a notebook cell; a module importing an unrelated helper is still
not parsed.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

LIB = 'import os, requests\n\ndef run_q(q):\n    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()\n'
CONFIG = 'API = "https://houston.acme.com/v1"\n'
OTHER = 'import requests\n\ndef fetch(q):\n    return requests.post("https://api.example.org/graphql", json={"query": q}).json()\n'


def _check(tmp_path):
    proc = subprocess.run([CLI, "check", "--no-cache", "-j1", "--format", "json", "."], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _errors(report):
    return [(Path(f["path"]).name, f["code"], f["message"]) for f in report["findings"] if f["severity"] == "error"]


def test_an_imported_houston_helper_brings_a_typo_to_light(tmp_path):
    (tmp_path / "lib.py").write_text(LIB, encoding="utf-8")
    (tmp_path / "upgrade.py").write_text(
        'from lib import run_q\n\ndef main():\n'
        '    run_q("mutation { createDeploymnt(workspaceUuid: \\"x\\", label: \\"y\\", type: \\"airflow\\") { id } }")\n',
        encoding="utf-8")
    code, report = _check(tmp_path)
    errors = _errors(report)
    assert code == 1
    assert [(name, c) for name, c, _ in errors] == [("upgrade.py", "fields-on-correct-type")]
    assert "createDeployment" in errors[0][2]


def test_an_imported_houston_url_setting_brings_a_typo_to_light(tmp_path):
    (tmp_path / "config.py").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "ws.py").write_text(
        'import requests\nfrom config import API\n\n'
        'requests.post(API, json={"query": "query { workspacz { id } }"})\n', encoding="utf-8")
    code, report = _check(tmp_path)
    assert code == 1
    assert [(name, c) for name, c, _ in _errors(report)] == [("ws.py", "fields-on-correct-type")]


def test_a_notebook_importing_the_helper(tmp_path):
    (tmp_path / "lib.py").write_text(LIB, encoding="utf-8")
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["from lib import run_q\n", "run_q('query { workspacz { id } }')\n"]}
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    code, report = _check(tmp_path)
    assert code == 1
    assert [(name, c) for name, c, _ in _errors(report)] == [("nb.ipynb", "fields-on-correct-type")]


def test_an_unrelated_import_leaves_the_file_unparsed(tmp_path):
    (tmp_path / "other.py").write_text(OTHER, encoding="utf-8")
    (tmp_path / "use.py").write_text('from other import fetch\n\nfetch("query { widgetz { id } }")\n', encoding="utf-8")
    code, report = _check(tmp_path)
    assert code == 0 and report["findings"] == [] and report["documents"] == []


def test_a_notebook_importing_a_url_setting(tmp_path):
    # No file of this run passes its prefilter: only the modules naming Houston and their importers are indexed.
    (tmp_path / "config.py").write_text(CONFIG, encoding="utf-8")
    cell = {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import requests\n", "from config import API\n",
                       "requests.post(API, json={'query': '{ workspacz { id } }'})\n"]}
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
                "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    code, report = _check(tmp_path)
    assert code == 1
    assert [(name, c) for name, c, _ in _errors(report)] == [("nb.ipynb", "fields-on-correct-type")]
