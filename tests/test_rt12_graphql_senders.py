"""Which script sends a ``.graphql`` file, and where (issue 12, red team 12 F2, F7; issue 13, red team 13 F8).

Through the installed CLI (``check --format json``, ``check --explain``, ``rewrite``):

* F2a: a script naming no Houston that posts a file of the run to a URL literal of another API
  (``https://acme.hasura.app/v1/graphql``) makes the file not Houston's, decisively (the call's own
  endpoint), and it is not rewritten; a send to an unknown URL still says nothing;
* F2b: a read posted to ``INVENTORY_URL = "https://inventory.acme-corp.net/api"`` is judged by that
  URL (strong, against), not by the script's Houston function elsewhere;
* F7: a path joined from parts (``Path(__file__).parent / "q3" / "deps.graphql"``,
  ``os.path.join(HERE, "q3", "deps.graphql")``, ``os.path.join("q3", ...)``, ``Path("q3", ...)``) names
  that file even when another file of the run has the same name;
* F8: a notebook cell reading a file and posting it with a variables dict is the file's sender: the
  variable is held (reviewed, naming the notebook), never renamed on one side only.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))

INVENTORY = "query AllDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"
TYPO_DOC = 'query Deps { workspaceDeployments(workspaceUuid: "x") { id releaseNam } }\n'
TYPO_MESSAGE = "Cannot query field 'releaseNam' on type 'Deployment'. Did you mean 'releaseName'?"


def _run(root: Path, *args):
    run = subprocess.run([CLI, *args], cwd=root, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def _check(root: Path):
    run = _run(root, "check", "--no-cache", ".", "--format", "json")
    return run.returncode, json.loads(run.stdout)


def _tree(root: Path, files: dict) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _document(report, path):
    return next(d for d in report["documents"] if d["path"] == path)


def _snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".houston" not in str(p)}


F2A_SYNC = '''import requests

def main():
    query = open("queries/inv.graphql").read()
    r = requests.post({url}, json={{"query": query}})
    for d in r.json()["data"]["deployments"]:
        print(d["releaseName"], d["airflowVersion"])
'''


def test_f2a_foreign_literal_url_is_decisive_and_nothing_is_rewritten(tmp_path):
    _tree(tmp_path, {"sync.py": F2A_SYNC.format(url='"https://acme.hasura.app/v1/graphql"'), "queries/inv.graphql": INVENTORY})
    code, report = _check(tmp_path)
    doc = _document(report, "queries/inv.graphql")
    assert doc["houston"] is False, doc
    assert any(e.startswith('read by ../sync.py (line 4), sent to "https://acme.hasura.app/v1/graphql" (line 5)') for e in doc["evidence"]), doc
    assert report["findings"] == [] and code == 0
    explain = _run(tmp_path, "check", "--no-cache", "--explain", "queries/inv.graphql", ".")
    assert 'sent to "https://acme.hasura.app/v1/graphql" (line 5), which names no Houston [decisive]' in explain.stdout + explain.stderr
    before = _snapshot(tmp_path)
    rewrite = _run(tmp_path, "rewrite", "--no-cache", ".")
    assert rewrite.returncode == 0, rewrite.stdout + rewrite.stderr
    assert _snapshot(tmp_path) == before


def test_f2a_decisive_outweighs_another_scripts_strong_houston_read(tmp_path):
    # The literal is the call's own endpoint: stronger than another script's named Houston setting.
    other = 'import os, requests\nHOUSTON_URL = os.environ["HOUSTON_URL"]\nq = open("queries/inv.graphql").read()\nrequests.post(HOUSTON_URL, json={"query": q})\n'
    _tree(tmp_path, {"sync.py": F2A_SYNC.format(url='"https://acme.hasura.app/v1/graphql"'), "ws.py": other, "queries/inv.graphql": INVENTORY})
    _code, report = _check(tmp_path)
    doc = _document(report, "queries/inv.graphql")
    assert doc["houston"] is False, doc
    assert any("read by ../ws.py (line 3), sent to HOUSTON_URL" in e for e in doc["evidence"]), doc


def test_f2a_controls_unknown_url_says_nothing_houston_literal_says_houston(tmp_path):
    unknown = _tree(tmp_path / "unknown", {"sync.py": F2A_SYNC.format(url="url"), "queries/inv.graphql": INVENTORY})
    _code, report = _check(unknown)
    doc = _document(report, "queries/inv.graphql")
    assert not any(e.startswith("read by") for e in doc["evidence"]), doc
    houston = _tree(tmp_path / "houston", {"sync.py": F2A_SYNC.format(url='"https://houston.acme.io/v1"'), "queries/inv.graphql": INVENTORY})
    _code, report = _check(houston)
    doc = _document(report, "queries/inv.graphql")
    assert doc["houston"] is True, doc
    assert any('sent to "https://houston.acme.io/v1" (line 5)' in e for e in doc["evidence"]), doc


F2B_SYNC = '''import os
import requests

INVENTORY_URL = "{url}"


def main():
    query = open("ops/inv.graphql").read()
    r = requests.post(INVENTORY_URL, json={{"query": query}})
    return r.json()

HOUSTON_URL = os.environ["HOUSTON_URL"]
def ws():
    return requests.post(HOUSTON_URL, json={{"query": "query {{ workspaces {{ id label }} }}"}}).json()
'''


def test_f2b_read_is_judged_by_the_url_it_is_sent_to(tmp_path):
    _tree(tmp_path, {"sync.py": F2B_SYNC.format(url="https://inventory.acme-corp.net/api"), "ops/inv.graphql": INVENTORY})
    code, report = _check(tmp_path)
    doc = _document(report, "ops/inv.graphql")
    assert doc["houston"] is False, doc
    want = 'read by ../sync.py (line 8), sent to INVENTORY_URL = "https://inventory.acme-corp.net/api" (line 9), which names no Houston'
    assert want in doc["evidence"], doc
    assert not any("names Houston's endpoint" in e for e in doc["evidence"]), doc
    assert not [f for f in report["findings"] if f["path"] == "ops/inv.graphql"] and code == 0
    before = _snapshot(tmp_path)
    assert _run(tmp_path, "rewrite", "--no-cache", ".").returncode == 0
    assert _snapshot(tmp_path) == before


def test_f2b_control_a_houston_url_constant_is_houston(tmp_path):
    _tree(tmp_path, {"sync.py": F2B_SYNC.format(url="https://houston.acme-corp.net/v1"), "ops/inv.graphql": INVENTORY})
    _code, report = _check(tmp_path)
    doc = _document(report, "ops/inv.graphql")
    assert doc["houston"] is True, doc
    assert any('sent to INVENTORY_URL = "https://houston.acme-corp.net/v1" (line 9)' in e for e in doc["evidence"]), doc


F7_SEND = '''import os, requests
from pathlib import Path
HOUSTON_URL = os.environ["HOUSTON_URL"]
HERE = os.path.dirname(os.path.abspath(__file__))
def main():
    q = {read}
    requests.post(HOUSTON_URL, json={{"query": q}})
'''
F7_READS = {
    "path_parts": '(Path(__file__).parent / "q3" / "deps.graphql").read_text()',
    "join_here": 'open(os.path.join(HERE, "q3", "deps.graphql")).read()',
    "join_dirname": 'open(os.path.join(os.path.dirname(__file__), "q3", "deps.graphql")).read()',
    "join_literal": 'open(os.path.join("q3", "deps.graphql")).read()',
    "path_literal": 'Path("q3", "deps.graphql").read_text()',
    "joinpath": 'Path(__file__).resolve().parent.joinpath("q3", "deps.graphql").read_text()',
}


def test_f7_joined_paths_name_their_file_beside_a_same_named_one(tmp_path):
    for label, read in F7_READS.items():
        root = _tree(
            tmp_path / label,
            {"run.py": F7_SEND.format(read=read), "q3/deps.graphql": TYPO_DOC, "github/deps.graphql": "query Deps { viewer { login } }\n"},
        )
        code, report = _check(root)
        doc = _document(report, "q3/deps.graphql")
        assert doc["houston"] is True, (label, doc)
        assert any(e.startswith("read by ../run.py (line 6), sent to HOUSTON_URL") for e in doc["evidence"]), (label, doc)
        other = _document(report, "github/deps.graphql")
        assert not any(e.startswith("read by") for e in other["evidence"]), (label, other)
        typo = [(f["path"], f["line"]) for f in report["findings"] if f["message"] == TYPO_MESSAGE]
        assert typo == [("q3/deps.graphql", 1)] and code == 1, (label, report["findings"])


def test_f7_a_join_naming_another_folder_links_nothing(tmp_path):
    # q9/deps.graphql is not a file of the run: neither same-named file is taken for it.
    root = _tree(
        tmp_path,
        {
            "run.py": F7_SEND.format(read='(Path(__file__).parent / "q9" / "deps.graphql").read_text()'),
            "q3/deps.graphql": TYPO_DOC,
            "github/deps.graphql": "query Deps { viewer { login } }\n",
        },
    )
    _code, report = _check(root)
    for path in ("q3/deps.graphql", "github/deps.graphql"):
        assert not any(e.startswith("read by") for e in _document(report, path)["evidence"]), report


CREATE = (
    "mutation Create($ws: Uuid!, $airflowVersion: String) {\n"
    '  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) { id airflowVersion }\n'
    "}\n"
)


def _notebook(*cells) -> str:
    """nbformat 4, one source line per JSON line; each cell a list of lines (a str: a markdown cell)."""
    made = []
    for cell in cells:
        if isinstance(cell, str):
            made.append({"cell_type": "markdown", "metadata": {}, "source": [cell]})
        else:
            made.append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": list(cell)})
    return json.dumps({"cells": made, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


def _json_line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if needle in line)


N3_CELLS = (
    ["import requests\n", "HOUSTON_URL = 'https://houston.example.com/v1'\n"],
    "Create the Deployment",
    [
        "%env X=1\n",
        "Q = open('create.graphql').read()\n",
        "d = requests.post(HOUSTON_URL, json={'query': Q, 'variables': {'ws': 'w', 'airflowVersion': '2.3.4-11'}}).json()['data']['createDeployment']\n",
        "print(d['airflowVersion'].split('-')[1])\n",
    ],
)


def test_f8_notebook_sending_a_file_holds_its_variable_on_both_sides(tmp_path):
    notebook = _notebook(*N3_CELLS)
    _tree(tmp_path, {"run.ipynb": notebook, "create.graphql": CREATE})
    read_line, send_line = _json_line(notebook, "open('create.graphql')"), _json_line(notebook, "requests.post(")
    code, report = _check(tmp_path)
    reviews = [f for f in report["findings"] if f["code"] == "review-version-variable" and f["path"] == "create.graphql"]
    assert [(f["line"], f["column"]) for f in reviews] == [(1, 29), (2, 71)], report
    for finding in reviews:
        assert f"read by run.ipynb (line {read_line}), sent to HOUSTON_URL = 'https://houston.example.com/v1' (line {send_line})" in finding["message"]
    assert not [f for f in report["findings"] if f["code"].startswith("migrate-")], report
    sender = [f for f in report["findings"] if f["path"] == "run.ipynb"]  # the hold, seen from the notebook too
    assert [(f["line"], f["code"]) for f in sender] == [(read_line, "review-version-variable")], report
    assert "reads create.graphql" in sender[0]["message"] and "'airflowVersion' key" in sender[0]["message"]
    assert code == 0
    before = _snapshot(tmp_path)
    rewrite = _run(tmp_path, "rewrite", "--no-cache", ".")
    assert rewrite.returncode == 0, rewrite.stdout + rewrite.stderr
    assert _snapshot(tmp_path) == before  # neither side renamed alone


def test_f8_notebook_ac_format_read_of_the_response_is_reviewed(tmp_path):
    notebook = _notebook(
        ["import requests\n", "HOUSTON_URL = 'https://houston.example.com/v1'\n"],
        ["%env X=1\n", "Q = open('deps.graphql').read()\n", "ds = requests.post(HOUSTON_URL, json={'query': Q}).json()['data']['workspaceDeployments']\n", "for d in ds:\n", "    print(d['airflowVersion'].split('-')[1])\n"],
    )
    _tree(tmp_path, {"run.ipynb": notebook, "deps.graphql": 'query Deps { workspaceDeployments(workspaceUuid: "w") { id airflowVersion } }\n'})
    _code, report = _check(tmp_path)
    split_line = _json_line(notebook, ".split('-')[1]")
    reviews = [f for f in report["findings"] if f["code"] == "review-ac-version-suffix-read"]
    assert [(f["path"], f["line"]) for f in reviews] == [("deps.graphql", 1)], report
    assert f"run.ipynb line {split_line}: .split()" in reviews[0]["message"], reviews


def test_f8_notebook_sending_elsewhere_is_evidence_against(tmp_path):
    notebook = _notebook(["import requests\n", "Q = open('queries/inv.graphql').read()\n", "r = requests.post('https://acme.hasura.app/v1/graphql', json={'query': Q})\n"])
    _tree(tmp_path, {"run.ipynb": notebook, "queries/inv.graphql": INVENTORY})
    code, report = _check(tmp_path)
    doc = _document(report, "queries/inv.graphql")
    assert doc["houston"] is False, doc
    read_line, send_line = _json_line(notebook, "open('queries/inv.graphql')"), _json_line(notebook, "requests.post(")
    want = f"read by ../run.ipynb (line {read_line}), sent to 'https://acme.hasura.app/v1/graphql' (line {send_line})"
    assert any(e.startswith(want) for e in doc["evidence"]), doc
    assert code == 0 and not report["findings"]


def test_f8_sender_review_only_for_a_file_declaring_a_version_variable(tmp_path):
    # Control: the same notebook sending a file with no version variable gets no sender review.
    cells = list(N3_CELLS)
    _tree(tmp_path, {"run.ipynb": _notebook(*cells), "create.graphql": 'mutation Create($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow") { id } }\n'})
    _code, report = _check(tmp_path)
    assert not [f for f in report["findings"] if f["path"] == "run.ipynb"], report
