"""Issue 13 (red team pass 7, F1): fields under one response key share one response object.

GraphQL answers every field of a response object that has the same response
key with ONE object built from all their selection sets (CollectFields, then
MergeSelectionSets), also when the two are written in separate selections of
the same parent, in separate parents that themselves merge, inside an inline
fragment or inside a spread fragment.  So ``airflowVersion`` in one
``deployments { }`` is beside ``runtimeVersion`` in another ``deployments { }``
of the same workspace, and the rename to ``airflowVersion: runtimeAirflowVersion``
must be held back for review there.  Runs the installed ``houston-codemod``.
"""

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

EXE = shutil.which("houston-codemod")
pytestmark = pytest.mark.skipif(EXE is None, reason="houston-codemod is not installed")

SELECTED = "review-read-field-replacement-selected"
RENAMED = "airflowVersion: runtimeAirflowVersion"

MERGED = {
    "B2": "query B2 { workspaces { deployments { airflowVersion } deployments { runtimeVersion } } }",
    "B3": "query B3 { workspaces { deployments { airflowVersion } } workspaces { deployments { runtimeVersion } } }",
    "B4": "query B4 { workspaces { deployments { airflowVersion } ... on Workspace { deployments { runtimeVersion } } } }",
    "K": "query K { workspaces { deployments { id airflowVersion } ...W } }\n"
    "fragment W on Workspace { deployments { id runtimeVersion } }",
    "deep": "query D { workspaces { deployments { airflowVersion } } "
    "... on Query { workspaces { ... on Workspace { deployments { runtimeAirflowVersion } } } } }",
}

SEPARATE = {
    "alone": "query Q1 { workspaces { deployments { airflowVersion } } }",
    # another response key: a second, separate list of deployments
    "alias": "query A { workspaces { deployments { airflowVersion } other: deployments { runtimeVersion } } }",
    # another parent object: the workspaces list and the single deployment are separate objects
    "parent": 'query P { workspaces { deployments { airflowVersion } } deployment(where: {id: "x"}) { runtimeVersion } }',
}


def module(query):
    body = textwrap.indent(query, "    ")
    return (
        "import requests\n"
        'URL = "https://houston.example.com/v1"\n'
        f'Q = """\n{body}\n"""\n'
        "def f():\n"
        '    return requests.post(URL, json={"query": Q}).json()\n'
    )


def run(*args):
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", sorted(MERGED))
def test_same_key_selections_are_one_object(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(module(MERGED[name]), encoding="utf-8")
    result = run("check", "--format", "json", path)
    assert result.returncode == 0, result.stderr  # warnings only: check exits 1 on errors
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert codes.count(SELECTED) == 1, codes
    before = path.read_bytes()
    result = run("rewrite", "--check", path)
    assert result.returncode == 0, result.stderr  # nothing would change
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == before  # held back for review: nothing renamed


@pytest.mark.parametrize("name", sorted(SEPARATE))
def test_other_objects_still_renamed(tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(module(SEPARATE[name]), encoding="utf-8")
    result = run("check", "--format", "json", path)
    assert result.returncode == 0, result.stderr  # warnings only: check exits 1 on errors
    codes = [f["code"] for f in json.loads(result.stdout)["findings"]]
    assert SELECTED not in codes, codes
    assert run("rewrite", "--check", path).returncode == 1  # the rename would change the file
    result = run("rewrite", path)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count(RENAMED) == 1, text
    again = run("rewrite", path)  # idempotent
    assert again.returncode == 0 and path.read_text(encoding="utf-8") == text
