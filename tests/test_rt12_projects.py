"""Red team 12 (issue 12), F3/F4/F6/F8: project schemas, test clients, client classes, broken keywords.

Each test runs the installed console script over a directory (``check --format json``, or ``rewrite``).

* F3: a graphql-config / codegen ``schema:`` that is another host's URL (never fetched) or a local
  introspection ``schema.json`` binds the project's documents to that schema: evidence against Houston,
  so they are neither reported nor rewritten.  Houston's own URL or introspection stays no evidence.
"""

import json

import pytest
from verdicts_cli import at, check, run, write

DEPLOYMENTS = "query AllDeployments {\n  deployments {\n    id\n    releaseName\n    airflowVersion\n  }\n}\n"


def _introspection(fields):
    """A minimal introspection result declaring ``Deployment { fields }`` and ``Query.deployments``."""
    def field(name, kind="SCALAR", type_name="String", of=None):
        return {"name": name, "description": None, "args": [], "isDeprecated": False, "deprecationReason": None,
                "type": of or {"kind": kind, "name": type_name, "ofType": None}}

    listed = {"kind": "LIST", "name": None, "ofType": {"kind": "OBJECT", "name": "Deployment", "ofType": None}}
    types = [
        {"kind": "OBJECT", "name": "Deployment", "description": None, "fields": [field(f) for f in fields],
         "inputFields": None, "interfaces": [], "enumValues": None, "possibleTypes": None},
        {"kind": "OBJECT", "name": "Query", "description": None, "fields": [field("deployments", of=listed)],
         "inputFields": None, "interfaces": [], "enumValues": None, "possibleTypes": None},
        {"kind": "SCALAR", "name": "String", "description": None, "fields": None, "inputFields": None,
         "interfaces": None, "enumValues": None, "possibleTypes": None},
    ]
    return json.dumps({"data": {"__schema": {"queryType": {"name": "Query"}, "mutationType": None,
                                              "subscriptionType": None, "types": types, "directives": []}}})


@pytest.mark.parametrize(
    "config, extra, words",
    [
        ("codegen.yml", {}, "another API's URL: https://fleet.acme-corp.net/graphql"),
        (".graphqlrc.yml", {}, "another API's URL: https://fleet.acme-corp.net/graphql"),
        ("codegen.yml", {"schema.json": _introspection(["id", "releaseName", "airflowVersion"])}, "introspection schema"),
    ],
)
def test_f3_config_schema_url_or_introspection_is_against_houston(tmp_path, config, extra, words):
    schema = "./schema.json" if extra else '"https://fleet.acme-corp.net/graphql"'
    write(tmp_path, {config: f'schema: {schema}\ndocuments: "src/**/*.graphql"\n', "src/queries/deployments.graphql": DEPLOYMENTS, **extra})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "src/queries/deployments.graphql", 1)
    assert document["houston"] is False, document
    assert any(words in e and f"named by {config}" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "src/queries/deployments.graphql").read_text() == DEPLOYMENTS  # not migrated


@pytest.mark.parametrize(
    "schema, extra",
    [
        ('"https://houston.acme.com/v1"', {}),  # Houston's own endpoint
        ("./schema.json", {"schema.json": _introspection(["id", "releaseName", "airflowVersion", "workspaceUuid"])}),
        ("./schema.json", {"schema.json": '{"not": "an introspection result"}'}),
    ],
)
def test_f3_houston_schema_url_or_introspection_is_no_evidence(tmp_path, schema, extra):
    write(tmp_path, {"codegen.yml": f"schema: {schema}\n", "src/queries/deployments.graphql": DEPLOYMENTS, **extra})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "src/queries/deployments.graphql", 1)
    assert document["houston"] is True, document  # Houston-only vocabulary, nothing against it
    assert any(f["code"] == "deprecated" for f in findings), findings


