"""Red team 20, report 12 (f1, f2, f4, f9, f11, f14): a send whose URL (or body) reaches the call through
a table, a record, a loop over a module list or a helper's parameter, and a test's copy of another API's
document.

The rule (codemods/destination): the URL a send posts to is read wherever the module writes it.

* f1 / f11: ``requests.post(CMDB_URLS[env], ...)``, a module dict indexed with a run-time key, stands for
  every value written in it (``container_urls``): all another API's, against Houston; all Houston's
  (``HOUSTON_URLS[env]`` of per-installation ``/v1`` URLs), for; mixed, undecided.  Old code: the CMDB
  mutation was Houston's and rewritten; the Houston documents were undecided beside a GitHub send.
  A tuple read from such a table, ``url, q = JOBS[name]`` with ``JOBS = {"list": (HOUSTON_URL, LIST),
  "record": (CMDB_URL, RECORD)}``, pairs each document with its own row's URL (``loop_values``).
* f2: ``CMDB.url`` of ``SimpleNamespace(url=...)`` / a ``NamedTuple`` / a ``namedtuple``, and ``m["url"]``
  in ``for m in MIRRORS`` over a module list of dicts: the field's values (``container_urls``).
* f4: ``def post(url, payload): requests.post(url, json=payload)`` called as ``post(CMDB_URL, {"query":
  RECORD, ...})``: the document is in the body argument, the URL the argument at the helper's url
  parameter (``body_helpers``).  Old code: the CMDB mutation was Houston's and its argument rewritten.
* f14: a test comparing its ``EXPECTED`` copy with what a ``responses`` mock of the CMDB's URL captured:
  the file mocks only another API, context against (``mocked_urls``).  Old code: the copy was rewritten.
* f9: a gql client made by a factory (``cmdb_client().execute(gql(RECORD))``): its own send is traced,
  never described as "the file also sends to CMDB_URL (line 21)".

Controls (recall): a Houston document sent through the same shapes to Houston's URL stays Houston's and
is migrated; a test file mocking Houston's URL keeps its Houston document; a helper picking
``ENDPOINTS[name]`` by a written key still takes that entry only.
"""

import json
from pathlib import Path

from trust_cli import run_cli

_LIST = '''
LIST = """
query List($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName label } }
"""
'''

_RECORD = '''
RECORD = """
mutation Record($releaseName: String!, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, airflowVersion: $airflowVersion) { id }
}
"""
'''

_HOUSTON_SEND = '''

def list_deployments(ws):
    r = requests.post(HOUSTON_URL, json={"query": LIST, "variables": {"ws": ws}}, headers=HEADERS)
    return r.json()["data"]["workspaceDeployments"]
'''

_HEAD = '''import os
from collections import namedtuple
from types import SimpleNamespace
from typing import NamedTuple

import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
HEADERS = {"authorization": os.environ["HOUSTON_API_TOKEN"]}
''' + _LIST + _RECORD + _HOUSTON_SEND

