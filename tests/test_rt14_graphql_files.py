"""``.graphql`` files and what the run knows about them (red team 13 and 12; task 14 B).

Through the installed CLI (``check --format json``, ``check --explain``, ``rewrite``):

* pass-12 report 12, F12: a ``.graphql`` document's ``end_line`` is the line of its last character,
  never the empty place after the file's last newline (``--explain FILE:END_LINE`` is accepted);
* report 13, F4: a ``.graphql`` operation spreading a fragment a Python module of the run defines is
  checked with that definition (no false ``Unknown fragment``; a rename it needs is a
  ``review-shared-fragment`` naming the module); a definition written in a form not read (an f-string)
  makes the ``known-fragment-names`` finding an info naming the module, not an error;
* report 11, F10: a ``.graphql`` file a script of the run reads and then fills (``.replace``,
  ``re.sub``, ``string.Template``, ``.format``, ``%``) is held: nothing in it is edited, each migration
  it needs is a review naming the script and the fill's line; a fill whose target is provably not
  in the file, or that only reformats, does not hold it;
* report 12 (pass 13), F7: graphql-config in ``package.json`` (``graphql`` key), the legacy
  ``.graphqlconfig`` / ``.graphqlconfig.yml`` and ``apollo.config.js`` name another API's schema:
  the operations are not Houston's and are not rewritten.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def _run(root: Path, *args):
    run = subprocess.run([CLI, *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def _tree(root: Path, files: dict) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".houston" not in str(p)}


# -- F12: end_line of a .graphql document -----------------------------------------------------------

INVENTORY = "query AllDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"


def test_f12_graphql_end_line_is_the_last_line_of_the_file(tmp_path):
    _tree(tmp_path, {"ops/inv.graphql": INVENTORY, "ops/two.graphql": INVENTORY.rstrip("\n")})
    run = _run(tmp_path, "check", "--no-cache", "--explain", "ops", "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    documents = {d["path"]: d for d in json.loads(run.stdout)["documents"]}
    assert documents["ops/inv.graphql"]["end_line"] == 7  # 7 lines, the last one ending with "\n"
    assert documents["ops/two.graphql"]["end_line"] == 7  # the same without the final newline
    last = _run(tmp_path, "check", "--no-cache", "--explain", "ops/inv.graphql:7")
    assert last.returncode in (0, 1) and "AllDeployments" in last.stdout, last.stderr


# -- F4: a .graphql operation spreading a Python module's fragment ------------------------------------

F4_FRAG = '''import os
import requests

HOUSTON_URL = "https://houston.example.com/v1"
FRAG = """
fragment D on Deployment { airflowVersion }
"""
LIST = """
query L($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { ...D } }
"""

def go():
    return requests.post(HOUSTON_URL, json={"query": LIST + FRAG, "variables": {"ws": "x"}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''
F4_LIST = "query X($ws: Uuid!) {\n  workspaceDeployments(workspaceUuid: $ws) { id ...D }\n}\n"


def test_f4_graphql_operation_sees_a_python_fragment(tmp_path):
    _tree(tmp_path, {"frag.py": F4_FRAG, "q/list.graphql": F4_LIST})
    run = _run(tmp_path, "check", "--no-cache", "--houston-version", "1.0.1", ".", "--format", "json")
    findings = json.loads(run.stdout)["findings"]
    mine = [f for f in findings if f["path"] == "q/list.graphql"]
    assert not [f for f in mine if f["code"] == "known-fragment-names"], mine
    shared = [f for f in mine if f["code"] == "review-shared-fragment"]
    assert shared and "defined in frag.py, line 6" in shared[0]["message"], mine
    assert shared[0]["line"] == 2
    # the Python side still has its own error and review
    assert any(f["path"] == "frag.py" and f["code"] == "fields-on-correct-type" for f in findings)
    before = _snapshot(tmp_path)
    _run(tmp_path, "rewrite", "--no-cache", ".")
    assert _snapshot(tmp_path) == before  # neither side renamed alone


def test_f4_unread_python_fragment_is_an_info_naming_the_module(tmp_path):
    frag = F4_FRAG.replace('FRAG = """\nfragment D on Deployment { airflowVersion }\n"""', 'F = "id"\nFRAG = f"fragment D on Deployment {{ {F} }}"')
    assert frag != F4_FRAG
    _tree(tmp_path, {"frag.py": frag, "q/list.graphql": F4_LIST})
    run = _run(tmp_path, "check", "--no-cache", ".", "--format", "json")
    mine = [f for f in json.loads(run.stdout)["findings"] if f["path"] == "q/list.graphql"]
    unknown = [f for f in mine if f["code"] == "known-fragment-names"]
    assert unknown and unknown[0]["severity"] == "info" and "frag.py" in unknown[0]["message"], mine
    assert not [f for f in mine if f["severity"] == "error"], mine