# F4: the project's own test clients, under any fixture name or tool.
SEND = '{"query": "query { deployments { id releaseName airflowVersion } }"}'
CONFTEST = "import pytest\nfrom starlette.testclient import TestClient\nfrom app.main import app\n@pytest.fixture\ndef api():\n    return TestClient(app)\n"


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("tests/test_api.py", f'def test_list(api):\n    r = api.post("/v1", json={SEND})\n', 2),
        ("tests/test_django.py", f'from django.test import Client\ndef test_list():\n    c = Client()\n    r = c.post("/graphql/", {SEND}, content_type="application/json")\n', 4),
        ("tests/test_live.py", f'import requests\ndef test_live(live_server):\n    r = requests.post(live_server.url + "/graphql/", json={SEND})\n', 3),
        ("tests/test_tornado.py", "import json\nfrom tornado.testing import AsyncHTTPTestCase\nclass T(AsyncHTTPTestCase):\n"
         f'    def test_list(self):\n        r = self.fetch("/graphql", method="POST", body=json.dumps({SEND}))\n', 5),
    ],
)
def test_f4_project_test_clients_are_against_houston(tmp_path, name, text, line):
    write(tmp_path, {"tests/conftest.py": CONFTEST, name: text})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, name, line)
    assert document["houston"] is False, document
    assert any("test client" in e or "own server" in e or "live server" in e for e in document["evidence"]), document
    assert findings == [] and completed.returncode == 0
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0 and (tmp_path / name).read_text() == text, rewritten.stderr


@pytest.mark.parametrize(
    "name, text, line",
    [
        # a fixture parameter that no conftest.py builds a test client in
        ("tests/test_api.py", f'def test_list(other):\n    r = other.post("/v1", json={SEND})\n', 2),
        # the project's own Client class (no django.test import), and a fetch() method outside a tornado test case
        ("tests/test_client.py", f'from lib import Client\ndef test_list():\n    c = Client()\n    r = c.post("/v1", {SEND})\n', 4),
        ("tests/test_fetch.py", f"import json\nclass T:\n    def run(self):\n        return self.fetch(\"/v1\", body=json.dumps({SEND}))\n", 4),
    ],
)
def test_f4_lookalikes_are_not_test_clients(tmp_path, name, text, line):
    write(tmp_path, {"tests/conftest.py": CONFTEST, name: text})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, name, line)
    assert not any("test client" in e or "own server" in e for e in document["evidence"]), document
    assert document["houston"] is not False, document


# F6: a Houston client class imported from a module of the run, and a function delegating to it.
PLATFORM = '''import os, requests

class PlatformClient:
    def __init__(self):
        self.url = os.environ["HOUSTON_URL"]
        self.s = requests.Session()

    def query(self, q, **variables):
        r = self.s.post(self.url, json={"query": q, "variables": variables})
        return r.json()["data"]

def run_query(q, **variables):
    return PlatformClient().query(q, **variables)
'''
TYPO = 'query { workspaceDeployments(workspaceUuid: \\"x\\") { id releaseNam } }'
GITHUB = '    requests.post("https://api.github.com/graphql", json={"query": "query { viewer { login } }"})\n'


@pytest.mark.parametrize(
    "text, through",
    [
        (f'import requests\nfrom lib.platform import PlatformClient\ndef main():\n    c = PlatformClient()\n    c.query("{TYPO}", ws="x")\n{GITHUB}', "PlatformClient.query()"),
        (f'import requests\nfrom lib.platform import PlatformClient\ndef main():\n    pass\n    PlatformClient().query("{TYPO}")\n{GITHUB}', "PlatformClient.query()"),
        (f'import requests\nfrom lib import platform\ndef main():\n    c = platform.PlatformClient()\n    c.query("{TYPO}")\n{GITHUB}', "query()"),
        (f'import requests\nfrom lib.platform import run_query as rq\ndef main():\n    pass\n    rq("{TYPO}")\n{GITHUB}', "through PlatformClient.query()"),
    ],
)
def test_f6_imported_houston_client_class_is_followed(tmp_path, text, through):
    write(tmp_path, {"lib/__init__.py": "", "lib/platform.py": PLATFORM, "audit.py": text})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "audit.py", 5)
    assert document["houston"] is True, document
    sent = [e for e in document["evidence"] if "of lib/platform.py, which posts to self.url" in e]
    assert sent and through in sent[0] and "(call at line 5)" in sent[0], document
    assert any(f["code"] == "fields-on-correct-type" and f["line"] == 5 and "releaseName" in f["message"] for f in findings), findings
    assert completed.returncode == 1
    assert at(verdicts, "audit.py", 6)["houston"] is False  # the GitHub call beside it


