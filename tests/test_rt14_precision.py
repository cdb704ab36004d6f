"""Issue 12 precision, red team pass 13 (report 12: F6, F11, F12, F13, F19) and pass 12 (F9, F10).

Each scenario is one run of the installed ``houston-codemod`` over a small project
(``tests/verdicts_cli.py``), asserting the verdicts, their evidence and the findings.
"""

from pathlib import Path

from verdicts_cli import at, check, run, write

# F19: a fragment constant composed into a Houston document and into another API's.
SHARED_PART = '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
INVENTORY = "https://inventory.acme-corp.net/api"

FRAG = """
fragment D on Deployment { id label airflowVersion }
"""
H_Q = """
query Deps { deployments { ...D } }
"""
INV_Q = """
query Inv { deployments(env: "prod") { ...D } }
"""


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


def inventory(q):
    return requests.post(INVENTORY, json={"query": q}).json()


houston(H_Q + FRAG)
inventory(INV_Q + FRAG)
'''

# The same part composed only into Houston documents is still aliased (the rule F19 must not overreach).
HOUSTON_ONLY_PART = SHARED_PART.replace("inventory(INV_Q + FRAG)", "houston(H_Q + FRAG)")


def test_f19_a_part_of_a_houston_and_another_apis_document_is_held_never_edited(tmp_path: Path):
    write(tmp_path, {"m.py": SHARED_PART})
    _completed, verdicts, findings = check(tmp_path)
    part = at(verdicts, "m.py", 7)
    assert part["houston"] is None, part
    assert any("line 26" in e and "line 27" in e and "held" in e for e in part["evidence"]), part["evidence"]
    assert at(verdicts, "m.py", 26)["houston"] is True
    assert at(verdicts, "m.py", 27)["houston"] is False
    reviews = [f for f in findings if f["code"].startswith("review-") and f["line"] == 8]
    assert reviews and all("sent elsewhere on line 27" in f["message"] for f in reviews), findings
    before = (tmp_path / "m.py").read_text()
    completed = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    assert (tmp_path / "m.py").read_text() == before  # the inventory request is not changed
    assert "runtimeAirflowVersion" not in before


def test_f19_a_part_of_houston_documents_only_is_still_migrated(tmp_path: Path):
    write(tmp_path, {"m.py": HOUSTON_ONLY_PART})
    _completed, verdicts, _findings = check(tmp_path)
    assert at(verdicts, "m.py", 7)["houston"] is True
    completed = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    assert "airflowVersion: runtimeAirflowVersion" in (tmp_path / "m.py").read_text()


# F12: a helper choosing its URL from a dict by a name argument; a key is never a URL.
PICKED_BY_NAME = '''import requests

ENDPOINTS = {"houston": "https://houston.example.com/v1", "catalog": "https://catalog.acme-corp.net/api"}


def post_graphql(name, query):
    return requests.post(ENDPOINTS[name], json={"query": query}).json()


post_graphql("houston", "query { workspaces { id labell } }")
post_graphql("catalog", 'query { deployments(env: "prod") { id name } }')
'''
KEYS_SWAPPED = '''import requests

ENDPOINTS = {"houston": "https://catalog.acme-corp.net/api", "catalog": "https://houston.example.com/v1"}


def post_graphql(name, query):
    return requests.post(ENDPOINTS[name], json={"query": query}).json()


post_graphql("houston", 'query { deployments(env: "prod") { id name } }')
'''
PICKED_FROM_ARGUMENT = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"
CATALOG = "https://catalog.acme-corp.net/api"


def post_graphql(query, target):
    return requests.post(target["url"], json={"query": query}).json()


post_graphql("query { workspaces { id labell } }", {"url": HOUSTON_URL})
post_graphql('query { deployments(env: "prod") { id name } }', {"url": CATALOG})
'''


def test_f12_the_dict_entry_a_call_picks_is_its_url_never_the_key(tmp_path: Path):
    write(tmp_path, {"k3/m.py": PICKED_BY_NAME, "k4/m.py": KEYS_SWAPPED, "k2/m.py": PICKED_FROM_ARGUMENT,
                     "k5/m.py": PICKED_BY_NAME.replace("ENDPOINTS[name]", "ENDPOINTS.get(name)")})
    _completed, verdicts, findings = check(tmp_path)
    houston, catalog = at(verdicts, "k3/m.py", 10), at(verdicts, "k3/m.py", 11)
    assert houston["houston"] is True and catalog["houston"] is False, (houston, catalog)
    assert any("houston.example.com/v1" in e for e in houston["evidence"]), houston["evidence"]
    for document in (houston, catalog):  # the key "houston" is never shown as a URL
        assert not any('url "houston"' in e for e in document["evidence"]), document["evidence"]
    assert any("catalog.acme-corp.net" in e for e in catalog["evidence"]), catalog["evidence"]
    swapped = at(verdicts, "k4/m.py", 10)
    assert swapped["houston"] is False, swapped
    assert any("catalog.acme-corp.net" in e for e in swapped["evidence"]), swapped["evidence"]
    assert at(verdicts, "k5/m.py", 10)["houston"] is True and at(verdicts, "k5/m.py", 11)["houston"] is False
    assert at(verdicts, "k2/m.py", 11)["houston"] is True
    assert at(verdicts, "k2/m.py", 12)["houston"] is False
    errors = {(Path(f["path"]).as_posix(), f["line"]) for f in findings if f["severity"] == "error"}
    assert not {("k3/m.py", 11), ("k4/m.py", 10), ("k2/m.py", 12), ("k5/m.py", 11)} & errors, errors
    assert ("k3/m.py", 10) in errors  # the Houston document is still checked: labell is a typo


