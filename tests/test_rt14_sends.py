"""Sends read right whatever the helper is called and however the URL is written (issue 12, red team 13, report 12).

* F5: a module's own Houston helper named ``execute`` (``execute_sync``, ``subscribe``...) is a helper:
  its body's URL decides, its first argument (the document) is never read as the URL; mistyped
  documents handed to it are reported;
* F2/F4: a client class's method or an imported function named ``execute`` is followed into the run
  like any other helper (another API's client: not Houston; a Houston client: its typo reported);
* F3: the evidence never names the document as the URL (an imported ``execute`` delegating to a
  module-level client whose ``__init__`` default is another API's URL).

One ``check`` run over one tree; each test reads its file's part of the JSON report.
"""

import pytest

from verdicts_cli import at, check, write

HOUSTON_EXECUTE = '''import requests

URL = "https://houston.example.com/v1"


def execute(q, variables=None):
    return requests.post(URL, json={"query": q, "variables": variables}).json()


def main():
    execute("quer { workspaces { id } }")
    execute("workspaces { id }")
    execute('query { workspaces { id labell } }')
'''

HOUSTON_HELPER = '''import requests
HOUSTON_URL = "https://houston.example.com/v1"


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


'''

ACME_CLIENT = '''import requests


class AcmeClient:
    def __init__(self, token=None):
        self.url = "https://api.acme-corp.net/graphql"
        self.token = token

    def execute(self, query, variables=None):
        return requests.post(self.url, json={"query": query, "variables": variables}).json()
'''

OWN_HEAD = '''import json
import requests
import urllib3
import http.client
from tornado.httpclient import AsyncHTTPClient

HOUSTON = "https://houston.example.com/v1"
OWN = "https://platform.acme-corp.net/api"


'''
OWN_TAIL = '''

def main():
    requests.post(HOUSTON, json={"query": "{ workspaces { id } }"})
    return own('query { deployments(env: "prod") { id name } }')
'''
# F1: helpers sending body=json.dumps({"query": q}) over urllib3, http.client, tornado
BODY_SENDS = {
    "f1_urllib3_pool.py": "http = urllib3.PoolManager()\n\n\ndef own(q):\n"
    "    return http.request(\"POST\", OWN, body=json.dumps({\"query\": q}), headers={\"Content-Type\": \"application/json\"})\n",
    "f1_urllib3_fn.py": "def own(q):\n    return urllib3.request(\"POST\", OWN, body=json.dumps({\"query\": q}))\n",
    "f1_http_client.py": "def own(q):\n    conn = http.client.HTTPSConnection(\"platform.acme-corp.net\")\n"
    "    conn.request(\"POST\", \"/api\", body=json.dumps({\"query\": q}))\n    return conn.getresponse().read()\n",
    "f1_tornado.py": "def own(q):\n    return AsyncHTTPClient().fetch(OWN, method=\"POST\", body=json.dumps({\"query\": q}))\n",
}

