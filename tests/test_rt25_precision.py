"""Red team 24, report 12 ("Houston or not"): other APIs' documents flagged, or rewritten, as Houston's.

* f6: a Houston token given to one instance of a client class (``platform = GraphQL(URL1, {"authorization":
  HOUSTON_API_TOKEN})``) "travelled" to another instance's sends (``directory = GraphQL(URL2, {"x-api-key": ...})``)
  unless the class kept its parameter verbatim (``self.headers = headers``): ``headers or {}``, ``dict(headers)``,
  ``{**headers}``, ``{"authorization": token}``, a session's headers, and library clients (``httpx.Client(headers=...)``,
  ``requests.Session()`` with ``.headers`` set) made the directory query Houston's (errors, and a rewrite).

Each file's directory document selects fields Houston's ``Workspace`` lacks (errors if judged Houston's) or
``airflowVersion`` (rewritten if judged Houston's); the controls are the same shapes sending Houston's own
query through the instance built with Houston's token (still Houston's).  One ``check``/``rewrite`` run of the
installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

from trust_cli import run_cli, check_by_operation

_CLASS = '''import os
import requests


class GraphQL:
    def __init__(self, url, headers=None):
        self.url = url
        {keep}

    def run(self, q, **variables):
        return requests.post(self.url, json={{"query": q, "variables": variables}}, headers=self.headers).json()


platform = GraphQL(os.environ["PLATFORM_URL"], {{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
directory = GraphQL(os.environ["DIRECTORY_URL"], {{"x-api-key": os.environ["DIRECTORY_KEY"]}})
'''

_TOKEN_CLASS = '''import os
import requests


class GraphQL:
    def __init__(self, url, token):
        self.url = url
        {keep}

    def run(self, q):
        return {send}.json()


platform = GraphQL(os.environ["PLATFORM_URL"], os.environ["HOUSTON_API_TOKEN"])
directory = GraphQL(os.environ["DIRECTORY_URL"], os.environ["DIRECTORY_TOKEN"])
'''

_TEAMS = '''
TEAMS = """
query Teams { workspaces { id name members { email } } }
"""
print(directory.run(TEAMS))
'''

_EDITED = '''
TEAMS = """
query Teams { workspaces { id label deployments { id label airflowVersion } } }
"""
print(directory.run(TEAMS))
'''

_DEPLOYS = '''
DEPLOYS = """
query Deploys { workspaces { id lable } }
"""
print(platform.run(DEPLOYS))
'''

KEPT = {
    "or_empty": "self.headers = headers or {}",
    "dict_copy": "self.headers = dict(headers)",
    "merged": 'self.headers = {"content-type": "application/json", **headers}',
    "copied": "self.headers = headers.copy()",
}
TOKENS = {
    "tok_headers": ('self.headers = {"authorization": token}', 'requests.post(self.url, json={"query": q}, headers=self.headers)'),
    "tok_session": ('self.session = requests.Session(); self.session.headers["authorization"] = token',
                    'self.session.post(self.url, json={"query": q})'),
    "tok_update": ('self.session = requests.Session()\n        self.session.headers.update({"authorization": f"Bearer {token}"})',
                   'self.session.post(self.url, json={"query": q})'),
}
LIBRARY = {
    "httpx_clients": '''import os
import httpx

platform = httpx.Client(base_url=os.environ["PLATFORM_URL"], headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
directory = httpx.Client(base_url=os.environ["DIRECTORY_URL"], headers={"x-api-key": os.environ["DIRECTORY_KEY"]})
''',
    "sessions": '''import os
import requests

platform = requests.Session()
platform.headers["authorization"] = os.environ["HOUSTON_API_TOKEN"]
directory = requests.Session()
directory.headers.update({"x-api-key": os.environ["DIRECTORY_KEY"]})
''',
}
_LIBRARY_TEAMS = '''
TEAMS = """
query Teams { workspaces { id name members { email } } }
"""
print(directory.post(os.environ["DIRECTORY_URL"], json={"query": TEAMS}).json())
'''
_LIBRARY_DEPLOYS = '''
DEPLOYS = """
query Deploys { workspaces { id lable } }
"""
print(platform.post(os.environ["PLATFORM_URL"], json={"query": DEPLOYS}).json())
'''


def _trees(tmp_path: Path, teams: str, library_teams: str) -> list:
    names = []
    for name, keep in KEPT.items():
        (tmp_path / f"{name}.py").write_text(_CLASS.format(keep=keep) + teams + _DEPLOYS, encoding="utf-8")
        names.append(f"{name}.py")
    for name, (keep, send) in TOKENS.items():
        (tmp_path / f"{name}.py").write_text(_TOKEN_CLASS.format(keep=keep, send=send) + teams + _DEPLOYS, encoding="utf-8")
        names.append(f"{name}.py")
    for name, text in LIBRARY.items():
        (tmp_path / f"{name}.py").write_text(text + library_teams + _LIBRARY_DEPLOYS.replace("PLATFORM_URL", "PLATFORM_URL"), encoding="utf-8")
        names.append(f"{name}.py")
    return names


def _check(root: Path):
    return check_by_operation(root)[:2]


def test_f6_a_houston_token_given_to_one_instance_stays_with_it(tmp_path):
    names = _trees(tmp_path, _TEAMS, _LIBRARY_TEAMS)
    verdicts, errors = _check(tmp_path)
    wrong = {name: verdicts.get(name, {}).get("Teams") for name in names
             if verdicts.get(name, {}).get("Teams", {}).get("houston") is not False}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in names:
        said = " ".join(verdicts[name]["Teams"]["evidence"])
        assert "DIRECTORY_URL" in said, (name, said)
        messages = errors.get(name, [])
        assert not any("'name'" in m or "'members'" in m for m in messages), (name, messages)
        # recall: the instance built with Houston's token still sends Houston's documents
        assert verdicts[name]["Deploys"]["houston"] is True, (name, verdicts[name]["Deploys"])
        assert any("'lable'" in m for m in messages), (name, messages)


def test_f6_rewrite_leaves_the_other_instances_document_alone(tmp_path):
    names = _trees(tmp_path, _EDITED, _LIBRARY_TEAMS.replace("name members { email }", "label deployments { id label airflowVersion }"))
    before = {name: (tmp_path / name).read_text(encoding="utf-8") for name in names}
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    for name in names:
        after = (tmp_path / name).read_text(encoding="utf-8")
        teams_before = before[name].split("TEAMS = ", 1)[1].split('"""', 2)[1]
        teams_after = after.split("TEAMS = ", 1)[1].split('"""', 2)[1]
        assert teams_after == teams_before, (name, teams_after)


