"""Red team 8 destination findings (issue 12, "Houston or not"; 13-F10), through the installed CLI.

* F2/E3: the URL binding of the call that sends a document (the helper's own
  HTTP call) is gathered, shown, and weighed before the file's context.
* F5: test clients from pytest fixtures, ``with ... as c`` clients and httpx's
  in-process transports are local execution.
* F6: a whole URL whose host is not Houston's and whose path is not ``/v1``
  outweighs Houston-only vocabulary.
* F7: the project's SDL in a sibling folder, or named by a graphql-config /
  codegen file (local paths only), speaks against Houston for ``.graphql`` files.
* 13-F10: a Python document whose fields fit the project's own SDL, with no
  Houston URL or name, is not Houston's.
* E1/E2: the vocabulary line names the words that decided; local execution is
  listed once.

Each group is one ``check --format json`` run over a directory, read per file.
"""

import json
from pathlib import Path

from verdicts_cli import run, write


def check(root: Path, *extra):
    completed = run("check", *(extra or ("--no-cache",)), "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    verdicts = {}
    for document in json.loads(completed.stdout)["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), []).append(document)
    return completed, verdicts


MIXED = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"
SLACK_LIKE = os.environ["STATUS_API"]

def houston(q):
    return requests.post(HOUSTON, json={"query": q}).json()

def status(q):
    return requests.post(SLACK_LIKE, json={"query": q}).json()

houston("{ workspaces { id label } }")
status("mutation { createDeployment(workspaceUuid: \\"w\\", label: \\"x\\", airflowVersion: \\"2.3.4\\") { id } }")
'''
ASTRO_BINDING = '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
TARGET = os.environ["ASTRO_API_URL"]
LIST = "query Deps($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id label airflowVersion } }"
CREATE = "mutation { createDeployment(workspaceUuid: \\"w\\", label: \\"x\\", airflowVersion: \\"2.3.4\\") { id } }"

def read(q, v):
    return requests.post(HOUSTON_URL, json={"query": q, "variables": v}).json()

def send(q, v):
    return requests.post(TARGET, json={"query": q, "variables": v}).json()

read(LIST, {"ws": "w"})
send(CREATE, {})
'''
# One helper, its URL from a neutral variable, its token Houston's: Houston, as before.
TOKEN_ONLY = '''import os
import requests

API = os.environ["API_URL"]
Q = "mutation { createDeployment(workspaceUuid: \\"w\\", label: \\"x\\", airflowVersion: \\"2.3.4\\") { id } }"

def run(q):
    return requests.post(API, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()

run(Q)
'''
# Two helpers, the second's URL built on Houston's /v1 path: not told apart, still Houston.
TWO_HOUSTON = '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
BASE = os.environ["BASE"]
Q = "mutation { createDeployment(workspaceUuid: \\"w\\", label: \\"x\\", airflowVersion: \\"2.3.4\\") { id } }"

def one(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()

def two(q):
    return requests.post(BASE + "/v1", json={"query": q}).json()

two(Q)
'''


def test_f2_e3_the_calls_own_url_binding_weighs_before_file_context(tmp_path):
    write(tmp_path, {"mixed.py": MIXED, "astro.py": ASTRO_BINDING, "token.py": TOKEN_ONLY, "two.py": TWO_HOUSTON})
    completed, verdicts = check(tmp_path)
    houston_doc, status_doc = verdicts["mixed.py"]
    assert houston_doc["houston"] is True
    assert status_doc["houston"] is False, status_doc
    assert any(e.startswith('posted to SLACK_LIKE = os.environ["STATUS_API"] (call at line 14), not to the file\'s Houston endpoint (call at line 8)') for e in status_doc["evidence"]), status_doc
    listed, created = verdicts["astro.py"]
    assert listed["houston"] is True
    assert created["houston"] is False, created
    assert 'posted to TARGET = os.environ["ASTRO_API_URL"] (call at line 16): another API' in created["evidence"]
    [token] = verdicts["token.py"]
    assert token["houston"] is True, token
    assert 'posted to API = os.environ["API_URL"] (call at line 10)' in token["evidence"]  # E3: shown, weighs nothing
    [two] = verdicts["two.py"]
    assert two["houston"] is True, two
    # rewrite changes the Houston documents only
    diff = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path).stdout
    assert "+++ b/token.py" in diff and "+++ b/two.py" in diff
    assert "-status(" not in diff and "-CREATE" not in diff, diff  # the other API's documents are left alone
    assert "-LIST" in diff  # astro.py's Houston document is migrated


FLASK_FIXTURE = '''import pytest
from myservice import create_app

@pytest.fixture
def client():
    app = create_app()
    with app.test_client() as c:
        yield c

def test_deployments(client):
    r = client.post("/v1", json={"query": "{ deployments { id releaseName airflowVersion } }"})
    assert r.status_code == 200
'''
FASTAPI_FIXTURE = '''from fastapi.testclient import TestClient
from myservice.main import app
import pytest

@pytest.fixture
def client():
    return TestClient(app)

def test_deployments(client):
    r = client.post("/v1", json={"query": "{ deployments { id releaseName airflowVersion } }"})
    assert r.status_code == 200
'''
ASGI_TRANSPORT = '''import httpx
import pytest
from myservice.main import app

@pytest.mark.anyio
async def test_deployments():
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as ac:
        r = await ac.post("/v1", json={"query": "{ deployments { id releaseName airflowVersion } }"})
    assert r.status_code == 200
'''
# A fixture that builds a real client is no test client: the document stays Houston's.
REAL_FIXTURE = '''import os
import pytest
import requests

@pytest.fixture
def client():
    return requests.Session()

def test_deployments(client):
    r = client.post("https://houston.example.com/v1", json={"query": "{ deployments { id releaseName airflowVersion } }"})
'''


def test_f5_test_clients_from_fixtures_and_in_process_transports_are_local(tmp_path):
    write(tmp_path, {"t_flask.py": FLASK_FIXTURE, "t_fastapi.py": FASTAPI_FIXTURE, "t_async.py": ASGI_TRANSPORT, "t_real.py": REAL_FIXTURE})
    completed, verdicts = check(tmp_path)
    for name, words in (
        ("t_flask.py", "test client from fixture client(): test_client(...).post"),
        ("t_fastapi.py", "test client from fixture client(): TestClient(...).post"),
        ("t_async.py", "in-process client: AsyncClient(transport=ASGITransport(...)).post"),
    ):
        [document] = verdicts[name]
        assert document["houston"] is False, (name, document)
        assert any(e.startswith(words) for e in document["evidence"]), (name, document)
    [real] = verdicts["t_real.py"]
    assert real["houston"] is True, real
    assert "t_flask.py" not in run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path).stdout


INVENTORY = '''import requests
Q = "{ deployments { id releaseName airflowVersion } }"
requests.post("https://inventory.internal.example.com/api", json={"query": Q})
'''
GATEWAY = '''import requests
Q = "{ deployments { id releaseName airflowVersion } }"
requests.post("https://gateway.corp.example.com/astro/v1", json={"query": Q})
'''


def test_f6_a_known_non_houston_url_outweighs_weak_vocabulary(tmp_path):
    write(tmp_path, {"inventory.py": INVENTORY, "gateway.py": GATEWAY})
    completed, verdicts = check(tmp_path)
    [inventory] = verdicts["inventory.py"]
    assert inventory["houston"] is False, inventory
    assert "endpoint inventory.internal.example.com/api: neither Houston's host nor its /v1 path (call at line 3)" in inventory["evidence"]
    [gateway] = verdicts["gateway.py"]  # Houston behind a company's gateway keeps its /v1 path
    assert gateway["houston"] is True, gateway


SDL = "type Query { deployments: [Deployment!]! }\ntype Deployment { id: ID! releaseName: String! airflowVersion: String }\n"
OPERATION = "query AllDeployments {\n  deployments { id releaseName airflowVersion }\n}\n"


def test_f7_sdl_in_a_sibling_folder_or_named_by_a_config_is_the_projects(tmp_path):
    sibling, configured, remote = tmp_path / "sibling", tmp_path / "configured", tmp_path / "remote"
    for project in (sibling, configured, remote):
        (project / ".git").mkdir(parents=True)
    write(sibling, {
        "server/schema.graphql": SDL, "web/queries/deployments.graphql": OPERATION,
        # another folder's SDL speaks only for the documents that fit it: this one is Houston's
        "web/queries/workspaces.graphql": 'query { workspaceDeployments(workspaceUuid: "w") { id airflowVersion } }\n',
    })
    write(configured, {"backend/api.graphqls": SDL, "web/.graphqlrc.yml": "schema: ../backend/api.graphqls\ndocuments: q/*.graphql\n", "web/q/d.graphql": OPERATION})
    # A schema: URL is never fetched: no evidence, the operation stays Houston's.
    write(remote, {"codegen.yml": "schema: http://127.0.0.1:9/graphql\n", "q/d.graphql": OPERATION})
    completed, verdicts = check(sibling)
    [document] = verdicts["web/queries/deployments.graphql"]
    assert document["houston"] is False, document
    assert "fields fit the project's own SDL: server/schema.graphql" in document["evidence"]
    [houston] = verdicts["web/queries/workspaces.graphql"]
    assert houston["houston"] is True, houston
    # the run over the web/ folder alone still reads the config's schema (a path outside the run)
    completed = run("check", "--no-cache", "--format", "json", "web", cwd=configured)
    [document] = json.loads(completed.stdout)["documents"]
    assert document["houston"] is False, document
    assert "SDL type definitions in the project: backend/api.graphqls:1: type Query { (named by web/.graphqlrc.yml)" in document["evidence"]
    completed, verdicts = check(remote)
    [document] = verdicts["q/d.graphql"]
    assert document["houston"] is True, document
    # The SDL is part of the cache key: removing it changes the verdict on a warm run.
    cache = tmp_path / "cache"
    assert check(sibling, "--cache-dir", cache)[1]["web/queries/deployments.graphql"][0]["houston"] is False
    (sibling / "server" / "schema.graphql").unlink()
    assert check(sibling, "--cache-dir", cache)[1]["web/queries/deployments.graphql"][0]["houston"] is True


CLIENT = '''import os
import requests

API = os.environ["API_URL"]
Q = "{ deployments { id releaseName airflowVersion } }"
requests.post(API, json={"query": Q})
'''
HOUSTON_CLIENT = '''import os
import requests

Q = "{ deployments { id releaseName airflowVersion } }"
requests.post(os.environ["HOUSTON_URL"], json={"query": Q})
'''


def test_13_f10_a_python_client_of_the_projects_own_api_is_not_houston(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"server/schema.graphql": SDL, "client/api.py": CLIENT, "client/houston_sync.py": HOUSTON_CLIENT})
    cache = tmp_path / "cache"
    completed, verdicts = check(tmp_path, "--cache-dir", cache)
    [own] = verdicts["client/api.py"]
    assert own["houston"] is False, own
    assert "fields fit the project's own SDL: server/schema.graphql" in own["evidence"]
    [houston] = verdicts["client/houston_sync.py"]  # a Houston URL binding outranks the fit
    assert houston["houston"] is True, houston
    # The SDL's bytes are in the cache key: once the document no longer fits it, it is Houston's again.
    (tmp_path / "server" / "schema.graphql").write_text("type Query { ping: String }\n", encoding="utf-8")
    completed, verdicts = check(tmp_path, "--cache-dir", cache)
    assert verdicts["client/api.py"][0]["houston"] is True, verdicts["client/api.py"]


EXECUTED = '''from myapp.schema import schema
Q = "{ deployments { id releaseName airflowVersion } }"
schema.execute_sync(Q)
'''


def test_e1_e2_evidence_lines_name_what_decided_once(tmp_path):
    write(tmp_path, {"executed.py": EXECUTED, "inventory.py": INVENTORY})
    completed, verdicts = check(tmp_path)
    [executed] = verdicts["executed.py"]
    assert executed["houston"] is False
    assert [e for e in executed["evidence"] if e.startswith("executed locally")] == ["executed locally: schema.execute_sync (line 3)"]
    [inventory] = verdicts["inventory.py"]
    assert "Houston-only vocabulary: deployments { releaseName, airflowVersion }" in inventory["evidence"]
    explained = run("check", "--no-cache", "--explain", "executed.py", cwd=tmp_path)
    assert explained.stdout.count("executed locally") == 1, explained.stdout
    assert "- executed locally: schema.execute_sync (line 3) [strong]" in explained.stdout
