"""Issue 12, red team pass 16 (report 12: F12, F5, F8/F13, F6, F15, F2, F7): the URL a send goes to.

The URL of a send is the value in force at that call (flow order, per call site); where
several values of different APIs are possible the document is undecided, never Houston by
default.  Each scenario is one run of the installed ``houston-codemod`` (``tests/verdicts_cli.py``).
"""

import json
from pathlib import Path

from verdicts_cli import check, run, write


def _notebook(cells) -> str:
    return json.dumps({
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [], "source": c.splitlines(True)}
            for i, c in enumerate(cells)
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }, indent=1) + "\n"


GITHUB_CELL = '''url = "https://api.github.com/graphql"
q = """query {{ user(login: "dev{i}") {{ name }} }}"""
requests.post(url, json={{"query": q}}, headers={{"Authorization": "bearer " + os.environ["GITHUB_TOKEN"]}}).json()'''
HOUSTON_CELL = '''url = "https://houston.acme.io/v1"
q = """query {{ workspaces {{ id lable{i} }} }}"""
requests.post(url, json={{"query": q}}, headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}}).json()'''


def test_f12_notebook_cells_rebinding_url_and_query_are_judged_cell_by_cell(tmp_path: Path):
    # 10 cells (past the 8-binding bound): each cell's document goes to that cell's url, never an
    # earlier cell's, and the notebook's Houston endpoint does not speak for the GitHub documents.
    cells = ["import os\nimport requests"] + [(GITHUB_CELL if i % 2 == 0 else HOUSTON_CELL).format(i=i) for i in range(10)]
    write(tmp_path, {"explore.ipynb": _notebook(cells)})
    completed, verdicts, findings = check(tmp_path)
    documents = verdicts["explore.ipynb"]
    github = [d for d in documents if d["evidence"][0].startswith("url api.github.com")]
    houston = [d for d in documents if d["evidence"][0].startswith("url houston.acme.io")]
    assert len(github) == 5 and len(houston) == 5, documents
    assert all(d["houston"] is False for d in github), github
    assert all(d["houston"] is True for d in houston), houston
    messages = [f["message"] for f in findings]
    assert not any("'user'" in m for m in messages), findings
    assert sum("'lable" in m for m in messages) == 5, findings  # each Houston cell's typo, none missed
    assert completed.returncode == 1


REBIND = '''import requests

{pairs}
'''


def test_f12_a_module_rebinding_its_url_many_times_keeps_each_sends_url(tmp_path: Path):
    pairs = "\n".join(
        f'URL = "https://{"houston" if i % 2 else "api"}.h{i}.acme.io/v1"\nrequests.post(URL, json={{"query": "{{ workspaces {{ id }} }}"}})'
        for i in range(10)
    )
    write(tmp_path, {"rebind.py": REBIND.format(pairs=pairs)})
    completed, verdicts, findings = check(tmp_path)
    documents = sorted(verdicts["rebind.py"], key=lambda d: d["line"])
    assert [d["houston"] for d in documents] == [False, True] * 5, [(d["line"], d["houston"], d["evidence"]) for d in documents]


CLASS_SENDERS = '''import requests


class GitHubOps:
    URL = "https://api.github.com/graphql"

    @classmethod
    def query(cls, q):
        return requests.post(cls.URL, json={"query": q}).json()


class HoustonOps:
    URL = "https://houston.acme.io/v1"

    @classmethod
    def query(cls, q):
        return requests.post(cls.URL, json={"query": q}).json()

    @staticmethod
    def run(q):
        return requests.post(HoustonOps.URL, json={"query": q}).json()


GitHubOps.query("query { user(login: \\"y\\") { name } }")
HoustonOps.query("query { deploymnts { id } }")
HoustonOps.run("query { workspaces { id lable } }")
'''


def test_f15_a_classmethod_called_on_its_class_posts_to_that_class_url(tmp_path: Path):
    write(tmp_path, {"clients.py": CLASS_SENDERS})
    completed, verdicts, findings = check(tmp_path)
    documents = {d["line"]: d for d in verdicts["clients.py"]}
    assert documents[24]["houston"] is False, documents[24]
    assert not any("houston.acme.io" in e for e in documents[24]["evidence"][:1]), documents[24]
    assert documents[25]["houston"] is True and documents[26]["houston"] is True, documents
    assert sorted(f["line"] for f in findings) == [25, 26], findings


FACTORY = '''import os
import requests

HOUSTON_URL = "https://houston.acme.io/v1"
INVENTORY_URL = "https://inventory.acme-corp.net/graphql"


def make_sender(url, token):
    def send(query, **variables):
        return requests.post(url, json={"query": query, "variables": variables},
                             headers={"authorization": token}, timeout=30).json()["data"]
    return send


houston = make_sender(HOUSTON_URL, os.environ.get("HOUSTON_API_TOKEN", ""))
inventory = make_sender(INVENTORY_URL, os.environ.get("INVENTORY_TOKEN", ""))


def drift():
    ours = inventory("query { deployments { id releaseName airflowVersion } }")["deployments"]
    houston("{ workspacs { id } }")
    return ours
'''


