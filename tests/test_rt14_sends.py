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

# F8/F9: another API's URL written as "{}/api".format(BASE), splatted in from a dict literal, or given
# to requests.Request("POST", URL, json=...) sent by a session: the constant Q is not Houston's
CATALOG_HEAD = '''import requests

HOUSTON_URL = "https://houston.example.com/v1"
OWN = "https://catalog.acme-corp.net/api"
OWN_BASE = "https://catalog.acme-corp.net"
Q = 'query { deployments(env: "prod") { id name } }'


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}).json()


def hmain():
    return houston("{ workspaces { id } }")


def send():
'''
CATALOG_SENDS = {
    "f8_format.py": '    return requests.post("{}/api".format(OWN_BASE), json={"query": Q})\n',
    "f8_kwargs.py": '    kwargs = {"url": OWN, "json": {"query": Q}}\n    return requests.post(**kwargs)\n',
    "f9_request.py": '    with requests.Session() as s:\n        prep = requests.Request("POST", OWN, json={"query": Q}).prepare()\n        return s.send(prep)\n',
}
# F10: the same forms on the Houston side, in a file that also posts to GitHub
GH_HEAD = '''import os
import requests

GH = "https://api.github.com/graphql"
HOUSTON_URL = "https://houston.example.com/v1"
DOMAIN = os.environ["BASEDOMAIN"]


def gh(q):
    return requests.post(GH, json={"query": q}).json()


def main():
    gh("query { viewer { login } }")


def deps():
'''
HOUSTON_SENDS = {
    "f10_format.py": '    url = "https://houston.{}/v1".format(DOMAIN)\n'
    '    return requests.post(url, json={"query": "query { workspaces { id labell } }"}).json()\n',
    "f10_kwargs.py": '    kwargs = {"url": HOUSTON_URL, "json": {"query": "query { workspaces { id labell } }"}}\n    return requests.post(**kwargs)\n',
    "f10_request.py": '    with requests.Session() as s:\n'
    '        prep = requests.Request("POST", HOUSTON_URL, json={"query": "query { workspaces { id labell } }"}).prepare()\n'
    '        return s.send(prep)\n',
}

TREE = {
    # F5's boundary: schema.execute still runs in process; a class's own execute posting to Houston is a helper
    "f5_schema_and_helper.py": '''import graphene
import requests


class Query(graphene.ObjectType):
    hello = graphene.String()


schema = graphene.Schema(query=Query)


class Remote:
    def execute(self, q):
        return requests.post("https://houston.example.com/v1", json={"query": q})


def local():
    return schema.execute("{ hello workspaces { id } }")


def remote():
    return Remote().execute("{ workspaces { id labell } }")
''',
    **{path: CATALOG_HEAD + body for path, body in CATALOG_SENDS.items()},
    **{path: GH_HEAD + body for path, body in HOUSTON_SENDS.items()},
    # F21: an f-string URL shown whole in the evidence
    "f21_fstring.py": '''import os
import aiohttp

URL = f"https://houston.{os.environ['BASEDOMAIN']}/v1"


async def houston(session, q):
    async with session.post(URL, json={"query": q}) as r:
        return await r.json()


async def main():
    async with aiohttp.ClientSession() as s:
        await houston(s, "query { workspacs { id label } }")
''',
    # F22 (a): a click option's default is the URL its parameter holds
    "f22_click.py": '''import click
import requests

GH = "https://api.github.com/graphql"


@click.command()
@click.option("--houston-url", default="https://houston.example.com/v1")
def main(houston_url):
    requests.post(GH, json={"query": "query { viewer { login } }"})
    requests.post(houston_url, json={"query": "query { workspaces { id labell } }"})


if __name__ == "__main__":
    main()
''',
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


@pytest.mark.parametrize("path", sorted(CATALOG_SENDS))
def test_f8_f9_another_apis_url_in_other_send_forms_is_read(report, path):
    _completed, verdicts, findings = report
    document = at(verdicts, path, 6)
    assert document["houston"] is False, document
    assert any("catalog.acme-corp.net" in e or "OWN_BASE" in e for e in document["evidence"]), document
    assert not any('posted to "POST"' in e for e in document["evidence"]), document
    assert _messages(findings, path) == []


@pytest.mark.parametrize("path", sorted(HOUSTON_SENDS))
def test_f10_houston_url_in_other_send_forms_is_read(report, path):
    _completed, verdicts, findings = report
    documents = [d for d in verdicts[path] if d["line"] > 17]
    assert [d["houston"] for d in documents] == [True], documents
    assert any("labell" in m for _line, m in _messages(findings, path))


def test_f21_an_fstring_url_is_shown_whole(report):
    _completed, verdicts, _findings = report
    document = at(verdicts, "f21_fstring.py", 14)
    assert document["houston"] is True
    assert "url houston.{os.environ['BASEDOMAIN']}/v1 (call at line 14)" in document["evidence"], document


def test_f22_a_click_option_default_is_the_parameters_url(report):
    _completed, verdicts, findings = report
    document = at(verdicts, "f22_click.py", 11)
    assert document["houston"] is True, document
    assert any("houston.example.com/v1 (call at line 11" in e for e in document["evidence"]), document
    assert any(line == 11 and "labell" in m for line, m in _messages(findings, "f22_click.py"))


def test_f5_schema_execute_stays_in_process_beside_an_own_execute_method(report):
    _completed, verdicts, findings = report
    local = at(verdicts, "f5_schema_and_helper.py", 18)
    assert local["houston"] is False and "executed locally: schema.execute (line 18)" in local["evidence"], local
    remote = at(verdicts, "f5_schema_and_helper.py", 22)
    assert remote["houston"] is True and "url houston.example.com/v1 (call at line 22)" in remote["evidence"], remote
    assert [line for line, m in _messages(findings, "f5_schema_and_helper.py") if "labell" in m] == [22]
