"""Red team 17, report 12 (F15, F28, F25, F16, F20, F21, F9): where an instance, or a URL built from parts, posts.

Each client instance is judged by its own construction, never by a sibling instance's URL (F15:
``catalog(doc)`` through ``__call__``, ``self.catalog``, ``CLIENTS["catalog"]``, also imported from a
module of the run; F28: ``f"{self.base}/v1"``; F16: a ``@property`` URL); where the instance is not
placed, Houston's URL at one and another concrete URL at another leave the document undecided. A URL
bound to a name first (F25), a base-URL client posting to ``"v1"`` (F21) or imported from a module of
the run (F9) is read as written at the call. An environment variable's name is said as one (F20).

Two runs of the installed CLI over one tree of small cases.
"""

from verdicts_cli import at, check, run, write

HEAD = '''import os
import httpx
import requests

HOUSTON_URL = os.environ.get("HOUSTON_URL", "https://houston.astro.acme.com/v1")
CATALOG_URL = "https://catalog.acme-corp.net/api"
'''

INVENTORY = 'INVENTORY = "query { deployments { id releaseName airflowVersion } }"\n'

CASES = {
    # F15: two instances of one class called through __call__
    "call_instances.py": HEAD + '''

class GraphQL:
    def __init__(self, url):
        self.url = url

    def __call__(self, query, variables=None):
        return requests.post(self.url, json={"query": query, "variables": variables or {}}).json()


catalog = GraphQL(CATALOG_URL)
platform = GraphQL(HOUSTON_URL)
''' + INVENTORY + '''WS = "query { workspaces { id labl1 } }"


def main():
    catalog(INVENTORY)
    platform(WS)
''',
    # F15: instances kept on a service object and in a dict
    "service.py": HEAD + '''

class GraphQL:
    def __init__(self, url):
        self.url = url

    def query(self, q):
        return requests.post(self.url, json={"query": q}).json()


''' + INVENTORY + '''WS = "query { workspaces { id labl2 } }"
INVENTORY2 = "query { deployments { releaseName airflowVersion } }"
WS2 = "query { workspaces { id labl3 } }"
CLIENTS = {"catalog": GraphQL(CATALOG_URL), "houston": GraphQL(HOUSTON_URL)}


class Sync:
    def __init__(self):
        self.houston = GraphQL(HOUSTON_URL)
        self.catalog = GraphQL(CATALOG_URL)

    def run(self):
        self.catalog.query(INVENTORY)
        self.houston.query(WS)


def other():
    CLIENTS["catalog"].query(INVENTORY2)
    CLIENTS["houston"].query(WS2)
''',
    # F15 fallback: the receiver is self, not placed: both instances' URLs, neither decisive
    "fallback.py": HEAD + INVENTORY + '''

class GraphQL:
    def __init__(self, url):
        self.url = url

    def query(self, q):
        return requests.post(self.url, json={"query": q}).json()

    def inventory(self):
        return self.query(INVENTORY)


catalog = GraphQL(CATALOG_URL)
platform = GraphQL(HOUSTON_URL)
''',
    # F28: an f-string over the instance's base
    "fbase.py": '''import os
import requests


class Api:
    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def query(self, q):
        return self.session.post(f"{self.base}/v1", json={"query": q}).json()


catalog = Api("https://catalog.acme-corp.net")
houston = Api(os.environ.get("HOUSTON_BASE", "https://houston.astro.acme.com"))
''' + INVENTORY + '''WS = "query { workspaces { id labl4 } }"


def main():
    catalog.query(INVENTORY)
    houston.query(WS)
''',
    # F16: self.url a property over the instance's host
    "prop.py": '''import os
import requests


class Api:
    def __init__(self, host):
        self.host = host

    @property
    def url(self):
        return f"https://{self.host}/v1"

    def query(self, q):
        return requests.post(self.url, json={"query": q}).json()


catalog = Api("catalog.acme-corp.net")
houston = Api(os.environ.get("HOUSTON_HOST", "houston.astro.acme.com"))
''' + INVENTORY + '''WS = "query { workspaces { id labl5 } }"


def main():
    catalog.query(INVENTORY)
    houston.query(WS)
''',
    # F25: URLs bound to a name first; F21: a base-URL client posting to "v1"
    "bound.py": '''import os
import httpx
import requests

BASE = os.environ.get("HOUSTON_BASE", "https://houston.astro.acme.com")
ENDPOINT = BASE + "/v1"
CATALOG_BASE = os.environ.get("CATALOG_BASE", "https://catalog.acme-corp.net")
T1 = "query { workspaces { id labl6 } }"
T2 = "query { workspaces { id labl7 } }"
T3 = "query { workspaces { id labl8 } }"
T4 = "query { workspaces { id labl9 } }"
T5 = "query { workspaces { id labl10 } }"
T6 = "query { workspaces { id labl11 } }"
''' + INVENTORY + '''

def one():
    return requests.post(ENDPOINT, json={"query": T1})


def two():
    url = f"{BASE}/v1"
    return requests.post(url, json={"query": T2})


def three():
    url = BASE.rstrip("/") + "/v1"
    return requests.post(url, json={"query": T3})


def four():
    url = "/".join([BASE, "v1"])
    return requests.post(url, json={"query": T4})


def five():
    url = ENDPOINT
    return requests.post(url, json={"query": T5})


def six():
    with httpx.Client(base_url=BASE) as c:
        return c.post("v1", json={"query": T6})


def inventory():
    url = CATALOG_BASE + "/api"
    return requests.post(url, json={"query": INVENTORY})


def gh():
    return requests.post("https://api.github.com/graphql", json={"query": "query { viewer { login } }"})
''',
    # F9 / F15 across modules: instances built in a library module of the run
    "lib/__init__.py": "",
    "lib/clients.py": HEAD + '''

class GraphQL:
    def __init__(self, url):
        self.url = url

    def __call__(self, query, variables=None):
        return requests.post(self.url, json={"query": query, "variables": variables or {}}).json()


catalog = GraphQL(CATALOG_URL)
platform = GraphQL(HOUSTON_URL)
houston_http = httpx.Client(base_url=HOUSTON_URL)
''',
    "report.py": '''from lib.clients import catalog, houston_http, platform

''' + INVENTORY + '''T1 = "query { workspaces { id labl12 } }"
T2 = "query { workspaces { id labl13 } }"


def main():
    catalog(INVENTORY)
    platform(T1)
    houston_http.post("", json={"query": T2})
''',
}


