"""Client classes and their instances (issue 12, red team 15, report 12, F1-F3), through the installed CLI.

An instance's ``self.url`` is what Python finds for it: its own class's MRO (a class attribute of
the class first, then of its bases), ``self.url = url`` given by its own construction, followed
through ``super().__init__(URL, ...)`` / ``Base.__init__(self, URL)`` chains, a generated
``__init__``'s field (``@dataclass``, pydantic) given by keyword or position, else the field's
default.  Never a sibling class's URL:

* F1: ``HoustonClient(GraphQLClient)`` and ``HasuraClient(GraphQLClient)`` each with a ``url`` class
  attribute: ``hasura.query(doc)`` is not Houston's and ``houston.query(doc)`` is, whichever class
  comes first, also when a subclass defines methods of its own (the inherited ``query`` is still
  found); a rewrite never touches the Hasura query;
* F2: ``super().__init__("https://...")`` chains, two levels deep and ``Base.__init__(self, URL)``;
* F3: a dataclass field's default gives way to the URL the instance is built with;
* a document sent on ``self`` in the base class (receiver not placed): every instance's URL counts,
  Houston's and Hasura's disagree, so it is undecided (before: decisive on the first subclass's URL).

Each tree is checked once (module fixtures); the tests read its JSON report.
"""

import pytest

from verdicts_cli import at, check, run, write

BASE = '''import os
import requests

class GraphQLClient:
    url = None

    def __init__(self, token):
        self.token = token

    def query(self, q, variables=None):
        r = requests.post(self.url, json={"query": q, "variables": variables},
                          headers={"authorization": self.token})
        return r.json()["data"]

    def inventory(self):
        return self.query("query { deployments { id name region } }")
'''
HOUSTON_SUB = '''
class HoustonClient(GraphQLClient):
    url = "https://houston.astro.acme.com/v1"
'''
HASURA_SUB = '''
class HasuraClient(GraphQLClient):
    url = "https://acme.hasura.app/v1/graphql"

    def describe(self):
        return "hasura"
'''
SENDS = '''
houston = HoustonClient(os.environ["HOUSTON_API_TOKEN"])
hasura = HasuraClient(os.environ["HASURA_TOKEN"])

def main():
    houston.query("query { deploymnts { id releaseName } }")
    hasura.query("query { deployments { id name airflowVersion } }")
    hasura.query("query { workspaces { id name slug } }")
'''
SUPER_CHAIN = '''import os
import requests

class GraphQLClient:
    def __init__(self, url, token):
        self.url = url
        self.token = token

    def query(self, q, variables=None):
        return requests.post(self.url, json={"query": q, "variables": variables}).json()

class Authenticated(GraphQLClient):
    def __init__(self, url, token=""):
        super().__init__(url, token)

class HoustonClient(Authenticated):
    def __init__(self, token):
        super().__init__("https://houston.astro.acme.com/v1", token)

class HasuraClient(GraphQLClient):
    def __init__(self, token):
        GraphQLClient.__init__(self, "https://acme.hasura.app/v1/graphql", token)

def main():
    HoustonClient(os.environ["HOUSTON_API_TOKEN"]).query("query { deploymnts { id releaseName } }")
    HasuraClient(os.environ["HASURA_TOKEN"]).query("query { deployments { id name region } }")
'''
DATACLASS = '''from dataclasses import dataclass
import requests

@dataclass
class Endpoint:
    url: str = "https://houston.astro.acme.com/v1"
    token: str = ""

    def run(self, q):
        return requests.post(self.url, json={"query": q}, headers={"authorization": self.token}).json()

CATALOG = Endpoint(url="https://catalog.acme-corp.net/graphql")
INVENTORY = Endpoint("https://inventory.acme-corp.net/graphql")
HOUSTON = Endpoint()

HOUSTON.run("{ workspacs { id } }")
CATALOG.run("{ deployments { id name region } }")
INVENTORY.run("{ deployments { id name tier } }")
'''


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt16_clients")
    write(root, {
        "houston_first.py": BASE + HOUSTON_SUB + HASURA_SUB + SENDS,
        "hasura_first.py": BASE + HASURA_SUB + HOUSTON_SUB + SENDS,
        "chain.py": SUPER_CHAIN,
        "fields.py": DATACLASS,
    })
    return check(root)


def _errors(findings, path):
    return sorted(f["line"] for f in findings if f["path"] == path and f["severity"] == "error")


