"""Red team 22 (report 13), f1: a read is held for the operation that still sends an AC version, not the document.

A .graphql file of three operations (a read-only list, an upgrade the rules migrate, a create with AC 2.1.4,
which has no Runtime equivalent) had the reads of the list and of the upgrade left unaliased with
review-read-field-ac-deployment "this document still creates or updates the Deployment with an AC version":
untrue for both, and the upgrade was left half migrated (it set desiredRuntimeVersion and read back
desiredAirflowVersion).  The same in one Python string of several operations sent with operationName.
Now the hold is decided per operation (``runtime_read_fields.held_definitions``); a fragment is held when an
operation that still sends an AC version spreads it, and a field merged with a held one is held with it.
"""

from trust_cli import run_cli

LIST = """query ListDeployments($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    id
    label
    airflowVersion
  }
}
"""
UPGRADE = """mutation UpgradeDeployment($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") {
    id
    desiredAirflowVersion
  }
}
"""
LEGACY = """mutation CreateLegacyDeployment($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "legacy", type: "airflow", airflowVersion: "2.1.4-2") {
    id
    airflowVersion
  }
}
"""

SCRIPT = '''import os
import requests

DOCUMENT = """
{list}
{upgrade}
{legacy}
"""


def houston(name, variables):
    return requests.post(os.environ["HOUSTON_URL"], json={{"query": DOCUMENT, "operationName": name, "variables": variables}},
                         headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}}).json()["data"]


def versions(ws):
    return [d["airflowVersion"] for d in houston("ListDeployments", {{"ws": ws}})["workspaceDeployments"]]
'''


def test_only_the_operation_still_sending_an_ac_version_keeps_its_reads(tmp_path):
    (tmp_path / "deployments.graphql").write_text("\n".join((LIST, UPGRADE, LEGACY)))
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    text = (tmp_path / "deployments.graphql").read_text()
    assert "    airflowVersion: runtimeAirflowVersion\n  }\n}\n\nmutation UpgradeDeployment" in text
    assert "desiredAirflowVersion: desiredRuntimeVersion" in text
    assert 'airflowVersion: "2.1.4-2") {\n    id\n    airflowVersion\n  }' in text  # the legacy create's own read
    assert "this document still creates" not in out
    held = [line for line in out.splitlines() if "review-read-field-ac-deployment" in line]
    assert len(held) == 1 and held[0].startswith("deployments.graphql:19:"), out
    assert "operation CreateLegacyDeployment still creates or updates the Deployment" in held[0]
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    errors = [line for line in checked.stdout.splitlines() + checked.stderr.splitlines() if " error " in line]
    assert all(line.startswith(("deployments.graphql:17:", "deployments.graphql:19:")) for line in errors), errors


def test_a_fragment_spread_by_the_held_operation_is_held_and_so_is_a_field_merged_with_it(tmp_path):
    text = """fragment Dep on Deployment {
  id
  airflowVersion
}

query ListDeployments($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    ...Dep
    airflowVersion
  }
}

query Other($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    label
    airflowVersion
  }
}

mutation CreateLegacyDeployment($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "legacy", type: "airflow", airflowVersion: "2.1.4-2") {
    ...Dep
  }
}
"""
    (tmp_path / "ops.graphql").write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    after = (tmp_path / "ops.graphql").read_text()
    # Only Other's read is migrated: Dep lands in the legacy create, and ListDeployments' own read is
    # merged with Dep's (renaming one would make the two conflict).
    assert after.count("airflowVersion: runtimeAirflowVersion") == 1
    assert "    label\n    airflowVersion: runtimeAirflowVersion" in after
    assert "review-rewrite-invalid" not in out
    assert "fragment Dep is spread by operation CreateLegacyDeployment" in out
    checked = run_cli("check", "--no-cache", ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_one_python_string_of_several_operations_sent_with_operation_name(tmp_path):
    (tmp_path / "deploy.py").write_text(SCRIPT.format(list=LIST, upgrade=UPGRADE, legacy=LEGACY))
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    text = (tmp_path / "deploy.py").read_text()
    assert "    airflowVersion: runtimeAirflowVersion\n  }\n}\n\nmutation UpgradeDeployment" in text
    assert "desiredAirflowVersion: desiredRuntimeVersion" in text
    assert "this document still creates" not in out
    assert "operation CreateLegacyDeployment still creates or updates the Deployment" in out


SHARED = '''import os
import requests

DEP = """
fragment Dep on Deployment {
  id
  airflowVersion
}
"""

OPS = """
query Other($ws: Uuid!) {
  workspaceDeployments(workspaceUuid: $ws) {
    label
    airflowVersion
  }
}

mutation CreateLegacyDeployment($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "legacy", type: "airflow", airflowVersion: "2.1.4-2") {
    ...Dep
  }
}
""" + DEP

GET = """
query Get($id: String!) {
  deployment(where: {id: $id}) {
    ...Dep
  }
}
""" + DEP


def houston(query, name, variables):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": query, "operationName": name, "variables": variables},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]


def main(ws, dep):
    print(houston(OPS, "Other", {"ws": ws}))
    print(houston(GET, "Get", {"id": dep}))
'''


def test_documents_of_a_module_sharing_a_fragment_are_judged_per_operation_too(tmp_path):
    (tmp_path / "deploy.py").write_text(SHARED)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout + done.stderr
    text = (tmp_path / "deploy.py").read_text()
    # Other sends no AC version: migrated; Dep lands in the legacy create: held, in every document.
    assert text.count("airflowVersion: runtimeAirflowVersion") == 1
    assert "    label\n    airflowVersion: runtimeAirflowVersion" in text
    assert "fragment Dep is spread by operation CreateLegacyDeployment" in out
