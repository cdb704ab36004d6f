"""Red team 20, report 12, F3 and F10: the project's own schema, however it is written, weighed whole.

F3: a repository holding its own GraphQL service written code-first (strawberry, graphene) or as SDL
in Python (ariadne ``type_defs = gql(\"\"\"...\"\"\")``) and a client posting to it: the client's
``upsertDeployment(releaseName:, airflowVersion:)`` was judged Houston's on its words and rewritten,
while the same schema as ``server/schema.graphql`` made it "not Houston".  Now
``destination.code_first_sdl`` gives the SDL such a module declares and ``project_sdl`` weighs it.

F10: an SDL declaring ``workspaceUuid: String`` was discarded as "a Houston schema kept there" for that
word alone, although it contradicts Houston's schema.  Now ``destination.houston_agreement`` decides:
every root field and argument Houston's, with Houston's own types.

Controls (recall): a Houston client in the same repository (a document that does not fit the
project's schema) is still Houston's and migrated; a trimmed copy of Houston's SDL in the project
(``scalar Uuid``, ``createDeployment(workspaceUuid: Uuid!, ...)``) is still not the project's own.
"""

import json

from trust_cli import run_cli

CLIENT = '''import os
import requests

API_URL = os.environ["CATALOG_URL"]

RECORD = """
mutation Record($releaseName: String!, $ws: String, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, workspaceUuid: $ws, airflowVersion: $airflowVersion) { id }
}
"""


def record(release, ws, version):
    requests.post(API_URL, json={"query": RECORD, "variables": {"releaseName": release, "ws": ws, "airflowVersion": version}})
'''

HOUSTON_CLIENT = '''import os
import requests

URL = os.environ["HOUSTON_URL"]

UPGRADE = """
mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
"""


def upgrade(dep):
    return requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep}}, headers={"authorization": os.environ["HOUSTON_TOKEN"]})
'''

STRAWBERRY = '''import strawberry


@strawberry.type
class Deployment:
    id: strawberry.ID
    release_name: str
    workspace_uuid: str | None
    airflow_version: str | None


@strawberry.type
class Query:
    @strawberry.field
    def deployments(self, workspace_uuid: str | None = None) -> list[Deployment]:
        return []


@strawberry.type
class Mutation:
    @strawberry.mutation
    def upsert_deployment(self, release_name: str, workspace_uuid: str | None = None, airflow_version: str | None = None) -> Deployment:
        raise NotImplementedError


schema = strawberry.Schema(query=Query, mutation=Mutation)
'''

GRAPHENE = '''import graphene


class Deployment(graphene.ObjectType):
    id = graphene.ID()
    release_name = graphene.String()
    airflow_version = graphene.String()


class UpsertDeployment(graphene.Mutation):
    class Arguments:
        release_name = graphene.String(required=True)
        workspace_uuid = graphene.String()
        airflow_version = graphene.String()

    id = graphene.ID()

    def mutate(root, info, release_name, workspace_uuid=None, airflow_version=None):
        return UpsertDeployment(id=release_name)


class Query(graphene.ObjectType):
    deployments = graphene.List(Deployment, workspace_uuid=graphene.String())


class Mutation(graphene.ObjectType):
    upsert_deployment = UpsertDeployment.Field()


schema = graphene.Schema(query=Query, mutation=Mutation)
'''

_SDL = """type Deployment { id: ID! releaseName: String! workspaceUuid: String airflowVersion: String owner: String }
type Query { deployments(workspaceUuid: String): [Deployment!]! }
type Mutation { upsertDeployment(releaseName: String!, workspaceUuid: String, airflowVersion: String): Deployment }
"""

ARIADNE = f'''from ariadne import QueryType, gql, make_executable_schema

type_defs = gql("""
{_SDL}""")
query = QueryType()
schema = make_executable_schema(type_defs, query)
'''

HOUSTON_STUB = """scalar Uuid
type Deployment { id: Uuid releaseName: String airflowVersion: String }
type Query { workspaceDeployments(workspaceUuid: Uuid!): [Deployment] }
type Mutation {
  upsertDeployment(releaseName: String, workspaceUuid: Uuid, airflowVersion: String): Deployment
  updateDeploymentAirflow(deploymentUuid: Uuid!, desiredAirflowVersion: String!): Deployment
}
"""

SERVERS = {
    "strawberry": {"server/app.py": STRAWBERRY},
    "graphene": {"server/app.py": GRAPHENE},
    "ariadne": {"server/app.py": ARIADNE},
    "sdl_with_workspace_uuid": {"server/schema.graphql": _SDL},  # F10
}


def _run(root, files):
    for name, text in {"client/record.py": CLIENT, "ops/upgrade.py": HOUSTON_CLIENT, **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".git").mkdir()
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=root)
    assert "Traceback" not in result.stderr, result.stderr
    return {d["path"]: d for d in json.loads(result.stdout)["documents"]}, json.loads(result.stdout)["findings"]


def test_the_projects_own_schema_in_python_or_sdl_speaks_against_houston(tmp_path):
    for shape, files in SERVERS.items():
        root = tmp_path / shape
        documents, findings = _run(root, files)
        record = documents["client/record.py"]
        assert record["houston"] is False, (shape, record)
        assert any("project's own SDL" in line for line in record["evidence"]), (shape, record)
        assert not [f for f in findings if f["path"] == "client/record.py"], (shape, findings)
        rewritten = run_cli("rewrite", "--no-cache", ".", cwd=root)
        assert "Traceback" not in rewritten.stderr
        assert (root / "client" / "record.py").read_text() == CLIENT, shape
        # control (recall): the repository's Houston script does not fit the project's schema
        assert documents["ops/upgrade.py"]["houston"] is True, (shape, documents["ops/upgrade.py"])
        assert "updateDeploymentRuntime" in (root / "ops" / "upgrade.py").read_text(), shape


def test_a_copy_of_houstons_schema_is_still_not_the_projects_own(tmp_path):
    # a URL naming no service: one named for the catalog now weighs against Houston itself (RT23 12 f8)
    client = CLIENT.replace('os.environ["CATALOG_URL"]', 'os.environ["GRAPHQL_URL"]')
    documents, findings = _run(tmp_path, {"schema/schema.graphql": HOUSTON_STUB, "client/record.py": client})
    record = documents["client/record.py"]
    assert not any("project's own SDL" in line for line in record["evidence"]), record
    assert record["houston"] is True, record
    assert any(f["path"] == "client/record.py" for f in findings)  # its String $ws where Houston wants a Uuid
