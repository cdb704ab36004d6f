"""Red team 18, report 12 (F7, F5, F6, F10, F16, F2): a ``/graphql`` path on a base URL known at run time.

Houston serves ``/v1``.  A document posted to ``f"{BASE}/graphql"`` with ``BASE = os.environ[...]``
goes to another API whatever the host is: the path is decisive against Houston, also when the send
is a helper's, the URL is bound to a name first, the path is joined by a base-URL client
(``httpx.Client(base_url=env).post("/graphql")``), sent by a ``requests.Session``, by gql's
``RequestsHTTPTransport(url=f"{API}/graphql")``, or written as Airflow's ``endpoint="graphql"``
(``SimpleHttpOperator``, ``HttpHook.run``: Airflow joins it with a slash).  Every file here also names
``HOUSTON_URL`` or ``HOUSTON_API_TOKEN`` (for something else), which alone made these documents
Houston's and reported their fields as errors.  The evidence says what the send is: an imported
client's ``/graphql`` is that client's host's path (F16), and a traced send that places nothing is
named, never called "not traced" (F2).

Two runs of the installed CLI: ``check --format json`` over one tree, ``rewrite --diff`` of an Airflow DAG.
"""

from verdicts_cli import at, check, run, write

HEAD = '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]  # for the astro login step, never posted to here
BASE = os.environ["API_BASE"]
'''

DOC = 'DOC = "query { deployments { id name } }"\n'  # Deployment.name: an error if taken for Houston's

CASES = {
    # F7: a helper posting to f"{BASE}/graphql"
    "helper.py": HEAD + DOC + '''

def api(q):
    return requests.post(f"{BASE}/graphql", json={"query": q}).json()


api(DOC)
''',
    # F7: the URL bound to a name first, then a helper
    "bound.py": HEAD + DOC + '''URL = f"{BASE}/api/graphql/"


def api(q):
    return requests.post(URL, json={"query": q}).json()


api(DOC)
''',
    # F7: Hasura's /v1/graphql by +
    "hasura.py": HEAD + DOC + '''

def api(q):
    return requests.post(BASE + "/v1/graphql", json={"query": q}).json()


api(DOC)
''',
    # F7: the path joined by urljoin (no leading slash), or after a %-placeholder, with a query string
    "joined.py": HEAD + DOC + '''from urllib.parse import urljoin


def api(q):
    return requests.post(urljoin(BASE, "graphql"), json={"query": q}).json()


api(DOC)
''',
    "percent.py": HEAD + DOC + '''

def api(q):
    return requests.post("%s/graphql?op=list" % BASE, json={"query": q}).json()


api(DOC)
''',
    # F7 (p32): a base-URL client joining "/graphql", in a helper
    "client_base.py": '''import os
import httpx

HOUSTON_API_TOKEN = os.environ.get("HOUSTON_API_TOKEN")
client = httpx.Client(base_url=os.environ["CATALOG_BASE_URL"], timeout=30)
DOC = "query { deployments { id name } }"


def api(q):
    return client.post("/graphql", json={"query": q}).json()


api(DOC)
''',
    # F7 (p32): a requests.Session posting BASE + "/graphql"
    "session.py": '''import os
import requests

HOUSTON_API_TOKEN = os.environ.get("HOUSTON_API_TOKEN")
session = requests.Session()
BASE = os.environ["CATALOG_BASE_URL"]
DOC = "query { deployments { id name } }"


def api(q):
    return session.post(BASE + "/graphql", json={"query": q}).json()


api(DOC)
''',
    # F10: gql's transport built with url=f"{API}/graphql"
    "transport.py": '''import os
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

HOUSTON_API_TOKEN = os.environ.get("HOUSTON_API_TOKEN")
API = os.environ["CATALOG_API"]
client = Client(transport=RequestsHTTPTransport(url=f"{API}/graphql"), fetch_schema_from_transport=False)
print(client.execute(gql("query { deployments { id name } }")))
''',
    # F6: HttpHook.run("graphql"), no leading slash
    "hook.py": '''import json, os
from airflow.providers.http.hooks.http import HttpHook

HOUSTON_URL = os.environ["HOUSTON_URL"]
Q = "query { deployments { id name env } }"


def fetch():
    hook = HttpHook(method="POST", http_conn_id="platform_api")
    return hook.run("graphql", data=json.dumps({"query": Q}), headers={"Content-Type": "application/json"}).json()
