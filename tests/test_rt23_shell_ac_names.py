"""Red team 22 (report 13), f6: a shell step keyed on an AC name other than ``airflowVersion`` holds the file.

``jq -n --rawfile q queries/upgrade.graphql '{query: $q, variables: {desiredAirflowVersion: $v}}' | curl ...``
sends the document's variables under the AC name; a workflow's ``sed -i "s/desiredAirflowVersion: .../"``
bumps its literal.  Only ``airflowVersion`` was looked for in a step, so both documents were rewritten under
the step (the script then sent a variable the document no longer declares; the sed matched nothing) with no
finding, and check 1.0.1 was clean.  Every AC field, argument and type name of the migration now counts
(``desiredAirflowVersion``, ``updateDeploymentAirflow``, ``airflowImages``, ``AirflowImage``, ...): the file is
held with ``review-template-fill`` naming the step.  A name alone does not hold a file of unknown path.
"""

from trust_cli import run_cli, project_tree

UPGRADE_VARIABLE = '''mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) {
    id
  }
}
'''

JQ_SENDER = '''#!/bin/bash
set -euo pipefail
DEP="$1"; VERSION="${2:-2.4.3-6}"
jq -n --arg id "$DEP" --arg v "$VERSION" --rawfile q queries/upgrade.graphql \\
  '{query: $q, variables: {id: $id, desiredAirflowVersion: $v}}' |
  curl -sf -H "authorization: $HOUSTON_API_TOKEN" -H 'content-type: application/json' \\
    "https://houston.$BASEDOMAIN/v1" -d @-
'''

UPGRADE_LITERAL = '''mutation Upgrade($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") {
    id
  }
}
'''

WORKFLOW = '''name: upgrade
on:
  workflow_dispatch:
    inputs:
      version: {{required: true}}
jobs:
  upgrade:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: {step}
      - run: python scripts/send.py queries/upgrade.graphql
'''

SED_VERSION = '''sed -i "s/desiredAirflowVersion: \\"[^\\"]*\\"/desiredAirflowVersion: \\"${{ inputs.version }}\\"/" queries/upgrade.graphql'''
GREP_FIELD = '''grep -q "updateDeploymentAirflow(" queries/upgrade.graphql || exit 1'''
SED_ANY_FILE = '''sed -i "s/desiredAirflowVersion/desiredAirflowVersion/" "$FILE"'''


_project = project_tree  # trust_cli's: a .git folder and the files


def test_a_jq_sender_of_desired_airflow_version_holds_the_document(tmp_path):
    _project(tmp_path, {"queries/upgrade.graphql": UPGRADE_VARIABLE, "scripts/upgrade.sh": JQ_SENDER})
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE_VARIABLE
    held = [line for line in done.stderr.splitlines() if "review-template-fill" in line]  # rewrite reports on stderr
    assert held and all("scripts/upgrade.sh:4" in line for line in held), done.stderr
    after = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert "review-template-fill" in after.stdout and after.returncode == 1, after.stdout


def test_a_sed_step_keyed_on_desired_airflow_version_holds_the_document(tmp_path):
    _project(tmp_path, {
        "queries/upgrade.graphql": UPGRADE_LITERAL,
        ".github/workflows/upgrade.yml": WORKFLOW.format(step=SED_VERSION),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE_LITERAL
    assert "review-template-fill" in done.stderr and ".github/workflows/upgrade.yml:11" in done.stderr, done.stderr


def test_a_grep_step_keyed_on_update_deployment_airflow_holds_the_document(tmp_path):
    _project(tmp_path, {
        "queries/upgrade.graphql": UPGRADE_LITERAL,
        ".github/workflows/upgrade.yml": WORKFLOW.format(step=GREP_FIELD),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "queries/upgrade.graphql").read_text() == UPGRADE_LITERAL
    assert "review-template-fill" in done.stderr and ".github/workflows/upgrade.yml:11" in done.stderr, done.stderr


def test_a_name_alone_does_not_hold_a_file_of_unknown_path(tmp_path):
    # control: what a step of unknown path looks for is only a name every document has; the file migrates
    _project(tmp_path, {
        "queries/upgrade.graphql": UPGRADE_LITERAL,
        ".github/workflows/upgrade.yml": WORKFLOW.format(step=SED_ANY_FILE),
    })
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "updateDeploymentRuntime" in (tmp_path / "queries/upgrade.graphql").read_text()
    assert "review-template-fill" not in done.stderr, done.stderr
