"""Where a call sends (issue 12, red team pass 10, F1-F4), through the installed CLI.

Every file below also talks to Houston through a helper, so the file as a whole
names Houston; a document sent elsewhere must be judged by the URL its send
really posts to (destination/sent_url.py, destination/read_sends.py), never by
that context:

* F1 send forms: urllib ``Request(URL, data=...)``, ``http.client``
  ``HTTPSConnection(HOST).request("POST", PATH, body=...)``,
  ``functools.partial(requests.post, URL)``, GraphQL over GET
  (``params={"query": Q}``), gql ``with client as session`` (module and notebook);
* F2 URL bindings: a parameter's default, a tuple assignment, ``urljoin``, dict
  subscripts of constants, a module function returning the URL, a url parameter
  passed two helper levels down;
* F3: ``rewrite`` leaves a query sent through a default parameter to a foreign
  ``/graphql`` alone, and ``--explain`` names that URL;
* F4: a ``.graphql`` file read through a path held in a constant is judged by
  where that read is sent;
* (helper B) n classes sharing a method name: the sends are found with work that
  doubles with n (counted, never timed).
"""

import json

from codemods.pipeline import BundledSchema, Options, process
from codemods.sources import python as python_source
from codemods.versions import VersionTable
from verdicts_cli import check, run, write


PREAMBLE = '''import os, json, requests, urllib.request, functools, http.client
HOUSTON_URL = os.environ["HOUSTON_URL"]

def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()

def list_ws():
    return houston("query { workspaces { id label } }")

'''

GH_Q = 'GH_Q = "query { viewer { login } }"\n'


def foreign(verdicts, path, word="viewer"):
    """The documents of ``path`` that are not the preamble's Houston query."""
    return [d for d in verdicts[path] if "workspaces" not in " ".join(d["evidence"]) or word in " ".join(d["evidence"])]


def test_send_forms_are_judged_by_the_url_they_post_to(tmp_path):
    write(tmp_path, {
        "urllib_gh.py": PREAMBLE + 'GH = "https://api.github.com/graphql"\n' + GH_Q + (
            "def gh():\n"
            "    req = urllib.request.Request(GH, data=json.dumps({\"query\": GH_Q}).encode(), headers={\"Authorization\": \"bearer x\"})\n"
            "    return json.load(urllib.request.urlopen(req))\n"),
        "httpclient_gh.py": PREAMBLE + GH_Q + (
            "def gh():\n"
            "    c = http.client.HTTPSConnection(\"api.github.com\")\n"
            "    c.request(\"POST\", \"/graphql\", body=json.dumps({\"query\": GH_Q}))\n"
            "    return c.getresponse().read()\n"),
        "partial_gh.py": PREAMBLE + 'GH = "https://api.github.com/graphql"\n' + (
            "gh_post = functools.partial(requests.post, GH, headers={\"Authorization\": \"bearer x\"})\n") + GH_Q + (
            "def gh():\n    return gh_post(json={\"query\": GH_Q}).json()\n"),
        "getq.py": PREAMBLE + GH_Q + (
            "def gh():\n    return requests.get(\"https://api.example-corp.com/graphql\", params={\"query\": GH_Q}).json()\n"),
        "session_gh.py": PREAMBLE + (
            "from gql import Client, gql\n"
            "from gql.transport.requests import RequestsHTTPTransport\n"
            "github = Client(transport=RequestsHTTPTransport(url=\"https://api.github.com/graphql\"))\n"
            "def gh():\n"
            "    with github as gsession:\n"
            "        return gsession.execute(gql(\"query { viewer { login } }\"))\n"),
    })
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 0, findings
    for path in ("urllib_gh.py", "httpclient_gh.py", "partial_gh.py", "getq.py", "session_gh.py"):
        documents = [d for d in verdicts[path] if "viewer" in " ".join(d["evidence"])]
        assert len(documents) == 1, (path, verdicts[path])
        document = documents[0]
        assert document["houston"] is False, (path, document)
        assert any(e.startswith(("url api.", "endpoint api.")) for e in document["evidence"]), (path, document["evidence"])
    assert findings == []


def test_the_same_send_forms_to_houston_are_caught_by_their_url(tmp_path):
    write(tmp_path, {
        "urllib_h.py": (
            "import json, urllib.request\n"
            "req = urllib.request.Request(\"https://houston.acme.com/v1\", data=json.dumps({\"query\": \"query { deploymnts { id } }\"}).encode())\n"
            "urllib.request.urlopen(req)\n"),
        "conn_h.py": (
            "import json, http.client\n"
            "c = http.client.HTTPSConnection(\"houston.acme.com\")\n"
            "c.request(\"POST\", \"/v1\", body=json.dumps({\"query\": \"query { deploymnts { id } }\"}))\n"),
    })
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 1
    for path in ("urllib_h.py", "conn_h.py"):
        (document,) = verdicts[path]
        assert document["houston"] is True
        assert any(e.startswith("url houston.acme.com") for e in document["evidence"]), document["evidence"]
        assert [f["code"] for f in findings if f["path"] == path] == ["fields-on-correct-type"]


