"""Red team 20, report 12, F7: a ``.graphql`` file and the variables sent with it are held together.

A script loads its documents from ``queries/*.graphql`` through one loader (``load(name)``, a glob
dict, module constants read with ``open``) and sends them with two helpers: ``houston()`` and one
posting to another API.  The second helper took the read's evidence away, and with it the hold on
the file's version variable: ``rewrite`` renamed ``$airflowVersion`` in ``create.graphql`` while the
script still sends ``airflowVersion=`` (Houston ignores it, the Deployment gets no version), and the
script's own review said the variable "is reviewed there, not renamed".  Now the script's review and
the file's hold are written by one function (``cross_module._note_held_variables``): both or neither.

Control (recall): the same loader and helpers with a version *literal* in the file (no variable
crosses the files) still migrate it.
"""

import re

from trust_cli import run_cli

CREATE = """mutation Create($ws: Uuid!, $label: String!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: $airflowVersion) { id releaseName }
}
"""

LITERAL = """mutation CreateFixed($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") { id releaseName }
}
"""

_HELPERS = '''

def houston(query, variables):
    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]


def cmdb(query, variables):
    return requests.post(CMDB_URL, json={"query": query, "variables": variables}).json()["data"]

'''

_HEAD = '''import os
from pathlib import Path
import requests

HERE = Path(__file__).parent
HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
'''

SCRIPTS = {
    # the report's f7: one loader by name, used by both helpers
    "loader": _HEAD + '''

def load(name):
    return (HERE / "queries" / f"{name}.graphql").read_text()


def houston(name, **variables):
    return requests.post(HOUSTON_URL, json={"query": load(name), "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]


def cmdb(name, **variables):
    return requests.post(CMDB_URL, json={"query": load(name), "variables": variables}).json()["data"]


dep = houston("create", ws=os.environ["WS"], label="etl", airflowVersion="2.3.4-11")["createDeployment"]
houston("fixed", ws=os.environ["WS"], label="etl")
cmdb("record", releaseName=dep["releaseName"])
''',
    # s19: a glob dict
    "glob": _HEAD + '''QUERIES = {p.stem: p.read_text() for p in (HERE / "queries").glob("*.graphql")}
''' + _HELPERS + '''
dep = houston(QUERIES["create"], {"ws": os.environ["WS"], "label": "etl", "airflowVersion": "2.3.4-11"})["createDeployment"]
houston(QUERIES["fixed"], {"ws": os.environ["WS"], "label": "etl"})
cmdb(QUERIES["record"], {"releaseName": dep["releaseName"]})
''',
    # s20: module constants read with open()
    "constants": _HEAD + _HELPERS + '''
with open("queries/create.graphql") as f:
    CREATE = f.read()
with open("queries/fixed.graphql") as f:
    FIXED = f.read()

dep = houston(CREATE, {"ws": os.environ["WS"], "label": "etl", "airflowVersion": "2.3.4-11"})["createDeployment"]
houston(FIXED, {"ws": os.environ["WS"], "label": "etl"})
''',
}


def _tree(root, script):
    (root / "queries").mkdir(parents=True)
    (root / "queries" / "create.graphql").write_text(CREATE)
    (root / "queries" / "fixed.graphql").write_text(LITERAL)
    (root / "sync.py").write_text(script)


def test_a_shared_loader_holds_the_file_and_the_script_together(tmp_path):
    for shape, script in SCRIPTS.items():
        root = tmp_path / shape
        _tree(root, script)
        result = run_cli("rewrite", "--no-cache", ".", cwd=root)
        assert "Traceback" not in result.stderr, (shape, result.stderr)
        create = (root / "queries" / "create.graphql").read_text()
        sync = (root / "sync.py").read_text()
        # never one side: the file keeps its variable, the script keeps its key
        assert create == CREATE, (shape, create, result.stderr)
        assert sync == script, shape
        held = re.findall(r"^queries/create\.graphql:\d+:\d+: warning review-version-variable .*$", result.stderr, re.M)
        assert held and all("not rewritten" in line or "now feeds" in line for line in held), (shape, result.stderr)
        assert re.search(r"^sync\.py:\d+:\d+: warning review-version-variable .*reviewed there, not renamed", result.stderr, re.M), shape
        # control (recall): a literal version in a file of the same loader is migrated
        fixed = (root / "queries" / "fixed.graphql").read_text()
        assert 'runtimeVersion: "' in fixed and "airflowVersion" not in fixed, (shape, fixed, result.stderr)
