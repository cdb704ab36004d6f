"""Helpers followed to the send in their body (issue 12, red team 15, report 12: F5, F6, F7).

* F5: a helper posting through a test client of the project's own server (FastAPI's
  ``TestClient``, Flask's ``app.test_client()``, a pytest fixture ``client`` handed in) to a
  relative ``/graphql`` path: what it is handed is a test of the project's own server, not
  Houston's, whatever its vocabulary, and ``rewrite`` leaves it alone;
* F6: a helper sending through ``requests.post(**kwargs)`` (a dict literal with ``url`` and
  ``json={"query": q}``) is a helper: documents handed to it are found, judged by that URL;
* F7: an imported helper whose URL is a parameter with a default (``def run_query(query,
  variables=None, url=HOUSTON_URL)``) is followed: a caller passing no URL posts to the default,
  one passing ``url=CATALOG`` to that URL.

One ``check`` run over one tree (and one ``rewrite --diff`` of the F5 part); each test reads its
file's part of the JSON report.
"""

import pytest

from verdicts_cli import at, check, run, write

FASTAPI = '''from fastapi.testclient import TestClient
from app.main import app

client = TestClient(app)


def gql(query, **variables):
    return client.post("/graphql", json={"query": query, "variables": variables}).json()


def test_deployments():
    assert "errors" not in gql("{ deployments { id releaseName airflowVersion } }")


def test_create():
    gql('mutation { createDeployment(workspaceUuid: "1", label: "x", type: "airflow", airflowVersion: "2.3.4") { id } }')
'''

FIXTURE = '''import pytest
from fastapi.testclient import TestClient
from app.main import app


@pytest.fixture
def client():
    return TestClient(app)


def gql(client, query):
    return client.post("/graphql", json={"query": query}).json()


def test_deployments(client):
    assert "errors" not in gql(client, "{ deployments { id releaseName airflowVersion } }")
'''

FLASK = '''from myapp import create_app

app = create_app()
tc = app.test_client()


def run(q):
    return tc.post("/v1", json={"query": q}).get_json()


def test_it():
    assert run("{ deployments { id releaseName airflowVersion } }")["data"]
'''

# F5's boundary: a relative path on a client whose base URL is Houston's is Houston's
BASE_URL = '''import httpx

houston = httpx.Client(base_url="https://houston.example.com")


def real(q):
    return houston.post("/v1", json={"query": q}).json()


real("{ workspacs { id } }")
'''

KWARGS = '''import requests

BASE = "https://houston.example.com"


def kw(q):
    kwargs = {"url": f"{BASE}/v1", "json": {"query": q}}
    return requests.post(**kwargs)


def kw2(q):
    return requests.post(**{"url": BASE + "/v1", "json": {"query": q}})


kw("{ workspacs { id } }")
kw2("{ deploymnts { id } }")
'''

# F6's boundary: the same helper posting to another API, in a file also naming Houston
KWARGS_OTHER = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"
INVENTORY = "https://inventory.acme-corp.net/graphql"


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


def inv(q):
    kwargs = {"url": INVENTORY, "json": {"query": q}}
    return requests.post(**kwargs)


houston("{ workspaces { id } }")
inv("{ deployments { id name region } }")
'''

GQLUTIL = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"


def run_query(query, variables=None, url=HOUSTON_URL):
    return requests.post(url, json={"query": query, "variables": variables}).json()
'''

GQLUTIL_ENV = '''import os
import requests

HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.example.com/v1")


def run_query(query, variables=None, url=HOUSTON_URL, token=None):
    headers = {"authorization": token or os.environ.get("HOUSTON_API_TOKEN", "")}
    r = requests.post(url, json={"query": query, "variables": variables}, headers=headers)
    return r.json()["data"]
'''

MAIN = '''from gqlutil import run_query

run_query("{ workspacs { id } }")
run_query("quer { workspaces { id } }")
'''

CATALOG_SYNC = '''from lib.gqlutil import run_query

CATALOG = "https://catalog.acme-corp.net/graphql"


def main():
    deps = run_query("{ deployments { id name region owner } }", url=CATALOG, token="x")
    run_query("{ workspacs { id } }")
    run_query("{ deploymnts { id } }", None, "https://houston.example.com/v1")
'''

