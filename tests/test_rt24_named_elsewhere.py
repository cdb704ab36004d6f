"""A send traced to a URL or Airflow connection named for another service weighs against Houston
(red team 23, report 12, f8).

A Streamlit dashboard posting ``deployments { id releaseName airflowVersion }`` to
``os.environ["INVENTORY_GRAPHQL_URL"]``, or a DAG sending it through ``http_conn_id="inventory_api"``,
never talks to Houston: the traced send was only a note, Houston's vocabulary made the document
Houston's, and ``rewrite`` wrote ``airflowVersion: runtimeAirflowVersion`` into the inventory query.
Now such a send is said against at the weight of the document's words: undecided, never validated
nor edited.  A run-time URL naming no service (``API_URL``, ``GRAPHQL_ENDPOINT``, ``args.url``) stays
Houston's on its vocabulary, as before.  Each tree goes through the installed CLI
(``TRUST_CLI_UNDER_TEST`` points it at another install).
"""

import json
from pathlib import Path

import pytest

from trust_cli import run_cli

_DOC = '''
DEPLOYMENTS = """
query Deployments {
  deployments {
    id
    releaseName
    airflowVersion
  }
}
"""
'''

_DASHBOARD = '''"""Streamlit dashboard over our Airflow inventory service."""
import os
import requests
import streamlit as st

URL = @URL@
''' + _DOC + '''
def inventory(q):
    r = requests.post(URL, json={"query": q}, timeout=10)
    r.raise_for_status()
    return r.json()["data"]

st.table(inventory(DEPLOYMENTS)["deployments"])
'''

_DAG = '''import json
import pendulum
from airflow.decorators import dag
from airflow.providers.http.operators.http import SimpleHttpOperator
''' + _DOC + '''
@dag(start_date=pendulum.datetime(2024, 1, 1), schedule="@daily")
def inventory_snapshot():
    SimpleHttpOperator(task_id="snapshot", http_conn_id="@CONN@", endpoint="v1",
                       data=json.dumps({"query": DEPLOYMENTS}), headers={"Content-Type": "application/json"})

inventory_snapshot()
'''

ELSEWHERE = {
    "env_url.py": _DASHBOARD.replace("@URL@", 'os.environ["INVENTORY_GRAPHQL_URL"]'),
    "named_constant.py": _DASHBOARD.replace("@URL@", 'INVENTORY_GRAPHQL_URL = os.environ["INVENTORY_GRAPHQL_URL"]'),
    "cmdb_getenv.py": _DASHBOARD.replace("@URL@", 'os.getenv("CMDB_API_URL")'),
    "dag.py": _DAG.replace("@CONN@", "inventory_api"),
}

NO_SERVICE = {
    "api_url.py": _DASHBOARD.replace("@URL@", 'os.environ["API_URL"]'),
    "graphql_endpoint.py": _DASHBOARD.replace("@URL@", 'os.environ["GRAPHQL_ENDPOINT"]'),
    "args_url.py": _DASHBOARD.replace("@URL@", '__import__("argparse").ArgumentParser().parse_args().url'),
}


def _documents(root: Path):
    completed = run_cli("check", "--no-cache", "-j1", "--format", "json", ".", cwd=root)
    assert completed.returncode in (0, 1), completed.stderr
    assert "Traceback" not in completed.stderr, completed.stderr
    report = json.loads(completed.stdout)
    return {Path(d["path"]).name: d for d in report["documents"]}, report["findings"]


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    root = tmp_path_factory.mktemp("elsewhere")
    for name, text in ELSEWHERE.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(ELSEWHERE))
def test_a_send_named_for_another_service_is_never_houston_on_vocabulary(elsewhere, name):
    documents, findings = _documents(elsewhere)
    document = documents[name]
    assert document["houston"] is None, document  # undecided: never validated, never edited
    assert any("named for another service" in said for said in document["evidence"]), document
    assert not [f for f in findings if Path(f["path"]).name == name], findings


def test_rewrite_leaves_the_inventory_queries_alone(tmp_path):
    for name, text in ELSEWHERE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    completed = run_cli("rewrite", ".", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    for name, text in ELSEWHERE.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text, name


def test_a_send_naming_no_service_stays_houston_on_vocabulary(tmp_path):
    for name, text in NO_SERVICE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    documents, _findings = _documents(tmp_path)
    for name in NO_SERVICE:
        assert documents[name]["houston"] is True, documents[name]
