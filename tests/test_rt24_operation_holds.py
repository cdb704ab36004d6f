"""Red team 23 (report 13), f11: each operation of a document is held or migrated on its own.

One document declares operations A and B, each with its own ``$airflowVersion``.  a() sends A with a
dict it changes later (A is held); b() sends B with a clean dict.  The variable was decided for the
first operation only, so B's argument became ``runtimeVersion: $airflowVersion`` while b() still sent
``airflowVersion: "2.4.3-6"``, an AC version into a Runtime argument, with no finding from rewrite or
check.  Now B is migrated whole (variable, key, value) and A keeps its reviews.
"""

from trust_cli import run_cli

MUTATED = '''import os
import requests

URL = "https://houston.example.com/v1"
H = {"authorization": os.environ.get("HOUSTON_API_TOKEN", "")}

DOC = """
mutation A($ws: Uuid!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, label: "a", type: "airflow", airflowVersion: $airflowVersion) { id }
}

mutation B($ws: Uuid!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, label: "b", type: "airflow", airflowVersion: $airflowVersion) { id }
}
"""


def a(ws, override=None):
    params = {"ws": ws, "airflowVersion": "2.3.4-11"}
    if override:
        params["airflowVersion"] = override
    return requests.post(URL, json={"query": DOC, "operationName": "A", "variables": params}, headers=H).json()


def b(ws):
    return requests.post(URL, json={"query": DOC, "operationName": "B", "variables": {"ws": ws, "airflowVersion": "2.4.3-6"}}, headers=H).json()
'''

SPLAT = '''import os
import requests

URL = "https://houston.example.com/v1"
H = {"authorization": os.environ.get("HOUSTON_API_TOKEN", "")}

DOC = """
mutation Create($ws: Uuid!, $airflowVersion: String!) {
  createDeployment(workspaceUuid: $ws, label: "a", type: "airflow", airflowVersion: $airflowVersion) { id }
}

mutation Upgrade($id: Uuid!, $airflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $airflowVersion) { id }
}
"""


def create(ws, **extra):
    v = {"ws": ws, "airflowVersion": "2.3.4-11", **extra}
    return requests.post(URL, json={"query": DOC, "operationName": "Create", "variables": v}, headers=H).json()


def upgrade(dep):
    v = {"id": dep, "airflowVersion": "2.4.3-6"}
    return requests.post(URL, json={"query": DOC, "operationName": "Upgrade", "variables": v}, headers=H).json()
'''


def _rewrite(tmp_path, text):
    (tmp_path / "ops.py").write_text(text)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    return done, (tmp_path / "ops.py").read_text().splitlines()


def test_the_clean_operation_is_migrated_whole(tmp_path):
    done, lines = _rewrite(tmp_path, MUTATED)
    # B: variable, argument, key and value together.
    assert lines[11] == "mutation B($ws: Uuid!, $runtimeVersion: String!) {"
    assert "runtimeVersion: $runtimeVersion" in lines[12]
    assert '"variables": {"ws": ws, "runtimeVersion": "6.10.0"}' in lines[25]
    # A: held and reviewed, its dict untouched.
    assert lines[7] == "mutation A($ws: Uuid!, $airflowVersion: String!) {"
    assert lines[18] == '    params = {"ws": ws, "airflowVersion": "2.3.4-11"}'
    assert any(l.startswith("ops.py:8:") and "review-version-variable" in l for l in done.stderr.splitlines())
    # Idempotent.
    again = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "ops.py").read_text().splitlines() == lines
    # No operation is left with a renamed argument fed by an AC value with no finding: check is quiet on B.
    check = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert not any(l.startswith(("ops.py:12:", "ops.py:13:", "ops.py:26:")) for l in check.stderr.splitlines())


def test_a_splat_held_operation_does_not_hold_its_sibling_silently(tmp_path):
    done, lines = _rewrite(tmp_path, SPLAT)
    assert "desiredRuntimeVersion: $runtimeVersion" in lines[12], lines[12]
    assert lines[11] == "mutation Upgrade($id: Uuid!, $runtimeVersion: String!) {"
    assert lines[23] == '    v = {"id": dep, "runtimeVersion": "6.10.0"}'
    assert lines[18] == '    v = {"ws": ws, "airflowVersion": "2.3.4-11", **extra}'
    assert any(l.startswith("ops.py:8:") and "review-version-variable" in l for l in done.stderr.splitlines())
