"""Red team 22, report 12 ("Houston or not"): file context evidence that is no endpoint.

* f5: a guard ``if not os.environ.get("HOUSTON_URL"): sys.exit(...)`` was "Houston endpoint named in the
  file", so a user directory's document was Houston's (3 false errors); a presence test is no endpoint;
* f6: ``https://houston-dc1.inventory.acme.net/v1`` and ``https://houston-tx.weather.example.org/v1`` were
  Houston's host (decisive): only the label ``houston`` is (or a release's in-cluster ``astronomer-houston``);
* f8: a document of two operations, one of Houston-only vocabulary and one with a stray argument, was
  "not Houston" on the stray argument alone, the Houston evidence dropped: both are said, and a stray
  argument in Houston's own words (``deployments(workspaceId:)``) is an error of a Houston document;
* f12: a Celery task name ``"houston.tasks.sync_users"``, a Redis DSN ``redis://houston.cache.internal``
  and a bucket ``s3://houston-data/`` were Houston endpoints named in the file (10 false errors, and
  rewrite edited a registry's mutation);
* f13: ``HttpHook(http_conn_id="houston_weather").run(endpoint="v1", json=...)`` read the connection id as
  the hook's URL ("setting houston_weather", decisive): the id is weak, as the README says.

Each tree is checked with one ``check --format json`` run of the installed CLI (``TRUST_CLI_UNDER_TEST``
points it at another install); the controls are the same shapes that do go to Houston.
"""

import json
from pathlib import Path

from trust_cli import run_cli

_USERS = '''
USERS = """
query TeamMembers($team: String!) {
  users(team: $team) { id name email }
}
"""
'''

_TYPO = '''
LIST = """
query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id lable releaseName }
}
"""
'''

NOT_HOUSTON = {
    # f5: a guard and astro's argv are the file's only Houston mentions
    "guard.py": '''"""Log in with the astro CLI, then list the people to invite from our directory."""
import os
import subprocess
import sys

import requests
''' + _USERS + '''

def main():
    if not os.environ.get("HOUSTON_URL"):
        sys.exit("set the Astronomer base domain first")
    subprocess.run(["astro", "login", os.environ["HOUSTON_URL"]], check=True)
    return requests.post(os.environ["DIRECTORY_URL"], json={"query": USERS, "variables": {"team": "data"}}).json()
''',
    "guard_is_none.py": '''import os

import requests
''' + _USERS + '''
if os.getenv("HOUSTON_API_URL") is None or not os.environ.get("HOUSTON_URL", ""):
    raise SystemExit(2)
assert os.environ.get("HOUSTON_ENDPOINT"), "no endpoint"
requests.post(os.environ["DIRECTORY_URL"], json={"query": USERS, "variables": {"team": "data"}})
''',
    # f6: a first label holding the word is not Houston's host
    "racks.py": '''import os

import requests

SITES = {"houston": "https://houston-dc1.inventory.acme.net/v1"}
RACKS = """
query Racks {
  racks(status: IN_SERVICE) { id name freeUnits }
}
"""
for site, url in SITES.items():
    requests.post(url, json={"query": RACKS}, headers={"x-api-key": os.environ["INVENTORY_KEY"]})
''',
    "weather.py": '''import requests

URL = "https://houston-tx.weather.example.org/v1"
FORECAST = """
query { forecast(days: 3) { date high low } }
"""
print(requests.post(URL, json={"query": FORECAST}).json())
''',
    # f12: a task name, a DSN, a bucket
    "tasks.py": '''import requests
from celery import shared_task
''' + _USERS + '''

@shared_task(name="houston.tasks.sync_users")
def sync_users(directory_url, team):
    return requests.post(directory_url, json={"query": USERS, "variables": {"team": team}}).json()
''',
    "cache.py": '''import requests

REDIS_URL = "redis://houston.cache.internal:6379/0"
DATABASE_URL = "postgres://houston.db.internal/hr"
''' + _USERS + '''

def fetch(directory_url, team):
    return requests.post(directory_url, json={"query": USERS, "variables": {"team": team}}).json()
''',
    "export.py": '''import requests

EXPORT_BUCKET = "s3://houston-data/exports/"
SETTINGS = "houston.settings.local"
APP = "houston.api.main:app"
''' + _USERS + '''

def fetch(directory_url, team):
    return requests.post(directory_url, json={"query": USERS, "variables": {"team": team}}).json()
''',
    # f13: a connection id naming Houston with other words is no URL
    "weather_dag.py": '''from datetime import datetime

from airflow import DAG
from airflow.decorators import task
from airflow.providers.http.hooks.http import HttpHook

FORECAST = """
query { forecast(days: 3) { date high low } }
"""

with DAG("houston_weather", start_date=datetime(2024, 1, 1), schedule="@daily"):
    @task
    def fetch():
        hook = HttpHook(method="POST", http_conn_id="houston_weather")
        return hook.run(endpoint="v1", json={"query": FORECAST}).json()

    fetch()
''',
}

