"""Red team 24 (report 13), reviewer's recall note: a root field only Houston has weighs for Houston despite a typo.

A ``.graphql`` file calling ``updateDeploymentAirflow`` (no other API has it) with a one-letter typo in a field
below it (``relaseName``) was "undecided" (Houston-only vocabulary, weak, against "fields Houston's types lack",
weak), and with an argument Houston never declared (``force: true``) "not Houston": never validated, so the typo
passed silently.  Under a root field only Houston has, both are now notes (a mistake in a Houston document):
the document is Houston's and check reports the typo.  Elsewhere they weigh as before: a shared noun
(``deployments``) with a field Houston's Deployment lacks is still not taken for Houston.
"""

import json

import pytest

from trust_cli import run_cli

DOCUMENTS = {
    "field_typo": ('mutation Upgrade($id: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: '
                   '"2.4.3-6") { id relaseName }\n}\n', "Cannot query field 'relaseName'"),
    "unknown_argument": ('mutation Upgrade($id: Uuid!) {\n  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: '
                         '"2.4.3-6", force: true) { id releaseName }\n}\n', "Unknown argument 'force'"),
    "runtime_field_typo": ('mutation Upgrade($id: Uuid!) {\n  updateDeploymentRuntime(deploymentUuid: $id, desiredRuntimeVersion: '
                           '"6.0.0") { id relaseName }\n}\n', "Cannot query field 'relaseName'"),
}


def _check(tmp_path, text):
    (tmp_path / ".git").mkdir()
    (tmp_path / "upgrade.graphql").write_text(text)
    done = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout), done


@pytest.mark.parametrize("form", sorted(DOCUMENTS))
def test_a_mistake_under_a_houston_only_root_field_is_reported(tmp_path, form):
    text, error = DOCUMENTS[form]
    report, done = _check(tmp_path, text)
    assert [d["houston"] for d in report["documents"]] == [True], report["documents"]
    errors = [f["message"] for f in report["findings"] if f["severity"] == "error"]
    assert any(error in message for message in errors), errors
    assert done.returncode == 1


def test_a_shared_noun_with_a_field_houston_lacks_is_still_not_houston(tmp_path):
    # ``deployments`` is any platform's noun, ``name`` a field Houston's Deployment lacks: no Houston word decides
    report, done = _check(tmp_path, "query { deployments { id name } }\n")
    assert [d["houston"] for d in report["documents"]] != [True], report["documents"]
    assert not report["findings"], report["findings"]
