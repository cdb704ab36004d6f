"""Red team 23 (report 13), f2, f4, f6, f9: what a review or an error says of a held item is true of the file.

f2: ``_call(op, variables)`` posts ``"operationName": op``; ``_call("Releases", {"airflowVersion": "2.3.4"})``
    was told its value feeds createDeployment(runtimeVersion:): the caller's op argument selects the operation.
f4: a .graphql file a workflow step sends is held, yet "$desiredAirflowVersion is now $desiredRuntimeVersion".
f6: check on 1.0.1 said "(houston-codemod rewrite does it)" of items rewrite holds.
f9: a constant imported only to be printed was held "where it is part of what is sent", and the AC value its
    own module sends got no review.
"""

from trust_cli import run_cli

HELPER = '''import os
import requests

URL = "https://houston.example.com/v1"

DOC = """
query Releases($airflowVersion: String) {
  runtimeReleases(airflowVersion: $airflowVersion) { version airflowVersion }
}

mutation Create($ws: Uuid!, $airflowVersion: String) {
  createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", airflowVersion: $airflowVersion) {
    id
    airflowVersion
  }
}

mutation Up($id: Uuid!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: "2.3.4-11") { id airflowVersion }
}
"""


def _call(op, variables):
    r = requests.post(URL, json={"query": DOC, "operationName": op, "variables": variables},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]


def main():
    rel = _call("Releases", {"airflowVersion": "2.3.4"})
    d = _call("Create", {"ws": "w", "airflowVersion": "2.3.4-11"})
    _call("Up", {"id": d["createDeployment"]["id"]})
'''

GRAPHQL = """mutation Up($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) {
    id
  }
}
"""

WORKFLOW = """on: workflow_dispatch
jobs:
  up:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          jq -Rs --arg id "$DEP" --arg v 2.4.3-6 '{query: ., variables: {id: $id, desiredAirflowVersion: $v}}' queries/up.graphql \\
            | curl -sf -H "authorization: $HOUSTON_API_TOKEN" -H 'content-type: application/json' -d @- https://houston.example.com/v1
"""

IMAGE = '''import os
import requests

URL = "https://houston.example.com/v1"
IMAGE = "quay.io/astronomer/ap-airflow:2.3.4-11-onbuild"

Q = """
mutation Img($rn: String!, $image: String!, $airflowVersion: String) {
  updateDeploymentImage(releaseName: $rn, image: $image, airflowVersion: $airflowVersion) { id }
}
"""


def main():
    h = {"authorization": os.environ["HOUSTON_API_TOKEN"]}
    requests.post(URL, json={"query": Q, "variables": {"rn": "etl", "image": IMAGE, "airflowVersion": "2.3.4-11"}}, headers=h)
'''

QUERIES = '''import os
import requests

URL = "https://houston.example.com/v1"

UPGRADE = """
mutation Upgrade($id: Uuid!, $desiredAirflowVersion: String!) {
  updateDeploymentAirflow(deploymentUuid: $id, desiredAirflowVersion: $desiredAirflowVersion) { id desiredAirflowVersion }
}
"""


def upgrade(dep):
    r = requests.post(URL, json={"query": UPGRADE, "variables": {"id": dep, "desiredAirflowVersion": "2.4.3-6"}},
                      headers={"authorization": os.environ["HOUSTON_API_TOKEN"]})
    return r.json()["data"]["updateDeploymentAirflow"]["desiredAirflowVersion"]
'''

AUDIT = """from queries import UPGRADE

def show():
    print(UPGRADE)
"""


def _at(done, prefix):
    return [line for line in done.stderr.splitlines() + done.stdout.splitlines() if line.startswith(prefix)]


def test_a_helper_caller_runs_the_operation_it_names(tmp_path):
    (tmp_path / "ops.py").write_text(HELPER)
    for args in (("rewrite",), ("check", "--houston-version", "1.0.1")):
        done = run_cli(*args, "--no-cache", ".", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert _at(done, "ops.py:31:") == [], done.stderr  # runtimeReleases wants the Airflow version it gets
        assert any("review-version-value" in line for line in _at(done, "ops.py:32:")), done.stderr


def test_a_held_graphql_file_is_not_described_as_renamed(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "up.graphql").write_text(GRAPHQL)
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "up.yml").write_text(WORKFLOW)
    for args in (("rewrite",), ("check", "--houston-version", "1.0.1")):
        done = run_cli(*args, "--no-cache", ".", cwd=tmp_path)
        assert (tmp_path / "queries" / "up.graphql").read_text() == GRAPHQL
        out = done.stdout + done.stderr
        assert "is now $desiredRuntimeVersion" not in out, out
        assert "rewrite does it" not in out, out
        variable = [l for l in _at(done, "queries/up.graphql:1:10:") if "review-version-variable" in l]
        assert len(variable) == 1 and "is left as it is with this file; once it is migrated" in variable[0], out
    error = [l for l in _at(done, "queries/up.graphql:2:3:") if " error " in l]
    assert len(error) == 1 and "rewrite leaves it as it is here" in error[0] and "migrate it by hand" in error[0], out
    assert ".github/workflows/up.yml:8" in error[0]


def test_check_does_not_promise_a_rewrite_it_holds(tmp_path):
    (tmp_path / "img.py").write_text(IMAGE)
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    error = [l for l in _at(done, "img.py:9:") if " error " in l]
    assert len(error) == 1, done.stderr
    assert "rewrite does it" not in error[0] and "migrate it by hand" in error[0]
    assert "review-ac-image-with-version" in error[0]
    rewrite = run_cli("rewrite", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    assert rewrite.returncode == 0 and (tmp_path / "img.py").read_text() == IMAGE


def test_check_keeps_the_promise_where_rewrite_keeps_it(tmp_path):
    (tmp_path / "queries.py").write_text(QUERIES)
    done = run_cli("check", "--no-cache", "--houston-version", "1.0.1", ".", cwd=tmp_path)
    error = [l for l in _at(done, "queries.py:8:3:") if " error " in l]
    assert len(error) == 1 and error[0].endswith("(houston-codemod rewrite does it)."), done.stderr


def test_an_importer_that_only_reads_is_named_as_a_reader(tmp_path):
    (tmp_path / "queries.py").write_text(QUERIES)
    (tmp_path / "audit.py").write_text(AUDIT)
    for args in (("rewrite",), ("check", "--houston-version", "1.0.1")):
        done = run_cli(*args, "--no-cache", ".", cwd=tmp_path)
        assert (tmp_path / "queries.py").read_text() == QUERIES
        out = done.stdout + done.stderr
        assert "where it is part of what is sent" not in out, out
        assert "UPGRADE is imported by audit.py (line 1), which reads it" in out, out
        value = [l for l in _at(done, "queries.py:14:") if "review-version-value" in l]
        assert len(value) == 1, out
        assert "'2.4.3-6', sent as 'desiredAirflowVersion', is left as it is" in value[0]
        assert "'6.10.0'" in value[0]
