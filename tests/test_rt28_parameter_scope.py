"""Red team 27, report 12 ("Houston or not"), f2: a module-level name spelled like a Houston helper's parameter was
read as sent by that helper.

``def houston(query, variables=None)`` posts ``{"query": query}`` to Houston; the ``if __name__ == "__main__":`` block
binds a module-level ``query`` (the company CMDB's ``upsertDeployment(airflowVersion:)``) and posts it to
``os.environ["CMDB_GRAPHQL_URL"]``.  The helper's ``query`` is its parameter, a different binding, yet the lookup went
past the function to the module: the helper's Houston URL was decisive for the CMDB mutation, check called it
Houston's and rewrite renamed its argument and changed the value sent to the CMDB.  The same with a method's
parameter (``Houston.run(self, query)``: false errors, exit 1), a notebook cell's ``q`` (the helper in cell 1 takes
``q``), and an f-string field of the helper's URL (``f"https://{host}/v1"`` with a parameter ``host`` and a
module-level ``host = "api.monday.com"``: the Houston send was read as monday.com's and its typo went unreported).

Controls: the helper's own sends stay Houston's.  One run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST``
points it at another install).
"""

import json

from trust_cli import check_by_file, project_tree, run_cli

_FUNCTION = '''import os
import requests

BASEDOMAIN = os.environ["BASEDOMAIN"]
TOKEN = os.environ["HOUSTON_API_TOKEN"]
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]


def houston(query, variables=None):
    r = requests.post(f"https://houston.{BASEDOMAIN}/v1",
                      json={"query": query, "variables": variables or {}},
                      headers={"authorization": TOKEN})
    r.raise_for_status()
    return r.json()["data"]


if __name__ == "__main__":
    data = houston("query { workspaces { id label deployments { id releseName } } }")
    query = """
    mutation ($name: String!, $v: String!) {
      upsertDeployment(releaseName: $name, airflowVersion: $v) { id }
    }
    """
    for ws in data["workspaces"]:
        for d in ws["deployments"]:
            requests.post(CMDB_URL, json={"query": query,
                                          "variables": {"name": d["releaseName"], "v": "2.3.4-11"}})
'''

_METHOD = '''import os
import requests


class Houston:
    def __init__(self, domain, token):
        self.url = f"https://houston.{domain}/v1"
        self.token = token

    def run(self, query, variables=None):
        return requests.post(self.url, json={"query": query, "variables": variables},
                             headers={"authorization": self.token}).json()


h = Houston(os.environ["BASEDOMAIN"], os.environ["HOUSTON_API_TOKEN"])
print(h.run("{ workspaces { id label } }"))

query = """
mutation { createDeployment(workspaceUuid: "w", releaseName: "x", airflowVersion: "2.3.4-11") { id } }
"""
requests.post(os.environ["CMDB_GRAPHQL_URL"], json={"query": query})
'''

_FIELD = '''import os
import requests

host = "api.monday.com"


def houston(host, query):
    return requests.post(f"https://{host}/v1", json={"query": query},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()


print(houston(os.environ["HOUSTON_HOST"], "query { workspaces { id label deployments { id releseName } } }"))
print(requests.post(f"https://{host}/v2", json={"query": "query { boards { id } }"}).json())
'''

_CELLS = [
    '''import os
import requests

HOUSTON = f"https://houston.{os.environ['BASEDOMAIN']}/v1"
def houston(q, variables=None):
    return requests.post(HOUSTON, json={"query": q, "variables": variables or {}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
''',
    '''print(houston("query { workspaces { id label } }"))''',
    '''q = """
query { deployments(first: 5) { id releaseName airflowVersion } }
"""
r = requests.post("https://api.github.com/graphql", json={"query": q},
                  headers={"authorization": "bearer " + os.environ["GH_TOKEN"]})
''',
]


def _notebook() -> str:
    cells = [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": c.splitlines(True)}
             for c in _CELLS]
    return json.dumps({"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                   "language": "python"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_module_name_spelled_like_a_helper_parameter_is_not_sent_by_the_helper(tmp_path):
    project_tree(tmp_path, {"sync_cmdb.py": _FUNCTION})
    _, errors, _ = check_by_file(tmp_path)
    listed = json.loads(run_cli("check", "--no-cache", "-j1", "--format", "json", ".", cwd=tmp_path).stdout)["documents"]
    upsert = [d for d in listed if d["line"] == 19]
    assert len(upsert) == 1, listed
    assert upsert[0]["houston"] is False, upsert[0]
    assert not any(e.startswith("url houston") for e in upsert[0]["evidence"]), upsert[0]
    # control: the helper's own send is Houston's, its typo reported
    assert any("releseName" in message for message in errors.get("sync_cmdb.py", [])), errors
    completed = run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "sync_cmdb.py").read_text() == _FUNCTION


def test_method_parameter_spelled_like_a_module_name(tmp_path):
    project_tree(tmp_path, {"ops.py": _METHOD})
    verdicts, errors, completed = check_by_file(tmp_path)
    assert completed.returncode == 0, completed.stdout
    assert errors == {}, errors
    assert run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "ops.py").read_text() == _METHOD


def test_notebook_cell_name_spelled_like_a_helper_parameter(tmp_path):
    project_tree(tmp_path, {"sync.ipynb": _notebook()})
    listed = json.loads(run_cli("check", "--no-cache", "-j1", "--format", "json", ".", cwd=tmp_path).stdout)["documents"]
    github = [d for d in listed if any("api.github.com" in e for e in d["evidence"])]
    assert len(github) == 1, listed
    assert github[0]["houston"] is False, github[0]
    assert not any(e.startswith("url houston") for e in github[0]["evidence"]), github[0]


def test_url_field_that_is_a_parameter_is_not_the_module_name(tmp_path):
    project_tree(tmp_path, {"ops.py": _FIELD})
    verdicts, errors, completed = check_by_file(tmp_path)
    assert any("releseName" in message for message in errors.get("ops.py", [])), (errors, completed.stdout)
    listed = json.loads(run_cli("check", "--no-cache", "-j1", "--format", "json", ".", cwd=tmp_path).stdout)["documents"]
    helper_send = [d for d in listed if d["line"] == 12]
    assert helper_send and not any("api.monday.com/v1" in e for e in helper_send[0]["evidence"]), listed
    # control: the module's own send to monday.com still reads the module's host
    boards = [d for d in listed if d["line"] == 13]
    assert boards and boards[0]["houston"] is False, listed
