"""Red team 22 (report 13), f2: ``rewrite --houston-version 1.0.1`` does in one run what the default rewrite does.

The 1.0.1 schema has no ``updateDeploymentAirflow``, so nothing under it had a type: the mutation was renamed
but its ``desiredAirflowVersion`` / ``version: airflowVersion`` reads were not (a second run aliased them: not
idempotent), and a script whose rewrite then checked the half-migrated document was refused as "would make a
document invalid" although the original already selected the same removed field.  The rules now type the
removed mutation's selection as its Runtime twin's (``walk.RuleTypeInfo``), and the added-errors baseline
validates the original with the mutation put back (``validate._unmasked_errors``).
"""

from trust_cli import run_cli

OPS = """fragment DepFields on Deployment {
  id
  releaseName
  airflowVersion
}

query GetDeployment($id: String!) {
  deployment(where: { id: $id }) {
    ...DepFields
    desiredAirflowVersion
  }
}

mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    version: airflowVersion
    desiredAirflowVersion
  }
}
"""

SCRIPT = '''import os
import requests

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) {
    id
    desiredAirflowVersion
  }
}
"""


def upgrade(dep_id):
    r = requests.post(os.environ["HOUSTON_URL"],
                      json={"query": UPGRADE, "variables": {"id": dep_id, "desiredAirflowVersion": "2.4.3-6"}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["updateDeploymentAirflow"]["id"]
'''

# A read the rules hold (selected beside runtimeVersion) under the mutation they migrate: on 1.0.1 the
# original already selected it, so the rewrite is not withdrawn for its error.
HELD = """mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") {
    id
    airflowVersion
    runtimeVersion
  }
}
"""


def _rewrite(path, *extra):
    done = run_cli("rewrite", "--no-cache", *extra, ".", cwd=path)
    assert done.returncode == 0, done.stderr
    return done


def test_an_operations_file_migrates_in_one_run_as_with_the_default_schema(tmp_path):
    default, target = tmp_path / "default", tmp_path / "target"
    for path in (default, target):
        path.mkdir()
        (path / "ops.graphql").write_text(OPS)
    _rewrite(default)
    _rewrite(target, "--houston-version", "1.0.1")
    once = (target / "ops.graphql").read_text()
    assert once == (default / "ops.graphql").read_text()
    assert "version: runtimeAirflowVersion" in once and "desiredAirflowVersion: desiredRuntimeVersion" in once
    again = _rewrite(target, "--houston-version", "1.0.1")
    assert (target / "ops.graphql").read_text() == once, "a second run changed the file"
    assert "0 rewritten" in again.stderr
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=target)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 would be rewritten" in checked.stderr


def test_a_script_is_migrated_not_refused_for_an_error_its_original_had(tmp_path):
    (tmp_path / "upgrade.py").write_text(SCRIPT)
    done = _rewrite(tmp_path, "--houston-version", "1.0.1")
    out = done.stdout + done.stderr
    assert "review-rewrite-invalid" not in out
    text = (tmp_path / "upgrade.py").read_text()
    assert "updateDeploymentAirflow: updateDeploymentRuntime(" in text
    assert "desiredAirflowVersion: desiredRuntimeVersion" in text
    assert '"desiredRuntimeVersion": "6.10.0"' in text
    checked = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_held_read_under_the_migrated_mutation_does_not_withdraw_the_file(tmp_path):
    default, target = tmp_path / "default", tmp_path / "target"
    for path in (default, target):
        path.mkdir()
        (path / "ops.graphql").write_text(HELD)
    _rewrite(default)
    done = _rewrite(target, "--houston-version", "1.0.1")
    assert "review-rewrite-invalid" not in done.stdout + done.stderr
    assert "review-read-field-replacement-selected" in done.stdout + done.stderr
    assert (target / "ops.graphql").read_text() == (default / "ops.graphql").read_text() != HELD