def test_f6_imported_class_posting_elsewhere_is_not_houston(tmp_path):
    other = PLATFORM.replace('os.environ["HOUSTON_URL"]', '"https://api.github.com/graphql"')
    text = 'from lib.platform import PlatformClient\ndef main():\n    PlatformClient().query("query { deployments { id releaseName airflowVersion } }")\n'
    write(tmp_path, {"lib/__init__.py": "", "lib/platform.py": other, "audit.py": text})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "audit.py", 3)
    assert document["houston"] is False, document
    assert findings == [] and completed.returncode == 0


# F8: a Houston send of something that is not a valid document is a syntax error to report, at the string.
HELPER = 'import os, requests\nURL = os.environ["HOUSTON_URL"]\ndef houston(q, **v):\n    return requests.post(URL, json={"query": q, "variables": v}).json()\n'
BROKEN = [
    ('mutaton { createDeployment(workspaceUuid: \\"x\\", label: \\"y\\") { id } }', "Unexpected Name 'mutaton'"),
    ("quer { workspaces { id label } }", "Unexpected Name 'quer'"),
    ("workspaces { id label }", "Unexpected Name 'workspaces'"),
]


@pytest.mark.parametrize("text, message", BROKEN)
def test_f8_broken_document_sent_to_houston_is_a_syntax_error(tmp_path, text, message):
    write(tmp_path, {"deploy.py": f'{HELPER}def main():\n    houston("{text}")\n'})
    completed, verdicts, findings = check(tmp_path)
    errors = [f for f in findings if f["code"] == "graphql-syntax"]
    assert len(errors) == 1 and message in errors[0]["message"], findings
    assert (errors[0]["line"], errors[0]["column"]) == (6, 14), errors  # the string's first character
    assert completed.returncode == 1


def test_f8_broken_document_through_an_imported_houston_helper(tmp_path):
    write(tmp_path, {"lib.py": HELPER, "upgrade.py": 'from lib import houston\ndef main():\n    houston("quer { workspaces { id } }")\n'})
    completed, verdicts, findings = check(tmp_path)
    assert [(f["path"], f["line"], f["code"]) for f in findings] == [("upgrade.py", 3, "graphql-syntax")], findings
    assert completed.returncode == 1


@pytest.mark.parametrize("text, _message", BROKEN)
def test_f8_broken_text_sent_elsewhere_is_no_document(tmp_path, text, _message):
    other = HELPER.replace('os.environ["HOUSTON_URL"]', '"https://api.github.com/graphql"').replace("houston", "gh")
    write(tmp_path, {"deploy.py": f'{other}def main():\n    gh("{text}")\n    gh("SELECT 1")\n'})
    completed, verdicts, findings = check(tmp_path)
    assert findings == [] and completed.returncode == 0
    assert "deploy.py" not in verdicts or all(d["line"] < 6 for d in verdicts["deploy.py"]), verdicts


def test_f8_houston_named_shorthand_alone_in_its_file(tmp_path):
    write(tmp_path, {"consts.py": 'HOUSTON_WS = "{ workspacz { id } }"\nOTHER = "{ workspacz { id } }"\n'})
    completed, verdicts, findings = check(tmp_path)
    assert [(f["line"], f["column"], f["code"]) for f in findings] == [(1, 17, "fields-on-correct-type")], findings
    assert "workspaces" in findings[0]["message"] and completed.returncode == 1
