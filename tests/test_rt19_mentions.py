"""Red team 18 (report 12): Houston merely mentioned in a file, and graphql-config naming Houston (F1, F3, F4, F17).

Class C (precision): a file that mentions Houston for another program or for a person -- ``astro login``'s
argv, ``HOUSTON_API_TOKEN`` handed to a pod's ``env_vars``, a ``"HOUSTON_URL" in os.environ`` guard, a log
message naming ``houston.*`` -- names no endpoint it sends to, and a document whose own send is traced to
another service's URL (``CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]``, an Airflow connection
``inventory_api``) is not sent to the Houston URL the file reads.  Neither may turn that document into
Houston's (false errors, ``check`` exit 1).  Controls keep recall: an untraced send beside a Houston URL
read, ``curl`` run on Houston's URL, a Houston token beside a generic URL stay Houston's.  The same holds for a
``.graphql`` file a script reads and sends untraced: the script's Houston mention must be in its code, as a URL.

F17 (recall): ``.graphql`` operations of a project whose graphql-config names Houston's endpoint as its
only schema are Houston's, so their typos are reported.

Two runs of the installed ``houston-codemod``, one tree of small cases each (the suite's time budget).
"""

from verdicts_cli import at, check, write

HEAD = "import os\nimport subprocess\nimport sys\n\nimport requests\n"

CLASS_C = {
    # F1: HOUSTON_URL only feeds astro's argv; the documents go to the CMDB's own URL (env-configured).
    "f1_cmdb.py": HEAD + '''
HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]
USERS = "query Owners { users { id email fullName } }"
REGISTER = "mutation Register($name: String!) { registerAsset(name: $name) { id } }"


def cmdb(query, variables=None):
    return requests.post(CMDB_URL, json={"query": query, "variables": variables or {}}, timeout=30).json()


def main():
    subprocess.run(["astro", "login", HOUSTON_URL.split("//", 1)[1].split("/")[0]], check=True)
    cmdb(USERS)
    cmdb(REGISTER, {"name": "x"})
''',
    # F3: the Houston token (and URL) are a pod's environment; the DAG's own send uses an inventory connection.
    "dags/f3_inventory.py": '''import json
from airflow.models import Variable
from airflow.providers.cncf.kubernetes.operators.kubernetes_pod import KubernetesPodOperator
from airflow.providers.http.operators.http import SimpleHttpOperator

ASSETS = "query Assets($team: String!) { deployments(team: $team) { id name owner } }"

export = KubernetesPodOperator(
    task_id="export",
    image="acme/astro-exporter:1.4",
    env_vars={"HOUSTON_API_TOKEN": Variable.get("houston_api_token"), "HOUSTON_URL": Variable.get("houston_url")},
)
fetch = SimpleHttpOperator(
    task_id="fetch_assets",
    http_conn_id="inventory_api",
    endpoint="v2/query",
    method="POST",
    data=json.dumps({"query": ASSETS, "variables": {"team": "data"}}),
)
''',
    # F4: a guard against Houston's setting, and a log message naming a houston host.
    "f4_guard.py": '''import os, sys, requests
API = os.environ["API_URL"]
if "HOUSTON_URL" in os.environ:
    sys.exit("this tool talks to the inventory API, not Houston: unset HOUSTON_URL")
requests.post(API, json={"query": "{ deployments { id name } }"})
''',
    "f4_log.py": '''import logging, requests, os
log = logging.getLogger(__name__)
API = os.environ["API_URL"]
log.info("not using https://houston.%s/v1 here", os.environ.get("BASEDOMAIN"))
requests.post(API, json={"query": "{ users { id name } }"})
''',
    # The same class, other shapes: argv of another program, a child's environment, messages.
    "c_argv.py": HEAD + '''

def gql(url, q):
    return requests.post(url, json={"query": q}).json()


def main(url):
    subprocess.run(["astro", "auth", "login", "houston.acme.io"], check=True)
    return gql(url, "{ deployments { id name } }")
''',
    "c_env.py": HEAD + '''
from kubernetes.client import V1EnvVar


def gql(url, q):
    return requests.post(url, json={"query": q}).json()


def main(url, token):
    env = dict(os.environ)
    env["HOUSTON_API_TOKEN"] = token
    subprocess.run(["exporter"], env=env, check=True)
    pod_env = [V1EnvVar(name="HOUSTON_URL", value="x")]
    return gql(url, "{ deployments { id name } }"), pod_env
''',
    "c_message.py": HEAD + '''

def gql(url, q):
    return requests.post(url, json={"query": q}).json()


def main(url):
    if not url:
        raise SystemExit("pass the inventory URL; for Houston use HOUSTON_URL with astro")
    print("Houston lives at https://houston.acme.io/v1 and is not used here")
    return gql(url, "{ users { id name } }")
''',
    # A .graphql file read by a script whose only Houston mentions are astro's argv and a comment (cross-module).
    "x_reader/run.py": HEAD + '''from pathlib import Path
# talks to the inventory, not to https://houston.acme.io/v1
subprocess.run(["astro", "login", "houston.acme.io"], check=True)
Q = Path("ops/inv.graphql").read_text()


def gql(url, q):
    return requests.post(url, json={"query": q})


gql(sys.argv[1], Q)
''',
    "x_reader/ops/inv.graphql": "query Inv {\n  workspaces { id labl }\n}\n",
    # ... and one read by a script that reads HOUSTON_URL but sends the file to the CMDB's own URL (F1's form)
    "x_cmdb/run.py": HEAD + '''from pathlib import Path
HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]
subprocess.run(["astro", "login", HOUSTON_URL], check=True)
requests.post(CMDB_URL, json={"query": Path("ops/inv.graphql").read_text()})
''',
    "x_cmdb/ops/inv.graphql": "query Inv {\n  workspaces { id labl }\n}\n",
    # control: the same read by a script naming Houston's URL in its code stays Houston's
    "x_control/run.py": HEAD + '''from pathlib import Path
HOUSTON_URL = os.environ["HOUSTON_URL"]
Q = Path("ops/inv.graphql").read_text()


def gql(url, q):
    return requests.post(url, json={"query": q})


gql(sys.argv[1], Q)
''',
    "x_control/ops/inv.graphql": "query Inv {\n  workspaces { id labl }\n}\n",
    # Controls (recall): the file sends to Houston, or may.
    "r_untraced.py": HEAD + '''
HOUSTON_URL = os.environ["HOUSTON_URL"]


def gql(url, q):
    return requests.post(url, json={"query": q}).json()


def main(url):
    return gql(url, "{ workspaces { id labl } }")
''',
    "r_curl.py": HEAD + '''import json
Q = "{ workspaces { id labl } }"
subprocess.run(["curl", "-X", "POST", "https://houston.acme.io/v1", "-d", json.dumps({"query": Q})], check=True)
''',
    "r_token.py": HEAD + '''
TOKEN = os.environ["HOUSTON_API_TOKEN"]
session = requests.Session()
session.headers["authorization"] = TOKEN
session.post(os.environ["API_URL"], json={"query": "{ workspaces { id labl } }"})
''',
}