def _errors(findings, path):
    return {f["line"] for f in findings if f["path"] == path and f["code"] == "fields-on-correct-type"}


def test_each_instance_and_bound_url_is_judged_by_its_own_construction(tmp_path):
    write(tmp_path, CASES)
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 1, completed.stderr

    # F15: __call__ instances, service attributes, dict entries: the catalog's documents are not Houston's
    assert at(verdicts, "call_instances.py", 19)["houston"] is False
    assert at(verdicts, "call_instances.py", 20)["houston"] is True
    for line in (17, 19):
        document = at(verdicts, "service.py", line)
        assert document["houston"] is False, document
        assert not any("houston.astro.acme.com" in e for e in document["evidence"]), document["evidence"]
    assert at(verdicts, "service.py", 18)["houston"] is True and at(verdicts, "service.py", 20)["houston"] is True
    assert _errors(findings, "service.py") == {18, 20}
    # the receiver not placed: Houston's URL at one instance, the catalog's at another: undecided, never decisive
    fallback = at(verdicts, "fallback.py", 7)
    assert fallback["houston"] is None, fallback
    # F28 / F16: the instance's own base or host
    assert at(verdicts, "fbase.py", 16)["houston"] is False
    assert at(verdicts, "fbase.py", 17)["houston"] is True
    assert at(verdicts, "prop.py", 19)["houston"] is False
    assert at(verdicts, "prop.py", 20)["houston"] is True
    # F25 / F21: URLs bound to names first, and "v1" joined onto a base URL; the catalog's bound URL against
    assert _errors(findings, "bound.py") == set(range(8, 14))
    assert at(verdicts, "bound.py", 14)["houston"] is False
    six = at(verdicts, "bound.py", 13)
    assert any("houston.astro.acme.com/v1" in e for e in six["evidence"]), six["evidence"]
    assert not any('"v1"' in e for e in six["evidence"]), six["evidence"]
    # F15 / F9 across modules: the imported instances' own URLs
    assert at(verdicts, "report.py", 3)["houston"] is False
    assert _errors(findings, "report.py") == {4, 5}
    # F20: an environment variable's name is not shown as the URL
    evidence = [e for docs in verdicts.values() for d in docs for e in d["evidence"]]
    assert not any('url "HOUSTON_URL"' in e for e in evidence)
    assert any(e.startswith("environment variable HOUSTON_URL") for e in at(verdicts, "call_instances.py", 20)["evidence"])
    # no catalog document is rewritten
    diff = run("rewrite", "--no-cache", "--diff", ".", cwd=tmp_path)
    assert "runtimeAirflowVersion" not in diff.stdout, diff.stdout
