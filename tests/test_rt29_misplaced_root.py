"""A root field Houston has on another root type is Houston's word, misplaced (red team 28, report 13, f6).

runtimeReleases (a Query field) put under Mutation beside updateDeploymentAirflow and
createDeployment(airflowVersion:) was weighed as "root fields Houston never had: runtimeReleases": the
document was undecided, nothing was migrated and check on 1.0.1 exited 0.  It is a Houston document with
an error: check reports the misplaced field and the removed AC items.
"""

from trust_cli import check_by_file, git_tree, run_cli

DOCUMENT = """mutation Upgrade($id: Uuid!, $v: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $v) { id }
}
mutation Create($ws: Uuid!) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: "2.3.4-11") { id }
  runtimeReleases(airflowVersion: "2.3.4") { version }
}
"""


def test_a_misplaced_houston_root_field_counts_for_houston(tmp_path):
    git_tree(tmp_path, {"deploy.graphql": DOCUMENT})
    explain = run_cli("check", "--no-cache", "--explain", "deploy.graphql", cwd=tmp_path)
    assert "never had: runtimeReleases" not in explain.stdout, explain.stdout
    verdicts, errors, done = check_by_file(tmp_path)
    assert done.returncode == 1, done.stdout
    assert verdicts["deploy.graphql"]["houston"] is True, verdicts
    found = " ".join(errors["deploy.graphql"])
    assert "runtimeReleases" in found and "Mutation" in found, found
    assert "airflowVersion" in found, found  # the AC items 1.0.1 removed


def test_a_root_field_no_houston_has_still_weighs_against(tmp_path):
    git_tree(tmp_path, {"other.graphql": 'mutation M { createWidget(name: "x") { id } }\n'})
    explain = run_cli("check", "--no-cache", "--explain", "other.graphql", cwd=tmp_path)
    assert "never had: createWidget" in explain.stdout, explain.stdout
