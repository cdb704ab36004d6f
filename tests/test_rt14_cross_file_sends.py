"""Houston sends that cross a file boundary (issue 12, red team 13, report 12: F14-F18, F20; pass 12 F11).

Through the installed CLI, one run per scenario:

* F17: ``import queries`` then ``houston(queries.WS)`` carries the send to the constant's text, as
  ``from queries import WS`` did: the typo in it is reported (exit 1), an alias and a variable
  bound to it count the same, and a parameter named like the module does not.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

HELPER = (
    "import os\nimport requests\n\nHOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n\n\n"
    "def run_query(q, variables=None):\n"
    "    return requests.post(HOUSTON_URL, json={\"query\": q, \"variables\": variables}).json()\n"
)
TYPO = "query { workspaces { id labell } }"


def _check(cwd, *args):
    proc = subprocess.run([CLI, "check", "--no-cache", "-j1", "--format", "json", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def _errors(report):
    return sorted((f["path"].replace("\\", "/"), f["line"], f["code"]) for f in report["findings"] if f["severity"] == "error")


def _documents(report):
    return {(d["path"].replace("\\", "/"), d["line"]): d for d in report.get("documents", [])}


def test_f17_a_send_of_a_module_attribute_reads_the_constant(tmp_path):
    (tmp_path / "queries.py").write_text(f'WS = "{TYPO}"\nOTHER = "{TYPO}"\n', encoding="utf-8")
    (tmp_path / "sync.py").write_text(
        "import os\nimport requests\nimport queries\nimport queries as q\n\n"
        "HOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n\n\n"
        "def houston(doc):\n    return requests.post(HOUSTON_URL, json={\"query\": doc}).json()\n\n\n"
        "def run(queries):\n    return houston(queries.OTHER)\n\n\n"  # a parameter, not the module
        "houston(queries.WS)\n"  # line 17
        "doc = q.WS\n"  # line 18
        "houston(doc)\n",
        encoding="utf-8")
    code, report = _check(tmp_path, ".")
    assert code == 1
    assert _errors(report) == [("sync.py", 17, "fields-on-correct-type"), ("sync.py", 18, "fields-on-correct-type")]
    assert "labell" in json.dumps(report["findings"])


def _notebook(*cells):
    return json.dumps({
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": [c]} for c in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    })


def test_f16_an_imported_helper_and_constant_keep_their_own_file_lines_in_a_notebook(tmp_path):
    """Pass 12 F11 / pass 13 F16: the helper's line (helpers.py line 8) was renumbered as a notebook line
    (``line 5 of cell 2``); the imported constant's line (frags.py line 3) likewise in the review."""
    (tmp_path / "helpers.py").write_text(HELPER, encoding="utf-8")
    (tmp_path / "frags.py").write_text('"""Fragments."""\n\nDEP = "fragment D on Deployment { airflowVersion }"\n', encoding="utf-8")
    (tmp_path / "nb.ipynb").write_text(_notebook(
        "from helpers import run_query\nfrom frags import DEP\n",
        f'run_query("{TYPO}")\n',
        'run_query("query { deployments { ...D } }" + DEP)\n',
    ), encoding="utf-8")
    code, report = _check(tmp_path, ".")
    assert code == 1
    documents = [d for d in report["documents"] if d["path"] == "nb.ipynb"]
    assert len(documents) == 2 and all(d["houston"] is True for d in documents), documents
    for document in documents:
        sent = [e for e in document["evidence"] if "sent by run_query() of helpers.py" in e]
        assert sent and all("which posts to HOUSTON_URL (helpers.py:8)" in e for e in sent), document["evidence"]
        assert not [e for e in sent if "of cell" in e.split("(call at")[0]], sent
    reviews = [f["message"] for f in report["findings"] if f["path"] == "nb.ipynb" and f["code"] == "review-imported-constant"]
    assert reviews and all("DEP (imported from frags.py:3)" in m for m in reviews), reviews
    assert ("nb.ipynb", "fields-on-correct-type") in {(f["path"], f["code"]) for f in report["findings"]}