''',
    # F16: an imported client built with another host's base URL
    "lib/http.py": '''import httpx
catalog_http = httpx.Client(base_url="https://catalog.acme-corp.net")
''',
    "imported.py": '''import requests
from lib.http import catalog_http

HOUSTON = "https://houston.astro.acme.com/v1"


def houston(q):
    return requests.post(HOUSTON, json={"query": q}).json()


houston("query { workspaces { id } }")
catalog_http.post("/graphql", json={"query": "query { users { id email } }"})
''',
    # F2: a helper posting to localhost's /v1 (places nothing), beside Houston and Shopify helpers
    "multi.py": '''import os
import requests

HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.astro.acme.com/v1")
SHOP = os.environ["SHOP"]


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


def shopify(q):
    return requests.post(f"https://{SHOP}.myshopify.com/admin/api/2024-01/graphql.json", json={"query": q}).json()


def local(q):
    return requests.post("http://localhost:8000/v1", json={"query": q}).json()


houston("{ workspaces { id label } }")
shopify("{ shop { name } }")
local("query { deployments { id name } }")
''',
    # controls: Houston's own helper still reports its typo; a /v1 path on a run-time base still places nothing
    "houston_helper.py": '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]


def platform(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


platform("query { workspaces { id labl } }")
''',
}

DAG = '''import json
from datetime import datetime

from airflow import DAG
from airflow.models import Variable
from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator
from airflow.providers.http.operators.http import SimpleHttpOperator

REGISTER = """
mutation Register {
  createDeployment(label: "etl", airflowVersion: "2.3.4") { id }
}
"""

with DAG("register_in_cmdb", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    deploy = KubernetesPodOperator(
        task_id="deploy",
        image="acme/deployer:2.0",
        env_vars={"HOUSTON_API_TOKEN": Variable.get("houston_api_token")},
    )
    register = SimpleHttpOperator(
        task_id="register",
        http_conn_id="cmdb_api",
        endpoint="graphql",
        method="POST",
        data=json.dumps({"query": REGISTER}),
    )
    deploy >> register
'''


def _evidence(document):
    return " | ".join(document["evidence"])


def test_a_graphql_path_on_a_run_time_base_is_another_apis(tmp_path):
    write(tmp_path, CASES)
    completed, verdicts, findings = check(tmp_path)
    paths = {"helper.py", "bound.py", "hasura.py", "joined.py", "percent.py", "client_base.py", "session.py", "transport.py", "hook.py"}
    for path in sorted(paths):
        (document,) = verdicts[path]
        assert document["houston"] is False, (path, document)
        assert "/graphql path, Houston serves /v1" in _evidence(document), (path, document)
        assert "was not traced" not in _evidence(document), (path, document)
    assert "a /api/graphql path" in _evidence(verdicts["bound.py"][0])
    assert "a /v1/graphql path" in _evidence(verdicts["hasura.py"][0])
    assert 'posted to "%s/graphql?op=list" % BASE (call at line 13): a /graphql path,' in _evidence(verdicts["percent.py"][0])
    assert "Airflow endpoint 'graphql'" in _evidence(verdicts["hook.py"][0])
    assert not [f for f in findings if f["path"] in paths], findings

    # F16: the imported client's /graphql is catalog.acme-corp.net's path, not this project's server
    catalog = at(verdicts, "imported.py", 12)
    assert catalog["houston"] is False
    assert "url catalog.acme-corp.net/graphql" in _evidence(catalog)
    assert "own server" not in _evidence(catalog)

    # F2: the traced send to localhost:8000/v1 is named; it places nothing (undecided, not checked)
    local = at(verdicts, "multi.py", 22)
    assert local["houston"] is None
    assert "this document's send (to localhost:8000/v1, line 17) places nothing" in _evidence(local)
    assert "was not traced" not in _evidence(local)

    # controls: Houston's helper is still Houston's and its typo reported
    assert verdicts["houston_helper.py"][0]["houston"] is True
    assert [f for f in findings if f["path"] == "houston_helper.py" and "labl" in f["message"]], findings
    assert completed.returncode == 1


def test_an_airflow_graphql_endpoint_is_never_rewritten_as_houstons(tmp_path):
    write(tmp_path, {"dags/register.py": DAG})
    diff = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert "runtimeVersion" not in diff.stdout
    assert (tmp_path / "dags/register.py").read_text(encoding="utf-8") == DAG
