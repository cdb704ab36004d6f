"""Red team 24 (report 13), f4: what check says rewrite does is what rewrite does, for an aliased field too.

``upgrade: updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.4.3-6") { id }``: check
--houston-version 1.0.1 said "houston-codemod rewrite does not change it here: migrate it by hand" while rewrite
migrated it (the error starts at the alias, the rewrite's edit at the name, and the two were matched by where
each starts); the same inside a fragment on Mutation and an inline fragment.  The claim now comes from the
rewrite's own edits: "(houston-codemod rewrite does it)" exactly when an edit the rewrite makes changes the
field's name.  Each case below runs check, then rewrite, and holds the two to each other.
"""

import json

import pytest

from trust_cli import run_cli

DOES_IT = "(houston-codemod rewrite does it)."
BY_HAND = "migrate it by hand."

FIELD = 'updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "{version}") {{ id }}'
DOCUMENTS = {
    "unaliased": "mutation Upgrade($id: Uuid!) {{\n  " + FIELD + "\n}}\n",
    "aliased": "mutation Upgrade($id: Uuid!) {{\n  upgrade: " + FIELD + "\n}}\n",
    "aliased_over_lines": "mutation Upgrade($id: Uuid!) {{\n  upgrade:\n    " + FIELD + "\n}}\n",
    "fragment": "mutation Upgrade($id: Uuid!) {{\n  ...Up\n}}\n\nfragment Up on Mutation {{\n  " + FIELD + "\n}}\n",
    "aliased_in_fragment": "mutation Upgrade($id: Uuid!) {{\n  ...Up\n}}\n\nfragment Up on Mutation {{\n  upgrade: " + FIELD + "\n}}\n",
    "aliased_in_inline_fragment": "mutation Upgrade($id: Uuid!) {{\n  ... on Mutation {{\n    upgrade: " + FIELD + "\n  }}\n}}\n",
}

SCRIPT = '''import os

import requests

UPGRADE = """
{document}"""


def upgrade(dep_id):
    r = requests.post("https://houston.example.com/v1", json={{"query": UPGRADE, "variables": {{"id": dep_id}}}},
                      headers={{"authorization": os.environ["HOUSTON_API_TOKEN"]}})
    return r.json()["data"]
'''


def _project(tmp_path, files):
    (tmp_path / ".git").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text)


def _claims(tmp_path):
    """{path: [the tail of each error about updateDeploymentAirflow]} of check on Houston 1.0.1."""
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", "--format", "json", ".", cwd=tmp_path)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr
    claims = {}
    for finding in json.loads(done.stdout)["findings"]:
        if finding["severity"] == "error" and "'updateDeploymentAirflow'" in finding["message"]:
            claims.setdefault(finding["path"], []).append(finding["message"])
    return claims


@pytest.mark.parametrize("kind", ["graphql", "python"])
@pytest.mark.parametrize("form", sorted(DOCUMENTS))
def test_check_says_rewrite_does_it_where_rewrite_does(tmp_path, form, kind):
    document = DOCUMENTS[form].format(version="2.4.3-6")
    name = "upgrade.graphql" if kind == "graphql" else "upgrade.py"
    _project(tmp_path, {name: document if kind == "graphql" else SCRIPT.format(document=document)})
    claims = _claims(tmp_path)
    assert claims.get(name), claims
    assert all(m.endswith(DOES_IT) for m in claims[name]), claims
    done = run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / name).read_text()
    assert "updateDeploymentRuntime(" in text and 'desiredRuntimeVersion: "' in text, text


@pytest.mark.parametrize("form", ["aliased", "aliased_in_fragment", "aliased_in_inline_fragment"])
def test_check_says_by_hand_where_rewrite_leaves_it(tmp_path, form):
    # no Runtime equivalent for this AC version: rewrite leaves the field, and check says so
    _project(tmp_path, {"upgrade.graphql": DOCUMENTS[form].format(version="9.9.9-1")})
    claims = _claims(tmp_path)
    assert claims.get("upgrade.graphql") and all(m.endswith(BY_HAND) for m in claims["upgrade.graphql"]), claims
    before = (tmp_path / "upgrade.graphql").read_text()
    run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    assert (tmp_path / "upgrade.graphql").read_text() == before


def test_each_document_of_a_file_gets_its_own_claim(tmp_path):
    # one aliased field the rewrite migrates, one it cannot (no Runtime equivalent), in one file
    migrated = DOCUMENTS["aliased"].format(version="2.4.3-6")
    left = DOCUMENTS["aliased"].format(version="9.9.9-1").replace("Upgrade(", "Other(")
    script = SCRIPT.format(document=migrated) + '\nOTHER = """\n' + left + '"""\n'
    _project(tmp_path, {"upgrade.py": script})
    claims = _claims(tmp_path)["upgrade.py"]
    assert len(claims) == 2, claims
    assert claims[0].endswith(DOES_IT) and claims[1].endswith(BY_HAND), claims
    run_cli("rewrite", "--no-cache", ".", cwd=tmp_path)
    text = (tmp_path / "upgrade.py").read_text()
    assert text.count("updateDeploymentRuntime(") == 1 and text.count("updateDeploymentAirflow(") == 1, text