def test_f20_an_imported_client_instance_is_judged_by_its_transport_url(tmp_path):
    """``from lib.clients import houston_client``: the client's transport URL (read in lib/clients.py)
    says where ``houston_client.execute`` posts; its name decided before ("posted to houston_client [decisive]")."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "lib" / "clients.py").write_text(
        "from gql import Client\nfrom gql.transport.requests import RequestsHTTPTransport\n\n"
        'OPS_URL = "https://houston.example.com/v1"\n'
        'houston_client = Client(transport=RequestsHTTPTransport(url="https://inventory.acme-corp.net/api"))\n'
        "ops_client = Client(transport=RequestsHTTPTransport(url=OPS_URL))\n", encoding="utf-8")
    (tmp_path / "sync.py").write_text(
        "from gql import gql\nfrom lib.clients import houston_client, ops_client\nimport lib.clients as c\n\n\n"
        "def main():\n"
        "    houston_client.execute(gql('query { deployments(env: \"prod\") { id name } }'))\n"  # line 7
        f"    ops_client.execute(gql(\"{TYPO}\"))\n"  # line 8
        f"    c.ops_client.execute(gql(\"{TYPO}\"))\n",  # line 9
        encoding="utf-8")
    code, report = _check(tmp_path, ".")
    assert code == 1
    assert _errors(report) == [("sync.py", 8, "fields-on-correct-type"), ("sync.py", 9, "fields-on-correct-type")]
    documents = _documents(report)
    inventory = documents[("sync.py", 7)]
    assert inventory["houston"] is False, inventory
    assert "posted to houston_client (call at line 7)" not in inventory["evidence"]  # the name, weighed for Houston
    assert documents[("sync.py", 8)]["houston"] is True and documents[("sync.py", 9)]["houston"] is True


def test_f18_a_document_fed_by_a_parameter_default_or_a_function_return_is_traced(tmp_path):
    """``def list_ws(q=DOC): return houston(q)`` and ``houston(ws_query())`` in a file that also posts
    to GitHub: the Houston document was undecided ("this document's send was not traced"), its typo
    unreported, exit 0."""
    (tmp_path / "m.py").write_text(
        "import requests\n\n"
        'HOUSTON_URL = "https://houston.example.com/v1"\n'
        'GH = "https://api.github.com/graphql"\n\n\n'
        "def gh(q):\n    return requests.post(GH, json={\"query\": q}).json()\n\n\n"
        "def houston(query, **kwargs):\n    return requests.post(HOUSTON_URL, json={\"query\": query, **kwargs}).json()\n\n\n"
        'gh("query { viewer { login } }")\n\n\n'  # line 15
        'def list_ws(q="query { workspaces { id labell } }"):\n'  # line 18
        "    return houston(q)\n\n\n"
        "def ws_query():\n"
        '    return "query { workspaces { id labelll } }"\n\n\n'  # line 23
        "def local_query():\n"
        '    doc = "query { workspaces { id labe } }"\n'  # line 27
        "    return doc\n\n\n"
        "houston(ws_query())\n"
        "houston(local_query())\n",
        encoding="utf-8")
    code, report = _check(tmp_path, ".")
    assert code == 1
    assert _errors(report) == [("m.py", 18, "fields-on-correct-type"), ("m.py", 23, "fields-on-correct-type"),
                               ("m.py", 27, "fields-on-correct-type")]
    documents = _documents(report)
    assert documents[("m.py", 15)]["houston"] is False
    assert all(documents[("m.py", line)]["houston"] is True for line in (18, 23, 27)), documents


def test_f15_a_notebook_running_a_script_follows_its_helper_and_constants(tmp_path):
    """``%run helpers.py`` then ``run_query(...)``: IPython runs the script in the notebook's namespace, so
    its helper and constants are the notebook's, as after ``from helpers import run_query`` (the typo was
    'not Houston' on weak words, exit 0)."""
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "helpers.py").write_text(HELPER + f'\nWS = "{TYPO}"\n', encoding="utf-8")
    (tmp_path / "nb.ipynb").write_text(_notebook(
        "%run ./lib/helpers.py\n",
        'run_query("query { workspaces { id labelll } }")\n',
        "run_query(WS)\n",
    ), encoding="utf-8")
    code, report = _check(tmp_path, ".")
    assert code == 1
    errors = [(f["path"], f["code"], f["message"]) for f in report["findings"] if f["severity"] == "error" and f["path"] == "nb.ipynb"]
    assert len(errors) == 2 and all(c == "fields-on-correct-type" for _, c, _ in errors), errors
    assert {m.split("'")[1] for _, _, m in errors} == {"labelll", "labell"}
    documents = [d for d in report["documents"] if d["path"] == "nb.ipynb"]
    assert documents and all(d["houston"] is True for d in documents), documents
    assert any("sent by run_query() of lib/helpers.py, which posts to HOUSTON_URL (lib/helpers.py:8)" in e
               for d in documents for e in d["evidence"]), documents


def test_f14_a_folder_of_a_project_follows_a_helper_imported_from_outside_it(tmp_path):
    """``check scripts/`` judged ``run_query`` (lib/client.py, posting to Houston) by weak words only and
    passed the typo ``check scripts/report.py`` fails: the folder is now judged with the project's
    modules it imports, as the file named alone is.  A module it does not import stays out."""
    (tmp_path / ".git").mkdir()  # the project: a git work tree
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "lib" / "client.py").write_text(HELPER, encoding="utf-8")
    (tmp_path / "lib" / "other.py").write_text(f'import requests\nOTHER = "{TYPO}"\nrequests.post("https://api.example.org/graphql", json={{"query": OTHER}})\n', encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "report.py").write_text(
        f'from lib.client import run_query\n\n\ndef main():\n    return run_query("{TYPO}")\n', encoding="utf-8")
    folder_code, folder = _check(tmp_path, "scripts")
    file_code, named = _check(tmp_path, "scripts/report.py")
    assert folder_code == file_code == 1
    assert _errors(folder) == _errors(named) == [("scripts/report.py", 5, "fields-on-correct-type")]
    assert [d["evidence"] for d in folder["documents"]] == [d["evidence"] for d in named["documents"]]
    assert {d["path"] for d in folder["documents"]} == {"scripts/report.py"}
