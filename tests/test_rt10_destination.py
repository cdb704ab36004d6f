"""Known-open "Houston or not" items after red team 9 (issue 12), through the installed CLI.

* F4 p13: ``self.url`` is followed to the class's constructor arguments (every
  ``Acme(...)`` of the module), a ``self.url = "..."`` or a class attribute.
* F13 (a): ``graphql_sync(schema, {"query": ...})``: each document is its own
  call's, executed in process (strong), and none is missed.
* F13 (b): a notebook document's evidence names the cell of each line it cites.
* F13 (c): ``f"https://{MONDAY_HOST}/v2"`` is read with the module constant's host.
* ``houston(query=f"...")`` into ``def houston(**v)`` / ``def houston(query=None, **kw)``.
* ``"%s" % DEPS`` with ``DEPS`` imported from another module of the run.

Each test is one ``check --format json`` run over a directory, read per file.
"""

import json

from verdicts_cli import at, check, run, write


def errors_at(findings, path):
    return sorted(f["line"] for f in findings if f["path"] == path and f["severity"] == "error")


ACME_CLASS = '''import os, requests
class Acme:
    def __init__(self, url):
        self.url = url
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
def houston(q):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
def main():
    houston("{ workspaces { id } }")
    Acme("https://api.acme.com/query").q("{ deployments { id name } }")
'''
HOUSTON_CLASS = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
class Acme:
    def __init__(self, url):
        self.url = url
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
def main():
    Acme(HOUSTON_URL).q("{ workspces { id } }")
'''
BOTH_CLASS = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
class Acme:
    def __init__(self, url):
        self.url = url
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
def main():
    Acme(HOUSTON_URL).q("{ workspaces { id } }")
    Acme("https://api.acme.com/query").q("{ deployments { id name } }")
'''
CLASS_ATTRIBUTE = '''import os, requests
def houston(q):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
class Acme:
    url = "https://api.acme.com/query"
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
class Beta:
    def __init__(self):
        self.url = "https://beta.acme.com/query"
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
def main():
    houston("{ workspaces { id } }")
    Acme().q("{ deployments { id name } }")
    Beta().q("{ deployments { id region } }")
'''


def test_p13_self_url_follows_the_constructor_arguments(tmp_path):
    write(tmp_path, {"acme.py": ACME_CLASS, "houston.py": HOUSTON_CLASS, "both.py": BOTH_CLASS, "attr.py": CLASS_ATTRIBUTE})
    completed, verdicts, findings = check(tmp_path)
    foreign = at(verdicts, "acme.py", 11)
    assert foreign["houston"] is False, foreign
    assert any('self.url = "https://api.acme.com/query"' in e and "not to the file's Houston endpoint" in e for e in foreign["evidence"]), foreign
    assert errors_at(findings, "acme.py") == []
    # Given HOUSTON_URL at its only instantiation: Houston's, and its typo is an error.
    mine = at(verdicts, "houston.py", 9)
    assert mine["houston"] is True, mine
    assert "posted to self.url = HOUSTON_URL (call at line 9)" in mine["evidence"]
    assert errors_at(findings, "houston.py") == [9]
    # Given Houston's URL at one instantiation and another's at the other: each call is judged by the
    # instance it is made on (red team 15, report 12, F1-F3; tests/test_rt16_clients.py has the receivers
    # that cannot be placed, still undecided).
    mine = at(verdicts, "both.py", 9)
    assert mine["houston"] is True, mine
    assert "posted to self.url = HOUSTON_URL (call at line 9)" in mine["evidence"], mine
    assert not any("api.acme.com" in e for e in mine["evidence"]), mine
    other = at(verdicts, "both.py", 10)
    assert other["houston"] is False, other
    assert errors_at(findings, "both.py") == []
    # A class attribute, and self.url = "..." in __init__.
    for line in (15, 16):
        document = at(verdicts, "attr.py", line)
        assert document["houston"] is False, document
    assert errors_at(findings, "attr.py") == []


