"""What check says rewrite does is what rewrite does, for a notebook rewrite refuses (red team 28, report 13, f7).

A notebook saved as one line of JSON is refused by rewrite ("notebook JSON layout is not one we can
reproduce byte for byte"); check's error said "rewrite leaves it as it is here
(review-ac-version-suffix-read at line 1 says why)", a review that holds nothing, and an info at the same
spot said the argument "becomes runtimeVersion".
"""

import json

from trust_cli import check_by_file, git_tree, run_cli

CELL = [
    "import os, requests\n",
    "Q = '''mutation C($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: \"x\", type: \"airflow\", "
    "airflowVersion: \"2.2.5\") { id airflowVersion } }'''\n",
    "r = requests.post(os.environ['HOUSTON_URL'], json={'query': Q, 'variables': {'ws': 'w'}}, "
    "headers={'Authorization': os.environ['HOUSTON_API_TOKEN']})\n",
    "print(r.json()['data']['createDeployment']['airflowVersion'].split('-')[0])",
]
NOTEBOOK = {
    "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": CELL}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
}


def test_check_names_the_layout_refusal_and_promises_no_edit(tmp_path):
    compact = json.dumps(NOTEBOOK, separators=(",", ":")) + "\n"
    git_tree(tmp_path, {"deploy.ipynb": compact})
    refused = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert refused.returncode == 2 and "layout" in refused.stderr, refused.stderr
    assert (tmp_path / "deploy.ipynb").read_text() == compact
    _, errors, done = check_by_file(tmp_path)
    argument = [m for m in errors["deploy.ipynb"] if "Unknown argument 'airflowVersion'" in m]
    assert argument, errors
    assert "layout" in argument[0] and "review-ac-version-suffix-read" not in argument[0], argument[0]
    findings = json.loads(done.stdout)["findings"]
    promised = [f for f in findings if f["code"].startswith("migrate-") and "refuses this file" not in f["message"]]
    assert not promised, promised  # rewrite makes no edit in this file: an info that says it would names the refusal


def test_the_same_notebook_in_jupyters_layout_is_still_migrated(tmp_path):
    git_tree(tmp_path, {"deploy.ipynb": json.dumps(NOTEBOOK, indent=1) + "\n"})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert 'runtimeVersion: \\"4.2.9\\"' in (tmp_path / "deploy.ipynb").read_text()
