"""Red team 20, report 12, F5: one misspelled argument does not turn a Houston document into "not Houston".

``createDeployment(workspaceUuid:, label:, type:, executr: CeleryExecutor, airflowVersion: "2.3.4-11")``
in a ``.graphql`` file no script reads was "not Houston" on "arguments Houston never declared:
createDeployment(executr)": nothing reported, the AC version left, exit 0 (a misspelled *field* gave
undecided).  Now an argument one edit from an argument Houston's field takes is a note
(``gather_vocabulary._argument_typos``) and the rest of the document is weighed as written: Houston's,
so ``check`` reports the typo with Houston's "Did you mean".

Controls: arguments that are no near miss (``createDeployment(service:, environment:)``, and
``workspaceId`` for ``workspaceUuid``, two edits) still count against Houston.
"""

import json

from trust_cli import run_cli

TYPO = """mutation CreateDeployment($ws: Uuid!, $label: String!) {
  createDeployment(
    workspaceUuid: $ws
    label: $label
    type: "airflow"
    executr: CeleryExecutor
    airflowVersion: "2.3.4-11"
  ) {
    id
    releaseName
  }
}
"""

OTHER = """mutation Deploy($label: String!) {
  createDeployment(label: $label, service: "api", environment: "prod") { id }
}
"""

INVENTORY = """mutation Record($releaseName: String!, $ws: String, $airflowVersion: String) {
  upsertDeployment(releaseName: $releaseName, workspaceId: $ws, airflowVersion: $airflowVersion) { id }
}
"""


def test_a_misspelled_argument_keeps_a_houston_document_houstons(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "create.graphql").write_text(TYPO)
    (tmp_path / "queries" / "other.graphql").write_text(OTHER)
    (tmp_path / "queries" / "inventory.graphql").write_text(INVENTORY)
    result = run_cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    report = json.loads(result.stdout)
    documents = {d["path"]: d for d in report["documents"]}
    assert documents["queries/create.graphql"]["houston"] is True, documents["queries/create.graphql"]
    assert any(f["path"] == "queries/create.graphql" and "executr" in f["message"] for f in report["findings"])
    # controls: no near miss, still against Houston
    for name in ("queries/other.graphql", "queries/inventory.graphql"):
        assert documents[name]["houston"] is False, documents[name]
        assert not any(f["path"] == name for f in report["findings"]), name