# F13: in-process test clients kept on ``self`` under any name.
MUTATION = '''Q = """
mutation {
  createDeployment(workspaceUuid: "w", label: "etl", type: "airflow", airflowVersion: "2.3.4") { id }
}
"""
'''
STARLETTE_SELF_HTTP = '''import unittest
from starlette.testclient import TestClient
from myservice.app import create_app

''' + MUTATION + '''

class DeploymentAPITest(unittest.TestCase):
    def setUp(self):
        self.http = TestClient(create_app())

    def test_create(self):
        r = self.http.post("/v1", json={"query": Q})
        self.assertEqual(r.status_code, 200)
'''
DRF_SELF_API = '''from rest_framework.test import APITestCase, APIClient

''' + MUTATION + '''

class DeploymentAPITest(APITestCase):
    def setUp(self):
        self.api = APIClient()

    def test_create(self):
        r = self.api.post("/v1/", {"query": Q}, format="json")
        self.assertEqual(r.status_code, 200)
'''
DJANGO_SELF_C = DRF_SELF_API.replace("from rest_framework.test import APITestCase, APIClient", "from django.test import TestCase as APITestCase, Client").replace(
    "self.api = APIClient()", "self.c = Client()").replace("self.api.post", "self.c.post")
# A real client kept on self, built with Houston's URL, is not a test client.
REAL_CLIENT_ON_SELF = '''import httpx

''' + MUTATION + '''

class Deployer:
    def __init__(self):
        self.http = httpx.Client(base_url="https://houston.example.com")

    def create(self):
        return self.http.post("/v1", json={"query": Q})
'''


def test_f13_a_test_client_kept_on_self_under_any_name_posts_in_process(tmp_path: Path):
    write(tmp_path, {"a3b/test_api.py": STARLETTE_SELF_HTTP, "a2b/test_api.py": DRF_SELF_API,
                     "c/test_api.py": DJANGO_SELF_C, "real/deployer.py": REAL_CLIENT_ON_SELF})
    _completed, verdicts, findings = check(tmp_path)
    for path, attribute in (("a3b/test_api.py", "self.http"), ("a2b/test_api.py", "self.api"), ("c/test_api.py", "self.c")):
        document = verdicts[path][0]
        assert document["houston"] is False, (path, document)
        assert any("test client" in e and attribute in e for e in document["evidence"]), (path, document["evidence"])
    assert verdicts["real/deployer.py"][0]["houston"] is True
    changed = {Path(f["path"]).parts[0] for f in findings if f["code"].startswith("migrate-")}
    assert changed == {"real"}, findings


# F6: documents sent through other APIs' official SDKs, beside a Houston helper.
SHOPIFY = '''import os
import requests
import shopify

HOUSTON_URL = os.environ["HOUSTON_URL"]


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def sync():
    session = shopify.Session("acme.myshopify.com", "2024-01", os.environ["SHOPIFY_TOKEN"])
    shopify.ShopifyResource.activate_session(session)
    users = shopify.GraphQL().execute("query { users(first: 5) { edges { node { id email } } } }")
    ws = houston("{ workspaces { id label } }")
    return users, ws
'''
PYGITHUB = '''import os
import requests
from github import Github, Auth

HOUSTON_URL = "https://houston.example.com/v1"
DEPLOYS = "query { deployments(first: 5) { nodes { id environment state } } }"


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


def main():
    g = Github(auth=Auth.Token(os.environ["GITHUB_TOKEN"]))
    headers, data = g.requester.graphql_query(DEPLOYS, {})
    return houston("{ workspaces { id } }"), data
'''


def test_f6_a_document_sent_by_another_apis_sdk_is_not_houstons(tmp_path: Path):
    write(tmp_path, {"s7/shop.py": SHOPIFY, "s9/gh.py": PYGITHUB})
    completed, verdicts, findings = check(tmp_path)
    shop, gh = at(verdicts, "s7/shop.py", 15), at(verdicts, "s9/gh.py", 6)
    assert shop["houston"] is False and any("Shopify" in e for e in shop["evidence"]), shop
    assert gh["houston"] is False and any("PyGithub" in e for e in gh["evidence"]), gh
    assert at(verdicts, "s7/shop.py", 16)["houston"] is True  # the Houston helper's own document still is
    assert at(verdicts, "s9/gh.py", 16)["houston"] is True
    assert not [f for f in findings if f["severity"] == "error"], findings
    assert completed.returncode == 0, completed.stdout[-2000:]