def test_f8_f13_a_sender_made_by_a_closure_factory_posts_to_the_url_it_was_made_with(tmp_path: Path):
    write(tmp_path, {"report.py": FACTORY})
    completed, verdicts, findings = check(tmp_path)
    documents = {d["line"]: d for d in verdicts["report.py"]}
    assert documents[20]["houston"] is False, documents[20]
    assert any("inventory.acme-corp.net" in e for e in documents[20]["evidence"]), documents[20]
    # the Houston sender's shorthand document is found, and its typo reported
    assert documents[21]["houston"] is True, documents
    assert [(f["line"], f["code"]) for f in findings] == [(21, "fields-on-correct-type")], findings
    completed = run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "report.py").read_text() == FACTORY, completed.stdout  # the inventory query is not edited


PICKED = '''import requests

HOUSTON_URL = "https://houston.acme.io/v1"
INVENTORY_URL = "https://inventory.acme-corp.net/graphql"


def gql(api, query):
    url = HOUSTON_URL if api == "houston" else INVENTORY_URL
    return requests.post(url, json={"query": query}, timeout=30).json()["data"]


def gql3(query, inventory=False):
    if inventory:
        url = INVENTORY_URL
    else:
        url = HOUSTON_URL
    return requests.post(url, json={"query": query}).json()


def drift():
    gql("inventory", "query { deployments { id releaseName airflowVersion } }")
    gql3("query { deployments { id name region } }", inventory=True)
'''


def test_f5_a_helper_picking_its_url_from_a_parameter_is_not_judged_by_its_first_url(tmp_path: Path):
    write(tmp_path, {"dispatch.py": PICKED})
    completed, verdicts, findings = check(tmp_path)
    documents = {d["line"]: d for d in verdicts["dispatch.py"]}
    for line in (21, 22):
        assert documents[line]["houston"] is not True, documents[line]
        assert any("inventory.acme-corp.net" in e for e in documents[line]["evidence"]), documents[line]
    assert findings == [] and completed.returncode == 0, findings
    run("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "dispatch.py").read_text() == PICKED  # the inventory query is not edited


PAIRS = '''import requests

HOUSTON_URL = "https://houston.acme.io/v1"
GITHUB_URL = "https://api.github.com/graphql"
CHECKS = [
    (HOUSTON_URL, "query { workspaces { id lable } }"),
    (GITHUB_URL, "query { user(login: \\"octocat\\") { name } }"),
]
JOBS = {
    "github": (GITHUB_URL, "query { users(first: 1) { nodes { login } } }"),
}


def smoke():
    for url, q in CHECKS:
        requests.post(url, json={"query": q}, timeout=5).raise_for_status()


def jobs():
    for name, (url, q) in JOBS.items():
        requests.post(url, json={"query": q}, timeout=5)
'''


def test_f6_url_and_document_pairs_of_a_loop_are_paired_position_by_position(tmp_path: Path):
    write(tmp_path, {"loop.py": PAIRS})
    completed, verdicts, findings = check(tmp_path)
    documents = {d["line"]: d for d in verdicts["loop.py"]}
    assert documents[7]["houston"] is False, documents[7]
    assert not any("houston.acme.io" in e for e in documents[7]["evidence"] if "call at line" in e), documents[7]
    assert documents[10]["houston"] is False, documents[10]
    assert documents[6]["houston"] is True, documents[6]
    assert [(f["line"], f["code"]) for f in findings] == [(6, "fields-on-correct-type")], findings


GLOBAL_SWITCH = '''import os
import requests

URL = "https://houston.acme.io/v1"
HEADERS = {"authorization": os.environ["HOUSTON_API_TOKEN"]}


def gql(query, variables=None):
    return requests.post(URL, json={"query": query, "variables": variables}, headers=HEADERS).json()


print(gql("{ workspaces { id label } }"))
URL = "https://api.github.com/graphql"
HEADERS = {"Authorization": f"bearer {os.environ['GITHUB_TOKEN']}"}
print(gql("query { user(login: \\"octocat\\") { name company } }"))
'''


def test_f2_a_helper_reading_a_rebound_global_url_is_not_judged_by_its_first_value(tmp_path: Path):
    # the helper posts to whichever URL is in force when it runs: both are possible, so at worst undecided,
    # never Houston's errors on the GitHub document
    write(tmp_path, {"both.py": GLOBAL_SWITCH})
    completed, verdicts, findings = check(tmp_path)
    document = next(d for d in verdicts["both.py"] if d["line"] == 15)
    assert document["houston"] is not True, document
    assert findings == [] and completed.returncode == 0, findings
