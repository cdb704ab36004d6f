"""Red team 20, report 12, F13: executing documents against a copy of Houston's schema is evidence FOR Houston.

A contract test runs the project's Houston documents against a stub of Houston's schema
(``SCHEMA = build_schema((Path(__file__).parent / "houston.graphql").read_text())``, then
``graphql_sync(SCHEMA, CREATE)``).  That counted as execution against the project's own API (strong,
against Houston), so the documents were undecided: the typo went unreported and the AC version was
not migrated (exit 0).  Named ``HOUSTON_STUB``, the same test gave no evidence: the name decided.
Now the executed schema is read (``sources.executed_schema``) and weighed whole
(``destination.houston_agreement``).

Control: a document executed against the project's own schema (an SDL that is not Houston's) is
still evidence against Houston and left alone.
"""

import json

from trust_cli import run_cli

DEPLOY = '''"""Create and list Deployments on our Astronomer Software installation."""
import requests
import yaml

with open("deploy.yaml") as fh:
    CONFIG = yaml.safe_load(fh)

CREATE = """
mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") { id releaseName }
}
"""

LIST = """
query List($ws: Uuid!) { workspaceDeploymnts(workspaceUuid: $ws) { id releaseName } }
"""


def houston(query, variables=None):
    r = requests.post(CONFIG["url"], json={"query": query, "variables": variables or {}},
                      headers={"authorization": CONFIG["token"]})
    return r.json()["data"]


def create(ws, label):
    return houston(CREATE, {"ws": ws, "label": label})["createDeployment"]


def list_deployments(ws):
    return houston(LIST, {"ws": ws})["workspaceDeployments"]
'''

STUB = """scalar Uuid
type Deployment { id: Uuid! releaseName: String label: String airflowVersion: String runtimeVersion: String }
type Query { workspaceDeployments(workspaceUuid: Uuid!): [Deployment] }
type Mutation {
  createDeployment(workspaceUuid: Uuid!, label: String!, type: String!, airflowVersion: String, runtimeVersion: String): Deployment
}
"""

CONTRACT = '''"""Contract test: our documents must execute against a stub of Houston's schema."""
from pathlib import Path
from graphql import build_schema, graphql_sync

from deploy import CREATE, LIST

NAME = build_schema((Path(__file__).parent / "houston.graphql").read_text())


def test_create_executes():
    assert graphql_sync(NAME, CREATE, variable_values={"ws": "w", "label": "etl"}, root_value={}).errors is None


def test_list_executes():
    assert graphql_sync(NAME, LIST, variable_values={"ws": "w"}, root_value={}).errors is None
'''

CATALOG = '''RECORD = """
mutation Record($releaseName: String!, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, airflowVersion: $airflowVersion) { id }
}
"""
'''

CATALOG_SDL = """type Deployment { id: ID! releaseName: String! airflowVersion: String }
type Query { deployments: [Deployment!]! }
type Mutation { upsertDeployment(releaseName: String!, airflowVersion: String): Deployment }
"""

CATALOG_TEST = '''from pathlib import Path
from graphql import build_schema, graphql_sync

from catalog.client import RECORD

SCHEMA = build_schema(open(Path(__file__).parent / "catalog.graphql").read())


def test_record():
    assert graphql_sync(SCHEMA, RECORD, variable_values={"releaseName": "r"}).errors is None
'''


def _write(root, files):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_a_contract_test_against_houstons_stub_is_evidence_for_houston(tmp_path):
    for stub_name in ("SCHEMA", "HOUSTON_STUB"):
        root = tmp_path / stub_name
        _write(root, {"deploy.py": DEPLOY, "tests/houston.graphql": STUB, "tests/test_contract.py": CONTRACT.replace("NAME", stub_name)})
        result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, (stub_name, result.stdout, result.stderr)  # the typo is reported
        report = json.loads(result.stdout)
        documents = {(d["path"], d["line"]): d for d in report["documents"]}
        create = documents[("deploy.py", 8)]
        assert create["houston"] is True, (stub_name, create)
        assert not any(line.startswith("executed in process") and "copy of Houston" not in line for line in create["evidence"]), create
        assert any(f["path"] == "deploy.py" and "workspaceDeploymnts" in f["message"] for f in report["findings"]), stub_name


def test_control_a_document_executed_against_the_projects_own_schema_stays_not_houston(tmp_path):
    _write(tmp_path, {"catalog/__init__.py": "", "catalog/client.py": CATALOG, "tests/catalog.graphql": CATALOG_SDL,
                      "tests/test_catalog.py": CATALOG_TEST})
    result = run_cli("check", "--no-cache", "--explain", "catalog/client.py", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert "executed in process" in result.stdout and "copy of Houston" not in result.stdout, result.stdout
    assert ": Houston (" not in result.stdout, result.stdout
    rewritten = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "catalog" / "client.py").read_text() == CATALOG, rewritten.stderr


SAME_FILE = '''"""Contract test: our Houston documents must execute against a stub of Houston's schema."""
from pathlib import Path
from graphql import build_schema, graphql_sync

CREATE = """
mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") { id releaseName }
}
"""
LIST = """
query List($ws: Uuid!) { workspaceDeploymnts(workspaceUuid: $ws) { id releaseName } }
"""

SCHEMA = build_schema((Path(__file__).parent / "SDL_FILE").read_text())


def test_create_executes():
    assert graphql_sync(SCHEMA, CREATE, variable_values={"ws": "w", "label": "etl"}, root_value={}).errors is None


def test_list_executes():
    assert graphql_sync(SCHEMA, LIST, variable_values={"ws": "w"}).errors is None
'''


def test_documents_executed_in_their_own_file_against_houstons_stub_are_houstons(tmp_path):
    _write(tmp_path, {"tests/houston.graphql": STUB, "tests/test_contract.py": SAME_FILE.replace("SDL_FILE", "houston.graphql")})
    result = run_cli("check", "--no-cache", "--format", "json", "tests/test_contract.py", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    assert [d["houston"] for d in report["documents"]] == [True, True], report["documents"]
    assert any("workspaceDeploymnts" in f["message"] for f in report["findings"])


def test_control_documents_executed_in_their_own_file_against_the_projects_schema_stay_not_houston(tmp_path):
    own = "scalar Uuid\ntype Query { workspaceDeployments(workspaceUuid: Uuid!, owner: String): [String] }\n"
    _write(tmp_path, {"tests/api.graphql": own, "tests/test_contract.py": SAME_FILE.replace("SDL_FILE", "api.graphql")})
    result = run_cli("check", "--no-cache", "--format", "json", "tests/test_contract.py", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    assert all(d["houston"] is False for d in report["documents"]), report["documents"]
    assert report["findings"] == []