def test_f6_a_client_built_from_the_houston_instance_keeps_its_context(tmp_path):
    """Control: ``directory = GraphQL(URL2, platform.headers)`` carries platform's token: never said against."""
    (tmp_path / "shared.py").write_text(_CLASS.format(keep="self.headers = dict(headers)").replace(
        '{"x-api-key": os.environ["DIRECTORY_KEY"]}', "platform.headers") + _TEAMS.replace("name members { email }", "lable"), encoding="utf-8")
    (tmp_path / "sessions.py").write_text(LIBRARY["sessions"].replace(
        'directory.headers.update({"x-api-key": os.environ["DIRECTORY_KEY"]})', "directory.headers.update(platform.headers)")
        + _LIBRARY_TEAMS.replace("name members { email }", "lable"), encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    for name in ("shared.py", "sessions.py"):
        assert verdicts[name]["Teams"]["houston"] is True, (name, verdicts[name])
        assert any("'lable'" in m for m in errors.get(name, [])), (name, errors)


_DESKS = '''
DESKS = """
query Desks { workspaces { id name seats } }
"""


def fetch_desks(url):
    return requests.post(url, json={"query": DESKS}).json()
'''

NOT_ENDPOINTS = {
    "tarball.py": 'import tarfile\n\nimport requests\n\nwith tarfile.open("houston.tar.gz", "w:gz") as tar:\n    tar.add("desks.json")\n',
    "report.py": 'import requests\n\nwith open("houston.report.md", "w") as fh:\n    fh.write("desks")\n',
    "sales.py": 'import pandas as pd\nimport requests\n\nSALES = pd.read_csv("houston.sales.gz")\n',
    "script.py": 'import requests\n\nDEPLOY_SCRIPT = "houston.deploy.sh"\n',
    "kafka.py": 'import requests\nfrom kafka import KafkaProducer\n\nX = KafkaProducer(bootstrap_servers="houston.kafka.internal:9092")\n',
    "bucket.py": 'import boto3\nimport requests\n\nboto3.client("s3").upload_file("desks.json", "houston.backups.io", "desks.json")\n',
    "ssh.py": 'import paramiko\nimport requests\n\nparamiko.SSHClient().connect("houston.bastion.internal")\n',
    "bucket_name.py": 'import boto3\nimport requests\n\nTARGET = "houston.backups.io"\nboto3.client("s3").upload_file("desks.json", TARGET, "desks.json")\n',
}

_HOUSTON_DEPLOYS = '''
DEPLOYS = """
query Deploys { workspaces { id lable } }
"""
'''


def test_f11_a_file_name_a_broker_a_bucket_or_an_ssh_host_is_no_endpoint(tmp_path):
    for name, text in NOT_ENDPOINTS.items():
        (tmp_path / name).write_text(text + _DESKS, encoding="utf-8")
    # controls: a host given to an HTTP client, or written in a URL, is Houston's endpoint
    (tmp_path / "http_client.py").write_text('''import http.client
import json

conn = http.client.HTTPSConnection("houston.astro.acme-corp.io")
''' + _HOUSTON_DEPLOYS + '''
conn.request("POST", "/v1", body=json.dumps({"query": DEPLOYS}))
''', encoding="utf-8")
    (tmp_path / "host_constant.py").write_text('''import requests

HOST = "houston.astro.acme-corp.io"
''' + _HOUSTON_DEPLOYS + '''

def send(url):
    return requests.post(url, json={"query": DEPLOYS}).json()
''', encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    wrong = {name: verdicts.get(name, {}).get("Desks") for name in NOT_ENDPOINTS
             if verdicts.get(name, {}).get("Desks", {}).get("houston") is not False}
    assert not wrong, json.dumps(wrong, indent=1)
    for name in NOT_ENDPOINTS:
        assert not errors.get(name), (name, errors.get(name))
        assert "endpoint named" not in " ".join(verdicts[name]["Desks"]["evidence"]), verdicts[name]
    for name in ("http_client.py", "host_constant.py"):
        assert verdicts[name]["Deploys"]["houston"] is True, (name, verdicts[name])
        assert any("'lable'" in m for m in errors.get(name, [])), (name, errors)


_ASTRO_CLIENTS = '''from typing import Optional


class AstroClient:
    def __init__(self, token: Optional[str] = None, url: str = "https://api.astronomer.io/hub/v1"):
        self.token = token
        self.url = url

    def list_deployments(self):
        from python_graphql_client import GraphqlClient

        client = GraphqlClient(endpoint=self.url, headers={"Authorization": f"Bearer {self.token}"})
        query = """
        query AstroDeployments {
          deployments { id label releaseName airflowVersion workspace { id label } }
        }
        """
        return client.execute(query=query)


class SoftwareClient:
    def __init__(self, token: Optional[str] = None, url: str = "https://houston.astro.acme-corp.net/v1"):
        self.token = token
        self.url = url

    def list_workspaces(self):
        from python_graphql_client import GraphqlClient

        client = GraphqlClient(endpoint=self.url, headers={"Authorization": self.token})
        return client.execute(query="query SoftwareWorkspaces { workspaces { id lable } }")
'''

_PKG_CLIENTS = '''import requests


class AstroClient:
    def __init__(self, token, url="https://api.astronomer.io/hub/v1"):
        self.token = token
        self.url = url

    def list_deployments(self):
        q = "query AstroDeployments { deployments { id label releaseName airflowVersion } }"
        return requests.post(self.url, json={"query": q}, headers={"Authorization": f"Bearer {self.token}"}).json()


class SoftwareClient:
    def __init__(self, token, url="https://houston.astro.acme-corp.net/v1"):
        self.token = token
        self.url = url

    def list_workspaces(self):
        return requests.post(self.url, json={"query": "query SoftwareWorkspaces { workspaces { id lable } }"},
                             headers={"Authorization": self.token}).json()
'''

_PKG_MAIN = '''import os
from pkg.clients import AstroClient, SoftwareClient

print(AstroClient(os.environ["ASTRO_TOKEN"]).list_deployments())
print(SoftwareClient(os.environ["HOUSTON_API_TOKEN"]).list_workspaces())
'''


_NORMALISED = _PKG_CLIENTS.replace("self.url = url\n", "self.url = url.rstrip(\"/\") + \"/\"\n")


def _astro_tree(root: Path) -> None:
    (root / "astronomer_clients.py").write_text(_ASTRO_CLIENTS, encoding="utf-8")
    (root / "normalised.py").write_text(_NORMALISED, encoding="utf-8")  # self.url = url.rstrip("/") + "/"
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / "pkg" / "clients.py").write_text(_PKG_CLIENTS, encoding="utf-8")
    (root / "main.py").write_text(_PKG_MAIN, encoding="utf-8")


def test_f17_a_constructor_default_places_the_methods_of_a_class_no_module_builds(tmp_path):
    _astro_tree(tmp_path)
    verdicts, errors = _check(tmp_path)
    for name in ("astronomer_clients.py", "pkg/clients.py", "normalised.py"):
        astro = verdicts[name]["AstroDeployments"]
        assert astro["houston"] is False, (name, astro)
        assert "api.astronomer.io" in " ".join(astro["evidence"]), (name, astro)
        # the mirror: Software's typo'd query, sent by the sibling class to its Houston default, is reported
        assert verdicts[name]["SoftwareWorkspaces"]["houston"] is True, (name, verdicts[name])
        assert any("'lable'" in m for m in errors.get(name, [])), (name, errors)
        assert not any("airflowVersion" in m or "releaseName" in m for m in errors.get(name, [])), (name, errors)


def test_f17_rewrite_leaves_the_astro_cloud_query_alone(tmp_path):
    _astro_tree(tmp_path)
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    assert (tmp_path / "astronomer_clients.py").read_text(encoding="utf-8") == _ASTRO_CLIENTS
    assert (tmp_path / "pkg" / "clients.py").read_text(encoding="utf-8") == _PKG_CLIENTS
    assert (tmp_path / "normalised.py").read_text(encoding="utf-8") == _NORMALISED


_GRAPHENE_TYPES = '''import graphene


class Deployment(graphene.ObjectType):
    id = graphene.ID()
    label = graphene.String()
    release_name = graphene.String()
    airflow_version = graphene.String()


class Query(graphene.ObjectType):
    deployments = graphene.List(Deployment)
'''

_GRAPHENE_MUTATION = '''

class CreateDeployment(graphene.Mutation):
    class Arguments:
        workspace_uuid = graphene.String(required=True)
        label = graphene.String()
        airflow_version = graphene.String()

    Output = Deployment

    def mutate(root, info, workspace_uuid, label=None, airflow_version=None):
        return Deployment(id="1", label=label, airflow_version=airflow_version)


class UpdateDeployment(graphene.Mutation):
    class Arguments:
        deployment_uuid = graphene.ID(required=True)
        airflow_version = graphene.Argument(graphene.String)

    ok = graphene.Boolean()
    deployment = graphene.Field(lambda: Deployment)

    def mutate(root, info, deployment_uuid, airflow_version=None):
        return UpdateDeployment(ok=True)
'''

_GRAPHENE_ROOT = '''

class Mutation(graphene.ObjectType):
    create_deployment = CreateDeployment.Field()
    update_deployment = UpdateDeployment.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
'''

_CREATE = '''mutation Create($ws: String!) {
  createDeployment(workspaceUuid: $ws, label: "etl", airflowVersion: "2.3.4") { id airflowVersion }
}
'''
_UPDATE = '''mutation Update($id: ID!) {
  updateDeployment(deploymentUuid: $id, airflowVersion: "2.3.4") { ok deployment { id releaseName airflowVersion } }
}
'''


def test_f14_graphene_mutations_are_the_projects_own_schema(tmp_path):
    for project, schema in (("registered", _GRAPHENE_TYPES + _GRAPHENE_MUTATION + _GRAPHENE_ROOT),
                            ("unregistered", _GRAPHENE_TYPES + _GRAPHENE_MUTATION)):  # mutations.py: exposed by another module
        (tmp_path / project / "server").mkdir(parents=True)
        (tmp_path / project / "web").mkdir()
        (tmp_path / project / "server" / "schema.py").write_text(schema, encoding="utf-8")
        (tmp_path / project / "web" / "create.graphql").write_text(_CREATE, encoding="utf-8")
        (tmp_path / project / "web" / "update.graphql").write_text(_UPDATE, encoding="utf-8")
    verdicts, errors = _check(tmp_path)
    for project in ("registered", "unregistered"):
        for name, operation in (("create", "Create"), ("update", "Update")):
            path = f"{project}/web/{name}.graphql"
            assert verdicts[path][operation]["houston"] is False, (path, verdicts[path])
            assert "project's own SDL" in " ".join(verdicts[path][operation]["evidence"]), (path, verdicts[path])
            assert not errors.get(path), (path, errors.get(path))
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert "Traceback" not in completed.stderr, completed.stderr
    for project in ("registered", "unregistered"):
        assert (tmp_path / project / "web" / "create.graphql").read_text(encoding="utf-8") == _CREATE
        assert (tmp_path / project / "web" / "update.graphql").read_text(encoding="utf-8") == _UPDATE
