"""Red team 27, report 12 ("Houston or not"), f1: ``.graphql`` files loaded into a dict by glob were placed as one read.

``QUERIES = {p.stem: p.read_text() for p in (Path(__file__).parent / "queries").glob("*.graphql")}`` with
``QUERIES["deps"]`` posted to ``f"https://houston.{...}/v1"`` and ``QUERIES["inventory"]`` to
``os.environ["CMDB_GRAPHQL_URL"]``: the glob's one placement (Houston and the CMDB: none) dropped both traces, so
``deps.graphql`` was undecided (its typo missed, exit 0) and ``inventory.graphql``, judged on its words, was
Houston's and rewritten.  Each file now goes where the sends of its own key go, as reading the files one by one
does.  Also ``QUERIES.get("inventory")`` and a Houston helper given ``QUERIES["deps"]``.  Controls (both builds): a
dict keyed ``p.name`` (``QUERIES["inventory.graphql"]``, whose quoted key is read as a path), and the Houston send
alone.

One ``check`` and one ``rewrite`` run of the installed CLI per tree (``TRUST_CLI_UNDER_TEST`` points it at another
install).
"""

import json

import pytest

from trust_cli import project_tree, run_cli

DEPS = """query Deps($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) { id relaseName }
}
"""
INVENTORY = """query Inventory {
  deployments { id label releaseName airflowVersion }
}
"""

_SCRIPT = '''import os
from pathlib import Path
import requests

URL = f"https://houston.{{os.environ['BASEDOMAIN']}}/v1"
CMDB_URL = os.environ["CMDB_GRAPHQL_URL"]
QUERIES = {{p.{key}: p.read_text() for p in (Path(__file__).parent / "queries").glob("*.graphql")}}


def houston(query, variables=None):
    return requests.post(URL, json={{"query": query, "variables": variables}},
                         headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}}).json()


def main():
    deps = {houston_send}
    {cmdb_send}
    print(deps)


main()
'''

_DIRECT = '''requests.post(URL, json={"query": QUERIES[%s], "variables": {"ws": os.environ["WS"]}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()'''

FORMS = {
    "stem": ("stem", _DIRECT % '"deps"', 'inv = requests.post(CMDB_URL, json={"query": QUERIES["inventory"]}).json()'),
    "stem_get": ("stem", _DIRECT % '"deps"', 'inv = requests.post(CMDB_URL, json={"query": QUERIES.get("inventory")}).json()'),
    "name": ("name", _DIRECT % '"deps.graphql"',
             'inv = requests.post(CMDB_URL, json={"query": QUERIES["inventory.graphql"]}).json()'),
    "helper": ("stem", 'houston(QUERIES["deps"], {"ws": os.environ["WS"]})',
               'inv = requests.post(CMDB_URL, json={"query": QUERIES["inventory"]}).json()'),
}


def _check(root):
    completed = run_cli("check", "--no-cache", "-j1", "--houston-version", "1.0.1", "--format", "json", ".", cwd=root)
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    return {d["path"]: d for d in report["documents"]}, report["findings"], completed


@pytest.mark.parametrize("form", sorted(FORMS))
def test_each_file_of_a_dict_loaded_by_glob_goes_where_its_key_is_sent(tmp_path, form):
    key, houston_send, cmdb_send = FORMS[form]
    project_tree(tmp_path, {"queries/deps.graphql": DEPS, "queries/inventory.graphql": INVENTORY,
                            "run.py": _SCRIPT.format(key=key, houston_send=houston_send, cmdb_send=cmdb_send)})
    documents, findings, completed = _check(tmp_path)
    assert documents["queries/deps.graphql"]["houston"] is True, documents
    assert documents["queries/inventory.graphql"]["houston"] is False, documents
    assert any("relaseName" in f["message"] for f in findings if f["severity"] == "error"), findings
    assert not any(f["path"] == "queries/inventory.graphql" for f in findings), findings
    assert completed.returncode == 1, completed.stdout
    assert run_cli("rewrite", "--no-cache", "-j1", ".", cwd=tmp_path).returncode == 0
    assert (tmp_path / "queries/inventory.graphql").read_text() == INVENTORY


def test_control_houston_send_alone(tmp_path):
    project_tree(tmp_path, {"queries/deps.graphql": DEPS,
                            "run.py": _SCRIPT.format(key="stem", houston_send=_DIRECT % '"deps"', cmdb_send="")})
    documents, findings, completed = _check(tmp_path)
    assert documents["queries/deps.graphql"]["houston"] is True, documents
    assert any("relaseName" in f["message"] for f in findings if f["severity"] == "error"), findings
