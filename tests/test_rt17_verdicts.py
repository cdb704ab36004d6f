"""Issue 12 verdicts, red team pass 16 (report 12: F18, F3, F14, F1, F11, F16).

Each scenario is one run of the installed ``houston-codemod`` over a small project
(``tests/verdicts_cli.py``), asserting the verdicts, their evidence and the findings:
another API's operation must not be judged Houston's (nor rewritten) when the
project says where it goes.
"""

from pathlib import Path

from verdicts_cli import at, check, run, write

FLEET_OP = "query Fleet {\n  deployments { id releaseName airflowVersion }\n}\n"

# F18: the project's SDL is an Apollo Federation subgraph (undeclared @key / @link, Federation 1's
# ``extend type Query``), or a ``.graphqls`` file: it still is the project's SDL.
FEDERATION_SDL = '''extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

type Query {
  deployments: [Deployment!]!
}

type Deployment @key(fields: "id") {
  id: ID!
  releaseName: String!
  airflowVersion: String @external
}
'''
FEDERATION_1_SDL = '''extend type Query {
  deployments: [Deployment!]!
}

type Deployment @key(fields: "id") {
  id: ID!
  releaseName: String!
  airflowVersion: String
}
'''


def _not_houston_and_untouched(root: Path, path: str):
    completed, verdicts, findings = check(root)
    document = verdicts[path][0]
    assert document["houston"] is False, document
    assert any("fits the project's own SDL" in e or "fit the project's own SDL" in e for e in document["evidence"]), document
    assert not [f for f in findings if f["path"].endswith(Path(path).name)], findings
    before = (root / path).read_text()
    rewrite = run("rewrite", "--no-cache", ".", cwd=root)
    assert rewrite.returncode == 0, rewrite.stdout + rewrite.stderr
    assert (root / path).read_text() == before


def test_f18_federation_subgraph_sdl_in_another_folder_is_the_projects(tmp_path: Path):
    write(tmp_path, {"server/schema.graphql": FEDERATION_SDL, "web/queries/fleet.graphql": FLEET_OP})
    _not_houston_and_untouched(tmp_path, "web/queries/fleet.graphql")


def test_f18_federation_1_extend_type_query_and_graphqls_file(tmp_path: Path):
    write(tmp_path, {"schema/subgraph.graphqls": FEDERATION_1_SDL, "ops/fleet.graphql": FLEET_OP})
    _not_houston_and_untouched(tmp_path, "ops/fleet.graphql")


# F3: graphql-config / codegen ``schema: ${VAR:default}`` (environment interpolation with a default) is read as the
# default, like the same URL written plainly; a ${VAR} without a default still gives no evidence.
CODEGEN = '''overwrite: true
schema:
  - ${PLATFORM_API_URL:https://platform.acme-corp.net/graphql}
documents: "src/**/*.graphql"
generates:
  src/generated/graphql.tsx:
    plugins: [typescript, typescript-operations]
'''


def test_f3_env_interpolated_schema_default_is_the_schema_url(tmp_path: Path):
    write(tmp_path, {
        "web/codegen.yml": CODEGEN,
        "web/src/ops/deployments.graphql": FLEET_OP,
        "app/.graphqlrc.yml": "schema: ${PLATFORM_API_URL}\n",  # no default: nothing to read
        "app/ops/deployments.graphql": FLEET_OP,
    })
    completed, verdicts, findings = check(tmp_path)
    document = verdicts["web/src/ops/deployments.graphql"][0]
    assert document["houston"] is False, document
    assert "the schema is another API's URL: https://platform.acme-corp.net/graphql (named by web/codegen.yml)" in document["evidence"], document
    control = verdicts["app/ops/deployments.graphql"][0]
    # Red team 23, report 12, f11: a schema known only at run time may be another API's: the document's words
    # alone (Houston's) leave it undecided, never "another API's URL", never rewritten.
    assert control["houston"] is None and not any("schema is another API" in e for e in control["evidence"]), control
    assert any("known only at run time: ${PLATFORM_API_URL}" in e for e in control["evidence"]), control
    rewrite = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert "web/src/ops/deployments.graphql" not in rewrite.stdout and "app/ops/deployments.graphql" not in rewrite.stdout, rewrite.stdout


# F1: a constant whose only send is an importer's post to another API is not Houston's where it is defined: the
# definition hears the importer's send against Houston as it hears one to Houston (one document, one verdict).
F1_QUERIES = 'DEPLOYMENTS = """\nquery Inventory {\n  deployments { id releaseName airflowVersion }\n}\n"""\n'
F1_NAMED = 'HOUSTON_DEPLOYMENTS = "query { deployments { id name region status } }"\n'
F1_SYNC = '''import requests
from queries import {name}

INVENTORY_API = "https://inventory.acme-corp.net/graphql"


def main():
    r = requests.post(INVENTORY_API, json={{"query": {name}}}, timeout=10)
    return r.json()
'''


