"""Red team 22 (report 13), f7: a review worded for the migrated file is not printed as it is over a file left alone.

deploy.py's UPGRADE is imported by a test, so nothing in it is rewritten; yet the variables dict got
``review-version-value the value sent as 'desiredRuntimeVersion' must now be an Astro Runtime version``: no such key
is in the file, and the value still feeds updateDeploymentAirflow, where an AC version is right.  A review made
beside the edits it describes carries what to say when they are taken back (``Finding.held``), whoever takes
them back (an importer, a fill, a file-level hold, a rewrite that would make a document invalid).
"""

from trust_cli import run_cli

DEPLOY = '''import os
import requests

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id desiredAirflowVersion }
}
"""


def upgrade(dep, version):
    return requests.post(os.environ["HOUSTON_URL"], json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": version}},
                         headers={"authorization": os.environ["HOUSTON_API_TOKEN"]}).json()
'''

TEST = '''from unittest import mock

import deploy


def test_upgrade_sends_ac_mutation():
    assert "updateDeploymentAirflow(" in deploy.UPGRADE
'''


def _project(path, importer=True):
    (path / "deploy.py").write_text(DEPLOY)
    if importer:
        (path / "tests").mkdir()
        (path / "tests" / "test_deploy.py").write_text(TEST)


def _lines(done, code):
    return [line for line in (done.stdout + done.stderr).splitlines() if f" {code} " in line]


def test_a_held_file_is_described_as_it_is(tmp_path):
    _project(tmp_path)
    for command in ("rewrite", "check"):
        done = run_cli(command, "--no-cache", ".", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (tmp_path / "deploy.py").read_text() == DEPLOY
        value = _lines(done, "review-version-value")
        assert len(value) == 1 and value[0].startswith("deploy.py:12:"), done.stderr
        assert "'desiredRuntimeVersion' must now be" not in value[0]
        assert "the value sent as 'desiredAirflowVersion'" in value[0] and "is left as it is" in value[0]
        assert "not rewritten: UPGRADE is imported by tests/test_deploy.py" in value[0]
        desired = _lines(done, "review-desired-runtime-version")
        assert len(desired) == 1 and "once this document is migrated: " in desired[0], done.stderr


def test_the_same_file_migrated_keeps_the_reviews_of_the_migrated_file(tmp_path):
    _project(tmp_path, importer=False)
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"desiredRuntimeVersion": version' in (tmp_path / "deploy.py").read_text()
    value = _lines(done, "review-version-value")
    assert len(value) == 1 and "the value sent as 'desiredRuntimeVersion' must now be an Astro Runtime version" in value[0]
    desired = _lines(done, "review-desired-runtime-version")
    assert len(desired) == 1 and "once this document is migrated" not in desired[0]