def test_p13_alone_exits_zero(tmp_path):
    write(tmp_path, {"a.py": ACME_CLASS})
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 0, completed.stdout
    assert findings == []


GRAPHQL_SYNC = '''from ariadne import graphql_sync
from server import schema
def test_list():
    ok, result = graphql_sync(schema, {"query": "{ deployments { id releaseName airflowVersion } }"})
    assert ok
def test_create():
    ok, result = graphql_sync(schema, {"query": 'mutation { createDeployment(workspaceUuid: "w", label: "x", airflowVersion: "2.3.4") { id } }'})
'''


def test_f13a_each_graphql_sync_document_cites_its_own_call(tmp_path):
    write(tmp_path, {"test_server.py": GRAPHQL_SYNC})
    completed, verdicts, findings = check(tmp_path)
    assert completed.returncode == 0, completed.stdout
    assert sorted(d["line"] for d in verdicts["test_server.py"]) == [4, 7]
    for line in (4, 7):
        document = at(verdicts, "test_server.py", line)
        assert document["houston"] is False, document
        local = [e for e in document["evidence"] if e.startswith("executed locally")]
        assert local == [f"executed locally: graphql_sync(schema, ...) (line {line})"], document
    explained = run("check", "--no-cache", "--explain", "test_server.py:7", ".", cwd=tmp_path)
    assert "- executed locally: graphql_sync(schema, ...) (line 7) [strong]" in explained.stdout, explained.stdout
    assert "(line 4)" not in explained.stdout


NOTEBOOK = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": [
            "import requests\n", "URL='https://houston.acme.io/v1'\n", "def hq(q):\n",
            "    return requests.post(URL, json={'query': q}).json()\n"]},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": ["hq('{ workspacs { id } }')\n"]},
    ],
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def test_f13b_notebook_evidence_names_the_cell(tmp_path):
    write(tmp_path, {"n.ipynb": json.dumps(NOTEBOOK, indent=1)})
    completed, verdicts, findings = check(tmp_path)
    [document] = verdicts["n.ipynb"]
    assert document["houston"] is True
    assert "url houston.acme.io/v1 (call at line 1 of cell 2)" in document["evidence"], document
    assert "Houston endpoint named in the file: houston.acme.io/v1 (line 2 of cell 1)" in document["evidence"]
    assert not any(e.endswith("(call at line 1)") for e in document["evidence"]), document


MONDAY = '''import requests
PROJECT = "acme"
MONDAY_HOST = "api.monday.com"
def hasura(q):
    return requests.post(f"https://{PROJECT}.hasura.app/v1/graphql", json={"query": q}).json()
def monday(q):
    return requests.post(f"https://{MONDAY_HOST}/v2", json={"query": q}).json()
def main():
    hasura("mutation { createDeployment(label: \\"x\\", workspaceUuid: \\"w\\") { id } }")
    monday("mutation { create_workspace(name: \\"x\\", kind: open) { id } }")
'''


def test_f13c_fstring_host_read_through_module_constant(tmp_path):
    write(tmp_path, {"a.py": MONDAY})
    completed, verdicts, findings = check(tmp_path)
    document = at(verdicts, "a.py", 10)
    assert document["houston"] is False, document
    assert "url api.monday.com/v2 (call at line 10)" in document["evidence"], document
    assert completed.returncode == 0


KEYWORD_HELPERS = {
    "gathers.py": '''import os, requests
GET = "{ deploymnts { ...D } }\\n"
DEP = "fragment D on Deployment { id releaseName }\\n"
def houston(**v):
    return requests.post(os.environ["HOUSTON_URL"], json=v).json()
def main():
    houston(query=f"{GET}{DEP}")
    houston(query="{ workspces { id } }")
''',
    "named.py": '''import os, requests
GET = "{ deploymnts { ...D } }\\n"
DEP = "fragment D on Deployment { id releaseName }\\n"
def houston(query=None, **kw):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": query, "variables": kw}).json()
def main():
    houston(query=f"{GET}{DEP}")
''',
    "foreign.py": '''import os, requests
def houston(q):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": q}).json()
def acme(**v):
    return requests.post(os.environ["ACME_API"], json=v).json()
def main():
    houston("{ workspaces { id } }")
    acme(query="{ deployments { id name } }")
''',
}