HOUSTON = {
    # the guard's setting read for its value is Houston's endpoint
    "guarded_send.py": '''import os
import sys

import requests
''' + _TYPO + '''
if not os.environ.get("HOUSTON_URL"):
    sys.exit("set HOUSTON_URL")
requests.post(os.environ["HOUSTON_URL"], json={"query": LIST, "variables": {"ws": "x"}})
''',
    # the label houston itself, and a release's in-cluster service
    "exact_label.py": '''import requests
''' + _TYPO + '''
requests.post("https://houston.inventory.acme.net/v1", json={"query": LIST, "variables": {"ws": "x"}})
''',
    "in_cluster.py": '''import requests
''' + _TYPO + '''
requests.post("http://astronomer-houston.astronomer.svc.cluster.local:8871/v1", json={"query": LIST, "variables": {"ws": "x"}})
''',
    "in_cluster_port.py": '''import requests
''' + _TYPO + '''
requests.post("http://houston-api:8871/v1", json={"query": LIST, "variables": {"ws": "x"}})
''',
    # a host written without a scheme is still a Houston endpoint named in the file
    "quoted_host.py": '''import requests

HOST = "houston.astro.acme.com"
''' + _TYPO + '''

def deps(url):
    return requests.post(url, json={"query": LIST, "variables": {"ws": "x"}})
''',
}


def _check(root: Path, *extra):
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", *extra, ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    documents = {}
    for document in report["documents"]:
        documents.setdefault(Path(document["path"]).as_posix(), []).append(document)
    errors = {}
    for finding in report["findings"]:
        if finding.get("severity") == "error":
            errors.setdefault(Path(finding["path"]).as_posix(), []).append(finding["message"])
    return documents, errors, completed


def _write(root: Path, files: dict) -> None:
    for name, text in files.items():
        (root / name).write_text(text)


def test_mentions_that_are_no_endpoint_make_no_document_houstons(tmp_path):
    _write(tmp_path, NOT_HOUSTON)
    documents, errors, completed = _check(tmp_path)
    assert completed.returncode == 0, (errors, completed.stdout)
    assert not errors
    for name in NOT_HOUSTON:
        assert name in documents, name
        for document in documents[name]:
            assert document["houston"] is not True, (name, document)
            said = " ".join(document["evidence"])
            assert "Houston endpoint named in the file" not in said, (name, said)
            assert "setting houston_weather" not in said, (name, said)


def test_the_same_shapes_sending_to_houston_stay_houstons(tmp_path):
    _write(tmp_path, HOUSTON)
    documents, errors, completed = _check(tmp_path)
    for name in HOUSTON:
        assert [d["houston"] for d in documents[name]] == [True], (name, documents.get(name))
        assert any("lable" in message for message in errors.get(name, [])), (name, errors)


def test_a_celery_task_name_never_lets_rewrite_edit_a_registry_mutation(tmp_path):
    registry = tmp_path / "registry.py"
    text = '''import requests
from celery import shared_task

RECORD = """
mutation Record($name: String!) {
  createDeployment(name: $name, team: "data", airflowVersion: "2.3.4") { id }
}
"""


@shared_task(name="houston.tasks.record_deployment")
def record(registry_url, name):
    return requests.post(registry_url, json={"query": RECORD, "variables": {"name": name}}).json()
'''
    registry.write_text(text)
    completed = run_cli("rewrite", "--no-cache", "-j1", "registry.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert registry.read_text() == text


_OPERATIONS = '''# Operations our deploy tooling sends to Houston
mutation CreateDeployment($workspaceUuid: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $workspaceUuid, label: $label, type: "airflow", airflowVersion: "2.3.4-11") {
    id
    releaseName
  }
}

query Deployments($workspaceUuid: Uuid!) {
  deployments(ARGUMENT: $workspaceUuid) {
    id
    label
  }
}
'''


def test_houston_only_vocabulary_is_said_beside_another_operations_stray_argument(tmp_path):
    (tmp_path / "houston_ops.graphql").write_text(_OPERATIONS.replace("ARGUMENT", "workspaceId"))
    (tmp_path / "mixed_ops.graphql").write_text(_OPERATIONS.replace("ARGUMENT", "team"))
    (tmp_path / "mixed_ops.py").write_text('import os\nimport requests\n\nOPS = """\n' + _OPERATIONS.replace("ARGUMENT", "team")
                                           + '"""\nrequests.post(os.environ["API_URL"], json={"query": OPS, "operationName": "Deployments"})\n')
    documents, errors, completed = _check(tmp_path)
    # Houston's own word in the wrong place: a Houston document, its AC argument and stray argument reported
    assert [d["houston"] for d in documents["houston_ops.graphql"]] == [True], documents
    messages = " ".join(errors.get("houston_ops.graphql", []))
    assert "airflowVersion" in messages and "workspaceId" in messages, errors
    # another API's word: both sides said, undecided
    for name in ("mixed_ops.graphql", "mixed_ops.py"):
        [document] = documents[name]
        assert document["houston"] is None, (name, document)
        said = " ".join(document["evidence"])
        assert "Houston-only vocabulary: createDeployment" in said and "deployments(team)" in said, (name, said)
        assert name not in errors, errors
