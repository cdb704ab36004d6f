"""Red team 10 (issue 12), F6/F7/F8/F12: project schema globs, test clients, imported helpers and URL settings.

Each test is one ``check --format json`` run of the installed console script over a directory.

* F6: a graphql-config / codegen ``schema:`` glob (``schema/**/*.graphqls``, ``./schema/*.graphqls``) or
  graphql-config's object form names the project's own SDL; a glob naming nothing local, or reaching
  through a symlink out of the tree, gives nothing.
"""

import os

import pytest
from verdicts_cli import at, check, run, write


SDL = (
    "type Deployment { id: ID! label: String! releaseName: String! airflowVersion: String! }\n"
    "type Query { deployments: [Deployment!]! }\n"
)
LIST = "query List { deployments { id releaseName airflowVersion } }\n"


@pytest.mark.parametrize(
    "config, text",
    [
        (".graphqlrc.yml", 'schema: "schema/**/*.graphqls"\n'),
        ("codegen.ts", "const config = {\n  schema: './schema/*.graphqls',\n  documents: ['client/**/*.graphql'],\n};\nexport default config;\n"),
        ("codegen.yml", 'schema: "schema/*.graphqls"\ndocuments: "client/queries/*.graphql"\n'),
        (".graphqlrc.yml", "schema:\n  - schema/api.graphqls:\n      noRequire: true\n"),
        (".graphqlrc.json", '{"schema": [{"schema/api.graphqls": {"noRequire": true}}]}\n'),
        (".graphqlrc.yml", "schema: 'schema/*.{graphql,graphqls}'\n"),
    ],
)
def test_schema_glob_or_object_form_names_the_projects_sdl(tmp_path, config, text):
    write(tmp_path, {config: text, "schema/api.graphqls": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")  # the SDL is not in the run: only the config names it
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert document["houston"] is False, document
    assert any(f"named by {config}" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0


def test_schema_glob_naming_no_local_sdl_is_no_evidence(tmp_path):
    write(tmp_path, {".graphqlrc.yml": 'schema: "other/**/*.graphqls"\n', "schema/api.graphqls": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert not any("named by" in e for e in document["evidence"]), document
    # the glob names nothing, so the config says nothing; the .graphqls file is still the project's own
    # SDL wherever it is (red team 16, report 12, F18: federation and .graphqls schemas), and it fits
    assert document["houston"] is False and any("SDL" in e for e in document["evidence"]), document


def test_schema_glob_does_not_follow_a_symlink_out_of_the_tree(tmp_path):
    outside = tmp_path / "outside"
    write(outside, {"api.graphqls": SDL})
    project = tmp_path / "project"
    write(project, {".graphqlrc.yml": 'schema: "schema/*.graphqls"\n', "client/queries/list.graphql": LIST})
    os.symlink(outside, project / "schema")
    completed, verdicts, findings = check(project, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert not any("named by" in e for e in document["evidence"]), document


def test_schema_glob_naming_a_houston_schema_is_not_evidence_against(tmp_path):
    write(tmp_path, {".graphqlrc.yml": 'schema: "schema/*.graphql"\n', "schema/houston.graphql": SDL, "client/queries/list.graphql": LIST})
    completed, verdicts, findings = check(tmp_path, "client")
    document = at(verdicts, "client/queries/list.graphql", 1)
    assert document["houston"] is True, document


# -- F12: an imported URL setting's value ---------------------------------------------------------

TYPO = 'query { workspace(workspaceUuid: \\"x\\") { labl } }'


@pytest.mark.parametrize(
    "files, path",
    [
        ({"config.py": 'API_URL = "https://houston.acme.com/v1"\n',
          "a.py": f'import requests\nfrom config import API_URL\ndef main():\n    requests.post(API_URL, json={{"query": "{TYPO}"}})\n'}, "a.py"),
        ({"config.py": 'API_URL = "https://houston.acme.com/v1"\n',
          "a.py": f'import requests\nimport config\ndef main():\n    requests.post(config.API_URL, json={{"query": "{TYPO}"}})\n'}, "a.py"),
        ({"config.py": 'API_URL = "https://houston.acme.com/v1"\n',
          "a.py": f'import requests\nfrom config import API_URL as URL\ndef main():\n    requests.post(URL, json={{"query": "{TYPO}"}})\n'}, "a.py"),
        ({"pkg/__init__.py": "", "pkg/settings.py": 'import os\nENDPOINT = os.environ.get("PLATFORM_ENDPOINT", "https://houston.acme.com/v1")\n',
          "pkg/a.py": f'import requests\nfrom .settings import ENDPOINT\ndef main():\n    requests.post(ENDPOINT, json={{"query": "{TYPO}"}})\n'}, "pkg/a.py"),
    ],
)
def test_imported_setting_naming_houston_is_decisive_for_houston(tmp_path, files, path):
    write(tmp_path, files)
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, path, 4)
    assert document["houston"] is True, document
    assert any("houston.acme.com/v1 (imported" in e for e in document["evidence"]), document
    assert [f["code"] for f in findings if f["path"] == path and f["severity"] == "error"] == ["fields-on-correct-type"]
    assert completed.returncode == 1


def test_imported_houston_url_beside_the_files_houston_endpoint_is_houston_not_against(tmp_path):
    write(tmp_path, {
        "config.py": 'STAGING_API = "https://houston.staging.acme.com/v1"\n',
        "promote.py": (
            "import os, requests\nfrom config import STAGING_API\nHOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n\ndef main():\n"
            "    requests.post(HOUSTON_URL, json={\"query\": \"query { workspaces { id } }\"})\n"
            "    requests.post(STAGING_API, json={\"query\": 'mutation { createDeployment(workspaceUuid: \"w\", label: \"x\", "
            "type: \"airflow\", airflowVersion: \"2.3.4-11\") { id } }'})\n"
        ),
    })
    completed, verdicts, findings = check(tmp_path, "--houston-version", "1.0.1")
    document = at(verdicts, "promote.py", 7)
    assert document["houston"] is True, document
    assert not any("not to the file's Houston endpoint" in e for e in document["evidence"]), document
    assert any(f["path"] == "promote.py" and f["line"] == 7 and f["severity"] == "error" for f in findings), findings
    assert completed.returncode == 1


def test_imported_setting_naming_another_host_counts_against(tmp_path):
    write(tmp_path, {
        "config.py": 'GH_API = "https://api.github.com/graphql"\nINV_API = "https://inventory.acme-corp.com/v1"\n',
        "a.py": (
            f'import os, requests\nfrom config import GH_API, INV_API\nHOUSTON_URL = os.environ["HOUSTON_URL"]\ndef main():\n'
            f'    requests.post(GH_API, json={{"query": "{TYPO}"}})\n'
            f'    requests.post(INV_API, json={{"query": "{TYPO}"}})\n'
            '    requests.post(HOUSTON_URL, json={"query": "query { workspaces { id } }"})\n'
        ),
    })
    completed, verdicts, findings = check(tmp_path)
    assert at(verdicts, "a.py", 5)["houston"] is False
    assert at(verdicts, "a.py", 6)["houston"] is False
    assert any("inventory.acme-corp.com/v1 (imported" in e for e in at(verdicts, "a.py", 6)["evidence"])
    assert findings == [] and completed.returncode == 0


# -- F8: a helper imported from another module of the run ----------------------------------------

PLATFORM_CLIENT = (
    "import os, requests\nHOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n"
    "def run_query(query, variables=None):\n"
    "    return requests.post(HOUSTON_URL, json={\"query\": query, \"variables\": variables or {}},\n"
    "                         headers={\"authorization\": os.environ[\"HOUSTON_API_TOKEN\"]}).json()\n"
)


def test_imported_helper_posting_to_houston_sends_houston_documents(tmp_path):
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/platform_client.py": PLATFORM_CLIENT,
        "imported_helper.py": (
            "from lib.platform_client import run_query\nDEPLOYS = \"query { deploymnts { id } }\"\ndef main():\n"
            "    run_query(DEPLOYS)\n    run_query(\"query Q { workspace(workspaceUuid: \\\"x\\\") { id labl } }\")\n"
        ),
        "aliased.py": "from lib.platform_client import run_query as rq\ndef main():\n    rq(\"query { workspace(workspaceUuid: \\\"x\\\") { labl } }\")\n",
    })
    completed, verdicts, findings = check(tmp_path)
    for path, line in (("imported_helper.py", 2), ("imported_helper.py", 5), ("aliased.py", 3)):
        document = at(verdicts, path, line)
        assert document["houston"] is True, document
        assert any("of lib/platform_client.py, which posts to HOUSTON_URL" in e for e in document["evidence"]), document
    errors = sorted((f["path"], f["line"]) for f in findings if f["severity"] == "error")
    assert errors == [("aliased.py", 3), ("imported_helper.py", 2), ("imported_helper.py", 5)]
    assert completed.returncode == 1


def test_imported_helper_posting_to_another_api_counts_against(tmp_path):
    write(tmp_path, {
        "lib/__init__.py": "",
        "lib/gh.py": (
            "import requests\nGH = \"https://api.github.com/graphql\"\ndef gh_query(query):\n"
            "    return requests.post(GH, json={\"query\": query}).json()\ndef inv(query):\n"
            "    return requests.post(\"https://inventory.acme-corp.com/v1\", json={\"query\": query}).json()\n"
        ),
        "use.py": (
            "import os, requests\nfrom lib.gh import gh_query, inv\nHOUSTON_URL = os.environ[\"HOUSTON_URL\"]\ndef main():\n"
            "    gh_query(\"query { deployments(workspaceUuid: \\\"w\\\") { id labl } }\")\n"
            "    inv(\"query { deployments(workspaceUuid: \\\"w\\\") { id labl } }\")\n"
            "    requests.post(HOUSTON_URL, json={\"query\": \"query { workspaces { id } }\"})\n"
        ),
    })
    completed, verdicts, findings = check(tmp_path)
    assert at(verdicts, "use.py", 5)["houston"] is False
    assert at(verdicts, "use.py", 6)["houston"] is False
    assert findings == [] and completed.returncode == 0


def test_imported_constant_sent_through_the_importers_houston_helper_is_houston(tmp_path):
    write(tmp_path, {
        "queries.py": 'WORKSPACES = """\nquery Workspaces { workspacs { id } }\n"""\nDEPS = "query Deps { deployments { id labl } }"\n',
        "main.py": (
            "import os, requests\nfrom queries import WORKSPACES, DEPS\nHOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n"
            "def houston(q):\n    return requests.post(HOUSTON_URL, json={\"query\": q}).json()\n"
            "def main():\n    requests.post(HOUSTON_URL, json={\"query\": WORKSPACES})\n    houston(DEPS)\n"
        ),
    })
    completed, verdicts, findings = check(tmp_path)
    assert at(verdicts, "main.py", 8)["houston"] is True
    assert ("main.py", 8) in [(f["path"], f["line"]) for f in findings if f["severity"] == "error"], findings
    assert completed.returncode == 1


# -- F7: test clients of the project's own server ------------------------------------------------

UPGRADE = 'mutation { updateDeploymentAirflow(deploymentUuid: "d", desiredAirflowVersion: "2.4.3-6") { id } }'
LISTED = 'query { deployments(workspaceUuid: "w") { id releaseName airflowVersion } }'

TEST_CLIENT_FILES = {
    "test_aiohttp_client.py": (
        f'from myapp.server import make_app\nUPGRADE = """\n{UPGRADE}\n"""\n\n'
        "async def test_upgrade(aiohttp_client):\n    client = await aiohttp_client(make_app())\n"
        '    resp = await client.post("/v1", json={"query": UPGRADE})\n    assert resp.status == 200\n'
    ),
    "test_webtest.py": (
        f'from webtest import TestApp\nfrom myapp import wsgi_app\nQ = """\n{LISTED}\n"""\n\n'
        'def test_q():\n    app = TestApp(wsgi_app)\n    res = app.post_json("/v1", {"query": Q})\n    assert res.status_int == 200\n'
    ),
    "test_fastapi_fixture.py": (
        f'import pytest\nfrom fastapi.testclient import TestClient\nfrom myapp.main import app\nQ = """\n{LISTED}\n"""\n\n'
        '@pytest.fixture(name="gql")\ndef gql_fixture():\n    client = TestClient(app)\n    def run(query, **variables):\n'
        '        return client.post("/v1", json={"query": query, "variables": variables}).json()\n    return run\n\n'
        "def test_q(gql):\n    assert gql(Q)\n"
    ),
    "tests/conftest.py": (
        "import pytest\nfrom myapp import create_app\n\n@pytest.fixture\ndef client():\n    app = create_app()\n"
        "    return app.test_client()\n\n@pytest.fixture\ndef api(client):\n    def call(q, variables=None):\n"
        '        return client.post("/api", json={"query": q, "variables": variables or {}}).get_json()\n    return call\n'
    ),
    "tests/test_api.py": (
        f'import os\nimport requests\nHOUSTON = os.environ.get("HOUSTON_URL", "https://houston.example.com/v1")\nLIST = """\n{LISTED}\n"""\n\n'
        "def test_list(api):\n    assert api(LIST)\n\n"
        'def test_live():\n    r = requests.post(HOUSTON, json={"query": "{ self { user { id } } }"})\n    assert r.ok\n'
    ),
}


def test_test_clients_of_the_projects_own_server_are_decisive_against_houston(tmp_path):
    write(tmp_path, TEST_CLIENT_FILES)
    completed, verdicts, findings = check(tmp_path)
    expected = {
        ("test_aiohttp_client.py", 2): "aiohttp_client(...).post('/v1')",
        ("test_webtest.py", 3): "TestApp(...).post_json('/v1')",
        ("test_fastapi_fixture.py", 4): "fixture gql(): TestClient(...)",
        ("tests/test_api.py", 4): "fixture api() of tests/conftest.py",
    }
    for (path, line), words in expected.items():
        document = at(verdicts, path, line)
        assert document["houston"] is False, document
        assert any(words in e for e in document["evidence"]), document
    assert at(verdicts, "tests/test_api.py", 12)["houston"] is True  # the live call still goes to Houston
    assert [f for f in findings if f["severity"] in ("error", "warning")] == []
    rewritten = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert "runtimeAirflowVersion" not in rewritten.stdout, rewritten.stdout


def test_a_fixture_that_builds_no_test_client_is_no_evidence(tmp_path):
    write(tmp_path, {
        "tests/conftest.py": (
            "import os, pytest, requests\n\n@pytest.fixture\ndef api():\n    def call(q):\n"
            '        return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()\n    return call\n'
        ),
        "tests/test_api.py": f'LIST = """\n{LISTED}\n"""\n\ndef test_list(api):\n    assert api(LIST)\n',
    })
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "tests/test_api.py", 1)
    assert not any("test client" in e for e in document["evidence"]), document
    assert document["houston"] is True