F5_TREE = {"f5/test_fastapi.py": FASTAPI, "f5/test_fixture.py": FIXTURE, "f5/test_flask.py": FLASK}
TREE = dict(F5_TREE)
TREE.update({
    "f5/base_url.py": BASE_URL,
    "f6/kw.py": KWARGS,
    "f6/kw_other.py": KWARGS_OTHER,
    "f7/gqlutil.py": GQLUTIL,
    "f7/main.py": MAIN,
    "f7b/lib/__init__.py": "",
    "f7b/lib/gqlutil.py": GQLUTIL_ENV,
    "f7b/scripts/catalog_sync.py": CATALOG_SYNC,
})


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt16_helpers")
    write(root, TREE)
    return check(root)


def _codes(findings, path, line):
    return [f["code"] for f in findings if f["path"] == path and f["line"] == line]


@pytest.mark.parametrize("path, lines", [
    ("f5/test_fastapi.py", (12, 16)),
    ("f5/test_fixture.py", (16,)),
    ("f5/test_flask.py", (12,)),
])
def test_f5_helper_posting_to_the_projects_own_server_is_not_houston(report, path, lines):
    _completed, verdicts, findings = report
    for line in lines:
        document = at(verdicts, path, line)
        assert document["houston"] is False, document
        assert any("own server" in e or "test client" in e for e in document["evidence"]), document["evidence"]
    assert not [f for f in findings if f["path"] == path]


def test_f5_rewrite_leaves_the_projects_own_tests_alone(tmp_path):
    write(tmp_path, F5_TREE)
    completed = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "runtimeAirflowVersion" not in completed.stdout and "runtimeVersion" not in completed.stdout
    assert (tmp_path / "f5/test_fastapi.py").read_text() == FASTAPI


def test_f5_relative_path_on_a_houston_base_url_stays_houston(report):
    _completed, verdicts, findings = report
    assert at(verdicts, "f5/base_url.py", 10)["houston"] is True
    assert "fields-on-correct-type" in _codes(findings, "f5/base_url.py", 10)


def test_f6_helper_sending_through_a_splatted_dict_is_followed(report):
    _completed, verdicts, findings = report
    for line in (15, 16):
        document = at(verdicts, "f6/kw.py", line)
        assert document["houston"] is True, document
        assert any("/v1" in e and "call at line" in e for e in document["evidence"]), document["evidence"]
        assert "fields-on-correct-type" in _codes(findings, "f6/kw.py", line)


def test_f6_splatted_helper_to_another_api_is_not_houston(report):
    _completed, verdicts, findings = report
    document = at(verdicts, "f6/kw_other.py", 17)
    assert document["houston"] is False, document
    assert any("inventory.acme-corp.net" in e for e in document["evidence"]), document["evidence"]
    assert not _codes(findings, "f6/kw_other.py", 17)


def test_f7_imported_helper_with_a_houston_default_url_is_followed(report):
    _completed, verdicts, findings = report
    document = at(verdicts, "f7/main.py", 3)
    assert document["houston"] is True, document
    assert any("its default HOUSTON_URL" in e for e in document["evidence"]), document["evidence"]
    assert "fields-on-correct-type" in _codes(findings, "f7/main.py", 3)
    # a mistyped keyword handed to it is a document Houston answers with a syntax error
    assert at(verdicts, "f7/main.py", 4)["houston"] is True
    assert _codes(findings, "f7/main.py", 4), findings


def test_f7_each_call_is_judged_by_the_url_it_passes(report):
    _completed, verdicts, findings = report
    path = "f7b/scripts/catalog_sync.py"
    catalog = at(verdicts, path, 7)
    assert catalog["houston"] is False, catalog
    assert not _codes(findings, path, 7)
    for line in (8, 9):  # no URL passed (the environment default), and Houston's URL passed by position
        document = at(verdicts, path, line)
        assert document["houston"] is True, document
        assert any("posts to its parameter url" in e for e in document["evidence"]), document["evidence"]
        assert "fields-on-correct-type" in _codes(findings, path, line)