TREE = {
    **{path: OWN_HEAD + body + OWN_TAIL for path, body in BODY_SENDS.items()},
    # F1, Houston side: an http.client helper to Houston in a file also posting to GitHub; a mistyped keyword too
    "f1_http_client_houston.py": '''import json
import http.client
import requests

GH = "https://api.github.com/graphql"


def run_query(q):
    conn = http.client.HTTPSConnection("houston.example.com")
    conn.request("POST", "/v1", body=json.dumps({"query": q}), headers={"Content-Type": "application/json"})
    return conn.getresponse().read()


def main():
    requests.post(GH, json={"query": "query { viewer { login } }"})
    run_query("query { workspaces { id labell } }")
    run_query("quer { workspaces { id } }")
''',
    # F22 (b): a mistyped keyword handed to a Houston client's METHOD
    "f22_method.py": '''import requests

URL = "https://houston.example.com/v1"


class PlatformClient:
    def __init__(self, url=URL):
        self.url = url

    def run(self, query, variables=None):
        return requests.post(self.url, json={"query": query, "variables": variables}).json()


c = PlatformClient()
c.run("quer { workspaces { id } }")
c.run("query { workspaces { id labell } }")
''',
    "same_execute.py": HOUSTON_EXECUTE,
    "same_execute_sync.py": HOUSTON_EXECUTE.replace("execute", "execute_sync"),
    "same_subscribe.py": HOUSTON_EXECUTE.replace("def execute", "async def subscribe").replace("execute(", "subscribe("),
    # F2: another API's client class, its method named execute: imported, and in the same module
    "acme_sdk/__init__.py": "",
    "acme_sdk/client.py": ACME_CLIENT,
    "sync_imported_class.py": "from acme_sdk.client import AcmeClient\n" + HOUSTON_HELPER
    + 'def main():\n    houston("{ workspaces { id } }")\n    acme = AcmeClient()\n'
    '    return acme.execute(\'query { deployments(env: "prod") { name region } }\')\n',
    "sync_same_class.py": HOUSTON_HELPER + ACME_CLIENT.replace("import requests\n", "")
    + '\n\ndef main():\n    houston("{ workspaces { id } }")\n'
    '    return AcmeClient().execute(\'query { deployments(env: "prod") { name region } }\')\n',
    # F4: an imported Houston helper named execute, delegating to a Houston client's method
    "hsdk/__init__.py": "",
    "hsdk/client.py": ACME_CLIENT.replace("https://api.acme-corp.net/graphql", "https://houston.example.com/v1").replace("def execute", "def query")
    + "\n\ndef execute(q):\n    return AcmeClient().query(q)\n",
    "sync_imported_fn.py": "from hsdk.client import execute\n\n\ndef main():\n    return execute('query { workspaces { id labell } }')\n",
    # F3: an imported execute delegating to a module-level client whose __init__ default is another API's URL
    "dsdk/__init__.py": "",
    "dsdk/client.py": ACME_CLIENT.replace('def __init__(self, token=None):\n        self.url = "https://api.acme-corp.net/graphql"',
                                          'def __init__(self, url="https://api.acme-corp.net/graphql", token=None):\n        self.url = url')
    + "\n\ndefault_client = AcmeClient()\n\n\ndef execute(q):\n    return default_client.execute(q)\n",
    "sync_delegating.py": "from dsdk.client import execute\n" + HOUSTON_HELPER
    + 'def main():\n    houston("{ workspaces { id } }")\n    return execute(\'query { deployments(env: "prod") { name region } }\')\n',
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("rt14_sends")
    write(root, TREE)
    return check(root)


def _messages(findings, path):
    return [(f["line"], f["message"]) for f in findings if f["path"] == path]


@pytest.mark.parametrize("path", ["same_execute.py", "same_execute_sync.py", "same_subscribe.py"])
def test_f5_a_houston_helper_named_execute_is_a_helper(report, path):
    completed, verdicts, findings = report
    assert completed.returncode == 1
    documents = verdicts[path]
    assert [d["line"] for d in documents] == [11, 12, 13]
    assert all(d["houston"] is True for d in documents), documents
    for document in documents:
        assert not any("posted to 'qu" in e or "posted to 'work" in e for e in document["evidence"]), document
        assert any("houston.example.com/v1 (call at line" in e for e in document["evidence"]), document
    messages = _messages(findings, path)
    assert any(line == 11 and "Unexpected Name 'quer'" in m for line, m in messages), messages
    assert any(line == 12 and "Unexpected Name 'workspaces'" in m for line, m in messages), messages
    assert any(line == 13 and "labell" in m for line, m in messages), messages


@pytest.mark.parametrize("path,line", [("sync_imported_class.py", 13), ("sync_same_class.py", 22)])
def test_f2_another_apis_client_method_named_execute_is_followed(report, path, line):
    _completed, verdicts, findings = report
    document = at(verdicts, path, line)
    assert document["houston"] is False, document
    assert any("acme" in e.lower() or "self.url" in e for e in document["evidence"]), document
    assert not any("posted to 'query" in e for e in document["evidence"]), document
    assert _messages(findings, path) == []
    assert at(verdicts, path, line - 1 if "same" in path else line - 2)["houston"] is True


def test_f4_an_imported_houston_helper_named_execute_is_followed(report):
    _completed, verdicts, findings = report
    document = at(verdicts, "sync_imported_fn.py", 5)
    assert document["houston"] is True, document
    assert any("sent by execute() of hsdk/client.py" in e for e in document["evidence"]), document
    assert any("labell" in m for _line, m in _messages(findings, "sync_imported_fn.py"))


def test_f3_evidence_never_names_the_document_as_the_url(report):
    _completed, verdicts, findings = report
    document = at(verdicts, "sync_delegating.py", 12)
    assert document["houston"] is False, document
    assert not any("deployments(env" in e and "posted to" in e for e in document["evidence"]), document
    assert any("through AcmeClient.execute()" in e and "not Houston's" in e for e in document["evidence"]), document
    assert _messages(findings, "sync_delegating.py") == []


@pytest.mark.parametrize("path", sorted(BODY_SENDS))
def test_f1_a_helper_sending_a_body_is_read(report, path):
    _completed, verdicts, findings = report
    line = (OWN_HEAD + BODY_SENDS[path] + OWN_TAIL).split("\n").index("    return own('query { deployments(env: \"prod\") { id name } }')") + 1
    document = at(verdicts, path, line)
    assert document["houston"] is False, document
    assert any("platform.acme-corp.net/api" in e for e in document["evidence"]), document
    assert _messages(findings, path) == []


def test_f1_an_http_client_houston_helper_reports_its_documents(report):
    _completed, verdicts, findings = report
    path = "f1_http_client_houston.py"
    assert at(verdicts, path, 15)["houston"] is False
    assert at(verdicts, path, 16)["houston"] is True
    assert at(verdicts, path, 17)["houston"] is True
    messages = _messages(findings, path)
    assert any(line == 16 and "labell" in m for line, m in messages), messages
    assert any(line == 17 and "Unexpected Name 'quer'" in m for line, m in messages), messages


def test_f22_a_mistyped_document_handed_to_a_houston_client_method_is_reported(report):
    _completed, verdicts, findings = report
    assert [d["houston"] for d in verdicts["f22_method.py"]] == [True, True]
    messages = _messages(findings, "f22_method.py")
    assert any(line == 15 and "Unexpected Name 'quer'" in m for line, m in messages), messages
    assert any(line == 16 and "labell" in m for line, m in messages), messages
