"""Red team 19 (report 19): the 1.0.1 migration rules and the image / compose side, one test per finding.

Each test runs the installed command over a folder of cases (``rewrite``, then ``check`` where the
finding is about what survives a rewrite), with controls the fix must keep migrating (recall).
``TRUST_CLI_UNDER_TEST=/tmp/rt20/venv/bin/houston-codemod`` runs them against the wheel of 913e919,
before the fixes: each fails there.
"""

import re

from trust_cli import run_cli

_HOUSTON = '''import os
import requests

HOUSTON = "https://houston.example.com/v1"


def gql(q, v):
    return requests.post(HOUSTON, json={"query": q, "variables": v}, headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()["data"]
'''


def _write(root, cases):
    for name, text in cases.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _findings(stderr):
    found = {}
    for match in re.finditer(r"^([\w./-]+):(\d+):\d+: \w+ (\S+) ", stderr, re.M):
        found.setdefault(match.group(1), set()).add((int(match.group(2)), match.group(3)))
    return found


def _line_of(text, needle):
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# -- F5: version arguments inside a fragment on Mutation ------------------------------------------

F5_CASES = {
    # the report's shape: updateDeploymentAirflow in a fragment on Mutation, its variable declared by the
    # operation that spreads it
    "frag_update.py": _HOUSTON + '''
UPGRADE = """
fragment Up on Mutation {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
mutation Upgrade($id: Uuid!, $v: String!) {
  ...Up
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"id": dep, "v": "2.4.3-6"})
''',
    # createDeployment(airflowVersion: $airflowVersion) in such a fragment: the argument alone was renamed
    "frag_create.py": _HOUSTON + '''
CREATE = """
fragment C on Mutation {
  createDeployment(workspaceUuid: $ws, label: "x", type: "airflow", airflowVersion: $airflowVersion) { id }
}
mutation Create($ws: Uuid!, $airflowVersion: String = "2.3.4-11") {
  ...C
}
"""


def create(ws):
    return gql(CREATE, {"ws": ws, "airflowVersion": "2.3.4-11"})
''',
    # controls (recall): a literal in a fragment reads the same for every spreading operation, and the
    # plain mutation, also through an inline fragment on Mutation, migrates whole
    "frag_literal.py": _HOUSTON + '''
UPGRADE = """
fragment Up on Mutation {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }
}
mutation Upgrade($id: Uuid!) {
  ...Up
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"id": dep})
''',
    "plain.py": _HOUSTON + '''
UPGRADE = """
mutation Upgrade($deploymentUuid: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $deploymentUuid, desiredAirflowVersion: $desiredAirflowVersion) { id }
}
"""
INLINE = """
mutation Inline($id: Uuid!, $desiredAirflowVersion: String!) {
  ... on Mutation { updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id } }
}
"""


def upgrade(dep):
    return gql(UPGRADE, {"deploymentUuid": dep, "desiredAirflowVersion": "2.4.3-6"})


def inline(dep):
    return gql(INLINE, {"id": dep, "desiredAirflowVersion": "2.4.3-6"})
''',
}


def test_f5_a_version_variable_in_a_fragment_is_held_whole(tmp_path):
    _write(tmp_path, F5_CASES)
    result = run_cli("rewrite", ".", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    findings = _findings(result.stderr)

    update = (tmp_path / "frag_update.py").read_text()
    assert update == F5_CASES["frag_update.py"]  # nothing half-migrated
    assert (_line_of(update, "updateDeploymentAirflow("), "review-fragment-version-variable") in findings["frag_update.py"]

    create = (tmp_path / "frag_create.py").read_text()
    assert create == F5_CASES["frag_create.py"]  # was: runtimeVersion: $airflowVersion with "2.3.4-11" sent
    assert (_line_of(create, "createDeployment("), "review-fragment-version-variable") in findings["frag_create.py"]

    literal = (tmp_path / "frag_literal.py").read_text()
    assert 'updateDeploymentAirflow: updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: "6.10.0")' in literal
    plain = (tmp_path / "plain.py").read_text()
    assert "airflowVersion" not in plain.replace("updateDeploymentAirflow", "")
    assert plain.count('"desiredRuntimeVersion": "6.10.0"') == 2

    checked = run_cli("check", "--houston-version", "1.0.1", "frag_literal.py", "plain.py", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