def test_f1_importers_send_to_another_api_counts_against_at_the_definition(tmp_path: Path):
    write(tmp_path, {"a/queries.py": F1_QUERIES, "a/sync.py": F1_SYNC.format(name="DEPLOYMENTS"),
                     "b/queries.py": F1_NAMED, "b/sync.py": F1_SYNC.format(name="HOUSTON_DEPLOYMENTS")})
    completed, verdicts, findings = check(tmp_path, "--houston-version", "1.0.1")
    plain = verdicts["a/queries.py"][0]
    assert plain["houston"] is False, plain
    assert any(e.startswith("imported by a/sync.py, where it is sent to INVENTORY_API") for e in plain["evidence"]), plain
    named = verdicts["b/queries.py"][0]  # its name says Houston, its only send says another API: never Houston's
    assert named["houston"] is not True, named
    assert findings == [] and completed.returncode == 0, findings


# F11: an imported module (or name) used as a namespace whose name says houston (houston_api.list_deployments(),
# houston_api.__name__, lib.houston_api.run()) names no endpoint: another service's document in the same file is
# not made Houston's by it.  An imported setting (HOUSTON_URL) still is an endpoint named in the file.
F11_HELPER = '''import os
import requests

HOUSTON_URL = "https://houston.acme.io/v1"


def houston(query, **variables):
    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]


def list_deployments():
    return houston("query { deployments { id releaseName label } }")["deployments"]
'''
F11_REPORT = '''"""Weekly report: each Deployment and its owners (from our directory service)."""
from lib import houston_api
import lib.houston_api
from directory import client

USERS = """
query Owners {
  users { id name email }
}
"""


def report():
    deps = houston_api.list_deployments() + lib.houston_api.list_deployments()
    owners = client.execute(USERS)
    return deps, owners, houston_api.__name__
'''
F11_SETTING = '''from config import HOUSTON_URL
from directory import client

USERS = "query Owners { users { id name email } }"


def report():
    return client.execute(USERS), HOUSTON_URL
'''


def test_f11_a_houston_module_used_as_a_namespace_names_no_endpoint(tmp_path: Path):
    write(tmp_path, {"lib/__init__.py": "", "lib/houston_api.py": F11_HELPER, "report.py": F11_REPORT, "setting.py": F11_SETTING})
    completed, verdicts, findings = check(tmp_path)
    document = verdicts["report.py"][0]
    assert document["houston"] is False, document
    assert not any("Houston endpoint named in the file" in e for e in document["evidence"]), document
    assert not [f for f in findings if f["path"] == "report.py"], findings
    control = verdicts["setting.py"][0]
    assert "Houston endpoint named in the file: HOUSTON_URL (line 8)" in control["evidence"], control


# F16: a relative path posted on a session built with another API's base URL is that API's path, not "a path of
# this project's own server"; a client built on a local test host still is the project's own server.
F16_CLIENTS = '''import os

import aiohttp
import httpx

HOUSTON_URL = "https://houston.acme.io/v1"


class GitHub:
    def __init__(self):
        self.session = aiohttp.ClientSession(base_url="https://api.github.com",
                                             headers={"Authorization": "bearer " + os.environ["GITHUB_TOKEN"]})

    async def gql(self, q, **v):
        async with self.session.post("/graphql", json={"query": q, "variables": v}) as r:
            return await r.json()


class Local:
    def __init__(self, app):
        self.http = httpx.AsyncClient(app=app, base_url="http://testserver")

    async def gql(self, q):
        return (await self.http.post("/graphql", json={"query": q})).json()


async def houston(q):
    async with aiohttp.ClientSession() as s:
        async with s.post(HOUSTON_URL, json={"query": q}) as r:
            return await r.json()


async def main(app):
    await GitHub().gql("query { users(first: 1) { nodes { login } } }")
    await Local(app).gql("query { users { nodes { id name } } }")
    await houston("{ workspaces { id } }")
'''


def test_f16_a_path_on_another_apis_base_url_session_is_not_the_projects_server(tmp_path: Path):
    write(tmp_path, {"a.py": F16_CLIENTS})
    completed, verdicts, findings = check(tmp_path)
    github = at(verdicts, "a.py", 34)
    assert github["houston"] is False and "url api.github.com (call at line 34)" in github["evidence"], github
    assert not any("own server" in e for e in github["evidence"]), github
    local = at(verdicts, "a.py", 35)
    assert any("a path of this project's own server" in e for e in local["evidence"]), local
    assert at(verdicts, "a.py", 36)["houston"] is True