# pass 12, F9: a HOUSTON_ name meaning the city.
WEATHER = '''import os, requests
WEATHER_API = os.environ["WEATHER_API_URL"]
HOUSTON_FORECAST = """
query Forecast {
  forecast(city: "Houston", days: 3) { day high low }
}
"""
HOUSTON_DEPLOYMENTS = """
query Deps {
  deploymentz { id }
}
"""
def main():
    print(requests.post(WEATHER_API, json={"query": HOUSTON_FORECAST}).json())
'''


def test_pass12_f9_a_houston_name_counts_only_when_it_reads_like_houstons_api(tmp_path: Path):
    write(tmp_path, {"weather.py": WEATHER})
    _completed, verdicts, findings = check(tmp_path)
    forecast = at(verdicts, "weather.py", 3)
    assert forecast["houston"] is False, forecast
    assert not any(e == "name HOUSTON_FORECAST" for e in forecast["evidence"]), forecast["evidence"]
    assert any("HOUSTON_FORECAST" in e and "forecast" in e for e in forecast["evidence"]), forecast["evidence"]
    deployments = at(verdicts, "weather.py", 8)  # Houston's own words: still Houston's by its name, and checked
    assert deployments["houston"] is True and "name HOUSTON_DEPLOYMENTS" in deployments["evidence"], deployments
    assert {f["line"] for f in findings if f["severity"] == "error"} == {10}, findings


# pass 12, F10: an Airflow connection id naming houston.
AIRFLOW = '''import json
from airflow import DAG
from airflow.providers.http.operators.http import SimpleHttpOperator
from airflow.providers.http.hooks.http import HttpHook
Q = "query { deploymentz { id } }"
GH = "query { viewer { login } }"
with DAG("x") as dag:
    t = SimpleHttpOperator(task_id="q", http_conn_id="houston", endpoint="v1", method="POST", data=json.dumps({"query": Q}))
    g = SimpleHttpOperator(task_id="g", http_conn_id="github_api", endpoint="graphql", method="POST", data=json.dumps({"query": GH}))


def task():
    hook = HttpHook(method="POST", http_conn_id="houston_api")
    return hook.run("v1", data=json.dumps({"query": "{ workspacs { id } }"}))
'''


def test_pass12_f10_an_airflow_connection_id_naming_houston_is_weak_name_evidence(tmp_path: Path):
    write(tmp_path, {"dag.py": AIRFLOW})
    _completed, verdicts, findings = check(tmp_path)
    operator, github, hook = at(verdicts, "dag.py", 5), at(verdicts, "dag.py", 6), at(verdicts, "dag.py", 14)
    assert operator["houston"] is True, operator
    assert any("http_conn_id='houston'" in e for e in operator["evidence"]), operator["evidence"]
    assert github["houston"] is False, github
    assert hook["houston"] is True, hook
    assert any("http_conn_id='houston_api'" in e for e in hook["evidence"]), hook["evidence"]
    # the connection id is a name, not a Houston endpoint named in the file
    assert not any("endpoint named in the file" in e for d in verdicts["dag.py"] for e in d["evidence"]), verdicts
    assert {f["line"] for f in findings if f["severity"] == "error"} == {5, 14}, findings


# F11: a HOUSTON_* YAML flow mapping read only by yaml.safe_load.
HELM_VALUES = '''import json
import subprocess
import yaml

HOUSTON_CONFIG = "{deployments: {canUpsertDeploymentFromUI: true, configureDagDeployment: true}}"
HOUSTON_FLAGS = "{deployments {x}}"
HOUSTON_BROKEN = "{ deployments { id }"


def patch():
    values = yaml.safe_load(HOUSTON_CONFIG)
    flags = json.loads(HOUSTON_FLAGS)
    subprocess.run(["helm", "upgrade", "astronomer", "--set-json", "astronomer.houston.config=" + str(values), str(flags)])
    print(HOUSTON_BROKEN)
'''


def test_f11_a_houston_string_read_only_by_a_data_parser_is_data(tmp_path: Path):
    write(tmp_path, {"cfg.py": HELM_VALUES})
    completed, verdicts, findings = check(tmp_path)
    errors = {f["line"] for f in findings if f["code"] == "graphql-syntax"}
    assert errors == {7}, findings  # a HOUSTON_ document printed (not parsed as data) is still reported
    assert all(d["houston"] is not True for d in verdicts.get("cfg.py", []) if d["line"] in (5, 6)), verdicts
    assert completed.returncode == 1
