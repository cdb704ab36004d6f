"""Red team 6 precision findings F1, F4, F12, F13 (issue 12, "Houston or not"), through the installed CLI.

* F1: another platform's ``workspaces``/``deployments`` (monday.com, Hasura) is
  not Houston's: a known other API's host is decisive at any path, a root field
  with no arguments is any platform's noun, and fields Houston's types lack
  speak against a document only its words place.  A typo in a document strong
  evidence sends to Houston is still an error.
* F4: a project's own SDL next to (or above) its ``.graphql`` operations.
* F12: sgqlc operations follow the same verdict (their endpoint's URL).
* F13: test clients of the project's own server.

Each group is one ``check --format json`` run over a directory, read per file.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

CLI = shutil.which("houston-codemod") or str(Path(sys.executable).with_name("houston-codemod"))


def run(*args, cwd):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=180)


def check(root: Path, *paths):
    completed = run("check", "--no-cache", "--format", "json", *(paths or ["."]), cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    verdicts = {}
    for document in report["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    findings = {}
    for finding in report["findings"]:
        findings.setdefault(Path(finding["path"]).as_posix(), []).append(finding)
    return completed, verdicts, findings


def files(root: Path, contents: dict) -> Path:
    for name, text in contents.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


MONDAY_CLASS = '''import requests
class Monday:
    def __init__(self, token):
        self.token = token
    def _q(self, query):
        return requests.post("https://api.monday.com/v2", json={"query": query}, headers={"Authorization": self.token}).json()
    def workspaces(self):
        return self._q("query { workspaces { id name kind } }")
'''
MONDAY_V1 = '''import requests
def _q(query):
    return requests.post("https://api.monday.com/v1", json={"query": query}).json()
def ws():
    return _q("query { workspaces { id name } }")
'''
MONDAY_CALL = '''import requests
def ws():
    return requests.post("https://api.monday.com/v2", json={"query": "query { workspaces { id } }"}).json()
'''
IMPORTED_URL = '''import os
import requests
from mylib.config import API_URL

def workspaces():
    query = "query { workspaces { id name kind description } }"
    return requests.post(API_URL, json={"query": query}, headers={"Authorization": os.environ["TOKEN"]}).json()
'''
HASURA_STYLE = '''import os, requests
r = requests.post(os.environ["API_URL"], json={"query": '{ deployments { id name status } }'})
'''
HOUSTON_TYPO = '''import requests
Q = "query { workspaces { id name } }"
requests.post("https://houston.example.com/v1", json={"query": Q})
'''
HOUSTON_NAME_TYPO = '''import os, requests
HOUSTON_WORKSPACES = "query { workspaces { id labell } }"
requests.post(os.environ["URL"], json={"query": HOUSTON_WORKSPACES})
'''
HOUSTON_WORDS = '''import os, requests
Q = 'query ($r: String) { deployments(releaseName: $r) { id airflowVersion } }'
requests.post(os.environ["URL"], json={"query": Q})
'''


def test_f1_other_platforms_workspaces_and_deployments_are_not_houston(tmp_path):
    root = files(tmp_path, {
        "monday_class.py": MONDAY_CLASS, "monday_v1.py": MONDAY_V1, "monday_call.py": MONDAY_CALL,
        "imported_url.py": IMPORTED_URL, "hasura_style.py": HASURA_STYLE,
    })
    completed, verdicts, findings = check(root)
    assert completed.returncode == 0, completed.stdout
    assert findings == {}
    assert {name: [d["houston"] for d in docs] for name, docs in verdicts.items()} == {
        "monday_class.py": [False], "monday_v1.py": [False], "monday_call.py": [False],
        "imported_url.py": [False], "hasura_style.py": [False],
    }
    # (a) the call's own URL: a known other API's host, whatever its path
    assert "url api.monday.com/v2 (call at line 3) [decisive]" in run("check", "--explain", "monday_call.py", cwd=root).stdout
    # (b) a root field with no arguments is not Houston-only; (c) fields Houston's Workspace lacks
    assert verdicts["imported_url.py"][0]["evidence"] == [
        "only names any API has: workspaces",
        "fields Houston's types lack: Workspace.name, Workspace.kind",  # Houston's Workspace has a description
        # the call's own URL binding is shown (red team 8 E3); an imported setting naming no
        # Houston is a note, it decides nothing here (red team 9 F4, aaeb684)
        "posted to API_URL (call at line 7)",
    ]
    assert "fields Houston's types lack: Deployment.name" in verdicts["hasura_style.py"][0]["evidence"]  # Houston's Deployment has a status


def test_f1_a_typo_with_strong_houston_evidence_is_still_an_error(tmp_path):
    root = files(tmp_path, {"typo.py": HOUSTON_TYPO, "named.py": HOUSTON_NAME_TYPO, "words.py": HOUSTON_WORDS})
    completed, verdicts, findings = check(root)
    assert completed.returncode == 1
    assert [d["houston"] for d in verdicts["typo.py"]] == [True]
    assert [d["houston"] for d in verdicts["named.py"]] == [True]
    assert [(f["line"], f["code"]) for f in findings["typo.py"] if f["severity"] == "error"] == [(2, "fields-on-correct-type")]
    assert [(f["line"], f["code"]) for f in findings["named.py"] if f["severity"] == "error"] == [(2, "fields-on-correct-type")]
    # Houston's own words under Houston's own arguments still place a document with nothing else to go on
    assert [d["houston"] for d in verdicts["words.py"]] == [True]


SDL = "type Workspace { id: ID! label: String deployments: [Deployment!]! }\n" \
      "type Deployment { id: ID! label: String airflowVersion: String }\n" \
      "type Query { workspaces: [Workspace!]! deployments(releaseName: String): [Deployment] }\n"
OPS = 'query AllWorkspaces { deployments(releaseName: "x") { id airflowVersion } }\n'
SERVER = 'from ariadne import load_schema_from_path, make_executable_schema, QueryType\n' \
         'type_defs = load_schema_from_path("graphql/schema.graphql")\n'


def test_f4_a_projects_own_sdl_speaks_against_houston_for_its_operations(tmp_path):
    project = tmp_path / "project"
    files(project, {
        ".git/HEAD": "ref: refs/heads/main\n",
        "graphql/schema.graphql": SDL, "graphql/ops.graphql": OPS, "app/server.py": SERVER,
        "graphql/nested/more.graphql": OPS,  # a parent folder's SDL counts too
    })
    # Without the project's SDL these operations are Houston's by their words: the control.
    alone = files(tmp_path / "alone", {".git/HEAD": "x\n", "ops.graphql": OPS})
    completed, verdicts, _ = check(alone)
    assert [d["houston"] for d in verdicts["ops.graphql"]] == [True]
    assert run("rewrite", "--check", ".", cwd=alone).returncode == 1

    completed, verdicts, findings = check(project)
    assert completed.returncode == 0 and findings == {}
    for name in ("graphql/ops.graphql", "graphql/nested/more.graphql"):
        (document,) = verdicts[name]
        assert document["houston"] is False
        assert document["evidence"][0] == "SDL type definitions in the project: graphql/schema.graphql:1: type Workspace {"
    before = (project / "graphql" / "ops.graphql").read_bytes()
    assert run("rewrite", ".", cwd=project).returncode == 0
    assert (project / "graphql" / "ops.graphql").read_bytes() == before  # never rewritten
    # One file given alone still sees its project's SDL.
    _, verdicts, _ = check(project, "graphql/ops.graphql")
    assert [d["houston"] for d in verdicts["graphql/ops.graphql"]] == [False]


def test_f4_a_houston_schema_kept_in_the_project_is_not_evidence_against(tmp_path):
    root = files(tmp_path, {
        ".git/HEAD": "x\n",
        "houston_schema.graphql": SDL,  # named for Houston: downloaded from it
        "schema.graphql": "type Query { workspace(workspaceUuid: Uuid!): Workspace }\n",  # declares Houston's own argument
        "ops.graphql": OPS,
    })
    _, verdicts, _ = check(root)
    assert [d["houston"] for d in verdicts["ops.graphql"]] == [True]


def test_f4_the_cached_verdict_follows_the_projects_sdl(tmp_path):
    root = files(tmp_path, {".git/HEAD": "x\n", "ops.graphql": OPS})
    env_home = tmp_path / "cache-home"

    def cached_check():
        import os

        env = dict(os.environ, XDG_CACHE_HOME=str(env_home))
        completed = subprocess.run([CLI, "check", "--format", "json", "."], capture_output=True, text=True, cwd=root, env=env, timeout=180)
        return [d["houston"] for d in json.loads(completed.stdout)["documents"] if d["path"].endswith("ops.graphql")]

    assert cached_check() == [True]
    (root / "schema.graphql").write_text(SDL)
    assert cached_check() == [False]  # same bytes of ops.graphql, another answer: the SDL is in the key


SGQLC = '''from sgqlc.endpoint.http import HTTPEndpoint
from sgqlc.operation import Operation
from acme_platform_schema import acme_platform_schema as schema

endpoint = HTTPEndpoint("https://platform.acme.io/graphql", {"Authorization": "Bearer x"})

def create(name):
    op = Operation(schema.Mutation)
    d = op.create_deployment(name=name, airflow_version="2.7.1")
    d.id()
    return endpoint(op)
'''
SGQLC_HOUSTON = SGQLC.replace("https://platform.acme.io/graphql", "https://houston.example.com/v1").replace(
    "from acme_platform_schema import acme_platform_schema as schema", "from client.houston_schema import houston_schema as schema"
)
SGQLC_URL_NAME = SGQLC.replace('HTTPEndpoint("https://platform.acme.io/graphql"', 'HTTPEndpoint(URL').replace(
    "endpoint =", 'URL = "https://api.monday.com/v2"\nendpoint ='
)


def test_f12_sgqlc_operations_follow_the_destination_verdict(tmp_path):
    root = files(tmp_path, {"acme.py": SGQLC, "houston.py": SGQLC_HOUSTON, "by_name.py": SGQLC_URL_NAME})
    completed, _, findings = check(root)
    assert "acme.py" not in findings and "by_name.py" not in findings
    assert [f["code"] for f in findings["houston.py"]] == ["review-sgqlc-operation"]


DJANGO = '''import json
from django.test import TestCase
from django.urls import reverse

class DeploymentTests(TestCase):
    def test_create(self):
        q = """
        mutation {
          createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4") { id airflowVersion }
        }
        """
        resp = self.client.post(reverse("graphql"), data=json.dumps({"query": q}), content_type="application/json")
'''
FASTAPI = '''from fastapi.testclient import TestClient
from app.main import app

client = TestClient(app)

def test_deploy():
    r = client.post("/api/v1", json={"query": 'mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3") { id } }'})
'''
FLASK = '''from myapp import app

def test_deploy():
    r = app.test_client().post("/v1", json={"query": 'mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3") { id } }'})
'''
DJANGO_SELF_CLIENT = '''from django.test import TestCase

class T(TestCase):
    def test_it(self):
        self.client.post("/api/v1", {"query": 'mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3") { id } }'})
'''
# A real client with a base URL posts a relative path too: not a test client.
HTTPX_BASE = '''import httpx
client = httpx.Client(base_url="https://houston.example.com")
client.post("/v1", json={"query": 'mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3") { id } }'})
'''


def test_f13_test_clients_of_the_projects_own_server_are_evidence_against(tmp_path):
    root = files(tmp_path, {
        "test_django.py": DJANGO, "test_fastapi.py": FASTAPI, "test_flask.py": FLASK,
        "test_self_client.py": DJANGO_SELF_CLIENT, "real_client.py": HTTPX_BASE,
    })
    completed, verdicts, findings = check(root)
    for name in ("test_django.py", "test_fastapi.py", "test_flask.py", "test_self_client.py"):
        assert [d["houston"] for d in verdicts[name]] == [False], (name, verdicts[name])
        assert name not in findings
    assert any("reverse(...)" in e for e in verdicts["test_django.py"][0]["evidence"])
    assert any("TestClient(...).post('/api/v1')" in e for e in verdicts["test_fastapi.py"][0]["evidence"])
    assert any("test_client(...).post('/v1')" in e for e in verdicts["test_flask.py"][0]["evidence"])
    assert [d["houston"] for d in verdicts["real_client.py"]] == [True]
    assert [f["code"] for f in findings["real_client.py"] if f["code"].startswith("migrate-")] == ["migrate-update-deployment-runtime"]