def test_gql_session_in_a_notebook_cell_takes_the_clients_url(tmp_path):
    cells = [
        PREAMBLE,
        "from gql import Client, gql\nfrom gql.transport.requests import RequestsHTTPTransport\n"
        "gh_client = Client(transport=RequestsHTTPTransport(url=\"https://api.github.com/graphql\"))\n",
        "with gh_client as session:\n    session.execute(gql(\"query { viewer { login } }\"))\n",
        "req = urllib.request.Request(\"https://api.github.com/graphql\", data=json.dumps({\"query\": \"query { viewer { name } }\"}).encode())\n",
    ]
    notebook = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": [], "execution_count": None} for cell in cells],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }
    write(tmp_path, {"mixed.ipynb": json.dumps(notebook)})
    completed, verdicts, findings = check(tmp_path)
    viewer = [d for d in verdicts["mixed.ipynb"] if "viewer" in " ".join(d["evidence"])]
    assert len(viewer) == 2 and all(d["houston"] is False for d in viewer), viewer
    assert findings == [] and completed.returncode == 0


def test_url_bindings_are_followed(tmp_path):
    send = 'requests.post({url}, json={{"query": "query {{ viewer {{ login }} }}"}})\n'
    write(tmp_path, {
        "default_param.py": PREAMBLE + (
            "def gh(q, url=\"https://api.github.com/graphql\"):\n"
            "    return requests.post(url, json={\"query\": q}).json()\n"
            "def main():\n    gh(\"query { viewer { login } }\")\n"),
        "tuple_unpack.py": PREAMBLE + "GH_URL, GH_TOKEN = \"https://api.github.com/graphql\", os.environ[\"GITHUB_TOKEN\"]\n" + send.format(url="GH_URL"),
        "urljoin_url.py": PREAMBLE + "from urllib.parse import urljoin\nBASE = \"https://api.acme-corp.com/\"\n" + send.format(url="urljoin(BASE, \"v1\")"),
        "config_dict.py": PREAMBLE + "CONFIG = {\"github\": {\"url\": \"https://api.github.com/graphql\"}}\n" + send.format(url="CONFIG[\"github\"][\"url\"]"),
        "ret_url.py": PREAMBLE + "def gh_url():\n    return \"https://api.github.com/graphql\"\n" + send.format(url="gh_url()"),
        "wrapper_chain.py": PREAMBLE + (
            "def _send(url, q):\n    return requests.post(url, json={\"query\": q}).json()\n"
            "def gh(q):\n    return _send(\"https://api.github.com/graphql\", q)\n"
            "def hs(q):\n    return _send(HOUSTON_URL, q)\n"
            "gh(\"query { viewer { login } }\")\nhs(\"query { workspacs { id } }\")\n"),
    })
    completed, verdicts, findings = check(tmp_path)
    for path in ("default_param.py", "tuple_unpack.py", "urljoin_url.py", "config_dict.py", "ret_url.py", "wrapper_chain.py"):
        (document,) = [d for d in verdicts[path] if "viewer" in " ".join(d["evidence"])]
        assert document["houston"] is False, (path, document)
        assert any("api.github.com" in e or "api.acme-corp.com/v1" in e for e in document["evidence"]), (path, document["evidence"])
    # the Houston query of wrapper_chain.py reaches Houston through hs() -> _send(HOUSTON_URL, q): said by its URL
    (houston,) = [d for d in verdicts["wrapper_chain.py"] if "workspacs" in " ".join(d["evidence"])]
    assert houston["houston"] is True
    assert any(e.startswith("posted to environment variable HOUSTON_URL") for e in houston["evidence"]), houston["evidence"]
    assert [(f["path"], f["code"]) for f in findings] == [("wrapper_chain.py", "fields-on-correct-type")]
    assert completed.returncode == 1


SYNC = '''import os, requests

HOUSTON_URL = os.environ["HOUSTON_URL"]


def houston(q):
    return requests.post(HOUSTON_URL, json={"query": q}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


def inventory(q, url="https://inventory.acme-corp.com/v1/graphql"):
    return requests.post(url, json={"query": q}).json()


def main():
    houston("query { workspaces { id label } }")
    # our own inventory of Airflow deployments (mirrors of what was deployed)
    rows = inventory("query { deployments { id releaseName airflowVersion } }")
    for d in rows["data"]["deployments"]:
        print(d["airflowVersion"])
'''


def test_rewrite_leaves_a_query_sent_through_a_default_url_alone(tmp_path):
    write(tmp_path, {"sync.py": SYNC})
    completed = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "sync.py").read_text(encoding="utf-8") == SYNC
    explained = run("check", "--no-cache", "--explain", "sync.py:17", ".", cwd=tmp_path)
    assert "inventory.acme-corp.com/v1/graphql" in explained.stdout, explained.stdout
    assert "not Houston" in explained.stdout, explained.stdout