def test_query_keyword_reaches_the_body_of_a_keyword_helper(tmp_path):
    write(tmp_path, KEYWORD_HELPERS)
    completed, verdicts, findings = check(tmp_path)
    for path, lines in (("gathers.py", (7, 8)), ("named.py", (7,))):
        for line in lines:
            document = at(verdicts, path, line)
            assert document["houston"] is True, document
            assert f"sent by helper houston() (line {line})" in document["evidence"], document
            assert f'posted to os.environ["HOUSTON_URL"] (call at line {line})' in document["evidence"], document
    assert errors_at(findings, "gathers.py") == [2, 8]  # deploymnts (in GET), workspces
    assert errors_at(findings, "named.py") == [2]
    foreign = at(verdicts, "foreign.py", 8)
    assert foreign["houston"] is False, foreign
    assert errors_at(findings, "foreign.py") == []


IMPORTED_TEMPLATE = {
    "queries.py": 'DEPS = """query Deps { deployments { id releaseNme } }"""\n'
    'CREATE = """mutation Create($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id } }"""\n',
    "main.py": '''import os, requests
from queries import DEPS, CREATE
HOUSTON_URL = os.environ["HOUSTON_URL"]
def main(ws):
    requests.post(HOUSTON_URL, json={"query": "%s" % DEPS})
    requests.post(HOUSTON_URL, json={"query": f"{DEPS}"})
    requests.post(HOUSTON_URL, json={"query": "%s" % (CREATE,), "variables": {"ws": ws}})
''',
}


def test_percent_template_of_an_imported_constant_is_read_with_its_text(tmp_path):
    write(tmp_path, IMPORTED_TEMPLATE)
    before = {name: (tmp_path / name).read_bytes() for name in IMPORTED_TEMPLATE}
    completed, verdicts, findings = check(tmp_path, "--houston-version", "1.0.1")
    assert not any(f["code"] == "template-not-parsed" for f in findings), findings
    releases = sorted(f["line"] for f in findings if f["path"] == "main.py" and "releaseNme" in f["message"])
    assert releases == [5, 6], findings
    assert any(f["path"] == "main.py" and f["line"] == 7 and "airflowVersion" in f["message"] and f["severity"] == "error" for f in findings), findings
    # Never edited on one side only: the migration is a review item in both modules, and no byte changes.
    rewritten = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert rewritten.returncode in (0, 1), rewritten.stderr
    assert "review-imported-constant" in rewritten.stdout + rewritten.stderr
    assert {name: (tmp_path / name).read_bytes() for name in IMPORTED_TEMPLATE} == before


TWO_CLASSES = '''import os, requests
HOUSTON_URL = os.environ["HOUSTON_URL"]
class Acme:
    def __init__(self, url):
        self.url = url
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
class Hub:
    def __init__(self, url):
        self.url = url
    def q(self, doc):
        return requests.post(self.url, json={"query": doc}).json()
def main():
    Acme("https://api.acme.com/query").q("{ deployments { id name } }")
    hub = Hub(HOUSTON_URL)
    hub.q("{ workspces { id } }")
'''


def test_p13_a_method_is_read_in_the_class_it_is_called_on(tmp_path):
    """Two classes with a method ``q`` each: ``hub.q`` posts to Hub's URL, ``Acme(...).q`` to Acme's."""
    write(tmp_path, {"a.py": TWO_CLASSES})
    completed, verdicts, findings = check(tmp_path)
    assert at(verdicts, "a.py", 14)["houston"] is False
    mine = at(verdicts, "a.py", 16)
    assert mine["houston"] is True, mine
    assert "posted to self.url = HOUSTON_URL (call at line 16)" in mine["evidence"]
    assert errors_at(findings, "a.py") == [16]