@pytest.mark.parametrize("path", ["houston_first.py", "hasura_first.py"])
def test_f1_each_instance_is_judged_by_its_own_class(report, path):
    _completed, verdicts, findings = report
    houston_doc, hasura_docs = 31, (32, 33)
    mine = at(verdicts, path, houston_doc)
    assert mine["houston"] is True, mine
    assert any("url houston.astro.acme.com/v1 (call at line 31)" in e for e in mine["evidence"]), mine
    assert not any("hasura" in e for e in mine["evidence"]), mine
    for line in hasura_docs:
        theirs = at(verdicts, path, line)
        assert theirs["houston"] is False, theirs
        assert not any("houston.astro.acme.com/v1 (call at line" in e for e in theirs["evidence"]), theirs
    # only the Houston typo is an error; the Hasura fields are not Houston's business
    assert _errors(findings, path) == [houston_doc]


@pytest.mark.parametrize("path", ["houston_first.py", "hasura_first.py"])
def test_f1_a_send_on_self_in_the_base_class_is_undecided(report, path):
    _completed, verdicts, _findings = report
    inventory = at(verdicts, path, 16)  # self.query(...) in GraphQLClient: any subclass's instance
    assert inventory["houston"] is None, inventory


def test_f2_super_init_chains_are_followed(report):
    _completed, verdicts, findings = report
    mine = at(verdicts, "chain.py", 25)
    assert mine["houston"] is True, mine
    theirs = at(verdicts, "chain.py", 26)
    assert theirs["houston"] is False, theirs
    assert any("acme.hasura.app" in e for e in theirs["evidence"]), theirs
    assert _errors(findings, "chain.py") == [25]


def test_f3_the_construction_outranks_a_dataclass_default(report):
    _completed, verdicts, findings = report
    assert at(verdicts, "fields.py", 16)["houston"] is True  # HOUSTON = Endpoint(): the default
    for line, host in ((17, "catalog.acme-corp.net"), (18, "inventory.acme-corp.net")):  # keyword, position
        theirs = at(verdicts, "fields.py", line)
        assert theirs["houston"] is False, theirs
        assert any(host in e for e in theirs["evidence"]), theirs
        assert not any("houston.astro.acme.com/v1 (call at line" in e for e in theirs["evidence"]), theirs
    assert _errors(findings, "fields.py") == [16]


def test_f1_rewrite_leaves_the_hasura_query_alone(tmp_path):
    write(tmp_path, {"clients.py": BASE + HOUSTON_SUB + HASURA_SUB + SENDS})
    completed = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert completed.returncode in (0, 1), completed.stderr
    assert "runtimeAirflowVersion" not in completed.stdout, completed.stdout


PLATFORM = '''import requests

class PlatformClient:
    def __init__(self, url, token):
        self.url = url
        self.session = requests.Session()
        self.session.headers["authorization"] = token

    def query(self, q, **variables):
        r = self.session.post(self.url, json={"query": q, "variables": variables})
        return r.json()["data"]
'''
CLIENTS = '''import os
from .platform import PlatformClient

HOUSTON_URL = "https://houston.astro.acme.com/v1"
houston = PlatformClient(HOUSTON_URL, os.environ["HOUSTON_API_TOKEN"])
staging = PlatformClient(os.environ.get("HOUSTON_STAGING_URL", "https://houston.staging.acme.com/v1"), "")
github = PlatformClient("https://api.github.com/graphql", os.environ["GITHUB_TOKEN"])
'''
REPORT = '''from lib.clients import houston, staging, github

def main():
    houston.query("{ workspacs { id } }")
    staging.query("{ deploymnts { id } }")
    github.query("query { viewer { login } }")
'''


def test_f11_an_imported_instance_built_in_a_shared_module_is_followed(tmp_path):
    write(tmp_path, {"lib/__init__.py": "", "lib/platform.py": PLATFORM, "lib/clients.py": CLIENTS, "report.py": REPORT})
    completed, verdicts, findings = check(tmp_path)
    for line in (4, 5):  # a module constant, an environment default: both Houston's
        mine = at(verdicts, "report.py", line)
        assert mine["houston"] is True, mine
        assert any("sent by" in e and "lib/platform.py" in e for e in mine["evidence"]), mine
    theirs = at(verdicts, "report.py", 6)
    assert theirs["houston"] is False, theirs
    assert _errors(findings, "report.py") == [4, 5]
    assert completed.returncode == 1