def test_graphql_file_read_through_a_path_constant_goes_where_the_read_is_sent(tmp_path):
    query = "query Inv { deployments { id releaseName airflowVersion } }\n"
    write(tmp_path, {
        "ops/inv.graphql": query,
        "sync.py": (
            "import os, requests\n"
            "HOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n"
            "INVENTORY = \"https://inventory.acme-corp.com/graphql\"\n"
            "INV_FILE = \"ops/inv.graphql\"\n"
            "def houston(q):\n    return requests.post(HOUSTON_URL, json={\"query\": q}).json()\n"
            "def inventory(q):\n    return requests.post(INVENTORY, json={\"query\": q}).json()\n"
            "def main():\n"
            "    houston(\"query { workspaces { id } }\")\n"
            "    with open(INV_FILE) as fh:\n"
            "        q = fh.read()\n"
            "    inventory(q)\n"),
    })
    completed, verdicts, findings = check(tmp_path)
    (document,) = verdicts["ops/inv.graphql"]
    assert document["houston"] is False, document
    assert any("INVENTORY" in e for e in document["evidence"]), document["evidence"]
    assert [f for f in findings if f["path"] == "ops/inv.graphql"] == []
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode == 0, rewritten.stderr
    assert (tmp_path / "ops/inv.graphql").read_text(encoding="utf-8") == query


def test_a_path_constant_read_and_sent_to_houston_is_still_houstons(tmp_path):
    write(tmp_path, {
        "ops/ws.graphql": "query Ws { deploymnts { id } }\n",
        "sync.py": (
            "import os, requests\n"
            "HOUSTON_URL = os.environ[\"HOUSTON_URL\"]\n"
            "WS_FILE = \"ops/ws.graphql\"\n"
            "def main():\n"
            "    with open(WS_FILE) as fh:\n"
            "        q = fh.read()\n"
            "    requests.post(HOUSTON_URL, json={\"query\": q})\n"),
    })
    completed, verdicts, findings = check(tmp_path)
    (document,) = verdicts["ops/ws.graphql"]
    assert document["houston"] is True, document
    assert completed.returncode == 1 and [f["code"] for f in findings if f["path"] == "ops/ws.graphql"] == ["fields-on-correct-type"]


# -- linear work for n classes sharing one method name (helper B) ---------------------------------


def classes_module(n: int) -> str:
    parts = ["import requests\nURL = 'https://houston.example.com/v1'\n\n"]
    for i in range(n):
        parts.append(
            f"class C{i}:\n    def __init__(self, url):\n        self.url = url\n"
            f"    def q(self, doc):\n        return requests.post(self.url, json={{'query': doc}}).json()\n\n"
        )
    parts.extend(f"C{i}(URL).q('query Q{i} {{ deploymnts {{ id }} }}')\n" for i in range(n))
    return "".join(parts)


class CountingList(list):
    """A list of a helper's calls that counts every entry read from it."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            CountingList.reads += 1
            yield item

    def __getitem__(self, index):
        found = super().__getitem__(index)
        CountingList.reads += len(found) if isinstance(index, slice) else 1
        return found


_COLLECT = python_source._Collector.__init__


def _call_reads(monkeypatch, n: int) -> int:
    def counted(self, module):
        _COLLECT(self, module)
        self.calls_in_function = {k: CountingList(v) for k, v in self.calls_in_function.items()}
        self.calls_in_def = {k: CountingList(v) for k, v in self.calls_in_def.items()}

    monkeypatch.setattr(python_source._Collector, "__init__", counted)
    CountingList.reads = 0
    options = Options(schema=BundledSchema(None), versions=VersionTable.bundled())
    result = process("clients.py", classes_module(n).encode(), options)
    assert result.error is None, result.error
    assert len([f for f in result.findings if f.code == "fields-on-correct-type"]) == n  # every send is Houston's
    return CountingList.reads


def test_calls_of_a_method_shared_by_n_classes_are_read_linearly(monkeypatch):
    small, large = _call_reads(monkeypatch, 40), _call_reads(monkeypatch, 80)
    assert small >= 40  # the count sees the work: each call reads its class's method
    assert large / small < 2.3, (small, large)  # every q read for every call gives ~4


def test_each_class_of_a_shared_method_name_is_read_for_its_own_calls(tmp_path):
    write(tmp_path, {"clients.py": classes_module(3) + (
        "class Gh:\n    def __init__(self, url):\n        self.url = url\n"
        "    def q(self, doc):\n        return requests.post(self.url, json={'query': doc}).json()\n"
        "Gh('https://api.github.com/graphql').q('query { viewer { login } }')\n")})
    completed, verdicts, findings = check(tmp_path)
    documents = verdicts["clients.py"]
    assert [d["houston"] for d in documents] == [True, True, True, False], documents
    assert sorted(f["line"] for f in findings) == [d["line"] for d in documents[:3]]