def _errors(findings, path):
    return [f for f in findings if f["path"] == path and f["severity"] == "error"]


def test_class_c_a_houston_mention_is_not_an_endpoint_the_documents_go_to(tmp_path):
    write(tmp_path, CLASS_C)
    completed, verdicts, findings = check(tmp_path)
    for path in ("f1_cmdb.py", "dags/f3_inventory.py", "f4_guard.py", "f4_log.py", "c_argv.py", "c_env.py", "c_message.py",
                 "x_reader/ops/inv.graphql", "x_cmdb/ops/inv.graphql"):
        for document in verdicts[path]:
            assert document["houston"] is not True, (path, document)
            assert not any(e.startswith("Houston endpoint named in the file") or "names Houston's endpoint" in e
                           for e in document["evidence"]), (path, document)
        assert _errors(findings, path) == [], path
    # F1: the traced send is said, and why the file's Houston URL is not this document's
    owners = verdicts["f1_cmdb.py"][0]["evidence"]
    assert any(e.startswith('posted to CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]') for e in owners), owners
    assert any("this document's send is traced to another URL" in e for e in owners), owners
    assert any("Airflow connection 'inventory_api'" in e for e in verdicts["dags/f3_inventory.py"][0]["evidence"])
    # controls: still Houston's, the typo reported
    for path in ("r_untraced.py", "r_curl.py", "r_token.py", "x_control/ops/inv.graphql"):
        [document] = verdicts[path]
        assert document["houston"] is True, (path, document)
        assert any("labl" in f["message"] for f in _errors(findings, path)), (path, findings)
    assert completed.returncode == 1  # the controls' typos only


GIT = {".git/HEAD": "ref: refs/heads/main\n"}
OPS = {"ops/ws.graphql": "query Ws {\n  workspaces { id labl }\n}\n", "ops/d.graphql": "query D {\n  deploymentz { id }\n}\n"}


def _project(folder: str, config: dict) -> dict:
    files = {f"{folder}/{name}": text for name, text in {**GIT, **OPS, **config}.items()}
    return files


F17 = {
    **_project("rc", {".graphqlrc.yml": "schema: https://houston.astro.acme.com/v1\ndocuments: ops/*.graphql\n"}),
    **_project("codegen", {"codegen.yml": "schema: ${HOUSTON_URL:https://houston.acme.io/v1/}\ngenerates:\n  x.py: {}\n"}),
    **_project("ariadne", {"pyproject.toml": '[tool.ariadne-codegen]\nremote_schema_url = "https://houston.acme.io/v1"\nqueries_path = "ops"\n'}),
    # Houston beside another schema (which documents are whose is not read): no Houston verdict from the config
    **_project("mixed", {
        ".graphqlrc.yml": "schema:\n  - https://houston.acme.io/v1\n  - ./schema.graphqls\n",
        "schema.graphqls": "type Query { workspaces: [Workspace] }\ntype Workspace { id: ID labl: String }\n",
    }),
    # a gateway path naming houston on another host is no Houston endpoint
    **_project("gateway", {".graphqlrc.yml": "schema: https://api.acme.io/houston/v1\n"}),
}


def test_f17_graphql_config_naming_houstons_endpoint_makes_its_operations_houstons(tmp_path):
    write(tmp_path, F17)
    completed, verdicts, findings = check(tmp_path)
    for folder in ("rc", "codegen", "ariadne"):
        for name in ("ws", "d"):
            [document] = verdicts[f"{folder}/ops/{name}.graphql"]
            assert document["houston"] is True, (folder, document)
            assert any("names Houston's endpoint as its schema: https://houston." in e for e in document["evidence"]), document
        assert any("labl" in f["message"] for f in _errors(findings, f"{folder}/ops/ws.graphql")), (folder, findings)
        assert any("deploymentz" in f["message"] for f in _errors(findings, f"{folder}/ops/d.graphql")), (folder, findings)
    for folder in ("mixed", "gateway"):
        for name in ("ws", "d"):
            [document] = verdicts[f"{folder}/ops/{name}.graphql"]
            assert document["houston"] is not True, (folder, document)
            assert _errors(findings, f"{folder}/ops/{name}.graphql") == []
    assert completed.returncode == 1