PRECISION = {
    "f1_dict.py": _HEAD + '''
CMDB_URLS = {
    "prod": "https://cmdb.acme-corp.net/api",
    "staging": "https://cmdb.staging.acme-corp.net/api",
}


def record(dep, version, env="prod"):
    requests.post(CMDB_URLS[env], json={"query": RECORD,
                  "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}})
''',
    "f1_nested.py": _HEAD + '''
TARGETS = {
    "prod": {"url": "https://cmdb.acme-corp.net/api", "key": "p"},
    "dr": {"url": "https://cmdb-dr.acme-corp.net/api", "key": "d"},
}


def record(dep, version, env):
    requests.post(TARGETS[env]["url"], json={"query": RECORD,
                  "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}})
''',
    "f1_template.py": _HEAD + '''
URL_TEMPLATE = "https://{service}.acme-corp.net/api"


def record(d):
    requests.post(URL_TEMPLATE.format(service="cmdb"), json={"query": RECORD,
                  "variables": {"releaseName": d["releaseName"], "airflowVersion": d["airflowVersion"]}})
''',
    "f1_jobs.py": _HEAD + '''
CMDB_URL = "https://cmdb.acme-corp.net/api"
UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""
JOBS = {"upgrade": (HOUSTON_URL, UPGRADE), "record": (CMDB_URL, RECORD)}


def run(name, variables):
    url, q = JOBS[name]
    return requests.post(url, json={"query": q, "variables": variables}).json()
''',
    "f2_namespace.py": _HEAD + '''
CMDB = SimpleNamespace(url="https://cmdb.acme-corp.net/api", key=os.environ.get("CMDB_KEY"))


def record(dep, version):
    requests.post(CMDB.url, json={"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}},
                  headers={"x-api-key": CMDB.key})
''',
    "f2_namedtuple.py": _HEAD + '''

class Api(NamedTuple):
    url: str
    key: str


CMDB = Api("https://cmdb.acme-corp.net/api", "k")


def record(dep, version):
    requests.post(CMDB.url, json={"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}})
''',
    "f2_collections.py": _HEAD + '''
Endpoint = namedtuple("Endpoint", "url key")
CMDB = Endpoint(url="https://cmdb.acme-corp.net/api", key="k")


def record(dep, version):
    requests.post(CMDB.url, json={"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}})
''',
    "f2_loop.py": _HEAD + '''
MIRRORS = [
    {"name": "primary", "url": "https://cmdb.acme-corp.net/api"},
    {"name": "dr", "url": "https://cmdb-dr.acme-corp.net/api"},
]


def record(dep, version):
    for m in MIRRORS:
        requests.post(m["url"], json={"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": version}})
''',
    "f4_body.py": '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
''' + _LIST + _RECORD + '''

def post(url, payload, headers=None):
    resp = requests.post(url, json=payload, headers=headers or {}, timeout=30)
    resp.raise_for_status()
    return resp.json()["data"]


def list_deployments(ws):
    return post(HOUSTON_URL, {"query": LIST, "variables": {"ws": ws}},
                {"authorization": os.environ["HOUSTON_API_TOKEN"]})["workspaceDeployments"]


def record(release, version):
    post(CMDB_URL, {"query": RECORD, "variables": {"releaseName": release, "airflowVersion": version}})
''',
    "f4_body_keyword.py": '''import json
import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
''' + _LIST + _RECORD + '''

def send(body, endpoint):
    return requests.post(endpoint, data=json.dumps(body)).json()


def list_deployments(ws):
    return send({"query": LIST, "variables": {"ws": ws}}, HOUSTON_URL)


def record(release, version):
    send(endpoint=CMDB_URL, body={"query": RECORD, "variables": {"releaseName": release, "airflowVersion": version}})
''',
}

RECALL = {
    "r11_houston_dict.py": '''"""Upgrade every Deployment of a workspace, then note it on the GitHub release."""
import os
import sys
import requests

HOUSTON_URLS = {
    "prod": "https://houston.astro.acme.com/v1",
    "dev": "https://houston.astro-dev.acme.com/v1",
}
GITHUB_GRAPHQL = "https://api.github.com/graphql"

LIST = """
query List($ws: Uuid!) { workspaceDeploymnts(workspaceUuid: $ws) { id releaseName } }
"""

UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""

NOTE = """
mutation Note($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }
"""


def run_query(env, query, variables):
    r = requests.post(HOUSTON_URLS[env], json={"query": query, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


def main(env, ws, issue_id):
    for dep in run_query(env, LIST, {"ws": ws})["workspaceDeployments"]:
        run_query(env, UPGRADE, {"id": dep["id"]})
    requests.post(GITHUB_GRAPHQL, json={"query": NOTE, "variables": {"id": issue_id, "body": f"upgraded {ws}"}},
                  headers={"Authorization": f"bearer {os.environ['GITHUB_TOKEN']}"})


if __name__ == "__main__":
    main(*sys.argv[1:4])
''',
    "r4_body_houston.py": '''import os
import requests

HOUSTON_URL = "https://houston.astro.acme.com/v1"
GITHUB_GRAPHQL = "https://api.github.com/graphql"

UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""

NOTE = """
mutation Note($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }
"""


def post(url, payload):
    return requests.post(url, json=payload, timeout=30).json()


def upgrade(dep_id, issue_id):
    post(HOUSTON_URL, {"query": UPGRADE, "variables": {"id": dep_id}})
    post(GITHUB_GRAPHQL, {"query": NOTE, "variables": {"id": issue_id, "body": "upgraded"}})
''',
    "r2_houston_namespace.py": '''import os
from types import SimpleNamespace
import requests

HOUSTON = SimpleNamespace(url="https://houston.astro.acme.com/v1", token=os.environ.get("TOKEN"))
GITHUB_GRAPHQL = "https://api.github.com/graphql"

UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""

NOTE = """
mutation Note($id: ID!, $body: String!) { addComment(input: {subjectId: $id, body: $body}) { clientMutationId } }
"""


def upgrade(dep_id, issue_id):
    requests.post(HOUSTON.url, json={"query": UPGRADE, "variables": {"id": dep_id}})
    requests.post(GITHUB_GRAPHQL, json={"query": NOTE, "variables": {"id": issue_id, "body": "upgraded"}})
''',
}

MIXED = {
    "m1_mixed_dict.py": '''import requests

URLS = {
    "houston": "https://houston.astro.acme.com/v1",
    "cmdb": "https://cmdb.acme-corp.net/api",
}
''' + _RECORD + '''

def record(env, version):
    requests.post(URLS[env], json={"query": RECORD, "variables": {"releaseName": "r", "airflowVersion": version}})
''',
}

PICKED = {
    "p_picked.py": '''import os
import requests

ENDPOINTS = {"houston": os.environ["HOUSTON_URL"], "catalog": "https://catalog.acme-corp.net/graphql"}
LIST = "query List($ws: Uuid!) { workspaceDeployments(workspaceUuid: $ws) { id releaseName label } }"
CAT = "query Cat { deployments { id releaseName airflowVersion } }"


def post_graphql(name, q):
    return requests.post(ENDPOINTS[name], json={"query": q})


post_graphql("houston", LIST)
post_graphql("catalog", CAT)
''',
}

F14 = {
    "sync.py": '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
''' + _RECORD + '''

def record(dep):
    requests.post(CMDB_URL, json={"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": dep["airflowVersion"]}})
''',
    "tests/test_sync.py": '''import json
import responses

import sync

EXPECTED = """
mutation Record($releaseName: String!, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, airflowVersion: $airflowVersion) { id }
}
"""


@responses.activate
def test_record_sends_the_mutation():
    responses.add(responses.POST, "https://cmdb.acme-corp.net/api", json={"data": {"upsertDeployment": {"id": "d"}}})
    sync.record({"releaseName": "r", "airflowVersion": "2.3.4-11"})
    assert json.loads(responses.calls[0].request.body)["query"] == EXPECTED
''',
    "houston_tests/test_houston.py": '''import json
import responses

UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""


@responses.activate
def test_upgrade_sends_the_mutation():
    responses.add(responses.POST, "https://houston.astro.acme.com/v1", json={"data": {}})
    assert json.loads(responses.calls[0].request.body)["query"] == UPGRADE
''',
}

F9 = {
    "f9_factory.py": '''import os
import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
''' + _LIST + _RECORD + '''

def cmdb_client():
    return Client(transport=RequestsHTTPTransport(url=CMDB_URL))


def record(dep, version):
    requests.post(HOUSTON_URL, json={"query": LIST, "variables": {"ws": "x"}}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    cmdb_client().execute(gql(RECORD), variable_values={"releaseName": dep["releaseName"], "airflowVersion": version})
''',
}


F9_TABLE = {
    "f9_table.py": '''import os
import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"
''' + _LIST + _RECORD + '''
FACTORIES = {"cmdb": lambda: Client(transport=RequestsHTTPTransport(url=CMDB_URL))}


def record(dep, version, name="cmdb"):
    requests.post(HOUSTON_URL, json={"query": LIST, "variables": {"ws": "x"}}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    FACTORIES[name]().execute(gql(RECORD), variable_values={"releaseName": dep["releaseName"], "airflowVersion": version})
''',
}


def _write(root: Path, files: dict) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _check(root: Path):
    completed = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    verdicts = {}
    for document in json.loads(completed.stdout)["documents"]:
        verdicts.setdefault(Path(document["path"]).as_posix(), {})[document["operations"][0]] = document
    return completed, verdicts


def test_a_url_read_from_a_table_or_record_or_a_body_helper_is_traced(tmp_path):
    _write(tmp_path, {**PRECISION, **RECALL, **MIXED, **PICKED})
    _completed, verdicts = _check(tmp_path)
    wrong = {}
    for path in PRECISION:
        record = verdicts.get(path, {}).get("Record")
        if record is None or record["houston"] is not False:
            wrong[path] = record and record["evidence"]
        listing = verdicts.get(path, {}).get("List")
        if listing is None or listing["houston"] is not True:  # the plain Houston send beside it
            wrong[path + ":List"] = listing and listing["evidence"]
    for path in RECALL:
        upgrade = verdicts.get(path, {}).get("Upgrade")
        if upgrade is None or upgrade["houston"] is not True:
            wrong[path] = upgrade and upgrade["evidence"]
        note = verdicts.get(path, {}).get("Note")
        if note is None or note["houston"] is not False:
            wrong[path + ":Note"] = note and note["evidence"]
    mixed = verdicts["m1_mixed_dict.py"]["Record"]
    if mixed["houston"] is not None:  # Houston's URL and another API's in one table: not ours to guess
        wrong["m1_mixed_dict.py"] = mixed["evidence"]
    if verdicts["p_picked.py"]["List"]["houston"] is not True or verdicts["p_picked.py"]["Cat"]["houston"] is not False:
        wrong["p_picked.py"] = [verdicts["p_picked.py"]["List"]["evidence"], verdicts["p_picked.py"]["Cat"]["evidence"]]
    assert not wrong, json.dumps(wrong, indent=1)
    assert verdicts["r11_houston_dict.py"]["List"]["houston"] is True
    # url, q = JOBS[name]: each row's document takes its own row's URL (Houston's row stays Houston's)
    assert verdicts["f1_jobs.py"]["Upgrade"]["houston"] is True, verdicts["f1_jobs.py"]["Upgrade"]["evidence"]
    said = " ".join(verdicts["f1_dict.py"]["Record"]["evidence"])
    assert "CMDB_URLS[env]" in said and "cmdb.acme-corp.net" in said, said


def test_the_other_apis_mutation_is_left_and_houstons_is_migrated(tmp_path):
    files = {name: PRECISION[name] for name in ("f1_dict.py", "f2_namespace.py", "f2_loop.py", "f4_body.py")}
    files.update(RECALL)
    _write(tmp_path, files)
    completed = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.returncode == 1 and "workspaceDeploymnts" in completed.stdout, completed.stdout  # f11: the typo is reported
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    for name in ("f1_dict.py", "f2_namespace.py", "f2_loop.py", "f4_body.py"):
        assert (tmp_path / name).read_text(encoding="utf-8") == files[name], name
    for name in RECALL:
        after = (tmp_path / name).read_text(encoding="utf-8")
        assert "updateDeploymentRuntime" in after and "addComment" in after, (name, after)


def test_a_tests_copy_of_a_mocked_apis_document_is_that_apis(tmp_path):
    _write(tmp_path, F14)
    _completed, verdicts = _check(tmp_path)
    expected = verdicts["tests/test_sync.py"]["Record"]
    assert expected["houston"] is False, expected["evidence"]
    assert any("cmdb.acme-corp.net" in line for line in expected["evidence"]), expected["evidence"]
    houston = verdicts["houston_tests/test_houston.py"]["Upgrade"]
    assert houston["houston"] is True, houston["evidence"]  # a mock of Houston's URL: its copy stays Houston's
    completed = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert (tmp_path / "tests/test_sync.py").read_text(encoding="utf-8") == F14["tests/test_sync.py"]
    assert (tmp_path / "sync.py").read_text(encoding="utf-8") == F14["sync.py"]


def test_a_factory_made_clients_send_is_its_own(tmp_path):
    _write(tmp_path, F9)
    _completed, verdicts = _check(tmp_path)
    record = verdicts["f9_factory.py"]["Record"]
    said = " ".join(record["evidence"])
    assert "the file also sends to CMDB_URL" not in said, said
    assert record["houston"] is False, said


def test_a_client_the_file_builds_is_not_said_to_be_another_send(tmp_path):
    """f9's class: the document's client is not traced (a factory in a table); the client the file builds
    for CMDB_URL may be its own, so it is said as such, never as "the file also sends to" (still undecided)."""
    _write(tmp_path, F9_TABLE)
    _completed, verdicts = _check(tmp_path)
    record = verdicts["f9_table.py"]["Record"]
    said = " ".join(record["evidence"])
    assert record["houston"] is not True, said
    assert "the file also sends to CMDB_URL" not in said and "builds a client for CMDB_URL" in said, said
