"""Red team 20, report 12, F8: the evidence for a ``.graphql`` file names the send of *its* read.

``with open("queries/create.graphql") as f: CREATE = f.read()`` and the same ``f`` for
``record.graphql``: following ``f`` through the module reached both constants, so ``record.graphql``
was "sent by helper houston() (line 22)", the line sending ``CREATE``, and judged Houston on that
untrue strong line (reviews told the user to migrate the other API's document).  Now a ``with``
variable is the read's only in its body (``read_sends._Reader._within_with``), and a generic helper
``post(url, payload)`` is placed by the URL its call gives (``_argument_for``): ``record.graphql`` is
sent to ``CMDB_URL``, another API.

Control (recall): ``create.graphql``, read the same way and sent with ``houston()``, stays Houston
with the true line.
"""

import json

from trust_cli import run_cli

SYNC = '''import os
import requests

HOUSTON_URL = os.environ["HOUSTON_URL"]
CMDB_URL = "https://cmdb.acme-corp.net/api"

with open("queries/create.graphql") as f:
    CREATE = f.read()
with open("queries/record.graphql") as f:
    RECORD = f.read()


def houston(query, variables):
    return requests.post(HOUSTON_URL, json={"query": query, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]


def post(url, payload):
    return requests.post(url, json=payload, timeout=30).json()["data"]


dep = houston(CREATE, {"ws": os.environ["WS"], "label": "etl"})["createDeployment"]
post(CMDB_URL, {"query": RECORD, "variables": {"releaseName": dep["releaseName"], "airflowVersion": "2.3.4-11"}})
'''

CREATE = """mutation Create($ws: Uuid!, $label: String!) {
  createDeployment(workspaceUuid: $ws, label: $label, type: "airflow", airflowVersion: "2.3.4-11") { id releaseName }
}
"""

RECORD = """mutation Record($releaseName: String!, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, airflowVersion: $airflowVersion) { id }
}
"""


def test_a_read_into_a_with_variable_is_placed_by_its_own_send(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "create.graphql").write_text(CREATE)
    (tmp_path / "queries" / "record.graphql").write_text(RECORD)
    (tmp_path / "sync.py").write_text(SYNC)
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    documents = {d["path"]: d for d in json.loads(result.stdout)["documents"]}
    record = documents["queries/record.graphql"]
    assert not any("houston()" in line for line in record["evidence"]), record
    assert record["houston"] is False, record
    assert any("CMDB_URL" in line and "(line 23)" in line for line in record["evidence"]), record
    assert not [f for f in json.loads(result.stdout)["findings"] if f["path"] == "queries/record.graphql"]
    # control (recall): the Houston file read the same way keeps its true send, and is migrated
    create = documents["queries/create.graphql"]
    assert create["houston"] is True, create
    assert any("sent by helper houston() (line 22)" in line for line in create["evidence"]), create
    rewritten = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in rewritten.stderr
    assert 'runtimeVersion: "' in (tmp_path / "queries" / "create.graphql").read_text()
    assert (tmp_path / "queries" / "record.graphql").read_text() == RECORD
    assert (tmp_path / "sync.py").read_text() == SYNC
